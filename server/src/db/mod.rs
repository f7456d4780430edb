//! The SQLite file: opening it safely, applying migrations in order, seeding a new file, and
//! running queries off the async threads.

pub mod export;
pub mod items;
pub mod results;

use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use countersign::model::{InputError, ItemError};
use rusqlite::{Connection, TransactionBehavior};

use crate::error::ApiError;

/// The migrations, in the order they are applied. `PRAGMA user_version` holds how many ran.
const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_init", include_str!("../../migrations/0001_init.sql")),
    ("0002_item_versions", include_str!("../../migrations/0002_item_versions.sql")),
    ("0003_spot_checks", include_str!("../../migrations/0003_spot_checks.sql")),
];

/// Why the database could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// SQLite refused to open the file, set it up, or apply a migration.
    #[error("SQLite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The file was written by a newer server that knows more migrations than this one.
    #[error("the database is at schema version {found}, newer than this server's {known}")]
    TooNew {
        /// The file's `user_version`.
        found: i64,
        /// How many migrations this server has.
        known: usize,
    },
    /// The seed is not a batch of items at all.
    #[error("the seed items cannot be read: {0}")]
    SeedUnreadable(#[from] InputError),
    /// Some seed items are invalid; a seed must be entirely valid.
    #[error("the seed has invalid items: {}", .0.iter().map(|error| error.message.as_str()).collect::<Vec<_>>().join("; "))]
    SeedInvalid(Vec<ItemError>),
    /// Storing a seed item failed.
    #[error("the seed items could not be stored: {0}")]
    SeedNotStored(#[from] ApiError),
}

/// The shared connection. Cloning is cheap; every clone talks to the same file.
#[derive(Clone, Debug)]
pub struct Db {
    connection: Arc<Mutex<Connection>>,
}

/// What [`Db::open`] found and did.
#[derive(Debug)]
pub struct Opened {
    /// The ready database.
    pub db: Db,
    /// How many seed items were stored: `Some` only when the file was new.
    pub seeded: Option<usize>,
}

impl Db {
    /// Opens (or creates) the file at `path` in WAL mode with `synchronous=FULL`, so an
    /// acknowledged write survives a crash, and applies pending migrations. When the file had
    /// no `items` table yet, the items of `seed` (`{"items": [...]}`) are stored in the same
    /// transaction; any invalid seed item fails the whole open.
    pub fn open(path: &Path, seed: &str) -> Result<Opened, DbError> {
        // The seed is checked on every start, not only on a new file, so a broken seed is
        // noticed at once rather than the day someone starts with a fresh database.
        let seed = items::parse_batch(seed)?;
        if !seed.errors.is_empty() {
            return Err(DbError::SeedInvalid(seed.errors));
        }
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
        for (number, (_name, sql)) in MIGRATIONS.iter().enumerate().skip(applied) {
            transaction.execute_batch(sql)?;
            transaction.pragma_update(None, "user_version", number as i64 + 1)?;
        }
        let seeded = if is_new {
            let accepted = items::store(&transaction, &seed.items)?;
            Some(accepted.len())
        } else {
            None
        };
        transaction.commit()?;
        Ok(Opened { db: Db { connection: Arc::new(Mutex::new(connection)) }, seeded })
    }

    /// Stores `history` (past decisions and the version `1` of the items they decided; an item
    /// version already stored is kept) in one transaction, each result stored at its
    /// `decided_at`. For the demo's first run, and for tests that need a known history.
    pub async fn add_history(&self, history: Vec<crate::history::Past>) -> Result<usize, ApiError> {
        self.call(move |connection| {
            let transaction = connection.transaction()?;
            for past in &history {
                transaction.execute("INSERT INTO item_versions (item_id, version, body, created_at) VALUES (?1, '1', ?2, ?3) ON CONFLICT DO NOTHING", rusqlite::params![past.item_id, past.item, past.decided_at])?;
                transaction.execute(
                    "INSERT INTO results (idempotency_key, item_id, item_version, decision, body, created_at)
                     VALUES (?1, ?2, '1', ?3, ?4, ?5) ON CONFLICT DO NOTHING",
                    rusqlite::params![past.key, past.item_id, past.decision, past.result, past.decided_at],
                )?;
            }
            transaction.commit()?;
            Ok(history.len())
        })
        .await
    }

    /// Runs `work` with the connection on a blocking thread, so SQLite's disk waits never stall
    /// the async runtime.
    pub async fn call<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut Connection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let connection = Arc::clone(&self.connection);
        tokio::task::spawn_blocking(move || {
            // A panic while the lock was held cannot leave a half-done write behind: the open
            // transaction rolled back as it unwound. So the connection is still fine to use.
            let mut connection = connection.lock().unwrap_or_else(PoisonError::into_inner);
            work(&mut connection)
        })
        .await
        .map_err(|error| ApiError::Internal(format!("a database task failed: {error}")))?
    }
}
