//! The backends the store suite runs on: always a SQLite file; PostgreSQL too when
//! `ZENLOCAL_TEST_POSTGRES_URL` is set, in a fresh database dropped afterwards.

use zenlocal_store::Store;

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

    pub async fn open(&self) -> Store {
        let url = self.url.clone();
        tokio::task::spawn_blocking(move || Store::open(&url))
            .await
            .unwrap()
            .unwrap()
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
