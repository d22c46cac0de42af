//! Test clocks (docs/decisions.md D-181 to D-183): accounts on a clock of their own, whose
//! advances apply only their events; thirty advanced at once end as each does alone.

use crate::helpers::*;
use serde_json::{json, Value};
use zenlocal_client::{Client, Credential};
use zenlocal_wire::Version;

const BMC: Version = Version::Bmc20260201;
const LAPTOP_KEY: &str =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAZKH/ZcrYgVcL7E4JE5YMQt/iMjI9tHdt+PTjYnq0IT me@laptop";
const DAY: i64 = 86_400;

/// A test clock at `at`; answers its id.
async fn clock(app: &TestApp, name: &str, at: &str) -> String {
    let (status, v) = app
        .control_post("/clocks", json!({"name": name, "frozenTime": at}))
        .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["now"], at);
    v["clockId"].as_str().unwrap().to_owned()
}

/// An account on `clock_id`; answers its id and a client signing as it.
async fn account_on(app: &TestApp, clock_id: &str, balance: &str) -> (String, Client) {
    let (status, v) = app
        .control_post(
            "/accounts",
            json!({"name": "clocked", "balance": balance, "clockId": clock_id}),
        )
        .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["clockId"], clock_id);
    let client = app.client(Credential::access_key(
        v["accessKeyId"].as_str().unwrap(),
        v["accessKeyPassword"].as_str().unwrap(),
    ));
    (v["accountId"].as_str().unwrap().to_owned(), client)
}

async fn advance_clock(app: &TestApp, clock_id: &str, seconds: i64) -> Value {
    let (status, v) = app
        .control_post(
            &format!("/clocks/{clock_id}/advance"),
            json!({"seconds": seconds}),
        )
        .await;
    assert_eq!(status, 200, "{v}");
    v
}

fn prepaid_bmc() -> Value {
    json!({
        "zoneId": "SEL-A",
        "instanceTypeId": "M6C",
        "instanceChargeType": "PREPAID",
        "instanceChargePrepaid": {"period": 1},
        "internetChargeType": "ByBandwidth",
        "internetMaxBandwidthOut": 20,
        "password": "Passw0rd-x",
    })
}

async fn create(client: &Client) -> String {
    let v = call(client, BMC, "CreateInstances", prepaid_bmc())
        .await
        .unwrap();
    v["instanceIdSet"][0].as_str().unwrap().to_owned()
}

/// What an account ended with, without what is drawn at random (ids, order numbers).
async fn books(app: &TestApp, account_id: &str, client: &Client) -> Value {
    let (_, orders) = app
        .control_get(&format!("/orders?accountId={account_id}"))
        .await;
    let orders: Vec<Value> = orders["orders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            json!([
                o["kind"],
                o["from"],
                o["to"],
                o["amount"],
                o["status"],
                o["createdAt"],
                o["effectiveAt"]
            ])
        })
        .collect();
    let history = call(
        client,
        Version::Zbc20240809,
        "DescribeTransactionHistory",
        json!({"pageSize": 1000}),
    )
    .await
    .unwrap();
    let ledger: Vec<Value> = history["dataSet"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            json!([
                e["transactionTime"],
                e["transactionType"],
                e["amount"],
                e["cashBalance"],
                e["tradeType"]
            ])
        })
        .collect();
    json!({"orders": orders, "ledger": ledger, "balance": balance(client).await})
}

