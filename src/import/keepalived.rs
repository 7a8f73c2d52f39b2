//! Reads the IPVS part of a keepalived.conf (`virtual_server`, `virtual_server_group`)
//! into the model, and says what it leaves behind: health checkers, VRRP, sorry servers,
//! quorum and notification settings are keepalived's own run-time behaviour, which a
//! static table cannot carry. Those notes become comments in the imported file.
//!
//! Defaults follow keepalived: NAT when no `lvs_method`/`lb_kind` is given, TCP, weight 1,
//! and a bare `persistence_timeout` (or a granularity alone) means the kernel's 360 s.

use crate::diagnostic::{Diagnostic, Problem};
use crate::model::{
    Checksum, Config, Destination, Family, Forward, Persistence, PersistenceMask, Protocol, Scheduler, SchedulerFlags,
    Service, ServiceKey, Tunnel,
};
use crate::source::{FileId, Span};
use std::collections::HashMap;
use std::net::IpAddr;

/// What a keepalived.conf means for the IPVS table, and what it also said that lvsc does
/// not carry.
pub struct Imported {
    pub config: Config,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone)]
struct Word {
    text: String,
    start: usize,
    end: usize,
}

/// A statement: its words, and its block if it opened one.
#[derive(Debug, Clone)]
struct Node {
    words: Vec<Word>,
    children: Vec<Node>,
}

impl Node {
    fn keyword(&self) -> &str {
        self.words.first().map_or("", |w| w.text.as_str())
    }

    fn arg(&self, i: usize) -> Option<&Word> {
        self.words.get(i)
    }
}

/// Words of the file, with `{` and `}` as words of their own; `#` and `!` start comments.
fn tokenize(text: &str) -> Vec<Vec<Word>> {
    let mut lines = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let mut words = Vec::new();
        let mut chars = line.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c == '#' || c == '!' {
                break;
            }
            if c.is_whitespace() {
                continue;
            }
            if c == '{' || c == '}' {
                words.push(Word { text: c.to_string(), start: offset + i, end: offset + i + 1 });
                continue;
            }
            let quoted = c == '"';
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if quoted {
                    chars.next();
                    end = j + d.len_utf8();
                    if d == '"' {
                        break;
                    }
                } else if d.is_whitespace() || d == '{' || d == '}' {
                    break;
                } else {
                    chars.next();
                    end = j + d.len_utf8();
                }
            }
            let raw = &line[i..end];
            let text = if quoted { raw.trim_matches('"').to_string() } else { raw.to_string() };
            words.push(Word { text, start: offset + i, end: offset + end });
        }
        offset += line.len();
        if !words.is_empty() {
            lines.push(words);
        }
    }
    lines
}

/// A brace that does not pair up, as keepalived reports it.
struct BraceError {
    word: Word,
    message: String,
}

