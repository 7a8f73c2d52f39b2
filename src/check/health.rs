//! Lowers `check` statements, sorry servers and quorums to the model's health settings.
//!
//! Which checks a backend gets: its own, else its pool's, else its cluster's, else the
//! defaults'; `check none` at any of those places means "always up" and stops the search.

use super::range::in_range;
use crate::diagnostic::{Diagnostic, Problem, SettingScope};
use crate::model::{Check, Checker, Connect, HttpCheck, Quorum, SorryServer, Timing, Url};
use crate::source::{Span, Spanned};
use crate::syntax::ast::{self, CheckKind, CheckOption};
use std::collections::HashMap;

/// The largest interval or timeout keepalived is given here (a day).
const MAX_SECONDS: u64 = 86_400;

/// Checks lowered from one place, each with the span of its `check` statement.
#[derive(Debug, Clone, Default)]
pub struct LoweredChecks {
    pub checks: Vec<Check>,
    pub spans: Vec<Span>,
    /// Whether this place said anything (`check none` included): it then wins over the
    /// places below it.
    pub written: bool,
}

/// Lowers the `check` statements of one place.
pub fn lower_checks(written: &[&ast::Check], diagnostics: &mut Vec<Diagnostic>) -> LoweredChecks {
    let mut lowered = LoweredChecks { written: !written.is_empty(), ..Default::default() };
    let none = written.iter().find(|c| c.kind.is_none());
    if let Some(none) = none {
        if written.len() > 1 {
            diagnostics.push(Problem::CheckNoneWithOthers.at(none.span));
        }
        return lowered;
    }
    for check in written {
        if let Some(c) = lower_check(check, diagnostics) {
            lowered.checks.push(c);
            lowered.spans.push(check.span);
        }
    }
    lowered
}

/// Whether a check of `kind` takes `option`.
fn takes(kind: CheckKind, option: &CheckOption) -> bool {
    let connects = !matches!(kind, CheckKind::Script | CheckKind::File);
    match option {
        CheckOption::Interval(_) | CheckOption::Retry(_) | CheckOption::RetryDelay(_) | CheckOption::Warmup(_) => true,
        CheckOption::Timeout(_) => kind != CheckKind::File,
        CheckOption::Port(_) | CheckOption::BindPort(_) => connects && kind != CheckKind::Ping,
        CheckOption::Address(_) | CheckOption::Bind(_) => connects,
        CheckOption::Url { .. } | CheckOption::VirtualHost(_) => matches!(kind, CheckKind::Http | CheckKind::Https),
        CheckOption::Sni => kind == CheckKind::Https,
        CheckOption::Command(_) | CheckOption::Dynamic | CheckOption::User(_) => kind == CheckKind::Script,
        CheckOption::Query { .. } => kind == CheckKind::Dns,
        CheckOption::Helo(_) => kind == CheckKind::Smtp,
        CheckOption::Payload(_) | CheckOption::RequireReply(_) => kind == CheckKind::Udp,
        CheckOption::File(_) => kind == CheckKind::File,
    }
}

