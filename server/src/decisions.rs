//! The trust report's input kept between requests: every stored decision reduced to a
//! [`Decided`], so a report reads only the results stored since the last one instead of
//! parsing every result and its item again (which grew with the database: 270 ms at 7,000
//! results under the soak's load).

use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::db::export::{page, Since};
use crate::db::Db;
use crate::error::ApiError;
use crate::trust::{decided, Decided};

/// How often the whole list is read again. Results are never changed once stored, but on
/// PostgreSQL a result can become visible after one with a later number (their transactions
/// committed in the other order), which reading only what follows the last number would miss.
const REBUILD_EVERY: Duration = Duration::from_secs(60);

/// Rows read per query.
const PAGE: u32 = 1_000;

/// The reduced decisions read so far.
#[derive(Debug, Default)]
pub struct Decisions {
    cached: Mutex<Cached>,
}

#[derive(Debug, Default)]
struct Cached {
    /// The storage number of the last result read.
    after: i64,
    decided: Vec<Decided>,
    /// When the list was last read from the start; `None` before the first time.
    built: Option<Instant>,
}

impl Decisions {
    /// Runs `with` over every stored decision, after reading the ones stored since last time.
    pub async fn with_all<T>(&self, db: &Db, with: impl FnOnce(&[Decided]) -> T) -> Result<T, ApiError> {
        let from = {
            let cached = self.lock();
            match cached.built {
                Some(built) if built.elapsed() < REBUILD_EVERY => Some(cached.after),
                _ => None,
            }
        };
        // Read outside the lock; another request may read the same rows meanwhile, and only
        // the rows past what the list holds by then are added.
        let mut fresh = Vec::new();
        let mut after = from.unwrap_or(0);
        loop {
            let rows = db.read(move |store| page(store, &Since::Start, after, PAGE)).await?;
            let Some(last) = rows.last().map(|row| row.seq) else { break };
            fresh.extend(rows.iter().map(|row| (row.seq, decided(row))));
            after = last;
        }
        let mut cached = self.lock();
        if from.is_none() {
            *cached = Cached { after: 0, decided: Vec::new(), built: Some(Instant::now()) };
        }
        for (seq, decision) in fresh {
            if seq > cached.after {
                cached.after = seq;
                cached.decided.extend(decision);
            }
        }
        Ok(with(&cached.decided))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Cached> {
        // A panic while the lock was held leaves a list that is at worst short; the next
        // rebuild completes it.
        self.cached.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
