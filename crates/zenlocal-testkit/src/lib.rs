//! What the test suites of the workspace share, and nothing a release contains: a
//! temporary store on each backend ([`TestDb`]: a SQLite file, or a PostgreSQL database
//! made and dropped on `ZENLOCAL_TEST_POSTGRES_URL`), the real server in-process on port 0
//! with a frozen clock ([`TestApp`]), and the `zenlocal` binary run as a process
//! ([`ServerProcess`]). Nothing is mocked: every test talks to a real database over real
//! HTTP.

mod app;
mod db;
mod process;

pub use app::{advance, assert_api_error, balance, base_config, call, Answer, Raw, TestApp, START};
pub use db::{backends, postgres_url, Held, TestDb, POSTGRES_URL_VAR};
pub use process::{command, health, serve, terminate, unused_port, ServerProcess};

/// Tries `attempt` until it gives a value, yielding between tries, and answers it. For
/// what happens on another task or connection at a moment the test cannot name (a slot
/// taken, a budget freed): the tries are not counted, since a loaded machine may need
/// many, and a minute without the value fails the test as `what` says.
pub async fn until<T, F>(what: &str, mut attempt: impl FnMut() -> F) -> T
where
    F: std::future::Future<Output = Option<T>>,
{
    let tries = async {
        loop {
            if let Some(value) = attempt().await {
                return value;
            }
            tokio::task::yield_now().await;
        }
    };
    tokio::time::timeout(std::time::Duration::from_secs(60), tries)
        .await
        .unwrap_or_else(|_| panic!("{what}"))
}
