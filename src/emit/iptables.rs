//! `iptables-restore --noflush` / `ip6tables-restore --noflush` input for one family.
//!
//! The rules live in lvsc's own chains, `LVSC-POSTROUTING` (nat: MASQUERADE) and
//! `LVSC-PREROUTING` (mangle: MARK), which the file declares and so empties before
//! filling them: loading it again replaces lvsc's rules and leaves every other rule
//! alone. The jump from the built-in chain is added only if it is missing, which
//! iptables-restore cannot test; the `script` target does, and this file says so.

use crate::model::{Config, Family, MarkRule, Masquerade, Protocol};
use std::fmt::Write;

pub const NAT_CHAIN: &str = "LVSC-POSTROUTING";
pub const MANGLE_CHAIN: &str = "LVSC-PREROUTING";

pub fn emit(config: &Config, family: Family) -> String {
    let tool = if family == Family::Ipv4 { "iptables" } else { "ip6tables" };
    let mut out = format!(
        "# {tool}-restore --noflush input, written by lvsc: MASQUERADE and MARK rules for IPVS.\n\
         # Loading it empties and refills lvsc's chains only. Add the jumps into them once:\n\
         #   {tool} -t nat -C POSTROUTING -j {NAT_CHAIN} || {tool} -t nat -A POSTROUTING -j {NAT_CHAIN}\n\
         #   {tool} -t mangle -C PREROUTING -j {MANGLE_CHAIN} || {tool} -t mangle -A PREROUTING -j {MANGLE_CHAIN}\n\
         # (the `script` target does both).\n"
    );
    let masquerades: Vec<&Masquerade> = masquerades(config, family).collect();
    let marks: Vec<&MarkRule> = mark_rules(config, family).collect();
    if !masquerades.is_empty() {
        let _ = writeln!(out, "*nat\n:{NAT_CHAIN} - [0:0]");
        for m in masquerades {
            out.push_str(&format!("-A {NAT_CHAIN} {}\n", masquerade_rule(m)));
        }
        out.push_str("COMMIT\n");
    }
    if !marks.is_empty() {
        let _ = writeln!(out, "*mangle\n:{MANGLE_CHAIN} - [0:0]");
        for rule in marks {
            for spec in mark_rule_specs(rule) {
                let _ = writeln!(out, "-A {MANGLE_CHAIN} {spec}");
            }
        }
        out.push_str("COMMIT\n");
    }
    out
}

pub fn masquerades(config: &Config, family: Family) -> impl Iterator<Item = &Masquerade> {
    config.director.masquerade.iter().filter(move |m| Family::of(&m.network.addr()) == family)
}

pub fn mark_rules(config: &Config, family: Family) -> impl Iterator<Item = &MarkRule> {
    config.director.mark_rules.iter().filter(move |r| r.family == family)
}

/// The match and target of a MASQUERADE rule (without chain).
pub fn masquerade_rule(m: &Masquerade) -> String {
    let mut rule = format!("-s {}", m.network);
    if let Some(out) = &m.out_interface {
        let _ = write!(rule, " -o {out}");
    }
    rule.push_str(" -j MASQUERADE");
    rule
}

/// The match and target of each MARK rule for one `match` (multiport takes at most 15
/// ports, a range counting twice, so long lists become several rules).
pub fn mark_rule_specs(rule: &MarkRule) -> Vec<String> {
    let mut head = format!("-d {}", rule.destination);
    if let Some(protocol) = rule.protocol {
        let _ = write!(head, " -p {}", protocol_name(protocol));
    }
    let target = format!("-j MARK --set-xmark 0x{:x}/0xffffffff", rule.mark);
    if rule.ports.is_empty() {
        return vec![format!("{head} {target}")];
    }
    let mut specs = Vec::new();
    let mut group: Vec<String> = Vec::new();
    let mut weight = 0;
    for range in &rule.ports {
        let (text, cost) = if range.first == range.last {
            (range.first.to_string(), 1)
        } else {
            (format!("{}:{}", range.first, range.last), 2)
        };
        if weight + cost > 15 {
            specs.push(format!("{head} -m multiport --dports {} {target}", group.join(",")));
            group.clear();
            weight = 0;
        }
        group.push(text);
        weight += cost;
    }
    specs.push(format!("{head} -m multiport --dports {} {target}", group.join(",")));
    specs
}

fn protocol_name(protocol: Protocol) -> &'static str {
    protocol.name()
}
