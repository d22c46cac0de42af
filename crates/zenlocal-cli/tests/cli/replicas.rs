//! Two `zenlocal serve` processes on one PostgreSQL database: started together, serving
//! concurrent plan changes on the same instances, agreeing on the clock, applying each
//! scheduled order once at the cycle end. Runs when `ZENLOCAL_TEST_POSTGRES_URL` is set.

use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use zenlocal_client::{Client, Credential};
use zenlocal_wire::Version;

const BMC: Version = Version::Bmc20260201;
const VM: Version = Version::Vm20260401;

pub(crate) struct Database {
    admin: String,
    name: String,
}

/// The synchronous PostgreSQL client must not run on a thread driving async tasks.
pub(crate) fn sql(url: &str, statement: String) {
    let url = url.to_owned();
    std::thread::spawn(move || {
        let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
        client.batch_execute(&statement).unwrap();
    })
    .join()
    .unwrap();
}

impl Database {
    pub(crate) fn create(admin: &str) -> Database {
        let name = format!("zenlocal_replicas_{}", zenlocal_wire::ids::order_number());
        sql(admin, format!("CREATE DATABASE {name}"));
        Database {
            admin: admin.to_owned(),
            name,
        }
    }

    pub(crate) fn url(&self) -> String {
        let (base, _) = self.admin.rsplit_once('/').unwrap();
        format!("{base}/{}", self.name)
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        let statement = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        let admin = self.admin.clone();
        let _ = std::thread::spawn(move || {
            if let Ok(mut client) = postgres::Client::connect(&admin, postgres::NoTls) {
                let _ = client.batch_execute(&statement);
            }
        })
        .join();
    }
}

struct Replica {
    child: Child,
    endpoint: String,
}

impl Drop for Replica {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(url: &str) -> Child {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_zenlocal"));
    for (key, _) in std::env::vars() {
        if key.starts_with("ZENLOCAL_") {
            cmd.env_remove(key);
        }
    }
    cmd.args([
        "serve",
        "--listen",
        "127.0.0.1:0",
        "--clock",
        "frozen=2026-01-01T00:00:00Z",
        "--provisioning-seconds",
        "0",
        "--no-demo",
        "--database",
        url,
    ])
    .stdout(Stdio::piped())
    .stderr(Stdio::null())
    .spawn()
    .unwrap()
}

fn ready(mut child: Child) -> Replica {
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let endpoint = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no endpoint in {line:?}"))
        .to_owned();
    Replica { child, endpoint }
}

async fn control(
    http: &reqwest::Client,
    replica: &Replica,
    path: &str,
    body: Option<Value>,
) -> Value {
    let url = format!("{}/_zenlocal{path}", replica.endpoint);
    let request = match body {
        Some(body) => http.post(url).json(&body),
        None => http.get(url),
    };
    let answer = request.send().await.unwrap();
    assert_eq!(answer.status().as_u16(), 200);
    answer.json().await.unwrap()
}

async fn call(
    client: &Client,
    version: Version,
    action: &str,
    body: Value,
) -> Result<Value, zenlocal_client::Error> {
    client
        .send(client.sign(version, action, serde_json::to_vec(&body).unwrap()))
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_replicas_share_instances_clock_and_scheduled_orders() {
    let Some(admin) = zenlocal_store::testing::postgres_url() else {
        return;
    };
    let database = Database::create(&admin);
    // Started together: both migrate the empty database at once.
    let (a, b) = (start(&database.url()), start(&database.url()));
    let replicas = [ready(a), ready(b)];
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
