//! A pool no cluster uses: usually a cluster that forgot `backends NAME`, or a leftover.

use super::{Context, Rule};
use crate::diagnostic::{Code, Diagnostic, Label};

pub const RULE: Rule = Rule { code: Code::UnusedPool, check };

fn check(context: &Context) -> Vec<Diagnostic> {
    context
        .pools
        .iter()
        .filter(|p| !p.used)
        .map(|p| {
            Diagnostic::new(
                Code::UnusedPool,
                format!("pool `{}` is not used", p.name.value),
                Label::new(p.name.span, "no cluster says `backends` with this name"),
                format!("add `backends {}` to the clusters that should use it, or remove the pool", p.name.value),
            )
        })
        .collect()
}
