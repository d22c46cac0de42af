//! The PostgreSQL backend, for several replicas on one database: a pool of connections,
//! one transaction per command holding the clock's advisory lock (shared, or exclusive
//! while time moves: D-110) and the rows it changes, migrations applied once under an
//! advisory lock however many replicas start at once. A lost connection fails the command
//! as unavailable; the pool replaces it on the next use. The statements are shared with
//! SQLite (`statements.rs`); this module runs them on threads of its own, shared fairly
//! between accounts (`workers`, D-242), on connections driven from the thread that uses
//! them (`session`), a write's statements whose answers nothing waits for sent
//! together with the next that is waited for (one statement where they write different
//! tables), a write's commit with the first statement of the next command its thread runs
//! (D-244), and point reads on connections of their own from the asking task (`point`).

mod flights;
mod point;
mod session;
mod workers;

use crate::ops::StoreIds;
use crate::sql::{lock_clause, Conn, Counters, Dialect, Row, Value, Work};
use crate::statements::SqlTx;
use crate::tx::Result as TxResult;
use crate::tx::Tx;
use crate::{Op, StoreError};
use bytes::BytesMut;
use rust_decimal::Decimal;
pub(crate) use session::Session;
use session::{Answered, Last, Unanswered, Writes};
use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::error::Error;
use std::str::FromStr;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;
use tokio_postgres::types::{IsNull, ToSql, Type};
use tokio_postgres::Config;
use workers::{Refused, Workers};

/// The threads that run commands, each on a pooled connection at a time (D-242).
const MAX_CONNECTIONS: usize = 16;
/// The most of them one account's commands hold at once (D-242).
const ACCOUNT_SHARE: usize = 12;

impl From<Refused> for StoreError {
    fn from(refused: Refused) -> Self {
        match refused {
            Refused::Closed => StoreError::Unavailable("the store is closed".into()),
            Refused::Panicked(message) => {
                StoreError::Internal(format!("a store command panicked: {message}"))
            }
            Refused::NoThread(why) => StoreError::Internal(format!(
                "no thread could be started for the store's commands: {why}"
            )),
        }
    }
}

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

/// A connection that could not be made, whatever the database's reason (one refusing new
/// connections for now answers 55000, say): the database is away for the command, which may
/// be sent again (D-2).
fn not_connected(e: tokio_postgres::Error) -> StoreError {
    match StoreError::from(e) {
        StoreError::Database {
            sqlstate, source, ..
        } => StoreError::Database {
            unavailable: true,
            sqlstate,
            source,
        },
        other => other,
    }
}

pub struct PgStore {
    pool: Arc<Pool>,
    queues: Arc<AccountQueues>,
    point_reads: Box<point::PointReads>,
    workers: Workers,
    work: Arc<Counters>,
    ids: StoreIds,
}

struct Pool {
    config: Config,
    idle: Mutex<Vec<Session>>,
}

thread_local! {
    /// The session of the write this thread ran last, whose commit waits to go first in the
    /// thread's next message (D-244), and the pool it belongs to.
    static DEFERRED: RefCell<Option<(Session, Arc<Pool>)>> = const { RefCell::new(None) };
}

/// Keeps `session`, whose commit waits, for this thread's next command (D-244).
fn keep_deferred(session: Session, pool: Arc<Pool>) {
    let before = DEFERRED.with(|kept| kept.borrow_mut().replace((session, pool)));
    if let Some((session, pool)) = before {
        pool.give_back(session);
    }
}

/// Sends the commit waiting on this thread, if any, and gives its session back: the thread
/// has no command to send it with (D-244).
fn send_deferred() {
    if let Some((session, pool)) = DEFERRED.with(|kept| kept.borrow_mut().take()) {
        pool.give_back(session);
    }
}

impl Pool {
    /// A session: this thread's own where a commit waits on it (D-244), else an idle one,
    /// else a new one.
    fn take(&self) -> Result<Session, StoreError> {
        let kept = DEFERRED.with(|kept| {
            let mut kept = kept.borrow_mut();
            match &*kept {
                Some((_, pool)) if std::ptr::eq(Arc::as_ptr(pool), self) => kept.take(),
                _ => None,
            }
        });
        if let Some((mut session, _)) = kept {
            if !session.is_closed() {
                return Ok(session);
            }
            session.flush();
        }
        while let Some(session) = self.idle.lock().unwrap_or_else(|p| p.into_inner()).pop() {
            if !session.is_closed() {
                return Ok(session);
            }
        }
        Session::connect(&self.config)
    }

