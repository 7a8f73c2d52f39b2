//! The health-check part of a `virtual_server`: checkers, inhibit, notify, sorry server,
//! quorum, alpha and omega, as keepalived 2.2.7 reads them.
//!
//! Timing may be set on the checker, the real server or the virtual server; the import
//! resolves each checker's timing from those three, so that the written `.lvs` says on each
//! check exactly what keepalived will use, and leaves unset what keepalived defaults.

use super::{Node, Reader, Word};
use crate::model::{
    BackendHealth, Check, Checker, Connect, Destination, HttpCheck, Quorum, ServiceHealth, ServiceKey, SorryServer,
    Timing, Url,
};
use std::collections::HashMap;
use std::net::IpAddr;

/// The checker blocks keepalived has, and the kind each becomes.
pub(super) const CHECKERS: &[&str] = &[
    "TCP_CHECK",
    "HTTP_GET",
    "SSL_GET",
    "MISC_CHECK",
    "DNS_CHECK",
    "SMTP_CHECK",
    "UDP_CHECK",
    "PING_CHECK",
    "FILE_CHECK",
];

/// What a virtual server's or real server's block may say about health, besides checkers.
pub(super) const SERVICE_KEYWORDS: &[&str] = &[
    "sorry_server",
    "sorry_server_inhibit",
    "quorum",
    "quorum_up",
    "quorum_down",
    "hysteresis",
    "alpha",
    "omega",
    "inhibit_on_failure",
    "delay_loop",
    "connect_timeout",
    "retry",
    "delay_before_retry",
    "warmup",
];
pub(super) const BACKEND_KEYWORDS: &[&str] = &[
    "inhibit_on_failure",
    "notify_up",
    "notify_down",
    "delay_loop",
    "connect_timeout",
    "retry",
    "delay_before_retry",
    "warmup",
];

/// `track_file` blocks: name → file path.
pub(super) type TrackFiles = HashMap<String, String>;

/// The `track_file NAME { file PATH }` (or `vrrp_track_file`) blocks of a file.
pub(super) fn track_files(reader: &mut Reader, nodes: &[Node]) -> TrackFiles {
    let mut files = TrackFiles::new();
    for node in nodes.iter().filter(|n| matches!(n.keyword(), "track_file" | "vrrp_track_file")) {
        let Some(name) = node.arg(1) else { continue };
        let path = node.children.iter().find(|c| c.keyword() == "file").and_then(|c| c.arg(1));
        match path {
            Some(path) => {
                files.insert(name.text.clone(), path.text.clone());
            }
            None => reader.notes.push(format!("track_file {}: no `file`, left out", name.text)),
        }
        for c in node.children.iter().filter(|c| !matches!(c.keyword(), "file" | "weight" | "init_file")) {
            reader.notes.push(format!("track_file {}: {} not carried", name.text, c.keyword()));
        }
        if let Some(weight) = node.children.iter().find(|c| c.keyword() == "weight").and_then(|c| c.arg(1)) {
            if weight.text != "0" {
                reader.notes.push(format!(
                    "track_file {}: weight {} not carried (lvsc's file check is down while the file holds a number other than 0)",
                    name.text, weight.text
                ));
            }
        }
    }
    files
}

/// The timing a block sets for the checkers below it, on top of `inherited`.
fn timing(reader: &mut Reader, node: &Node, inherited: Timing) -> Timing {
    let mut t = inherited;
    for c in &node.children {
        let w0 = &c.words[0];
        let value = |reader: &mut Reader| seconds(reader, c.arg(1), w0);
        match c.keyword() {
            "delay_loop" => t.interval = value(reader),
            "connect_timeout" => t.timeout = value(reader),
            "retry" | "nb_get_retry" => t.retry = reader.number(c.arg(1), "count", w0),
            "delay_before_retry" => t.retry_delay = value(reader),
            "warmup" => t.warmup = value(reader),
            _ => {}
        }
    }
    t
}

