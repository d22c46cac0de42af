//! The PostgreSQL backend, for several replicas on one database: a pool of connections,
//! one transaction per command holding the clock's advisory lock (shared, or exclusive
//! while time moves: D-110) and the rows it changes, migrations applied once under an
//! advisory lock however many replicas start at once. A lost connection fails the command
//! as unavailable; the pool replaces it on the next use. The statements are shared with
//! SQLite (`statements.rs`); this module runs them on connections driven from the thread
//! that uses them (`session`), a write's statements whose answers nothing waits for sent
//! together with the next that is waited for, and point reads on connections of their own
//! from the asking task (`point`).

mod point;
mod session;

use crate::ops::StoreIds;
use crate::sql::{Conn, Counters, Dialect, Row, Value, Work, LOCK_ROWS};
use crate::statements::SqlTx;
use crate::tx::Result as TxResult;
use crate::tx::Tx;
use crate::{Op, StoreError};
use bytes::BytesMut;
use rust_decimal::Decimal;
pub(crate) use session::Session;
use session::{Answered, Last, Unanswered};
use std::collections::HashSet;
use std::error::Error;
use std::str::FromStr;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;
use tokio::sync::Semaphore;
use tokio_postgres::types::{IsNull, ToSql, Type};
use tokio_postgres::Config;

const MAX_CONNECTIONS: usize = 16;

impl From<tokio_postgres::Error> for StoreError {
    fn from(e: tokio_postgres::Error) -> Self {
        // SQLSTATE class 08 (connection), 57P01-57P03 (terminated, shutting down, cannot
        // connect now) and 53300 (too many connections) mean the database is away; a
        // closed connection or an I/O error carries no code at all.
        let away = match e.code() {
            None => true,
            Some(code) => {
                let code = code.code();
                // 40P01 / 40001: a deadlock or serialization failure rolled the command
                // back; it may simply be sent again.
                code.starts_with("08")
                    || code.starts_with("57P")
                    || code == "53300"
                    || code == "40P01"
                    || code == "40001"
            }
        };
        StoreError::Database {
            unavailable: away || e.is_closed(),
            sqlstate: e.code().map(|code| code.code().to_owned()),
            source: Box::new(e),
        }
    }
}

pub struct PgStore {
    pool: Arc<Pool>,
    queues: Arc<AccountQueues>,
    point_reads: Box<point::PointReads>,
    permits: Arc<Semaphore>,
    work: Arc<Counters>,
    ids: StoreIds,
}

struct Pool {
    config: Config,
    idle: Mutex<Vec<Session>>,
}

impl Pool {
    fn take(&self) -> Result<Session, StoreError> {
        while let Some(session) = self.idle.lock().unwrap_or_else(|p| p.into_inner()).pop() {
            if !session.is_closed() {
                return Ok(session);
            }
        }
        Session::connect(&self.config)
    }

    fn give_back(&self, session: Session) {
        if !session.is_closed() {
            self.idle
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(session);
        }
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        // A session's runtime cannot be dropped on a thread that drives async tasks: close
        // them on a thread of their own.
        let idle = std::mem::take(&mut *self.idle.lock().unwrap_or_else(|p| p.into_inner()));
        if !idle.is_empty() {
            let _ = std::thread::spawn(move || drop(idle)).join();
        }
    }
}

impl PgStore {
    /// Connects to `url` (`postgres://user@host:port/db`) and applies migrations.
    pub fn open(url: &str) -> Result<PgStore, StoreError> {
        let mut config = tokio_postgres::Config::from_str(url)
            .map_err(|e| StoreError::Internal(format!("invalid PostgreSQL URL: {e}")))?;
        config.connect_timeout(Duration::from_secs(5));
        let pool = Pool {
            config: config.clone(),
            idle: Mutex::new(Vec::new()),
        };
        let mut session = pool.take()?;
        let work = Arc::new(Counters::default());
        let mut migrating = PgConn::new(&mut session, false, &work);
        // Stores made before this runner recorded their schema in `schema_migrations`
        // already, with the same numbering.
        crate::migrate::migrate(&mut migrating, |_| Ok(Vec::new()))?;
        let node = SqlTx::new(migrating).claim_node()?;
        pool.give_back(session);
        Ok(PgStore {
            pool: Arc::new(pool),
            queues: Arc::default(),
            point_reads: Box::new(point::PointReads::new(config)),
            permits: Arc::new(Semaphore::new(MAX_CONNECTIONS)),
            work,
            ids: StoreIds { node },
        })
    }

