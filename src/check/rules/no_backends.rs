//! A cluster with no backends: the service exists, so the director accepts connections
//! for it and answers each with a reset or ICMP port unreachable (ip_vs_leave).

use super::{Context, Rule};
use crate::diagnostic::{Code, Diagnostic, Label};

pub const RULE: Rule = Rule { code: Code::NoBackends, check };

fn check(context: &Context) -> Vec<Diagnostic> {
    context
        .services
        .iter()
        .filter(|l| l.service.destinations.is_empty())
        .map(|l| {
            Diagnostic::new(
                Code::NoBackends,
                format!("cluster `{}` has no backends", l.origin.cluster.value),
                Label::new(l.origin.cluster.span, "no `backend` or `backends` here"),
                "add backends, or remove the cluster: without backends the director refuses every \
                 connection to this address",
            )
        })
        .collect()
}
