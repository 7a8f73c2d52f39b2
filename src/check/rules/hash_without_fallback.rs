//! `sh` or `mh` without its fallback flag while a backend has weight 0: clients whose
//! hash lands on that backend get no server at all (ip_vs_sh_get / ip_vs_mh_get return
//! NULL) instead of being moved to another one.

use super::{Context, Rule};
use crate::diagnostic::{Code, Diagnostic, Label};

pub const RULE: Rule = Rule { code: Code::HashWithoutFallback, check };

fn check(context: &Context) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for located in context.services {
        let scheduler = located.service.scheduler;
        let Some(prefix) = scheduler.flag_prefix() else { continue };
        if located.service.flags.fallback {
            continue;
        }
        for (destination, origin) in located.service.destinations.iter().zip(&located.origin.destinations) {
            if destination.weight != 0 {
                continue;
            }
            let mut diagnostic = Diagnostic::new(
                Code::HashWithoutFallback,
                format!("backend {} is drained but `{prefix}` has no fallback", destination.address),
                Label::new(origin.weight.unwrap_or(origin.backend), "weight 0"),
                format!("add `{prefix}-fallback` to the scheduler so that its clients move to another backend"),
            );
            if let Some(span) = located.origin.scheduler {
                diagnostic = diagnostic.with_secondary(Label::new(span, "without fallback"));
            }
            found.push(diagnostic);
        }
    }
    found
}