    pub fn work(&self) -> Work {
        self.work.work()
    }

    async fn run<O: Op>(&self, op: O, locking: bool) -> Result<O::Output, StoreError> {
        let permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| StoreError::Unavailable("the store is closed".into()))?;
        let pool = self.pool.clone();
        let queues = self.queues.clone();
        let work = self.work.clone();
        let ids = self.ids;
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let mut session = pool.take()?;
            let result = if locking {
                let mut conn = PgConn::new(&mut session, true, &work);
                conn.queues = Some(&queues);
                // Sent with the first statement.
                if let Some(begin) = Dialect::Postgres.begin_write(O::EXCLUSIVE) {
                    conn.unanswered.push(Unanswered::Batch(begin));
                }
                let mut tx = SqlTx::writing(conn, ids);
                let result = op.run(&mut tx);
                let conn = tx.into_conn();
                match result {
                    // Answered only once committed (D-31).
                    Ok(out) => conn.finish(true).map(|()| out),
                    Err(e) => match conn.finish(false) {
                        Ok(()) => Err(e),
                        // A connection that cannot roll back is not given back.
                        Err(_) => return Err(e),
                    },
                }
            } else {
                // A read is one statement: no transaction, one round trip.
                op.run(&mut SqlTx::new(PgConn::new(&mut session, false, &work)))
            };
            pool.give_back(session);
            result
        })
        .await
        .map_err(StoreError::internal)?
    }

    pub async fn write<O: Op>(&self, op: O) -> Result<O::Output, StoreError> {
        self.run(op, true).await
    }

    /// Runs `work` on a pooled connection, for what the statements of `Tx` cannot say:
    /// snapshots, whose SQL names tables found at run time (D-190).
    pub async fn with_session<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Session) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| StoreError::Unavailable("the store is closed".into()))?;
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let mut session = pool.take()?;
            let result = work(&mut session);
            pool.give_back(session);
            result
        })
        .await
        .map_err(StoreError::internal)?
    }

    pub async fn read<O: Op>(&self, op: O) -> Result<O::Output, StoreError> {
        if let Some(copy) = O::POINT_READ {
            let again = copy(&op);
            return self.point_reads.read(op, again, &self.work).await;
        }
        self.run(op, false).await
    }

    pub async fn close(self) {
        self.permits.close();
        let pool = self.pool;
        let _ = tokio::task::spawn_blocking(move || drop(pool)).await;
    }
}

/// The statements' connection: inside a transaction for writes, plain (one statement, one
/// round trip) for reads. A write's statements whose answers nothing waits for (and the
/// transaction's opening) wait in `unanswered`, to be sent with the next statement that is
/// answered, or with the commit: one round trip for them all.
pub(crate) struct PgConn<'t> {
    session: &'t mut Session,
    /// Writes lock the rows they read; reads do not.
    locking: bool,
    unanswered: Vec<Unanswered>,
    /// Whether the transaction's opening was sent, so that there is one to roll back.
    begun: bool,
    /// What the statements do, counted in the store's [`Work`] (statements and rows; a
    /// statement sent with others counts as one).
    work: &'t Counters,
    /// Where a write waits its turn for an account's row (D-236), and the account it waited
    /// for, its turn held until the transaction ends.
    queues: Option<&'t AccountQueues>,
    queued: Option<String>,
    /// Whether a statement sent may have locked a row.
    holds_rows: bool,
}

