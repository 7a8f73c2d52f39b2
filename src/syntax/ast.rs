//! What was written, with where: the parser's output and the checker's input.
//!
//! Nothing here is validated beyond its shape: numbers are kept as written (up to
//! `u64::MAX`) so that the checker can say which range they break, and names are not
//! resolved. Defaults are not applied either; that is the checker's job. Keywords that
//! name a model value (protocol, family, checksum, sync role) are read as that value.

mod health;

pub use crate::model::{Checksum, Family, Protocol, SyncRole};
use crate::source::{Span, Spanned};
pub use health::*;
use serde::Serialize;
use std::net::IpAddr;

/// One parsed file.
#[derive(Debug, Serialize, Clone, Default)]
pub struct File {
    pub items: Vec<Item>,
}

#[derive(Debug, Serialize, Clone)]
pub enum Item {
    Include(Spanned<String>),
    Director(Director),
    Defaults(Defaults),
    Timeouts(Timeouts),
    SyncDaemon(SyncDaemon),
    Pool(Pool),
    Cluster(Cluster),
    Vrrp(Vrrp),
    VrrpScript(VrrpScript),
    VrrpSyncGroup(VrrpSyncGroup),
}

#[derive(Debug, Serialize, Clone)]
pub struct Director {
    pub keyword: Span,
    pub settings: Vec<DirectorSetting>,
}

#[derive(Debug, Serialize, Clone)]
pub enum DirectorSetting {
    Masquerade { network: Spanned<Network>, out: Option<Spanned<String>> },
    Gateway(Spanned<Network>),
    NoRedirects(Vec<Spanned<String>>),
    Sysctl { key: Spanned<String>, value: Spanned<String> },
}

/// An address with a prefix length, as written (`10.0.0.0/24`).
#[derive(Debug, Serialize, Clone, PartialEq, Eq)]
pub struct Network {
    pub address: IpAddr,
    pub prefix: Option<Spanned<u64>>,
}

#[derive(Debug, Serialize, Clone)]
pub struct Defaults {
    pub keyword: Span,
    pub settings: Vec<ClusterSetting>,
}

#[derive(Debug, Serialize, Clone)]
pub struct Timeouts {
    pub keyword: Span,
    pub settings: Vec<(Spanned<TimeoutKind>, Spanned<u64>)>,
}

#[derive(Debug, Serialize, Clone, Copy, PartialEq, Eq)]
pub enum TimeoutKind {
    Tcp,
    TcpFin,
    Udp,
}

#[derive(Debug, Serialize, Clone)]
pub struct SyncDaemon {
    pub keyword: Span,
    pub role: Spanned<SyncRole>,
    pub settings: Vec<Spanned<SyncSetting>>,
}

#[derive(Debug, Serialize, Clone)]
pub enum SyncSetting {
    Interface(Spanned<String>),
    SyncId(Spanned<u64>),
    Group(Spanned<IpAddr>),
    Port(Spanned<u64>),
    Ttl(Spanned<u64>),
    MaxLen(Spanned<u64>),
}

#[derive(Debug, Serialize, Clone)]
pub struct Pool {
    pub name: Spanned<String>,
    pub backends: Vec<Backend>,
    /// Checks of every backend of the pool that gives none of its own.
    pub checks: Vec<Check>,
}

#[derive(Debug, Serialize, Clone)]
pub struct Cluster {
    pub name: Spanned<String>,
    pub settings: Vec<ClusterSetting>,
}

/// A statement inside `cluster { }` or `defaults { }`, and where it was written.
#[derive(Debug, Serialize, Clone)]
pub struct ClusterSetting {
    pub kind: ClusterSettingKind,
    pub span: Span,
}

