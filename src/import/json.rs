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

/// Why a document is not a model this lvsc can read.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("not a compiled lvsc model: {0}")]
    NotAModel(#[from] serde_json::Error),
    #[error("schema `{0}` is not `{SCHEMA_NAME}`")]
    OtherSchema(String),
    #[error("model version {0} is not {SCHEMA_VERSION}, the one this lvsc reads: compile it again with this lvsc")]
    OtherVersion(u32),
}

/// The model in `text`, or why it is not one this lvsc can read.
pub fn read(text: &str) -> Result<Config, ModelError> {
    let document: Header = serde_json::from_str(text)?;
    if document.schema != SCHEMA_NAME {
        return Err(ModelError::OtherSchema(document.schema));
    }
    if document.version != SCHEMA_VERSION {
        return Err(ModelError::OtherVersion(document.version));
    }
    let mut config: Config = serde_json::from_str(text)?;
    config.canonicalize();
    Ok(config)
}
