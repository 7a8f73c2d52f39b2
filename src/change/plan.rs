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

/// The plan from `live` to `desired`.
pub fn plan(live: &Config, desired: &Config, scope: Scope) -> Plan {
    let (live, desired) = comparable(live, desired, scope);
    let diff = compare(&live, &desired);
    let operations = operations(&diff, scope);
    Plan { live, desired, diff, operations }
}
