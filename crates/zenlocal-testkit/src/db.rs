//! Temporary stores: a SQLite file in a directory of its own, or a PostgreSQL database
//! made on the server `ZENLOCAL_TEST_POSTGRES_URL` names and dropped when the test ends.

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, Once};
use std::time::{Duration, Instant};

/// The variable naming the PostgreSQL server the tests may use; each test makes and
/// drops a database of its own on it.
pub const POSTGRES_URL_VAR: &str = "ZENLOCAL_TEST_POSTGRES_URL";

/// With `ZENLOCAL_TEST_STORE=postgres`, the API suite runs on PostgreSQL.
const STORE_VAR: &str = "ZENLOCAL_TEST_STORE";

static SKIPPED: Once = Once::new();

/// The server for the PostgreSQL variants, from `ZENLOCAL_TEST_POSTGRES_URL`. When it is
/// unset the variants are skipped, and the first call of a test binary says so and how
/// to run them — written to the terminal itself, past the test harness's capture, so a
/// skip is never silent.
pub fn postgres_url() -> Option<String> {
    let url = std::env::var(POSTGRES_URL_VAR)
        .ok()
        .filter(|u| !u.trim().is_empty());
    if url.is_none() {
        note_skipped(&SKIPPED, &mut std::io::stderr());
    }
    url
}

fn note_skipped(once: &Once, out: &mut dyn Write) {
    once.call_once(|| {
        let _ = writeln!(
            out,
            "\nnote: the PostgreSQL variants of these tests are skipped; run them with \
             {POSTGRES_URL_VAR}=postgres://postgres@127.0.0.1:5432/test"
        );
    });
}

/// The synchronous PostgreSQL client must not run on a thread driving async tasks.
fn on_a_thread<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::spawn(f).join().unwrap()
}

fn postgres_batch(url: &str, sql: &str) {
    let (url, sql) = (url.to_owned(), sql.to_owned());
    on_a_thread(move || {
        postgres::Client::connect(&url, postgres::NoTls)
            .unwrap()
            .batch_execute(&sql)
            .unwrap()
    });
}

/// How long one test's store may stay open before its test is taken for hung: the longest
/// suite runs in under a minute.
const HUNG_AFTER: Duration = Duration::from_secs(600);

/// The test stores open, each with the test that made it and since when.
static OPEN: Mutex<Vec<Opened>> = Mutex::new(Vec::new());
static NEXT: AtomicU64 = AtomicU64::new(0);
static WATCH: Once = Once::new();

struct Opened {
    id: u64,
    test: String,
    since: Instant,
}

/// The first store open longer than `limit` at `now`: its test, and for how long.
fn overdue(open: &[Opened], now: Instant, limit: Duration) -> Option<(&str, Duration)> {
    open.iter()
        .map(|o| (o.test.as_str(), now.saturating_duration_since(o.since)))
        .find(|(_, age)| *age > limit)
}

/// Records a store opened by the running test. A store open for [`HUNG_AFTER`] ends the
/// test binary, naming the test: a write that never answers would otherwise hold the
/// suite until CI's own limit.
fn watched() -> u64 {
    WATCH.call_once(|| {
        std::thread::spawn(|| loop {
            std::thread::sleep(Duration::from_secs(5));
            let open = OPEN.lock().unwrap_or_else(|p| p.into_inner());
            if let Some((test, age)) = overdue(&open, Instant::now(), HUNG_AFTER) {
                // Past the harness's capture, which an exit would lose.
                let _ = writeln!(
                    std::io::stderr(),
                    "error: the store of test `{test}` has been open for {} s: the test \
                     hangs; ending the test binary",
                    age.as_secs()
                );
                std::process::exit(101);
            }
        });
    });
    let id = NEXT.fetch_add(1, Ordering::Relaxed);
    let test = std::thread::current().name().unwrap_or("a test").to_owned();
    OPEN.lock().unwrap_or_else(|p| p.into_inner()).push(Opened {
        id,
        test,
        since: Instant::now(),
    });
    id
}

/// A store for one test, removed when dropped.
pub struct TestDb {
    place: Place,
    watched: u64,
}

enum Place {
    Sqlite {
        path: PathBuf,
        _dir: tempfile::TempDir,
    },
    Postgres {
        admin_url: String,
        name: String,
    },
}

