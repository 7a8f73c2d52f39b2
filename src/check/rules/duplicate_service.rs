//! Two clusters (or one cluster's port list) define the same IPVS service: the kernel
//! refuses the second with EEXIST, and `ipvsadm-restore` goes on without it.

use super::{Context, Rule};
use crate::diagnostic::{Code, Diagnostic, Label};
use crate::model::ServiceKey;
use std::collections::HashMap;

pub const RULE: Rule = Rule { code: Code::DuplicateService, check };

fn check(context: &Context) -> Vec<Diagnostic> {
    let mut first: HashMap<ServiceKey, usize> = HashMap::new();
    let mut found = Vec::new();
    for (index, located) in context.services.iter().enumerate() {
        let key = located.service.key;
        match first.get(&key) {
            Some(&earlier) => {
                let earlier = &context.services[earlier].origin;
                found.push(
                    Diagnostic::new(
                        Code::DuplicateService,
                        format!("service {key} is defined twice"),
                        Label::new(
                            located.origin.key,
                            format!("{key} again, in cluster `{}`", located.origin.cluster.value),
                        ),
                        "the kernel keeps one service per protocol, address and port (or mark): \
                         merge the backends into one cluster",
                    )
                    .with_secondary(Label::new(
                        earlier.key,
                        format!("first defined in cluster `{}`", earlier.cluster.value),
                    )),
                );
            }
            None => {
                first.insert(key, index);
            }
        }
    }
    found
}
