//! Point reads ([`Op::POINT_READ`]) on PostgreSQL: sent from the asking task on a few
//! connections that every point read of the process shares, their statements pipelined,
//! rather than handed to one of the store's threads and a pooled connection and back:
//! for a one-row read the two hand-offs cost more than the read. The op runs twice: once to
//! learn its statement, then its copy with the rows the statement answered. Identical reads
//! in flight together share one statement ([`Flights`], D-238).

use super::flights::{Answer, Flights};
use super::{params, Owned};
use crate::sql::{Conn, Counters, Dialect, Row, Value};
use crate::statements::SqlTx;
use crate::tx::Result as TxResult;
use crate::{Op, StoreError};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use tokio_postgres::{Client, Config, NoTls, Statement};

/// The connections shared: PostgreSQL answers one connection's statements one after the
/// other in one server process, so two let the reads use two of the database's cores.
const SHARED: usize = 2;

pub(super) struct PointReads {
    connections: Arc<Connections>,
    flights: Flights<Arc<Learned>, Sent>,
}

/// The shared connections, and the counters their statements are counted in.
struct Connections {
    config: Config,
    slots: [Mutex<Option<Arc<Shared>>>; SHARED],
    /// Held by the read that connects a slot, so that reads finding it empty at once open
    /// one connection, not one each; where that fails, why, for the reads that waited.
    connecting: [tokio::sync::Mutex<Option<Arc<StoreError>>>; SHARED],
    next: AtomicUsize,
    work: Arc<Counters>,
}

/// A statement a point read runs, and its parameters.
type Learned = (&'static str, Vec<Owned>);

/// What a statement sent answered, as every read sharing it receives it.
type Sent = Result<Arc<Vec<tokio_postgres::Row>>, Arc<StoreError>>;

/// A connection and the statements prepared on it, by their SQL.
struct Shared {
    client: Client,
    statements: Mutex<HashMap<&'static str, Statement>>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

impl PointReads {
    pub fn new(config: Config, work: Arc<Counters>) -> PointReads {
        PointReads {
            connections: Arc::new(Connections {
                config,
                slots: Default::default(),
                connecting: Default::default(),
                next: AtomicUsize::new(0),
                work,
            }),
            flights: Flights::default(),
        }
    }

    /// Runs the point read `op`, whose copy is `again`; identical reads in flight together
    /// share their statement (D-238).
    pub async fn read<O: Op>(&self, op: O, again: O) -> Result<O::Output, StoreError> {
        let mut learned = None;
        let first = op.run(&mut SqlTx::new(PointConn::Learn(&mut learned)));
        let Some(learned) = learned else {
            // It ran no statement: its answer needs no row.
            return first;
        };
        let learned = Arc::new(learned);
        let connections = self.connections.clone();
        let statement = learned.clone();
        let send = move || async move {
            connections
                .send(&statement)
                .await
                .map(Arc::new)
                .map_err(Arc::new)
        };
        let rows = match self.flights.read(learned, send).await {
            Answer::Own(sent) => sent.map_err(|e| Arc::try_unwrap(e).unwrap_or_else(shared))?,
            Answer::Shared(sent) => sent.map_err(shared)?,
            Answer::Lost => {
                return Err(StoreError::Unavailable(
                    "the read this one shared ended without an answer".into(),
                ))
            }
        };
        again.run(&mut SqlTx::new(PointConn::Answer(Some(&rows))))
    }
}

/// A connection for the point reads that could not be made, as each read that needed it
/// reports it.
fn connect_failed(error: Arc<StoreError>) -> StoreError {
    super::shared_error("connecting for the point reads", error)
}

/// The error of a statement several reads shared, as each of them reports it.
fn shared(error: Arc<StoreError>) -> StoreError {
    super::shared_error("in a read shared with others", error)
}

impl Connections {
    /// Sends `statement` on one of the shared connections.
    async fn send(&self, statement: &Learned) -> Result<Vec<tokio_postgres::Row>, StoreError> {
        let (sql, values) = statement;
        let (slot, shared) = self.connection().await?;
        let values: Vec<Value<'_>> = values.iter().map(Owned::value).collect();
        match shared.query(sql, &values).await {
            Ok(rows) => {
                self.work.count(rows.len() as u64, 0);
                Ok(rows)
            }
            Err(e) => {
                // A connection lost fails the reads on it, and no read after them: the
                // next is sent on a new one.
                if shared.client.is_closed()
                    || e.is_closed()
                    || e.as_db_error().is_some_and(|db| db.severity() == "FATAL")
                {
                    let mut slot = lock(slot);
                    if slot.as_ref().is_some_and(|held| Arc::ptr_eq(held, &shared)) {
                        *slot = None;
                    }
                }
                Err(e.into())
            }
        }
    }

    /// One of the shared connections, made again where it was lost, and its slot.
    async fn connection(&self) -> Result<(&Mutex<Option<Arc<Shared>>>, Arc<Shared>), StoreError> {
        let n = self.next.fetch_add(1, Ordering::Relaxed) % SHARED;
        let slot = &self.slots[n];
        let live = || {
            lock(slot)
                .as_ref()
                .filter(|shared| !shared.client.is_closed())
                .cloned()
        };
        if let Some(shared) = live() {
            return Ok((slot, shared));
        }
        // Where another read is connecting the slot, its outcome is this read's too.
        let (mut connecting, waited) = match self.connecting[n].try_lock() {
            Ok(connecting) => (connecting, false),
            Err(_) => (self.connecting[n].lock().await, true),
        };
        if let Some(shared) = live() {
            return Ok((slot, shared));
        }
        if let (true, Some(failed)) = (waited, &*connecting) {
            return Err(connect_failed(failed.clone()));
        }
        // An attempt given up half way (its read gone) leaves no failure for the next.
        *connecting = None;
        let (client, connection) = match self.config.connect(NoTls).await {
            Ok(connected) => connected,
            Err(e) => {
                let failed = Arc::new(super::not_connected(e));
                *connecting = Some(failed.clone());
                return Err(connect_failed(failed));
            }
        };
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::warn!(error = %e, "a connection of the point reads was lost");
            }
        });
        let shared = Arc::new(Shared {
            client,
            statements: Mutex::default(),
        });
        *lock(slot) = Some(shared.clone());
        Ok((slot, shared))
    }
}

