//! PostgreSQL, for teams running several servers on one database: opening it (migrations under
//! a lock, so servers starting together apply them once), a small pool of connections, and the
//! [`Store`] over a transaction.
//!
//! The store's methods are synchronous, like SQLite's, and run on a blocking thread that waits
//! on each query with `Handle::block_on`; the connections themselves are driven by the server's
//! runtime. Every write transaction first takes one transaction-scoped advisory lock, so writes
//! are serialized across all servers as SQLite serializes them across processes: a result's
//! position (`seq`) is then committed in order, and an incremental export (`?since=`) never
//! skips a result committed late. Exactly-once still rests on the UNIQUE constraints.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use tokio::runtime::Handle;
use tokio_postgres::types::ToSql;
use tokio_postgres::{Client, Config, NoTls, Row, Transaction};

use super::export::ExportRow;
use super::store::{FirstAnswer, ItemRow, ResultRow, StorageError, Store};
use super::DbError;
use crate::error::ApiError;
use crate::history::Past;
use crate::trust::SpotCheck;

/// The migrations, in order; `countersign_schema.version` holds how many ran.
const MIGRATIONS: &[&str] = &[include_str!("../../migrations/postgres/0001_init.sql"), include_str!("../../migrations/postgres/0002_auto_approvals.sql")];

/// The advisory lock every write transaction (and the migration at startup) takes first.
/// Any fixed number works; this one spells "cs-write".
const WRITER_LOCK: i64 = 0x6373_2d77_7269_7465;

/// How many idle connections a server keeps.
const MAX_IDLE: usize = 8;

/// What the server stores into the text columns as "now".
const NOW: &str = r#"to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')"#;

/// Connections to one database: taken for one unit of work, given back after it.
pub struct Pool {
    config: Config,
    idle: Mutex<Vec<Client>>,
}

impl std::fmt::Debug for Pool {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(&describe(&self.config))
    }
}

/// The database a URL names, without its password: `postgres://user@host:5432/name`.
pub fn describe(config: &Config) -> String {
    let host = match config.get_hosts().first() {
        Some(tokio_postgres::config::Host::Tcp(host)) => host.clone(),
        Some(tokio_postgres::config::Host::Unix(path)) => PathBuf::from(path).display().to_string(),
        None => "localhost".to_string(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    format!("postgres://{}@{host}:{port}/{}", config.get_user().unwrap_or(""), config.get_dbname().unwrap_or(""))
}

async fn connect(config: &Config) -> Result<Client, tokio_postgres::Error> {
    let (client, connection) = config.connect(NoTls).await?;
    tokio::spawn(async move {
        if let Err(error) = connection.await {
            eprintln!("countersign-server: a PostgreSQL connection ended: {error}");
        }
    });
    Ok(client)
}

impl Pool {
    async fn take(&self) -> Result<Client, StorageError> {
        loop {
            let idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner).pop();
            match idle {
                Some(client) if !client.is_closed() => return Ok(client),
                Some(_closed) => continue,
                None => return Ok(connect(&self.config).await?),
            }
        }
    }

    fn give_back(&self, client: Client) {
        let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
        if !client.is_closed() && idle.len() < MAX_IDLE {
            idle.push(client);
        }
    }
}

/// Connects to `url`, applies pending migrations and, when the database had no Countersign
/// tables yet, runs `seed` in the same transaction (what it answers, how many items it stored,
/// comes back). Works from any thread, async or not: the setup runs on a thread and runtime
/// of its own.
pub fn open(url: &str, seed: impl FnOnce(&mut dyn Store) -> Result<usize, DbError> + Send) -> Result<(Pool, Option<usize>), DbError> {
    let config: Config = url.parse()?;
    let seeded = std::thread::scope(|scope| {
        scope
            .spawn(|| {
                let runtime = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(1)
                    .enable_all()
                    .build()
                    .map_err(|error| DbError::Setup(format!("no runtime for the setup: {error}")))?;
                let handle = runtime.handle().clone();
                let mut client = handle.block_on(connect(&config))?;
                migrate(&handle, &mut client, seed)
            })
            .join()
            .map_err(|_| DbError::Setup("the setup thread panicked".into()))?
    })?;
    Ok((Pool { config, idle: Mutex::new(Vec::new()) }, seeded))
}

fn migrate(handle: &Handle, client: &mut Client, seed: impl FnOnce(&mut dyn Store) -> Result<usize, DbError>) -> Result<Option<usize>, DbError> {
    let transaction = handle.block_on(client.transaction())?;
    handle.block_on(transaction.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITER_LOCK]))?;
    let exists = |name: &str| -> Result<bool, DbError> {
        let row = handle.block_on(transaction.query_one("SELECT to_regclass($1) IS NOT NULL", &[&name]))?;
        Ok(row.try_get(0)?)
    };
    let is_new = !exists("items")?;
    if !exists("countersign_schema")? {
        handle.block_on(transaction.batch_execute("CREATE TABLE countersign_schema (version INTEGER NOT NULL); INSERT INTO countersign_schema VALUES (0);"))?;
    }
    let applied: i32 = handle.block_on(transaction.query_one("SELECT version FROM countersign_schema", &[]))?.try_get(0)?;
    let known = MIGRATIONS.len();
    let applied = usize::try_from(applied)
        .ok()
        .filter(|applied| *applied <= known)
        .ok_or(DbError::TooNew { found: i64::from(applied), known })?;
    for (number, sql) in MIGRATIONS.iter().enumerate().skip(applied) {
        handle.block_on(transaction.batch_execute(sql))?;
        let version = i32::try_from(number + 1).unwrap_or(i32::MAX);
        handle.block_on(transaction.execute("UPDATE countersign_schema SET version = $1", &[&version]))?;
    }
    let seeded = if is_new { Some(seed(&mut PgStore { transaction: &transaction, handle })?) } else { None };
    handle.block_on(transaction.commit())?;
    Ok(seeded)
}

