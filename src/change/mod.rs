//! The change stage: what differs between two models and what it takes to get from one
//! to the other. One comparison ([`compare`]) serves every command that compares —
//! `diff` shows it, `plan` and `apply` show it and then carry out the [`Operation`]s
//! derived from it — so they can never disagree, and risks are found once.
//!
//! None of it needs a kernel: `plan --against` a saved table runs here too. Only turning
//! an operation into a netlink request (`kernel::translate`) is the kernel's business.

mod compare;
mod health;
mod held_down;
mod operation;
mod plan;
mod render;
mod risk;
mod table_text;
mod unified;

pub use compare::{compare, AttributeChange, DaemonChange, DestinationChange, ServiceChange, TableDiff};
pub use health::HealthChange;
pub use held_down::{as_keepalived_holds, HeldDown, HeldHow};
pub(crate) use operation::drained;
pub use operation::{comparable, operations, Operation, Scope};
pub use plan::{as_saved, plan, Plan};
pub use render::{render_changes, render_operations, render_plan, render_summary, render_unified, LISTED_AT_MOST};
pub use risk::Risk;