/// keepalived takes fractional seconds for timings; lvsc counts whole ones.
fn seconds(reader: &mut Reader, word: Option<&Word>, at: &Word) -> Option<u32> {
    let word = word?;
    match word.text.parse::<f64>() {
        Ok(v) if v >= 0.0 && v.fract() == 0.0 && v <= f64::from(u32::MAX) => Some(v as u32),
        Ok(v) if v >= 0.0 && v <= f64::from(u32::MAX) => {
            let rounded = v.ceil() as u32;
            reader.notes.push(format!("{} {}: lvsc counts whole seconds, imported as {rounded}", at.text, word.text));
            Some(rounded)
        }
        _ => reader.number(Some(word), "number of seconds", at),
    }
}

/// The health of one service: `vs` is its `virtual_server` block, `servers` its
/// destinations with the `real_server` block each came from.
pub(super) fn service_health(
    reader: &mut Reader,
    vs: &Node,
    key: ServiceKey,
    servers: &[(Destination, &Node)],
    files: &TrackFiles,
) -> ServiceHealth {
    let service_timing = timing(reader, vs, Timing::default());
    let mut health = ServiceHealth {
        service: key,
        sorry_server: None,
        quorum: None,
        alpha: false,
        omega: false,
        backends: Vec::new(),
    };
    // It may stand before or after `sorry_server`.
    let sorry_inhibit = vs.children.iter().any(|c| c.keyword() == "sorry_server_inhibit");
    let mut service_inhibit = false;
    let mut quorum = Quorum { weight: 1, hysteresis: 0, up: None, down: None };
    let mut has_quorum = false;
    for c in &vs.children {
        let w0 = &c.words[0];
        match c.keyword() {
            "sorry_server" => {
                let address = c.arg(1).and_then(|w| w.text.parse::<IpAddr>().ok());
                let port = c.arg(2).and_then(|w| w.text.parse::<u16>().ok()).unwrap_or(key.port());
                match address {
                    Some(address) => health.sorry_server = Some(SorryServer { address, port, inhibit: sorry_inhibit }),
                    None => reader.error(
                        w0,
                        "`sorry_server` needs an address and a port".into(),
                        "sorry_server 10.0.0.99 80",
                    ),
                }
            }
            "quorum" => {
                has_quorum = true;
                quorum.weight = reader.number(c.arg(1), "quorum", w0).unwrap_or(1);
            }
            "hysteresis" => quorum.hysteresis = reader.number(c.arg(1), "hysteresis", w0).unwrap_or(0),
            "quorum_up" => quorum.up = command(c),
            "quorum_down" => quorum.down = command(c),
            "alpha" => health.alpha = true,
            "omega" => health.omega = true,
            "inhibit_on_failure" => service_inhibit = true,
            _ => {}
        }
    }
    if has_quorum || quorum.up.is_some() || quorum.down.is_some() {
        health.quorum = Some(quorum);
    }
    for (destination, rs) in servers {
        let backend_timing = timing(reader, rs, service_timing);
        let mut backend = BackendHealth {
            address: destination.address,
            port: destination.port,
            checks: Vec::new(),
            inhibit: service_inhibit,
            notify_up: None,
            notify_down: None,
        };
        for c in &rs.children {
            match c.keyword() {
                "inhibit_on_failure" => backend.inhibit = true,
                "notify_up" => backend.notify_up = command(c),
                "notify_down" => backend.notify_down = command(c),
                kind if CHECKERS.contains(&kind) => {
                    if let Some(check) = checker(reader, c, backend_timing, files) {
                        backend.checks.push(check);
                    }
                }
                _ => {}
            }
        }
        health.backends.push(backend);
    }
    health
}

/// A command: the rest of the line, quoted or not.
fn command(node: &Node) -> Option<String> {
    let words: Vec<&str> = node.words[1..].iter().map(|w| w.text.as_str()).collect();
    (!words.is_empty()).then(|| words.join(" "))
}