/// The accounts whose rows a write of this process is about to lock or holds, each
/// waited for in turn (D-236): the waiters wait here, holding no row, rather than each in
/// a server process of PostgreSQL on the row.
#[derive(Default)]
struct AccountQueues {
    open: Mutex<HashSet<String>>,
    freed: Condvar,
}

impl AccountQueues {
    fn lock(&self) -> MutexGuard<'_, HashSet<String>> {
        self.open.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn wait(&self, account: &str) {
        let mut open = self.lock();
        while open.contains(account) {
            open = self.freed.wait(open).unwrap_or_else(|p| p.into_inner());
        }
        open.insert(account.to_owned());
    }

    fn leave(&self, account: &str) {
        self.lock().remove(account);
        self.freed.notify_all();
    }
}

impl Drop for PgConn<'_> {
    fn drop(&mut self) {
        if let (Some(queues), Some(account)) = (self.queues, self.queued.take()) {
            queues.leave(&account);
        }
    }
}

impl<'t> PgConn<'t> {
    pub fn new(session: &'t mut Session, locking: bool, work: &'t Counters) -> PgConn<'t> {
        PgConn {
            session,
            locking,
            unanswered: Vec::new(),
            begun: false,
            work,
            queues: None,
            queued: None,
            holds_rows: false,
        }
    }

    fn prepare(&mut self, sql: &'static str) -> TxResult<tokio_postgres::Statement> {
        self.session.prepare(Dialect::statement(sql, self.locking))
    }

    /// Sends what waits, then `last`, and answers `last`.
    fn send(&mut self, last: Last<'_>) -> TxResult<Answered> {
        if !self.unanswered.is_empty() {
            self.begun = true;
        }
        self.holds_rows |= matches!(last, Last::Execute(..))
            || self
                .unanswered
                .iter()
                .any(|u| matches!(u, Unanswered::Execute(..)));
        let unanswered = std::mem::take(&mut self.unanswered);
        self.session.send(unanswered, last)
    }

    /// Ends the write's transaction: commits what waits with it, or rolls back (what waits
    /// is never sent, and a transaction never opened is not ended).
    fn finish(mut self, commit: bool) -> TxResult<()> {
        if commit {
            return self.send(Last::Batch("COMMIT")).map(drop);
        }
        self.unanswered.clear();
        if self.begun {
            self.send(Last::Batch("ROLLBACK"))?;
        }
        Ok(())
    }
}

pub(crate) fn params<'a>(values: &'a [Value<'_>]) -> Vec<&'a (dyn ToSql + Sync)> {
    values.iter().map(|v| v as &(dyn ToSql + Sync)).collect()
}

impl Conn for PgConn<'_> {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn locks_rows(&self) -> bool {
        self.locking
    }

    fn execute(&mut self, sql: &'static str, values: &[Value<'_>]) -> TxResult<()> {
        if !self.locking {
            return self.changed(sql, values).map(drop);
        }
        let statement = self.prepare(sql)?;
        self.unanswered.push(Unanswered::Execute(
            statement,
            values.iter().map(Owned::of).collect(),
        ));
        self.work.count(0, 0);
        Ok(())
    }

    fn changed(&mut self, sql: &'static str, values: &[Value<'_>]) -> TxResult<u64> {
        let statement = self.prepare(sql)?;
        let changed = self
            .send(Last::Execute(&statement, &params(values)))?
            .changed;
        self.work.count(0, 0);
        Ok(changed)
    }

    fn query<T>(
        &mut self,
        sql: &'static str,
        values: &[Value<'_>],
        mut map: impl FnMut(&dyn Row) -> TxResult<T>,
    ) -> TxResult<Vec<T>> {
        let statement = self.prepare(sql)?;
        self.holds_rows |= self.locking && sql.ends_with(LOCK_ROWS);
        let rows = self.send(Last::Query(&statement, &params(values)))?.rows;
        self.work.count(rows.len() as u64, 0);
        rows.iter().map(|row| map(row)).collect()
    }

    fn batch(&mut self, sql: &str) -> TxResult<()> {
        self.send(Last::Batch(sql)).map(drop)
    }

    fn queue_for_account(&mut self, id: &str) {
        // One holding a row waits on PostgreSQL, which sees every wait and so every
        // deadlock; here none could be seen. So does one whose transaction does not hold
        // the clock yet (its opening still waits to be sent): a write moving time, which
        // holds the clock alone, could then be waiting here for it.
        if let (Some(queues), None, false, true) =
            (self.queues, &self.queued, self.holds_rows, self.begun)
        {
            queues.wait(id);
            self.queued = Some(id.to_owned());
        }
    }
}

