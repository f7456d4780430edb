//! Reading stored results for the export, page by page, each with the item version it decided.

use super::store::Store;
use crate::error::ApiError;

/// One stored result and what it was about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportRow {
    /// Its place in storage order; a later pull continues after the last one it saw.
    pub seq: i64,
    /// When the server stored it (ISO 8601 UTC).
    pub stored_at: String,
    /// The result as posted, verbatim.
    pub result: String,
    /// The item as ingested in the version the result names (the current one when the result
    /// names none); `None` for items this server never saw.
    pub item: Option<String>,
    /// Made by the server itself (an auto-approval), as it recorded when it stored it.
    pub auto_approved: bool,
}

/// Where a pull starts: after a storage position, or after a time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Since {
    /// Everything.
    Start,
    /// Results stored after this position (`seq` of the last line a puller got).
    Position(i64),
    /// Results stored after this time, in [`crate::timestamp::stored`]'s shape.
    Time(String),
}

/// Up to `limit` results stored after `after` (a position) and, for [`Since::Time`], after
/// that time, in storage order.
pub fn page(store: &mut dyn Store, since: &Since, after: i64, limit: u32) -> Result<Vec<ExportRow>, ApiError> {
    let (after, time) = match since {
        Since::Start => (after, None),
        Since::Position(position) => (after.max(*position), None),
        Since::Time(time) => (after, Some(time.as_str())),
    };
    Ok(store.export_page(after, time, limit)?)
}
