//! `lvsc debug ast|model FILE`: the intermediate forms, for debugging lvsc.

use super::{load_path, Outcome};
use crate::arguments::DebugStage;
use std::path::Path;

pub fn run(stage: DebugStage, file: &Path, color: bool) -> Outcome {
    let input = match load_path(file) {
        Ok(input) => input,
        Err(message) => return Outcome::Failed(message),
    };
    match stage {
        DebugStage::Ast => {
            let text: String = input
                .loaded
                .files
                .iter()
                .map(|(id, ast)| format!("// {}\n{ast:#?}\n", input.loaded.sources.file(*id).name))
                .collect();
            finish(&text)
        }
        DebugStage::Model => {
            if input.report(false, color) {
                return Outcome::Rejected;
            }
            finish(&format!("{:#?}\n", input.checked.config))
        }
    }
}

fn finish(text: &str) -> Outcome {
    match super::output::write_output(None, text) {
        Ok(()) => Outcome::Success,
        Err(message) => Outcome::Failed(message),
    }
}
