//! Two `zenlocal serve` processes on one PostgreSQL database, started together with the
//! default flags (both seeding the demo account at once): serving concurrent plan changes
//! on the same instances, agreeing on the clock, applying each scheduled order once at the
//! cycle end, and running advances across renewals and upgrades at the same time without
//! a deadlock or a change dated before an event it follows. Runs when
//! `ZENLOCAL_TEST_POSTGRES_URL` is set.

use super::control;
use serde_json::{json, Value};
use std::collections::HashMap;
use zenlocal_client::{Client, Credential};
use zenlocal_testkit::{call, postgres_url, ServerProcess, TestDb};
use zenlocal_wire::Version;

const BMC: Version = Version::Bmc20260201;
const VM: Version = Version::Vm20260401;

/// Where a replica's log goes, for the message of a failing test.
struct Logs(tempfile::TempDir);

impl Logs {
    fn new() -> Logs {
        Logs(tempfile::tempdir().unwrap())
    }

    fn file(&self, n: usize) -> std::path::PathBuf {
        self.0.path().join(format!("replica-{n}.log"))
    }

    fn read(&self, n: usize) -> String {
        std::fs::read_to_string(self.file(n)).unwrap_or_default()
    }
}

/// Both replicas started at once with the default flags but a frozen clock, each logging
/// to its file, and answering once both serve; both are killed if either does not start.
fn start_two(url: &str, logs: &Logs) -> [ServerProcess; 2] {
    let mut replicas = [0, 1].map(|n| {
        let mut command = super::zenlocal();
        command.stderr(std::fs::File::create(logs.file(n)).unwrap());
        ServerProcess::spawn(command, url, &[])
    });
    for (n, replica) in replicas.iter_mut().enumerate() {
        if let Err(printed) = replica.wait() {
            panic!("replica {n} did not start: {printed:?}\n{}", logs.read(n));
        }
    }
    replicas
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_replicas_share_instances_clock_and_scheduled_orders() {
    let Some(admin) = postgres_url() else {
        return;
    };
    let database = TestDb::postgres(&admin);
    // Started together: both migrate the empty database and seed the demo account at once.
    let logs = Logs::new();
    let replicas = start_two(&database.url(), &logs);
    let http = reqwest::Client::new();

    let account = control(
        &http,
        &replicas[0],
        "/accounts",
        Some(json!({"name": "ops", "balance": "50000.00"})),
    )
    .await;
    let credential = Credential::access_key(
        account["accessKeyId"].as_str().unwrap(),
        account["accessKeyPassword"].as_str().unwrap(),
    );
    let clients: Vec<Client> = replicas
        .iter()
        .map(|r| Client::new(&r.endpoint, credential.clone()).unwrap())
        .collect();

    // Instances made through either replica.
    let mut instances = Vec::new();
    for n in 0..4 {
        let client = &clients[n % 2];
        let bmc = call(
            client,
            BMC,
            "CreateInstances",
            json!({
                "zoneId": "SEL-A", "instanceTypeId": "M6C", "instanceChargeType": "PREPAID",
                "instanceChargePrepaid": {"period": 1}, "internetChargeType": "ByTrafficPackage",
                "trafficPackageSize": 10, "password": "Passw0rd-x",
            }),
        )
        .await
        .unwrap();
        instances.push((BMC, bmc["instanceIdSet"][0].as_str().unwrap().to_owned()));
        let vm = call(client, VM, "CreateInstances", json!({
            "zoneId": "asia-east-1a", "instanceType": "c.1c2g", "imageId": "ubuntu_22_04_x64",
            "instanceChargeType": "PREPAID", "instanceChargePrepaid": {"period": 1},
            "internetChargeType": "ByBandwidth", "internetMaxBandwidthOut": 10, "password": "Passw0rd-x",
        }))
        .await
        .unwrap();
        instances.push((VM, vm["instanceIdSet"][0].as_str().unwrap().to_owned()));
    }
    // Provisioning takes its default 10 s.
    control(
        &http,
        &replicas[0],
        "/clock/advance",
        Some(json!({"seconds": 10})),
    )
    .await;

    // Concurrent upgrades, downgrades and cancellations on the same instances through both.
    let mut tasks = Vec::new();
    for worker in 0..8 {
        let client = clients[worker % 2].clone();
        let instances = instances.clone();
        tasks.push(tokio::spawn(async move {
            let mut outcomes = Vec::new();
            for step in 0..12 {
                let (version, id) = &instances[(worker + step) % instances.len()];
                let (action, body) = match (version == &BMC, (worker + step) % 3) {
                    (true, 0) => (
                        "ModifyInstanceTrafficPackage",
                        json!({"instanceId": id, "trafficPackageSize": 12 + step}),
                    ),
                    (true, 1) => (
                        "ModifyInstanceTrafficPackage",
                        json!({"instanceId": id, "trafficPackageSize": 5}),
                    ),
                    (true, _) => (
                        "CancelInstanceTrafficPackageDowngrade",
                        json!({"instanceId": id}),
                    ),
                    (false, 0) => (
                        "ModifyInstanceBandwidth",
                        json!({"instanceId": id, "internetMaxBandwidthOut": 12 + step}),
                    ),
                    (false, 1) => (
                        "ModifyInstanceBandwidth",
                        json!({"instanceId": id, "internetMaxBandwidthOut": 4}),
                    ),
                    (false, _) => (
                        "CancelInstanceBandwidthDowngrade",
                        json!({"instanceId": id}),
                    ),
                };
                match call(&client, *version, action, body).await {
                    Ok(_) => outcomes.push("ok".to_owned()),
                    Err(zenlocal_client::Error::Api { status, code, .. }) => {
                        assert!(matches!(status, 403 | 404), "{action}: {status} {code}");
                        outcomes.push(code);
                    }
                    Err(e) => panic!("{action}: {e}"),
                }
            }
            outcomes
        }));
    }
    let mut codes: HashMap<String, usize> = HashMap::new();
    for task in tasks {
        for outcome in task.await.unwrap() {
            *codes.entry(outcome).or_default() += 1;
        }
    }
    assert!(codes.get("ok").copied().unwrap_or(0) > 0, "{codes:?}");

    // Immediate changes finish; then one replica advances across the cycle end.
    control(
        &http,
        &replicas[1],
        "/clock/advance",
        Some(json!({"seconds": 5})),
    )
    .await;
    let orders_before = control(&http, &replicas[0], "/orders", None).await["orders"].clone();
    let scheduled: Vec<String> = orders_before
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["status"] == "SCHEDULED")
        .map(|o| o["orderNumber"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        !scheduled.is_empty(),
        "some downgrades wait for the cycle end"
    );
    control(
        &http,
        &replicas[1],
        "/clock/advance",
        Some(json!({"to": "2026-01-31T00:00:00Z"})),
    )
    .await;
    // Both replicas agree on the time.
    let clock_a = control(&http, &replicas[0], "/clock", None).await;
    let clock_b = control(&http, &replicas[1], "/clock", None).await;
    assert_eq!(clock_a["now"], "2026-01-31T00:00:00Z");
    assert_eq!(clock_a, clock_b);

    // Each scheduled order applied once, at the cycle end; nothing left scheduled.
    let orders = control(&http, &replicas[0], "/orders", None).await["orders"].clone();
    let orders = orders.as_array().unwrap();
    for number in &scheduled {
        let lines: Vec<&Value> = orders
            .iter()
            .filter(|o| o["orderNumber"] == number.as_str())
            .collect();
        assert_eq!(lines.len(), 1, "{number}");
        assert_eq!(lines[0]["status"], "APPLIED", "{number}");
        assert_eq!(lines[0]["effectiveAt"], "2026-01-31T00:00:00Z");
    }
    assert!(orders.iter().all(|o| o["status"] != "SCHEDULED"));
    // Each instance renewed exactly once.
    for (_, id) in &instances {
        let renewals = orders
            .iter()
            .filter(|o| o["instanceId"] == id.as_str() && o["kind"] == "RENEW")
            .count();
        assert_eq!(renewals, 1, "{id}");
    }
    // At most one scheduled change per item was ever open: every item is Enable now.
    for (version, id) in &instances {
        let status = call(
            &clients[0],
            *version,
            "DescribeInstanceInternetStatus",
            json!({"instanceId": id}),
        )
        .await
        .unwrap();
        assert_eq!(status["modifiedBandwidthStatus"], "Enable");
    }
    // The balance is the ledger's sum, as seen from either replica.
    for client in &clients {
        let history = call(
            client,
            Version::Zbc20240809,
            "DescribeTransactionHistory",
            json!({"pageSize": 1000}),
        )
        .await
        .unwrap();
        let balance = call(
            client,
            Version::Zbc20240809,
            "DescribeCustomerBalance",
            json!({}),
        )
        .await
        .unwrap()["cashBalance"]
            .as_f64()
            .unwrap();
        let sum =
            history["incomeSum"].as_f64().unwrap() - history["expenditureSum"].as_f64().unwrap();
        assert!((balance - sum).abs() < 1e-6, "{balance} vs {sum}");
    }
}

/// Asserts that an account's ledger, oldest first, chains: each entry's balance is the one
/// before it moved by its amount, and the last is the balance (D-27). A change dated
/// before an event it follows breaks the chain in time order.
async fn assert_ledger_chains(client: &Client, who: &str) {
    let mut entries = Vec::new();
    for page in 1.. {
        let history = call(
            client,
            Version::Zbc20240809,
            "DescribeTransactionHistory",
            json!({"pageSize": 1000, "pageNum": page}),
        )
        .await
        .unwrap();
        entries.extend(history["dataSet"].as_array().unwrap().iter().cloned());
        if entries.len() as i64 >= history["totalCount"].as_i64().unwrap() {
            break;
        }
    }
    let cents = |v: &Value| (v.as_f64().unwrap() * 100.0).round() as i64;
    let mut balance = 0;
    let mut time = String::new();
    for entry in entries.iter().rev() {
        let amount = cents(&entry["amount"]);
        balance += if entry["transactionType"] == "CONSUME" {
            -amount
        } else {
            amount
        };
        assert_eq!(
            cents(&entry["cashBalance"]),
            balance,
            "{who}: the ledger does not chain in time order at {entry}"
        );
        let at = entry["transactionTime"].as_str().unwrap().to_owned();
        assert!(at >= time, "{who}: {at} listed after {time}");
        time = at;
    }
    let answer = call(
        client,
        Version::Zbc20240809,
        "DescribeCustomerBalance",
        json!({}),
    )
    .await
    .unwrap();
    assert_eq!(cents(&answer["cashBalance"]), balance, "{who}: balance");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn advances_across_renewals_and_upgrades_through_two_replicas_never_deadlock_or_misdate() {
    let Some(admin) = postgres_url() else {
        return;
    };
    let database = TestDb::postgres(&admin);
    let logs = Logs::new();
    let replicas = start_two(&database.url(), &logs);
    let http = reqwest::Client::new();
    let demo = Credential::access_key("zenlocal-demo", "zenlocal-demo-secret");
    let demo_clients: Vec<Client> = replicas
        .iter()
        .map(|r| Client::new(&r.endpoint, demo.clone()).unwrap())
        .collect();
    // One demo account, whichever replica seeded it.
    let mut demo_ids = Vec::new();
    for client in &demo_clients {
        let balance = call(
            client,
            Version::Zbc20240809,
            "DescribeCustomerBalance",
            json!({}),
        )
        .await
        .unwrap();
        demo_ids.push(balance["accountUid"].clone());
    }
    assert_eq!(demo_ids[0], demo_ids[1]);

    let account = control(
        &http,
        &replicas[0],
        "/accounts",
        Some(json!({"name": "renewals", "balance": "100000.00"})),
    )
    .await;
    let credential = Credential::access_key(
        account["accessKeyId"].as_str().unwrap(),
        account["accessKeyPassword"].as_str().unwrap(),
    );
    let clients: Vec<Client> = replicas
        .iter()
        .map(|r| Client::new(&r.endpoint, credential.clone()).unwrap())
        .collect();
    // Twenty PREPAID instances, each renewing at every 30-day cycle end.
    let mut instances = Vec::new();
    for n in 0..10 {
        let created = call(
            &clients[n % 2],
            VM,
            "CreateInstances",
            json!({
                "zoneId": "asia-east-1a", "instanceType": "c.1c2g", "imageId": "ubuntu_22_04_x64",
                "instanceChargeType": "PREPAID", "instanceChargePrepaid": {"period": 1},
                "internetChargeType": "ByBandwidth", "internetMaxBandwidthOut": 2,
                "instanceCount": 2, "password": "Passw0rd-x",
            }),
        )
        .await
        .unwrap();
        for id in created["instanceIdSet"].as_array().unwrap() {
            instances.push(id.as_str().unwrap().to_owned());
        }
    }
    control(
        &http,
        &replicas[1],
        "/clock/advance",
        Some(json!({"seconds": 10})),
    )
    .await;

    let mut upgrades = HashMap::<String, usize>::new();
    for round in 0..5 {
        let mut tasks = Vec::new();
        // Each replica advances 30 days, across twenty renewals, at the same time...
        for replica in &replicas {
            let (http, url) = (
                http.clone(),
                format!("{}/_zenlocal/clock/advance", replica.endpoint),
            );
            tasks.push(tokio::spawn(async move {
                let answer = http
                    .post(url)
                    .json(&json!({"seconds": 30 * 86_400}))
                    .send()
                    .await
                    .unwrap();
                let status = answer.status().as_u16();
                let body: Value = answer.json().await.unwrap();
                (format!("advance: {status}"), body["now"].clone())
            }));
        }
        // ...while every instance is upgraded through one replica or the other.
        for (n, id) in instances.iter().enumerate() {
            let client = clients[n % 2].clone();
            let body = json!({"instanceId": id, "internetMaxBandwidthOut": 3 + round});
            tasks.push(tokio::spawn(async move {
                let outcome = match call(&client, VM, "ModifyInstanceBandwidth", body).await {
                    Ok(_) => "upgrade: ok".to_owned(),
                    Err(zenlocal_client::Error::Api { status, code, .. }) => {
                        format!("upgrade: {status} {code}")
                    }
                    Err(e) => panic!("upgrade: {e}"),
                };
                (outcome, Value::Null)
            }));
        }
        let mut nows = Vec::new();
        for task in tasks {
            let (outcome, now) = task.await.unwrap();
            if outcome.starts_with("advance") {
                assert_eq!(outcome, "advance: 200", "{}", logs.read(0) + &logs.read(1));
                nows.push(now);
            } else {
                *upgrades.entry(outcome).or_default() += 1;
            }
        }
        // Each advance reports the instant it committed: two advances, two instants.
        assert_ne!(nows[0], nows[1], "round {round}");
    }
    assert!(
        upgrades.keys().all(|k| !k.contains(" 5")),
        "an upgrade failed with a server error: {upgrades:?}"
    );
    assert!(upgrades.contains_key("upgrade: ok"), "{upgrades:?}");
    let clock = control(&http, &replicas[0], "/clock", None).await;
    assert_eq!(clock["now"], "2026-10-28T00:00:10Z");

    for (n, client) in clients.iter().enumerate() {
        assert_ledger_chains(client, &format!("the account through replica {n}")).await;
    }
    assert_ledger_chains(&demo_clients[0], "the demo account").await;
    // Every instance renewed at each of its ten cycle ends, once.
    let orders = control(
        &http,
        &replicas[1],
        &format!(
            "/orders?accountId={}",
            account["accountId"].as_str().unwrap()
        ),
        None,
    )
    .await;
    let renewals = orders["orders"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["kind"] == "RENEW")
        .count();
    assert_eq!(renewals, 10 * instances.len());
}

/// D-140, D-232, D-233: two replicas handing out elastic IPs and instances' own public and
/// private addresses of one zone at the same time, to two accounts, never give one
/// address twice; between them they take exactly what was asked.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_replicas_never_hand_out_one_address_twice() {
    let Some(admin) = postgres_url() else {
        return;
    };
    let database = TestDb::postgres(&admin);
    let logs = Logs::new();
    let replicas = start_two(&database.url(), &logs);
    let http = reqwest::Client::new();
    let mut clients = Vec::new();
    for (n, replica) in replicas.iter().enumerate() {
        let account = control(
            &http,
            replica,
            "/accounts",
            Some(json!({"name": format!("ips-{n}"), "balance": "100000.00"})),
        )
        .await;
        let credential = Credential::access_key(
            account["accessKeyId"].as_str().unwrap(),
            account["accessKeyPassword"].as_str().unwrap(),
        );
        // Each account through both replicas.
        for r in &replicas {
            clients.push(Client::new(&r.endpoint, credential.clone()).unwrap());
        }
    }
    let mut tasks = Vec::new();
    for n in 0..36 {
        let client = clients[n % clients.len()].clone();
        tasks.push(tokio::spawn(async move {
            if n % 3 == 2 {
                call(
                    &client,
                    BMC,
                    "CreateInstances",
                    json!({
                        "zoneId": "FRA-A", "instanceTypeId": "M6C", "imageId": "img-ubuntu-2204",
                        "instanceChargeType": "PREPAID", "instanceChargePrepaid": {"period": 1},
                        "internetChargeType": "ByBandwidth", "internetMaxBandwidthOut": 10,
                        "amount": 2, "password": "Passw0rd-x",
                    }),
                )
                .await
            } else {
                call(
                    &client,
                    BMC,
                    "AllocateEipAddresses",
                    json!({"zoneId": "FRA-A", "eipChargeType": "POSTPAID", "amount": 3}),
                )
                .await
            }
        }));
    }
    for task in tasks {
        let answer = task.await.unwrap();
        assert!(
            answer.is_ok(),
            "{answer:?}\n{}\n{}",
            logs.read(0),
            logs.read(1)
        );
    }
    let mut addresses = Vec::new();
    for client in clients.iter().step_by(2) {
        let listed = call(
            client,
            BMC,
            "DescribeEipAddresses",
            json!({"pageSize": 1000}),
        )
        .await
        .unwrap();
        for eip in listed["dataSet"].as_array().unwrap() {
            addresses.push(eip["ipAddress"].as_str().unwrap().to_owned());
        }
    }
    let mut private = Vec::new();
    for client in clients.iter().step_by(2) {
        let listed = call(client, BMC, "DescribeInstances", json!({"pageSize": 1000}))
            .await
            .unwrap();
        for instance in listed["dataSet"].as_array().unwrap() {
            addresses.push(
                instance["publicIpAddresses"][0]
                    .as_str()
                    .unwrap()
                    .to_owned(),
            );
            private.push(
                instance["privateIpAddresses"][0]
                    .as_str()
                    .unwrap()
                    .to_owned(),
            );
        }
    }
    let total = (addresses.len(), private.len());
    addresses.sort();
    addresses.dedup();
    private.sort();
    private.dedup();
    assert_eq!(
        (total, addresses.len(), private.len()),
        ((72 + 24, 24), 72 + 24, 24),
        "an address handed out twice"
    );
}