/// Runs `work` in a transaction on a pooled connection, on a blocking thread; a write takes
/// the writer lock first. Committed when `work` succeeds, rolled back otherwise.
pub async fn run<T, F>(pool: &Arc<Pool>, writes: bool, work: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut dyn Store) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    let mut client = pool.take().await?;
    let (client, outcome) = tokio::task::spawn_blocking(move || {
        let handle = Handle::current();
        let outcome = in_transaction(&handle, &mut client, writes, work);
        (client, outcome)
    })
    .await
    .map_err(|error| ApiError::Internal(format!("a database task failed: {error}")))?;
    pool.give_back(client);
    outcome
}

fn in_transaction<T>(handle: &Handle, client: &mut Client, writes: bool, work: impl FnOnce(&mut dyn Store) -> Result<T, ApiError>) -> Result<T, ApiError> {
    let transaction = handle.block_on(client.build_transaction().read_only(!writes).start()).map_err(StorageError::from)?;
    if writes {
        handle.block_on(transaction.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITER_LOCK])).map_err(StorageError::from)?;
    }
    let value = match work(&mut PgStore { transaction: &transaction, handle }) {
        Ok(value) => value,
        Err(error) => {
            // Rolled back here, before the answer goes out: dropping the transaction would only
            // queue its ROLLBACK for the connection's task, and its locks (the writer lock
            // among them) would outlive the request until that task ran. The request's own
            // error is the one to answer; a failed rollback means a broken connection, which
            // ends the transaction as well.
            let _ = handle.block_on(transaction.rollback());
            return Err(error);
        }
    };
    handle.block_on(transaction.commit()).map_err(StorageError::from)?;
    Ok(value)
}

/// The [`Store`] over a transaction.
struct PgStore<'a, 'b> {
    transaction: &'a Transaction<'b>,
    handle: &'a Handle,
}

