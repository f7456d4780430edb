//! Storage: a SQLite file (the default) or a PostgreSQL database, opened and migrated, seeded
//! when new, and worked on off the async threads through one [`Store`] trait, so every rule
//! above it is written once.

mod batch;
pub mod export;
pub mod items;
mod postgres;
pub mod results;
mod sqlite;
pub mod store;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use countersign::model::ItemError;
use rusqlite::Connection;

pub use store::{StorageError, Store};

use crate::error::ApiError;

/// Why the database could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// The database refused to open, set up, or apply a migration, or could not be reached.
    #[error("{0}")]
    Storage(#[from] StorageError),
    /// The database was written by a newer server that knows more migrations than this one.
    #[error("the database is at schema version {found}, newer than this server's {known}")]
    TooNew {
        /// The database's schema version.
        found: i64,
        /// How many migrations this server has.
        known: usize,
    },
    /// The seed is not a batch of items at all.
    #[error("the seed items cannot be read: {0}")]
    SeedUnreadable(#[from] items::BatchError),
    /// Some seed items are invalid; a seed must be entirely valid.
    #[error("the seed has invalid items: {}", .0.iter().map(|error| error.message.as_str()).collect::<Vec<_>>().join("; "))]
    SeedInvalid(Vec<ItemError>),
    /// Storing a seed item failed.
    #[error("the seed items could not be stored: {0}")]
    SeedNotStored(#[from] ApiError),
    /// Setting up the connection failed for another reason.
    #[error("{0}")]
    Setup(String),
}

impl From<rusqlite::Error> for DbError {
    fn from(error: rusqlite::Error) -> DbError {
        DbError::Storage(error.into())
    }
}

impl From<tokio_postgres::Error> for DbError {
    fn from(error: tokio_postgres::Error) -> DbError {
        DbError::Storage(error.into())
    }
}

/// The open database. Cloning is cheap; every clone works on the same storage.
#[derive(Clone, Debug)]
pub struct Db {
    backend: Backend,
}

#[derive(Clone, Debug)]
enum Backend {
    /// One connection to the file, SQLite serializing writers anyway; the writes go through
    /// one thread that commits them in batches.
    Sqlite { connection: Arc<Mutex<Connection>>, writer: Arc<batch::Writer>, path: Arc<PathBuf> },
    /// A pool of connections.
    Postgres(Arc<postgres::Pool>),
}

/// What [`Db::open`] found and did.
#[derive(Debug)]
pub struct Opened {
    /// The ready database.
    pub db: Db,
    /// How many seed items were stored: `Some` only when the database was new.
    pub seeded: Option<usize>,
}

/// Reads `seed` (`{"items": [...]}`); any invalid item fails. The seed is checked on every
/// start, not only for a new database, so a broken seed is noticed at once rather than the
/// day someone starts with a fresh one.
fn checked_seed(seed: &str) -> Result<items::Batch, DbError> {
    let seed = items::parse_batch(seed)?;
    if !seed.errors.is_empty() {
        return Err(DbError::SeedInvalid(seed.errors));
    }
    Ok(seed)
}

/// Stores the seed's items in a new database: how many, or every item it could not store.
fn store_seed(store: &mut dyn store::Store, seed: &items::Batch) -> Result<usize, DbError> {
    let (stored, errors): (Vec<_>, Vec<_>) = items::store(store, &seed.items)?.into_iter().partition(Result::is_ok);
    match errors.into_iter().filter_map(Result::err).collect::<Vec<_>>() {
        errors if errors.is_empty() => Ok(stored.len()),
        errors => Err(DbError::SeedInvalid(errors)),
    }
}

impl Db {
    /// Opens (or creates) the SQLite file at `path` in WAL mode with `synchronous=FULL`, so an
    /// acknowledged write survives a crash, and applies pending migrations. A new file gets
    /// the items of `seed` in the same transaction.
    pub fn open(path: &Path, seed: &str) -> Result<Opened, DbError> {
        let seed = checked_seed(seed)?;
        let (connection, seeded) = sqlite::open(path, |store| store_seed(store, &seed))?;
        let connection = Arc::new(Mutex::new(connection));
        let writer = batch::Writer::start(Arc::clone(&connection))
            .map_err(|error| DbError::Setup(format!("the writing thread could not start: {error}")))?;
        let backend = Backend::Sqlite { connection, writer: Arc::new(writer), path: Arc::new(path.to_path_buf()) };
        Ok(Opened { db: Db { backend }, seeded })
    }

    /// Connects to the PostgreSQL database at `url` (`postgres://user:password@host:port/name`)
    /// and applies pending migrations; a database without Countersign's tables gets them and
    /// the items of `seed`, in one transaction. Several servers may open one database at once.
    pub fn open_postgres(url: &str, seed: &str) -> Result<Opened, DbError> {
        let seed = checked_seed(seed)?;
        let (pool, seeded) = postgres::open(url, |store| store_seed(store, &seed))?;
        Ok(Opened { db: Db { backend: Backend::Postgres(Arc::new(pool)) }, seeded })
    }

    /// Where the data lives, for the startup line: the file, or the database without its
    /// password.
    pub fn describe(&self) -> String {
        match &self.backend {
            Backend::Sqlite { path, .. } => path.display().to_string(),
            Backend::Postgres(pool) => format!("{pool:?}"),
        }
    }

    /// Runs `work`, which only reads, off the async threads.
    pub async fn read<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut dyn Store) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        self.run(false, work).await
    }

    /// Runs `work` in a write transaction off the async threads: all of it is stored, or
    /// (when it fails) none of it. One write runs at a time, across every server on the
    /// database.
    pub async fn write<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut dyn Store) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        self.run(true, work).await
    }

    async fn run<T, F>(&self, writes: bool, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut dyn Store) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        match &self.backend {
            Backend::Sqlite { writer, .. } if writes => write_in_batch(writer, work).await,
            Backend::Sqlite { connection, .. } => {
                let connection = Arc::clone(connection);
                tokio::task::spawn_blocking(move || {
                    let connection = connection.lock().unwrap_or_else(PoisonError::into_inner);
                    work(&mut sqlite::store_over(&connection))
                })
                .await
                .map_err(|error| ApiError::Internal(format!("a database task failed: {error}")))?
            }
            Backend::Postgres(pool) => postgres::run(pool, writes, work).await,
        }
    }

    /// Stores `history` (past decisions and the version `1` of the items they decided; an item
    /// version already stored is kept) in one transaction, each result stored at its
    /// `decided_at`. For the demo's first run, and for tests that need a known history.
    pub async fn add_history(&self, history: Vec<crate::history::Past>) -> Result<usize, ApiError> {
        self.write(move |store| {
            for past in &history {
                let stored_at = crate::timestamp::stored(&past.decided_at)
                    .ok_or_else(|| ApiError::Internal(format!("a past decision's time \"{}\" is not ISO 8601", past.decided_at)))?;
                store.add_past(past, &stored_at)?;
            }
            Ok(history.len())
        })
        .await
    }
}

