//! `lvsc apply FILE`: show the plan, confirm, change only what differs. One apply at a
//! time (a lock); every change undone if the kernel refuses one.

use super::output::{write_output, write_stderr};
use super::table::desired_and_live;
use super::Outcome;
use lvsc::change::{plan, render_plan, Scope};
use lvsc::kernel::execute::execute;
use lvsc::kernel::lock;
use std::io::{BufRead, IsTerminal};
use std::path::Path;
use std::time::Duration;

pub fn run(
    file: &Path,
    yes: bool,
    drain: Option<Duration>,
    keep_unmanaged: bool,
    allow_mass_removal: bool,
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
    let (mut connection, live) = match live {
        Ok(found) => found,
        Err(e) => return Outcome::Failed(e.to_string()),
    };
    let scope = Scope { keep_unmanaged, drain: drain.is_some() };
    let plan = plan(&live.config, &wanted, scope);
    if plan.removes_most() && !allow_mass_removal {
        return Outcome::Failed(format!(
            "{}; nothing changed. Pass --allow-mass-removal if that is meant.",
            super::plan::mass_removal_warning(&plan)
        ));
    }
    let operations = &plan.operations;
    let color = color && std::io::stdout().is_terminal();
    let shown = render_plan(&plan, "live table", &file.display().to_string(), color);
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
