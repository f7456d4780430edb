//! The SQLite file: opening it safely, its migrations, and the [`Store`] over a connection.

use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use super::export::ExportRow;
use super::store::{FirstAnswer, ItemRow, ResultRow, StorageError, Store};
use super::DbError;
use crate::history::Past;
use crate::trust::SpotCheck;

/// The migrations, in the order they are applied. `PRAGMA user_version` holds how many ran.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/sqlite/0001_init.sql"),
    include_str!("../../migrations/sqlite/0002_item_versions.sql"),
    include_str!("../../migrations/sqlite/0003_spot_checks.sql"),
    include_str!("../../migrations/sqlite/0004_stored_times.sql"),
    include_str!("../../migrations/sqlite/0005_auto_approvals.sql"),
];

/// Opens (or creates) the file at `path` in WAL mode with `synchronous=FULL`, so an
/// acknowledged write survives a crash, and applies pending migrations. When the file had no
/// `items` table yet, `seed` runs in the same transaction (what it answers, how many items
/// it stored, comes back); its error fails the open.
pub fn open(path: &Path, seed: impl FnOnce(&mut dyn Store) -> Result<usize, DbError>) -> Result<(Connection, Option<usize>), DbError> {
    let mut connection = Connection::open(path)?;
    connection.busy_timeout(std::time::Duration::from_secs(5))?;
    connection.pragma_update(None, "journal_mode", "WAL")?;
    connection.pragma_update(None, "synchronous", "FULL")?;
    connection.pragma_update(None, "foreign_keys", "ON")?;

    let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let is_new: bool = transaction.query_row(
        "SELECT NOT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'items')",
        [],
        |row| row.get(0),
    )?;
    let applied: i64 = transaction.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    let known = MIGRATIONS.len();
    let applied = usize::try_from(applied)
        .ok()
        .filter(|applied| *applied <= known)
        .ok_or(DbError::TooNew { found: applied, known })?;
    for (number, sql) in MIGRATIONS.iter().enumerate().skip(applied) {
        transaction.execute_batch(sql)?;
        transaction.pragma_update(None, "user_version", number as i64 + 1)?;
    }
    let seeded = if is_new { Some(seed(&mut SqliteStore(&transaction))?) } else { None };
    transaction.commit()?;
    Ok((connection, seeded))
}

/// The [`Store`] over `connection`, or over a transaction or savepoint (which deref to one).
/// Writes go through [`super::batch`], which owns the transactions.
pub fn store_over(connection: &Connection) -> SqliteStore<'_> {
    SqliteStore(connection)
}

/// The [`Store`] over a connection (or a transaction, which is one).
pub struct SqliteStore<'a>(&'a Connection);

const NOW: &str = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