/// Hands `work` to the SQLite writing thread and waits for its answer, which comes once the
/// batch it ran in is committed (or could not be).
async fn write_in_batch<T, F>(writer: &batch::Writer, work: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut dyn Store) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    let outcome = Arc::new(Mutex::new(None));
    let (answered, answer) = tokio::sync::oneshot::channel();
    let ran = Arc::clone(&outcome);
    let job = batch::Job {
        run: Box::new(move |store| {
            let result = work(store);
            let keep = result.is_ok();
            *ran.lock().unwrap_or_else(PoisonError::into_inner) = Some(result);
            keep
        }),
        answer: Box::new(move |failure| {
            let result = match (outcome.lock().unwrap_or_else(PoisonError::into_inner).take(), failure) {
                // Its own error first: a write that failed stored nothing, whatever the batch did.
                (Some(Err(error)), _) => Err(error),
                (Some(Ok(_)), Some(failure)) | (None, Some(failure)) => {
                    Err(ApiError::Internal(format!("the write was not stored: {failure}")))
                }
                (Some(Ok(value)), None) => Ok(value),
                (None, None) => Err(ApiError::Internal("a write failed without an answer (it panicked)".into())),
            };
            // The caller may have gone (its request was cancelled); the write stands anyway.
            let _ = answered.send(result);
        }),
    };
    writer.submit(job).map_err(|_| ApiError::Internal("the SQLite writing thread is gone".into()))?;
    answer.await.map_err(|_| ApiError::Internal("the SQLite writing thread stopped before answering".into()))?
}
