//! A tunnel to a backend of the other address family while a sync daemon is declared:
//! the kernel refuses mixed-family destinations while a daemon runs, and refuses to start
//! a daemon while they exist (EINVAL in ip_vs_genl_set_cmd / ip_vs_genl_new_daemon),
//! because sync messages cannot carry them.

use super::{Context, Rule};
use crate::diagnostic::{Code, Diagnostic, Label};

pub const RULE: Rule = Rule { code: Code::MixedFamilyWithSyncDaemon, check };

fn check(context: &Context) -> Vec<Diagnostic> {
    let Some(daemon) = context.sync_daemons.first() else { return Vec::new() };
    let mut found = Vec::new();
    for located in context.services {
        for (destination, origin) in located.service.destinations.iter().zip(&located.origin.destinations) {
            if destination.family() == located.service.family() {
                continue;
            }
            found.push(
                Diagnostic::new(
                    Code::MixedFamilyWithSyncDaemon,
                    format!(
                        "an {} backend of the {} service {} while a sync daemon runs",
                        destination.family().name(),
                        located.service.family().name(),
                        located.service.key
                    ),
                    Label::new(origin.address, "other address family"),
                    "the kernel cannot synchronise connections across address families: \
                     drop the sync daemon or use a backend of the service's family",
                )
                .with_secondary(Label::new(daemon.span, "sync daemon declared here")),
            );
        }
    }
    found
}
