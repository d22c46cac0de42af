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
