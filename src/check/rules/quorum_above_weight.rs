//! A quorum above the sum of the backends' weights: never met, and keepalived lowers it
//! silently to that sum (measured with `keepalived -t`, 2.2.7).

use super::{Context, Rule};
use crate::diagnostic::{Code, Diagnostic, Label};

pub const RULE: Rule = Rule { code: Code::QuorumAboveWeight, check };

fn check(context: &Context) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for located in context.services {
        let Some(quorum) = located.health.as_ref().and_then(|h| h.quorum.as_ref()) else { continue };
        let Some(span) = located.origin.quorum else { continue };
        let total: u64 = located.service.destinations.iter().map(|d| u64::from(d.weight)).sum();
        if u64::from(quorum.weight) <= total {
            continue;
        }
        found.push(Diagnostic::new(
            Code::QuorumAboveWeight,
            format!("quorum {} is above the backends' total weight {total}", quorum.weight),
            Label::new(span, "can never be met"),
            "lower the quorum to at most the sum of the weights (keepalived would lower it silently), or add \
             backends",
        ));
    }
    found
}