    /// Takes `session` back, its waiting commit sent first (D-244).
    fn give_back(&self, mut session: Session) {
        session.flush();
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
            point_reads: Box::new(point::PointReads::new(config, work.clone())),
            workers: Workers::new(MAX_CONNECTIONS, ACCOUNT_SHARE, send_deferred),
            work,
            ids: StoreIds { node },
        })
    }

    pub fn work(&self) -> Work {
        self.work.work()
    }

    /// Runs `work` on one of the store's threads, in the turn of the account the task runs
    /// for (D-242).
    async fn on_a_thread<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        self.workers.run(crate::current_account(), work).await?
    }

    async fn run<O: Op>(&self, op: O, locking: bool) -> Result<O::Output, StoreError> {
        let pool = self.pool.clone();
        let queues = self.queues.clone();
        let work = self.work.clone();
        let ids = self.ids;
        let (answer, answered) = tokio::sync::oneshot::channel();
        let ran = self
            .on_a_thread(move || {
                let mut session = pool.take()?;
                if !locking {
                    // A read is one statement: no transaction, one round trip.
                    let result = op.run(&mut SqlTx::new(PgConn::new(&mut session, false, &work)));
                    pool.give_back(session);
                    return result.map(Some);
                }
                let mut conn = PgConn::writing(session, &work, &queues, &pool);
                // Sent with the first statement.
                if let Some(begin) = Dialect::Postgres.begin_write(O::EXCLUSIVE) {
                    conn.unanswered.push(Unanswered::Batch(begin));
                }
                let mut tx = SqlTx::writing(conn, ids);
                let result = op.run(&mut tx);
                let mut conn = tx.into_conn();
                // Answered only once committed (D-31): where nothing else waits on the
                // commit, once the thread's next message has carried it (D-244).
                let result = match result {
                    Ok(out) if !O::EXCLUSIVE && conn.may_defer() => {
                        let counted = work.clone();
                        let session = conn.defer_commit(move |committed, carried| {
                            if committed.is_ok() {
                                counted.committed(1);
                                if carried {
                                    counted.carried();
                                }
                            }
                            let _ = answer.send(committed.map(|()| out));
                        })?;
                        keep_deferred(session, pool);
                        return Ok(None);
                    }
                    Ok(out) => conn.commit().map(|()| Some(out)),
                    Err(e) => {
                        conn.roll_back();
                        Err(e)
                    }
                };
                if let Some(session) = conn.into_session() {
                    pool.give_back(session);
                }
                result
            })
            .await?;
        match ran {
            Some(out) => Ok(out),
            None => answered.await.unwrap_or_else(|_| {
                Err(StoreError::Unavailable(
                    "the store closed before the commit was sent".into(),
                ))
            }),
        }
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
        let pool = self.pool.clone();
        self.on_a_thread(move || {
            let mut session = pool.take()?;
            // Its statements go straight to the client: a commit waiting goes first.
            session.flush();
            let result = work(&mut session);
            pool.give_back(session);
            result
        })
        .await
    }

    pub async fn read<O: Op>(&self, op: O) -> Result<O::Output, StoreError> {
        if let Some(copy) = O::POINT_READ {
            let again = copy(&op);
            return self.point_reads.read(op, again).await;
        }
        self.run(op, false).await
    }

    pub async fn close(self) {
        self.workers.close();
        let pool = self.pool;
        let _ = tokio::task::spawn_blocking(move || drop(pool)).await;
    }
}

