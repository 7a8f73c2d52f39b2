//! A backend port under direct routing or tunnelling that differs from the service port:
//! neither method rewrites the port, so ipvsadm replaces it with the service's (seen in
//! the VM: `-r 10.1.0.1:8080 -g` on port 80 is saved as `10.1.0.1:80`). On a fwmark
//! service the port of such a backend is ignored altogether.

use super::{Context, Rule};
use crate::diagnostic::{Code, Diagnostic, Label};
use crate::model::{Forward, ServiceKey};

pub const RULE: Rule = Rule { code: Code::IgnoredBackendPort, check };

fn check(context: &Context) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for located in context.services {
        for (destination, origin) in located.service.destinations.iter().zip(&located.origin.destinations) {
            if destination.forward == Forward::Nat {
                continue;
            }
            let Some(written) = &origin.port else { continue };
            let ignored = match located.service.key {
                ServiceKey::Address { port, .. } => written.value != port,
                ServiceKey::Fwmark { .. } => written.value != 0,
            };
            if ignored {
                found.push(Diagnostic::new(
                    Code::IgnoredBackendPort,
                    format!(
                        "port {} of a {} backend is ignored",
                        written.value,
                        if destination.forward == Forward::Dr { "direct-routing" } else { "tunnelled" }
                    ),
                    Label::new(written.span, format!("packets keep the port of {}", located.service.key)),
                    "only NAT can send to another port; remove the port, or use `forward nat`",
                ));
            }
        }
    }
    found
}
