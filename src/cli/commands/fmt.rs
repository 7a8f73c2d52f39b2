//! `lvsc fmt FILE... [--check]`: the canonical layout, in place (like rustfmt); `-` reads
//! standard input and writes standard output. `--check` changes nothing, prints the diff
//! of every file that is not formatted and exits 1.

use super::input::{read_stdin, read_text};
use super::output::{write_output, write_stderr};
use super::Outcome;
use lvsc::change::render_unified;
use lvsc::diagnostic::{render_all, RenderOptions};
use lvsc::source::SourceMap;
use lvsc::syntax::format::format;
use std::path::{Path, PathBuf};

pub fn run(files: &[PathBuf], check: bool, color: bool) -> Outcome {
    let mut unformatted = false;
    let mut rejected = false;
    let mut failed = Vec::new();
    // One file that cannot be read, parsed or written does not stop the others.
    for file in files {
        match format_one(file, check, color) {
            Ok(Formatted::Unchanged) => {}
            Ok(Formatted::Differs) => unformatted = true,
            Err(Outcome::Rejected) => rejected = true,
            Err(Outcome::Failed(message)) => {
                write_stderr(&format!("lvsc: {message}\n"));
                failed.push(file.display().to_string());
            }
            Err(Outcome::Success) => {}
        }
    }
    if !failed.is_empty() {
        let plural = if failed.len() == 1 { "" } else { "s" };
        return Outcome::Failed(format!("{} file{plural} not formatted: {}", failed.len(), failed.join(", ")));
    }
    if unformatted || rejected {
        Outcome::Rejected
    } else {
        Outcome::Success
    }
}

enum Formatted {
    Unchanged,
    /// Only with `--check`: the file is not in the canonical layout.
    Differs,
}

fn format_one(file: &Path, check: bool, color: bool) -> Result<Formatted, Outcome> {
    let stdin = file == Path::new("-");
    let text = if stdin { read_stdin() } else { read_text(file) }.map_err(Outcome::Failed)?;
    let name = if stdin { "<stdin>".to_string() } else { file.display().to_string() };
    let mut sources = SourceMap::new();
    let id = sources.add(&name, file, text.clone());
    let formatted = match format(id, &text) {
        Ok(formatted) => formatted,
        Err(diagnostic) => {
            let options = RenderOptions { color, width: 100, deny_warnings: false };
            write_stderr(&render_all(&[diagnostic], &sources, options));
            return Err(Outcome::Rejected);
        }
    };
    if check {
        if formatted == text {
            return Ok(Formatted::Unchanged);
        }
        let diff = render_unified(&text, &formatted, &name, &format!("{name} (formatted)"), color);
        write_output(None, &diff).map_err(Outcome::Failed)?;
        return Ok(Formatted::Differs);
    }
    if stdin || formatted != text {
        let target = if stdin { None } else { Some(file) };
        write_output(target, &formatted).map_err(Outcome::Failed)?;
    }
    Ok(Formatted::Unchanged)
}
