//! The testing tools of the control plane: request faults (D-185, D-188), the request
//! journal (D-186, D-187) and snapshots (D-189, D-190), through real requests.

use crate::helpers::*;
use serde_json::{json, Value};
use zenlocal_client::Client;
use zenlocal_wire::Version;

const BMC: Version = Version::Bmc20260201;
const ZBC: Version = Version::Zbc20240809;
const SECRET_PASSWORD: &str = "Sup3r-Secret-pw";

fn bmc_postpaid() -> Value {
    json!({
        "zoneId": "SEL-A",
        "instanceTypeId": "M6C",
        "instanceChargeType": "POSTPAID",
        "internetChargeType": "ByBandwidth",
        "internetMaxBandwidthOut": 20,
        "imageId": "img-ubuntu-2204",
        "password": SECRET_PASSWORD,
    })
}

async fn create(client: &Client) -> String {
    let v = call(client, BMC, "CreateInstances", bmc_postpaid())
        .await
        .unwrap();
    v["instanceIdSet"][0].as_str().unwrap().to_owned()
}

async fn control_delete(app: &TestApp, path: &str) -> (u16, Value) {
    let r = app
        .http
        .delete(format!("{}/_zenlocal{path}", app.base()))
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

/// The journal's answer as text, the way a person reading it would see it.
async fn journal_text(app: &TestApp, query: &str) -> String {
    app.http
        .get(format!("{}/_zenlocal/requests{query}", app.base()))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

async fn journal(app: &TestApp, query: &str) -> Vec<Value> {
    let (status, v) = app.control_get(&format!("/requests{query}")).await;
    assert_eq!(status, 200, "{v}");
    v["requests"].as_array().unwrap().clone()
}

async fn add_fault(app: &TestApp, rule: Value) -> Value {
    let (status, v) = app.control_post("/faults", rule).await;
    assert_eq!(status, 200, "{v}");
    assert!(v["faultId"].as_str().unwrap().starts_with("flt-"), "{v}");
    v
}

#[tokio::test]
async fn the_journal_shows_calls_newest_first_with_their_secrets_redacted() {
    let app = TestApp::spawn().await;
    let (account, client, _) = app.account("1000.00").await;
    let (status, opened) = app
        .control_post("/accounts", json!({"name": "other", "balance": "1.00"}))
        .await;
    assert_eq!(status, 200);
    create(&client).await;
    assert_api_error(
        call(
            &client,
            BMC,
            "DescribeInstances",
            json!({"pageSize": "many"}),
        )
        .await,
        400,
        "INVALID_PARAMETER",
    );
    // A signed request: its signature travels in a header, which is never journaled.
    let raw = app.signed("bmc", "DescribeZones", "{}");
    let authorization = raw
        .headers
        .iter()
        .find(|(n, _)| n == "authorization")
        .unwrap()
        .1
        .clone();
    let signature = authorization
        .rsplit("Signature=")
        .next()
        .unwrap()
        .to_owned();
    assert_eq!(app.send(raw).await.status, 200);

    let text = journal_text(&app, "").await;
    for secret in [
        SECRET_PASSWORD,
        signature.as_str(),
        opened["accessKeyPassword"].as_str().unwrap(),
        "zenlocal-demo-secret",
    ] {
        assert!(
            !text.contains(secret),
            "the journal holds `{secret}`: {text}"
        );
    }

    let all = journal(&app, "").await;
    let actions: Vec<&str> = all.iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(
        actions,
        ["DescribeZones", "DescribeInstances", "CreateInstances"]
    );
    let created = &all[2];
    assert_eq!(created["accountId"], account.as_str());
    assert_eq!(created["service"], "bmc");
    assert_eq!(created["version"], "2026-02-01");
    assert_eq!(created["status"], 200);
    assert_eq!(created["code"], "OK");
    assert_eq!(created["simulatedTime"], "2026-01-01T00:00:00Z");
    assert_eq!(created["injected"], false);
    assert_eq!(created["body"]["password"], "***");
    assert_eq!(created["body"]["zoneId"], "SEL-A");
    assert!(created["latencyMs"].as_f64().unwrap() > 0.0);
    assert!(created["requestId"].as_str().unwrap().starts_with('T'));
    assert!(created["time"].as_str().unwrap().ends_with('Z'));
    assert_eq!(all[1]["status"], 400);
    assert_eq!(all[1]["code"], "INVALID_PARAMETER");

    assert_eq!(journal(&app, "?action=CreateInstances").await.len(), 1);
    assert_eq!(journal(&app, "?code=INVALID_PARAMETER").await.len(), 1);
    assert_eq!(
        journal(&app, &format!("?accountId={account}")).await.len(),
        2
    );
    assert_eq!(
        journal(&app, "?limit=1").await[0]["action"],
        "DescribeZones"
    );
    let since = created["seq"].as_u64().unwrap();
    let newer = journal(&app, &format!("?since={since}")).await;
    assert_eq!(newer.len(), 2, "{newer:?}");

    let (status, v) = app.control_get("/requests?colour=red").await;
    assert_eq!(
        (status, v["code"].as_str()),
        (400, Some("INVALID_PARAMETER"))
    );
    let (status, v) = app.control_get("/requests?since=yesterday").await;
    assert_eq!(
        (status, v["code"].as_str()),
        (400, Some("INVALID_PARAMETER"))
    );
}

#[tokio::test]
async fn a_journal_of_size_zero_keeps_nothing() {
    let app = TestApp::spawn_with(|c| c.journal_size = 0).await;
    balance(&app.demo()).await;
    let (status, v) = app.control_get("/requests").await;
    assert_eq!(status, 200);
    assert_eq!(v, json!({"enabled": false, "requests": []}));
}

#[tokio::test]
async fn a_code_fault_answers_its_code_and_status_for_the_next_n_calls() {
    let app = TestApp::spawn().await;
    let rule = add_fault(
        &app,
        json!({"service": "zbc", "action": "DescribeCustomerBalance",
               "code": "SERVICE_TEMPORARY_UNAVAILABLE", "count": 2}),
    )
    .await;
    assert_eq!(rule["remaining"], 2);
    // Another action of the service is not touched.
    assert_eq!(
        app.send(app.signed("zbc", "DescribeTransactionHistory", "{}"))
            .await
            .status,
        200
    );
    for _ in 0..2 {
        app.send(app.signed("zbc", "DescribeCustomerBalance", "{}"))
            .await
            .assert_error(503, "SERVICE_TEMPORARY_UNAVAILABLE");
    }
    assert_eq!(
        app.send(app.signed("zbc", "DescribeCustomerBalance", "{}"))
            .await
            .status,
        200
    );
    // Used up, the rule is gone.
    let (_, listed) = app.control_get("/faults").await;
    assert_eq!(listed, json!({"faults": []}));

    let injected = journal(&app, "?code=SERVICE_TEMPORARY_UNAVAILABLE").await;
    assert_eq!(injected.len(), 2);
    assert!(injected
        .iter()
        .all(|e| e["injected"] == true && e["fault"] == "code" && e["status"] == 503));
    assert_eq!(journal(&app, "?limit=1").await[0]["injected"], false);

    let metrics = app
        .http
        .get(format!("{}/metrics", app.base()))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics
            .lines()
            .any(|l| l.starts_with("zenlocal_faults_injected_total{")
                && l.contains("kind=\"code\"")
                && l.contains("action=\"DescribeCustomerBalance\"")),
        "{metrics}"
    );
}

#[tokio::test]
async fn an_action_code_fault_holds_for_one_account_until_deleted() {
    let app = TestApp::spawn().await;
    let (account, client, _) = app.account("1000.00").await;
    let rule = add_fault(
        &app,
        json!({"service": "bmc", "action": "CreateInstances", "accountId": account,
               "code": "RESOURCE_INSUFFICIENT_PRODUCT_SOLD_OUT"}),
    )
    .await;
    for _ in 0..3 {
        assert_api_error(
            call(&client, BMC, "CreateInstances", bmc_postpaid()).await,
            400,
            "RESOURCE_INSUFFICIENT_PRODUCT_SOLD_OUT",
        );
    }
    // The demo account is not that account.
    create(&app.demo()).await;
    let (_, listed) = app.control_get("/faults").await;
    assert_eq!(listed["faults"][0]["injected"], 3);
    let id = rule["faultId"].as_str().unwrap();
    assert_eq!(control_delete(&app, &format!("/faults/{id}")).await.0, 200);
    create(&client).await;
    let (status, v) = control_delete(&app, &format!("/faults/{id}")).await;
    assert_eq!(
        (status, v["code"].as_str()),
        (404, Some("RESOURCE_NOT_FOUND"))
    );
}

#[tokio::test]
async fn latency_and_dropped_connections_are_injected() {
    let app = TestApp::spawn().await;
    add_fault(
        &app,
        json!({"service": "bmc", "action": "DescribeZones", "latencyMs": 300, "count": 1}),
    )
    .await;
    assert_eq!(
        app.send(app.signed("bmc", "DescribeZones", "{}"))
            .await
            .status,
        200
    );
    let slowed = &journal(&app, "?limit=1").await[0];
    assert_eq!(slowed["fault"], "latency");
    assert!(slowed["latencyMs"].as_f64().unwrap() >= 300.0, "{slowed}");

    add_fault(
        &app,
        json!({"service": "bmc", "action": "*", "drop": true, "count": 1}),
    )
    .await;
    let raw = app.signed("bmc", "DescribeZones", "{}");
    let mut request = app
        .http
        .post(format!("{}{}", app.base(), raw.path))
        .body(raw.body);
    for (name, value) in raw.headers {
        request = request.header(name, value);
    }
    let dropped = request.send().await;
    assert!(dropped.is_err(), "{dropped:?}");
    assert_eq!(
        app.send(app.signed("bmc", "DescribeZones", "{}"))
            .await
            .status,
        200
    );
    let entries = journal(&app, "?limit=2").await;
    assert_eq!(entries[1]["fault"], "drop");
    assert_eq!(entries[1]["injected"], true);
}

#[tokio::test]
async fn a_window_on_the_simulated_clock_bounds_a_fault() {
    let app = TestApp::spawn().await;
    add_fault(
        &app,
        json!({"service": "zbc", "action": "*", "code": "INTERNAL_SERVER_ERROR",
               "from": "2026-01-02T00:00:00Z", "until": "2026-01-03T00:00:00Z"}),
    )
    .await;
    let balance = || app.signed("zbc", "DescribeCustomerBalance", "{}");
    assert_eq!(app.send(balance()).await.status, 200);
    advance(&app, 86_400).await;
    app.send(balance())
        .await
        .assert_error(500, "INTERNAL_SERVER_ERROR");
    advance(&app, 86_400).await;
    assert_eq!(app.send(balance()).await.status, 200);
}

#[tokio::test]
async fn a_bad_fault_rule_is_refused_and_adds_nothing() {
    let app = TestApp::spawn().await;
    for (rule, code) in [
        (
            json!({"service": "bmc", "action": "*"}),
            "MISSING_PARAMETER",
        ),
        (
            json!({"service": "bmc", "action": "Launch", "drop": true}),
            "INVALID_PARAMETER",
        ),
        (
            json!({"service": "zbc", "action": "*", "code": "INVALID_KEY_PAIR_NOT_FOUND"}),
            "INVALID_PARAMETER",
        ),
        (
            json!({"service": "bmc", "action": "*", "drop": true, "probability": 0}),
            "INVALID_PARAMETER",
        ),
    ] {
        let (status, v) = app.control_post("/faults", rule.clone()).await;
        assert_eq!(
            (status, v["code"].as_str()),
            (400, Some(code)),
            "{rule}: {v}"
        );
    }
    let (_, listed) = app.control_get("/faults").await;
    assert_eq!(listed, json!({"faults": []}));
}

/// What a snapshot test changes after saving: an instance, money, and `days` of time.
async fn change_everything(app: &TestApp, client: &Client, account: &str, days: i64) {
    create(client).await;
    let (status, _) = app
        .control_post(
            &format!("/accounts/{account}/deposit"),
            json!({"amount": "5.00"}),
        )
        .await;
    assert_eq!(status, 200);
    advance(app, days * 86_400).await;
}

async fn save(app: &TestApp, name: &str) -> Value {
    let (status, v) = app.control_post("/snapshots", json!({"name": name})).await;
    assert_eq!(status, 200, "{v}");
    v
}

async fn restore(app: &TestApp, name: &str) -> Value {
    let (status, v) = app
        .control_post(&format!("/snapshots/{name}/restore"), json!({}))
        .await;
    assert_eq!(status, 200, "{v}");
    v
}

#[tokio::test]
async fn a_snapshot_brings_every_table_and_the_clock_back() {
    let app = TestApp::spawn().await;
    let (account, client, _) = app.account("1000.00").await;
    create(&client).await;
    advance(&app, 10).await;
    let saved_state = app.db.dump();
    let saved_balance = balance(&client).await;

    let saved = save(&app, "base").await;
    assert_eq!(saved["name"], "base");
    assert_eq!(saved["now"], "2026-01-01T00:00:10Z");

    change_everything(&app, &client, &account, 40).await;
    assert_ne!(app.db.dump(), saved_state);

    let restored = restore(&app, "base").await;
    assert_eq!(restored["now"], "2026-01-01T00:00:10Z");
    assert_eq!(app.db.dump(), saved_state, "on {}", app.db.name());
    let (_, clock) = app.control_get("/clock").await;
    assert_eq!(clock["now"], "2026-01-01T00:00:10Z");
    assert_eq!(balance(&client).await, saved_balance);
    // The restored state goes on as before: a month later the same charges fall due.
    advance(&app, 40 * 86_400).await;

    let (_, listed) = app.control_get("/snapshots").await;
    assert_eq!(listed["snapshots"][0]["name"], "base");
    assert_eq!(control_delete(&app, "/snapshots/base").await.0, 200);
    let (status, v) = app.control_post("/snapshots/base/restore", json!({})).await;
    assert_eq!(
        (status, v["code"].as_str()),
        (404, Some("RESOURCE_NOT_FOUND"))
    );
    let (status, v) = app
        .control_post("/snapshots", json!({"name": "../escape"}))
        .await;
    assert_eq!(
        (status, v["code"].as_str()),
        (400, Some("INVALID_PARAMETER"))
    );
    let (status, v) = app.control_post("/snapshots", json!({})).await;
    assert_eq!(
        (status, v["code"].as_str()),
        (400, Some("MISSING_PARAMETER"))
    );
}

#[tokio::test]
async fn a_snapshot_survives_a_restart() {
    let mut app = TestApp::spawn().await;
    let (account, client, _) = app.account("1000.00").await;
    create(&client).await;
    let saved_state = app.db.dump();
    save(&app, "before-restart").await;
    change_everything(&app, &client, &account, 40).await;
    app.restart_with(|_| {}).await;
    let (_, listed) = app.control_get("/snapshots").await;
    assert_eq!(listed["snapshots"][0]["name"], "before-restart");
    restore(&app, "before-restart").await;
    assert_eq!(app.db.dump(), saved_state, "on {}", app.db.name());
}

#[tokio::test]
async fn a_restore_under_load_answers_every_call_and_leaves_the_saved_state() {
    let app = TestApp::spawn().await;
    let (account, client, _) = app.account("100000.00").await;
    create(&client).await;
    let saved_state = app.db.dump();
    save(&app, "loaded").await;

    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut load = Vec::new();
    for n in 0..4 {
        let client = client.clone();
        let stop = stop.clone();
        load.push(tokio::spawn(async move {
            let mut calls = 0;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                // Reads all along, and a few writes.
                let answer = if n % 2 == 1 && calls < 3 {
                    call(&client, BMC, "CreateInstances", bmc_postpaid()).await
                } else {
                    call(&client, ZBC, "DescribeCustomerBalance", json!({})).await
                };
                answer.unwrap();
                calls += 1;
            }
            calls
        }));
    }
    for _ in 0..3 {
        change_everything(&app, &client, &account, 1).await;
        restore(&app, "loaded").await;
    }
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    for task in load {
        assert!(task.await.unwrap() > 0);
    }
    restore(&app, "loaded").await;
    assert_eq!(app.db.dump(), saved_state, "on {}", app.db.name());
}

