//! Health checks and failover: what keepalived runs around the IPVS table.
//!
//! The kernel knows none of this; it is kept beside the table (not inside it) so that the
//! table alone stays what `ipvsadm-save` shows, while the `keepalived` target, `diff` and
//! `import` carry the checks. Timings left unwritten stay `None`: keepalived's own
//! defaults then apply, and an imported file says no more than its source did.

use super::ServiceKey;
use ipnet::IpNet;
use serde::{Deserialize, Serialize};
use std::net::IpAddr;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    /// Services with any health setting, in the table's order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<ServiceHealth>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vrrp_instances: Vec<VrrpInstance>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vrrp_scripts: Vec<VrrpScript>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vrrp_sync_groups: Vec<VrrpSyncGroup>,
}

impl Health {
    pub fn is_empty(&self) -> bool {
        *self == Health::default()
    }

    pub fn service(&self, key: &ServiceKey) -> Option<&ServiceHealth> {
        self.services.binary_search_by(|s| s.service.cmp(key)).ok().map(|i| &self.services[i])
    }

    /// The canonical form: services by key, their backends by family, address and port,
    /// and nothing listed that carries no setting.
    pub fn canonicalize(&mut self) {
        for service in &mut self.services {
            service.backends.retain(|b| !b.is_plain());
            service.backends.sort_by_key(|b| (b.address.is_ipv6(), b.address, b.port));
        }
        self.services.retain(|s| !s.is_plain());
        self.services.sort_by_key(|s| s.service);
        self.vrrp_instances.sort_by(|a, b| a.name.cmp(&b.name));
        self.vrrp_scripts.sort_by(|a, b| a.name.cmp(&b.name));
        self.vrrp_sync_groups.sort_by(|a, b| a.name.cmp(&b.name));
    }

