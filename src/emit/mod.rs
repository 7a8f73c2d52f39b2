//! Emit: one module per output target, each a pure function of the model; and `lvs`,
//! the model written back as idiomatic `.lvs` (what `import` and `dump` print).

mod iptables;
mod ipvsadm;
pub mod json;
mod keepalived;
pub mod lvs;
mod nft;
mod realserver;
mod script;
mod sysctl;

pub use ipvsadm::{destination_line, service_line, service_spec, write_service_block, write_settings};
pub use json::SCHEMA_VERSION;

use crate::model::Config;
use std::net::IpAddr;

/// What `lvsc compile --target` can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Ipvsadm,
    Sysctl,
    Iptables,
    Ip6tables,
    Nft,
    Realserver,
    Script,
    Json,
    Keepalived,
}

impl Target {
    pub const ALL: &'static [Target] = &[
        Target::Ipvsadm,
        Target::Sysctl,
        Target::Iptables,
        Target::Ip6tables,
        Target::Nft,
        Target::Realserver,
        Target::Script,
        Target::Json,
        Target::Keepalived,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Target::Ipvsadm => "ipvsadm",
            Target::Sysctl => "sysctl",
            Target::Iptables => "iptables",
            Target::Ip6tables => "ip6tables",
            Target::Nft => "nft",
            Target::Realserver => "realserver",
            Target::Script => "script",
            Target::Json => "json",
            Target::Keepalived => "keepalived",
        }
    }

    /// One line saying what the target is, for `--help` and listings.
    pub fn description(self) -> &'static str {
        match self {
            Target::Ipvsadm => "`ipvsadm-restore` input: every line as `ipvsadm-save -n` prints it back",
            Target::Sysctl => "a sysctl.d fragment for the director",
            Target::Iptables => "`iptables-restore --noflush` input (IPv4): masquerading and fwmark rules",
            Target::Ip6tables => "`ip6tables-restore --noflush` input (IPv6): masquerading and fwmark rules",
            Target::Nft => "an `nft -f` script (both families): masquerading and fwmark rules",
            Target::Realserver => "shell scripts for the real servers of direct-routing and tunnelled backends",
            Target::Script => "one POSIX sh script that sets up the director without lvsc",
            Target::Json => "the checked model as JSON",
            Target::Keepalived => "a keepalived.conf: the table with its health checks, sorry servers, quorum and VRRP",
        }
    }
}

/// Why a real server's own script cannot be written for this model.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum EmitError {
    #[error("{0} is not a direct-routing or tunnelled backend of any service")]
    UnknownRealServer(IpAddr),
}

/// The target's text for the whole model.
pub fn emit(config: &Config, target: Target) -> String {
    match target {
        Target::Ipvsadm => ipvsadm::emit(config),
        Target::Sysctl => sysctl::emit(config),
        Target::Iptables => iptables::emit(config, crate::model::Family::Ipv4),
        Target::Ip6tables => iptables::emit(config, crate::model::Family::Ipv6),
        Target::Nft => nft::emit(config),
        Target::Realserver => realserver::emit(config),
        Target::Script => script::emit(config),
        Target::Json => json::emit(config),
        Target::Keepalived => keepalived::emit(config),
    }
}

/// The `realserver` script of one real server only.
pub fn realserver_for_host(config: &Config, host: IpAddr) -> Result<String, EmitError> {
    realserver::emit_for_host(config, host)
}
