//! One-packet scheduling on a TCP or SCTP service: ipvsadm refuses it ("One-Packet
//! Scheduling is only for UDP virtual services", seen in the VM). Fwmark services may
//! carry UDP, so they are allowed.

use super::{Context, Rule};
use crate::diagnostic::{Code, Diagnostic, Label};
use crate::model::{Protocol, ServiceKey};

pub const RULE: Rule = Rule { code: Code::OnePacketNotUdp, check };

fn check(context: &Context) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for located in context.services {
        let ServiceKey::Address { protocol, .. } = located.service.key else { continue };
        if protocol == Protocol::Udp {
            continue;
        }
        let Some(span) = located.origin.one_packet else { continue };
        found.push(
            Diagnostic::new(
                Code::OnePacketNotUdp,
                format!("one-packet scheduling on the {} service {}", protocol.name(), located.service.key),
                Label::new(span, "only for UDP"),
                "remove `one-packet`, or give it to a cluster of UDP ports only",
            )
            .with_secondary(Label::new(located.origin.key, format!("a {} port", protocol.name()))),
        );
    }
    found
}
