//! Port 0 (every port) on a service without persistence: ipvsadm refuses it with "Zero
//! port specified for non-persistent service" (seen in the VM).

use super::{Context, Rule};
use crate::diagnostic::{Code, Diagnostic, Label};
use crate::model::ServiceKey;

pub const RULE: Rule = Rule { code: Code::ZeroPortWithoutPersistence, check };

fn check(context: &Context) -> Vec<Diagnostic> {
    context
        .services
        .iter()
        .filter(|l| matches!(l.service.key, ServiceKey::Address { port: 0, .. }) && l.service.persistence.is_none())
        .map(|l| {
            Diagnostic::new(
                Code::ZeroPortWithoutPersistence,
                format!("service {} takes every port but is not persistent", l.service.key),
                Label::new(l.origin.key, "port 0 means every port"),
                "add `persistence` to the cluster (a client's connections to all ports then reach one server), \
                 or give the ports one by one",
            )
        })
        .collect()
}
