//! The SQLite backend: WAL with `synchronous=FULL`; one writer thread owns the write
//! connection and runs every command waiting in its queue inside one transaction, a
//! savepoint per command so that a failing command rolls back alone, then commits once:
//! group commit, one fsync for many requests. Answers are sent only after that commit.
//! Reads use a small pool of read-only connections. The statements are shared with
//! PostgreSQL (`statements.rs`); this module runs them on rusqlite.

use crate::ops::StoreIds;
use crate::snapshot::{self, sqlite::Snapshots, SnapshotInfo};
use crate::sql::{parse_decimal, Conn, Counters, Dialect, Row, Value, Work};
use crate::statements::SqlTx;
use crate::tx::Result as TxResult;
use crate::tx::Tx;
use crate::{Op, StoreError};
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{
    params_from_iter, CachedStatement, Connection, OpenFlags, StatementStatus, TransactionBehavior,
};
use std::cell::RefCell;
use std::collections::HashSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};
use zenlocal_wire::error::describe;

/// The most commands one commit carries.
const MAX_BATCH: usize = 256;
/// Idle reader connections kept open.
const MAX_IDLE_READERS: usize = 8;

type Reply = Box<dyn FnOnce(Option<&str>) + Send>;
type Job = Box<dyn FnOnce(SqliteConn<'_>) -> (bool, Reply) + Send>;

pub struct SqliteStore {
    sender: mpsc::Sender<Job>,
    writer: std::thread::JoinHandle<()>,
    /// `None` for an in-memory store, whose one connection serves reads too.
    readers: Option<Arc<Readers>>,
    work: Arc<Counters>,
    snapshots: Arc<Snapshots>,
    ids: StoreIds,
}

struct Readers {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
}

/// Statements a connection keeps prepared: every statement the store has (rusqlite keeps
/// 16 by default, fewer than one command of the API may run, so they were prepared again
/// and again).
const PREPARED: usize = 512;

fn unavailable(what: &str, e: &rusqlite::Error) -> StoreError {
    StoreError::Unavailable(format!("{what}: {}", describe(e)))
}

impl SqliteStore {
    pub fn open_file(path: &Path) -> Result<SqliteStore, StoreError> {
        let conn = Connection::open(path)
            .map_err(|e| unavailable(&format!("cannot open {}", path.display()), &e))?;
        conn.busy_timeout(Duration::from_secs(5))?;
        conn.set_prepared_statement_cache_capacity(PREPARED);
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Internal(format!(
                "{} cannot use WAL (journal_mode is {mode})",
                path.display()
            )));
        }
        // The writer's page cache may grow to 64 MiB (SQLite's default is 2 MiB): the rows
        // an advance walks, keyed by random ids, stay in memory instead of being read again.
        conn.execute_batch(
            "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536;",
        )?;
        migrate(&conn)?;
        let readers = Arc::new(Readers {
            path: path.to_owned(),
            idle: Mutex::new(Vec::new()),
        });
        Self::start(conn, Some(readers), Snapshots::beside(path))
    }

    pub fn open_memory() -> Result<SqliteStore, StoreError> {
        let conn = Connection::open_in_memory()?;
        conn.set_prepared_statement_cache_capacity(PREPARED);
        conn.execute_batch("PRAGMA foreign_keys = ON;")?;
        migrate(&conn)?;
        Self::start(conn, None, Snapshots::memory())
    }

    fn start(
        conn: Connection,
        readers: Option<Arc<Readers>>,
        snapshots: Snapshots,
    ) -> Result<SqliteStore, StoreError> {
        let work = Arc::new(Counters::default());
        let node = SqlTx::new(SqliteConn {
            conn: &conn,
            work: &work,
        })
        .claim_node()?;
        let (sender, receiver) = mpsc::channel(4 * MAX_BATCH);
        let counted = work.clone();
        let writer = std::thread::Builder::new()
            .name("zenlocal-sqlite-writer".into())
            .spawn(move || writer_loop(conn, receiver, &counted))
            .map_err(|e| StoreError::internal(format!("cannot start the writer thread: {e}")))?;
        Ok(SqliteStore {
            sender,
            writer,
            readers,
            work,
            snapshots: Arc::new(snapshots),
            ids: StoreIds { node },
        })
    }

    pub fn work(&self) -> Work {
        self.work.work()
    }

    pub async fn write<O: Op>(&self, op: O) -> Result<O::Output, StoreError> {
        let ids = self.ids;
        self.on_writer(move |conn| op.run(&mut SqlTx::writing(conn, ids)))
            .await
    }

    /// Runs `work` as one command of the writer, in its own savepoint of the writer's
    /// transaction; answers once committed.
    async fn on_writer<T: Send + 'static>(
        &self,
        work: impl FnOnce(SqliteConn<'_>) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let (reply_to, answer) = oneshot::channel();
        let job: Job = Box::new(move |conn: SqliteConn<'_>| {
            let result = work(conn);
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
        let op = if O::POINT_READ.is_some() {
            match read_here(readers, op, &self.work) {
                Ok(answer) => return answer,
                Err(op) => op,
            }
        } else {
            op
        };
        let readers = readers.clone();
        let work = self.work.clone();
        tokio::task::spawn_blocking(move || {
            let conn = readers.take()?;
            let result = Snapshot::begin(&conn)
                .map_err(StoreError::from)
                .and_then(|snapshot| read_in(&snapshot, op, &work));
            readers.give_back(conn);
            result
        })
        .await
        .map_err(StoreError::internal)?
    }

    /// Saves the whole store as snapshot `name` (D-189, D-190): from a reader's
    /// connection, or the writer's for an in-memory store, in one step of the backup.
    pub async fn save_snapshot(&self, name: &str) -> Result<SnapshotInfo, StoreError> {
        let snapshots = self.snapshots.clone();
        let name = name.to_owned();
        let copy = match &self.readers {
            Some(readers) => {
                let readers = readers.clone();
                let snapshots = snapshots.clone();
                let name = name.clone();
                tokio::task::spawn_blocking(move || {
                    let (target, temporary) = snapshots.target(&name)?;
                    let source = readers.take()?;
                    let copy = snapshot::sqlite::copy(&source, target, temporary, &name);
                    readers.give_back(source);
                    copy
                })
                .await
                .map_err(StoreError::internal)??
            }
            None => {
                let (target, temporary) = snapshots.target(&name)?;
                let name = name.clone();
                self.on_writer(move |conn| {
                    snapshot::sqlite::copy(conn.conn, target, temporary, &name)
                })
                .await?
            }
        };
        tokio::task::spawn_blocking(move || snapshots.keep(&name, copy))
            .await
            .map_err(StoreError::internal)?
    }

    pub async fn snapshots(&self) -> Result<Vec<SnapshotInfo>, StoreError> {
        let snapshots = self.snapshots.clone();
        tokio::task::spawn_blocking(move || snapshots.list())
            .await
            .map_err(StoreError::internal)?
    }

    /// Brings snapshot `name` back as one command of the writer (D-190).
    pub async fn restore_snapshot(&self, name: &str) -> Result<SnapshotInfo, StoreError> {
        let snapshots = self.snapshots.clone();
        let name = name.to_owned();
        self.on_writer(move |conn| snapshots.restore_into(conn.conn, &name))
            .await
    }

    pub async fn delete_snapshot(&self, name: &str) -> Result<(), StoreError> {
        let snapshots = self.snapshots.clone();
        let name = name.to_owned();
        tokio::task::spawn_blocking(move || snapshots.delete(&name))
            .await
            .map_err(StoreError::internal)?
    }

    pub async fn close(self) {
        let SqliteStore {
            sender,
            writer,
            readers,
            work: _,
            snapshots: _,
            ids: _,
        } = self;
        drop(sender);
        drop(readers);
        let _ = tokio::task::spawn_blocking(move || writer.join()).await;
    }
}

