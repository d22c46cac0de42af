//! The scenarios that write: the bench opens accounts of its own through the control
//! plane (one, or `--accounts`, the connections sending as them round robin), buys the
//! instances a scenario works on through CreateInstances (PREPAID bare metal, a hundred
//! per request, spread over the zones of one offer), lets the simulated clock run them,
//! then loads plan changes or creates; `time-travel` builds instances with
//! pending downgrades and times one advance across their cycle end.

use super::load::{Request, Script};
use serde::Serialize;
use serde_json::{json, Value};
use std::fmt::Write as _;
use std::sync::Arc;
use std::time::Instant;
use zenlocal_client::{Client, Credential};
use zenlocal_wire::Version;

/// The offer every scenario buys: bmc M6C (PREPAID, both network charge types) in the
/// built-in catalog's four zones, 1,000 of each in stock; more need a catalog with more,
/// and with address pools to match (each instance holds one address of its zone's
/// `instance_ranges` and one of its `private_ranges`, D-232, D-233; `scripts/bench`'s
/// copy has both).
const ZONES: [&str; 4] = ["SEL-A", "FRA-A", "LAX-A", "SIN-A"];
const PRODUCT: &str = "M6C";
const IMAGE: &str = "img-ubuntu-2204";
/// The offer's free bandwidth, where upgrades start; its maximum is 1000 Mbps.
const FREE_BANDWIDTH: u64 = 10;
/// The traffic package bought (TB); downgrades go to the free 1 TB.
const PACKAGE: u64 = 2;
const DOWNGRADED_PACKAGE: u64 = 1;
/// Instances per CreateInstances, the most one may buy.
const PER_CREATE: u64 = 100;
/// What the bench account opens with: no scenario runs out of it.
const BALANCE: &str = "100000000000.00";
/// Past any provisioning time a server is likely started with.
const PROVISIONING_ADVANCE: i64 = 3600;
/// The advance `time-travel` times: across the cycle end of every instance it bought.
pub const TIME_TRAVEL_SECONDS: i64 = 31 * 86_400;

const VERSION: Version = Version::Bmc20260201;

/// How instances are billed for their network.
#[derive(Clone, Copy)]
pub enum Network {
    ByBandwidth,
    ByTrafficPackage,
}

/// The control plane, for the bench's own account and the clock.
pub struct ControlPlane {
    http: reqwest::Client,
    endpoint: String,
    admin_token: Option<String>,
}

impl ControlPlane {
    pub fn new(endpoint: &str, admin_token: Option<String>) -> anyhow::Result<ControlPlane> {
        Ok(ControlPlane {
            http: reqwest::Client::builder().build()?,
            endpoint: endpoint.trim_end_matches('/').to_owned(),
            admin_token,
        })
    }

    async fn post(&self, path: &str, body: Value) -> anyhow::Result<Value> {
        let mut request = self
            .http
            .post(format!("{}/_zenlocal/{path}", self.endpoint))
            .json(&body);
        if let Some(token) = &self.admin_token {
            request = request.bearer_auth(token);
        }
        let answer = request.send().await?;
        let status = answer.status();
        let value: Value = answer.json().await?;
        if !status.is_success() {
            anyhow::bail!("POST /_zenlocal/{path} answered {status}: {value}");
        }
        Ok(value)
    }

    /// Opens an account for the bench and answers a client acting as it.
    pub async fn account(&self) -> anyhow::Result<Client> {
        let opened = self
            .post("accounts", json!({"name": "bench", "balance": BALANCE}))
            .await?;
        let field = |name: &str| {
            opened[name]
                .as_str()
                .map(str::to_owned)
                .ok_or_else(|| anyhow::anyhow!("the new account has no `{name}`: {opened}"))
        };
        let credential = Credential::access_key(field("accessKeyId")?, field("accessKeyPassword")?);
        Ok(Client::new(&self.endpoint, credential)?)
    }

    /// Advances the simulated clock; answers `eventsApplied`.
    pub async fn advance(&self, seconds: i64) -> anyhow::Result<u64> {
        let answer = self
            .post("clock/advance", json!({"seconds": seconds}))
            .await?;
        Ok(answer["eventsApplied"].as_u64().unwrap_or(0))
    }
}

fn request(action: &str, body: Value) -> Request {
    Request {
        version: VERSION,
        action: action.into(),
        body: body.to_string().into_bytes(),
    }
}

/// CreateInstances of `count` instances in the `n`th zone (round robin).
fn create(n: u64, count: u64, network: Network) -> Request {
    let mut body = json!({
        "zoneId": ZONES[(n % ZONES.len() as u64) as usize],
        "instanceTypeId": PRODUCT,
        "imageId": IMAGE,
        "instanceChargeType": "PREPAID",
        "instanceChargePrepaid": {"period": 1},
        "amount": count,
        "password": "Passw0rd-bench",
    });
    match network {
        Network::ByBandwidth => {
            body["internetChargeType"] = json!("ByBandwidth");
            body["internetMaxBandwidthOut"] = json!(FREE_BANDWIDTH);
        }
        Network::ByTrafficPackage => {
            body["internetChargeType"] = json!("ByTrafficPackage");
            body["trafficPackageSize"] = json!(PACKAGE);
        }
    }
    request("CreateInstances", body)
}

