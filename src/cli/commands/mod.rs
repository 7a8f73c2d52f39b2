//! What each command does. Every command ends in an [`Outcome`]; `main` alone turns it
//! into an exit code: 0 success, 1 the input was rejected (diagnostics with errors, or a
//! difference where one is reported), 2 the command could not run (usage, I/O).

mod apply;
mod check;
mod compile;
mod completions;
mod debug;
mod diff;
mod dump;
mod explain;
mod fmt;
mod import;
mod input;
mod output;
mod plan;
mod table;

use crate::cli::arguments::{Arguments, Color, Command};

pub use input::load_path;
pub use output::write_stderr;

#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Success,
    Rejected,
    Failed(String),
}

pub fn run(arguments: Arguments) -> Outcome {
    let color = match arguments.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::IsTerminal::is_terminal(&std::io::stderr()) && std::env::var_os("NO_COLOR").is_none(),
    };
    input::allow_includes_from(arguments.include_root);
    match arguments.command {
        Command::Apply { file, yes, drain, keep_unmanaged, allow_mass_removal, allow_keepalived } => {
            let allow = apply::Allow { mass_removal: allow_mass_removal, keepalived: allow_keepalived };
            apply::run(&file, yes, drain, keep_unmanaged, allow, color)
        }
        Command::Dump { format } => dump::run(format),
        Command::Plan { file, against, exit_code, keep_unmanaged } => {
            plan::run(&file, against.as_deref(), exit_code, keep_unmanaged, color)
        }
        Command::Check { files, format, strictness } => check::run(&files, format, strictness.deny_warnings(), color),
        Command::Compile { file, target, output, host, strictness } => {
            compile::run(&file, target.0, output.as_deref(), host, strictness.deny_warnings(), color)
        }
        Command::Completions { shell } => completions::completions(shell),
        Command::Fmt { files, check } => fmt::run(&files, check, color),
        Command::Man { command } => completions::man(command.as_deref()),
        Command::Debug { stage, file, against } => debug::run(stage, &file, against.as_deref(), color),
        Command::Diff { old, new } => diff::run(&old, &new, color),
        Command::Explain { code } => explain::run(code.as_deref()),
        Command::Import { file, from, output, config_id } => {
            import::run(file.as_deref(), from, output.as_deref(), config_id.as_deref(), color)
        }
    }
}