/// A point read on the asking task's thread, which never waits there: the op comes back
/// where no reader connection is idle or the store is locked (a snapshot being restored),
/// to go to the blocking pool like any other read.
fn read_here<O: Op>(
    readers: &Readers,
    op: O,
    work: &Counters,
) -> Result<Result<O::Output, StoreError>, O> {
    let Some(conn) = readers.idle() else {
        return Err(op);
    };
    let answer = match Snapshot::begin_without_waiting(&conn) {
        Ok(Some(snapshot)) => Ok(read_in(&snapshot, op, work)),
        Ok(None) => Err(op),
        Err(e) => Ok(Err(e.into())),
    };
    readers.give_back(conn);
    answer
}

/// Runs a read-only op in one snapshot.
fn read_in<O: Op>(
    snapshot: &Snapshot<'_>,
    op: O,
    work: &Counters,
) -> Result<O::Output, StoreError> {
    op.run(&mut SqlTx::new(SqliteConn {
        conn: snapshot.0,
        work,
    }))
}

impl Readers {
    /// A connection already open, if one is idle.
    fn idle(&self) -> Option<Connection> {
        self.idle.lock().unwrap_or_else(|p| p.into_inner()).pop()
    }

    fn take(&self) -> Result<Connection, StoreError> {
        if let Some(conn) = self.idle() {
            return Ok(conn);
        }
        let conn = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| unavailable(&format!("cannot open {}", self.path.display()), &e))?;
        conn.busy_timeout(READER_BUSY_TIMEOUT)?;
        conn.set_prepared_statement_cache_capacity(PREPARED);
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
    let work = Counters::default();
    crate::migrate::migrate(&mut SqliteConn { conn, work: &work }, |c| {
        // Files made before `schema_migrations` recorded their schema here: version 2 is
        // what migration 1 creates.
        let version: i64 = c.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        match version {
            0 => Ok(Vec::new()),
            2 => Ok(vec![1]),
            other => Err(StoreError::Internal(format!(
                "the store was made by an early zenlocal (schema {other}) that this one cannot \
                 upgrade; start on a new file"
            ))),
        }
    })
}

