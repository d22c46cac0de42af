//! Persistence behind one interface. A command is an [`Op`]: it loads what it needs
//! through the [`Tx`] trait, runs the core decision inside the transaction, and writes
//! the changes. Ops are written once, generically over `Tx`; so is every statement and
//! row mapping behind `Tx` (`statements.rs`), and the schema is one list of migrations
//! (`migrate.rs`); what differs between the backends is gathered in `sql.rs`. Each
//! backend supplies a connection, the transaction handling and durability: SQLite is the
//! embedded default (one writer thread with group commit, a pool of readers), PostgreSQL
//! serves several replicas. No code above this crate knows which backend it runs on.

mod error;
mod migrate;
pub mod ops;
mod postgres;
mod snapshot;
mod sql;
mod sqlite;
mod statements;
mod tx;

pub use error::StoreError;
pub use ops::Op;
pub use snapshot::{SnapshotInfo, KEPT as KEPT_BY_SNAPSHOTS};
pub use sql::Work;
pub use tx::{OrderFilter, Tx};

use std::path::Path;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};
use zenlocal_core::clock::ClockState;
use zenlocal_core::Timestamp;

tokio::task_local! {
    /// The account whose request is being served (D-242).
    static ACCOUNT: Arc<str>;
}

/// Runs `work`, a request of `account`, so that the store's work for it is counted as that
/// account's: on PostgreSQL the store's threads, each on a pooled connection, are shared
/// fairly between the accounts asking for them (D-242).
pub async fn for_account<F: std::future::Future>(account: &str, work: F) -> F::Output {
    ACCOUNT.scope(account.into(), work).await
}

/// The account [`for_account`] runs the current task for, if any.
fn current_account() -> Option<Arc<str>> {
    ACCOUNT.try_with(Arc::clone).ok()
}

/// The real wall clock: what a running simulated clock adds its offset to (D-28), and what
/// authentication checks timestamps against (D-3).
pub fn real_now() -> Timestamp {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    Timestamp(secs)
}

/// The store a server runs on.
pub struct Store {
    backend: Backend,
}

enum Backend {
    Sqlite(sqlite::SqliteStore),
    Postgres(postgres::PgStore),
}

impl Store {
    /// Opens the store named by `--database`: a SQLite file path, `:memory:` for a
    /// throw-away store, or a `postgres://` URL. Migrations are applied before it answers.
    /// Opening PostgreSQL blocks while it connects: call it outside the async runtime or
    /// through `spawn_blocking`.
    pub fn open(database: &str) -> Result<Store, StoreError> {
        let backend = if Store::is_postgres(database) {
            Backend::Postgres(postgres::PgStore::open(database)?)
        } else if database == ":memory:" {
            Backend::Sqlite(sqlite::SqliteStore::open_memory()?)
        } else {
            let path = database.strip_prefix("sqlite://").unwrap_or(database);
            Backend::Sqlite(sqlite::SqliteStore::open_file(Path::new(path))?)
        };
        Ok(Store { backend })
    }

    /// Whether `--database` names a PostgreSQL server rather than a SQLite file.
    pub fn is_postgres(database: &str) -> bool {
        database.starts_with("postgres://") || database.starts_with("postgresql://")
    }

    /// A short description for health answers and logs, e.g. `sqlite`.
    pub fn kind(&self) -> &'static str {
        match &self.backend {
            Backend::Sqlite(_) => "sqlite",
            Backend::Postgres(_) => "postgres",
        }
    }

    /// The stored clock when other processes may move it (replicas sharing the store), so
    /// that a copy kept in memory may be behind (D-28); `None` when only this process
    /// moves the clock, and its own copy is current.
    pub async fn clock_others_may_move(&self) -> Result<Option<ClockState>, StoreError> {
        match &self.backend {
            Backend::Sqlite(_) => Ok(None),
            Backend::Postgres(s) => s.read(ops::LoadClock).await,
        }
    }

    /// Runs a mutating op in its own savepoint; the answer arrives only once the change is
    /// durably committed (D-31).
    pub async fn write<O: Op>(&self, op: O) -> Result<O::Output, StoreError> {
        match &self.backend {
            Backend::Sqlite(s) => s.write(op).await,
            Backend::Postgres(s) => s.write(op).await,
        }
    }

    /// Runs a read-only op on a reader connection.
    pub async fn read<O: Op>(&self, op: O) -> Result<O::Output, StoreError> {
        match &self.backend {
            Backend::Sqlite(s) => s.read(op).await,
            Backend::Postgres(s) => s.read(op).await,
        }
    }

    /// Saves the whole store, the clock included, as snapshot `name`, consistently;
    /// a snapshot of that name is replaced (D-189, D-190).
    pub async fn save_snapshot(&self, name: &str) -> Result<SnapshotInfo, StoreError> {
        snapshot::check_name(name)?;
        match &self.backend {
            Backend::Sqlite(s) => s.save_snapshot(name).await,
            Backend::Postgres(s) => {
                let name = name.to_owned();
                let schema = format!(
                    "zenlocal_snapshot_{}",
                    zenlocal_wire::ids::request_id()[1..]
                        .replace('-', "")
                        .to_ascii_lowercase()
                );
                s.with_session(move |c| snapshot::postgres::save(c, &name, &schema))
                    .await
            }
        }
    }

    /// The snapshots saved, oldest first.
    pub async fn snapshots(&self) -> Result<Vec<SnapshotInfo>, StoreError> {
        match &self.backend {
            Backend::Sqlite(s) => s.snapshots().await,
            Backend::Postgres(s) => s.with_session(snapshot::postgres::list).await,
        }
    }

    /// Replaces the whole store, the clock included, with snapshot `name`, in one
    /// transaction (D-190). The caller takes the stored clock afresh.
    pub async fn restore_snapshot(&self, name: &str) -> Result<SnapshotInfo, StoreError> {
        snapshot::check_name(name)?;
        match &self.backend {
            Backend::Sqlite(s) => s.restore_snapshot(name).await,
            Backend::Postgres(s) => {
                let name = name.to_owned();
                s.with_session(move |c| snapshot::postgres::restore(c, &name))
                    .await
            }
        }
    }

    pub async fn delete_snapshot(&self, name: &str) -> Result<(), StoreError> {
        snapshot::check_name(name)?;
        match &self.backend {
            Backend::Sqlite(s) => s.delete_snapshot(name).await,
            Backend::Postgres(s) => {
                let name = name.to_owned();
                s.with_session(move |c| snapshot::postgres::delete(c, &name))
                    .await
            }
        }
    }

    /// What the store did since it opened (statements, rows, steps): for tests that check
    /// that work does not grow with the size of the store.
    pub fn work(&self) -> Work {
        match &self.backend {
            Backend::Sqlite(s) => s.work(),
            Backend::Postgres(s) => s.work(),
        }
    }

    /// Finishes queued writes and closes every connection.
    pub async fn close(self) {
        match self.backend {
            Backend::Sqlite(s) => s.close().await,
            Backend::Postgres(s) => s.close().await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_store_knows_whose_request_it_serves_d242() {
        assert_eq!(current_account(), None);
        let inside = for_account("474903855288", async { current_account() }).await;
        assert_eq!(inside.as_deref(), Some("474903855288"));
        // Another task does not inherit it.
        let spawned = for_account("474903855288", async {
            tokio::spawn(async { current_account() }).await.unwrap()
        })
        .await;
        assert_eq!(spawned, None);
    }
}
