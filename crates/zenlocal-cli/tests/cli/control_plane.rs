//! `zenlocal clock|accounts|orders|reset` against a real server.

use super::Server;
use serde_json::json;

#[test]
fn accounts_deposits_clock_and_reset() {
    let server = Server::start(&[]);
    let clock = server.json(&["clock", "show"]);
    assert_eq!(
        clock,
        json!({"now": "2026-01-01T00:00:00Z", "mode": "frozen"})
    );
    for (by, now) in [
        ("2h", "2026-01-01T02:00:00Z"),
        ("90m", "2026-01-01T03:30:00Z"),
        ("45s", "2026-01-01T03:30:45Z"),
        ("2026-01-02T00:00:00Z", "2026-01-02T00:00:00Z"),
    ] {
        let advanced = server.json(&["clock", "advance", by]);
        assert_eq!(advanced["now"], now, "{by}");
    }

    let account = server.json(&[
        "accounts",
        "create",
        "--name",
        "ci",
        "--balance",
        "500.00",
        "--discount",
        "80",
    ]);
    let id = account["accountId"].as_str().unwrap();
    let key = account["accessKeyId"].as_str().unwrap();
    let secret = account["accessKeyPassword"].as_str().unwrap();
    let balance = |server: &Server| {
        server.json(&[
            "zbc",
            "describe-customer-balance",
            "--access-key-id",
            key,
            "--access-key-secret",
            secret,
            "--query",
            "cashBalance",
        ])
    };
    assert_eq!(balance(&server), json!(500.0));
    let deposit = server.json(&["accounts", "deposit", id, "--amount", "25.50"]);
    assert_eq!(deposit["balance"], "525.50");
    let later = server.json(&[
        "accounts",
        "deposit",
        id,
        "--amount",
        "10",
        "--at",
        "2026-01-03T00:00:00Z",
    ]);
    assert_eq!(later["scheduledAt"], "2026-01-03T00:00:00Z");
    assert_eq!(balance(&server), json!(525.5));
    server.ok(&["clock", "advance", "1d"]);
    assert_eq!(balance(&server), json!(535.5));

    let orders = server.json(&["orders", "--account-id", id]);
    assert_eq!(orders, json!({"orders": []}));

    let reset = server.json(&["reset"]);
    assert_eq!(reset["status"], "ok");
    let out = server.cli(&[
        "zbc",
        "describe-customer-balance",
        "--access-key-id",
        key,
        "--access-key-secret",
        secret,
    ]);
    assert_eq!(out.status.code(), Some(1), "the account survived a reset");
}

#[test]
fn the_admin_token_is_sent_as_bearer() {
    let server = Server::start(&["--admin-token", "s3cret-admin"]);
    let out = server.cli(&["clock", "show"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("requestId"));
    let clock = server.json(&["clock", "show", "--admin-token", "s3cret-admin"]);
    assert_eq!(clock["mode"], "frozen");
    let out = super::zenlocal()
        .env("ZENLAYER_ENDPOINT", &server.endpoint)
        .env("ZENLOCAL_ADMIN_TOKEN", "s3cret-admin")
        .args(["orders", "--debug"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("s3cret-admin"),
        "the token leaked: {stderr}"
    );
}

/// `zenlocal traffic` records an instance's traffic and rate (docs/decisions.md D-130).
#[test]
fn traffic_is_recorded_through_the_control_plane() {
    let server = Server::start(&[]);
    let id = server.json(&[
        "bmc",
        "describe-instances",
        "--query",
        "dataSet[?internetChargeType=='ByTrafficPackage' && instanceChargeType=='PREPAID'].instanceId | [0]",
    ]);
    let id = id.as_str().unwrap();
    let usage = server.json(&["traffic", id, "--out-gb", "12.5", "--out-mbps", "8"]);
    assert_eq!(usage["cycleOutGb"], "12.5");
    assert_eq!(usage["overageGb"], "0");
    server.json(&["clock", "advance", "1000s"]);
    let usage = server.json(&["traffic", id, "--in-gb", "1"]);
    assert_eq!(usage["cycleOutGb"], "13.5", "8 Mbps for 1000 s is 1 GB");
    let refused = server.cli(&["traffic", "no/such", "--out-gb", "1"]);
    assert_eq!(refused.status.code(), Some(2));
}

/// `zenlocal serve --fixtures` builds the file's accounts through the API at start (D-184),
/// each on a test clock of its own, which `zenlocal clocks` then moves; `zenlocal fixtures
/// load` builds them again on a running server.
#[test]
fn serve_loads_fixtures_and_clocks_move_them() {
    let dir = std::env::temp_dir().join(format!("zenlocal-fixtures-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("state.toml");
    std::fs::write(
        &file,
        r#"
[[accounts]]
name = "shop"
balance = "1000.00"
start = "2026-03-01T00:00:00Z"

[[accounts.steps]]
service = "bmc"
action = "CreateInstances"
request = { zoneId = "SEL-A", instanceTypeId = "M6C", instanceChargeType = "PREPAID", instanceChargePrepaid = { period = 1 }, internetChargeType = "ByBandwidth", internetMaxBandwidthOut = 20, password = "Passw0rd-x" }

[[accounts.steps]]
at = "2026-03-05T00:00:00Z"
traffic = { instance = 0, outGb = "12" }
"#,
    )
    .unwrap();
    let server = Server::start(&["--no-demo", "--fixtures", file.to_str().unwrap()]);
    let clocks = server.json(&["clocks", "list"]);
    let clock = &clocks["clocks"][0];
    assert_eq!(clock["now"], "2026-03-05T00:00:00Z");
    let id = clock["clockId"].as_str().unwrap();
    let advanced = server.json(&["clocks", "advance", id, "30d"]);
    assert_eq!(advanced["now"], "2026-04-04T00:00:00Z");
    assert_eq!(advanced["eventsApplied"], 1, "the renewal on 2026-03-31");
    assert_eq!(server.json(&["clocks", "delete", id]), json!({}));
    assert_eq!(server.json(&["clocks", "list"]), json!({"clocks": []}));
    let loaded = server.json(&["fixtures", "load", file.to_str().unwrap()]);
    assert_eq!(
        loaded["accounts"][0]["instanceIds"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        server.json(&["clocks", "list"])["clocks"][0]["now"],
        "2026-03-05T00:00:00Z"
    );

    // `zenlocal fixtures dump` writes them as a file that `serve --fixtures` builds again
    // (D-198): the same account, instance and clock on a new server.
    let dumped = dir.join("dumped.toml");
    server.ok(&["fixtures", "dump", "--file", dumped.to_str().unwrap()]);
    let text = std::fs::read_to_string(&dumped).unwrap();
    assert!(
        text.contains("[[accounts]]") && text.contains("CreateInstances"),
        "{text}"
    );
    assert_eq!(server.ok(&["fixtures", "dump"]), text);
    let again = Server::start(&["--no-demo", "--fixtures", dumped.to_str().unwrap()]);
    assert_eq!(
        again.json(&["clocks", "list"])["clocks"][0]["now"],
        "2026-03-05T00:00:00Z"
    );
    let redumped = again.ok(&["fixtures", "dump"]);
    assert_eq!(redumped, text);
    std::fs::remove_dir_all(&dir).unwrap();
}
