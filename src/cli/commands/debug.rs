//! `lvsc debug ast|model|plan FILE`: the pipeline's named forms, for debugging lvsc. The
//! AST and the model print as JSON (spans as byte offsets per file id); the plan as
//! `plan` shows it, against a saved table or an empty one.

use super::table::{desired, saved};
use super::{load_path, Outcome};
use crate::cli::arguments::DebugStage;
use lvsc::change::{plan, render_plan, Scope};
use lvsc::emit::{emit, Target};
use lvsc::model::Config;
use std::path::Path;

pub fn run(stage: DebugStage, file: &Path, against: Option<&Path>, color: bool) -> Outcome {
    let text = match stage {
        DebugStage::Ast => {
            let input = match load_path(file) {
                Ok(input) => input,
                Err(message) => return Outcome::Failed(message),
            };
            let files: Vec<_> = input
                .loaded
                .files
                .iter()
                .map(|(id, ast)| serde_json::json!({ "file": input.loaded.sources.file(*id).name, "id": id.0, "ast": ast }))
                .collect();
            match serde_json::to_string_pretty(&files) {
                Ok(json) => json + "\n",
                Err(e) => return Outcome::Failed(format!("internal error: the AST does not serialize: {e}")),
            }
        }
        DebugStage::Model => match desired(file, color) {
            Ok(config) => emit(&config, Target::Json),
            Err(outcome) => return outcome,
        },
        DebugStage::Plan => {
            let wanted = match desired(file, color) {
                Ok(config) => config,
                Err(outcome) => return outcome,
            };
            let (live, live_name) = match against {
                Some(path) => match saved(path) {
                    Ok(config) => (config, path.display().to_string()),
                    Err(message) => return Outcome::Failed(message),
                },
                None => (Config::default(), "empty table".to_string()),
            };
            let plan = plan(&live, &wanted, Scope::default());
            render_plan(&plan, &live_name, &file.display().to_string(), false)
        }
    };
    match super::output::write_output(None, &text) {
        Ok(()) => Outcome::Success,
        Err(message) => Outcome::Failed(message),
    }
}