/// The statements' connection: inside a transaction for writes, plain (one statement, one
/// round trip) for reads. A write's statements whose answers nothing waits for (and the
/// transaction's opening) wait in `unanswered`, to be sent with the next statement that is
/// answered, or with the commit: one round trip for them all.
pub(crate) struct PgConn<'t> {
    session: Slot<'t>,
    /// Writes lock the rows they read; reads do not.
    locking: bool,
    unanswered: Vec<Unanswered>,
    /// Whether the transaction's opening was sent, so that there is one to roll back.
    begun: bool,
    /// What the statements do, counted in the store's [`Work`] (statements and rows; a
    /// statement sent with others counts as one).
    work: &'t Counters,
    /// Where a write waits its turn for an account's row (D-236), and the account it waited
    /// for, its turn held until the transaction ends or passes on.
    queues: Option<&'t AccountQueues>,
    queued: Option<String>,
    /// Whether a statement sent may have locked a row.
    holds_rows: bool,
    /// Whether the write may commit in one transaction with others of its account (D-237).
    together: bool,
    /// Its part of a group's transaction, where it opened or joined one (D-237).
    part: Option<Part>,
    /// How many of the first statements of `unanswered` are the part before this one's
    /// (its writes and the end of its savepoint), whose errors are that part's.
    inherited: usize,
    /// The transaction a member had opened itself, holding the clock alone: rolled back
    /// once its part is done, and its session given back to `pool`.
    spare: Option<Box<Session>>,
    pool: Option<&'t Pool>,
    /// Whether a statement found the database away (D-2): the transaction is then not
    /// handed on (D-237).
    away: bool,
}

/// The session a connection's statements go to: lent by its caller, or owned by a write,
/// whose transaction can then pass to another write (D-237).
enum Slot<'t> {
    Lent(&'t mut Session),
    Owned(Box<Session>),
    Passed,
}

/// How many charged changes of one account may commit in one transaction (D-237).
const GROUP: usize = 16;

/// The savepoint each part of a group's transaction runs in (D-237).
const SAVEPOINT: &str = "SAVEPOINT part";
const NEXT_PART: &str = "RELEASE SAVEPOINT part; SAVEPOINT part";
const UNDO_PART: &str = "ROLLBACK TO SAVEPOINT part";

/// The turns of the accounts whose rows a write of this process is about to lock or holds
/// (D-236), each with the writes waiting for it, first come first served: they wait here
/// holding no row, rather than each in a server process of PostgreSQL on the row. A
/// turn's holder whose change may commit with others hands its open transaction to the
/// first waiting write that may too (D-237).
#[derive(Default)]
struct AccountQueues {
    turns: Mutex<HashMap<String, VecDeque<Arc<Waiter>>>>,
}

/// A write waiting for an account's turn.
struct Waiter {
    together: bool,
    woken: Mutex<Option<Place>>,
    wake: Condvar,
}

/// Where a write that waited for an account's turn stands.
enum Place {
    /// It holds the turn, in a transaction of its own.
    Holder,
    /// It holds the turn in a group's transaction (D-237).
    Member(Handoff),
}

/// A group's transaction on its way to its next part (D-237).
struct Handoff {
    session: Box<Session>,
    /// The statements of the part before, still to be sent.
    tail: Vec<Unanswered>,
    group: Arc<Group>,
    number: usize,
}

impl AccountQueues {
    fn turns(&self) -> MutexGuard<'_, HashMap<String, VecDeque<Arc<Waiter>>>> {
        self.turns.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn wait(&self, account: &str, together: bool) -> Place {
        let waiter = {
            let mut turns = self.turns();
            let Some(queue) = turns.get_mut(account) else {
                turns.insert(account.to_owned(), VecDeque::new());
                return Place::Holder;
            };
            let waiter = Arc::new(Waiter {
                together,
                woken: Mutex::new(None),
                wake: Condvar::new(),
            });
            queue.push_back(waiter.clone());
            waiter
        };
        let mut woken = waiter.woken.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            if let Some(place) = woken.take() {
                return place;
            }
            woken = waiter.wake.wait(woken).unwrap_or_else(|p| p.into_inner());
        }
    }

    /// The first write waiting for the account's turn that may join its holder's
    /// transaction (D-237), out of the queue.
    fn joiner(&self, account: &str) -> Option<Arc<Waiter>> {
        let mut turns = self.turns();
        let queue = turns.get_mut(account)?;
        let first = queue.iter().position(|w| w.together)?;
        queue.remove(first)
    }

    /// The holder's transaction ended: the turn passes to the first write waiting, or ends.
    fn leave(&self, account: &str) {
        let next = {
            let mut turns = self.turns();
            let next = turns.get_mut(account).and_then(VecDeque::pop_front);
            if next.is_none() {
                turns.remove(account);
            }
            next
        };
        if let Some(next) = next {
            next.woken_as(Place::Holder);
        }
    }
}