/// Every backend a store test runs on: a SQLite file always, PostgreSQL too when
/// `ZENLOCAL_TEST_POSTGRES_URL` is set.
pub fn backends() -> Vec<TestDb> {
    let mut dbs = vec![TestDb::sqlite()];
    if let Some(url) = postgres_url() {
        dbs.push(TestDb::postgres(&url));
    }
    dbs
}

impl TestDb {
    /// A SQLite file in a new directory.
    pub fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().unwrap();
        TestDb {
            place: Place::Sqlite {
                path: dir.path().join("zenlocal.db"),
                _dir: dir,
            },
            watched: watched(),
        }
    }

    /// A new PostgreSQL database on `admin_url`'s server.
    pub fn postgres(admin_url: &str) -> TestDb {
        let name = format!(
            "zenlocal_test_{}",
            zenlocal_wire::ids::request_id()[1..]
                .replace('-', "")
                .to_ascii_lowercase()
        );
        postgres_batch(admin_url, &format!("CREATE DATABASE {name}"));
        TestDb {
            place: Place::Postgres {
                admin_url: admin_url.to_owned(),
                name,
            },
            watched: watched(),
        }
    }

    /// The store the API suite runs on: a SQLite file, or with `ZENLOCAL_TEST_STORE=postgres`
    /// a PostgreSQL database.
    pub fn chosen() -> TestDb {
        if std::env::var(STORE_VAR).as_deref() != Ok("postgres") {
            return TestDb::sqlite();
        }
        let admin_url = std::env::var(POSTGRES_URL_VAR)
            .unwrap_or_else(|_| panic!("{STORE_VAR}=postgres needs {POSTGRES_URL_VAR}"));
        TestDb::postgres(&admin_url)
    }

    /// What `--database` is given.
    pub fn url(&self) -> String {
        match &self.place {
            Place::Sqlite { path, .. } => path.to_str().unwrap().to_owned(),
            Place::Postgres { admin_url, name } => {
                let (base, _) = admin_url.rsplit_once('/').unwrap();
                format!("{base}/{name}")
            }
        }
    }

    /// `sqlite` or `postgres`, for assertion messages.
    pub fn name(&self) -> &'static str {
        if self.is_postgres() {
            "postgres"
        } else {
            "sqlite"
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self.place, Place::Postgres { .. })
    }

    /// Runs SQL on the store from a connection of its own (to prepare it, or to break it
    /// behind a server's back).
    pub fn execute(&self, sql: &str) {
        let url = self.url();
        if self.is_postgres() {
            postgres_batch(&url, sql);
        } else {
            rusqlite::Connection::open(&url)
                .unwrap()
                .execute_batch(sql)
                .unwrap();
        }
    }

    /// Every row of every table a snapshot saves, as text, sorted: two dumps are equal
    /// when the stores hold the same state.
    pub fn dump(&self) -> std::collections::BTreeMap<String, Vec<String>> {
        const SKIP: &[&str] = zenlocal_store::KEPT_BY_SNAPSHOTS;
        let url = self.url();
        let mut dump = std::collections::BTreeMap::new();
        if self.is_postgres() {
            on_a_thread(move || {
                let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
                let tables: Vec<String> = client
                    .query(
                        "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema()",
                        &[],
                    )
                    .unwrap()
                    .iter()
                    .map(|r| r.get(0))
                    .collect();
                for table in tables.into_iter().filter(|t| !SKIP.contains(&t.as_str())) {
                    let mut rows: Vec<String> = client
                        .query(&format!("SELECT CAST(t AS text) FROM \"{table}\" t"), &[])
                        .unwrap()
                        .iter()
                        .map(|r| r.get(0))
                        .collect();
                    rows.sort();
                    dump.insert(table, rows);
                }
                dump
            })
        } else {
            let conn = rusqlite::Connection::open(&url).unwrap();
            let mut statement = conn
                .prepare(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
                )
                .unwrap();
            let tables: Vec<String> = statement
                .query_map([], |r| r.get(0))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            for table in tables.into_iter().filter(|t| !SKIP.contains(&t.as_str())) {
                let mut read = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
                let width = read.column_count();
                let mut rows: Vec<String> = read
                    .query_map([], |r| {
                        Ok((0..width)
                            .map(|i| {
                                format!("{:?}", r.get::<_, rusqlite::types::Value>(i).unwrap())
                            })
                            .collect::<Vec<_>>()
                            .join("|"))
                    })
                    .unwrap()
                    .map(Result::unwrap)
                    .collect();
                rows.sort();
                dump.insert(table, rows);
            }
            dump
        }
    }

    /// Holds the store's write lock (SQLite) or every instance row (PostgreSQL) from
    /// another connection until the answer is dropped: a command on an instance waits.
    pub fn hold_instances(&self) -> Held {
        self.hold("LOCK TABLE instances IN EXCLUSIVE MODE".into())
    }

    /// Holds the store's write lock (SQLite) or every instance's row (PostgreSQL, as a
    /// command locks one) from another connection until the answer is dropped.
    pub fn hold_instance_rows(&self) -> Held {
        self.hold("SELECT id FROM instances FOR NO KEY UPDATE".into())
    }

    /// Holds the store's write lock (SQLite) or every account row (PostgreSQL) from
    /// another connection until the answer is dropped: a command that locks its account
    /// waits.
    pub fn hold_accounts(&self) -> Held {
        self.hold("SELECT id FROM accounts FOR NO KEY UPDATE".into())
    }

    /// Holds the accounts table whole (PostgreSQL only) from another connection until the
    /// answer is dropped: even a read of an account waits.
    pub fn hold_account_reads(&self) -> Held {
        assert!(self.is_postgres(), "only PostgreSQL holds reads");
        self.hold("LOCK TABLE accounts IN ACCESS EXCLUSIVE MODE".into())
    }

    /// Holds the store's write lock (SQLite) or one instance's row (PostgreSQL) from
    /// another connection until the answer is dropped.
    pub fn hold_instance_row(&self, id: &str) -> Held {
        self.hold(format!(
            "SELECT id FROM instances WHERE id = '{}' FOR NO KEY UPDATE",
            id.replace('\'', "''")
        ))
    }

    /// Runs `on_postgres` (or takes SQLite's write lock) in a transaction of another
    /// connection, kept open until the answer is dropped.
    fn hold(&self, on_postgres: String) -> Held {
        let (url, postgres) = (self.url(), self.is_postgres());
        let (held, asked) = std::sync::mpsc::channel::<Further>();
        let (ready, is_ready) = std::sync::mpsc::channel::<()>();
        let thread = std::thread::spawn(move || {
            if postgres {
                let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
                let mut tx = client.transaction().unwrap();
                tx.batch_execute(&on_postgres).unwrap();
                ready.send(()).unwrap();
                while let Ok((sql, done)) = asked.recv() {
                    let _ = done.send(tx.batch_execute(&sql).map_err(|e| e.to_string()));
                }
                let _ = tx.rollback();
            } else {
                let conn = rusqlite::Connection::open(&url).unwrap();
                conn.execute_batch("BEGIN IMMEDIATE").unwrap();
                ready.send(()).unwrap();
                let further = asked.recv();
                assert!(
                    further.is_err(),
                    "only a PostgreSQL hold runs further statements"
                );
                conn.execute_batch("ROLLBACK").unwrap();
            }
        });
        is_ready.recv().unwrap();
        Held {
            further: Some(held),
            thread: Some(thread),
        }
    }

    /// The other sessions open on the PostgreSQL database: how many wait for a lock, and
    /// how many are idle inside a transaction.
    pub fn sessions_waiting_and_idle(&self) -> (i64, i64) {
        let counts = self.sessions_counted(
            "COUNT(*) FILTER (WHERE wait_event_type = 'Lock'),
             COUNT(*) FILTER (WHERE state = 'idle in transaction')",
        );
        (counts[0], counts[1])
    }

    /// How many other sessions are open on the PostgreSQL database.
    pub fn sessions(&self) -> i64 {
        self.sessions_counted("COUNT(*)")[0]
    }

    /// Lets new sessions open on the PostgreSQL database, or refuses them (sessions open
    /// stay).
    pub fn allow_connections(&self, allowed: bool) {
        let Place::Postgres { admin_url, name } = &self.place else {
            panic!("only a PostgreSQL store refuses connections");
        };
        postgres_batch(
            admin_url,
            &format!("ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS {allowed}"),
        );
    }

    /// `counts`, the columns of a query of the database's other sessions in
    /// `pg_stat_activity`.
    fn sessions_counted(&self, counts: &str) -> Vec<i64> {
        let Place::Postgres { admin_url, name } = &self.place else {
            panic!("only a PostgreSQL store has sessions");
        };
        let (admin, name) = (admin_url.clone(), name.clone());
        let sql = format!(
            "SELECT {counts} FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()"
        );
        on_a_thread(move || {
            let mut client = postgres::Client::connect(&admin, postgres::NoTls).unwrap();
            let row = client.query_one(&sql, &[&name]).unwrap();
            (0..row.len()).map(|i| row.get(i)).collect()
        })
    }

    /// Whether every account's row could be locked at once from another connection (the
    /// attempt is rolled back).
    pub fn accounts_free(&self) -> bool {
        let url = self.url();
        on_a_thread(move || {
            let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
            let mut tx = client.transaction().unwrap();
            match tx.batch_execute("SELECT id FROM accounts FOR NO KEY UPDATE NOWAIT") {
                Ok(()) => true,
                Err(e) if e.code() == Some(&postgres::error::SqlState::LOCK_NOT_AVAILABLE) => false,
                Err(e) => panic!("{e}"),
            }
        })
    }

    /// Terminates every session open on the PostgreSQL database; answers how many.
    pub fn cut_connections(&self) -> i64 {
        self.terminate("TRUE")
    }

    /// Terminates the sessions on the PostgreSQL database that wait for a lock; answers
    /// how many.
    pub fn cut_lock_waiters(&self) -> i64 {
        self.terminate("wait_event_type = 'Lock'")
    }

    fn terminate(&self, which: &'static str) -> i64 {
        let Place::Postgres { admin_url, name } = &self.place else {
            panic!("only a PostgreSQL store has connections to cut");
        };
        let (admin, name) = (admin_url.clone(), name.clone());
        on_a_thread(move || {
            let mut client = postgres::Client::connect(&admin, postgres::NoTls).unwrap();
            client
                .query(
                    &format!(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                         WHERE datname = $1 AND pid <> pg_backend_pid() AND {which}"
                    ),
                    &[&name],
                )
                .unwrap()
                .len() as i64
        })
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        OPEN.lock()
            .unwrap_or_else(|p| p.into_inner())
            .retain(|o| o.id != self.watched);
        if let Place::Postgres { admin_url, name } = &self.place {
            let statement = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            let admin = admin_url.clone();
            on_a_thread(move || {
                if let Ok(mut client) = postgres::Client::connect(&admin, postgres::NoTls) {
                    let _ = client.batch_execute(&statement);
                }
            });
        }
    }
}