    /// The health settings of one destination of a service, if it has any.
    pub fn backend(&self, key: &ServiceKey, address: IpAddr, port: u16) -> Option<&BackendHealth> {
        self.service(key)?.backends.iter().find(|b| b.address == address && b.port == port)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceHealth {
    pub service: ServiceKey,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sorry_server: Option<SorryServer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quorum: Option<Quorum>,
    /// Backends start as down until their first check passes.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub alpha: bool,
    /// On shutdown, run the quorum-down command and clear the service.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub omega: bool,
    /// The destinations with a health setting, by family, address and port.
    pub backends: Vec<BackendHealth>,
}

impl ServiceHealth {
    pub fn is_plain(&self) -> bool {
        self.sorry_server.is_none()
            && self.quorum.is_none()
            && !self.alpha
            && !self.omega
            && self.backends.iter().all(BackendHealth::is_plain)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SorryServer {
    pub address: IpAddr,
    pub port: u16,
    /// Keep it in the table with weight 0 while the real servers are up.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub inhibit: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Quorum {
    /// The sum of live weights the service needs.
    pub weight: u32,
    #[serde(default)]
    pub hysteresis: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub up: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub down: Option<String>,
}

/// The health settings of one destination, identified by address and port.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackendHealth {
    pub address: IpAddr,
    pub port: u16,
    /// All must pass for the backend to be up; none means always up.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<Check>,
    /// When down, weight 0 instead of leaving the table.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub inhibit: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notify_up: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notify_down: Option<String>,
}

impl BackendHealth {
    pub fn is_plain(&self) -> bool {
        self.checks.is_empty() && !self.inhibit && self.notify_up.is_none() && self.notify_down.is_none()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Check {
    pub kind: Checker,
    #[serde(default, skip_serializing_if = "Connect::is_default")]
    pub connect: Connect,
    #[serde(default, skip_serializing_if = "Timing::is_default")]
    pub timing: Timing,
}

/// Where a check connects, when not the backend's own address and port.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Connect {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<IpAddr>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bind: Option<IpAddr>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bind_port: Option<u16>,
}

impl Connect {
    pub fn is_default(&self) -> bool {
        *self == Connect::default()
    }
}

/// In seconds; `None` is keepalived's default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Timing {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_delay: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warmup: Option<u32>,
}

impl Timing {
    /// keepalived's `delay_loop` default.
    pub const DEFAULT_INTERVAL: u32 = 60;
    /// keepalived's `connect_timeout` default.
    pub const DEFAULT_TIMEOUT: u32 = 5;

    pub fn is_default(&self) -> bool {
        *self == Timing::default()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Checker {
    Tcp,
    Http(HttpCheck),
    Https(HttpCheck),
    Script {
        command: String,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        dynamic: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        user: Option<String>,
    },
    Dns {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        record: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
    },
    Smtp {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        helo: Option<String>,
    },
    Udp {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        payload: Option<String>,
        /// `Some("")`: any reply; `Some(hex)`: that reply.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        require_reply: Option<String>,
    },
    Ping,
    File {
        path: String,
    },
}

impl Checker {
    pub fn name(&self) -> &'static str {
        match self {
            Checker::Tcp => "tcp",
            Checker::Http(_) => "http",
            Checker::Https(_) => "https",
            Checker::Script { .. } => "script",
            Checker::Dns { .. } => "dns",
            Checker::Smtp { .. } => "smtp",
            Checker::Udp { .. } => "udp",
            Checker::Ping => "ping",
            Checker::File { .. } => "file",
        }
    }

    /// Whether it opens a TCP connection to a port.
    pub fn uses_tcp_port(&self) -> bool {
        matches!(self, Checker::Tcp | Checker::Http(_) | Checker::Https(_) | Checker::Smtp { .. })
    }

    /// Whether it connects to a port at all (script, ping and file checks do not).
    pub fn uses_port(&self) -> bool {
        self.uses_tcp_port() || matches!(self, Checker::Udp { .. } | Checker::Dns { .. })
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct HttpCheck {
    pub urls: Vec<Url>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub virtualhost: Option<String>,
    /// Send the virtual host as TLS server name (https).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sni: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Url {
    pub path: String,
    /// Accepted status codes as ranges; empty means keepalived's default (200–299).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub status: Vec<(u16, u16)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VrrpInstance {
    pub name: String,
    pub interface: String,
    pub router_id: u8,
    pub priority: u8,
    /// The state it starts in; keepalived's default is backup.
    pub state: super::SyncRole,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advert: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unicast_source: Option<IpAddr>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unicast_peers: Vec<IpAddr>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub track_interfaces: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub track_scripts: Vec<String>,
    pub addresses: Vec<VrrpAddress>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub no_preempt: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preempt_delay: Option<u32>,
    /// `(event, command)`: master, backup, fault or stop.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notify: Vec<(String, String)>,
}

impl VrrpInstance {
    pub const DEFAULT_PRIORITY: u8 = 100;

    /// An instance with keepalived's defaults, before its interface and router id are set.
    pub fn new(name: String) -> Self {
        VrrpInstance {
            name,
            interface: String::new(),
            router_id: 0,
            priority: Self::DEFAULT_PRIORITY,
            state: super::SyncRole::Backup,
            advert: None,
            unicast_source: None,
            unicast_peers: Vec::new(),
            track_interfaces: Vec::new(),
            track_scripts: Vec::new(),
            addresses: Vec::new(),
            no_preempt: false,
            preempt_delay: None,
            notify: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VrrpAddress {
    pub network: IpNet,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VrrpScript {
    pub name: String,
    pub command: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fall: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rise: Option<u32>,
}

impl VrrpScript {
    /// A script with keepalived's defaults, before its command is set.
    pub fn new(name: String) -> Self {
        VrrpScript { name, command: String::new(), interval: None, timeout: None, weight: None, fall: None, rise: None }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VrrpSyncGroup {
    pub name: String,
    pub instances: Vec<String>,
}
