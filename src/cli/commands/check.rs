//! `lvsc check FILE...`: every diagnostic of every file, in the format asked for;
//! nothing else is written.

use super::{load_path, Outcome};
use crate::cli::arguments::Format;
use lvsc::diagnostic::{render_github, render_json, render_sarif, Diagnostic};
use lvsc::source::SourceMap;
use std::path::PathBuf;

pub fn run(files: &[PathBuf], format: Format, deny_warnings: bool, color: bool) -> Outcome {
    let mut verdict = Ok(());
    // Machine formats describe the whole run at once (SARIF is one log), so the files'
    // sources are gathered into one map and the diagnostics re-pointed into it.
    let mut sources = SourceMap::new();
    let mut all: Vec<Diagnostic> = Vec::new();
    for file in files {
        let input = match load_path(file) {
            Ok(input) => input,
            Err(message) => return Outcome::Failed(message),
        };
        let this =
            if format == Format::Human { input.report(deny_warnings, color) } else { input.verdict(deny_warnings) };
        // The worst verdict of all files: a failure before a rejection.
        if let Err(outcome) = this {
            if !matches!(verdict, Err(Outcome::Failed(_))) {
                verdict = Err(outcome);
            }
        }
        if format == Format::Human {
            continue;
        }
        let offset = sources.files().count() as u32;
        for (_, f) in input.loaded.sources.files() {
            sources.add(f.name.clone(), &f.path, f.text.clone());
        }
        for mut d in input.checked.diagnostics {
            d.primary.span.file.0 += offset;
            for label in &mut d.secondary {
                label.span.file.0 += offset;
            }
            all.push(d);
        }
    }
    let text = match format {
        Format::Human => String::new(),
        Format::Json => render_json(&all, &sources, deny_warnings),
        Format::Sarif => render_sarif(&all, &sources, deny_warnings),
        Format::Github => render_github(&all, &sources, deny_warnings),
    };
    if let Err(message) = super::output::write_output(None, &text) {
        return Outcome::Failed(message);
    }
    verdict.err().unwrap_or(Outcome::Success)
}
