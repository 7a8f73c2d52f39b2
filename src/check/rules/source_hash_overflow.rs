//! `sh` with weights adding up past its 256 buckets. The source-hashing scheduler fills a
//! table of 256 buckets (CONFIG_IP_VS_SH_TAB_BITS = 8) backend by backend, giving each as
//! many consecutive buckets as its weight (a weight of 0 still takes one); buckets are
//! assigned in the order the backends were added (ip_vs_sh_reassign). Once the weights
//! pass 256 the table is full, and the backends after that point get no client at all.

use super::{Context, Rule};
use crate::diagnostic::{Code, Diagnostic, Label};
use crate::model::Scheduler;

pub const RULE: Rule = Rule { code: Code::SourceHashOverflow, check };

/// `IP_VS_SH_TAB_SIZE` with the kernel's default table bits.
const BUCKETS: u64 = 256;

fn check(context: &Context) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for located in context.services {
        if located.service.scheduler != Scheduler::Sh {
            continue;
        }
        let mut filled = 0u64;
        let mut starved = Vec::new();
        // lvsc adds backends in the model's order, so this is the kernel's order too.
        for (destination, origin) in located.service.destinations.iter().zip(&located.origin.destinations) {
            if filled >= BUCKETS {
                starved.push((destination.address, origin.backend));
            }
            filled += u64::from(destination.weight.max(1));
        }
        let Some((first, span)) = starved.first() else { continue };
        let others = match starved.len() {
            1 => " gets".to_string(),
            n => format!(" and {} more get", n - 1),
        };
        let mut diagnostic = Diagnostic::new(
            Code::SourceHashOverflow,
            format!(
                "`sh` has 256 buckets but the weights of cluster `{}` add up to {filled}",
                located.origin.cluster.value
            ),
            Label::new(*span, format!("{first}{others} no bucket, so no client")),
            "scale the weights down so that they add up to 256 or less (sh uses them only as bucket counts)",
        );
        if let Some(scheduler) = located.origin.scheduler {
            diagnostic = diagnostic.with_secondary(Label::new(scheduler, "256 buckets"));
        }
        found.push(diagnostic);
    }
    found
}
