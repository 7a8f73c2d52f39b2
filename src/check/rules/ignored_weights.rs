//! Different non-zero weights under `rr`, `lc` or `dh`: these schedulers only skip
//! weight-0 servers and otherwise treat all alike (ip_vs_rr.c, ip_vs_lc.c, ip_vs_dh.c),
//! so the weights say something the director will not do.

use super::{Context, Rule};
use crate::diagnostic::{Code, Diagnostic, Label};
use std::collections::BTreeSet;

pub const RULE: Rule = Rule { code: Code::IgnoredWeights, check };

fn check(context: &Context) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for located in context.services {
        let scheduler = located.service.scheduler;
        if scheduler.uses_weights() {
            continue;
        }
        let weights: BTreeSet<u32> = located.service.destinations.iter().map(|d| d.weight).filter(|w| *w > 0).collect();
        if weights.len() < 2 {
            continue;
        }
        let anchor = located.origin.scheduler.unwrap_or(located.origin.cluster.span);
        found.push(Diagnostic::new(
            Code::IgnoredWeights,
            format!(
                "scheduler `{}` ignores the weights of cluster `{}`",
                scheduler.name(),
                located.origin.cluster.value
            ),
            Label::new(anchor, format!("`{}` treats every backend alike", scheduler.name())),
            format!(
                "use the weighted `w{}` scheduler, or give every backend the same weight",
                if scheduler.name() == "dh" { "rr" } else { scheduler.name() }
            ),
        ));
    }
    found
}