impl Shared {
    /// Runs `sql`, prepared on this connection at its first use.
    async fn query(
        &self,
        sql: &'static str,
        values: &[Value<'_>],
    ) -> Result<Vec<tokio_postgres::Row>, tokio_postgres::Error> {
        let cached = lock(&self.statements).get(sql).cloned();
        let statement = match cached {
            Some(statement) => statement,
            None => {
                let statement = self.client.prepare(sql).await?;
                lock(&self.statements).insert(sql, statement.clone());
                statement
            }
        };
        self.client.query(&statement, &params(values)).await
    }
}

/// The two runs' connection: the first learns the statement, the second answers its rows.
enum PointConn<'l> {
    Learn(&'l mut Option<Learned>),
    Answer(Option<&'l [tokio_postgres::Row]>),
}

fn not_a_point_read() -> StoreError {
    StoreError::internal("a point read ran more than one statement, or a write")
}

impl Conn for PointConn<'_> {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn locks_rows(&self) -> bool {
        false
    }

    fn execute(&mut self, _sql: &'static str, _values: &[Value<'_>]) -> TxResult<()> {
        Err(not_a_point_read())
    }

    fn changed(&mut self, _sql: &'static str, _values: &[Value<'_>]) -> TxResult<u64> {
        Err(not_a_point_read())
    }

    fn query<T>(
        &mut self,
        sql: &'static str,
        values: &[Value<'_>],
        map: impl FnMut(&dyn Row) -> TxResult<T>,
    ) -> TxResult<Vec<T>> {
        match self {
            PointConn::Learn(learned) => {
                if learned.is_some() {
                    return Err(not_a_point_read());
                }
                let sql = Dialect::statement(sql, false);
                **learned = Some((sql, values.iter().map(Owned::of).collect()));
                // The first run's answer is not used.
                Ok(Vec::new())
            }
            PointConn::Answer(rows) => {
                let rows = rows.take().ok_or_else(not_a_point_read)?;
                rows.iter().map(|row| row as &dyn Row).map(map).collect()
            }
        }
    }

    fn batch(&mut self, _sql: &str) -> TxResult<()> {
        Err(not_a_point_read())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::{GetAccount, Ledger};
    use crate::tx::Tx;

    /// The two runs of a point read, without the statement between them.
    fn both_runs<O: Op>(op: O, again: O) -> Result<O::Output, StoreError> {
        let mut learned = None;
        let _ = op.run(&mut SqlTx::new(PointConn::Learn(&mut learned)));
        let (sql, values) = learned.expect("the first run learns a statement");
        assert!(!sql.contains("FOR NO KEY UPDATE"), "{sql}");
        assert!(matches!(values.as_slice(), [Owned::Text(id)] if id == "a"));
        again.run(&mut SqlTx::new(PointConn::Answer(Some(&[]))))
    }

    #[test]
    fn a_point_read_learns_its_one_statement_then_maps_its_rows() {
        let account = GetAccount("a".into());
        assert!(both_runs(account.clone(), account).unwrap().is_none());
    }

    /// D-238: every read that shared a failed statement is answered its error as it
    /// would have been alone: unavailable stays unavailable (503), the SQLSTATE is kept.
    #[test]
    fn a_shared_statement_error_keeps_its_kind_and_sqlstate() {
        let error = Arc::new(StoreError::Database {
            unavailable: true,
            sqlstate: Some("57P01".into()),
            source: "terminating connection due to administrator command".into(),
        });
        let told = shared(error);
        assert!(told.is_unavailable());
        assert!(
            matches!(&told, StoreError::Database { sqlstate: Some(code), .. } if code == "57P01")
        );
        let refused = shared(Arc::new(StoreError::Database {
            unavailable: false,
            sqlstate: Some("42P01".into()),
            source: "relation does not exist".into(),
        }));
        assert!(!refused.is_unavailable());
    }

    /// A read that gave up while it connected a shared connection (its client gone) leaves
    /// no failure behind: a read that waited for that attempt connects again, rather than
    /// being answered the failure of an attempt before it.
    #[tokio::test]
    async fn a_connect_given_up_leaves_no_failure_for_the_reads_after_it() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        // The first connection is closed at once, a failure; the later ones never answered.
        let (accepted, mut attempts) = tokio::sync::mpsc::unbounded_channel();
        tokio::spawn(async move {
            let mut held = Vec::new();
            for n in 0.. {
                let (socket, _) = listener.accept().await.unwrap();
                if n > 0 {
                    held.push(socket);
                }
                let _ = accepted.send(n);
            }
        });
        let connections = Arc::new(Connections {
            config: format!("postgres://zenlocal@127.0.0.1:{port}/none")
                .parse()
                .unwrap(),
            slots: Default::default(),
            connecting: Default::default(),
            next: AtomicUsize::new(0),
            work: Arc::default(),
        });
        let connect = || {
            let connections = connections.clone();
            connections.next.store(0, Ordering::Relaxed);
            tokio::spawn(async move { connections.connection().await.map(drop) })
        };
        assert!(connect().await.unwrap().is_err());
        assert_eq!(attempts.recv().await, Some(0));
        let given_up = connect();
        assert_eq!(attempts.recv().await, Some(1));
        let waiting = connect();
        // The waiting read runs up to the lock the connecting one holds.
        tokio::task::yield_now().await;
        given_up.abort();
        tokio::select! {
            answer = waiting => panic!("answered without connecting: {answer:?}"),
            attempt = attempts.recv() => assert_eq!(attempt, Some(2)),
        }
    }

    #[test]
    fn an_op_that_is_no_point_read_is_refused_not_answered_wrong() {
        let mut learned = None;
        let mut first = SqlTx::new(PointConn::Learn(&mut learned));
        assert!(first.account("a").unwrap().is_none());
        assert!(matches!(first.account("b"), Err(StoreError::Internal(_))));
        let mut answer = SqlTx::new(PointConn::Answer(Some(&[])));
        assert!(answer.account("a").unwrap().is_none());
        assert!(matches!(answer.account("b"), Err(StoreError::Internal(_))));
        assert!(matches!(
            Ledger("a".into()).run(&mut SqlTx::new(PointConn::Answer(None))),
            Err(StoreError::Internal(_))
        ));
    }
}