/// A lock held on the store by [`TestDb::hold_instances`]; dropping it lets go.
pub struct Held {
    further: Option<std::sync::mpsc::Sender<Further>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// A statement for a hold's transaction, and where its outcome goes.
type Further = (String, std::sync::mpsc::Sender<Result<(), String>>);

impl Held {
    /// Runs `sql` in the holding transaction (PostgreSQL only), which keeps what it held;
    /// the answer receives the statement's outcome once it has run (a statement that waits
    /// for a lock answers once it has it).
    pub fn run(&self, sql: &str) -> std::sync::mpsc::Receiver<Result<(), String>> {
        let (done, outcome) = std::sync::mpsc::channel();
        if let Some(further) = &self.further {
            further.send((sql.to_owned(), done)).unwrap();
        }
        outcome
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        drop(self.further.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_store_open_longer_than_the_limit_names_its_test() {
        let since = Instant::now();
        let open = [
            Opened {
                id: 0,
                test: "quick".into(),
                since: since + Duration::from_secs(500),
            },
            Opened {
                id: 1,
                test: "stuck".into(),
                since,
            },
        ];
        let limit = Duration::from_secs(600);
        assert_eq!(overdue(&open, since + limit, limit), None);
        assert_eq!(
            overdue(&open, since + limit + Duration::from_secs(1), limit),
            Some(("stuck", Duration::from_secs(601)))
        );
    }

    #[test]
    fn a_store_is_watched_while_open_under_its_test_name() {
        let db = TestDb::sqlite();
        let named = |id| {
            OPEN.lock()
                .unwrap()
                .iter()
                .find(|o| o.id == id)
                .map(|o| o.test.clone())
        };
        assert_eq!(
            named(db.watched).as_deref(),
            Some("db::tests::a_store_is_watched_while_open_under_its_test_name")
        );
        let id = db.watched;
        drop(db);
        assert_eq!(named(id), None);
    }

    #[test]
    fn a_skip_is_said_once_with_how_to_run() {
        let once = Once::new();
        let mut out = Vec::new();
        note_skipped(&once, &mut out);
        note_skipped(&once, &mut out);
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.matches("note:").count(), 1, "{text}");
        assert!(
            text.contains("ZENLOCAL_TEST_POSTGRES_URL=postgres://"),
            "{text}"
        );
    }
}