fn downgrade(id: &str) -> Request {
    request(
        "ModifyInstanceTrafficPackage",
        json!({"instanceId": id, "trafficPackageSize": DOWNGRADED_PACKAGE}),
    )
}

/// Sends `requests` over `connections` connections at once, each its share one after
/// the other; answers every answer, in the order of `requests`.
async fn send_all(
    client: &Client,
    requests: Vec<Request>,
    connections: usize,
) -> anyhow::Result<Vec<Value>> {
    let count = requests.len();
    let mut shares: Vec<Vec<(usize, Request)>> = (0..connections).map(|_| Vec::new()).collect();
    for (n, r) in requests.into_iter().enumerate() {
        shares[n % connections].push((n, r));
    }
    let mut tasks = tokio::task::JoinSet::new();
    for share in shares {
        let client = client.clone();
        tasks.spawn(async move {
            let mut answers = Vec::with_capacity(share.len());
            for (n, r) in share {
                let answer = client
                    .execute(r.version, &r.action, r.body)
                    .await
                    .map_err(|e| anyhow::anyhow!("{}: {e}", r.action))?;
                answers.push((n, answer));
            }
            anyhow::Ok(answers)
        });
    }
    let mut answers = vec![Value::Null; count];
    while let Some(share) = tasks.join_next().await {
        for (n, answer) in share?? {
            answers[n] = answer;
        }
    }
    Ok(answers)
}

/// Buys each account's count of instances (as that account), then advances the clock
/// past their provisioning; answers each account's instance ids.
pub async fn buy(
    orders: &[(&Client, u64)],
    plane: &ControlPlane,
    network: Network,
    connections: usize,
) -> anyhow::Result<Vec<Vec<String>>> {
    let mut bought = Vec::with_capacity(orders.len());
    for &(client, count) in orders {
        let creates = (0..count.div_ceil(PER_CREATE))
            .map(|n| create(n, PER_CREATE.min(count - n * PER_CREATE), network))
            .collect();
        let answers = send_all(client, creates, connections).await.map_err(|e| {
            e.context(
                "buying the instances failed; a catalog with more stock serves more \
                 (README, Performance)",
            )
        })?;
        bought.push(
            answers
                .iter()
                .flat_map(|a| a["instanceIdSet"].as_array().into_iter().flatten())
                .filter_map(|id| id.as_str().map(str::to_owned))
                .collect(),
        );
    }
    plane.advance(PROVISIONING_ADVANCE).await?;
    Ok(bought)
}

/// How many of `connections` send as account `a` of `accounts` (connection `c` as
/// `c % accounts`).
pub fn connections_of(a: usize, accounts: usize, connections: usize) -> usize {
    connections / accounts + usize::from(a < connections % accounts)
}

/// Lays out each account's instances (`bought[a]`, `per` for each of its connections) so
/// that connection `c` works on `ids[c * per..][..per]`, instances of its own account.
pub fn per_connection(bought: Vec<Vec<String>>, per: usize, connections: usize) -> Vec<String> {
    let accounts = bought.len();
    let mut left: Vec<_> = bought.into_iter().map(Vec::into_iter).collect();
    (0..connections)
        .flat_map(|c| left[c % accounts].by_ref().take(per).collect::<Vec<_>>())
        .collect()
}

/// `plan-mix`: each connection downgrades the traffic package of its own instance, then
/// cancels the downgrade, and again.
pub fn plan_mix(ids: Vec<String>) -> Script {
    Arc::new(move |c, n| {
        let id = &ids[c];
        if n % 2 == 0 {
            downgrade(id)
        } else {
            request(
                "CancelInstanceTrafficPackageDowngrade",
                json!({"instanceId": id}),
            )
        }
    })
}

/// `upgrade`: each connection raises the bandwidth of its instances by 1 Mbps at a time,
/// round robin; an instance takes 990 upgrades, then answers that the bandwidth exceeds
/// the offer's maximum.
pub fn upgrade(ids: Vec<String>, connections: usize) -> Script {
    let per = (ids.len() / connections).max(1);
    Arc::new(move |c, n| {
        let id = &ids[(c * per + (n as usize) % per) % ids.len()];
        let bandwidth = FREE_BANDWIDTH + 1 + n / per as u64;
        request(
            "ModifyInstanceBandwidth",
            json!({"instanceId": id, "bandwidthOutMbps": bandwidth}),
        )
    })
}

/// `create`: one PREPAID instance per CreateInstances, round robin over the zones.
pub fn creates() -> Script {
    Arc::new(|c, n| create(c as u64 + n, 1, Network::ByTrafficPackage))
}

/// What `time-travel` measured.
#[derive(Debug, Serialize)]
pub struct TimeTravel {
    scenario: &'static str,
    endpoint: String,
    instances: u64,
    /// Buying them and scheduling their downgrades.
    build_seconds: f64,
    advance_seconds: u64,
    events_applied: u64,
    elapsed_seconds: f64,
    events_per_second: f64,
}

