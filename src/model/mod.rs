//! The checked IPVS table and the director settings around it: what a `.lvs` file means.
//!
//! This is the single meeting point of lvsc. The checker builds it from a file; the
//! emitters, the semantic diff and the kernel backend all read it. It carries no spans
//! and no names from the source, so two files that mean the same table compare equal.
//! Services are kept sorted by [`ServiceKey`] and destinations by address and port, so
//! that the order of definitions never shows in output or in a diff.

mod destination;
mod director;
mod health;
mod scheduler;
mod service;
mod text;

pub use destination::{Checksum, Destination, Forward, Tunnel};
pub use director::{Director, MarkRule, Masquerade, PortRange};
pub use health::{
    BackendHealth, Check, Checker, Connect, Health, HttpCheck, Quorum, ServiceHealth, SorryServer, Timing, Url,
    VrrpAddress, VrrpInstance, VrrpScript, VrrpSyncGroup,
};
pub use scheduler::{Scheduler, SchedulerFlags};
pub use service::{endpoint, Endpoint, Family, IpAddrExt, Persistence, PersistenceMask, Protocol, Service, ServiceKey};
pub(crate) use text::checksum_suffix;
pub use text::Seconds;

use serde::{Deserialize, Serialize};
use std::net::IpAddr;

/// Everything one director needs: its IPVS table and its host settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Config {
    pub services: Vec<Service>,
    pub timeouts: Timeouts,
    pub sync_daemons: Vec<SyncDaemon>,
    pub director: Director,
    /// Health checks and VRRP, run by keepalived; empty for a table lvsc applies itself.
    #[serde(default, skip_serializing_if = "Health::is_empty")]
    pub health: Health,
}

impl Config {
    /// Puts services and destinations into their canonical order.
    pub fn canonicalize(&mut self) {
        for service in &mut self.services {
            service.destinations.sort_by_key(Destination::sort_key);
        }
        self.services.sort_by_key(|s| s.key);
        self.sync_daemons.sort_by_key(|d| d.role);
        self.health.canonicalize();
    }
}

/// Global connection timeouts in seconds; `None` leaves the kernel's value alone.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timeouts {
    pub tcp: Option<u32>,
    pub tcp_fin: Option<u32>,
    pub udp: Option<u32>,
}

impl Timeouts {
    pub fn is_empty(&self) -> bool {
        self.tcp.is_none() && self.tcp_fin.is_none() && self.udp.is_none()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SyncRole {
    Master,
    Backup,
}

/// A connection synchronisation daemon, with every default filled in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncDaemon {
    pub role: SyncRole,
    pub interface: String,
    pub sync_id: u8,
    pub max_len: u16,
    pub group: IpAddr,
    pub port: u16,
    pub ttl: u8,
}

impl SyncDaemon {
    pub const DEFAULT_MAX_LEN: u16 = 1472;
    pub const DEFAULT_GROUP: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(224, 0, 0, 81));
    pub const DEFAULT_PORT: u16 = 8848;
    pub const DEFAULT_TTL: u8 = 1;

    /// A daemon with the kernel's defaults for everything but its role and interface.
    pub fn new(role: SyncRole, interface: String) -> Self {
        SyncDaemon {
            role,
            interface,
            sync_id: 0,
            max_len: Self::DEFAULT_MAX_LEN,
            group: Self::DEFAULT_GROUP,
            port: Self::DEFAULT_PORT,
            ttl: Self::DEFAULT_TTL,
        }
    }
}
