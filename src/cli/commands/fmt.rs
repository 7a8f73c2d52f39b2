//! `lvsc fmt FILE... [--check]`: the canonical layout, in place (like rustfmt); `-` reads
//! standard input and writes standard output. `--check` changes nothing, prints the diff
//! of every file that is not formatted and exits 1.

use super::output::write_output;
use super::Outcome;
use lvsc::change::render_unified;
use lvsc::diagnostic::{render_all, RenderOptions};
use lvsc::source::SourceMap;
use lvsc::syntax::format::format;
use std::io::Read;
use std::path::{Path, PathBuf};

pub fn run(files: &[PathBuf], check: bool, color: bool) -> Outcome {
    let mut unformatted = false;
    for file in files {
        let stdin = file == Path::new("-");
        let text = if stdin {
            let mut text = String::new();
            if let Err(e) = std::io::stdin().read_to_string(&mut text) {
                return Outcome::Failed(format!("cannot read standard input: {e}"));
            }
            text
        } else {
            match std::fs::read_to_string(file) {
                Ok(text) => text,
                Err(e) => return Outcome::Failed(format!("cannot read {}: {e}", file.display())),
            }
        };
        let name = if stdin { "<stdin>".to_string() } else { file.display().to_string() };
        let mut sources = SourceMap::new();
        let id = sources.add(&name, file, text.clone());
        let formatted = match format(id, &text) {
            Ok(formatted) => formatted,
            Err(diagnostic) => {
                let options = RenderOptions { color, width: 100, deny_warnings: false };
                eprint!("{}", render_all(&[diagnostic], &sources, options));
                return Outcome::Rejected;
            }
        };
        if check {
            if formatted != text {
                unformatted = true;
                let diff = render_unified(&text, &formatted, &name, &format!("{name} (formatted)"), color);
                if let Err(message) = write_output(None, &diff) {
                    return Outcome::Failed(message);
                }
            }
            continue;
        }
        let target = if stdin { None } else { Some(file.as_path()) };
        if stdin || formatted != text {
            if let Err(message) = write_output(target, &formatted) {
                return Outcome::Failed(message);
            }
        }
    }
    if unformatted {
        Outcome::Rejected
    } else {
        Outcome::Success
    }
}