#[tokio::test]
async fn an_in_memory_store_keeps_its_snapshots_in_memory() {
    let app = TestApp::spawn_on(TestDb::sqlite(), |c| c.database = ":memory:".into()).await;
    let (account, client, _) = app.account("1000.00").await;
    create(&client).await;
    let saved_balance = balance(&client).await;
    save(&app, "mem").await;
    change_everything(&app, &client, &account, 40).await;
    assert_ne!(balance(&client).await, saved_balance);
    let restored = restore(&app, "mem").await;
    assert_eq!(restored["now"], "2026-01-01T00:00:00Z");
    assert_eq!(balance(&client).await, saved_balance);
    let listed = call(&client, BMC, "DescribeInstances", json!({}))
        .await
        .unwrap();
    assert_eq!(listed["totalCount"], 1);
}

async fn instance_status(client: &Client, id: &str) -> String {
    let v = call(
        client,
        BMC,
        "DescribeInstances",
        json!({"instanceIds": [id]}),
    )
    .await
    .unwrap();
    v["dataSet"][0]["instanceStatus"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn a_renewal_fault_sends_the_instance_to_the_recycle_bin_as_d23_says() {
    let app = TestApp::spawn().await;
    let (account, client, _) = app.account("100000.00").await;
    let mut prepaid = bmc_postpaid();
    prepaid["instanceChargeType"] = json!("PREPAID");
    prepaid["instanceChargePrepaid"] = json!({"period": 1});
    let mut ids = Vec::new();
    for _ in 0..2 {
        let v = call(&client, BMC, "CreateInstances", prepaid.clone())
            .await
            .unwrap();
        ids.push(v["instanceIdSet"][0].as_str().unwrap().to_owned());
    }
    advance(&app, 10).await;
    let (failing, renewing) = (&ids[0], &ids[1]);

    let (status, fault) = app
        .control_post(
            "/faults",
            json!({"kind": "renewalFails", "instanceId": failing, "accountId": account}),
        )
        .await;
    assert_eq!(status, 200, "{fault}");
    assert!(fault["faultId"].as_str().unwrap().starts_with("sfl-"));
    assert_eq!(fault["kind"], "renewalFails");
    let (_, listed) = app.control_get("/faults").await;
    assert_eq!(listed["faults"][0]["instanceId"], failing.as_str());

    advance(&app, 30 * 86_400).await;
    assert_eq!(instance_status(&client, failing).await, "RECYCLE");
    assert_eq!(instance_status(&client, renewing).await, "RUNNING");
    let (_, orders) = app
        .control_get(&format!("/orders?instanceId={failing}"))
        .await;
    let kinds: Vec<&str> = orders["orders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["CREATE"]);
    let (_, orders) = app
        .control_get(&format!("/orders?instanceId={renewing}"))
        .await;
    assert_eq!(orders["orders"][1]["kind"], "RENEW");
    // Used up.
    let (_, listed) = app.control_get("/faults").await;
    assert_eq!(listed, json!({"faults": []}));

    for (rule, status, code) in [
        (
            json!({"kind": "renewalFails", "instanceId": "1234567890123456789"}),
            404,
            "INVALID_INSTANCE_NOT_FOUND",
        ),
        (
            json!({"kind": "renewalFails", "instanceId": renewing, "accountId": "999"}),
            404,
            "INVALID_INSTANCE_NOT_FOUND",
        ),
        (
            json!({"kind": "meteorStrike", "instanceId": renewing}),
            400,
            "INVALID_PARAMETER",
        ),
        (json!({"kind": "renewalFails"}), 400, "MISSING_PARAMETER"),
    ] {
        let (s, v) = app.control_post("/faults", rule.clone()).await;
        assert_eq!((s, v["code"].as_str()), (status, Some(code)), "{rule}: {v}");
    }
}

/// D-241: a fault aimed at an instance goes when the instance is released, one aimed at
/// another instance stays.
#[tokio::test]
async fn a_released_instance_takes_the_faults_aimed_at_it_with_it() {
    let app = TestApp::spawn().await;
    let (account, client, _) = app.account("100000.00").await;
    let (released, held) = (create(&client).await, create(&client).await);
    advance(&app, 10).await;
    let mut faults = Vec::new();
    for id in [&released, &held] {
        let (status, fault) = app
            .control_post(
                "/faults",
                json!({"kind": "renewalFails", "instanceId": id, "accountId": account}),
            )
            .await;
        assert_eq!(status, 200, "{fault}");
        faults.push(fault);
    }
    // A POSTPAID instance goes to the recycle bin at once (D-25), and the fault stays.
    call(
        &client,
        BMC,
        "TerminateInstance",
        json!({"instanceId": released}),
    )
    .await
    .unwrap();
    let (_, listed) = app.control_get("/faults").await;
    assert_eq!(listed["faults"].as_array().unwrap().len(), 2, "{listed}");
    call(
        &client,
        BMC,
        "ReleaseInstances",
        json!({"instanceIds": [released]}),
    )
    .await
    .unwrap();
    let (status, listed) = app.control_get("/faults").await;
    assert_eq!(status, 200);
    assert_eq!(listed, json!({"faults": [faults[1]]}));
}

/// D-199: a `provisioningFails` fault makes the account's next CreateInstances in its
/// service answer and charge as usual, then end CREATE_FAILED where it would have been
/// RUNNING; it is listed, used up by that one call (the next succeeds), marked in the
/// journal and the metrics; the failed instance is billed no more, and TerminateInstance
/// deletes it at once and refunds what it paid.
#[tokio::test]
async fn a_provisioning_fault_fails_the_next_create_and_terminate_refunds_it() {
    let app = TestApp::spawn().await;
    let (account, client, _) = app.account("100000.00").await;
    let mut prepaid = bmc_postpaid();
    prepaid["instanceChargeType"] = json!("PREPAID");
    prepaid["instanceChargePrepaid"] = json!({"period": 1});

    let (status, fault) = app
        .control_post(
            "/faults",
            json!({"kind": "provisioningFails", "accountId": account, "service": "bmc"}),
        )
        .await;
    assert_eq!(status, 200, "{fault}");
    assert!(fault["faultId"].as_str().unwrap().starts_with("sfl-"));
    assert_eq!(
        (&fault["kind"], &fault["service"], &fault["accountId"]),
        (
            &json!("provisioningFails"),
            &json!("bmc"),
            &json!(account.as_str())
        )
    );
    let (_, listed) = app.control_get("/faults").await;
    assert_eq!(listed["faults"][0]["faultId"], fault["faultId"]);
    // Another service's create is not the one it waits for.
    let vm = call(
        &client,
        Version::Vm20260401,
        "CreateInstances",
        json!({"zoneId": "asia-east-1a", "instanceType": "c.1c2g",
               "imageId": "ubuntu_22_04_x64", "instanceChargeType": "POSTPAID",
               "internetChargeType": "ByBandwidth", "password": SECRET_PASSWORD}),
    )
    .await
    .unwrap();
    let vm_id = vm["instanceIdSet"][0].as_str().unwrap().to_owned();

    let before = balance(&client).await;
    let v = call(&client, BMC, "CreateInstances", prepaid.clone())
        .await
        .unwrap();
    let failed = v["instanceIdSet"][0].as_str().unwrap().to_owned();
    let paid = before - balance(&client).await;
    assert!(paid > 0.0);
    let calls = journal(
        &app,
        &format!("?accountId={account}&action=CreateInstances"),
    )
    .await;
    assert_eq!(
        (
            &calls[0]["injected"],
            &calls[0]["fault"],
            &calls[0]["status"]
        ),
        (&json!(true), &json!("provisioningFails"), &json!(200))
    );
    assert_eq!(calls[1]["injected"], false, "the vm create was not hit");
    let (_, listed) = app.control_get("/faults").await;
    assert_eq!(listed, json!({"faults": []}), "used up");
    let next = call(&client, BMC, "CreateInstances", prepaid.clone())
        .await
        .unwrap();
    let fine = next["instanceIdSet"][0].as_str().unwrap().to_owned();

    advance(&app, 10).await;
    assert_eq!(instance_status(&client, &failed).await, "CREATE_FAILED");
    assert_eq!(instance_status(&client, &fine).await, "RUNNING");
    let v = call(
        &client,
        Version::Vm20260401,
        "DescribeInstances",
        json!({"instanceIds": [vm_id]}),
    )
    .await
    .unwrap();
    assert_eq!(v["dataSet"][0]["instanceStatus"], "RUNNING");
    // Off the bill before the month passes, so that only the bmc instances are charged.
    call(
        &client,
        Version::Vm20260401,
        "TerminateInstance",
        json!({"instanceId": vm_id}),
    )
    .await
    .unwrap();
    let metrics = app
        .http
        .get(format!("{}/metrics", app.base()))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics
            .lines()
            .any(|l| l.starts_with("zenlocal_faults_injected_total")
                && l.contains("kind=\"provisioningFails\"")
                && l.contains("action=\"CreateInstances\"")),
        "{metrics}"
    );

    // Nothing to operate, nothing renewed: its cycle end passes without a charge.
    assert_api_error(
        call(
            &client,
            BMC,
            "StopInstances",
            json!({"instanceIds": [failed]}),
        )
        .await,
        403,
        "OPERATION_DENIED_INSTANCE_NOT_RUNNING",
    );
    let with_fine_renewed = balance(&client).await;
    advance(&app, 30 * 86_400).await;
    let renewal = with_fine_renewed - balance(&client).await;
    assert!((renewal - paid).abs() < 0.005, "only the fine one renews");
    assert_eq!(instance_status(&client, &failed).await, "CREATE_FAILED");

    let before = balance(&client).await;
    call(
        &client,
        BMC,
        "TerminateInstance",
        json!({"instanceId": failed}),
    )
    .await
    .unwrap();
    assert!(
        (balance(&client).await - before - paid).abs() < 0.005,
        "refunded"
    );
    let v = call(
        &client,
        BMC,
        "DescribeInstances",
        json!({"instanceIds": [failed]}),
    )
    .await
    .unwrap();
    assert_eq!(v["totalCount"], 0, "deleted at once");
    let (_, orders) = app
        .control_get(&format!("/orders?instanceId={failed}"))
        .await;
    let kinds: Vec<&str> = orders["orders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["CREATE", "REFUND"]);

    for (rule, status, code) in [
        (
            json!({"kind": "provisioningFails", "accountId": "999999999999", "service": "vm"}),
            404,
            "RESOURCE_NOT_FOUND",
        ),
        (
            json!({"kind": "provisioningFails", "accountId": account, "service": "zbc"}),
            400,
            "INVALID_PARAMETER",
        ),
        (
            json!({"kind": "provisioningFails", "service": "vm"}),
            400,
            "MISSING_PARAMETER",
        ),
        (
            json!({"kind": "provisioningFails", "accountId": account, "service": "vm",
                   "instanceId": fine}),
            400,
            "INVALID_PARAMETER",
        ),
    ] {
        let (s, v) = app.control_post("/faults", rule.clone()).await;
        assert_eq!((s, v["code"].as_str()), (status, Some(code)), "{rule}: {v}");
    }
    // Listed and deleted like the others.
    let (_, added) = app
        .control_post(
            "/faults",
            json!({"kind": "provisioningFails", "accountId": account, "service": "vm"}),
        )
        .await;
    let id = added["faultId"].as_str().unwrap();
    assert_eq!(control_delete(&app, &format!("/faults/{id}")).await.0, 200);
    assert_eq!(control_delete(&app, &format!("/faults/{id}")).await.0, 404);
}

#[tokio::test]
async fn the_rust_client_drives_the_testing_tools() {
    let app = TestApp::spawn().await;
    let client = app.demo();
    let control = client.control();
    let saved = control.save_snapshot("rust").await.unwrap();
    assert_eq!(saved["name"], "rust");
    let rule = control
        .add_fault(
            &json!({"service": "zbc", "action": "DescribeCustomerBalance",
                           "code": "SERVICE_TEMPORARY_UNAVAILABLE", "count": 1}),
        )
        .await
        .unwrap();
    assert_eq!(control.faults().await.unwrap().len(), 1);
    assert_api_error(
        call(&client, ZBC, "DescribeCustomerBalance", json!({})).await,
        503,
        "SERVICE_TEMPORARY_UNAVAILABLE",
    );
    let failed = control
        .requests(&[("code", "SERVICE_TEMPORARY_UNAVAILABLE")])
        .await
        .unwrap();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0]["injected"], true);
    assert_api_error(
        control
            .delete_fault(rule["faultId"].as_str().unwrap())
            .await,
        404,
        "RESOURCE_NOT_FOUND",
    );
    assert_eq!(control.snapshots().await.unwrap()[0]["name"], "rust");
    assert_eq!(
        control.restore_snapshot("rust").await.unwrap()["now"],
        "2026-01-01T00:00:00Z"
    );
    control.delete_snapshot("rust").await.unwrap();
    assert_api_error(
        control.restore_snapshot("no/such").await,
        400,
        "INVALID_PARAMETER",
    );
}
