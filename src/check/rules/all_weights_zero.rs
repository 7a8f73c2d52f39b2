//! Every backend of a service has weight 0: the scheduler skips weight-0 servers, so no
//! new connection is placed and clients are refused (ip_vs_leave).

use super::{Context, Rule};
use crate::diagnostic::{Code, Diagnostic, Label};

pub const RULE: Rule = Rule { code: Code::AllWeightsZero, check };

fn check(context: &Context) -> Vec<Diagnostic> {
    context
        .services
        .iter()
        .filter(|l| !l.service.destinations.is_empty() && l.service.destinations.iter().all(|d| d.weight == 0))
        .map(|l| {
            Diagnostic::new(
                Code::AllWeightsZero,
                format!("every backend of cluster `{}` has weight 0", l.origin.cluster.value),
                Label::new(l.origin.cluster.span, "no backend takes new connections"),
                "weight 0 drains a backend; give at least one backend a positive weight",
            )
        })
        .collect()
}
