//! The PostgreSQL backend, for several replicas on one database: a pool of connections,
//! one transaction per command holding the clock's advisory lock (shared, or exclusive
//! while time moves: D-110) and the rows it changes, migrations applied once under an
//! advisory lock however many replicas start at once. A lost connection fails the command
//! as unavailable; the pool replaces it on the next use.

mod tx;

use crate::{Op, StoreError};
use postgres::{Client, Config, NoTls};
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Semaphore;
use tx::{PgTx, Statements};

const MIGRATIONS: &[(i32, &str)] =
    &[(1, include_str!("../../migrations/postgres/0001_schema.sql"))];
/// Held while migrating, so that replicas starting together migrate once.
const MIGRATION_LOCK: i64 = 0x7a65_6e6c_6f63_0002;
const MAX_CONNECTIONS: usize = 16;

impl From<postgres::Error> for StoreError {
    fn from(e: postgres::Error) -> Self {
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
    permits: Arc<Semaphore>,
}

struct Pool {
    config: Config,
    idle: Mutex<Vec<Conn>>,
}

/// A connection and the statements prepared on it.
struct Conn {
    client: Client,
    statements: Statements,
}

impl Pool {
    fn take(&self) -> Result<Conn, StoreError> {
        while let Some(conn) = self.idle.lock().unwrap_or_else(|p| p.into_inner()).pop() {
            if !conn.client.is_closed() {
                return Ok(conn);
            }
        }
        Ok(Conn {
            client: self.config.connect(NoTls)?,
            statements: Statements::new(),
        })
    }

    fn give_back(&self, conn: Conn) {
        if !conn.client.is_closed() {
            self.idle
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(conn);
        }
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        // Closing a synchronous client blocks on its own runtime, which must not happen on
        // a thread that drives async tasks: close them on a thread of their own.
        let idle = std::mem::take(&mut *self.idle.lock().unwrap_or_else(|p| p.into_inner()));
        if !idle.is_empty() {
            let _ = std::thread::spawn(move || drop(idle)).join();
        }
    }
}

impl PgStore {
    /// Connects to `url` (`postgres://user@host:port/db`) and applies migrations.
    pub fn open(url: &str) -> Result<PgStore, StoreError> {
        let mut config = Config::from_str(url)
            .map_err(|e| StoreError::Internal(format!("invalid PostgreSQL URL: {e}")))?;
        config.connect_timeout(Duration::from_secs(5));
        let pool = Pool {
            config,
            idle: Mutex::new(Vec::new()),
        };
        let mut conn = pool.take()?;
        migrate(&mut conn.client)?;
        pool.give_back(conn);
        Ok(PgStore {
            pool: Arc::new(pool),
            permits: Arc::new(Semaphore::new(MAX_CONNECTIONS)),
        })
    }

    async fn run<O: Op>(&self, op: O, locking: bool) -> Result<O::Output, StoreError> {
        let permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| StoreError::Unavailable("the store is closed".into()))?;
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let mut conn = pool.take()?;
            let Conn { client, statements } = &mut conn;
            let result = if locking {
                (|| {
                    let mut tx = client.transaction()?;
                    let out = crate::ops::run_write(op, &mut PgTx::new(&mut tx, statements, true))?;
                    // Answered only once committed (D-31).
                    tx.commit()?;
                    Ok(out)
                })()
            } else {
                // A read is one statement: no transaction, one round trip.
                op.run(&mut PgTx::new(client, statements, false))
            };
            pool.give_back(conn);
            result
        })
        .await
        .map_err(StoreError::internal)?
    }

    pub async fn write<O: Op>(&self, op: O) -> Result<O::Output, StoreError> {
        self.run(op, true).await
    }

    pub async fn read<O: Op>(&self, op: O) -> Result<O::Output, StoreError> {
        self.run(op, false).await
    }

    pub async fn close(self) {
        self.permits.close();
        let pool = self.pool;
        let _ = tokio::task::spawn_blocking(move || drop(pool)).await;
    }
}

fn migrate(client: &mut Client) -> Result<(), StoreError> {
    client.execute("SELECT pg_advisory_lock($1)", &[&MIGRATION_LOCK])?;
    let result = (|| {
        client.batch_execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)",
        )?;
        for (version, sql) in MIGRATIONS {
            let applied = client
                .query_opt(
                    "SELECT version FROM schema_migrations WHERE version = $1",
                    &[version],
                )?
                .is_some();
            if !applied {
                let mut tx = client.transaction()?;
                tx.batch_execute(sql)?;
                tx.execute(
                    "INSERT INTO schema_migrations (version) VALUES ($1)",
                    &[version],
                )?;
                tx.commit()?;
            }
        }
        Ok(())
    })();
    client.execute("SELECT pg_advisory_unlock($1)", &[&MIGRATION_LOCK])?;
    result
}
