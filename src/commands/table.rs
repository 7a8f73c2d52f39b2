//! What plan and apply share: the file's table, the live one, and how a plan is shown.

use super::load_path;
use crate::diff::render_unified;
use crate::emit::{emit, EmitOptions, Target};
use crate::import::ipvsadm;
use crate::kernel::plan::Operation;
use crate::model::Config;
use crate::source::SourceMap;
use std::path::Path;

/// The file's model, or the outcome to end with (diagnostics were shown).
pub fn desired(file: &Path, color: bool) -> Result<Config, super::Outcome> {
    let input = load_path(file).map_err(super::Outcome::Failed)?;
    if input.report(false, color) {
        return Err(super::Outcome::Rejected);
    }
    input.checked.config.ok_or_else(|| super::Outcome::Failed("internal error: no model (please report this)".into()))
}

/// A saved `ipvsadm-save -n` file as the table, read as `import` reads it.
pub fn saved(path: &Path) -> Result<Config, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut sources = SourceMap::new();
    let id = sources.add(path.display().to_string(), path, text.clone());
    ipvsadm::read(id, &text).map_err(|diagnostics| {
        let first = diagnostics.first().map(|d| format!("{}: {}", sources.location(d.primary.span), d.message));
        format!("cannot read {}: {}", path.display(), first.unwrap_or_default())
    })
}

/// The unified diff of the two tables' ipvsadm text, then the operations, numbered.
pub fn show(
    live: &Config,
    desired: &Config,
    operations: &[Operation],
    live_name: &str,
    file: &str,
    color: bool,
) -> String {
    let text = |c: &Config| emit(c, Target::Ipvsadm, &EmitOptions::default()).unwrap_or_default();
    let mut out = render_unified(&text(live), &text(desired), live_name, file, color);
    if operations.is_empty() {
        out.push_str("No changes: the table is as the file says.\n");
        return out;
    }
    out.push_str(&format!("\n{} operation{}:\n", operations.len(), if operations.len() == 1 { "" } else { "s" }));
    for (i, operation) in operations.iter().enumerate() {
        out.push_str(&format!("{:>5}. {operation}\n", i + 1));
    }
    out
}