/// A statement parameter kept beyond the run that gave it.
pub(crate) enum Owned {
    Null,
    Text(String),
    Int(i64),
    Bool(bool),
    Decimal(Decimal),
}

impl Owned {
    pub fn of(value: &Value<'_>) -> Owned {
        match *value {
            Value::Null => Owned::Null,
            Value::Text(text) => Owned::Text(text.to_owned()),
            Value::Int(n) => Owned::Int(n),
            Value::Bool(b) => Owned::Bool(b),
            Value::Decimal(d) => Owned::Decimal(d),
        }
    }

    pub fn value(&self) -> Value<'_> {
        match self {
            Owned::Null => Value::Null,
            Owned::Text(text) => Value::Text(text),
            Owned::Int(n) => Value::Int(*n),
            Owned::Bool(b) => Value::Bool(*b),
            Owned::Decimal(d) => Value::Decimal(*d),
        }
    }
}

impl ToSql for Value<'_> {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut BytesMut,
    ) -> Result<IsNull, Box<dyn Error + Sync + Send>> {
        // Each value checks its own type against the column's, so a mismatch is an error
        // naming both rather than bytes of the wrong type.
        match *self {
            Value::Null => Ok(IsNull::Yes),
            Value::Text(text) => text.to_sql_checked(ty, out),
            Value::Int(n) if *ty == Type::INT4 => i32::try_from(n)?.to_sql_checked(ty, out),
            Value::Int(n) => n.to_sql_checked(ty, out),
            Value::Bool(b) => b.to_sql_checked(ty, out),
            Value::Decimal(d) => d.to_sql_checked(ty, out),
        }
    }

    fn accepts(ty: &Type) -> bool {
        <&str as ToSql>::accepts(ty)
            || *ty == Type::INT4
            || <i64 as ToSql>::accepts(ty)
            || <bool as ToSql>::accepts(ty)
            || <rust_decimal::Decimal as ToSql>::accepts(ty)
    }

    tokio_postgres::types::to_sql_checked!();
}

impl Row for tokio_postgres::Row {
    fn text(&self, idx: usize) -> TxResult<String> {
        Ok(self.try_get(idx)?)
    }

    fn opt_text(&self, idx: usize) -> TxResult<Option<String>> {
        Ok(self.try_get(idx)?)
    }

    fn int(&self, idx: usize) -> TxResult<i64> {
        self.opt_int(idx)?
            .ok_or_else(|| StoreError::Internal(format!("column {idx}: NULL, not a number")))
    }

    fn opt_int(&self, idx: usize) -> TxResult<Option<i64>> {
        // `INTEGER` columns (the clock's id, schema versions) are 32 bits wide.
        if *self.columns()[idx].type_() == Type::INT4 {
            return Ok(self.try_get::<_, Option<i32>>(idx)?.map(i64::from));
        }
        Ok(self.try_get(idx)?)
    }

    fn flag(&self, idx: usize) -> TxResult<bool> {
        Ok(self.try_get(idx)?)
    }

    fn decimal(&self, idx: usize) -> TxResult<rust_decimal::Decimal> {
        Ok(self.try_get(idx)?)
    }
}
