//! A sysctl.d fragment: what the director's forwarding methods require, and the IPVS
//! settings the file sets. Every setting comes with a comment that says why.

use crate::model::{Config, Family, Forward};
use std::fmt::Write;

/// One kernel setting and the reason for it.
pub struct Setting {
    pub key: String,
    pub value: String,
    pub why: String,
}

pub fn emit(config: &Config) -> String {
    let mut out = String::from("# sysctl.d fragment for an IPVS director, written by lvsc.\n");
    for s in settings(config) {
        let _ = write!(out, "\n# {}\n{} = {}\n", s.why, s.key, s.value);
    }
    out
}

/// The settings in order: forwarding, redirects, then `net.ipv4.vs.*`.
pub fn settings(config: &Config) -> Vec<Setting> {
    let mut settings = Vec::new();
    let routes_for = |family: Family| {
        config.services.iter().any(|s| s.destinations.iter().any(|d| d.forward == Forward::Nat && d.family() == family))
            || config.director.masquerade.iter().any(|m| Family::of(&m.network.addr()) == family)
            || config.director.gateway_for.iter().any(|n| Family::of(&n.addr()) == family)
    };
    if routes_for(Family::Ipv4) {
        settings.push(Setting {
            key: "net.ipv4.ip_forward".into(),
            value: "1".into(),
            why: "NAT and masquerading: the director routes real-server traffic (IPv4)".into(),
        });
    }
    if routes_for(Family::Ipv6) {
        settings.push(Setting {
            key: "net.ipv6.conf.all.forwarding".into(),
            value: "1".into(),
            why: "NAT and masquerading: the director routes real-server traffic (IPv6)".into(),
        });
    }
    if !config.director.no_redirects.is_empty() {
        let interfaces =
            ["all", "default"].into_iter().map(String::from).chain(config.director.no_redirects.iter().cloned());
        for interface in interfaces {
            settings.push(Setting {
                key: conf_key(&interface, "send_redirects"),
                value: "0".into(),
                why: format!(
                    "no ICMP redirects on {interface}: the director must not tell real servers on its own \
                     network to bypass it"
                ),
            });
        }
    }
    for (key, value) in &config.director.sysctls {
        settings.push(Setting {
            key: key.clone(),
            value: value.clone(),
            why: "IPVS setting from the director block".into(),
        });
    }
    settings
}

/// `net.ipv4.conf.IFACE.KEY`, in the slash form when the interface name has a dot
/// (`eth0.100`), which the dotted form cannot express.
pub fn conf_key(interface: &str, key: &str) -> String {
    if interface.contains('.') {
        format!("net/ipv4/conf/{interface}/{key}")
    } else {
        format!("net.ipv4.conf.{interface}.{key}")
    }
}