/// One test's plan, drawn from its seed: a PREPAID instance, then a year of bandwidth
/// changes (upgrades charged at once, downgrades at the cycle end, some refused while a
/// change is processing) between advances of its own clock. Answers the outcome of every
/// step and the books it ends with.
async fn run_plan(app: &TestApp, seed: u64) -> Value {
    let clock_id = clock(app, &format!("plan-{seed}"), "2026-03-01T00:00:00Z").await;
    let (account_id, client) = account_on(app, &clock_id, "20000.00").await;
    let id = create(&client).await;
    let mut state = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    let mut draw = |n: u64| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % n
    };
    let mut steps = Vec::new();
    let mut elapsed = 0;
    while elapsed < 365 * DAY {
        let mbps = 10 + draw(40) as i64;
        let outcome = match call(
            &client,
            BMC,
            "ModifyInstanceBandwidth",
            json!({"instanceId": id, "bandwidthOutMbps": mbps}),
        )
        .await
        {
            Ok(_) => "ok".to_string(),
            Err(e) => format!("{e}").split(':').next().unwrap().to_string(),
        };
        let seconds = (draw(45) as i64 + 1) * DAY + draw(DAY as u64) as i64;
        let advanced = advance_clock(app, &clock_id, seconds).await;
        elapsed += seconds;
        steps.push(json!([
            mbps,
            outcome,
            advanced["now"],
            advanced["eventsApplied"]
        ]));
    }
    json!({"steps": steps, "books": books(app, &account_id, &client).await})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thirty_clocks_advanced_at_once_end_as_each_does_alone() {
    let app = std::sync::Arc::new(TestApp::spawn_bare(|_| {}).await);
    let plans = 30;
    let tasks: Vec<_> = (0..plans)
        .map(|seed| {
            let app = app.clone();
            tokio::spawn(async move { run_plan(&app, seed).await })
        })
        .collect();
    let mut at_once = Vec::new();
    for task in tasks {
        at_once.push(task.await.unwrap());
    }
    for seed in 0..plans {
        let alone = run_plan(&app, seed).await;
        assert_eq!(at_once[seed as usize], alone, "plan {seed}");
    }
    assert!(at_once[0]["books"]["orders"].as_array().unwrap().len() > 12);
    let (_, global) = app.control_get("/clock").await;
    assert_eq!(
        global["now"], "2026-01-01T00:00:00Z",
        "the global clock never moved"
    );
}

#[tokio::test]
async fn a_test_clock_moves_only_its_accounts_and_goes_with_them() {
    let app = TestApp::spawn_bare(|_| {}).await;
    let clock_id = clock(&app, "ci", "2026-06-01T00:00:00Z").await;
    let (clocked_id, clocked) = account_on(&app, &clock_id, "5000.00").await;
    let (_, global, _) = app.account("5000.00").await;
    let on_clock = create(&clocked).await;
    let on_global = create(&global).await;
    let expires = |v: Value| v["dataSet"][0]["expiredTime"].clone();
    let describe = |c: &Client, id: &str| {
        let body = json!({"instanceIds": [id]});
        let c = c.clone();
        async move { call(&c, BMC, "DescribeInstances", body).await.unwrap() }
    };
    assert_eq!(
        expires(describe(&clocked, &on_clock).await),
        "2026-07-01T00:00:00Z"
    );
    assert_eq!(
        expires(describe(&global, &on_global).await),
        "2026-01-31T00:00:00Z"
    );
    let global_before = balance(&global).await;
    // A month and a day on the test clock renews its instance only.
    let v = advance_clock(&app, &clock_id, 31 * DAY).await;
    assert_eq!(v["now"], "2026-07-02T00:00:00Z");
    assert_eq!(
        expires(describe(&clocked, &on_clock).await),
        "2026-07-31T00:00:00Z"
    );
    assert_eq!(balance(&global).await, global_before);
    assert_eq!(
        expires(describe(&global, &on_global).await),
        "2026-01-31T00:00:00Z"
    );
    // And the global clock renews its own only.
    let clocked_before = balance(&clocked).await;
    advance(&app, 31 * DAY).await;
    assert_eq!(
        expires(describe(&global, &on_global).await),
        "2026-03-02T00:00:00Z"
    );
    assert_eq!(balance(&clocked).await, clocked_before);
    let (_, listed) = app.control_get("/clocks").await;
    assert_eq!(
        listed["clocks"],
        json!([{"clockId": clock_id, "name": "ci", "now": "2026-07-02T00:00:00Z"}])
    );

    // An account that owns something stays on its clock; an empty one moves.
    let (status, v) = app
        .control_post(
            &format!("/accounts/{clocked_id}/clock"),
            json!({"clockId": null}),
        )
        .await;
    assert_eq!(
        (status, v["code"].as_str()),
        (400, Some("INVALID_PARAMETER")),
        "{v}"
    );
    let (empty_id, empty, _) = app.account("10.00").await;
    let (status, v) = app
        .control_post(
            &format!("/accounts/{empty_id}/clock"),
            json!({"clockId": clock_id}),
        )
        .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(balance(&empty).await, 10.0);
    for (path, body) in [
        (
            "/accounts",
            json!({"name": "x", "balance": "1", "clockId": "clock-none"}),
        ),
        ("/clocks/clock-none/advance", json!({"seconds": 1})),
    ] {
        let (status, v) = app.control_post(path, body).await;
        assert_eq!(
            (status, v["code"].as_str()),
            (404, Some("RESOURCE_NOT_FOUND")),
            "{v}"
        );
    }
    let (status, v) = app.control_post("/clocks", json!({"name": ""})).await;
    assert_eq!(
        (status, v["code"].as_str()),
        (400, Some("INVALID_PARAMETER")),
        "{v}"
    );

    // The Rust client drives them too.
    let advanced = global
        .advance_test_clock(&clock_id, DAY, None)
        .await
        .unwrap();
    assert_eq!(advanced.now, "2026-07-03T00:00:00Z");
    assert_eq!(global.test_clocks(None).await.unwrap()[0].now, advanced.now);

    // Deleting the clock deletes its accounts, whose credentials stop working.
    global.delete_test_clock(&clock_id, None).await.unwrap();
    let err = call(
        &clocked,
        Version::Zbc20240809,
        "DescribeCustomerBalance",
        json!({}),
    )
    .await
    .unwrap_err();
    assert!(format!("{err}").contains("AUTHFAILURE"), "{err}");
    let (_, listed) = app.control_get("/clocks").await;
    assert_eq!(listed["clocks"], json!([]));
    assert_eq!(balance(&global).await, global_before - 199.0 - 20.0);
}

