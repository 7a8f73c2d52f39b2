//! What plan and apply share: the file's table and the live one.

use super::input::read_text;
use super::load_path;
use lvsc::import::{ipvsadm, json};
use lvsc::kernel::dump::{dump, Cores, Live};
use lvsc::kernel::{Connection, KernelError};
use lvsc::model::Config;
use lvsc::source::SourceMap;
use std::path::Path;

/// The file's model, or the outcome to end with (diagnostics were shown). A `.json` file
/// is a compiled model (`lvsc compile --target json`), already checked.
pub fn desired(file: &Path, color: bool) -> Result<Config, super::Outcome> {
    if is_compiled(file) {
        let text = read_text(file).map_err(super::Outcome::Failed)?;
        return json::read(&text).map_err(|e| super::Outcome::Failed(format!("{}: {e}", file.display())));
    }
    let input = load_path(file).map_err(super::Outcome::Failed)?;
    input.report(false, color)?;
    input.checked.config.ok_or_else(|| super::Outcome::Failed("internal error: no model (please report this)".into()))
}

/// Whether the file is a compiled model (`lvsc compile --target json`) rather than `.lvs`.
pub fn is_compiled(file: &Path) -> bool {
    file.extension().is_some_and(|e| e == "json")
}

/// The file's model and the live table, read side by side: parsing a large file and
/// dumping a large table take about as long, and neither needs the other.
pub fn desired_and_live(
    file: &Path,
    color: bool,
) -> (Result<Config, super::Outcome>, Result<(Connection, Live), KernelError>) {
    // A `.json` model is read in a moment; a `.lvs` file is parsed on every core.
    let cores = if is_compiled(file) { Cores::Free } else { Cores::Busy };
    std::thread::scope(|scope| {
        let live = scope.spawn(|| {
            let mut connection = Connection::open()?;
            let live = dump(&mut connection, cores)?;
            Ok((connection, live))
        });
        let wanted = desired(file, color);
        let live = live.join().unwrap_or(Err(KernelError::DumpThreadPanicked));
        (wanted, live)
    })
}

/// A saved `ipvsadm-save -n` file as the table, read as `import` reads it.
pub fn saved(path: &Path) -> Result<Config, String> {
    saved_text(&path.display().to_string(), path, read_text(path)?)
}

/// Saved ipvsadm text as the table; `name` is how messages name it.
pub fn saved_text(name: &str, path: &Path, text: String) -> Result<Config, String> {
    let mut sources = SourceMap::new();
    let id = sources.add(name, path, text);
    ipvsadm::read(id, &sources.file(id).text).map_err(|diagnostics| {
        let first = diagnostics.first().map(|d| format!("{}: {}", sources.location(d.primary.span), d.message));
        format!("cannot read {name}: {}", first.unwrap_or_default())
    })
}
