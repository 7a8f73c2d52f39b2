//! A lower connection threshold above the upper one (no upper threshold counts as 0):
//! the kernel refuses the backend with ERANGE, "Numerical result out of range" (seen in
//! the VM for both cases).

use super::{Context, Rule};
use crate::diagnostic::{Code, Diagnostic, Label};

pub const RULE: Rule = Rule { code: Code::ThresholdOrder, check };

fn check(context: &Context) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for located in context.services {
        for (destination, origin) in located.service.destinations.iter().zip(&located.origin.destinations) {
            if destination.lower_threshold <= destination.upper_threshold {
                continue;
            }
            let Some(lower) = origin.lower_threshold else { continue };
            let (label, help) = if destination.upper_threshold == 0 {
                ("a lower threshold without an upper one", "add `u-threshold N` above it, or remove `l-threshold`")
            } else {
                ("above the upper threshold", "the lower threshold is where a full server takes connections again: keep it at or below `u-threshold`")
            };
            let mut diagnostic = Diagnostic::new(
                Code::ThresholdOrder,
                format!(
                    "l-threshold {} is above u-threshold {}",
                    destination.lower_threshold, destination.upper_threshold
                ),
                Label::new(lower, label),
                help,
            );
            if let Some(upper) = origin.upper_threshold {
                diagnostic = diagnostic.with_secondary(Label::new(upper, "upper threshold"));
            }
            found.push(diagnostic);
        }
    }
    found
}
