//! JSON kept as the exact text it arrived in, so `metadata` and `reviewer` are echoed byte for byte.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

/// Any JSON value, kept verbatim. Two are equal when their texts are.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RawJson(pub Box<RawValue>);

impl RawJson {
    /// Parses `text` as JSON, keeping it verbatim.
    pub fn parse(text: &str) -> Result<RawJson, serde_json::Error> {
        RawValue::from_string(text.to_string()).map(RawJson)
    }

    /// The JSON text.
    pub fn get(&self) -> &str {
        self.0.get()
    }
}

impl PartialEq for RawJson {
    fn eq(&self, other: &RawJson) -> bool {
        self.get() == other.get()
    }
}
