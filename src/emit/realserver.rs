//! The real-server side of direct routing and tunnelling: each such real server must
//! accept packets addressed to the VIP without answering ARP for it, and tunnelled ones
//! must decapsulate. This target writes one POSIX sh script that sets that up on every
//! real server of the table (it finds which one it runs on from the host's addresses, or
//! takes the address as `$1`); `--host ADDR` writes the part of one server only.
//!
//! DR: the VIP on `lo` (/32 or /128), arp_ignore=1 and arp_announce=2 (for `all`, which
//! the kernel combines with each interface's value by maximum). A fwmark service whose
//! `match` covers a prefix gets the whole prefix as local (`ip route replace local NET dev
//! lo`): an address on `lo` would accept only the prefix's first address.
//! Tunnels: the VIP on the device that decapsulates what the director sends, which depends
//! on both families: IPv4 in IPv4 on tunl0 (ipip), IPv6 in IPv4 on sit0 (sit), IPv6 in
//! IPv6 on ip6tnl0, IPv4 in IPv6 on a tunnel of its own (`lvsc-4in6`, ip6tnl mode any:
//! the fallback ip6tnl0 takes IPv6 inside only); GRE on gre0 / ip6gre0 (either inside);
//! GUE first goes through `ip fou add port P gue`. Reverse-path filtering is off there
//! (decapsulated packets come from the client, not via the tunnel's route).

use super::EmitError;
use crate::model::{Config, Family, Forward, ServiceKey, Tunnel};
use ipnet::IpNet;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::net::IpAddr;

/// The device that decapsulates IPv4 inside IPv6 (the fallback ip6tnl0 takes IPv6 only).
const IPV4_IN_IPV6: &str = "lvsc-4in6";

/// What one real server needs.
#[derive(Default)]
struct Needs {
    /// VIPs (a host, or a fwmark match's prefix) accepted on `lo` (direct routing).
    loopback: Vec<IpNet>,
    /// VIPs on a tunnel device, by device.
    tunnel: BTreeMap<&'static str, Vec<IpNet>>,
    /// GUE ports to decapsulate, with the outer family.
    fou_ports: Vec<(u16, Family)>,
    modules: Vec<&'static str>,
}

const HEADER: &str = "#!/bin/sh\n# Real-server setup for direct routing and tunnelling, written by lvsc.\n\
     # It puts the virtual addresses where the kernel accepts them without answering ARP\n\
     # for them, and sets up decapsulation for tunnels. Running it again changes nothing.\n\
     set -eu\n";

/// The script of one real server only.
pub fn emit_for_host(config: &Config, address: IpAddr) -> Result<String, EmitError> {
    let servers = collect(config);
    let needs = servers.get(&address).ok_or(EmitError::UnknownRealServer(address))?;
    let mut out = String::from(HEADER);
    let _ = writeln!(out, "# real server {address}");
    out.push_str(&body(&address, needs, ""));
    Ok(out)
}

/// One script for every real server: it finds which one it runs on.
pub fn emit(config: &Config) -> String {
    let servers = collect(config);
    let mut out = String::from(HEADER);
    if servers.is_empty() {
        out.push_str("# no backend of this table uses direct routing or tunnelling: nothing to do\n");
        return out;
    }
    out.push_str(
        "\n# Which real server is this? The address given as $1, else the first of the table's\n\
         # real-server addresses that this host has.\nhost=${1:-}\nif [ -z \"$host\" ]; then\n    for a in",
    );
    for address in servers.keys() {
        let _ = write!(out, " {address}");
    }
    out.push_str(
        "; do\n        if ip -o addr show | grep -q \" inet6\\{0,1\\} $a/\"; then host=$a; break; fi\n    done\nfi\n\
         case \"$host\" in\n",
    );
    for (address, needs) in &servers {
        let _ = writeln!(out, "{address})");
        out.push_str(&body(address, needs, "    "));
        out.push_str("    ;;\n");
    }
    out.push_str(
        "*)\n    echo \"lvsc realserver: this host is none of the table's real servers (pass its address as the first argument)\" >&2\n    exit 2\n    ;;\nesac\n",
    );
    out
}