#[tokio::test]
async fn a_fixture_builds_accounts_through_the_api_and_a_bad_one_leaves_nothing() {
    let app = TestApp::spawn_bare(|_| {}).await;
    let fixture = json!({"accounts": [{
        "name": "fixture",
        "balance": "1000.00",
        "start": "2026-02-01T00:00:00Z",
        "steps": [
            {"service": "bmc", "action": "CreateInstances", "request": prepaid_bmc()},
            {"at": "2026-02-10T00:00:00Z", "service": "bmc", "action": "ModifyInstanceBandwidth",
             "request": {"instanceId": "$0", "bandwidthOutMbps": 15}},
        ],
    }]});
    let v = app.demo().load_fixtures(&fixture, None).await.unwrap();
    let made = &v["accounts"][0];
    let id = made["instanceIds"][0].as_str().unwrap();
    let client = app.client(Credential::access_key(
        made["accessKeyId"].as_str().unwrap(),
        made["accessKeyPassword"].as_str().unwrap(),
    ));
    assert_eq!(balance(&client).await, 1000.0 - 219.0);
    let status = call(
        &client,
        BMC,
        "DescribeInstanceInternetStatus",
        json!({"instanceId": id}),
    )
    .await
    .unwrap();
    assert_eq!(status["modifiedBandwidthStatus"], "WaitToEnable");
    let (_, clocks) = app.control_get("/clocks").await;
    assert_eq!(clocks["clocks"][0]["now"], "2026-02-10T00:00:00Z");

    // A step the API refuses names its place, and nothing of the fixture stays.
    let bad = json!({"accounts": [
        {"name": "fine", "balance": "10.00"},
        {"name": "poor", "balance": "1.00", "steps": [
            {"service": "bmc", "action": "CreateInstances", "request": prepaid_bmc()},
        ]},
    ]});
    let (status, v) = app.control_post("/fixtures", bad).await;
    assert_eq!(
        (status, v["code"].as_str()),
        (403, Some("OPERATION_DENIED_INSUFFICIENT_BALANCE")),
        "{v}"
    );
    assert!(
        v["message"]
            .as_str()
            .unwrap()
            .starts_with("accounts[1].steps[0]: "),
        "{v}"
    );
    let (_, after) = app.control_get("/clocks").await;
    assert_eq!(after["clocks"].as_array().unwrap().len(), 1);
}

