//! The `zenlocal` binary run as a user runs it.

mod advance_crash;
mod api;
mod causes;
mod configure;
mod control_plane;
mod global_options;
mod habits;
mod replicas;

use std::io::Read;
use std::process::{Child, Command, Output, Stdio};
use zenlocal_testkit::{health, terminate, unused_port, ServerProcess, TestDb};

/// The `zenlocal` binary without the user's environment or profiles.
fn zenlocal() -> Command {
    zenlocal_testkit::command(env!("CARGO_BIN_EXE_zenlocal"))
}

/// A server on a free port with a temporary SQLite file and a frozen clock, instances
/// RUNNING as soon as created; killed when dropped.
struct Server {
    endpoint: String,
    _process: ServerProcess,
    _db: TestDb,
}

impl Server {
    fn start(extra: &[&str]) -> Server {
        let db = TestDb::sqlite();
        let mut args = vec!["--provisioning-seconds", "0"];
        args.extend_from_slice(extra);
        let mut command = zenlocal();
        command.stderr(Stdio::null());
        let process = ServerProcess::start(command, db.url(), &args);
        Server {
            endpoint: process.endpoint.clone(),
            _process: process,
            _db: db,
        }
    }

    /// `zenlocal ARGS` pointed at this server through ZENLAYER_ENDPOINT.
    fn cli(&self, args: &[&str]) -> Output {
        zenlocal()
            .env("ZENLAYER_ENDPOINT", &self.endpoint)
            .args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap()
    }

