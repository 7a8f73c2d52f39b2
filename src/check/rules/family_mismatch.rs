//! A backend of another address family than its service, not tunnelled: ipvsadm says
//! "Different address family is allowed only for tunneling servers" (seen in the VM).

use super::{Context, Rule};
use crate::diagnostic::{Code, Diagnostic, Label};
use crate::model::Forward;

pub const RULE: Rule = Rule { code: Code::FamilyMismatch, check };

fn check(context: &Context) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for located in context.services {
        let family = located.service.family();
        for (destination, origin) in located.service.destinations.iter().zip(&located.origin.destinations) {
            if destination.family() != family && !matches!(destination.forward, Forward::Tunnel { .. }) {
                found.push(Diagnostic::new(
                    Code::FamilyMismatch,
                    format!(
                        "an {} backend in the {} service {}",
                        destination.family().name(),
                        family.name(),
                        located.service.key
                    ),
                    Label::new(
                        origin.address,
                        format!("{} address, forwarded by {}", destination.family().name(), destination.forward.name()),
                    ),
                    "only tunnelled backends may have another address family than their service: \
                     use `forward tunnel`, or a backend address of the service's family",
                ));
            }
        }
    }
    found
}