/// The instances an account has, as plans and states, without what is drawn at random
/// (ids, addresses, resource groups).
async fn instances(client: &Client) -> Vec<Value> {
    let mut all = Vec::new();
    for version in [BMC, Version::Vm20260401] {
        let v = call(client, version, "DescribeInstances", json!({}))
            .await
            .unwrap();
        for i in v["dataSet"].as_array().unwrap() {
            let kept: serde_json::Map<String, Value> = [
                "zoneId",
                "instanceName",
                "instanceStatus",
                "instanceTypeId",
                "instanceType",
                "imageId",
                "instanceChargeType",
                "internetChargeType",
                "bandwidthOutMbps",
                "internetMaxBandwidthOut",
                "trafficPackageSize",
                "period",
                "autoRenew",
                "createTime",
                "expiredTime",
            ]
            .iter()
            .filter_map(|f| i.get(*f).map(|v| (f.to_string(), v.clone())))
            .collect();
            all.push(Value::Object(kept));
        }
    }
    all
}

/// The key pairs a client's account holds, as DescribeKeyPairs lists them, without the
/// IDs drawn for them.
async fn key_pairs(client: &Client) -> Vec<Value> {
    let v = call(client, Version::Vm20230313, "DescribeKeyPairs", json!({}))
        .await
        .unwrap();
    let mut pairs = v["dataSet"].as_array().unwrap().clone();
    for pair in &mut pairs {
        pair.as_object_mut().unwrap().remove("keyId");
    }
    pairs
}

fn signing_as(app: &TestApp, made: &Value) -> Client {
    app.client(Credential::access_key(
        made["accessKeyId"].as_str().unwrap(),
        made["accessKeyPassword"].as_str().unwrap(),
    ))
}

