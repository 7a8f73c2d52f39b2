//! `lvsc import [FILE]`: ipvsadm rule text or a keepalived.conf to an equivalent,
//! idiomatic `.lvs` file; what keepalived does beyond the table is listed as comments.

use super::input::{read_stdin, read_text};
use super::output::{write_output, write_stderr};
use super::Outcome;
use crate::cli::arguments::ImportFormat;
use lvsc::diagnostic::{render_all, RenderOptions};
use lvsc::emit::lvs;
use lvsc::import::detect::{detect, Format};
use lvsc::import::{ipvsadm, keepalived};
use lvsc::model::Forward;
use lvsc::source::SourceMap;
use std::path::Path;

pub fn run(
    file: Option<&Path>,
    from: Option<ImportFormat>,
    output: Option<&Path>,
    config_id: Option<&str>,
    color: bool,
) -> Outcome {
    let (name, text) = match file.filter(|f| *f != Path::new("-")) {
        Some(path) => match read_text(path) {
            Ok(text) => (path.display().to_string(), text),
            Err(message) => return Outcome::Failed(message),
        },
        None => match read_stdin() {
            Ok(text) => ("<stdin>".to_string(), text),
            Err(message) => return Outcome::Failed(message),
        },
    };
    let mut sources = SourceMap::new();
    let id = sources.add(&name, &name, text);
    let text = &sources.file(id).text;
    let keepalived = match from {
        Some(f) => f == ImportFormat::Keepalived,
        None => match detect(text) {
            Some(format) => format == Format::Keepalived,
            None => {
                return Outcome::Failed(format!(
                    "{name} is neither ipvsadm text (ipvsadm-save, ipvsadm -L -n, a script of ipvsadm \
                     commands) nor a keepalived.conf; say which with --from if it is one of them"
                ))
            }
        },
    };
    let read = if keepalived {
        let config_id = config_id.map_or_else(keepalived::host_config_id, str::to_string);
        keepalived::read_files(&mut sources, id, &config_id).map(|i| {
            // What keepalived repairs is a warning at its place, and a line of the header.
            let mut notes = Vec::new();
            for (span, message) in &i.repairs {
                write_stderr(&format!("lvsc: warning: {}: {message}\n", sources.location(*span)));
                notes.push(format!("{}: {message}", sources.location(*span)));
            }
            notes.extend(i.notes);
            (i.config, notes)
        })
    } else {
        ipvsadm::read_with_notes(id, text)
    };
    let (config, notes) = match read {
        Ok(read) => read,
        Err(diagnostics) => {
            let options = RenderOptions { color, width: 100, deny_warnings: false };
            write_stderr(&render_all(&diagnostics, &sources, options));
            return Outcome::Rejected;
        }
    };
    let mut header = vec![format!("Imported by lvsc from {name}.")];
    if !notes.is_empty() {
        header.push("Notes on the import (what keepalived repairs, and what is not carried over):".into());
        header.extend(notes.iter().map(|n| format!("  {n}")));
    }
    // In the order first met; a set, as a large table has hundreds of networks.
    let mut nat_networks: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for d in config.services.iter().flat_map(|s| &s.destinations).filter(|d| d.forward == Forward::Nat) {
        let network = d.nearby_network();
        if seen.insert(network) {
            nat_networks.push(network.to_string());
        }
    }
    if !nat_networks.is_empty() {
        header.push("NAT replies must pass the director: declare the real servers' networks,".into());
        let gateways: Vec<String> = nat_networks.iter().map(|n| format!("gateway {n}")).collect();
        header.push(format!("e.g. `director {{ {} }}` (or `masquerade`).", gateways.join(" ")));
    }
    match write_output(output, &lvs::write(&config, &header)) {
        Ok(()) => Outcome::Success,
        Err(message) => Outcome::Failed(message),
    }
}