/// Statements and blocks from the tokenized lines, and every brace that does not pair
/// up. Every node has at least one word: a stray `{` opens a block whose word is the `{`
/// itself, so the braces after it still pair up as written.
fn tree(lines: Vec<Vec<Word>>) -> (Vec<Node>, Vec<BraceError>) {
    let root = Word { text: String::new(), start: 0, end: 0 };
    let mut stack: Vec<Node> = vec![Node { words: vec![root], children: Vec::new() }];
    let mut errors = Vec::new();
    for line in lines {
        let mut current: Vec<Word> = Vec::new();
        for word in line {
            match word.text.as_str() {
                "{" => {
                    let words = if !current.is_empty() {
                        std::mem::take(&mut current)
                    } else {
                        // `{` on a line of its own opens the block of the statement just
                        // before it, when that statement has no block yet.
                        let top = stack.last_mut().map(|n| &mut n.children);
                        match top.filter(|c| c.last().is_some_and(|n| n.children.is_empty() && !opened(n))) {
                            Some(children) => children.pop().map(|n| n.words).unwrap_or_default(),
                            None => {
                                errors.push(BraceError {
                                    word: word.clone(),
                                    message: "a `{` that opens the block of no statement".into(),
                                });
                                vec![word.clone()]
                            }
                        }
                    };
                    stack.push(Node { words, children: Vec::new() });
                }
                "}" => {
                    if !current.is_empty() {
                        let words = std::mem::take(&mut current);
                        if let Some(top) = stack.last_mut() {
                            top.children.push(Node { words, children: Vec::new() });
                        }
                    }
                    if stack.len() > 1 {
                        if let Some(done) = stack.pop() {
                            if let Some(top) = stack.last_mut() {
                                top.children.push(done);
                            }
                        }
                    } else {
                        errors.push(BraceError { word, message: "a `}` that closes no block".into() });
                    }
                }
                _ => current.push(word),
            }
        }
        if !current.is_empty() {
            if let Some(top) = stack.last_mut() {
                top.children.push(Node { words: current, children: Vec::new() });
            }
        }
    }
    while stack.len() > 1 {
        if let Some(done) = stack.pop() {
            let opening = done.words.first().cloned();
            if let Some(word) = opening {
                let statement: Vec<&str> = done.words.iter().map(|w| w.text.as_str()).collect();
                errors.push(BraceError {
                    message: format!("the block of `{}` is not closed: the file ends inside it", statement.join(" ")),
                    word,
                });
            }
            if let Some(top) = stack.last_mut() {
                top.children.push(done);
            }
        }
    }
    errors.sort_by_key(|e| e.word.start);
    (stack.pop().map(|n| n.children).unwrap_or_default(), errors)
}

/// Whether a node is a block that was opened (even if still empty), as opposed to a
/// statement line: an empty block keeps a `{` of its own from being taken as its opener.
fn opened(node: &Node) -> bool {
    node.words.first().is_some_and(|w| w.text == "{")
}

/// One entry of a virtual_server_group, or the target of a virtual_server.
#[derive(Debug, Clone)]
enum Target {
    Addresses(Vec<IpAddr>, u16),
    Fwmark(u32),
}

struct Reader {
    file: FileId,
    errors: Vec<Diagnostic>,
    notes: Vec<String>,
}

impl Reader {
    fn error(&mut self, word: &Word, message: String, help: &str) {
        let problem = Problem::KeepalivedSyntax { reason: message, help: help.to_string() };
        self.errors.push(problem.at(Span::new(self.file, word.start, word.end)));
    }

    fn number<T: std::str::FromStr>(&mut self, word: Option<&Word>, what: &str, at: &Word) -> Option<T> {
        match word.map(|w| (w.text.parse::<T>(), w)) {
            Some((Ok(n), _)) => Some(n),
            Some((Err(_), w)) => {
                let w = w.clone();
                self.error(&w, format!("`{}` is not a valid {what}", w.text), "see keepalived.conf(5)");
                None
            }
            None => {
                let at = at.clone();
                self.error(&at, format!("`{}` needs {what}", at.text), "see keepalived.conf(5)");
                None
            }
        }
    }

    /// `192.168.1.1`, or a range of the last part `192.168.1.1-10` (keepalived's groups).
    fn addresses(&mut self, word: &Word) -> Option<Vec<IpAddr>> {
        if let Ok(a) = word.text.parse::<IpAddr>() {
            return Some(vec![a]);
        }
        let parsed = word.text.rsplit_once('-').and_then(|(first, last)| {
            let first: IpAddr = first.parse().ok()?;
            Some(match first {
                IpAddr::V4(a) => {
                    let o = a.octets();
                    let last: u8 = last.parse().ok()?;
                    (o[3]..=last).map(|x| IpAddr::from([o[0], o[1], o[2], x])).collect::<Vec<_>>()
                }
                IpAddr::V6(a) => {
                    let s = a.segments();
                    let last = u16::from_str_radix(last, 16).ok()?;
                    (s[7]..=last)
                        .map(|x| {
                            let mut t = s;
                            t[7] = x;
                            IpAddr::from(t)
                        })
                        .collect()
                }
            })
        });
        match parsed {
            Some(list) if !list.is_empty() => Some(list),
            _ => {
                let w = word.clone();
                self.error(
                    &w,
                    format!("`{}` is not an address or address range", w.text),
                    "write 192.0.2.10 or 192.0.2.10-20",
                );
                None
            }
        }
    }