impl PgStore<'_, '_> {
    fn query(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<Row>, StorageError> {
        Ok(self.handle.block_on(self.transaction.query(sql, params))?)
    }

    fn query_opt(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Option<Row>, StorageError> {
        Ok(self.handle.block_on(self.transaction.query_opt(sql, params))?)
    }

    fn execute(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<u64, StorageError> {
        Ok(self.handle.block_on(self.transaction.execute(sql, params))?)
    }
}

impl Store for PgStore<'_, '_> {
    fn item_version_no(&mut self, id: &str) -> Result<Option<i64>, StorageError> {
        // An id only the demo history kept (its version 1, no `items` row) counts as at 1.
        let row = self.query_opt("SELECT COALESCE((SELECT version_no FROM items WHERE id = $1), (SELECT 1::BIGINT FROM item_versions WHERE item_id = $1 LIMIT 1))", &[&id])?;
        Ok(row.map(|row| row.try_get::<_, Option<i64>>(0)).transpose()?.flatten())
    }

    fn put_item(&mut self, item: ItemRow<'_>) -> Result<(), StorageError> {
        self.execute(
            &format!(
                "INSERT INTO items (id, version_no, version, body, kind, pending) VALUES ($1, $2, $3, $4, $5, TRUE)
                 ON CONFLICT (id) DO UPDATE SET
                     version_no = excluded.version_no, version = excluded.version, body = excluded.body,
                     kind = excluded.kind, pending = TRUE, updated_at = {NOW}"
            ),
            &[&item.id, &item.version_no, &item.version, &item.body, &item.kind],
        )?;
        self.execute(
            "INSERT INTO item_versions (item_id, version, body) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            &[&item.id, &item.version, &item.body],
        )?;
        Ok(())
    }

    fn current_version(&mut self, id: &str) -> Result<Option<String>, StorageError> {
        Ok(self.query_opt("SELECT version FROM items WHERE id = $1", &[&id])?.map(|row| row.try_get(0)).transpose()?)
    }

    fn set_pending(&mut self, id: &str, pending: bool) -> Result<(), StorageError> {
        self.execute(&format!("UPDATE items SET pending = $2, updated_at = {NOW} WHERE id = $1"), &[&id, &pending])?;
        Ok(())
    }

    fn pending(&mut self, kind: Option<&str>, before: Option<i64>, count: Option<i64>) -> Result<Vec<(i64, String)>, StorageError> {
        // LIMIT NULL is no limit.
        self.query(
            "SELECT seq, body FROM items
             WHERE pending AND ($1::text IS NULL OR kind = $1) AND ($2::bigint IS NULL OR seq < $2)
             ORDER BY seq DESC LIMIT $3",
            &[&kind, &before, &count],
        )?
        .iter()
        .map(|row| Ok((row.try_get(0)?, row.try_get(1)?)))
        .collect()
    }

    fn add_spot_check(&mut self, item_id: &str, version: &str, rule: &str) -> Result<(), StorageError> {
        self.execute(
            "INSERT INTO spot_checks (item_id, version, rule) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            &[&item_id, &version, &rule],
        )?;
        Ok(())
    }

    fn first_answer(&mut self, key: &str) -> Result<Option<FirstAnswer>, StorageError> {
        let row = self.query_opt("SELECT request_json, status, response_body FROM idempotency WHERE key = $1", &[&key])?;
        let Some(row) = row else { return Ok(None) };
        let status: i32 = row.try_get(1)?;
        Ok(Some(FirstAnswer { request_json: row.try_get(0)?, status: u16::try_from(status).unwrap_or(500), body: row.try_get(2)? }))
    }

    fn insert_result(&mut self, row: ResultRow<'_>) -> Result<(), StorageError> {
        let stored = self.query(
            "INSERT INTO results (idempotency_key, item_id, item_version, decision, body, auto_approved) VALUES ($1, $2, $3, $4, $5, $6) RETURNING seq",
            &[&row.key, &row.item_id, &row.item_version, &row.decision, &row.body, &row.auto_approved],
        )?;
        let result_seq: Option<i64> = stored.first().map(|stored| stored.try_get(0)).transpose()?;
        self.execute(
            "INSERT INTO idempotency (key, request_json, status, response_body, result_seq) VALUES ($1, $2, $3, $4, $5)",
            &[&row.key, &row.request_json, &i32::from(row.status), &row.response_body, &result_seq],
        )?;
        Ok(())
    }

    fn result_bodies(&mut self) -> Result<Vec<String>, StorageError> {
        self.query("SELECT body FROM results ORDER BY seq", &[])?.iter().map(|row| Ok(row.try_get(0)?)).collect()
    }

    fn export_page(&mut self, after: i64, since: Option<&str>, limit: u32) -> Result<Vec<ExportRow>, StorageError> {
        self.query(
            "SELECT r.seq, r.created_at, r.body, COALESCE(v.body, i.body), r.auto_approved
             FROM results r
             LEFT JOIN item_versions v ON v.item_id = r.item_id AND v.version = r.item_version
             LEFT JOIN items i ON i.id = r.item_id AND r.item_version IS NULL
             WHERE r.seq > $1 AND ($2::text IS NULL OR r.created_at > $2)
             ORDER BY r.seq
             LIMIT $3",
            &[&after, &since, &i64::from(limit)],
        )?
        .iter()
        .map(|row| Ok(ExportRow { seq: row.try_get(0)?, stored_at: row.try_get(1)?, result: row.try_get(2)?, item: row.try_get(3)?, auto_approved: row.try_get(4)? }))
        .collect()
    }

    fn spot_checks(&mut self) -> Result<Vec<SpotCheck>, StorageError> {
        self.query(
            r#"SELECT s.rule, COUNT(*), COUNT(r.seq),
                      COUNT(*) FILTER (WHERE r.decision = 'approved' AND r.body::jsonb -> 'edited' = 'false'::jsonb)
               FROM spot_checks s
               -- Each spot-checked item once, by its latest decision that is not a skip.
               LEFT JOIN results r ON r.seq = (
                   SELECT MAX(latest.seq) FROM results latest
                   WHERE latest.item_id = s.item_id AND latest.item_version = s.version AND latest.decision <> 'skipped')
               GROUP BY s.rule ORDER BY s.rule COLLATE "C""#,
            &[],
        )?
        .iter()
        .map(|row| {
            let count = |index: usize| row.try_get::<_, i64>(index).map(|count| u64::try_from(count).unwrap_or(0));
            Ok(SpotCheck { rule: row.try_get(0)?, drawn: count(1)?, decided: count(2)?, approved_unedited: count(3)? })
        })
        .collect()
    }

    fn add_past(&mut self, past: &Past, stored_at: &str) -> Result<(), StorageError> {
        self.execute(
            "INSERT INTO item_versions (item_id, version, body, created_at) VALUES ($1, '1', $2, $3) ON CONFLICT DO NOTHING",
            &[&past.item_id, &past.item, &stored_at],
        )?;
        self.execute(
            "INSERT INTO results (idempotency_key, item_id, item_version, decision, body, created_at)
             VALUES ($1, $2, '1', $3, $4, $5) ON CONFLICT DO NOTHING",
            &[&past.key, &past.item_id, &past.decision, &past.result, &stored_at],
        )?;
        Ok(())
    }
}
