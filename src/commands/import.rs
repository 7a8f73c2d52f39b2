//! `lvsc import [FILE]`: ipvsadm rule text to an equivalent, idiomatic `.lvs` file.

use super::output::write_output;
use super::Outcome;
use crate::diagnostic::{render_all, RenderOptions};
use crate::import::{ipvsadm, lvs_writer};
use crate::source::SourceMap;
use std::io::Read;
use std::path::Path;

pub fn run(file: Option<&Path>, output: Option<&Path>, color: bool) -> Outcome {
    let (name, text) = match file.filter(|f| *f != Path::new("-")) {
        Some(path) => match std::fs::read_to_string(path) {
            Ok(text) => (path.display().to_string(), text),
            Err(e) => return Outcome::Failed(format!("cannot read {}: {e}", path.display())),
        },
        None => {
            let mut text = String::new();
            if let Err(e) = std::io::stdin().read_to_string(&mut text) {
                return Outcome::Failed(format!("cannot read standard input: {e}"));
            }
            ("<stdin>".to_string(), text)
        }
    };
    let mut sources = SourceMap::new();
    let id = sources.add(&name, &name, text);
    let config = match ipvsadm::read(id, &sources.file(id).text) {
        Ok(config) => config,
        Err(diagnostics) => {
            let options = RenderOptions { color, width: 100, deny_warnings: false };
            eprint!("{}", render_all(&diagnostics, &sources, options));
            return Outcome::Rejected;
        }
    };
    let mut header = vec![format!("Imported by lvsc from {name}.")];
    if config.services.iter().flat_map(|s| &s.destinations).any(|d| d.forward == crate::model::Forward::Nat) {
        header.push("NAT replies must pass the director: declare the real servers' network".into());
        header.push("in `director { gateway 10.0.0.0/24 }` (or `masquerade`).".into());
    }
    match write_output(output, &lvs_writer::write(&config, &header)) {
        Ok(()) => Outcome::Success,
        Err(message) => Outcome::Failed(message),
    }
}