    fn forward(&mut self, node: &Node) -> Option<Forward> {
        let method = node.arg(1)?.clone();
        match method.text.as_str() {
            "NAT" => Some(Forward::Nat),
            "DR" => Some(Forward::Dr),
            "TUN" => {
                let mut kind = "ipip";
                let mut port = None;
                let mut checksum = Checksum::NoCsum;
                let mut i = 2;
                while let Some(w) = node.arg(i) {
                    match w.text.as_str() {
                        "type" => {
                            kind = match node.arg(i + 1).map(|w| w.text.as_str()) {
                                Some("gue") => "gue",
                                Some("gre") => "gre",
                                _ => "ipip",
                            };
                            i += 1;
                        }
                        "port" => {
                            port = node.arg(i + 1).and_then(|p| p.text.parse::<u16>().ok());
                            i += 1;
                        }
                        "csum" => checksum = Checksum::Csum,
                        "remcsum" => checksum = Checksum::RemCsum,
                        _ => {}
                    }
                    i += 1;
                }
                let tunnel = match (kind, port) {
                    ("gue", Some(port)) => Tunnel::Gue { port, checksum },
                    ("gue", None) => {
                        self.error(&method, "a gue tunnel needs `port N`".into(), "lvs_method TUN type gue port 6080");
                        return None;
                    }
                    ("gre", _) => Tunnel::Gre { checksum },
                    _ => Tunnel::Ipip,
                };
                Some(Forward::Tunnel { tunnel })
            }
            other => {
                let other = other.to_string();
                self.error(&method, format!("unknown forwarding method `{other}`"), "NAT, DR or TUN");
                None
            }
        }
    }
}

/// Reads keepalived.conf text; every statement that cannot be read is reported.
pub fn read(file: FileId, text: &str) -> Result<Imported, Vec<Diagnostic>> {
    let mut reader = Reader { file, errors: Vec::new(), notes: Vec::new() };
    let (nodes, brace_errors) = tree(tokenize(text));
    for error in brace_errors {
        reader.error(
            &error.word,
            error.message,
            "keepalived pairs every `{` with a `}`; a file cut short or a stray brace changes what every \
             later line belongs to",
        );
    }
    let mut groups: HashMap<String, Vec<Target>> = HashMap::new();
    for node in nodes.iter().filter(|n| n.keyword() == "virtual_server_group") {
        let name = node.arg(1).map_or(String::new(), |w| w.text.clone());
        let mut targets = Vec::new();
        for entry in &node.children {
            if entry.keyword() == "fwmark" {
                if let Some(mark) = reader.number::<u32>(entry.arg(1), "fwmark", &entry.words[0]) {
                    targets.push(Target::Fwmark(mark));
                }
            } else if let Some(addresses) = reader.addresses(&entry.words[0]) {
                let port = entry.arg(1).and_then(|p| p.text.parse::<u16>().ok()).unwrap_or(0);
                targets.push(Target::Addresses(addresses, port));
            }
        }
        groups.insert(name, targets);
    }
    let mut config = Config::default();
    for node in &nodes {
        match node.keyword() {
            "virtual_server" => virtual_server(&mut reader, node, &groups, &mut config),
            "virtual_server_group" => {}
            "include" => reader.notes.push(format!(
                "include {}: not followed; import that file too",
                node.arg(1).map_or("", |w| w.text.as_str())
            )),
            other => {
                let name = node.arg(1).map_or(String::new(), |w| format!(" {}", w.text));
                let why =
                    if other.starts_with("vrrp") { "VRRP is keepalived's own" } else { "not part of the IPVS table" };
                reader.notes.push(format!("{other}{name}: not carried ({why})"));
            }
        }
    }
    if !reader.errors.is_empty() {
        return Err(reader.errors);
    }
    config.canonicalize();
    // A group's settings are read once per address: say each note once.
    let mut notes: Vec<String> = Vec::new();
    for note in reader.notes {
        if !notes.contains(&note) {
            notes.push(note);
        }
    }
    Ok(Imported { config, notes })
}