fn writer_loop(mut conn: Connection, mut receiver: mpsc::Receiver<Job>, work: &Counters) {
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
        let commands = batch.len();
        let committed = run_batch(&mut conn, &mut batch, &mut replies, work);
        if committed.is_ok() {
            work.committed(commands);
        }
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
    work: &Counters,
) -> rusqlite::Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    for job in batch.drain(..) {
        run(&tx, "SAVEPOINT command")?;
        let conn = SqliteConn { conn: &tx, work };
        match catch_unwind(AssertUnwindSafe(|| job(conn))) {
            Ok((true, reply)) => {
                run(&tx, "RELEASE command")?;
                replies.push(reply);
            }
            // The failed command is rolled back alone.
            Ok((false, reply)) => {
                replies.push(reply);
                roll_back_command(&tx)?;
            }
            Err(_) => {
                tracing::error!("a store command panicked; it was rolled back");
                roll_back_command(&tx)?;
            }
        }
    }
    tx.commit()
}

/// A statement without parameters, prepared once per connection (SAVEPOINT, BEGIN…):
/// run for every command, they are not parsed again each time.
fn run(conn: &Connection, sql: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(sql)?.execute([])?;
    Ok(())
}

fn roll_back_command(conn: &Connection) -> rusqlite::Result<()> {
    run(conn, "ROLLBACK TO command")?;
    run(conn, "RELEASE command")
}

/// A reader's snapshot for one op, rolled back when dropped.
struct Snapshot<'c>(&'c Connection);

/// How long a reader waits for a lock on the store (a snapshot being restored).
const READER_BUSY_TIMEOUT: Duration = Duration::from_secs(5);

impl<'c> Snapshot<'c> {
    fn begin(conn: &'c Connection) -> rusqlite::Result<Snapshot<'c>> {
        run(conn, "BEGIN")?;
        Ok(Snapshot(conn))
    }

    /// The snapshot taken at once, or `None` where the store is locked: a transaction's
    /// snapshot is fixed by its first read, after which its statements take no lock.
    fn begin_without_waiting(conn: &'c Connection) -> rusqlite::Result<Option<Snapshot<'c>>> {
        conn.busy_timeout(Duration::ZERO)?;
        let begun = Snapshot::begin(conn).and_then(|snapshot| {
            let mut first_read = conn.prepare_cached("PRAGMA schema_version")?;
            first_read.query_row([], |_| Ok(()))?;
            Ok(snapshot)
        });
        conn.busy_timeout(READER_BUSY_TIMEOUT)?;
        match begun {
            Ok(snapshot) => Ok(Some(snapshot)),
            Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

impl Drop for Snapshot<'_> {
    fn drop(&mut self) {
        if !self.0.is_autocommit() {
            let _ = run(self.0, "ROLLBACK");
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode::*;
        let unavailable = matches!(
            e.sqlite_error_code(),
            Some(DatabaseBusy | DatabaseLocked | DiskFull | SystemIoFailure | CannotOpen)
        );
        // SQLite has no SQLSTATE; its extended result code is in the source's own chain
        // ("Error code 1555: A PRIMARY KEY constraint failed").
        StoreError::Database {
            unavailable,
            sqlstate: None,
            source: Box::new(e),
        }
    }
}

/// The statements' connection: inside the writer's savepoint or a reader's snapshot;
/// what its statements do is counted in the store's [`Work`].
pub(crate) struct SqliteConn<'c> {
    pub conn: &'c Connection,
    pub work: &'c Counters,
}

thread_local! {
    /// The statement texts (address, length) whose placeholders this thread found in order.
    static CHECKED: RefCell<HashSet<(usize, usize)>> = RefCell::new(HashSet::new());
}

impl SqliteConn<'_> {
    fn prepare(&self, sql: &'static str) -> TxResult<CachedStatement<'_>> {
        let sql = Dialect::statement(sql, false);
        let statement = self.conn.prepare_cached(sql)?;
        // SQLite numbers `$n` by first appearance: binding by position is right only when
        // `$1`, `$2`… first appear in that order. The check depends on the text alone, so
        // it runs once per text and thread: SQLite finds a parameter's name by walking the
        // list of names, so checking them all costs the square of their number, and a
        // statement of many rows has hundreds.
        let text = (sql.as_ptr() as usize, sql.len());
        if !CHECKED.with(|checked| checked.borrow().contains(&text)) {
            check_placeholders(&statement, sql)?;
            CHECKED.with(|checked| checked.borrow_mut().insert(text));
        }
        Ok(statement)
    }
}

fn check_placeholders(statement: &CachedStatement<'_>, sql: &str) -> TxResult<()> {
    for n in 1..=statement.parameter_count() {
        let name = statement
            .parameter_name(n)
            .and_then(|p| p.strip_prefix('$'));
        if name.and_then(|p| p.parse::<usize>().ok()) != Some(n) {
            return Err(StoreError::Internal(format!(
                "parameter {n} of `{sql}` is not `${n}`: placeholders must first appear \
                 in ascending order"
            )));
        }
    }
    Ok(())
}

impl Conn for SqliteConn<'_> {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn locks_rows(&self) -> bool {
        false
    }

    fn execute(&mut self, sql: &'static str, params: &[Value<'_>]) -> TxResult<()> {
        self.changed(sql, params).map(drop)
    }

    fn changed(&mut self, sql: &'static str, params: &[Value<'_>]) -> TxResult<u64> {
        let mut statement = self.prepare(sql)?;
        let changed = statement.execute(params_from_iter(params))?;
        self.work.count(0, steps(&statement));
        Ok(changed as u64)
    }

