//! A server killed (SIGKILL) in the middle of a long advance, then started again on the
//! same SQLite file (D-115): it resumes the advance where it stopped, every event is
//! applied exactly once, the clock is where the events are, and the balance is the sum
//! of the ledger.

use super::control;
use rusqlite::Connection;
use serde_json::json;
use std::collections::HashMap;
use std::process::Stdio;
use std::time::Duration;
use zenlocal_client::{Client, Credential};
use zenlocal_testkit::{call, ServerProcess, TestDb};
use zenlocal_wire::Version;

const BMC: Version = Version::Bmc20260201;
const DAY: i64 = 86_400;
/// Where the frozen clock of the test kit starts: 2026-01-01T00:00:00Z.
const START: i64 = 1_767_225_600;
const INSTANCES: usize = 100;
/// Five years: 60 cycle ends of every instance, 6,000 events, a dozen transactions.
const ADVANCE_DAYS: i64 = 1825;
const CYCLES: i64 = ADVANCE_DAYS / 30;

fn start(db: &TestDb) -> ServerProcess {
    let mut command = super::zenlocal();
    command.stderr(Stdio::null());
    ServerProcess::start(
        command,
        db.url(),
        &["--provisioning-seconds", "0", "--no-demo"],
    )
}

/// An amount as stored, in millionths: exact for the cents and the fractions of a cent
/// the ledger holds.
fn micros(text: &str) -> i128 {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let fraction = format!("{fraction:0<6}");
    whole.parse::<i128>().unwrap() * 1_000_000 + fraction[..6].parse::<i128>().unwrap()
}

/// What the store holds once the server is gone: renewals per instance, downgrades
/// applied, the stored clock, events left behind it, the balance and the ledger's sum.
struct Stored {
    renewals: HashMap<String, i64>,
    downgrades_applied: i64,
    clock: i64,
    /// Events due before the clock and not applied: none, ever. (Those due at its very
    /// instant may wait: the clock stops at the last event applied, and ties are many.)
    due_before_clock: i64,
    balance: i128,
    ledger_sum: i128,
    latest_entry: i64,
}

fn stored(db: &TestDb) -> Stored {
    let conn = Connection::open(db.url()).unwrap();
    let mut renewals = HashMap::new();
    let mut query = conn
        .prepare(
            "SELECT resource_id, COUNT(*) FROM orders WHERE kind = 'RENEW' GROUP BY resource_id",
        )
        .unwrap();
    for row in query.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap() {
        let (id, count): (String, i64) = row.unwrap();
        renewals.insert(id, count);
    }
    let one = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    let clock = one("SELECT frozen_at FROM clock");
    let mut ledger_sum = 0;
    let mut query = conn.prepare("SELECT kind, amount FROM ledger").unwrap();
    for row in query.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap() {
        let (kind, amount): (String, String) = row.unwrap();
        let amount = micros(&amount);
        ledger_sum += if kind == "CONSUME" { -amount } else { amount };
    }
    let balance: String = conn
        .query_row("SELECT balance FROM accounts", [], |r| r.get(0))
        .unwrap();
    Stored {
        renewals,
        downgrades_applied: one(
            "SELECT COUNT(*) FROM orders WHERE kind = 'TRAFFIC_PACKAGE' AND status = 'APPLIED'",
        ),
        due_before_clock: conn
            .query_row(
                "SELECT COUNT(*) FROM scheduled_events WHERE due_at < ?1",
                [clock],
                |r| r.get(0),
            )
            .unwrap(),
        clock,
        balance: micros(&balance),
        ledger_sum,
        latest_entry: one("SELECT MAX(time) FROM ledger"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_killed_mid_advance_resumes_it_and_applies_every_event_once() {
    let db = TestDb::sqlite();
    let http = reqwest::Client::new();
    let mut server = start(&db);
    let account = control(
        &http,
        &server,
        "/accounts",
        Some(json!({"name": "crash", "balance": "100000000.00"})),
    )
    .await;
    let client = Client::new(
        &server.endpoint,
        Credential::access_key(
            account["accessKeyId"].as_str().unwrap(),
            account["accessKeyPassword"].as_str().unwrap(),
        ),
    )
    .unwrap();
    let mut ids = Vec::new();
    for zone in ["SEL-A", "FRA-A"] {
        let created = call(
            &client,
            BMC,
            "CreateInstances",
            json!({
                "zoneId": zone, "instanceTypeId": "M6C", "imageId": "img-ubuntu-2204",
                "instanceChargeType": "PREPAID", "instanceChargePrepaid": {"period": 1},
                "internetChargeType": "ByTrafficPackage", "trafficPackageSize": 2,
                "amount": INSTANCES / 2, "password": "Passw0rd-x",
            }),
        )
        .await
        .unwrap();
        ids.extend(created["instanceIdSet"].as_array().unwrap().clone());
    }
    for id in &ids {
        let downgrade = json!({"instanceId": id, "trafficPackageSize": 1});
        call(&client, BMC, "ModifyInstanceTrafficPackage", downgrade)
            .await
            .unwrap();
    }

    // The advance, killed once the server says it has applied some of it.
    let target = START + ADVANCE_DAYS * DAY;
    let advance = tokio::spawn({
        let url = format!("{}/_zenlocal/clock/advance", server.endpoint);
        let http = http.clone();
        async move {
            http.post(url)
                .json(&json!({"seconds": ADVANCE_DAYS * DAY}))
                .send()
                .await
        }
    });
    loop {
        let clock = control(&http, &server, "/clock", None).await;
        if clock["advance"]["eventsApplied"].as_u64().unwrap_or(0) > 0 {
            break;
        }
        assert!(
            !advance.is_finished(),
            "the advance finished before it could be interrupted: {clock}"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    server.child.kill().unwrap();
    server.child.wait().unwrap();
    assert!(
        advance.await.unwrap().is_err(),
        "the killed server answered"
    );
    drop(server);

    // Killed mid-way: the clock is where the events applied are, no further.
    let killed = stored(&db);
    assert!(
        killed.clock > START && killed.clock < target,
        "{}",
        killed.clock
    );
    assert_eq!(killed.due_before_clock, 0);
    assert!(killed.latest_entry <= killed.clock);
    assert_eq!(killed.balance, killed.ledger_sum);

    // Started again: the advance resumes and reaches its target; advancing to it again
    // waits for that and applies nothing twice; then a month more.
    let server = start(&db);
    let reached = control(
        &http,
        &server,
        "/clock/advance",
        Some(json!({"to": "2030-12-31T00:00:00Z"})),
    )
    .await;
    assert_eq!(reached["now"], "2030-12-31T00:00:00Z");
    let more = control(
        &http,
        &server,
        "/clock/advance",
        Some(json!({"seconds": 30 * DAY})),
    )
    .await;
    assert_eq!(more["eventsApplied"], INSTANCES as u64);
    drop(server);

    let after = stored(&db);
    assert_eq!(after.clock, target + 30 * DAY);
    assert_eq!(after.renewals.len(), INSTANCES);
    assert!(
        after.renewals.values().all(|n| *n == CYCLES + 1),
        "{:?}",
        after.renewals
    );
    assert_eq!(after.downgrades_applied, INSTANCES as i64);
    assert_eq!(after.due_before_clock, 0);
    assert_eq!(after.balance, after.ledger_sum);
}
