//! A cluster VIP that no VRRP instance carries while the file has VRRP instances: on
//! failover it stays behind on the old master.

use super::{Context, Rule};
use crate::diagnostic::{Code, Diagnostic, Label};
use crate::model::ServiceKey;
use std::collections::HashSet;
use std::net::IpAddr;

pub const RULE: Rule = Rule { code: Code::VipWithoutVrrp, check };

fn check(context: &Context) -> Vec<Diagnostic> {
    if context.vrrp.is_empty() {
        return Vec::new();
    }
    let carried: HashSet<IpAddr> =
        context.vrrp.iter().flat_map(|v| v.instance.addresses.iter().map(|a| a.network.addr())).collect();
    let mut found = Vec::new();
    for located in context.services {
        let ServiceKey::Address { address, .. } = located.service.key else { continue };
        if carried.contains(&address) {
            continue;
        }
        found.push(Diagnostic::new(
            Code::VipWithoutVrrp,
            format!("no VRRP instance carries {address}, the VIP of cluster `{}`", located.origin.cluster.value),
            Label::new(located.origin.cluster.span, "its VIP stays on this director on failover"),
            "add the cluster to an instance's `clusters` line, or its address as a `vip` line",
        ));
    }
    found
}
