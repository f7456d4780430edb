//! What the server asks of storage, as one trait both backends implement: the rules (versions,
//! exactly-once, routing) are written once against it, in `items`, `results` and the routes;
//! only the SQL differs, in `sqlite` and `postgres`.

use crate::db::export::ExportRow;
use crate::history::Past;
use crate::trust::SpotCheck;

/// A storage failure, from either backend.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// SQLite failed.
    #[error("SQLite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// PostgreSQL failed, or could not be reached.
    #[error("PostgreSQL: {}", with_causes(.0))]
    Postgres(#[from] tokio_postgres::Error),
}

/// `error` and what caused it: the driver says "error connecting to server", its cause says
/// "Connection refused (os error 111)".
fn with_causes(error: &tokio_postgres::Error) -> String {
    let mut text = error.to_string();
    let mut cause = std::error::Error::source(error);
    while let Some(next) = cause {
        text.push_str(": ");
        text.push_str(&next.to_string());
        cause = next.source();
    }
    text
}

impl StorageError {
    /// Whether a UNIQUE (or PRIMARY KEY) constraint refused the write: another writer stored
    /// the same key first.
    pub fn is_unique_violation(&self) -> bool {
        match self {
            StorageError::Sqlite(rusqlite::Error::SqliteFailure(failure, _)) => failure.code == rusqlite::ErrorCode::ConstraintViolation,
            StorageError::Sqlite(_) => false,
            StorageError::Postgres(error) => error.code() == Some(&tokio_postgres::error::SqlState::UNIQUE_VIOLATION),
        }
    }
}

/// An item version to store: the row `items` keeps for the id, and the row `item_versions`
/// keeps for the export.
#[derive(Clone, Copy, Debug)]
pub struct ItemRow<'a> {
    pub id: &'a str,
    /// The version as a number, counted up on every ingest of the id.
    pub version_no: i64,
    /// The version as clients see it.
    pub version: &'a str,
    /// The item's JSON text, its `version` member set.
    pub body: &'a str,
    pub kind: &'a str,
}

/// A result to store with its idempotency record, in one go.
#[derive(Clone, Copy, Debug)]
pub struct ResultRow<'a> {
    pub key: &'a str,
    pub item_id: &'a str,
    pub item_version: Option<&'a str>,
    pub decision: &'a str,
    /// The body as posted, verbatim.
    pub body: &'a str,
    /// The body as canonical JSON, to compare a retry with.
    pub request_json: &'a str,
    /// The answer a retry gets again.
    pub status: u16,
    pub response_body: &'a str,
    /// Made by the server itself (an auto-approval of routing by trust), not posted: the
    /// record the trust report and the export tell auto-approvals by.
    pub auto_approved: bool,
}

/// The answer stored for an idempotency key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FirstAnswer {
    /// The request it answered, as canonical JSON.
    pub request_json: String,
    pub status: u16,
    pub body: String,
}

/// One backend's reads and writes. A write runs inside the transaction [`crate::Db::write`]
/// opened; a read sees one consistent state.
pub trait Store {
    /// The id's current version number, `None` for an id never stored. An id the demo history
    /// kept a version of ([`Store::add_past`]) without an item is at 1, so an item ingested
    /// under it gets version 2 and never shares the history's version.
    fn item_version_no(&mut self, id: &str) -> Result<Option<i64>, StorageError>;
    /// Stores `item` as the id's current version, pending, and keeps the version for the
    /// export (a version already kept stays as it is).
    fn put_item(&mut self, item: ItemRow<'_>) -> Result<(), StorageError>;
    /// The item's current version string, `None` for an unknown id.
    fn current_version(&mut self, id: &str) -> Result<Option<String>, StorageError>;
    /// Takes the item out of (`false`) or puts it back into (`true`) the queue; an unknown id
    /// changes nothing.
    fn set_pending(&mut self, id: &str, pending: bool) -> Result<(), StorageError>;
    /// Up to `count` (all when `None`) pending items of `kind` (any when `None`) stored
    /// before position `before`, newest first, as (position, JSON text).
    fn pending(&mut self, kind: Option<&str>, before: Option<i64>, count: Option<i64>) -> Result<Vec<(i64, String)>, StorageError>;
    /// Records that a routing rule drew this item version for a person.
    fn add_spot_check(&mut self, item_id: &str, version: &str, rule: &str) -> Result<(), StorageError>;
    /// What the first request with this idempotency key was answered.
    fn first_answer(&mut self, key: &str) -> Result<Option<FirstAnswer>, StorageError>;
    /// Stores a result and its idempotency record. A key stored before is refused with a
    /// unique violation ([`StorageError::is_unique_violation`]).
    fn insert_result(&mut self, row: ResultRow<'_>) -> Result<(), StorageError>;
    /// Every stored result's body, in storage order.
    fn result_bodies(&mut self) -> Result<Vec<String>, StorageError>;
    /// Up to `limit` results stored after position `after` and, when given, after the time
    /// `since` (in [`crate::timestamp::stored`]'s shape), in storage order.
    fn export_page(&mut self, after: i64, since: Option<&str>, limit: u32) -> Result<Vec<ExportRow>, StorageError>;
    /// How each routing rule's spot checks turned out: drawn, decided by a person (skips left
    /// out; an item decided twice counts once, by its latest decision) and approved unedited.
    fn spot_checks(&mut self) -> Result<Vec<SpotCheck>, StorageError>;
    /// Stores a past decision and version `1` of its item (kept when already stored), the
    /// result stored at its `decided_at`; a key stored before is left alone.
    fn add_past(&mut self, past: &Past, stored_at: &str) -> Result<(), StorageError>;
}
