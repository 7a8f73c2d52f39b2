//! Reads a `.lvs` file (or standard input) with its includes, checks it, and shows the
//! diagnostics on standard error.

use super::Outcome;
use lvsc::check::{check, Checked};
use lvsc::diagnostic::{render_all, RenderOptions};
use lvsc::syntax::{load, Loaded};
use std::io::Read;
use std::path::Path;

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
            eprint!("{}", render_all(&self.checked.diagnostics, &self.loaded.sources, options));
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

/// Reads and checks `path` (`-` is standard input, whose includes are relative to the
/// current directory).
pub fn load_path(path: &Path) -> Result<Input, String> {
    let (name, text, base) = if path == Path::new("-") {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text).map_err(|e| format!("cannot read standard input: {e}"))?;
        ("<stdin>".to_string(), text, Path::new("./<stdin>").to_path_buf())
    } else {
        let text =
            std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {}", path.display(), reason(&e)))?;
        (path.display().to_string(), text, path.to_path_buf())
    };
    let loaded = load(&name, &base, text);
    let checked = check(&loaded);
    Ok(Input { loaded, checked })
}

fn reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::InvalidData => "not UTF-8 text".into(),
        _ => error.to_string(),
    }
}
