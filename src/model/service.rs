//! A virtual service: what clients connect to, and how the kernel picks a real server.

use super::{Destination, Scheduler, SchedulerFlags};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::net::{IpAddr, Ipv4Addr};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Service {
    pub key: ServiceKey,
    pub scheduler: Scheduler,
    #[serde(default, skip_serializing_if = "SchedulerFlags::is_empty")]
    pub flags: SchedulerFlags,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub persistence: Option<Persistence>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub one_packet: bool,
    pub destinations: Vec<Destination>,
}

impl Service {
    pub fn family(&self) -> Family {
        self.key.family()
    }
}

/// What identifies a service in the kernel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum ServiceKey {
    Address { protocol: Protocol, address: IpAddr, port: u16 },
    Fwmark { family: Family, mark: u32 },
}

impl ServiceKey {
    pub fn family(&self) -> Family {
        match self {
            ServiceKey::Address { address, .. } => Family::of(address),
            ServiceKey::Fwmark { family, .. } => *family,
        }
    }

    pub fn is_fwmark(&self) -> bool {
        matches!(self, ServiceKey::Fwmark { .. })
    }

    /// The port clients connect to; 0 for firewall-mark services and all-port services.
    pub fn port(&self) -> u16 {
        match self {
            ServiceKey::Address { port, .. } => *port,
            ServiceKey::Fwmark { .. } => 0,
        }
    }

    pub fn protocol(&self) -> Option<Protocol> {
        match self {
            ServiceKey::Address { protocol, .. } => Some(*protocol),
            ServiceKey::Fwmark { .. } => None,
        }
    }
}

/// Address services first (IPv4 before IPv6, by address, protocol and port), then
/// firewall-mark services (by family and mark). Unlike `ipvsadm-save`, whose address
/// comparison wraps around, this order is total and numeric.
impl Ord for ServiceKey {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (
                ServiceKey::Address { protocol: p1, address: a1, port: o1 },
                ServiceKey::Address { protocol: p2, address: a2, port: o2 },
            ) => (Family::of(a1), a1, p1, o1).cmp(&(Family::of(a2), a2, p2, o2)),
            (ServiceKey::Address { .. }, ServiceKey::Fwmark { .. }) => Ordering::Less,
            (ServiceKey::Fwmark { .. }, ServiceKey::Address { .. }) => Ordering::Greater,
            (ServiceKey::Fwmark { family: f1, mark: m1 }, ServiceKey::Fwmark { family: f2, mark: m2 }) => {
                (f1, m1).cmp(&(f2, m2))
            }
        }
    }
}

impl PartialOrd for ServiceKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Protocol {
    Tcp,
    Udp,
    Sctp,
}

impl Protocol {
    pub fn name(self) -> &'static str {
        match self {
            Protocol::Tcp => "tcp",
            Protocol::Udp => "udp",
            Protocol::Sctp => "sctp",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    Ipv4,
    Ipv6,
}

impl Family {
    pub fn of(address: &IpAddr) -> Family {
        match address {
            IpAddr::V4(_) => Family::Ipv4,
            IpAddr::V6(_) => Family::Ipv6,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Family::Ipv4 => "IPv4",
            Family::Ipv6 => "IPv6",
        }
    }
}

/// Client affinity: connections from one client (or client network) go to one server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Persistence {
    /// Seconds a client stays with its server after its last connection.
    pub timeout: u32,
    pub mask: PersistenceMask,
    /// The Session Initiation Protocol engine (`--pe sip`): affinity by Call-ID.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sip: bool,
}

impl Persistence {
    /// What the kernel and ipvsadm use for a bare `-p` (the man page's "300" is wrong).
    pub const DEFAULT_TIMEOUT: u32 = 360;
}

/// Which clients count as one for persistence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PersistenceMask {
    /// An IPv4 netmask; the kernel accepts non-contiguous ones too.
    Netmask(Ipv4Addr),
    /// An IPv6 prefix length.
    Prefix(u8),
}

impl PersistenceMask {
    /// One client address per group: `255.255.255.255` or `/128`.
    pub fn host(family: Family) -> Self {
        match family {
            Family::Ipv4 => PersistenceMask::Netmask(Ipv4Addr::BROADCAST),
            Family::Ipv6 => PersistenceMask::Prefix(128),
        }
    }

    pub fn is_host(&self) -> bool {
        matches!(self, PersistenceMask::Netmask(m) if *m == Ipv4Addr::BROADCAST)
            || matches!(self, PersistenceMask::Prefix(128))
    }
}

/// `10.0.0.1:80` or `[2001:db8::1]:80`, as ipvsadm writes an address and port.
pub fn endpoint(address: &IpAddr, port: u16) -> String {
    Endpoint(address, port).to_string()
}

/// An address and port as [`endpoint`] spells them, for writing straight into a larger
/// text (the ipvsadm emitter writes 22,000 of them into one string).
pub struct Endpoint<'a>(pub &'a IpAddr, pub u16);

impl std::fmt::Display for Endpoint<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            IpAddr::V4(a) => write!(f, "{a}:{}", self.1),
            IpAddr::V6(a) => write!(f, "[{a}]:{}", self.1),
        }
    }
}

/// As `ipvsadm -L` names a service: `TCP 10.0.0.1:80`, `FWM 7`, `FWM 7 IPv6`.
impl std::fmt::Display for ServiceKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServiceKey::Address { protocol, address, port } => {
                write!(f, "{} {}", protocol.name().to_uppercase(), endpoint(address, *port))
            }
            ServiceKey::Fwmark { family: Family::Ipv4, mark } => write!(f, "FWM {mark}"),
            ServiceKey::Fwmark { family: Family::Ipv6, mark } => write!(f, "FWM {mark} IPv6"),
        }
    }
}

/// The prefix length of a single host of an address's family.
pub trait IpAddrExt {
    fn host_prefix_len(&self) -> u8;
}

impl IpAddrExt for IpAddr {
    fn host_prefix_len(&self) -> u8 {
        if self.is_ipv4() {
            32
        } else {
            128
        }
    }
}
