//! A check whose connect timeout is not below its interval (keepalived's defaults: 5 s and
//! 60 s): checks of a slow backend overlap and its state lags.

use super::{Context, Rule};
use crate::diagnostic::{Code, Diagnostic, Label};
use crate::model::{Checker, Timing};

pub const RULE: Rule = Rule { code: Code::CheckTimeoutNotBelowInterval, check };

fn check(context: &Context) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for located in context.services {
        let Some(service_health) = &located.health else { continue };
        for (origin, health) in located.origin.destinations.iter().zip(&service_health.backends) {
            for (check, span) in health.checks.iter().zip(&origin.checks) {
                if matches!(check.kind, Checker::File { .. }) {
                    continue;
                }
                let timeout = check.timing.timeout.unwrap_or(Timing::DEFAULT_TIMEOUT);
                let interval = check.timing.interval.unwrap_or(Timing::DEFAULT_INTERVAL);
                if timeout < interval {
                    continue;
                }
                found.push(Diagnostic::new(
                    Code::CheckTimeoutNotBelowInterval,
                    format!(
                        "the {} check's timeout {timeout}s is not below its interval {interval}s",
                        check.kind.name()
                    ),
                    Label::new(*span, "timeout ≥ interval"),
                    "keep `timeout` below `interval` (keepalived's defaults are 5s and 60s), so that one check \
                     ends before the next begins",
                ));
            }
        }
    }
    found
}
