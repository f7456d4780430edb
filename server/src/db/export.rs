//! Reading stored results for the export, page by page, each with the item version it decided.

use rusqlite::{params, Connection};

use crate::error::ApiError;
use crate::trust::SpotCheck;

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
}

/// Where a pull starts: after a storage position, or after a time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Since {
    /// Everything.
    Start,
    /// Results stored after this position (`seq` of the last line a puller got).
    Position(i64),
    /// Results stored after this ISO 8601 time.
    Time(String),
}

/// Up to `limit` results stored after `after` (a position) and, for [`Since::Time`], after
/// that time, in storage order.
pub fn page(connection: &Connection, since: &Since, after: i64, limit: u32) -> Result<Vec<ExportRow>, ApiError> {
    let (after, time) = match since {
        Since::Start => (after, String::new()),
        Since::Position(position) => (after.max(*position), String::new()),
        Since::Time(time) => (after, time.clone()),
    };
    let mut statement = connection.prepare_cached(
        "SELECT r.seq, r.created_at, r.body, COALESCE(v.body, i.body)
         FROM results r
         LEFT JOIN item_versions v ON v.item_id = r.item_id AND v.version = r.item_version
         LEFT JOIN items i ON i.id = r.item_id AND r.item_version IS NULL
         WHERE r.seq > ?1 AND (?2 = '' OR julianday(r.created_at) > julianday(?2))
         ORDER BY r.seq
         LIMIT ?3",
    )?;
    let rows = statement
        .query_map(params![after, time, limit], |row| Ok(ExportRow { seq: row.get(0)?, stored_at: row.get(1)?, result: row.get(2)?, item: row.get(3)? }))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// How each routing rule's spot checks turned out: drawn, decided by a person (skips left
/// out; an item decided twice counts once, by its latest decision) and approved unedited.
pub fn spot_checks(connection: &Connection) -> Result<Vec<SpotCheck>, ApiError> {
    let mut statement = connection.prepare_cached(
        "SELECT s.rule, COUNT(*), COUNT(r.seq),
                COALESCE(SUM(r.decision = 'approved' AND json_extract(r.body, '$.edited') = 0), 0)
         FROM spot_checks s
         -- Each spot-checked item once, by its latest decision that is not a skip.
         LEFT JOIN results r ON r.seq = (
             SELECT MAX(latest.seq) FROM results latest
             WHERE latest.item_id = s.item_id AND latest.item_version = s.version AND latest.decision != 'skipped')
         GROUP BY s.rule ORDER BY s.rule",
    )?;
    let checks = statement
        .query_map([], |row| {
            let count = |index: usize| row.get::<_, i64>(index).map(|count| u64::try_from(count).unwrap_or(0));
            Ok(SpotCheck { rule: row.get(0)?, drawn: count(1)?, decided: count(2)?, approved_unedited: count(3)? })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(checks)
}
