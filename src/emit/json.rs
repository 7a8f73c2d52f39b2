//! The checked model as JSON, wrapped with a schema name and version (docs/json.md
//! describes every field). The version changes whenever a field changes meaning or is
//! removed; adding an optional field does not change it.

use crate::model::Config;
use serde::Serialize;

/// What names an lvsc model document, whatever its version.
pub const SCHEMA_NAME: &str = "lvsc-model";
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    schema: &'static str,
    version: u32,
    #[serde(flatten)]
    config: &'a Config,
}

pub fn emit(config: &Config) -> String {
    let document = Document { schema: SCHEMA_NAME, version: SCHEMA_VERSION, config };
    // Serialising plain data with string keys cannot fail.
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}