fn collect(config: &Config) -> BTreeMap<IpAddr, Needs> {
    let mut servers: BTreeMap<IpAddr, Needs> = BTreeMap::new();
    // Each mark's destinations, gathered once: not searched per service.
    let mut destinations_of_mark: BTreeMap<u32, Vec<IpNet>> = BTreeMap::new();
    for rule in &config.director.mark_rules {
        destinations_of_mark.entry(rule.mark).or_default().push(rule.destination);
    }
    for service in &config.services {
        let vips: Vec<IpNet> = match service.key {
            ServiceKey::Address { address, .. } => vec![IpNet::from(address)],
            ServiceKey::Fwmark { mark, .. } => destinations_of_mark.get(&mark).cloned().unwrap_or_default(),
        };
        let inner = service.family();
        for destination in &service.destinations {
            let outer = destination.family();
            let device = match destination.forward {
                Forward::Nat => continue,
                Forward::Dr => None,
                Forward::Tunnel { tunnel } => Some(match (tunnel, outer, inner) {
                    (Tunnel::Ipip | Tunnel::Gue { .. }, Family::Ipv4, Family::Ipv4) => ("tunl0", "ipip"),
                    (Tunnel::Ipip | Tunnel::Gue { .. }, Family::Ipv4, Family::Ipv6) => ("sit0", "sit"),
                    (Tunnel::Ipip | Tunnel::Gue { .. }, Family::Ipv6, Family::Ipv6) => ("ip6tnl0", "ip6_tunnel"),
                    (Tunnel::Ipip | Tunnel::Gue { .. }, Family::Ipv6, Family::Ipv4) => (IPV4_IN_IPV6, "ip6_tunnel"),
                    (Tunnel::Gre { .. }, Family::Ipv4, _) => ("gre0", "ip_gre"),
                    (Tunnel::Gre { .. }, Family::Ipv6, _) => ("ip6gre0", "ip6_gre"),
                }),
            };
            let needs = servers.entry(destination.address).or_default();
            match device {
                None => push_unique(&mut needs.loopback, &vips),
                Some((device, module)) => {
                    push_unique(needs.tunnel.entry(device).or_default(), &vips);
                    if !needs.modules.contains(&module) {
                        needs.modules.push(module);
                    }
                }
            }
            if let Forward::Tunnel { tunnel: Tunnel::Gue { port, .. } } = destination.forward {
                if !needs.fou_ports.contains(&(port, outer)) {
                    needs.fou_ports.push((port, outer));
                }
                if !needs.modules.contains(&"fou") {
                    needs.modules.push("fou");
                }
            }
        }
    }
    servers
}

fn push_unique(list: &mut Vec<IpNet>, items: &[IpNet]) {
    for item in items {
        if !list.contains(item) {
            list.push(*item);
        }
    }
}

fn body(address: &IpAddr, needs: &Needs, indent: &str) -> String {
    let mut out = String::new();
    let mut line = |text: String| {
        let _ = writeln!(out, "{indent}{text}");
    };
    line("# answer ARP only for addresses of the receiving interface, and never announce the VIPs".into());
    line("sysctl -w net.ipv4.conf.all.arp_ignore=1 >/dev/null".into());
    line("sysctl -w net.ipv4.conf.all.arp_announce=2 >/dev/null".into());
    for module in &needs.modules {
        line(format!("modprobe {module} 2>/dev/null || true"));
    }
    for (port, family) in &needs.fou_ports {
        let six = if *family == Family::Ipv6 { " -6" } else { "" };
        line(format!("# decapsulate GUE on UDP port {port}"));
        line(format!("ip fou show 2>/dev/null | grep -q \"port {port} gue{six}\" || ip fou add port {port} gue{six}"));
    }
    for vip in &needs.loopback {
        line(format!("# direct routing: accept packets for {} on lo", shown(vip)));
        line(accept(vip, "lo"));
        if matches!(vip, IpNet::V6(_)) {
            line("# IPv6 has no arp_ignore: keep this host from answering neighbour solicitations for the VIP".into());
            line("# on its network (for example with an nft rule dropping them) where the director shares it".into());
        }
    }
    for (device, vips) in &needs.tunnel {
        line(format!("# tunnel: decapsulate on {device} and accept the VIPs there"));
        if *device == IPV4_IN_IPV6 {
            line("# IPv4 inside IPv6: ip6tnl0 takes IPv6 inside only, so a tunnel of any mode of our own".into());
            line(format!(
                "ip link show {device} >/dev/null 2>&1 || ip -6 tunnel add {device} mode any local {address}"
            ));
        }
        line(format!("ip link set {device} up"));
        for vip in vips {
            line(accept(vip, device));
        }
        if vips.iter().any(|v| matches!(v, IpNet::V4(_))) {
            line(
                "# decapsulated packets come from clients that the tunnel does not route to: no reverse-path filter"
                    .into(),
            );
            line("sysctl -w net.ipv4.conf.all.rp_filter=0 >/dev/null".into());
            line(format!("sysctl -w net.ipv4.conf.{device}.rp_filter=0 >/dev/null"));
        }
    }
    out
}

/// A host VIP as its address, a prefix as itself.
fn shown(vip: &IpNet) -> String {
    if vip.prefix_len() == vip.max_prefix_len() {
        vip.addr().to_string()
    } else {
        vip.to_string()
    }
}

/// The line that makes a VIP local on `device`: the address for one host, a local route
/// for a prefix (every address in it is then accepted, none answered by ARP).
fn accept(vip: &IpNet, device: &str) -> String {
    if vip.prefix_len() == vip.max_prefix_len() {
        format!("ip addr replace {vip} dev {device}")
    } else {
        let six = if matches!(vip, IpNet::V6(_)) { "-6 " } else { "" };
        format!("ip {six}route replace local {vip} dev {device}")
    }
}
