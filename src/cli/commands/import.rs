//! `lvsc import [FILE]`: ipvsadm rule text or a keepalived.conf to an equivalent,
//! idiomatic `.lvs` file; what keepalived does beyond the table is listed as comments.

use super::input::{read_stdin, read_text};
use super::output::{write_output, write_stderr};
use super::Outcome;
use crate::cli::arguments::ImportFormat;
use ipnet::IpNet;
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
    // Adjacent networks merged (all of 10.128.0.0/24 … 10.128.255.0/24 is 10.128.0.0/16):
    // a large table's backends span hundreds of them, and the suggestion is one line.
    let nearby: std::collections::BTreeSet<IpNet> = config
        .services
        .iter()
        .flat_map(|s| &s.destinations)
        .filter(|d| d.forward == Forward::Nat)
        .map(|d| d.nearby_network())
        .collect();
    let nat_networks: Vec<String> =
        IpNet::aggregate(&nearby.into_iter().collect()).iter().map(ToString::to_string).collect();
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
