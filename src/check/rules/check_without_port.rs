//! A check that connects to a port, on a backend whose port is 0 (a fwmark or all-ports
//! service): keepalived would connect to port 0, fail, and take the backend out.

use super::{Context, Rule};
use crate::diagnostic::{Code, Diagnostic, Label};

pub const RULE: Rule = Rule { code: Code::CheckWithoutPort, check };

fn check(context: &Context) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for located in context.services {
        let Some(service_health) = &located.health else { continue };
        let backends =
            located.service.destinations.iter().zip(&located.origin.destinations).zip(&service_health.backends);
        for ((destination, origin), health) in backends {
            if destination.port != 0 {
                continue;
            }
            for (check, span) in health.checks.iter().zip(&origin.checks) {
                if !check.kind.uses_port() || check.connect.port.is_some() {
                    continue;
                }
                found.push(
                    Diagnostic::new(
                        Code::CheckWithoutPort,
                        format!("the {} check of {} would connect to port 0", check.kind.name(), destination.address),
                        Label::new(*span, "no `port`, and the backend has none"),
                        "a fwmark or all-ports service gives its backends no port: say which one the check \
                         connects to, `check tcp { port 443 }`",
                    )
                    .with_secondary(Label::new(origin.backend, "this backend")),
                );
            }
        }
    }
    found
}
