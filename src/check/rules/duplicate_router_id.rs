//! Two VRRP instances with one virtual router id on one interface (and family): they
//! share one virtual MAC, and keepalived refuses the second.

use super::{Context, Rule};
use crate::diagnostic::{Code, Diagnostic, Label};
use crate::source::Span;
use std::collections::HashMap;

pub const RULE: Rule = Rule { code: Code::DuplicateRouterId, check };

fn check(context: &Context) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let mut first: HashMap<(&str, u8, bool), (&str, Span)> = HashMap::new();
    for vrrp in context.vrrp {
        let instance = &vrrp.instance;
        let ipv6 = !instance.addresses.is_empty() && instance.addresses.iter().all(|a| a.network.addr().is_ipv6());
        let key = (instance.interface.as_str(), instance.router_id, ipv6);
        if let Some((other, span)) = first.get(&key) {
            found.push(
                Diagnostic::new(
                    Code::DuplicateRouterId,
                    format!(
                        "vrrp `{}` and `{other}` both use router id {} on {}",
                        instance.name, instance.router_id, instance.interface
                    ),
                    Label::new(vrrp.router_id, "used again here"),
                    "give each instance on an interface its own `router-id` (1-255)",
                )
                .with_secondary(Label::new(*span, "first used here")),
            );
            continue;
        }
        first.insert(key, (&instance.name, vrrp.router_id));
    }
    found
}