    /// Runs a command that must succeed and answers its stdout.
    fn ok(&self, args: &[&str]) -> String {
        let out = self.cli(args);
        assert!(
            out.status.success(),
            "zenlocal {args:?} failed with {:?}:\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs a command that must succeed and parses its JSON output.
    fn json(&self, args: &[&str]) -> serde_json::Value {
        let text = self.ok(args);
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
    }
}

/// A control-plane call that must answer 200: a GET without a body, a POST with one.
async fn control(
    http: &reqwest::Client,
    server: &ServerProcess,
    path: &str,
    body: Option<serde_json::Value>,
) -> serde_json::Value {
    let url = format!("{}/_zenlocal{path}", server.endpoint);
    let request = match body {
        Some(body) => http.post(url).json(&body),
        None => http.get(url),
    };
    let answer = request.send().await.unwrap();
    assert_eq!(answer.status().as_u16(), 200);
    answer.json().await.unwrap()
}

/// What a stopped child wrote on its piped stderr.
fn stderr_of(child: &mut Child) -> String {
    let mut log = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut log)
        .unwrap();
    log
}

/// Starts `serve` on `db`, its stderr piped; answers the child, the endpoint and the banner.
fn serve(db: &std::path::Path, extra: &[&str]) -> (Child, String, String) {
    let mut command = zenlocal();
    command.stderr(Stdio::piped());
    zenlocal_testkit::serve(command, db, extra)
}

#[test]
fn serve_prints_the_endpoint_and_demo_credentials_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("z.db");
    let (mut child, endpoint, banner) = serve(&db, &[]);
    assert!(banner.contains("zenlocal-demo"), "{banner}");
    assert!(banner.contains("zenlocal-demo-secret"), "{banner}");
    assert!(health(&endpoint).contains(r#""status":"ok""#));
    let status = terminate(&mut child);
    assert!(status.success(), "{status:?}");
    let log = stderr_of(&mut child);
    assert!(log.contains("stopped"), "{log}");
    // The store was closed cleanly: a second run opens it and keeps the demo account.
    let (mut child, endpoint, banner) = serve(&db, &[]);
    assert!(banner.contains("demo account"), "{banner}");
    assert!(health(&endpoint).contains("sqlite"));
    assert!(terminate(&mut child).success());
}

#[test]
fn no_demo_prints_no_credentials() {
    let dir = tempfile::tempdir().unwrap();
    let (mut child, _, banner) = serve(&dir.path().join("z.db"), &["--no-demo"]);
    assert!(!banner.contains("zenlocal-demo"), "{banner}");
    assert!(terminate(&mut child).success());
}

#[test]
fn serve_runs_on_as_many_async_threads_as_it_is_told() {
    let dir = tempfile::tempdir().unwrap();
    // More than any machine this runs on has cores, so the default cannot pass for it.
    let (mut child, endpoint, _) = serve(
        &dir.path().join("z.db"),
        &["--no-demo", "--worker-threads", "40"],
    );
    assert!(health(&endpoint).contains(r#""status":"ok""#));
    let tasks = std::fs::read_dir(format!("/proc/{}/task", child.id())).unwrap();
    let workers = tasks
        .filter_map(|task| std::fs::read_to_string(task.unwrap().path().join("comm")).ok())
        .filter(|name| name.starts_with("tokio-r"))
        .count();
    // The 40 workers, and the threads of the blocking pool the start used (a few).
    assert!((40..=44).contains(&workers), "{workers} runtime threads");
    assert!(terminate(&mut child).success());
    let out = zenlocal()
        .args(["serve", "--database", ":memory:", "--worker-threads", "0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--worker-threads"));
}

#[test]
fn a_bad_catalog_stops_start_up_naming_file_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = dir.path().join("catalog.toml");
    let text = zenlocal_core::catalog::DEFAULT_TOML.replacen("stock = 1000", "stock = -5", 1);
    let line = text.lines().position(|l| l == "stock = -5").unwrap() + 1;
    std::fs::write(&catalog, text).unwrap();
    let out = zenlocal()
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--database",
            ":memory:",
            "--catalog",
        ])
        .arg(&catalog)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let expected = format!("{}:{line}:", catalog.display());
    assert!(stderr.contains(&expected), "{stderr}");
    assert!(stderr.contains("negative"), "{stderr}");
    assert!(stderr.contains("stock"), "{stderr}");
}

#[test]
fn a_missing_catalog_file_is_named() {
    let out = zenlocal()
        .args([
            "serve",
            "--database",
            ":memory:",
            "--catalog",
            "/nonexistent/cat.toml",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/cat.toml"));
}

#[test]
fn a_bad_clock_flag_is_a_usage_error() {
    let out = zenlocal()
        .args(["serve", "--clock", "frozen=yesterday"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("RFC 3339"));
}

#[test]
fn every_serve_flag_reads_an_environment_variable() {
    let out = zenlocal().args(["serve", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for var in [
        "ZENLOCAL_LISTEN",
        "ZENLOCAL_DATABASE",
        "ZENLOCAL_CATALOG",
        "ZENLOCAL_CLOCK",
        "ZENLOCAL_ADMIN_TOKEN",
        "ZENLOCAL_NO_DEMO",
        "ZENLOCAL_LOG_FORMAT",
        "ZENLOCAL_MAX_BODY_BYTES",
        "ZENLOCAL_AUTH_SKEW_SECONDS",
        "ZENLOCAL_MAX_IN_FLIGHT",
        "ZENLOCAL_PROVISIONING_SECONDS",
        "ZENLOCAL_POWER_SECONDS",
        "ZENLOCAL_RECYCLE_HOURS",
        "ZENLOCAL_PROCESSING_SECONDS",
        "ZENLOCAL_RATE_LIMIT",
        "ZENLOCAL_WORKER_THREADS",
    ] {
        assert!(help.contains(var), "{var} missing from\n{help}");
    }
    let out = zenlocal()
        .env("ZENLOCAL_CLOCK", "sometimes")
        .args(["serve", "--database", ":memory:"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn json_logs_have_one_line_per_request_with_its_fields() {
    let dir = tempfile::tempdir().unwrap();
    let (mut child, endpoint, _) = serve(
        &dir.path().join("z.db"),
        &["--no-demo", "--log-format", "json"],
    );
    let addr = endpoint.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    use std::io::Write;
    write!(
        stream,
        "GET /api/v2/bmc HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let request_id = answer
        .lines()
        .find_map(|l| l.strip_prefix("x-zc-request-id: "))
        .unwrap_or_else(|| panic!("no request id in {answer}"))
        .trim()
        .to_owned();
    assert!(terminate(&mut child).success());
    let log = stderr_of(&mut child);
    let lines: Vec<serde_json::Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|_| panic!("not JSON: {l}")))
        .filter(|v: &serde_json::Value| v["request_id"] == request_id.as_str())
        .collect();
    assert_eq!(lines.len(), 1, "{log}");
    let line = &lines[0];
    assert_eq!(line["status"], 405);
    assert_eq!(line["code"], "UNSUPPORTED_HTTP_METHOD");
    for field in ["service", "action", "account", "latency_us"] {
        assert!(line.get(field).is_some(), "{field} missing from {line}");
    }
}

/// ZENLOCAL_LOG takes a level or levels by target; an unreadable one is said at start and
/// the log goes on at info.
#[test]
fn log_levels_come_from_zenlocal_log_and_a_bad_one_is_said() {
    let dir = tempfile::tempdir().unwrap();
    let run = |levels: &str| {
        let mut command = zenlocal();
        command.stderr(Stdio::piped()).env("ZENLOCAL_LOG", levels);
        let (mut child, _, _) =
            zenlocal_testkit::serve(command, dir.path().join("z.db"), &["--no-demo"]);
        assert!(terminate(&mut child).success());
        stderr_of(&mut child)
    };
    let bad = run("zenlocal=loud");
    assert!(
        bad.contains("ZENLOCAL_LOG `zenlocal=loud` is not a level or target=level list"),
        "{bad}"
    );
    assert!(bad.contains("stopped"), "info lines are written: {bad}");
    let quiet = run("zenlocal=warn,info");
    assert!(!quiet.contains("stopped"), "{quiet}");
    assert!(!quiet.contains("ZENLOCAL_LOG"), "{quiet}");
}

/// D-126: a password given to the API (a purchase, a new login or IPMI password, a refused
/// one) appears in no log line, at debug level either.
#[test]
fn passwords_are_in_no_log_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut command = zenlocal();
    command.stderr(Stdio::piped()).env("ZENLOCAL_LOG", "debug");
    let (mut child, endpoint, _) = zenlocal_testkit::serve(
        command,
        dir.path().join("z.db"),
        &["--provisioning-seconds", "0", "--power-seconds", "0"],
    );
    let secrets = [
        "Zl0cal-Secret",
        "N3w-Secret!",
        "Ipm1-Secret",
        "weak-secret-text",
    ];
    let created = cli_ok(
        &endpoint,
        &[
            "vm",
            "create-instances",
            "--zone-id",
            "asia-east-1a",
            "--instance-type",
            "c.1c2g",
            "--image-id",
            "ubuntu_22_04_x64",
            "--instance-charge-type",
            "POSTPAID",
            "--internet-charge-type",
            "ByBandwidth",
            "--password",
            secrets[0],
            "--query",
            "instanceIdSet[0]",
        ],
    );
    let id = created.trim().trim_matches('"').to_owned();
    cli_ok(&endpoint, &["vm", "stop-instances", "--instance-ids", &id]);
    cli_ok(
        &endpoint,
        &[
            "vm",
            "reset-instances-password",
            "--instance-ids",
            &id,
            "--password",
            secrets[1],
        ],
    );
    let bmc = cli_ok(
        &endpoint,
        &[
            "bmc",
            "describe-instances",
            "--query",
            "dataSet[0].instanceId",
        ],
    );
    let bmc = bmc.trim().trim_matches('"').to_owned();
    cli_ok(
        &endpoint,
        &[
            "bmc",
            "reset-instance-ipmi-password",
            "--instance-id",
            &bmc,
            "--password",
            secrets[2],
        ],
    );
    let refused = zenlocal()
        .env("ZENLAYER_ENDPOINT", &endpoint)
        .args([
            "vm",
            "reset-instances-password",
            "--instance-ids",
            &id,
            "--password",
            secrets[3],
        ])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(1));
    assert!(terminate(&mut child).success());
    let log = stderr_of(&mut child);
    assert!(log.contains("ResetInstancesPassword"), "{log}");
    for secret in secrets {
        assert!(!log.contains(secret), "{secret} logged:\n{log}");
    }
}

/// Runs a client command against `endpoint`; answers its stdout, failing on an error.
fn cli_ok(endpoint: &str, args: &[&str]) -> String {
    let out = zenlocal()
        .env("ZENLAYER_ENDPOINT", endpoint)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_banner_states_the_clock_and_why_and_reset_clock_is_the_way_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("z.db");
    let (mut child, endpoint, banner) = serve(&db, &[]);
    assert!(
        banner.contains(
            "clock: frozen at 2026-01-01T00:00:00Z — as --clock frozen=2026-01-01T00:00:00Z asked"
        ),
        "{banner}"
    );
    let balance = cli_ok(
        &endpoint,
        &["zbc", "describe-customer-balance", "--query", "cashBalance"],
    );
    cli_ok(&endpoint, &["clock", "advance", "30d"]);
    assert!(terminate(&mut child).success());

    // The same flag on the same store: the stored time is later, and the banner says so.
    let (mut child, endpoint, banner) = serve(&db, &[]);
    assert!(
        banner.contains("clock: frozen at 2026-01-31T00:00:00Z — the store's time"),
        "{banner}"
    );
    assert!(
        banner.contains("`zenlocal reset --clock frozen=2026-01-01T00:00:00Z`"),
        "{banner}"
    );
    // The way back: the store emptied, the clock where the flag wanted it.
    let reset = cli_ok(
        &endpoint,
        &[
            "reset",
            "--clock",
            "frozen=2026-01-01T00:00:00Z",
            "--query",
            "now",
        ],
    );
    assert_eq!(reset.trim(), "\"2026-01-01T00:00:00Z\"");
    let now = cli_ok(&endpoint, &["clock", "show", "--query", "now"]);
    assert_eq!(now.trim(), "\"2026-01-01T00:00:00Z\"");
    let again = cli_ok(
        &endpoint,
        &["zbc", "describe-customer-balance", "--query", "cashBalance"],
    );
    assert_eq!(again, balance, "a fresh demo account");
    assert!(terminate(&mut child).success());

    let (mut child, _, banner) = serve(&db, &[]);
    assert!(
        banner.contains("— as --clock frozen=2026-01-01T00:00:00Z asked"),
        "{banner}"
    );
    assert!(terminate(&mut child).success());

    let out = zenlocal()
        .args(["reset", "--clock", "frozen=soon"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_closed_stdout_does_not_stop_the_server() {
    // A supervisor may close the pipe before the banner is written: the server serves on.
    let port = unused_port();
    let dir = tempfile::tempdir().unwrap();
    let mut child = zenlocal()
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .arg("--database")
        .arg(dir.path().join("z.db"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let endpoint = format!("http://127.0.0.1:{port}");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the server exited: {:?}",
            child.try_wait()
        );
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
            && health(&endpoint).contains(r#""status":"ok""#)
        {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "never healthy");
        std::thread::yield_now();
    }
    // Signals are handled from before the server answers, and the banner is written
    // before the server waits for one: a graceful stop means the failed write was
    // survived (a panic on it exits with 101).
    assert!(terminate(&mut child).success());
}
