//! `dh`, `lblc` or `lblcr` on an address service: they choose a server by the packet's
//! destination address, which for one virtual address is always the same, so one backend
//! takes every connection (ip_vs_dh_schedule hashes iph->daddr). They are meant for
//! fwmark services that cover many destinations (transparent caches).

use super::{Context, Rule};
use crate::diagnostic::{Code, Diagnostic, Label};
use crate::model::Scheduler;

pub const RULE: Rule = Rule { code: Code::DestinationHashOnSingleVip, check };

fn check(context: &Context) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for located in context.services {
        let scheduler = located.service.scheduler;
        if !matches!(scheduler, Scheduler::Dh | Scheduler::Lblc | Scheduler::Lblcr) || located.service.key.is_fwmark() {
            continue;
        }
        let Some(span) = located.origin.scheduler else { continue };
        found.push(Diagnostic::new(
            Code::DestinationHashOnSingleVip,
            format!("`{}` on the single address of cluster `{}`", scheduler.name(), located.origin.cluster.value),
            Label::new(span, "chooses by destination address, which never changes here"),
            "use `sh` (by client address) or another scheduler, or a fwmark cluster whose `match` \
             covers many destinations",
        ));
    }
    found
}
