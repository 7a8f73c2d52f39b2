//! `lvsc plan FILE`: what `apply` would change, without changing anything. Against the
//! live table (needs CAP_NET_ADMIN and IPVS) or a saved `ipvsadm-save -n` file (needs
//! neither). Exit 0, or 1 with `--exit-code` when changes are pending; 2 on errors.

use super::output::write_output;
use super::table::{desired, desired_and_live, saved};
use super::Outcome;
use lvsc::change::{plan, render_plan, Scope};
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
    let plan = plan(&live, &wanted, Scope { keep_unmanaged, drain: false });
    let color = color && std::io::IsTerminal::is_terminal(&std::io::stdout());
    if let Err(message) = write_output(None, &render_plan(&plan, &live_name, &file.display().to_string(), color)) {
        return Outcome::Failed(message);
    }
    if exit_code && !plan.operations.is_empty() {
        Outcome::Rejected
    } else {
        Outcome::Success
    }
}
