//! Reads a compiled model (`lvsc compile --target json`) back, so that a table checked
//! once, in CI, can be planned and applied on a director without its sources: the
//! artifact carries everything (includes resolved, defaults applied).

use crate::emit::json::{SCHEMA_NAME, SCHEMA_VERSION};
use crate::model::Config;
use serde::Deserialize;

/// What says which model a document holds, read before the model itself so that a
/// document of another version is named as such rather than as malformed.
#[derive(Deserialize)]
struct Header {
    schema: String,
    version: u32,
}

/// The model in `text`, or why it is not one this lvsc can read.
pub fn read(text: &str) -> Result<Config, String> {
    let not_a_model = |e: serde_json::Error| format!("not a compiled lvsc model: {e}");
    let document: Header = serde_json::from_str(text).map_err(not_a_model)?;
    if document.schema != SCHEMA_NAME {
        return Err(format!("schema `{}` is not `{SCHEMA_NAME}`", document.schema));
    }
    if document.version != SCHEMA_VERSION {
        return Err(format!(
            "model version {} is not {SCHEMA_VERSION}, the one this lvsc reads: compile it again with this lvsc",
            document.version
        ));
    }
    let mut config: Config = serde_json::from_str(text).map_err(not_a_model)?;
    config.canonicalize();
    Ok(config)
}