fn virtual_server(reader: &mut Reader, node: &Node, groups: &HashMap<String, Vec<Target>>, config: &mut Config) {
    let Some(first) = node.arg(1).cloned() else { return };
    let label = node.words[1..].iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ");
    let targets = match first.text.as_str() {
        "fwmark" => match reader.number::<u32>(node.arg(2), "fwmark", &first) {
            Some(mark) => vec![Target::Fwmark(mark)],
            None => return,
        },
        "group" => match node.arg(2).and_then(|g| groups.get(&g.text)) {
            Some(targets) => targets.clone(),
            None => {
                reader.error(
                    &first,
                    format!("no virtual_server_group `{}`", node.arg(2).map_or("", |w| w.text.as_str())),
                    "define the group before using it",
                );
                return;
            }
        },
        _ => {
            let Some(addresses) = reader.addresses(&first) else { return };
            let port = node.arg(2).and_then(|p| p.text.parse::<u16>().ok()).unwrap_or(0);
            vec![Target::Addresses(addresses, port)]
        }
    };
    let mut scheduler = Scheduler::DEFAULT;
    let mut flags = SchedulerFlags::default();
    let mut forward = Forward::Nat;
    let mut protocol = Protocol::Tcp;
    let mut timeout: Option<u32> = None;
    let mut granularity: Option<&Word> = None;
    let mut sip = false;
    let mut one_packet = false;
    let mut family = None;
    let mut servers: Vec<(&Node, Option<u16>)> = Vec::new();
    for s in &node.children {
        let w0 = &s.words[0];
        match s.keyword() {
            "lb_algo" | "lvs_sched" => match s.arg(1).map(|w| w.text.as_str()).and_then(Scheduler::from_name) {
                Some(found) => scheduler = found,
                None => reader.error(
                    w0,
                    format!("unknown scheduler in `{label}`"),
                    "rr wrr lc wlc lblc lblcr dh sh sed nq fo ovf mh twos",
                ),
            },
            "lb_kind" | "lvs_method" => {
                if let Some(f) = reader.forward(s) {
                    forward = f;
                }
            }
            "protocol" => match s.arg(1).map(|w| w.text.to_ascii_uppercase()).as_deref() {
                Some("UDP") => protocol = Protocol::Udp,
                Some("SCTP") => protocol = Protocol::Sctp,
                _ => protocol = Protocol::Tcp,
            },
            "persistence_timeout" => {
                timeout = Some(match s.arg(1) {
                    Some(_) => reader.number::<u32>(s.arg(1), "timeout", w0).unwrap_or(Persistence::DEFAULT_TIMEOUT),
                    None => Persistence::DEFAULT_TIMEOUT,
                })
            }
            "persistence_granularity" => granularity = s.arg(1),
            "persistence_engine" => sip = s.arg(1).is_some_and(|w| w.text == "sip"),
            "ops" => one_packet = true,
            "sh-port" | "mh-port" | "flag-2" => flags.port = true,
            "sh-fallback" | "mh-fallback" | "flag-1" => flags.fallback = true,
            "ip_family" => family = s.arg(1).map(|w| if w.text == "inet6" { Family::Ipv6 } else { Family::Ipv4 }),
            "real_server" => {
                let port = s.arg(2).and_then(|p| p.text.parse::<u16>().ok());
                servers.push((s, port));
            }
            "sorry_server" => reader.notes.push(format!(
                "virtual_server {label}: sorry_server not carried (keepalived adds it when every real server is down)"
            )),
            "delay_loop"
            | "retry"
            | "delay_before_retry"
            | "warmup"
            | "connect_timeout"
            | "ha_suspend"
            | "alpha"
            | "omega"
            | "quorum"
            | "quorum_up"
            | "quorum_down"
            | "hysteresis"
            | "inhibit_on_failure"
            | "smtp_alert"
            | "virtualhost"
            | "sorry_server_inhibit"
            | "sorry_server_lvs_method"
            | "hashed"
            | "weight"
            | "snmp_name" => reader.notes.push(format!(
                "virtual_server {label}: {} not carried (keepalived's health-check behaviour)",
                s.keyword()
            )),
            other => reader.notes.push(format!("virtual_server {label}: {other} not understood, left out")),
        }
    }
    let persistence = (timeout.is_some() || granularity.is_some())
        .then_some(())
        .map(|()| (timeout.unwrap_or(Persistence::DEFAULT_TIMEOUT), granularity));
    for target in targets {
        let keys: Vec<ServiceKey> = match &target {
            Target::Fwmark(mark) => {
                let inferred = servers.first().and_then(|(s, _)| s.arg(1)).and_then(|w| w.text.parse::<IpAddr>().ok());
                let family = family.or(inferred.map(|a| Family::of(&a))).unwrap_or(Family::Ipv4);
                vec![ServiceKey::Fwmark { family, mark: *mark }]
            }
            Target::Addresses(addresses, port) => {
                addresses.iter().map(|a| ServiceKey::Address { protocol, address: *a, port: *port }).collect()
            }
        };
        for key in keys {
            let persistence = persistence.map(|(timeout, granularity)| {
                let mask = match (granularity, key.family()) {
                    (Some(g), Family::Ipv4) => {
                        g.text.parse().map(PersistenceMask::Netmask).unwrap_or(PersistenceMask::host(Family::Ipv4))
                    }
                    (Some(g), Family::Ipv6) => {
                        g.text.parse().map(PersistenceMask::Prefix).unwrap_or(PersistenceMask::host(Family::Ipv6))
                    }
                    (None, f) => PersistenceMask::host(f),
                };
                Persistence { timeout, mask, sip }
            });
            let mut destinations = Vec::new();
            for (s, written_port) in &servers {
                let Some(address) = s.arg(1).and_then(|w| w.text.parse::<IpAddr>().ok()) else {
                    if let Some(w) = s.arg(1) {
                        let w = w.clone();
                        reader.error(&w, format!("`{}` is not an address", w.text), "real_server ADDRESS [PORT] { … }");
                    }
                    continue;
                };
                let mut d =
                    Destination { address, port: 0, forward, weight: 1, upper_threshold: 0, lower_threshold: 0 };
                for o in &s.children {
                    let w0 = &o.words[0];
                    match o.keyword() {
                        "weight" => d.weight = reader.number(o.arg(1), "weight", w0).unwrap_or(1),
                        "uthreshold" => d.upper_threshold = reader.number(o.arg(1), "threshold", w0).unwrap_or(0),
                        "lthreshold" => d.lower_threshold = reader.number(o.arg(1), "threshold", w0).unwrap_or(0),
                        "lvs_method" => {
                            if let Some(f) = reader.forward(o) {
                                d.forward = f;
                            }
                        }
                        check if check.ends_with("_CHECK") || check == "HTTP_GET" || check == "SSL_GET" => reader.notes.push(format!(
                            "virtual_server {label}: real_server {address}: {check} health check not carried (lvsc sets weights; drain with weight 0)"
                        )),
                        other => reader.notes.push(format!("virtual_server {label}: real_server {address}: {other} not carried")),
                    }
                }
                d.port = match (key, d.forward) {
                    (ServiceKey::Address { port, .. }, Forward::Dr | Forward::Tunnel { .. }) => port,
                    _ => written_port.unwrap_or(key.port()),
                };
                destinations.push(d);
            }
            config.services.push(Service { key, scheduler, flags, persistence, one_packet, destinations });
        }
    }
}
