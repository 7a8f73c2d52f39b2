//! The `lvsc` binary: parse arguments, run, map the outcome to an exit code.

mod cli;

use clap::Parser;
use cli::arguments::Arguments;
use cli::commands::{run, Outcome};
use std::process::ExitCode;

fn main() -> ExitCode {
    let arguments = Arguments::parse();
    match run(arguments) {
        Outcome::Success => ExitCode::from(0),
        Outcome::Rejected => ExitCode::from(1),
        Outcome::Failed(message) => {
            cli::commands::write_stderr(&format!("lvsc: {message}\n"));
            ExitCode::from(2)
        }
    }
}