impl Waiter {
    fn woken_as(&self, place: Place) {
        *self.woken.lock().unwrap_or_else(|p| p.into_inner()) = Some(place);
        self.wake.notify_one();
    }
}

/// A write's part of a group's transaction (D-237), numbered from 0, the write that
/// opened it.
struct Part {
    group: Arc<Group>,
    number: usize,
}

/// The changes of one account committed in one transaction (D-237): each part's own
/// statements are kept or undone on their own, and every part is answered once the commit
/// is.
#[derive(Default)]
struct Group {
    state: Mutex<GroupState>,
    ended: Condvar,
}

#[derive(Default)]
struct GroupState {
    /// The parts whose statements failed, undone, and why.
    failed: HashMap<usize, Arc<StoreError>>,
    committed: Option<Result<(), Arc<StoreError>>>,
}

impl Group {
    fn state(&self) -> MutexGuard<'_, GroupState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn failed(&self, part: usize, error: StoreError) {
        self.state().failed.insert(part, Arc::new(error));
    }

    fn end(&self, committed: Result<(), StoreError>) {
        self.state()
            .committed
            .get_or_insert(committed.map_err(Arc::new));
        self.ended.notify_all();
    }

    fn ended(&self) -> bool {
        self.state().committed.is_some()
    }

    /// What a part came to: its own failure, else the commit's outcome, once known.
    fn outcome(&self, part: usize) -> TxResult<()> {
        let mut state = self.state();
        loop {
            if let Some(committed) = &state.committed {
                let error = match state.failed.get(&part) {
                    Some(own) => own,
                    None => match committed {
                        Ok(()) => return Ok(()),
                        Err(e) => e,
                    },
                };
                return Err(shared_error(
                    "in a transaction of changes committed together",
                    error.clone(),
                ));
            }
            state = self.ended.wait(state).unwrap_or_else(|p| p.into_inner());
        }
    }
}

/// An error that a statement or a transaction shared by several commands met, as each of
/// them reports it: `context` says what was shared.
fn shared_error(context: &'static str, error: Arc<StoreError>) -> StoreError {
    StoreError::Database {
        unavailable: error.is_unavailable(),
        sqlstate: match &*error {
            StoreError::Database { sqlstate, .. } => sqlstate.clone(),
            _ => None,
        },
        source: Box::new(SharedError { context, error }),
    }
}

#[derive(Debug)]
struct SharedError {
    context: &'static str,
    error: Arc<StoreError>,
}

impl std::fmt::Display for SharedError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.context, self.error)
    }
}

impl Error for SharedError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(&*self.error)
    }
}

impl Drop for PgConn<'_> {
    fn drop(&mut self) {
        // A group whose turn this write holds ends with it, however it ends.
        if let (Some(part), Some(_)) = (&self.part, &self.queued) {
            if !part.group.ended() {
                part.group.end(Err(StoreError::Internal(
                    "a change ended before the transaction it was in was committed".into(),
                )));
            }
        }
        if let (Some(queues), Some(account)) = (self.queues, self.queued.take()) {
            queues.leave(&account);
        }
    }
}

