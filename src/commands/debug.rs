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
            for (id, ast) in &input.loaded.files {
                println!("// {}\n{ast:#?}", input.loaded.sources.file(*id).name);
            }
            Outcome::Success
        }
        DebugStage::Model => {
            if input.report(false, color) {
                return Outcome::Rejected;
            }
            println!("{:#?}", input.checked.config);
            Outcome::Success
        }
    }
}
