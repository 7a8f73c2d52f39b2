//! `lvsc apply FILE`: show the plan, confirm, change only what differs. One apply at a
//! time (a lock); every change undone if the kernel refuses one.

use super::output::{write_output, write_stderr};
use super::table::desired_and_live;
use super::Outcome;
use lvsc::change::{plan, render_plan, render_summary, Scope, LISTED_AT_MOST};
use lvsc::kernel::execute::execute;
use lvsc::kernel::lock;
use std::io::{BufRead, IsTerminal};
use std::path::Path;
use std::time::Duration;

/// What `apply` refuses unless told.
#[derive(Debug, Clone, Copy)]
pub struct Allow {
    pub mass_removal: bool,
    pub keepalived: bool,
}

/// Who owns the table. A file with health checks or VRRP is run by keepalived, never
/// applied; and where keepalived runs virtual servers, it owns the table, so `apply`
/// refuses unless `--allow-keepalived` says the two are meant to share it.
fn keepalived_owns(file: &Path, wanted: &lvsc::model::Config, allowed: bool) -> Result<(), String> {
    if !wanted.health.is_empty() {
        return Err(format!(
            "{} declares health checks or VRRP: keepalived runs its table (its checks take backends out and \
             in), so apply does not write it. Install `lvsc compile --target keepalived {}` as keepalived's \
             config and reload keepalived; `lvsc plan` shows how the live table differs",
            file.display(),
            file.display()
        ));
    }
    if allowed {
        return Ok(());
    }
    let Some(keepalived) = lvsc::kernel::keepalived::running_here() else { return Ok(()) };
    let config = keepalived.config.display();
    match lvsc::kernel::keepalived::owned_services(&keepalived.config) {
        Ok(0) => Ok(()),
        Ok(n) => Err(format!(
            "keepalived (pid {}, {config}) runs {n} virtual servers in this network namespace: it owns the table \
             and would undo apply's changes (and apply its checks'). Move the services into the .lvs file and run \
             them with `--target keepalived`, or pass --allow-keepalived if both are meant to share the table",
            keepalived.pid
        )),
        Err(why) => Err(format!(
            "keepalived (pid {}) runs in this network namespace and its services cannot be told ({why}); \
             pass --allow-keepalived if it runs no virtual servers",
            keepalived.pid
        )),
    }
}

pub fn run(
    file: &Path,
    yes: bool,
    drain: Option<Duration>,
    keep_unmanaged: bool,
    allow: Allow,
    color: bool,
) -> Outcome {
    let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    if !yes && !interactive {
        return Outcome::Failed("apply changes the live table: without a terminal to confirm on, pass --yes".into());
    }
    let _lock = match lock::acquire() {
        Ok(lock) => lock,
        Err(error) => return Outcome::Failed(error.to_string()),
    };
    // The snapshot every decision and every rollback starts from, taken under the lock.
    let (wanted, live) = desired_and_live(file, color);
    let wanted = match wanted {
        Ok(config) => config,
        Err(outcome) => return outcome,
    };
    if let Err(message) = keepalived_owns(file, &wanted, allow.keepalived) {
        return Outcome::Failed(message);
    }
    let (mut connection, live) = match live {
        Ok(found) => found,
        Err(e) => return Outcome::Failed(e.to_string()),
    };
    let scope = Scope { keep_unmanaged, drain: drain.is_some() };
    let plan = plan(&live.config, &wanted, scope);
    if plan.removes_most() && !allow.mass_removal {
        return Outcome::Failed(format!(
            "{}; nothing changed. Pass --allow-mass-removal if that is meant.",
            super::plan::mass_removal_warning(&plan)
        ));
    }
    let operations = &plan.operations;
    let color = color && std::io::stdout().is_terminal();
    let shown = if operations.len() > LISTED_AT_MOST {
        render_summary(&plan, color)
    } else {
        render_plan(&plan, "live table", &file.display().to_string(), color)
    };
    if let Err(message) = write_output(None, &shown) {
        return Outcome::Failed(message);
    }
    if operations.is_empty() {
        return Outcome::Success;
    }
    if !yes && !confirm(operations.len()) {
        write_stderr("lvsc: nothing changed\n");
        return Outcome::Success;
    }
    match execute(&mut connection, operations, drain, &live.config) {
        Ok(applied) => {
            let drained = if applied.drained > 0 {
                let plural = if applied.drained == 1 { "" } else { "s" };
                format!(" ({} backend{plural} drained in {:.1} s)", applied.drained, applied.waited.as_secs_f64())
            } else {
                String::new()
            };
            write_stderr(&format!(
                "lvsc: applied {} operations{drained} in {:.3} s ({:.3} s of it the kernel's own work)\n",
                applied.operations,
                applied.elapsed.as_secs_f64(),
                applied.kernel.as_secs_f64()
            ));
            Outcome::Success
        }
        Err(e) => {
            write_stderr(&format!("lvsc: {e}\n"));
            Outcome::Rejected
        }
    }
}

fn confirm(count: usize) -> bool {
    write_stderr(&format!("Apply these {count} operations to the live table? [y/N] "));
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer).is_ok() && matches!(answer.trim(), "y" | "Y" | "yes")
}
