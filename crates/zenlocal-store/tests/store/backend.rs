//! The backends the store suite runs on: always a SQLite file; PostgreSQL too when
//! `ZENLOCAL_TEST_POSTGRES_URL` is set, in a fresh database dropped afterwards.

use std::sync::Arc;
use zenlocal_core::clock::{Advance, ClockMode, ClockRequest, ClockState};
use zenlocal_core::event::ScheduledEvent;
use zenlocal_core::instance::Timings;
use zenlocal_core::{Catalog, Timestamp};
use zenlocal_store::ops::{ApplyDue, SaveClock, StartClock, Until};
use zenlocal_store::{Store, StoreError};

/// Where a test store's frozen clock starts.
pub const START: Timestamp = Timestamp(1_000);

pub struct TestDb {
    pub url: String,
    /// The SQLite file's directory.
    _dir: Option<tempfile::TempDir>,
    /// The PostgreSQL server's admin URL and the database made for the test.
    postgres: Option<(String, String)>,
}

fn on_a_thread<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    // The synchronous PostgreSQL client must not run on a thread driving async tasks.
    std::thread::spawn(f).join().unwrap()
}

impl TestDb {
    pub fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().unwrap();
        let url = dir.path().join("store.db").to_str().unwrap().to_owned();
        TestDb {
            url,
            _dir: Some(dir),
            postgres: None,
        }
    }

    pub fn postgres(admin_url: &str) -> TestDb {
        let name = format!("zenlocal_store_test_{}", zenlocal_wire::ids::order_number());
        let (admin, statement) = (admin_url.to_owned(), format!("CREATE DATABASE {name}"));
        on_a_thread(move || {
            postgres::Client::connect(&admin, postgres::NoTls)
                .unwrap()
                .batch_execute(&statement)
                .unwrap()
        });
        let (base, _) = admin_url.rsplit_once('/').unwrap();
        TestDb {
            url: format!("{base}/{name}"),
            _dir: None,
            postgres: Some((admin_url.to_owned(), name)),
        }
    }

    pub fn name(&self) -> &'static str {
        if self.postgres.is_some() {
            "postgres"
        } else {
            "sqlite"
        }
    }

    /// The store, its clock frozen at [`START`] or where a previous opening left it.
    pub async fn open(&self) -> Store {
        let url = self.url.clone();
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

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((admin, name)) = self.postgres.take() {
            let statement = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            on_a_thread(move || {
                if let Ok(mut client) = postgres::Client::connect(&admin, postgres::NoTls) {
                    let _ = client.batch_execute(&statement);
                }
            });
        }
    }
}

/// Every backend to run a test on.
pub fn all() -> Vec<TestDb> {
    let mut dbs = vec![TestDb::sqlite()];
    if let Some(url) = zenlocal_store::testing::postgres_url() {
        dbs.push(TestDb::postgres(&url));
    }
    dbs
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