impl<'t> PgConn<'t> {
    pub fn new(session: &'t mut Session, locking: bool, work: &'t Counters) -> PgConn<'t> {
        PgConn::on(Slot::Lent(session), locking, work)
    }

    fn on(session: Slot<'t>, locking: bool, work: &'t Counters) -> PgConn<'t> {
        PgConn {
            session,
            locking,
            unanswered: Vec::new(),
            begun: false,
            work,
            queues: None,
            queued: None,
            holds_rows: false,
            together: false,
            part: None,
            inherited: 0,
            spare: None,
            pool: None,
            away: false,
        }
    }

    /// A write's connection, on a session of its own.
    fn writing(
        session: Session,
        work: &'t Counters,
        queues: &'t AccountQueues,
        pool: &'t Pool,
    ) -> PgConn<'t> {
        let mut conn = PgConn::on(Slot::Owned(Box::new(session)), true, work);
        conn.queues = Some(queues);
        conn.pool = Some(pool);
        conn
    }

    /// Whether the write's commit may wait for the thread's next message (D-244): nothing
    /// else waits on it — it holds no account's turn (D-236), is of no group (D-237) and
    /// keeps no other transaction open — and the database was not found away.
    fn may_defer(&self) -> bool {
        self.part.is_none()
            && self.queued.is_none()
            && self.spare.is_none()
            && !self.away
            && matches!(&self.session, Slot::Owned(session) if !session.is_closed())
    }

    /// Leaves the write's last statements and its commit on its session, to go first in the
    /// thread's next message (D-244): `committed` hears their outcome once they are answered,
    /// and whether a message of another command carried them.
    fn defer_commit(
        mut self,
        committed: impl FnOnce(Result<(), StoreError>, bool) + Send + 'static,
    ) -> Result<Session, StoreError> {
        let tail = std::mem::take(&mut self.unanswered);
        let mut session = self
            .into_session()
            .ok_or_else(|| StoreError::Internal("a write without a session".into()))?;
        session.defer(tail, committed)?;
        Ok(session)
    }

    /// The session a write holds at its end, to be given back.
    fn into_session(mut self) -> Option<Session> {
        match std::mem::replace(&mut self.session, Slot::Passed) {
            Slot::Owned(session) => Some(*session),
            Slot::Lent(_) | Slot::Passed => None,
        }
    }

    fn session(&mut self) -> TxResult<&mut Session> {
        match &mut self.session {
            Slot::Lent(session) => Ok(session),
            Slot::Owned(session) => Ok(session),
            Slot::Passed => Err(StoreError::Internal(
                "the transaction was passed to another change".into(),
            )),
        }
    }

    fn prepare(&mut self, sql: &'static str) -> TxResult<tokio_postgres::Statement> {
        let sql = Dialect::statement(sql, self.locking);
        self.session()?.prepare(sql)
    }

    /// Sends what waits, then `last`, and answers `last`. Where what failed is the part
    /// before this one's (D-237), that part is undone and this one's statements sent again.
    fn send(&mut self, last: Last<'_>) -> TxResult<Answered> {
        if !self.unanswered.is_empty() {
            self.begun = true;
        }
        self.holds_rows |= matches!(last, Last::Execute(..))
            || self
                .unanswered
                .iter()
                .any(|u| matches!(u, Unanswered::Writes(..)));
        let unanswered = std::mem::take(&mut self.unanswered);
        let inherited = std::mem::take(&mut self.inherited);
        let before = self.part.as_ref().map(|p| (p.group.clone(), p.number));
        let session = self.session()?;
        let answered = match session.send(&unanswered, last) {
            Err(refused) if refused.at < inherited => {
                if let Some((group, number)) = before {
                    group.failed(number.saturating_sub(1), refused.error);
                }
                session
                    .send(&[], Last::Batch(UNDO_PART))
                    .and_then(|_| session.send(&unanswered[inherited..], last))
            }
            answered => answered,
        };
        answered.map_err(|refused| {
            self.away |= refused.error.is_unavailable();
            refused.error
        })
    }

    /// Commits the write with what waits. One of a group (D-237) hands the group's
    /// transaction to the next write of its account waiting to join, or commits it; it
    /// is answered once that commit is.
    fn commit(&mut self) -> TxResult<()> {
        if self.hand_over() {
            return self.group_outcome();
        }
        let Some(Part { group, number }) = &self.part else {
            self.send(Last::Batch("COMMIT"))?;
            self.work.committed(1);
            return Ok(());
        };
        let (group, number) = (group.clone(), *number);
        if let Err(e) = self.send(Last::Batch("RELEASE SAVEPOINT part")) {
            group.failed(number, e);
            // Where this fails, so does the commit, and every part hears it.
            let _ = self.send(Last::Batch(UNDO_PART));
        }
        self.end_group(&group);
        self.group_outcome()
    }

    /// Rolls the write back: what waits is never sent, a transaction never opened is not
    /// ended, and a session that cannot roll back is not kept. One of a group (D-237)
    /// undoes its own statements only and hands the group on, or commits it.
    fn roll_back(&mut self) {
        self.unanswered.clear();
        let Some(part) = &self.part else {
            if self.begun && self.send(Last::Batch("ROLLBACK")).is_err() {
                self.session = Slot::Passed;
            }
            return;
        };
        let group = part.group.clone();
        self.unanswered.push(Unanswered::Batch(UNDO_PART));
        if !self.hand_over() {
            self.end_group(&group);
        }
    }

    /// Hands the transaction, with the account's turn, to the first write waiting that
    /// may join it, where this one may too and the group is not full: this write's own
    /// statements still to be sent go with it, in their savepoint.
    fn hand_over(&mut self) -> bool {
        let (Some(queues), Some(account)) = (self.queues, self.queued.clone()) else {
            return false;
        };
        let next = self.part.as_ref().map_or(1, |p| p.number + 1);
        // A transaction that found the database away is not handed on: its commit is
        // tried, and the writes waiting go on alone.
        if !self.together || next >= GROUP || self.away {
            return false;
        }
        let session = match std::mem::replace(&mut self.session, Slot::Passed) {
            Slot::Owned(session) if !session.is_closed() => session,
            other => {
                self.session = other;
                return false;
            }
        };
        let Some(joiner) = queues.joiner(&account) else {
            self.session = Slot::Owned(session);
            return false;
        };
        let group = match &self.part {
            Some(part) => part.group.clone(),
            None => {
                // What the first part sent so far succeeded; what waits goes in a savepoint.
                self.unanswered.insert(0, Unanswered::Batch(SAVEPOINT));
                let group = Arc::<Group>::default();
                self.part = Some(Part {
                    group: group.clone(),
                    number: 0,
                });
                group
            }
        };
        self.unanswered.push(Unanswered::Batch(NEXT_PART));
        joiner.woken_as(Place::Member(Handoff {
            session,
            tail: std::mem::take(&mut self.unanswered),
            group,
            number: next,
        }));
        self.queued = None;
        self.end_spare();
        true
    }

    /// Commits the group's transaction, the last part's statements sent first.
    fn end_group(&mut self, group: &Group) {
        let committed = self.send(Last::Batch("COMMIT")).map(drop);
        if committed.is_ok() {
            let parts = self.part.as_ref().map_or(1, |p| p.number + 1);
            self.work.committed(parts);
        }
        group.end(committed);
        self.end_spare();
    }

    /// Rolls back the transaction a member had opened itself, holding the clock alone.
    fn end_spare(&mut self) {
        if let (Some(mut spare), Some(pool)) = (self.spare.take(), self.pool) {
            if spare.send(&[], Last::Batch("ROLLBACK")).is_ok() {
                pool.give_back(*spare);
            }
        }
    }

    fn group_outcome(&self) -> TxResult<()> {
        match &self.part {
            Some(part) => part.group.outcome(part.number),
            None => Ok(()),
        }
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
        let values = values.iter().map(Owned::of).collect();
        let values = match self.unanswered.last_mut() {
            Some(Unanswered::Writes(writes)) => writes.join(sql, values).err(),
            _ => Some(values),
        };
        if let Some(values) = values {
            self.unanswered
                .push(Unanswered::Writes(Writes::one(sql, values)));
        }
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
        self.holds_rows |= self.locking && lock_clause(sql).is_some();
        let rows = self.send(Last::Query(&statement, &params(values)))?.rows;
        self.work.count(rows.len() as u64, 0);
        rows.iter().map(|row| map(row)).collect()
    }

    fn batch(&mut self, sql: &str) -> TxResult<()> {
        self.send(Last::Batch(sql)).map(drop)
    }

    fn queue_for_account(&mut self, id: &str, together: bool) {
        // One holding a row waits on PostgreSQL, which sees every wait and so every
        // deadlock; here none could be seen. So does one whose transaction does not hold
        // the clock yet (its opening still waits to be sent): a write moving time, which
        // holds the clock alone, could then be waiting here for it.
        if let (Some(queues), None, false, true) =
            (self.queues, &self.queued, self.holds_rows, self.begun)
        {
            if let Place::Member(handoff) = queues.wait(id, together) {
                // Its statements go to the group's transaction from here on, after the
                // part before's; the transaction it opened itself waits to be rolled back.
                if let Slot::Owned(own) =
                    std::mem::replace(&mut self.session, Slot::Owned(handoff.session))
                {
                    self.spare = Some(own);
                }
                let mut unanswered = handoff.tail;
                self.inherited = unanswered.len();
                unanswered.append(&mut self.unanswered);
                self.unanswered = unanswered;
                self.part = Some(Part {
                    group: handoff.group,
                    number: handoff.number,
                });
                self.holds_rows = true;
            }
            self.queued = Some(id.to_owned());
            self.together = together;
        }
    }
}

/// A statement parameter kept beyond the run that gave it.
#[derive(PartialEq, Eq, Hash)]
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