impl Store for SqliteStore<'_> {
    fn item_version_no(&mut self, id: &str) -> Result<Option<i64>, StorageError> {
        // An id only the demo history kept (its version 1, no `items` row) counts as at 1.
        Ok(self.0.query_row(
            "SELECT COALESCE((SELECT version_no FROM items WHERE id = ?1), (SELECT 1 FROM item_versions WHERE item_id = ?1 LIMIT 1))",
            [id],
            |row| row.get(0),
        )?)
    }

    fn put_item(&mut self, item: ItemRow<'_>) -> Result<(), StorageError> {
        self.0.execute(
            &format!(
                "INSERT INTO items (id, version_no, version, body, kind, pending) VALUES (?1, ?2, ?3, ?4, ?5, 1)
                 ON CONFLICT (id) DO UPDATE SET
                     version_no = excluded.version_no, version = excluded.version, body = excluded.body,
                     kind = excluded.kind, pending = 1, updated_at = {NOW}"
            ),
            params![item.id, item.version_no, item.version, item.body, item.kind],
        )?;
        self.0.execute(
            "INSERT INTO item_versions (item_id, version, body) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
            params![item.id, item.version, item.body],
        )?;
        Ok(())
    }

    fn current_version(&mut self, id: &str) -> Result<Option<String>, StorageError> {
        Ok(self.0.query_row("SELECT version FROM items WHERE id = ?1", [id], |row| row.get(0)).optional()?)
    }

    fn set_pending(&mut self, id: &str, pending: bool) -> Result<(), StorageError> {
        self.0.execute(&format!("UPDATE items SET pending = ?2, updated_at = {NOW} WHERE id = ?1"), params![id, pending])?;
        Ok(())
    }

    fn pending(&mut self, kind: Option<&str>, before: Option<i64>, count: Option<i64>) -> Result<Vec<(i64, String)>, StorageError> {
        let mut statement = self.0.prepare_cached(
            "SELECT seq, body FROM items
             WHERE pending = 1 AND (?1 IS NULL OR kind = ?1) AND (?2 IS NULL OR seq < ?2)
             ORDER BY seq DESC LIMIT ?3",
        )?;
        // A negative LIMIT is no limit.
        let rows = statement
            .query_map(params![kind, before, count.unwrap_or(-1)], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    fn add_spot_check(&mut self, item_id: &str, version: &str, rule: &str) -> Result<(), StorageError> {
        self.0.execute(
            "INSERT INTO spot_checks (item_id, version, rule) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
            params![item_id, version, rule],
        )?;
        Ok(())
    }

    fn first_answer(&mut self, key: &str) -> Result<Option<FirstAnswer>, StorageError> {
        Ok(self
            .0
            .query_row("SELECT request_json, status, response_body FROM idempotency WHERE key = ?1", [key], |row| {
                Ok(FirstAnswer { request_json: row.get(0)?, status: row.get(1)?, body: row.get(2)? })
            })
            .optional()?)
    }

    fn insert_result(&mut self, row: ResultRow<'_>) -> Result<(), StorageError> {
        self.0.execute(
            "INSERT INTO results (idempotency_key, item_id, item_version, decision, body, auto_approved) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![row.key, row.item_id, row.item_version, row.decision, row.body, row.auto_approved],
        )?;
        let result_seq = self.0.last_insert_rowid();
        self.0.execute(
            "INSERT INTO idempotency (key, request_json, status, response_body, result_seq) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![row.key, row.request_json, row.status, row.response_body, result_seq],
        )?;
        Ok(())
    }

    fn result_bodies(&mut self) -> Result<Vec<String>, StorageError> {
        let mut statement = self.0.prepare_cached("SELECT body FROM results ORDER BY seq")?;
        let bodies = statement.query_map([], |row| row.get(0))?.collect::<Result<Vec<String>, _>>()?;
        Ok(bodies)
    }

    fn export_page(&mut self, after: i64, since: Option<&str>, limit: u32) -> Result<Vec<ExportRow>, StorageError> {
        let mut statement = self.0.prepare_cached(
            "SELECT r.seq, r.created_at, r.body, COALESCE(v.body, i.body), r.auto_approved
             FROM results r
             LEFT JOIN item_versions v ON v.item_id = r.item_id AND v.version = r.item_version
             LEFT JOIN items i ON i.id = r.item_id AND r.item_version IS NULL
             WHERE r.seq > ?1 AND (?2 IS NULL OR r.created_at > ?2)
             ORDER BY r.seq
             LIMIT ?3",
        )?;
        let rows = statement
            .query_map(params![after, since, limit], |row| Ok(ExportRow { seq: row.get(0)?, stored_at: row.get(1)?, result: row.get(2)?, item: row.get(3)?, auto_approved: row.get(4)? }))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    fn spot_checks(&mut self) -> Result<Vec<SpotCheck>, StorageError> {
        let mut statement = self.0.prepare_cached(
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

    fn add_past(&mut self, past: &Past, stored_at: &str) -> Result<(), StorageError> {
        self.0.execute(
            "INSERT INTO item_versions (item_id, version, body, created_at) VALUES (?1, '1', ?2, ?3) ON CONFLICT DO NOTHING",
            params![past.item_id, past.item, stored_at],
        )?;
        self.0.execute(
            "INSERT INTO results (idempotency_key, item_id, item_version, decision, body, created_at)
             VALUES (?1, ?2, '1', ?3, ?4, ?5) ON CONFLICT DO NOTHING",
            params![past.key, past.item_id, past.decision, past.result, stored_at],
        )?;
        Ok(())
    }
}
