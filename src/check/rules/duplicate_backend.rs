//! A service lists one real server (address and port) twice: the kernel refuses the
//! second with EEXIST. Pools make this easy to do by accident.

use super::{Context, Rule};
use crate::diagnostic::{Code, Diagnostic, Label};
use crate::model::endpoint;
use std::collections::HashMap;

pub const RULE: Rule = Rule { code: Code::DuplicateBackend, check };

fn check(context: &Context) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for located in context.services {
        let mut first = HashMap::with_capacity(located.service.destinations.len());
        for (destination, origin) in located.service.destinations.iter().zip(&located.origin.destinations) {
            let key = (destination.address, destination.port);
            match first.get(&key) {
                Some(earlier) => found.push({
                    let place = origin.via_pool.unwrap_or(origin.backend);
                    let mut diagnostic = Diagnostic::new(
                        Code::DuplicateBackend,
                        format!(
                            "backend {} is listed twice in cluster `{}`",
                            endpoint(&destination.address, destination.port),
                            located.origin.cluster.value
                        ),
                        Label::new(place, "listed again here"),
                        "a service has each real server (address and port) once; \
                         remove one, or check the pools this cluster uses",
                    )
                    .with_secondary(Label::new(*earlier, "first listed here"));
                    if origin.via_pool.is_some() {
                        diagnostic = diagnostic.with_secondary(Label::new(origin.backend, "in this pool"));
                    }
                    diagnostic
                }),
                None => {
                    first.insert(key, origin.via_pool.unwrap_or(origin.backend));
                }
            }
        }
    }
    found
}
