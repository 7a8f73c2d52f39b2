//! `lvsc plan FILE`: what `apply` would change, without changing anything. Against the
//! live table (needs CAP_NET_ADMIN and IPVS) or a saved `ipvsadm-save -n` file (needs
//! neither). Exit 0, or 1 with `--exit-code` when changes are pending; 2 on errors.
//! For a file keepalived runs (health checks, VRRP), backends its checks hold down and a
//! sorry server standing in are named (`=`) and not counted as changes.

use super::output::write_output;
use super::table::{desired, desired_and_live, saved};
use super::Outcome;
use lvsc::change::{as_keepalived_holds, as_saved, plan, render_plan, Plan, Scope};
use std::path::Path;

pub fn run(file: &Path, against: Option<&Path>, exit_code: bool, keep_unmanaged: bool, color: bool) -> Outcome {
    let (wanted, live) = match against {
        Some(path) => (desired(file, color), saved(path).map(|config| (config, path.display().to_string()))),
        None => {
            let (wanted, live) = desired_and_live(file, color);
            (wanted, live.map(|(_, live)| (live.config, "live table".to_string())).map_err(|e| e.to_string()))
        }
    };
    let wanted = match wanted {
        Ok(config) => config,
        Err(outcome) => return outcome,
    };
    let (live, live_name) = match live {
        Ok(found) => found,
        Err(message) => return Outcome::Failed(message),
    };
    // A saved table cannot say everything the file can: compare only what it can.
    let (wanted, left_out) = if against.is_some() { as_saved(&wanted, &live) } else { (wanted, Vec::new()) };
    // Where keepalived runs the checks, what they took out is keepalived's doing, not drift.
    let (wanted, held) = as_keepalived_holds(&live, &wanted);
    let plan = plan(&live, &wanted, Scope { keep_unmanaged, drain: false });
    let color = color && std::io::IsTerminal::is_terminal(&std::io::stdout());
    let mut text = String::new();
    if !wanted.health.is_empty() {
        text.push_str(
            "keepalived runs this file's table (it declares health checks or VRRP): `apply` refuses it; \
             install `lvsc compile --target keepalived` and reload keepalived.\n",
        );
    }
    for h in &held {
        text.push_str(&format!("= {h}\n"));
    }
    if !text.is_empty() {
        text.push('\n');
    }
    text.push_str(&render_plan(&plan, &live_name, &file.display().to_string(), color));
    if !left_out.is_empty() {
        text.push_str(&format!("Not compared: {} (ipvsadm-save does not print them).\n", left_out.join(", ")));
    }
    if plan.removes_most() {
        text.push_str(&mass_removal_warning(&plan));
        text.push_str(": `apply` refuses this without --allow-mass-removal.\n");
    }
    if let Err(message) = write_output(None, &text) {
        return Outcome::Failed(message);
    }
    if exit_code && !plan.operations.is_empty() {
        Outcome::Rejected
    } else {
        Outcome::Success
    }
}

/// `This removes 3 of the 4 services of the live table`.
pub fn mass_removal_warning(plan: &Plan) -> String {
    let live = plan.live.services.len();
    let removed = plan.removed_services();
    let verb = if removed == live { "empties the live table: it removes" } else { "removes" };
    format!("This {verb} {removed} of its {live} services (is the file empty or cut short?)")
}
