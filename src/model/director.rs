//! Settings of the director host that IPVS needs around it: forwarding, redirects,
//! masquerading and the firewall marks that feed fwmark services.

use super::{Family, Protocol};
use ipnet::IpNet;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Director {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub masquerade: Vec<Masquerade>,
    /// Networks whose hosts use this director as their default gateway.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gateway_for: Vec<IpNet>,
    /// Interfaces that must not send ICMP redirects (besides `all` and `default`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub no_redirects: Vec<String>,
    /// `net.ipv4.vs.*` settings, by full key.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub sysctls: BTreeMap<String, String>,
    /// Firewall rules that give packets the mark of a fwmark service.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mark_rules: Vec<MarkRule>,
}

impl Director {
    pub fn is_empty(&self) -> bool {
        *self == Director::default()
    }
}

/// Source NAT of traffic from a network (the real servers' own outbound traffic).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Masquerade {
    pub network: IpNet,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub out_interface: Option<String>,
}

/// Packets to `destination` (with this protocol and these ports) get `mark`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarkRule {
    pub mark: u32,
    pub family: Family,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<Protocol>,
    pub destination: IpNet,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ports: Vec<PortRange>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortRange {
    pub first: u16,
    pub last: u16,
}
