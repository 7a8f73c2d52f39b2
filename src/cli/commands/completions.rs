//! `lvsc completions SHELL` and `lvsc man`: generated from the clap definitions, so they
//! never fall behind the real options.

use super::output::write_output;
use super::Outcome;
use crate::cli::arguments::Arguments;
use clap::CommandFactory;

pub fn completions(shell: clap_complete::Shell) -> Outcome {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Arguments::command(), "lvsc", &mut script);
    finish(script)
}

pub fn man() -> Outcome {
    let mut page = Vec::new();
    match clap_mangen::Man::new(Arguments::command()).render(&mut page) {
        Ok(()) => finish(page),
        Err(e) => Outcome::Failed(format!("cannot render the man page: {e}")),
    }
}

fn finish(bytes: Vec<u8>) -> Outcome {
    match write_output(None, &String::from_utf8_lossy(&bytes)) {
        Ok(()) => Outcome::Success,
        Err(message) => Outcome::Failed(message),
    }
}
