//! What plan and apply share: the file's table, the live one, and how a plan is shown.

use super::load_path;
use crate::diff::render_unified;
use crate::emit::{emit, EmitOptions, Target};
use crate::import::{ipvsadm, json};
use crate::kernel::dump::{dump, Live};
use crate::kernel::plan::Operation;
use crate::kernel::{Connection, KernelError};
use crate::model::Config;
use crate::source::SourceMap;
use std::fmt::Write;
use std::path::Path;

/// The file's model, or the outcome to end with (diagnostics were shown). A `.json` file
/// is a compiled model (`lvsc compile --target json`), already checked.
pub fn desired(file: &Path, color: bool) -> Result<Config, super::Outcome> {
    if file.extension().is_some_and(|e| e == "json") {
        let text = std::fs::read_to_string(file)
            .map_err(|e| super::Outcome::Failed(format!("cannot read {}: {e}", file.display())))?;
        return json::read(&text).map_err(|e| super::Outcome::Failed(format!("{}: {e}", file.display())));
    }
    let input = load_path(file).map_err(super::Outcome::Failed)?;
    if input.report(false, color) {
        return Err(super::Outcome::Rejected);
    }
    input.checked.config.ok_or_else(|| super::Outcome::Failed("internal error: no model (please report this)".into()))
}

/// The file's model and the live table, read side by side: parsing a large file and
/// dumping a large table take about as long, and neither needs the other.
pub fn desired_and_live(
    file: &Path,
    color: bool,
) -> (Result<Config, super::Outcome>, Result<(Connection, Live), KernelError>) {
    std::thread::scope(|scope| {
        let live = scope.spawn(|| {
            let mut connection = Connection::open()?;
            let live = dump(&mut connection)?;
            Ok((connection, live))
        });
        let wanted = desired(file, color);
        let live = live.join().unwrap_or_else(|_| Err(KernelError::Decode("the dump thread panicked".into())));
        (wanted, live)
    })
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
    let plural = if operations.len() == 1 { "" } else { "s" };
    // Writing into a String cannot fail.
    let _ = writeln!(out, "\n{} operation{plural}:", operations.len());
    for (i, operation) in operations.iter().enumerate() {
        let _ = writeln!(out, "{:>5}. {operation}", i + 1);
    }
    out
}
