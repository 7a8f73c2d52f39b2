//! Emit: one module per output target, each a pure function of the model.

mod iptables;
mod ipvsadm;
pub mod json;
mod nft;
mod realserver;
mod script;
mod sysctl;

pub use ipvsadm::{destination_line, service_line, service_spec};
pub use json::SCHEMA_VERSION;

use crate::model::Config;
use std::net::IpAddr;

/// What `lvsc compile --target` can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Target {
    /// `ipvsadm-restore` input: every line as `ipvsadm-save -n` prints it back.
    Ipvsadm,
    /// A sysctl.d fragment for the director.
    Sysctl,
    /// `iptables-restore --noflush` input (IPv4): masquerading and fwmark rules.
    Iptables,
    /// `ip6tables-restore --noflush` input (IPv6): masquerading and fwmark rules.
    Ip6tables,
    /// An `nft -f` script (both families): masquerading and fwmark rules.
    Nft,
    /// Shell scripts for the real servers of direct-routing and tunnelled backends.
    Realserver,
    /// One POSIX sh script that sets up the director without lvsc.
    Script,
    /// The checked model as JSON.
    Json,
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
        }
    }
}

/// Options some targets take.
#[derive(Debug, Clone, Default)]
pub struct EmitOptions {
    /// `realserver`: only the script of this real server.
    pub host: Option<IpAddr>,
}

/// Why a target cannot be written for this model.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum EmitError {
    #[error("{0} is not a direct-routing or tunnelled backend of any service")]
    UnknownRealServer(IpAddr),
}

pub fn emit(config: &Config, target: Target, options: &EmitOptions) -> Result<String, EmitError> {
    Ok(match target {
        Target::Ipvsadm => ipvsadm::emit(config),
        Target::Sysctl => sysctl::emit(config),
        Target::Iptables => iptables::emit(config, crate::model::Family::Ipv4),
        Target::Ip6tables => iptables::emit(config, crate::model::Family::Ipv6),
        Target::Nft => nft::emit(config),
        Target::Realserver => realserver::emit(config, options.host)?,
        Target::Script => script::emit(config),
        Target::Json => json::emit(config),
    })
}
