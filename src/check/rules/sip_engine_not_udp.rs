//! The sip persistence engine on a TCP or SCTP service: the kernel accepts it (seen in
//! the VM), but the engine only parses UDP datagrams (ip_vs_pe_sip.c), so persistence
//! silently falls back to the client address.

use super::{Context, Rule};
use crate::diagnostic::{Code, Diagnostic, Label};
use crate::model::{Protocol, ServiceKey};

pub const RULE: Rule = Rule { code: Code::SipEngineNotUdp, check };

fn check(context: &Context) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for located in context.services {
        let ServiceKey::Address { protocol, .. } = located.service.key else { continue };
        let sip = located.service.persistence.is_some_and(|p| p.sip);
        if !sip || protocol == Protocol::Udp {
            continue;
        }
        let Some(engine) = located.origin.engine else { continue };
        found.push(Diagnostic::new(
            Code::SipEngineNotUdp,
            format!("the sip engine on the {} service {}", protocol.name(), located.service.key),
            Label::new(engine, "reads SIP over UDP only"),
            "use `engine sip` on UDP ports only (SIP over TCP keeps plain client-address persistence)",
        ));
    }
    found
}
