//! The global options (`--endpoint`, `--access-key-id`, `--access-key-secret`, `--token`,
//! `--profile`, `--output`, `--query`, `--dry-run`, `--debug`) in each of the three
//! places a user puts them: before the service, after it, and after the action — for API
//! and control-plane commands alike; `bench` takes them too; a command that cannot act on
//! one refuses it.

use super::{zenlocal, Server};
use serde_json::json;
use std::process::{Output, Stdio};

fn run(args: &[&str]) -> Output {
    zenlocal().args(args).stdin(Stdio::null()).output().unwrap()
}

fn stdout_of(args: &[&str]) -> String {
    let out = run(args);
    assert!(
        out.status.success(),
        "zenlocal {args:?}: {:?}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// `head`, then the command and its action, then `tail`, with `options` in `place`.
fn placed(place: usize, command: &[&str], options: &[&str]) -> Vec<String> {
    let (service, action) = command.split_at(1);
    let mut argv: Vec<&str> = Vec::new();
    match place {
        0 => argv.extend(options.iter().chain(service).chain(action)),
        1 => argv.extend(service.iter().chain(options).chain(action)),
        _ => argv.extend(service.iter().chain(action).chain(options)),
    }
    argv.into_iter().map(str::to_owned).collect()
}

#[test]
fn api_commands_take_global_options_in_each_place() {
    let server = Server::start(&[]);
    let endpoint = server.endpoint.as_str();
    for place in 0..3 {
        let argv = placed(
            place,
            &["bmc", "describe-zones"],
            &[
                "--endpoint",
                endpoint,
                "--output",
                "json",
                "--query",
                "zoneSet[0].zoneId",
                "--access-key-id",
                "zenlocal-demo",
                "--access-key-secret",
                "zenlocal-demo-secret",
            ],
        );
        let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
        let zone: serde_json::Value = serde_json::from_str(&stdout_of(&argv)).unwrap();
        assert!(zone.is_string(), "place {place}: {zone}");

        let argv = placed(
            place,
            &["vm", "describe-instances"],
            &[
                "--endpoint",
                endpoint,
                "--token",
                "zenlocal-demo-token",
                "--output",
                "table",
            ],
        );
        let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
        let table = stdout_of(&argv);
        assert!(table.starts_with("ID "), "place {place}: {table}");

        let argv = placed(
            place,
            &["bmc", "describe-zones"],
            &["--endpoint", "http://127.0.0.1:9", "--dry-run"],
        );
        let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
        let request = stdout_of(&argv);
        assert!(
            request.starts_with("POST http://127.0.0.1:9/api/v2/bmc\n"),
            "place {place}: {request}"
        );

        let argv = placed(
            place,
            &["zbc", "describe-customer-balance"],
            &["--endpoint", endpoint, "--debug"],
        );
        let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
        let out = run(&argv);
        assert!(out.status.success(), "place {place}");
        let debug = String::from_utf8_lossy(&out.stderr);
        assert!(debug.contains("> POST"), "place {place}: {debug}");
    }
}

#[test]
fn control_plane_commands_take_global_options_in_each_place() {
    let server = Server::start(&[]);
    let endpoint = server.endpoint.as_str();
    for place in 0..3 {
        let argv = placed(
            place,
            &["clock", "show"],
            &["--endpoint", endpoint, "--query", "now"],
        );
        let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
        assert_eq!(stdout_of(&argv).trim(), "\"2026-01-01T00:00:00Z\"");

        let argv = placed(
            place,
            &["clock", "advance", "1d"],
            &["--endpoint", "http://127.0.0.1:9", "--dry-run"],
        );
        let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
        let request = stdout_of(&argv);
        assert!(
            request.starts_with("POST http://127.0.0.1:9/_zenlocal/clock/advance\n"),
            "place {place}: {request}"
        );
        assert!(
            request.trim_end().ends_with(r#"{"seconds":86400}"#),
            "{request}"
        );
    }
    // Nothing was sent by the dry runs.
    let now = stdout_of(&["--endpoint", endpoint, "clock", "show", "--query", "now"]);
    assert_eq!(now.trim(), "\"2026-01-01T00:00:00Z\"");
    let table = stdout_of(&["--output", "table", "--endpoint", endpoint, "orders"]);
    assert!(table.starts_with("ORDER"), "{table}");
}

#[test]
fn bench_takes_the_global_options_and_keeps_its_reports() {
    let server = Server::start(&[]);
    let endpoint = server.endpoint.as_str();
    let report = stdout_of(&[
        "--endpoint",
        endpoint,
        "bench",
        "--requests",
        "20",
        "--warmup",
        "2",
        "--connections",
        "2",
        "--output",
        "json",
    ]);
    let report: serde_json::Value = serde_json::from_str(&report).unwrap();
    assert_eq!(report["requests"], 20);
    assert_eq!(report["ok"], 20);
    // The text report, by default and as `--output text` asked for it before.
    for output in [&[][..], &["--output", "text"][..]] {
        let mut argv = vec![
            "bench",
            "--endpoint",
            endpoint,
            "--requests",
            "5",
            "--warmup",
            "1",
        ];
        argv.extend_from_slice(output);
        let text = stdout_of(&argv);
        assert!(text.contains("throughput"), "{text}");
    }
    // A wrong key is the bench's own first error, from the global credential options.
    let out = run(&[
        "bench",
        "--endpoint",
        endpoint,
        "--access-key-id",
        "nobody",
        "--access-key-secret",
        "x",
        "--requests",
        "1",
        "--warmup",
        "1",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("AUTHFAILURE_SIGNATURE_FAILURE"));
}

/// `--accounts`: the connections send as that many accounts of the bench's own, each on
/// instances of its own account (an instance of another account would be answered
/// not found); only for the write scenarios, and no more accounts than connections.
#[test]
fn bench_spreads_a_write_load_over_accounts() {
    let server = Server::start(&["--processing-seconds", "0"]);
    let endpoint = server.endpoint.as_str();
    let report = server.json(&[
        "--output",
        "json",
        "bench",
        "--endpoint",
        endpoint,
        "--scenario",
        "upgrade",
        "--accounts",
        "2",
        "--connections",
        "4",
        "--requests",
        "20",
        "--warmup",
        "2",
    ]);
    assert_eq!(
        (&report["accounts"], &report["requests"], &report["ok"]),
        (&json!(2), &json!(20), &json!(20)),
        "{report}"
    );
    let mut payers: Vec<String> = serde_json::from_value(server.json(&[
        "orders",
        "--output",
        "json",
        "--query",
        "orders[?kind=='BANDWIDTH'].accountId",
    ]))
    .unwrap();
    assert_eq!(payers.len(), 22);
    payers.sort();
    payers.dedup();
    assert_eq!(payers.len(), 2, "{payers:?}");
    for (argv, says) in [
        (
            &["--accounts", "2"][..],
            "--accounts goes with the `plan-mix`, `upgrade` and `create` scenarios only",
        ),
        (
            &[
                "--scenario",
                "create",
                "--accounts",
                "3",
                "--connections",
                "2",
            ],
            "--accounts 3 exceeds --connections 2",
        ),
    ] {
        let mut args = vec!["bench", "--endpoint", endpoint];
        args.extend_from_slice(argv);
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{argv:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(says), "{argv:?}: {stderr}");
    }
}

#[test]
fn a_global_option_a_command_cannot_act_on_is_refused() {
    for argv in [
        &["--endpoint", "http://127.0.0.1:9", "serve"][..],
        &["serve", "--query", "x"],
        &["clock", "show", "--access-key-id", "x"],
        &["--token", "t", "orders"],
        &["bench", "--dry-run"],
        &["completion", "bash", "--output", "json"],
    ] {
        let out = run(argv);
        assert_eq!(out.status.code(), Some(2), "{argv:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("does not apply to `zenlocal "),
            "{argv:?}: {stderr}"
        );
    }
    // Only where it does not apply is it out of the help.
    let help = stdout_of(&["serve", "--help"]);
    assert!(!help.contains("--endpoint"), "{help}");
    let help = stdout_of(&["clock", "show", "--help"]);
    assert!(
        help.contains("--endpoint") && help.contains("--dry-run"),
        "{help}"
    );
    assert!(!help.contains("--access-key-id"), "{help}");
}

#[test]
fn the_endpoint_variable_is_the_one_the_rust_sdk_and_the_official_cli_read() {
    let server = Server::start(&[]);
    let clock = |var: &str| {
        zenlocal()
            .env(var, &server.endpoint)
            .args(["clock", "show", "--query", "mode"])
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    let out = clock(zenlocal_client::ENV_ENDPOINT);
    assert_eq!(zenlocal_client::ENV_ENDPOINT, "ZENLAYER_ENDPOINT");
    assert!(out.status.success());
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The old name still works, with a note to move.
    let out = clock("ZENLOCAL_ENDPOINT");
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("ZENLOCAL_ENDPOINT is deprecated; set ZENLAYER_ENDPOINT"),
        "{stderr}"
    );
    let help = stdout_of(&["bmc", "describe-zones", "--help"]);
    assert!(help.contains("[env: ZENLAYER_ENDPOINT]"), "{help}");
}

/// `--profile` in each place picks the profile's endpoint and credentials, for API and
/// control-plane commands alike.
#[test]
fn the_profile_option_is_taken_in_each_place() {
    let server = Server::start(&[]);
    let config = tempfile::tempdir().unwrap();
    let with_config = |args: &[&str]| {
        let out = zenlocal()
            .env("XDG_CONFIG_HOME", config.path())
            .args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "zenlocal {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    with_config(&[
        "configure",
        "--profile",
        "local",
        "--endpoint",
        &server.endpoint,
        "--token",
        "zenlocal-demo-token",
    ]);
    for place in 0..3 {
        for command in [
            &["zbc", "describe-customer-balance"][..],
            &["clock", "show"],
        ] {
            let argv = placed(place, command, &["--profile", "local", "--output", "json"]);
            let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
            let answer: serde_json::Value = serde_json::from_str(&with_config(&argv)).unwrap();
            let field = if command[0] == "zbc" {
                "cashBalance"
            } else {
                "now"
            };
            assert!(
                !answer[field].is_null(),
                "place {place} {command:?}: {answer}"
            );
        }
    }
}