#[derive(Debug, Serialize, Clone)]
pub enum ClusterSettingKind {
    Vip(Spanned<IpAddr>),
    Ports { protocol: Spanned<Protocol>, ports: Vec<Spanned<u64>> },
    Fwmark { mark: Spanned<u64>, family: Option<Spanned<Family>> },
    Match(Box<MatchRule>),
    Scheduler { name: Spanned<String>, flags: Vec<Spanned<String>> },
    Persistence(Box<Persistence>),
    OnePacket,
    Forward(Box<Forward>),
    Backend(Box<Backend>),
    Backends(Spanned<String>),
    Weight(Spanned<u64>),
    Check(Box<Check>),
    Inhibit,
    SorryServer(Box<SorryServer>),
    Quorum(Box<Quorum>),
    Alpha,
    Omega,
    Notify(NotifyEvent, Box<Spanned<String>>),
}

impl ClusterSettingKind {
    /// The keyword that introduces this setting, for messages.
    pub fn keyword(&self) -> &'static str {
        match self {
            ClusterSettingKind::Vip(_) => "vip",
            ClusterSettingKind::Ports { .. } => "port",
            ClusterSettingKind::Fwmark { .. } => "fwmark",
            ClusterSettingKind::Match(_) => "match",
            ClusterSettingKind::Scheduler { .. } => "scheduler",
            ClusterSettingKind::Persistence(_) => "persistence",
            ClusterSettingKind::OnePacket => "one-packet",
            ClusterSettingKind::Forward(_) => "forward",
            ClusterSettingKind::Backend(_) => "backend",
            ClusterSettingKind::Backends(_) => "backends",
            ClusterSettingKind::Weight(_) => "weight",
            ClusterSettingKind::Check(_) => "check",
            ClusterSettingKind::Inhibit => "inhibit",
            ClusterSettingKind::SorryServer(_) => "sorry-server",
            ClusterSettingKind::Quorum(_) => "quorum",
            ClusterSettingKind::Alpha => "alpha",
            ClusterSettingKind::Omega => "omega",
            ClusterSettingKind::Notify(NotifyEvent::Up, _) => "notify-up",
            ClusterSettingKind::Notify(NotifyEvent::Down, _) => "notify-down",
        }
    }
}

#[derive(Debug, Serialize, Clone)]
pub struct MatchRule {
    pub protocol: Option<Spanned<Protocol>>,
    pub destination: Spanned<Network>,
    pub ports: Vec<Spanned<(u64, u64)>>,
}

#[derive(Debug, Serialize, Clone)]
pub struct Persistence {
    pub timeout: Option<Spanned<u64>>,
    pub granularity: Option<Spanned<Granularity>>,
    pub engine: Option<Spanned<String>>,
}

#[derive(Debug, Serialize, Clone, Copy, PartialEq, Eq)]
pub enum Granularity {
    Netmask(std::net::Ipv4Addr),
    Prefix(u64),
}

#[derive(Debug, Serialize, Clone)]
pub struct Forward {
    pub method: Spanned<Method>,
    pub tunnel_type: Option<Spanned<TunnelType>>,
    pub tunnel_port: Option<Spanned<u64>>,
    pub checksum: Option<Spanned<Checksum>>,
    pub span: Span,
}

#[derive(Debug, Serialize, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Nat,
    Dr,
    Tunnel,
}

#[derive(Debug, Serialize, Clone, Copy, PartialEq, Eq)]
pub enum TunnelType {
    Ipip,
    Gue,
    Gre,
}

#[derive(Debug, Serialize, Clone)]
pub struct Backend {
    pub address: Spanned<IpAddr>,
    pub port: Option<Spanned<u64>>,
    pub weight: Option<Spanned<u64>>,
    pub upper_threshold: Option<Spanned<u64>>,
    pub lower_threshold: Option<Spanned<u64>>,
    pub forward: Option<Box<Forward>>,
    /// Its own checks, `inhibit` and notify commands (in braces after the options).
    pub health: Option<Box<BackendHealth>>,
    /// From `backend` to the end of its options.
    pub span: Span,
    /// Options given twice (`weight 1 weight 2`), for the checker to report.
    pub repeated_options: Vec<Span>,
}
