//! The JSON that goes in and out of the widget (contract §3 and §4): plain types, read and
//! written through [`crate::json`], with validation. Nothing here touches the DOM, so it is
//! tested natively and shared with the server.

mod decide;
mod item;
mod leads;
mod limit_check;
mod limits;
mod read;
mod result;
mod result_json;
mod reviewer;
mod validate;

pub use decide::{blank_platforms, decide, decide_with_json, original_content, DecisionContext, DecisionError, DecisionInput, OVER_LIMIT_REASON};
pub use item::*;
pub use leads::LeadEdits;
pub use limit_check::{item_over_limits, item_over_size, member_path, result_over_limits, reviewer_over_limits};
pub use limits::{TextField, MAX_CHANGES, MAX_DEPTH, MAX_ITEM_BYTES, MAX_LIST_LEN, MAX_REQUEST_BYTES, MAX_TEXT_CHARS};
pub use result::*;
pub use reviewer::check_reviewer;
pub use validate::{parse_item, parse_items, parse_items_in, InputError, ItemError, ParsedItems, PLATFORMS};
