//! The backends the store suite runs on (the test kit's: always a SQLite file; PostgreSQL
//! too when `ZENLOCAL_TEST_POSTGRES_URL` is set, in a fresh database dropped afterwards),
//! opened with the suite's clock.

use std::sync::Arc;
use zenlocal_core::clock::{Advance, ClockMode, ClockRequest, ClockState};
use zenlocal_core::model::{ScheduledEvent, Timings};
use zenlocal_core::{Catalog, Timestamp};
use zenlocal_store::ops::{ApplyDue, SaveClock, StartClock, Until};
use zenlocal_store::{Store, StoreError};

/// Where a test store's frozen clock starts.
pub const START: Timestamp = Timestamp(1_000);

pub use zenlocal_testkit::{backends as all, TestDb};

/// Opening a test store as the suite does.
#[allow(async_fn_in_trait)]
pub trait Open {
    /// The store, its clock frozen at [`START`] or where a previous opening left it.
    async fn open(&self) -> Store;
}

impl Open for TestDb {
    async fn open(&self) -> Store {
        let url = self.url();
        let store = tokio::task::spawn_blocking(move || Store::open(&url))
            .await
            .unwrap()
            .unwrap();
        store
            .write(StartClock(ClockRequest::Frozen(Some(START))))
            .await
            .unwrap();
        store
    }
}

/// Stops the store's clock at `at`, backwards too (a property case replays from `at`).
pub async fn freeze_at(store: &Store, at: Timestamp) -> Result<(), StoreError> {
    store
        .write(SaveClock(ClockState {
            mode: ClockMode::Frozen,
            offset: 0,
            frozen_at: at,
        }))
        .await
}

/// Advances the store's clock to `upto`, `limit` events per transaction as the server
/// does; answers every event applied, in order.
pub async fn advance_to(
    store: &Store,
    upto: Timestamp,
    limit: usize,
    catalog: &Arc<Catalog>,
    timings: Timings,
) -> Result<Vec<ScheduledEvent>, StoreError> {
    let mut until = Until::Advance(Advance::To(upto));
    let mut applied = Vec::new();
    loop {
        let mut pass = store
            .write(ApplyDue {
                until,
                limit,
                catalog: catalog.clone(),
                timings,
            })
            .await?;
        applied.append(&mut pass.events);
        if pass.done {
            return Ok(applied);
        }
        until = Until::Target(pass.target);
    }
}
