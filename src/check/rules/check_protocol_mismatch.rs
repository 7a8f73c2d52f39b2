//! A TCP check (tcp, http, https, smtp) on a UDP service's port, or a udp check on a TCP
//! service's port, without a `port` saying that another port is meant.

use super::{Context, Rule};
use crate::diagnostic::{Code, Diagnostic, Label};
use crate::model::{Checker, Protocol};

pub const RULE: Rule = Rule { code: Code::CheckProtocolMismatch, check };

fn check(context: &Context) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for located in context.services {
        let Some(protocol) = located.service.key.protocol() else { continue };
        let Some(service_health) = &located.health else { continue };
        for (origin, health) in located.origin.destinations.iter().zip(&service_health.backends) {
            for (check, span) in health.checks.iter().zip(&origin.checks) {
                if check.connect.port.is_some() {
                    continue;
                }
                let tcp_check = check.kind.uses_tcp_port();
                let udp_check = matches!(check.kind, Checker::Udp { .. });
                let (check_protocol, service) = match protocol {
                    Protocol::Udp if tcp_check => ("TCP", "UDP"),
                    Protocol::Tcp | Protocol::Sctp if udp_check => ("UDP", protocol.name()),
                    _ => continue,
                };
                found.push(Diagnostic::new(
                    Code::CheckProtocolMismatch,
                    format!(
                        "a {} check tests {check_protocol} port {} of a {} service",
                        check.kind.name(),
                        health.port,
                        service.to_uppercase()
                    ),
                    Label::new(*span, format!("a {check_protocol} check")),
                    "if that port is meant, say so with `port N` in the check; else check the service's own \
                     protocol (a dns or udp check for UDP, tcp or http for TCP)",
                ));
            }
        }
    }
    found
}