fn checker(reader: &mut Reader, node: &Node, inherited: Timing, files: &TrackFiles) -> Option<Check> {
    let block = node.keyword();
    let timing = timing(reader, node, inherited);
    let mut connect = Connect::default();
    let mut http = HttpCheck::default();
    let (mut command_line, mut dynamic, mut user, mut misc_timeout) = (None, false, None, None);
    let (mut record, mut name, mut helo, mut payload, mut require_reply, mut file) =
        (None, None, None, None, None, None);
    for c in &node.children {
        let w0 = &c.words[0];
        let arg = || c.arg(1).map(|w| w.text.clone());
        match c.keyword() {
            "connect_port" => connect.port = reader.number(c.arg(1), "port", w0),
            "connect_ip" => connect.address = c.arg(1).and_then(|w| w.text.parse().ok()),
            "bindto" => connect.bind = c.arg(1).and_then(|w| w.text.parse().ok()),
            "bind_port" => connect.bind_port = reader.number(c.arg(1), "port", w0),
            "delay_loop" | "connect_timeout" | "retry" | "nb_get_retry" | "delay_before_retry" | "warmup" => {}
            "url" => http.urls.push(url(reader, c)),
            "virtualhost" => http.virtualhost = arg(),
            "enable_sni" => http.sni = true,
            "misc_path" => command_line = command(c),
            "misc_timeout" => misc_timeout = seconds(reader, c.arg(1), w0),
            "misc_dynamic" => dynamic = true,
            "user" => user = arg(),
            "type" => record = arg().map(|r| r.to_ascii_uppercase()),
            "name" => name = arg(),
            "helo_name" => helo = arg(),
            "payload" => payload = arg().map(|p| p.to_ascii_lowercase()),
            "require_reply" => require_reply = Some(arg().unwrap_or_default().to_ascii_lowercase()),
            "track_file" => file = c.arg(1).map(|w| w.text.clone()),
            other => reader.notes.push(format!("{block}: {other} not carried")),
        }
    }
    let kind = match block {
        "TCP_CHECK" => Checker::Tcp,
        "HTTP_GET" | "SSL_GET" if http.urls.is_empty() => {
            reader.notes.push(format!("{block} without a url: keepalived ignores it, left out"));
            return None;
        }
        "HTTP_GET" => Checker::Http(http),
        "SSL_GET" => Checker::Https(http),
        "MISC_CHECK" => match command_line {
            Some(command) => Checker::Script { command, dynamic, user },
            None => {
                reader.notes.push("MISC_CHECK without misc_path: keepalived ignores it, left out".into());
                return None;
            }
        },
        "DNS_CHECK" => {
            // lvsc writes a query whole: what keepalived defaults fills the half not given.
            if record.is_some() || name.is_some() {
                record = record.or(Some("A".into()));
                name = name.or(Some(".".into()));
            }
            Checker::Dns { record, name }
        }
        "SMTP_CHECK" => Checker::Smtp { helo },
        "UDP_CHECK" => Checker::Udp { payload, require_reply },
        "PING_CHECK" => Checker::Ping,
        _ => match file.and_then(|f| files.get(&f).cloned()) {
            Some(path) => Checker::File { path },
            None => {
                reader.notes.push("FILE_CHECK without a known track_file: keepalived ignores it, left out".into());
                return None;
            }
        },
    };
    let mut timing = timing;
    if matches!(kind, Checker::Script { .. }) {
        // A script's timeout is misc_timeout, not connect_timeout.
        timing.timeout = misc_timeout;
    }
    Some(Check { kind, connect, timing })
}

fn url(reader: &mut Reader, node: &Node) -> Url {
    let mut url = Url { path: String::from("/"), status: Vec::new(), digest: None };
    for c in &node.children {
        match c.keyword() {
            "path" => url.path = c.arg(1).map_or(url.path.clone(), |w| w.text.clone()),
            "digest" => url.digest = c.arg(1).map(|w| w.text.to_ascii_lowercase()),
            "status_code" => {
                for w in &c.words[1..] {
                    let range = match w.text.split_once('-') {
                        Some((low, high)) => low.parse().ok().zip(high.parse().ok()),
                        None => w.text.parse().ok().map(|code| (code, code)),
                    };
                    match range {
                        Some(range) => url.status.push(range),
                        None => reader.notes.push(format!("status_code {}: not a code or range, left out", w.text)),
                    }
                }
            }
            other => reader.notes.push(format!("url: {other} not carried")),
        }
    }
    url
}
