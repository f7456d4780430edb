//! The JSON that goes in and out of the widget (contract §3 and §4), as pure serde types with
//! validation. Nothing here touches the DOM, so it is tested natively and shared with the server.

mod decide;
mod item;
mod json_path;
mod raw;
mod result;
mod validate;

pub use decide::{decide, original_content, DecisionContext, DecisionError, DecisionInput};
pub use item::*;
pub use raw::RawJson;
pub use result::*;
pub use validate::{parse_item, parse_items, InputError, ItemError, ParsedItems, PLATFORMS};
