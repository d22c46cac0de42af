//! What an operator sees when the store fails: the database's own message and code
//! (PostgreSQL's SQLSTATE, SQLite's extended result code) at start-up and in the log line
//! of a 500 answer, while the client sees only the contract's code and a requestId.

use super::{serve, terminate, zenlocal};
use std::process::{Child, Stdio};
use zenlocal_testkit::{postgres_url, TestDb};

/// `zenlocal serve` on `database`, expected to fail at start-up: its exit code and stderr.
fn failed_start(database: &str) -> (Option<i32>, String) {
    let out = zenlocal()
        .args(["serve", "--listen", "127.0.0.1:0", "--database", database])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_sqlite_file_that_is_not_a_database_is_named_with_sqlites_code() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("z.db");
    std::fs::write(&db, "not a database, only text\n".repeat(200)).unwrap();
    let (code, stderr) = failed_start(db.to_str().unwrap());
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("cannot open the store"), "{stderr}");
    assert!(stderr.contains("file is not a database"), "{stderr}");
    assert!(stderr.contains("Error code 26"), "{stderr}");
}

#[test]
fn a_postgres_start_up_failure_prints_the_database_message_and_sqlstate() {
    let Some(admin) = postgres_url() else {
        return;
    };
    let db = TestDb::postgres(&admin);
    // A table in the way of the first migration: PostgreSQL refuses with 42P07.
    db.execute("CREATE TABLE accounts (x INTEGER)");
    let (code, stderr) = failed_start(&db.url());
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("cannot open the store"), "{stderr}");
    assert!(
        stderr.contains(r#"relation "accounts" already exists"#),
        "{stderr}"
    );
    assert!(stderr.contains("SQLSTATE 42P07"), "{stderr}");
}

/// Runs DescribeTransactionHistory through the CLI; answers (success, stdout, stderr).
fn history(endpoint: &str) -> (bool, String, String) {
    let out = zenlocal()
        .args([
            "zbc",
            "describe-transaction-history",
            "--endpoint",
            endpoint,
        ])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Takes the ledger away under a running server: the next read of it fails inside the
/// database. Answers the client's stderr and the server's JSON log line for that request.
fn a_500_and_its_log_line(
    mut child: Child,
    endpoint: &str,
    drop_ledger: impl FnOnce(),
) -> (String, serde_json::Value) {
    let (ok, _, stderr) = history(endpoint);
    assert!(ok, "{stderr}");
    drop_ledger();
    let (ok, stdout, stderr) = history(endpoint);
    assert!(!ok && stdout.is_empty(), "{stdout}");
    assert!(stderr.contains("INTERNAL_SERVER_ERROR"), "{stderr}");
    assert!(
        !stderr.contains("ledger"),
        "the client sees internals: {stderr}"
    );
    let request_id = stderr
        .split_whitespace()
        .find(|w| w.starts_with('T') && w.len() == 37)
        .unwrap_or_else(|| panic!("no requestId in {stderr}"))
        .to_owned();
    assert!(terminate(&mut child).success());
    let log = crate::stderr_of(&mut child);
    let line = log
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|v| v["request_id"] == request_id.as_str() && v["status"] == 500)
        .unwrap_or_else(|| panic!("no request line for {request_id} in\n{log}"));
    (stderr, line)
}

#[test]
fn the_log_line_of_a_500_names_what_sqlite_said() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("z.db");
    let (child, endpoint, _) = serve(&db, &["--log-format", "json"]);
    let (_, line) = a_500_and_its_log_line(child, &endpoint, || {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .unwrap();
        conn.execute_batch("DROP TABLE ledger").unwrap();
    });
    assert_eq!(line["code"], "INTERNAL_SERVER_ERROR");
    let cause = line["cause"].as_str().unwrap_or_else(|| panic!("{line}"));
    assert!(cause.contains("no such table: ledger"), "{cause}");
    assert!(cause.contains("Error code 1"), "{cause}");
}

#[test]
fn the_log_line_of_a_500_names_what_postgres_said_with_its_sqlstate() {
    let Some(admin) = postgres_url() else {
        return;
    };
    let db = TestDb::postgres(&admin);
    let (child, endpoint, _) = serve(std::path::Path::new(&db.url()), &["--log-format", "json"]);
    let (_, line) = a_500_and_its_log_line(child, &endpoint, || {
        db.execute("DROP TABLE ledger");
    });
    let cause = line["cause"].as_str().unwrap_or_else(|| panic!("{line}"));
    assert!(
        cause.contains(r#"relation "ledger" does not exist"#),
        "{cause}"
    );
    assert!(cause.contains("SQLSTATE 42P01"), "{cause}");
}