    fn query<T>(
        &mut self,
        sql: &'static str,
        params: &[Value<'_>],
        mut map: impl FnMut(&dyn Row) -> TxResult<T>,
    ) -> TxResult<Vec<T>> {
        let mut statement = self.prepare(sql)?;
        let mut mapped = Vec::new();
        {
            let mut rows = statement.query(params_from_iter(params))?;
            while let Some(row) = rows.next()? {
                mapped.push(map(row)?);
            }
        }
        self.work.count(mapped.len() as u64, steps(&statement));
        Ok(mapped)
    }

    fn batch(&mut self, sql: &str) -> TxResult<()> {
        Ok(self.conn.execute_batch(sql)?)
    }
}

/// The virtual-machine steps a cached statement took since last asked.
fn steps(statement: &CachedStatement<'_>) -> u64 {
    u64::try_from(statement.reset_status(StatementStatus::VmStep)).unwrap_or(0)
}

impl rusqlite::ToSql for Value<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match *self {
            Value::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Value::Text(text) => ToSqlOutput::Borrowed(ValueRef::Text(text.as_bytes())),
            Value::Int(n) => ToSqlOutput::from(n),
            Value::Bool(b) => ToSqlOutput::from(b),
            // Exact decimals as text: SQLite's NUMERIC would round them through a float.
            Value::Decimal(d) => ToSqlOutput::from(d.to_string()),
        })
    }
}

impl Row for rusqlite::Row<'_> {
    fn text(&self, idx: usize) -> TxResult<String> {
        Ok(self.get(idx)?)
    }

    fn opt_text(&self, idx: usize) -> TxResult<Option<String>> {
        Ok(self.get(idx)?)
    }

    fn int(&self, idx: usize) -> TxResult<i64> {
        Ok(self.get(idx)?)
    }

    fn opt_int(&self, idx: usize) -> TxResult<Option<i64>> {
        Ok(self.get(idx)?)
    }

    fn flag(&self, idx: usize) -> TxResult<bool> {
        Ok(self.get(idx)?)
    }

    fn decimal(&self, idx: usize) -> TxResult<rust_decimal::Decimal> {
        match self.get_ref(idx)? {
            ValueRef::Text(text) => parse_decimal(&String::from_utf8_lossy(text), idx),
            other => Err(StoreError::Internal(format!(
                "column {idx}: a decimal stored as {:?}, not as text",
                other.data_type()
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_out_of_order_are_refused_every_time_and_in_order_ones_taken() {
        let conn = Connection::open_in_memory().unwrap();
        let work = Counters::default();
        let c = SqliteConn {
            conn: &conn,
            work: &work,
        };
        for _ in 0..2 {
            let refused = c.prepare("SELECT $2, $1").map(|_| ()).unwrap_err();
            assert!(refused.to_string().contains("is not `$1`"), "{refused}");
        }
        for _ in 0..2 {
            assert!(c.prepare("SELECT $1, $2, $1").is_ok());
        }
    }
}