impl TimeTravel {
    pub fn text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "scenario     {}", self.scenario);
        let _ = writeln!(out, "endpoint     {}", self.endpoint);
        let _ = writeln!(
            out,
            "instances    {} (PREPAID, a downgrade pending), built in {:.3} s",
            self.instances, self.build_seconds
        );
        let _ = writeln!(
            out,
            "advance      {} s: {} events applied in {:.3} s ({:.1} events/s)",
            self.advance_seconds, self.events_applied, self.elapsed_seconds, self.events_per_second
        );
        out
    }
}

/// `time-travel`: buys `instances` PREPAID instances, schedules a traffic-package
/// downgrade on each, then times one advance of [`TIME_TRAVEL_SECONDS`] across their
/// cycle end (each instance: its downgrade, then its renewal).
pub async fn time_travel(
    client: &Client,
    plane: &ControlPlane,
    instances: u64,
    connections: usize,
) -> anyhow::Result<TimeTravel> {
    let built = Instant::now();
    let ids = buy(
        &[(client, instances)],
        plane,
        Network::ByTrafficPackage,
        connections,
    )
    .await?
    .concat();
    let downgrades = ids.iter().map(|id| downgrade(id)).collect();
    send_all(client, downgrades, connections).await?;
    let build_seconds = built.elapsed().as_secs_f64();
    let started = Instant::now();
    let events_applied = plane.advance(TIME_TRAVEL_SECONDS).await?;
    let elapsed = started.elapsed().as_secs_f64();
    Ok(TimeTravel {
        scenario: "time-travel",
        endpoint: client.endpoint().to_owned(),
        instances: ids.len() as u64,
        build_seconds: (build_seconds * 1000.0).round() / 1000.0,
        advance_seconds: TIME_TRAVEL_SECONDS as u64,
        events_applied,
        elapsed_seconds: (elapsed * 1000.0).round() / 1000.0,
        events_per_second: if elapsed > 0.0 {
            (events_applied as f64 / elapsed * 10.0).round() / 10.0
        } else {
            0.0
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(r: &Request) -> Value {
        serde_json::from_slice(&r.body).unwrap()
    }

    #[test]
    fn plan_mix_alternates_a_downgrade_and_its_cancellation_per_connection() {
        let script = plan_mix(vec!["a".into(), "b".into()]);
        let first = script(1, 0);
        assert_eq!(&*first.action, "ModifyInstanceTrafficPackage");
        assert_eq!(
            body(&first),
            json!({"instanceId": "b", "trafficPackageSize": 1})
        );
        let second = script(1, 1);
        assert_eq!(&*second.action, "CancelInstanceTrafficPackageDowngrade");
        assert_eq!(body(&second), json!({"instanceId": "b"}));
    }

    #[test]
    fn upgrades_go_round_robin_over_a_connections_instances_one_mbps_at_a_time() {
        let script = upgrade((0..4).map(|n| n.to_string()).collect(), 2);
        let asked: Vec<_> = (0..4)
            .map(|n| body(&script(1, n)))
            .map(|b| (b["instanceId"].clone(), b["bandwidthOutMbps"].clone()))
            .collect();
        assert_eq!(
            asked,
            [
                (json!("2"), json!(11)),
                (json!("3"), json!(11)),
                (json!("2"), json!(12)),
                (json!("3"), json!(12))
            ]
        );
    }

    /// Connection `c` sends as account `c % accounts` and works on instances of that
    /// account only, `per` of them.
    #[test]
    fn each_connection_works_on_instances_of_the_account_it_sends_as() {
        let (accounts, connections, per) = (3, 7, 2);
        let shares: Vec<_> = (0..accounts)
            .map(|a| connections_of(a, accounts, connections))
            .collect();
        assert_eq!(shares, [3, 2, 2]);
        let bought = shares
            .iter()
            .enumerate()
            .map(|(a, n)| (0..n * per).map(|i| format!("{a}-{i}")).collect())
            .collect();
        let ids = per_connection(bought, per, connections);
        assert_eq!(ids.len(), connections * per);
        for (c, mine) in ids.chunks(per).enumerate() {
            for id in mine {
                assert!(id.starts_with(&format!("{}-", c % accounts)), "{c}: {id}");
            }
        }
        // Every instance bought is used, once.
        let mut sorted = ids.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), ids.len());
    }

    #[test]
    fn creates_buy_at_most_a_hundred_round_robin_over_the_zones() {
        let b = body(&create(5, 100, Network::ByTrafficPackage));
        assert_eq!(
            (b["zoneId"].clone(), b["amount"].clone()),
            (json!("FRA-A"), json!(100))
        );
        assert_eq!(b["trafficPackageSize"], 2);
        let b = body(&create(2, 7, Network::ByBandwidth));
        assert_eq!(b["internetMaxBandwidthOut"], 10);
        assert_eq!(b["zoneId"], "LAX-A");
    }
}
