//! Group commit for SQLite: writes that arrive together share one transaction and one sync
//! to disk, and none is answered before that transaction is committed.
//!
//! One thread owns the writing. It takes the first waiting write, then every other write
//! already queued (up to [`MAX_BATCH`]), and runs them in one IMMEDIATE transaction, each
//! inside its own savepoint: a write that fails is rolled back alone and answers its error,
//! the others go on. After the commit (one sync of the WAL, `synchronous=FULL`) every write
//! of the batch is answered. So an acknowledged write is on disk exactly as before; under
//! load the disk syncs once per batch instead of once per write.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex, PoisonError};

use rusqlite::{Connection, TransactionBehavior};

use super::sqlite::store_over;
use super::store::{StorageError, Store};

/// The most writes one transaction takes; more wait for the next one.
const MAX_BATCH: usize = 256;

/// A write's work: run inside its own savepoint, `true` keeps its changes, `false` (it
/// failed) rolls them back.
pub type Work = Box<dyn FnOnce(&mut dyn Store) -> bool + Send>;

/// Answers a write's caller once its batch's fate is known: `None` when the batch was
/// committed, or why it was not (then nothing of it was stored).
pub type Answer = Box<dyn FnOnce(Option<&StorageError>) + Send>;

/// One write.
pub struct Job {
    pub run: Work,
    /// Called once, whether or not `run` ran.
    pub answer: Answer,
}

/// The queue of the writing thread. Dropping the last handle ends the thread.
pub struct Writer {
    queue: Sender<Job>,
}

impl std::fmt::Debug for Writer {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("Writer")
    }
}

impl Writer {
    /// Starts the thread that writes to `connection`, which the readers share.
    pub fn start(connection: Arc<Mutex<Connection>>) -> std::io::Result<Writer> {
        let (queue, jobs) = channel();
        std::thread::Builder::new()
            .name("countersign-sqlite-writer".into())
            .spawn(move || write_batches(&connection, &jobs))?;
        Ok(Writer { queue })
    }

    /// Queues `job`; gives it back when the writing thread is gone.
    pub fn submit(&self, job: Job) -> Result<(), Job> {
        self.queue.send(job).map_err(|refused| refused.0)
    }
}

fn write_batches(connection: &Mutex<Connection>, jobs: &Receiver<Job>) {
    // Ends when every Writer is dropped and the queue is empty.
    while let Ok(first) = jobs.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match jobs.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let mut connection = connection.lock().unwrap_or_else(PoisonError::into_inner);
        let (answers, failure) = run_batch(&mut connection, batch);
        // Readers may go on while the callers hear back.
        drop(connection);
        for answer in answers {
            answer(failure.as_ref());
        }
    }
}

/// Runs `batch` in one transaction; answers the jobs' answers and, when the transaction did
/// not commit, why.
fn run_batch(connection: &mut Connection, batch: Vec<Job>) -> (Vec<Answer>, Option<StorageError>) {
    let mut transaction = match connection.transaction_with_behavior(TransactionBehavior::Immediate) {
        Ok(transaction) => transaction,
        // Nothing ran; every caller hears why.
        Err(error) => return (batch.into_iter().map(|job| job.answer).collect(), Some(error.into())),
    };
    let mut answers = Vec::with_capacity(batch.len());
    for Job { run, answer } in batch {
        match transaction.savepoint() {
            Ok(savepoint) => {
                // A panicking job counts as a failed one: its savepoint rolls back (dropping a
                // savepoint does) and the other writes go on.
                let keep = catch_unwind(AssertUnwindSafe(|| run(&mut store_over(&savepoint)))).unwrap_or(false);
                match if keep { savepoint.commit() } else { Ok(()) } {
                    Ok(()) => answers.push(answer),
                    Err(error) => {
                        let error = StorageError::from(error);
                        answer(Some(&error));
                    }
                }
            }
            Err(error) => answer(Some(&error.into())),
        }
    }
    match transaction.commit() {
        Ok(()) => (answers, None),
        Err(error) => (answers, Some(error.into())),
    }
}

#[cfg(test)]
mod tests {
    use super::{run_batch, Job};
    use crate::db::sqlite;
    use crate::db::store::{ItemRow, StorageError, Store};
    use rusqlite::Connection;
    use std::sync::{Arc, Mutex};

    fn temp_file(name: &str) -> std::path::PathBuf {
        let path = std::env::temp_dir().join(format!("countersign-batch-{}-{name}.db", std::process::id()));
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
        path
    }

    fn put(store: &mut dyn Store, id: &str) -> bool {
        store.put_item(ItemRow { id, version_no: 1, version: "1", body: "{}", kind: "email" }).is_ok()
    }

    /// A job running `run`, whose answer is written to `heard` under `name`.
    fn job(name: &'static str, heard: &Arc<Mutex<Vec<String>>>, run: impl FnOnce(&mut dyn Store) -> bool + Send + 'static) -> Job {
        let heard = Arc::clone(heard);
        Job {
            run: Box::new(run),
            answer: Box::new(move |failure: Option<&StorageError>| {
                heard.lock().unwrap().push(format!("{name}: {}", failure.map_or("committed".into(), |error| error.to_string())));
            }),
        }
    }

    #[test]
    fn a_failed_or_panicking_write_is_rolled_back_alone_and_every_caller_hears_back() {
        let path = temp_file("alone");
        let (mut connection, _) = sqlite::open(&path, |_| Ok(0)).unwrap();
        let heard = Arc::new(Mutex::new(Vec::new()));
        let batch = vec![
            job("a", &heard, |store| put(store, "a")),
            job("b", &heard, |store| {
                put(store, "b");
                false
            }),
            job("c", &heard, |store| {
                put(store, "c");
                panic!("a bug in one write");
            }),
            job("d", &heard, |store| put(store, "d")),
        ];
        let (answers, failure) = run_batch(&mut connection, batch);
        assert!(failure.is_none());
        for answer in answers {
            answer(failure.as_ref());
        }
        assert_eq!(*heard.lock().unwrap(), ["a: committed", "b: committed", "c: committed", "d: committed"]);
        let mut store = sqlite::store_over(&connection);
        let stored: Vec<bool> = ["a", "b", "c", "d"].iter().map(|id| store.item_version_no(id).unwrap().is_some()).collect();
        assert_eq!(stored, [true, false, false, true]);
    }

    #[test]
    fn when_the_transaction_cannot_start_no_write_runs_and_every_caller_hears_why() {
        let path = temp_file("busy");
        let (mut connection, _) = sqlite::open(&path, |_| Ok(0)).unwrap();
        connection.busy_timeout(std::time::Duration::from_millis(20)).unwrap();
        // Another process holds the write lock.
        let other = Connection::open(&path).unwrap();
        other.execute_batch("BEGIN IMMEDIATE").unwrap();

        let heard = Arc::new(Mutex::new(Vec::new()));
        let ran = Arc::new(Mutex::new(false));
        let ran_too = Arc::clone(&ran);
        let batch = vec![job("a", &heard, move |store| {
            *ran_too.lock().unwrap() = true;
            put(store, "a")
        })];
        let (answers, failure) = run_batch(&mut connection, batch);
        let failure = failure.expect("the batch cannot commit");
        for answer in answers {
            answer(Some(&failure));
        }
        assert!(!*ran.lock().unwrap());
        let heard = heard.lock().unwrap();
        assert_eq!(heard.len(), 1);
        assert!(heard[0].starts_with("a: SQLite: database is locked"), "{heard:?}");
    }
}