fn lower_check(written: &ast::Check, diagnostics: &mut Vec<Diagnostic>) -> Option<Check> {
    let kind = written.kind.as_ref()?;
    let name = kind.value.keyword();
    let errors_before = diagnostics.len();
    let mut ok = true;
    let mut seen: HashMap<&'static str, Span> = HashMap::new();
    let mut connect = Connect::default();
    let mut timing = Timing::default();
    let mut http = HttpCheck::default();
    let (mut command, mut dynamic, mut user) = (None, false, None);
    let (mut record, mut query_name, mut helo, mut payload, mut require_reply, mut file) =
        (None, None, None, None, None, None);
    let seconds = |value: &Spanned<u64>, what: &str, min: u64, diagnostics: &mut Vec<Diagnostic>| {
        in_range(value, what, min, MAX_SECONDS, "keepalived counts it in seconds; lvsc takes up to a day")
            .map_err(|d| diagnostics.push(d))
            .ok()
            .map(|v| v as u32)
    };
    for option in &written.options {
        let keyword = option.value.keyword();
        if !takes(kind.value, &option.value) {
            diagnostics.push(Problem::CheckOptionNotFor { option: keyword, check: name }.at(option.span));
            ok = false;
            continue;
        }
        if keyword != "url" {
            if let Some(first) = seen.get(keyword) {
                let problem = Problem::DuplicateSetting { setting: format!("`{keyword}`"), scope: SettingScope::Block };
                diagnostics.push(problem.repeated(option.span, *first));
                continue;
            }
            seen.insert(keyword, option.span);
        }
        let port = |value: &Spanned<u64>, diagnostics: &mut Vec<Diagnostic>| {
            in_range(value, "check port", 1, 65535, "ports are 1 to 65535")
                .map_err(|d| diagnostics.push(d))
                .ok()
                .map(|v| v as u16)
        };
        match &option.value {
            CheckOption::Port(p) => connect.port = port(p, diagnostics),
            CheckOption::BindPort(p) => connect.bind_port = port(p, diagnostics),
            CheckOption::Address(a) => connect.address = Some(a.value),
            CheckOption::Bind(a) => connect.bind = Some(a.value),
            CheckOption::Interval(d) => timing.interval = seconds(d, "check interval", 1, diagnostics),
            CheckOption::Timeout(d) => timing.timeout = seconds(d, "check timeout", 1, diagnostics),
            CheckOption::Retry(n) => {
                timing.retry = in_range(n, "retry count", 0, 1000, "keepalived retries a failed check this often")
                    .map_err(|d| diagnostics.push(d))
                    .ok()
                    .map(|v| v as u32)
            }
            CheckOption::RetryDelay(d) => timing.retry_delay = seconds(d, "retry delay", 0, diagnostics),
            CheckOption::Warmup(d) => timing.warmup = seconds(d, "warmup", 0, diagnostics),
            CheckOption::Url { path, status, digest } => {
                let mut codes = Vec::new();
                for range in status {
                    let (low, high) = range.value;
                    if !(100..=599).contains(&low) || !(100..=599).contains(&high) || low > high {
                        let verdict = format!("{low}-{high} is out of range");
                        let problem = Problem::OutOfRange {
                            what: "HTTP status range".into(),
                            verdict,
                            min: 100,
                            max: 599,
                            why: "HTTP status codes are three digits, low to high".into(),
                        };
                        diagnostics.push(problem.at(range.span));
                        ok = false;
                        continue;
                    }
                    codes.push((low as u16, high as u16));
                }
                let digest = digest.as_ref().map(|d| d.value.to_ascii_lowercase());
                http.urls.push(Url { path: path.value.clone(), status: codes, digest });
            }
            CheckOption::VirtualHost(h) => http.virtualhost = Some(h.value.clone()),
            CheckOption::Sni => http.sni = true,
            CheckOption::Command(c) => command = Some(c.value.clone()),
            CheckOption::Dynamic => dynamic = true,
            CheckOption::User(u) => user = Some(u.value.clone()),
            CheckOption::Query { record: r, name: n } => {
                record = Some(r.value.to_ascii_uppercase());
                query_name = Some(n.value.clone());
            }
            CheckOption::Helo(h) => helo = Some(h.value.clone()),
            CheckOption::Payload(p) => payload = Some(p.value.to_ascii_lowercase()),
            CheckOption::RequireReply(r) => {
                require_reply = Some(r.as_ref().map_or(String::new(), |r| r.value.to_ascii_lowercase()))
            }
            CheckOption::File(f) => file = Some(f.value.clone()),
        }
    }
    let mut missing = |option: &'static str, example: &'static str| {
        diagnostics.push(Problem::CheckIncomplete { check: name, option, example }.at(written.span));
        None
    };
    let checker = match kind.value {
        CheckKind::Tcp => Checker::Tcp,
        CheckKind::Http | CheckKind::Https if http.urls.is_empty() => {
            return missing("url", "check http { url \"/health\" status 200 }")
        }
        CheckKind::Http => Checker::Http(http),
        CheckKind::Https => Checker::Https(http),
        CheckKind::Script => match command {
            Some(command) => Checker::Script { command, dynamic, user },
            None => return missing("command", "check script { command \"/usr/local/bin/check-web\" }"),
        },
        CheckKind::Dns => Checker::Dns { record, name: query_name },
        CheckKind::Smtp => Checker::Smtp { helo },
        CheckKind::Udp => Checker::Udp { payload, require_reply },
        CheckKind::Ping => Checker::Ping,
        CheckKind::File => match file {
            Some(path) => Checker::File { path },
            None => return missing("file", "check file { file \"/run/lb/web1.down\" }"),
        },
    };
    (ok && diagnostics.len() == errors_before).then_some(Check { kind: checker, connect, timing })
}

/// `sorry-server ADDRESS[:PORT]`; without a port, the service's.
pub fn lower_sorry_server(
    written: &ast::SorryServer,
    service_port: u16,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<SorryServer> {
    let port = match &written.port {
        Some(p) => {
            in_range(p, "port", 0, 65535, "ports are 16-bit numbers").map_err(|d| diagnostics.push(d)).ok()? as u16
        }
        None => service_port,
    };
    Some(SorryServer { address: written.address.value, port, inhibit: written.inhibit })
}

pub fn lower_quorum(written: &ast::Quorum, diagnostics: &mut Vec<Diagnostic>) -> Option<Quorum> {
    let why = "keepalived compares it with the sum of the live backends' weights";
    let weight = in_range(&written.weight, "quorum", 1, i32::MAX as u64, why).map_err(|d| diagnostics.push(d)).ok()?;
    let hysteresis = match &written.hysteresis {
        Some(h) => in_range(h, "hysteresis", 0, i32::MAX as u64, why).map_err(|d| diagnostics.push(d)).ok()?,
        None => 0,
    };
    Some(Quorum {
        weight: weight as u32,
        hysteresis: hysteresis as u32,
        up: written.up.as_ref().map(|s| s.value.clone()),
        down: written.down.as_ref().map(|s| s.value.clone()),
    })
}
