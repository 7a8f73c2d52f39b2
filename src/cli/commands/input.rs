//! Reads a `.lvs` file (or standard input) with its includes, checks it, and shows the
//! diagnostics on standard error.

use super::output::write_stderr;
use super::Outcome;
use lvsc::check::{check, Checked};
use lvsc::diagnostic::{render_all, RenderOptions};
use lvsc::source::io_reason;
use lvsc::syntax::{load_with, Loaded};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The directories `--include-root` adds to where includes may be read from.
static INCLUDE_ROOTS: OnceLock<Vec<PathBuf>> = OnceLock::new();

/// Sets the extra include roots for this run (once, from the command line).
pub fn allow_includes_from(roots: Vec<PathBuf>) {
    let _ = INCLUDE_ROOTS.set(roots);
}

pub fn include_roots() -> &'static [PathBuf] {
    INCLUDE_ROOTS.get().map_or(&[], Vec::as_slice)
}

/// A loaded and checked input.
pub struct Input {
    pub loaded: Loaded,
    pub checked: Checked,
}

impl Input {
    /// Prints the diagnostics; the outcome to end with when the input cannot go on.
    pub fn report(&self, deny_warnings: bool, color: bool) -> Result<(), Outcome> {
        if !self.checked.diagnostics.is_empty() {
            let width = terminal_width();
            let options = RenderOptions { color, width, deny_warnings };
            write_stderr(&render_all(&self.checked.diagnostics, &self.loaded.sources, options));
            write_stderr(&summary(
                &self.loaded.sources.file(lvsc::source::FileId(0)).name,
                &self.checked.diagnostics,
                deny_warnings,
            ));
        }
        self.verdict(deny_warnings)
    }

    /// Whether the input can go on: an internal error is lvsc's failure (exit 2), any
    /// other error, or a warning under `--deny warnings`, rejects the input (exit 1).
    pub fn verdict(&self, deny_warnings: bool) -> Result<(), Outcome> {
        let diagnostics = &self.checked.diagnostics;
        if let Some(internal) = diagnostics.iter().find(|d| d.code.is_internal()) {
            return Err(Outcome::Failed(internal.message.clone()));
        }
        if self.checked.has_errors() || (deny_warnings && !diagnostics.is_empty()) {
            return Err(Outcome::Rejected);
        }
        Ok(())
    }
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).unwrap_or(100)
}

/// `lb.lvs: 3 errors, 20000 warnings`: the count after the diagnostics, which may have
/// scrolled away.
fn summary(name: &str, diagnostics: &[lvsc::diagnostic::Diagnostic], deny_warnings: bool) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error() || deny_warnings).count();
    let warnings = diagnostics.len() - errors;
    let count = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    match (errors, warnings) {
        (0, w) => format!("{name}: {}\n", count(w, "warning")),
        (e, 0) => format!("{name}: {}\n", count(e, "error")),
        (e, w) => format!("{name}: {}, {}\n", count(e, "error"), count(w, "warning")),
    }
}

/// Reads and checks `path` (`-` is standard input, whose includes are relative to the
/// current directory).
pub fn load_path(path: &Path) -> Result<Input, String> {
    let (name, text, base) = if path == Path::new("-") {
        let text = read_stdin()?;
        ("<stdin>".to_string(), text, Path::new("./<stdin>").to_path_buf())
    } else {
        let text = read_text(path)?;
        (path.display().to_string(), text, path.to_path_buf())
    };
    let loaded = load_with(&name, &base, text, &|p: &Path| lvsc::source::read_file(p), include_roots());
    let checked = check(&loaded);
    Ok(Input { loaded, checked })
}

/// A file's text, or the one wording every command uses for why it cannot be read.
pub fn read_text(path: &Path) -> Result<String, String> {
    lvsc::source::read_file(path).map_err(|e| format!("cannot read {}: {}", path.display(), io_reason(&e)))
}

/// Standard input's text, with the same limit and wording as a file's.
pub fn read_stdin() -> Result<String, String> {
    lvsc::source::read_text(std::io::stdin().lock())
        .map_err(|e| format!("cannot read standard input: {}", io_reason(&e)))
}
