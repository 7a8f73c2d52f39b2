//! `lvsc compile FILE --target T`: check, then write one target's output.

use super::output::write_output;
use super::{load_path, Outcome};
use lvsc::emit::{emit, realserver_for_host, Target};
use std::net::IpAddr;
use std::path::Path;

pub fn run(
    file: &Path,
    target: Target,
    output: Option<&Path>,
    host: Option<IpAddr>,
    deny_warnings: bool,
    color: bool,
) -> Outcome {
    let input = match load_path(file) {
        Ok(input) => input,
        Err(message) => return Outcome::Failed(message),
    };
    if let Err(outcome) = input.report(deny_warnings, color) {
        return outcome;
    }
    let Some(config) = &input.checked.config else {
        return Outcome::Failed("internal error: a file without errors has no model (please report this)".into());
    };
    if host.is_some() && target != Target::Realserver {
        return Outcome::Failed("--host is for --target realserver".into());
    }
    let text = match host {
        Some(host) => match realserver_for_host(config, host) {
            Ok(text) => text,
            Err(error) => return Outcome::Failed(error.to_string()),
        },
        None => emit(config, target),
    };
    match write_output(output, &text) {
        Ok(()) => Outcome::Success,
        Err(message) => Outcome::Failed(message),
    }
}
