//! A plan: the comparison of the live table with the file's, within what the file may
//! touch, and the operations that carry it out. `plan` and `apply` show it; `apply`
//! executes its operations.

use super::{comparable, compare, operations, Operation, Scope, TableDiff};
use crate::model::Config;

#[derive(Debug, Clone)]
pub struct Plan {
    /// The live table as compared: only what the file can own.
    pub live: Config,
    /// The file's table as compared.
    pub desired: Config,
    pub diff: TableDiff,
    pub operations: Vec<Operation>,
}

impl Plan {
    /// How many services of the live table the plan deletes.
    pub fn removed_services(&self) -> usize {
        self.operations.iter().filter(|op| matches!(op, Operation::DeleteService(_))).count()
    }

    /// Whether the plan would empty the live table or remove most of it: what an empty or
    /// truncated file does, so `apply` asks for it to be said explicitly.
    pub fn removes_most(&self) -> bool {
        let live = self.live.services.len();
        live > 0 && self.removed_services() * 2 > live
    }
}

/// `desired` as a saved table can be compared with it. `ipvsadm-save -n` never prints
/// connection thresholds, timeouts or sync daemons, so a plan against a save would always
/// find them changed: what the saved text says nothing of at all is left out of `desired`
/// (ipvsadm text that does carry them, such as lvsc's own target, is compared in full).
/// Also returns what was left out, for the reader.
pub fn as_saved(desired: &Config, saved: &Config) -> (Config, Vec<&'static str>) {
    let mut desired = desired.clone();
    let mut left_out = Vec::new();
    let has_thresholds = |c: &Config| {
        c.services.iter().flat_map(|s| &s.destinations).any(|d| d.upper_threshold != 0 || d.lower_threshold != 0)
    };
    if has_thresholds(&desired) && !has_thresholds(saved) {
        left_out.push("connection thresholds");
        for d in desired.services.iter_mut().flat_map(|s| s.destinations.iter_mut()) {
            d.upper_threshold = 0;
            d.lower_threshold = 0;
        }
    }
    if !desired.timeouts.is_empty() && saved.timeouts.is_empty() {
        left_out.push("timeouts");
        desired.timeouts = Default::default();
    }
    if !desired.sync_daemons.is_empty() && saved.sync_daemons.is_empty() {
        left_out.push("sync daemons");
        desired.sync_daemons.clear();
    }
    (desired, left_out)
}

/// The plan from `live` to `desired`.
pub fn plan(live: &Config, desired: &Config, scope: Scope) -> Plan {
    let (live, desired) = comparable(live, desired, scope);
    let diff = compare(&live, &desired);
    let operations = operations(&diff, scope);
    Plan { live, desired, diff, operations }
}
