//! `lvsc check FILE...`: every diagnostic of every file; nothing written.

use super::{load_path, Outcome};
use std::path::PathBuf;

pub fn run(files: &[PathBuf], deny_warnings: bool, color: bool) -> Outcome {
    let mut rejected = false;
    for file in files {
        match load_path(file) {
            Ok(input) => rejected |= input.report(deny_warnings, color),
            Err(message) => return Outcome::Failed(message),
        }
    }
    if rejected {
        Outcome::Rejected
    } else {
        Outcome::Success
    }
}
