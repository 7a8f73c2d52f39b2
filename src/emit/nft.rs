//! An `nft -f` script: one `inet lvsc` table with masquerading and fwmark rules for both
//! families. The script deletes the table it is about to define first (creating it empty
//! if it did not exist), so loading it again replaces lvsc's rules atomically and leaves
//! every other table alone.

use crate::model::{Config, Family, MarkRule, Protocol};
use std::fmt::Write;

pub const TABLE: &str = "lvsc";

pub fn emit(config: &Config) -> String {
    let mut out = String::from("#!/usr/sbin/nft -f\n# IPVS masquerading and fwmark rules, written by lvsc.\n");
    let _ = writeln!(out, "table inet {TABLE}\ndelete table inet {TABLE}\n\ntable inet {TABLE} {{");
    let marks = &config.director.mark_rules;
    let masquerade = &config.director.masquerade;
    if !marks.is_empty() {
        out.push_str("    chain prerouting {\n        type filter hook prerouting priority mangle; policy accept;\n");
        for rule in marks {
            let _ = writeln!(out, "        {}", mark_statement(rule));
        }
        out.push_str("    }\n");
    }
    if !masquerade.is_empty() {
        if !marks.is_empty() {
            out.push('\n');
        }
        out.push_str("    chain postrouting {\n        type nat hook postrouting priority srcnat; policy accept;\n");
        for m in masquerade {
            let family = if Family::of(&m.network.addr()) == Family::Ipv4 { "ip" } else { "ip6" };
            let mut statement = format!("{family} saddr {}", m.network);
            if let Some(interface) = &m.out_interface {
                let _ = write!(statement, " oifname \"{interface}\"");
            }
            let _ = writeln!(out, "        {statement} masquerade");
        }
        out.push_str("    }\n");
    }
    out.push_str("}\n");
    out
}

fn mark_statement(rule: &MarkRule) -> String {
    let family = if rule.family == Family::Ipv4 { "ip" } else { "ip6" };
    let mut statement = format!("{family} daddr {}", rule.destination);
    if let Some(protocol) = rule.protocol {
        let name = match protocol {
            Protocol::Tcp => "tcp",
            Protocol::Udp => "udp",
            Protocol::Sctp => "sctp",
        };
        if rule.ports.is_empty() {
            let _ = write!(statement, " meta l4proto {name}");
        } else {
            let ports: Vec<String> = rule.ports.iter().map(ToString::to_string).collect();
            let _ = write!(statement, " {name} dport {{ {} }}", ports.join(", "));
        }
    }
    let _ = write!(statement, " meta mark set 0x{:x}", rule.mark);
    statement
}
