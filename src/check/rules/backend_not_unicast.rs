//! A backend address that cannot be a real server: unspecified, multicast or the IPv4
//! broadcast address. The kernel refuses it ("Invalid operation … address not unicast",
//! seen in the VM for 0.0.0.0 and 224.0.0.1).

use super::{Context, Rule};
use crate::diagnostic::{Code, Diagnostic, Label};
use std::net::IpAddr;

pub const RULE: Rule = Rule { code: Code::BackendNotUnicast, check };

fn check(context: &Context) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for located in context.services {
        for (destination, origin) in located.service.destinations.iter().zip(&located.origin.destinations) {
            let kind = match destination.address {
                a if a.is_unspecified() => "the unspecified address",
                a if a.is_multicast() => "a multicast address",
                IpAddr::V4(a) if a.is_broadcast() => "the broadcast address",
                _ => continue,
            };
            found.push(Diagnostic::new(
                Code::BackendNotUnicast,
                format!("backend {} is {kind}", destination.address),
                Label::new(origin.address, "not a unicast address"),
                "a real server needs a unicast address of its own",
            ));
        }
    }
    found
}
