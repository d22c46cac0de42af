//! The SQLite backend: WAL with `synchronous=FULL`; one writer thread owns the write
//! connection and runs every command waiting in its queue inside one transaction, a
//! savepoint per command so that a failing command rolls back alone, then commits once:
//! group commit, one fsync for many requests. Answers are sent only after that commit.
//! Reads use a small pool of read-only connections.

mod tx;

use crate::{Op, StoreError};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tokio::sync::{mpsc, oneshot};
pub use tx::SqliteTx;
use zenlocal_wire::error::describe;

/// The most commands one commit carries.
const MAX_BATCH: usize = 256;
/// Idle reader connections kept open.
const MAX_IDLE_READERS: usize = 8;

const MIGRATIONS: &[(i64, &str)] = &[
    (
        1,
        include_str!("../../migrations/sqlite/0001_foundation.sql"),
    ),
    (
        2,
        include_str!("../../migrations/sqlite/0002_instances.sql"),
    ),
];

type Reply = Box<dyn FnOnce(Option<&str>) + Send>;
type Job = Box<dyn FnOnce(&Connection) -> (bool, Reply) + Send>;

pub struct SqliteStore {
    sender: mpsc::Sender<Job>,
    writer: std::thread::JoinHandle<()>,
    /// `None` for an in-memory store, whose one connection serves reads too.
    readers: Option<Arc<Readers>>,
}

struct Readers {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
}

fn unavailable(what: &str, e: &rusqlite::Error) -> StoreError {
    StoreError::Unavailable(format!("{what}: {}", describe(e)))
}

impl SqliteStore {
    pub fn open_file(path: &Path) -> Result<SqliteStore, StoreError> {
        let conn = Connection::open(path)
            .map_err(|e| unavailable(&format!("cannot open {}", path.display()), &e))?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Internal(format!(
                "{} cannot use WAL (journal_mode is {mode})",
                path.display()
            )));
        }
        conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")?;
        migrate(&conn)?;
        let readers = Arc::new(Readers {
            path: path.to_owned(),
            idle: Mutex::new(Vec::new()),
        });
        Ok(Self::start(conn, Some(readers)))
    }

    pub fn open_memory() -> Result<SqliteStore, StoreError> {
        let conn = Connection::open_in_memory()?;
        conn.execute_batch("PRAGMA foreign_keys = ON;")?;
        migrate(&conn)?;
        Ok(Self::start(conn, None))
    }

    fn start(conn: Connection, readers: Option<Arc<Readers>>) -> SqliteStore {
        let (sender, receiver) = mpsc::channel(4 * MAX_BATCH);
        let writer = std::thread::Builder::new()
            .name("zenlocal-sqlite-writer".into())
            .spawn(move || writer_loop(conn, receiver))
            .expect("the writer thread starts");
        SqliteStore {
            sender,
            writer,
            readers,
        }
    }

    pub async fn write<O: Op>(&self, op: O) -> Result<O::Output, StoreError> {
        let (reply_to, answer) = oneshot::channel();
        let job: Job = Box::new(move |conn: &Connection| {
            let result = crate::ops::run_write(op, &mut SqliteTx::new(conn));
            let ok = result.is_ok();
            let reply: Reply = Box::new(move |commit_error: Option<&str>| {
                let outcome = match commit_error {
                    None => result,
                    Some(e) => Err(StoreError::Unavailable(format!("commit failed: {e}"))),
                };
                let _ = reply_to.send(outcome);
            });
            (ok, reply)
        });
        self.sender
            .send(job)
            .await
            .map_err(|_| StoreError::Unavailable("the store is closed".into()))?;
        answer
            .await
            .map_err(|_| StoreError::Internal("the command failed inside the store".into()))?
    }

    pub async fn read<O: Op>(&self, op: O) -> Result<O::Output, StoreError> {
        let Some(readers) = &self.readers else {
            return self.write(op).await;
        };
        let readers = readers.clone();
        tokio::task::spawn_blocking(move || {
            let conn = readers.take()?;
            let result = {
                // One snapshot for the whole op; dropping it rolls back (nothing to undo).
                let snapshot = conn.unchecked_transaction()?;
                op.run(&mut SqliteTx::new(&snapshot))
            };
            readers.give_back(conn);
            result
        })
        .await
        .map_err(StoreError::internal)?
    }

    pub async fn close(self) {
        let SqliteStore {
            sender,
            writer,
            readers,
        } = self;
        drop(sender);
        drop(readers);
        let _ = tokio::task::spawn_blocking(move || writer.join()).await;
    }
}

impl Readers {
    fn take(&self) -> Result<Connection, StoreError> {
        if let Some(conn) = self.idle.lock().unwrap_or_else(|p| p.into_inner()).pop() {
            return Ok(conn);
        }
        let conn = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| unavailable(&format!("cannot open {}", self.path.display()), &e))?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        Ok(conn)
    }

    fn give_back(&self, conn: Connection) {
        let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
        if idle.len() < MAX_IDLE_READERS {
            idle.push(conn);
        }
    }
}

fn migrate(conn: &Connection) -> Result<(), StoreError> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for (version, sql) in MIGRATIONS {
        if *version > current {
            let tx = conn.unchecked_transaction()?;
            tx.execute_batch(sql)?;
            tx.execute_batch(&format!("PRAGMA user_version = {version}"))?;
            tx.commit()?;
        }
    }
    Ok(())
}

fn writer_loop(mut conn: Connection, mut receiver: mpsc::Receiver<Job>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    let mut replies: Vec<Reply> = Vec::with_capacity(MAX_BATCH);
    while let Some(first) = receiver.blocking_recv() {
        batch.push(first);
        while batch.len() < MAX_BATCH {
            match receiver.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        metrics::histogram!("zenlocal_store_commit_batch_size").record(batch.len() as f64);
        let committed = run_batch(&mut conn, &mut batch, &mut replies);
        // The database's own words, with SQLite's extended code, for the log and for
        // every command of the batch.
        let error = committed.err().map(|e| describe(&e));
        if let Some(e) = &error {
            tracing::error!(error = %e, "store commit failed");
        }
        for reply in replies.drain(..) {
            reply(error.as_deref());
        }
        // Jobs never reached (the transaction failed to open) are dropped here; their
        // callers see the store's failure.
        batch.clear();
    }
}

fn run_batch(
    conn: &mut Connection,
    batch: &mut Vec<Job>,
    replies: &mut Vec<Reply>,
) -> rusqlite::Result<()> {
    let mut tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    for job in batch.drain(..) {
        let savepoint = tx.savepoint()?;
        match catch_unwind(AssertUnwindSafe(|| job(&savepoint))) {
            Ok((true, reply)) => {
                savepoint.commit()?;
                replies.push(reply);
            }
            // Dropping the savepoint rolls the failed command back alone.
            Ok((false, reply)) => replies.push(reply),
            Err(_) => tracing::error!("a store command panicked; it was rolled back"),
        }
    }
    tx.commit()
}
