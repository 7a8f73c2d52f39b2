//! Health checks and VRRP as written: what keepalived will run.

use crate::source::{Span, Spanned};
use serde::Serialize;
use std::net::IpAddr;

/// `check KIND { options }` or `check none`.
#[derive(Debug, Serialize, Clone)]
pub struct Check {
    /// `None` for `check none`: this backend (or cluster) has no check.
    pub kind: Option<Spanned<CheckKind>>,
    pub options: Vec<Spanned<CheckOption>>,
    pub span: Span,
}

#[derive(Debug, Serialize, Clone, Copy, PartialEq, Eq)]
pub enum CheckKind {
    Tcp,
    Http,
    Https,
    Script,
    Dns,
    Smtp,
    Udp,
    Ping,
    File,
}

impl CheckKind {
    const KEYWORDS: [(&'static str, CheckKind); 9] = [
        ("tcp", CheckKind::Tcp),
        ("http", CheckKind::Http),
        ("https", CheckKind::Https),
        ("script", CheckKind::Script),
        ("dns", CheckKind::Dns),
        ("smtp", CheckKind::Smtp),
        ("udp", CheckKind::Udp),
        ("ping", CheckKind::Ping),
        ("file", CheckKind::File),
    ];

    /// The keyword after `check` that names this kind.
    pub fn keyword(self) -> &'static str {
        Self::KEYWORDS.iter().find(|(_, k)| *k == self).map_or("", |(w, _)| w)
    }

    pub fn from_keyword(word: &str) -> Option<CheckKind> {
        Self::KEYWORDS.iter().find(|(w, _)| *w == word).map(|(_, k)| *k)
    }
}

#[derive(Debug, Serialize, Clone)]
pub enum CheckOption {
    Port(Spanned<u64>),
    Address(Spanned<IpAddr>),
    Bind(Spanned<IpAddr>),
    BindPort(Spanned<u64>),
    Interval(Spanned<u64>),
    Timeout(Spanned<u64>),
    Retry(Spanned<u64>),
    RetryDelay(Spanned<u64>),
    Warmup(Spanned<u64>),
    Url { path: Spanned<String>, status: Vec<Spanned<(u64, u64)>>, digest: Option<Spanned<String>> },
    VirtualHost(Spanned<String>),
    Sni,
    Command(Spanned<String>),
    Dynamic,
    User(Spanned<String>),
    Query { record: Spanned<String>, name: Spanned<String> },
    Helo(Spanned<String>),
    Payload(Spanned<String>),
    RequireReply(Option<Spanned<String>>),
    File(Spanned<String>),
}

impl CheckOption {
    /// The keyword that introduces the option, for messages.
    pub fn keyword(&self) -> &'static str {
        match self {
            CheckOption::Port(_) => "port",
            CheckOption::Address(_) => "address",
            CheckOption::Bind(_) => "bind",
            CheckOption::BindPort(_) => "bind-port",
            CheckOption::Interval(_) => "interval",
            CheckOption::Timeout(_) => "timeout",
            CheckOption::Retry(_) => "retry",
            CheckOption::RetryDelay(_) => "retry-delay",
            CheckOption::Warmup(_) => "warmup",
            CheckOption::Url { .. } => "url",
            CheckOption::VirtualHost(_) => "virtualhost",
            CheckOption::Sni => "sni",
            CheckOption::Command(_) => "command",
            CheckOption::Dynamic => "dynamic",
            CheckOption::User(_) => "user",
            CheckOption::Query { .. } => "query",
            CheckOption::Helo(_) => "helo",
            CheckOption::Payload(_) => "payload",
            CheckOption::RequireReply(_) => "require-reply",
            CheckOption::File(_) => "file",
        }
    }
}

/// `sorry-server ADDRESS[:PORT] [inhibit]`
#[derive(Debug, Serialize, Clone)]
pub struct SorryServer {
    pub address: Spanned<IpAddr>,
    pub port: Option<Spanned<u64>>,
    pub inhibit: bool,
}

/// `quorum N [hysteresis N] [up "cmd"] [down "cmd"]`
#[derive(Debug, Serialize, Clone)]
pub struct Quorum {
    pub weight: Spanned<u64>,
    pub hysteresis: Option<Spanned<u64>>,
    pub up: Option<Spanned<String>>,
    pub down: Option<Spanned<String>>,
}

#[derive(Debug, Serialize, Clone, Copy, PartialEq, Eq)]
pub enum NotifyEvent {
    Up,
    Down,
}

/// A backend's own health settings (`backend … { check …  inhibit }`).
#[derive(Debug, Serialize, Clone, Default)]
pub struct BackendHealth {
    pub checks: Vec<Check>,
    pub inhibit: Option<Span>,
    pub notify: Vec<(NotifyEvent, Spanned<String>)>,
}

/// `vrrp NAME { … }`
#[derive(Debug, Serialize, Clone)]
pub struct Vrrp {
    pub name: Spanned<String>,
    pub settings: Vec<Spanned<VrrpSetting>>,
}

#[derive(Debug, Serialize, Clone)]
pub enum VrrpSetting {
    Interface(Spanned<String>),
    RouterId(Spanned<u64>),
    Priority(Spanned<u64>),
    State(Spanned<crate::model::SyncRole>),
    Advert(Spanned<u64>),
    UnicastSource(Spanned<IpAddr>),
    UnicastPeers(Vec<Spanned<IpAddr>>),
    TrackInterfaces(Vec<Spanned<String>>),
    TrackScripts(Vec<Spanned<String>>),
    Vip { network: Spanned<super::Network>, device: Option<Spanned<String>> },
    Clusters(Vec<Spanned<String>>),
    NoPreempt,
    PreemptDelay(Spanned<u64>),
    Notify { event: Spanned<String>, command: Spanned<String> },
}

impl VrrpSetting {
    pub fn keyword(&self) -> &'static str {
        match self {
            VrrpSetting::Interface(_) => "interface",
            VrrpSetting::RouterId(_) => "router-id",
            VrrpSetting::Priority(_) => "priority",
            VrrpSetting::State(_) => "state",
            VrrpSetting::Advert(_) => "advert",
            VrrpSetting::UnicastSource(_) => "unicast-source",
            VrrpSetting::UnicastPeers(_) => "unicast-peer",
            VrrpSetting::TrackInterfaces(_) => "track-interface",
            VrrpSetting::TrackScripts(_) => "track-script",
            VrrpSetting::Vip { .. } => "vip",
            VrrpSetting::Clusters(_) => "clusters",
            VrrpSetting::NoPreempt => "no-preempt",
            VrrpSetting::PreemptDelay(_) => "preempt-delay",
            VrrpSetting::Notify { .. } => "notify",
        }
    }
}

/// `vrrp-script NAME { command "…" interval 2s weight -20 fall 2 rise 2 }`
#[derive(Debug, Serialize, Clone)]
pub struct VrrpScript {
    pub name: Spanned<String>,
    pub settings: Vec<Spanned<VrrpScriptSetting>>,
}

#[derive(Debug, Serialize, Clone)]
pub enum VrrpScriptSetting {
    Command(Spanned<String>),
    Interval(Spanned<u64>),
    Timeout(Spanned<u64>),
    /// Signed: a failing script lowers the priority by this much.
    Weight(Spanned<i64>),
    Fall(Spanned<u64>),
    Rise(Spanned<u64>),
}

/// `vrrp-sync-group NAME { INSTANCE … }`
#[derive(Debug, Serialize, Clone)]
pub struct VrrpSyncGroup {
    pub name: Spanned<String>,
    pub instances: Vec<Spanned<String>>,
}
