//! `sh-*` flags on a scheduler other than `sh`, or `mh-*` on one other than `mh`:
//! ipvsadm refuses them ("incompatible scheduler flag"), and because the kernel's flag
//! bits are shared, sending them anyway would change another scheduler's behaviour.

use super::{Context, Rule};
use crate::diagnostic::{Code, Diagnostic, Label};

pub const RULE: Rule = Rule { code: Code::SchedulerFlagMismatch, check };

fn check(context: &Context) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for located in context.services {
        let scheduler = located.service.scheduler;
        for flag in &located.origin.flags {
            let prefix = flag.value.split('-').next().unwrap_or("");
            if scheduler.flag_prefix() == Some(prefix) {
                continue;
            }
            found.push(Diagnostic::new(
                Code::SchedulerFlagMismatch,
                format!("flag `{}` does not apply to scheduler `{}`", flag.value, scheduler.name()),
                Label::new(flag.span, format!("a flag of the `{prefix}` scheduler")),
                format!("use `scheduler {prefix} {}`, or remove the flag", flag.value),
            ));
        }
    }
    found
}
