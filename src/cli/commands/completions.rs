//! `lvsc completions SHELL` and `lvsc man`: generated from the clap definitions, so they
//! never fall behind the real options.

use super::output::write_output;
use super::Outcome;
use crate::cli::arguments::Arguments;
use clap::CommandFactory;
use lvsc::emit::Target;

pub fn completions(shell: clap_complete::Shell) -> Outcome {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Arguments::command(), "lvsc", &mut script);
    finish(script)
}

/// The page of lvsc, or of one of its commands as `lvsc-COMMAND(1)` (the pages that
/// lvsc(1) lists under SUBCOMMANDS), each with its exit status and, where it writes
/// them, the compile targets.
pub fn man(command: Option<&str>) -> Outcome {
    let mut top = Arguments::command();
    // Built, so that the `help` command that lvsc(1) lists has a page too.
    top.build();
    let cmd = match command {
        None => top,
        Some(name) => match top.find_subcommand(name) {
            Some(sub) => sub.clone().name(format!("lvsc-{name}")),
            None => {
                let names: Vec<&str> = top.get_subcommands().map(|c| c.get_name()).collect();
                return Outcome::Failed(format!("no command `{name}`: man pages are for {}", names.join(", ")));
            }
        },
    };
    match page(cmd, command) {
        Ok(page) => finish(page),
        Err(e) => Outcome::Failed(format!("cannot render the man page: {e}")),
    }
}

fn page(cmd: clap::Command, command: Option<&str>) -> std::io::Result<Vec<u8>> {
    let man = clap_mangen::Man::new(cmd.clone());
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut page)?;
    }
    if cmd.has_subcommands() {
        man.render_subcommands_section(&mut page)?;
    }
    page.extend_from_slice(EXIT_STATUS.as_bytes());
    if matches!(command, None | Some("compile")) {
        page.extend_from_slice(b".SH TARGETS\n");
        for target in Target::ALL {
            page.extend_from_slice(format!(".TP\n{}\n{}\n", target.name(), roff_text(target.description())).as_bytes());
        }
    }
    // clap_mangen unwraps the version; a command's own page has none.
    if cmd.get_version().is_some() {
        man.render_version_section(&mut page)?;
    }
    Ok(page)
}

const EXIT_STATUS: &str = ".SH \"EXIT STATUS\"\n.TP\n0\nSuccess: the input is valid, the output was written, the \
    table is as the file says.\n.TP\n1\nThe input was rejected: errors (or warnings under \\-\\-deny warnings), \
    a difference where one is reported (diff, plan \\-\\-exit\\-code, fmt \\-\\-check), or the kernel \
    refused a change (apply undid what it had done).\n.TP\n2\nThe command could not run: usage, a file that \
    cannot be read or written, no IPVS or no privilege, an internal error.\n";

/// Text as roff reads it: a leading dot or quote would start a request.
fn roff_text(text: &str) -> String {
    text.replace('\\', "\\\\").replace('-', "\\-")
}

fn finish(bytes: Vec<u8>) -> Outcome {
    match write_output(None, &String::from_utf8_lossy(&bytes)) {
        Ok(()) => Outcome::Success,
        Err(message) => Outcome::Failed(message),
    }
}
