//! A NAT backend outside every network the director declares a return path for. Under
//! NAT the replies must pass back through the director to be un-NATed; if the real
//! server answers through another router, clients get replies from the wrong address.

use super::{Context, Rule};
use crate::diagnostic::{Code, Diagnostic, Label};
use crate::model::Forward;

pub const RULE: Rule = Rule { code: Code::NatWithoutReturnPath, check };

fn check(context: &Context) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for located in context.services {
        for (destination, origin) in located.service.destinations.iter().zip(&located.origin.destinations) {
            // A NAT backend of the other family is already a family-mismatch error.
            if destination.forward != Forward::Nat || destination.family() != located.service.family() {
                continue;
            }
            if context.return_paths.iter().any(|p| p.network.contains(&destination.address)) {
                continue;
            }
            let network = destination.nearby_network();
            found.push(Diagnostic::new(
                Code::NatWithoutReturnPath,
                format!("NAT backend {} has no declared return path", destination.address),
                Label::new(origin.address, "replies from here must pass the director"),
                format!(
                    "declare the real servers' network in `director {{ gateway {network} }}` (the director is \
                     their default gateway) or `masquerade {network}` (it rewrites the clients' address)"
                ),
            ));
        }
    }
    found
}