/// D-198: a fixture loaded, dumped (`GET /_zenlocal/fixtures`) and loaded into a new
/// server ends with the same books, the same key pairs and instances, and the same dump.
#[tokio::test]
async fn a_dumped_fixture_loads_into_a_new_server_as_the_same_state() {
    let first = TestApp::spawn_bare(|_| {}).await;
    let fixture = json!({"accounts": [{
        "name": "round-trip",
        "balance": "5000.00",
        "discount": "90",
        "start": "2026-02-01T00:00:00Z",
        "steps": [
            {"service": "vm", "version": "2023-03-13", "action": "ImportKeyPair",
             "request": {"keyName": "laptop", "publicKey": LAPTOP_KEY}},
            {"service": "bmc", "action": "CreateInstances", "request": prepaid_bmc()},
            {"service": "vm", "action": "CreateInstances", "request": {
                "zoneId": "asia-east-1a", "instanceType": "c.1c2g",
                "imageId": "ubuntu_22_04_x64", "instanceChargeType": "POSTPAID",
                "internetChargeType": "ByBandwidth", "internetMaxBandwidthOut": 10,
                "keyId": "$key:laptop", "systemDisk": {"diskSize": 40},
                "dataDisks": [{"diskSize": 60, "diskCategory": "SSD", "portable": true}],
                "tags": {"tags": [{"key": "$$0", "value": "$$key:laptop"}]}}},
            {"at": "2026-02-05T00:00:00Z", "service": "bmc",
             "action": "ModifyInstanceBandwidth",
             "request": {"instanceId": "$0", "bandwidthOutMbps": 40}},
            {"at": "2026-02-10T00:00:00Z", "traffic": {"instance": 0, "outGb": "120", "inGb": "3"}},
            {"at": "2026-02-11T00:00:00Z", "service": "vm", "version": "2023-03-13",
             "action": "ImportKeyPair",
             "request": {"keyName": "ci_runner", "publicKey": LAPTOP_KEY,
                         "keyDescription": "$$1 runners"}},
            {"at": "2026-02-12T00:00:00Z", "deposit": "75.50"},
            {"at": "2026-02-20T00:00:00Z", "service": "bmc",
             "action": "ModifyInstanceBandwidth",
             "request": {"instanceId": "$0", "bandwidthOutMbps": 25}},
            {"at": "2026-03-06T00:00:00Z"},
        ],
    }]});
    let loaded = first.demo().load_fixtures(&fixture, None).await.unwrap();
    let made = &loaded["accounts"][0];
    let account = made["accountId"].as_str().unwrap();
    let dumped = first
        .demo()
        .dump_fixtures(Some(account), None)
        .await
        .unwrap();
    assert_eq!(dumped["notWritten"], json!([]), "{dumped}");
    let written = &dumped["fixture"]["accounts"][0];
    assert_eq!(
        (&written["balance"], &written["start"]),
        (&json!("5000.00"), &json!("2026-02-01T00:00:00Z"))
    );

    let second = TestApp::spawn_bare(|_| {}).await;
    let (status, again) = second
        .control_post("/fixtures", dumped["fixture"].clone())
        .await;
    assert_eq!(status, 200, "{again}");
    let remade = &again["accounts"][0];
    let (one, two) = (signing_as(&first, made), signing_as(&second, remade));
    // Orders made at one instant are listed by their random numbers: compare them as sets.
    let sorted = |mut books: Value| {
        let orders = books["orders"].as_array_mut().unwrap();
        orders.sort_by_key(|o| o.to_string());
        books
    };
    assert_eq!(
        sorted(books(&first, account, &one).await),
        sorted(books(&second, remade["accountId"].as_str().unwrap(), &two).await)
    );
    let listed = instances(&one).await;
    assert_eq!(listed.len(), 2);
    assert_eq!(listed, instances(&two).await);
    let pairs = key_pairs(&one).await;
    assert_eq!(pairs.len(), 2);
    assert_eq!(
        (&pairs[0]["keyName"], &pairs[0]["keyDescription"]),
        (&json!("ci_runner"), &json!("$1 runners"))
    );
    // A string of the account's own that starts with `$` is written with a second one, so
    // that it is not taken for a reference when loaded (D-184).
    let steps = written["steps"].as_array().unwrap();
    let import = steps
        .iter()
        .find(|s| s["request"]["keyName"] == "ci_runner");
    assert_eq!(import.unwrap()["request"]["keyDescription"], "$$1 runners");
    for client in [&one, &two] {
        let vm = call(client, Version::Vm20260401, "DescribeInstances", json!({}))
            .await
            .unwrap();
        assert_eq!(
            vm["dataSet"][0]["tags"]["tags"],
            json!([{"key": "$0", "value": "$key:laptop"}]),
            "{vm}"
        );
    }
    assert_eq!(pairs, key_pairs(&two).await);
    // The vm instance has the key pair it was made with, on each server its own.
    for client in [&one, &two] {
        let pairs = call(client, Version::Vm20230313, "DescribeKeyPairs", json!({}))
            .await
            .unwrap();
        let laptop = pairs["dataSet"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["keyName"] == "laptop")
            .unwrap()["keyId"]
            .clone();
        let vm = call(client, Version::Vm20260401, "DescribeInstances", json!({}))
            .await
            .unwrap();
        assert_eq!(vm["dataSet"][0]["keyId"], laptop, "{vm}");
    }
    let (_, redumped) = second
        .control_get(&format!(
            "/fixtures?accountId={}",
            remade["accountId"].as_str().unwrap()
        ))
        .await;
    assert_eq!(redumped["fixture"], dumped["fixture"]);

    // Every account when none is named; an unknown one is 404.
    let (_, all) = first.control_get("/fixtures").await;
    assert_eq!(all["fixture"]["accounts"].as_array().unwrap().len(), 1);
    let (status, v) = first.control_get("/fixtures?accountId=999999999999").await;
    assert_eq!(
        (status, v["code"].as_str()),
        (404, Some("RESOURCE_NOT_FOUND"))
    );

    // The step kinds a dump adds are checked as the others are, and so is a key pair named
    // before it is imported.
    for (step, code, message) in [
        (
            json!({"deposit": "1.00", "traffic": {"instance": 0, "outGb": "1"}}),
            "INVALID_PARAMETER",
            "one thing",
        ),
        (json!({"deposit": "1.001"}), "INVALID_PARAMETER", "amount"),
        (json!({}), "MISSING_PARAMETER", "service"),
        (
            json!({"service": "vm", "action": "CreateInstances",
                   "request": {"keyId": "$key:nope"}}),
            "INVALID_PARAMETER",
            "no key pair `nope` so far",
        ),
    ] {
        let bad = json!({"accounts": [{"name": "bad", "balance": "10.00", "steps": [step]}]});
        let (status, v) = first.control_post("/fixtures", bad).await;
        assert_eq!((status, v["code"].as_str()), (400, Some(code)), "{v}");
        let text = v["message"].as_str().unwrap();
        assert!(
            text.starts_with("accounts[0].steps[0]: ") && text.contains(message),
            "{v}"
        );
    }
}
