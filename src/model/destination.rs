//! A destination (real server) of a service, and how packets reach it.

use super::Family;
use serde::{Deserialize, Serialize};
use std::net::IpAddr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Destination {
    pub address: IpAddr,
    pub port: u16,
    pub forward: Forward,
    /// 0 to 2147483647; 0 takes no new connections (drain).
    pub weight: u32,
    /// Upper connection threshold; 0 means none.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub upper_threshold: u32,
    /// Lower connection threshold; 0 means none.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub lower_threshold: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl Destination {
    pub fn family(&self) -> Family {
        Family::of(&self.address)
    }

    /// IPv4 before IPv6, then by address and port.
    pub fn sort_key(&self) -> (Family, IpAddr, u16) {
        (self.family(), self.address, self.port)
    }

    /// The /24 (IPv4) or /64 (IPv6) around the address: the network a help text names
    /// when it asks for the real servers' network, since the file does not say it.
    pub fn nearby_network(&self) -> ipnet::IpNet {
        let prefix = if self.address.is_ipv4() { 24 } else { 64 };
        ipnet::IpNet::new(self.address, prefix).map_or(ipnet::IpNet::from(self.address), |n| n.trunc())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "lowercase")]
pub enum Forward {
    /// Masquerading (NAT): the director rewrites the destination and sees replies.
    Nat,
    /// Direct routing ("gatewaying"): the frame goes to the server's MAC unchanged.
    Dr,
    /// Encapsulated to the server, which answers the client directly.
    Tunnel { tunnel: Tunnel },
}

impl Forward {
    pub fn name(&self) -> &'static str {
        match self {
            Forward::Nat => "nat",
            Forward::Dr => "dr",
            Forward::Tunnel { .. } => "tunnel",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Tunnel {
    Ipip,
    Gue { port: u16, checksum: Checksum },
    Gre { checksum: Checksum },
}

/// Checksum handling of GUE and GRE encapsulation (`--tun-nocsum` is the kernel default).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Checksum {
    NoCsum,
    Csum,
    RemCsum,
}
