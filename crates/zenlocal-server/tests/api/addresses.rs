//! Instances' own addresses (docs/decisions.md D-232, D-233) through real requests: each
//! instance's public address from its zone's instance pool and its private address from
//! the zone's private pool, distinct and apart from elastic IPs; released addresses come
//! round again only after the rest of the pool; a pool too small refuses CreateInstances
//! whole; joining and leaving a subnet trade private addresses.

use crate::helpers::*;
use serde_json::{json, Value};
use std::collections::HashSet;
use std::net::Ipv4Addr;
use zenlocal_client::Client;
use zenlocal_core::catalog::DEFAULT_TOML;
use zenlocal_core::Catalog;
use zenlocal_wire::Version;

const BMC: Version = Version::Bmc20260201;
const VM: Version = Version::Vm20260401;

/// The built-in catalog with SEL-A's instance pool cut to `range`.
fn catalog(range: &str) -> Catalog {
    let text = DEFAULT_TOML.replacen("\"198.18.0.0/18\"", &format!("\"{range}\""), 1);
    Catalog::from_toml(&text, "addresses test").unwrap()
}

fn inside(address: &str, cidr: &str) -> bool {
    let (network, prefix) = cidr.split_once('/').unwrap();
    let mask = u32::MAX << (32 - prefix.parse::<u32>().unwrap());
    let number = |a: &str| u32::from(a.parse::<Ipv4Addr>().unwrap());
    number(address) & mask == number(network)
}

fn bmc_body(count: i64, charge: &str) -> Value {
    let mut body = json!({
        "zoneId": "SEL-A", "instanceTypeId": "M6C", "imageId": "img-ubuntu-2204",
        "instanceChargeType": charge, "internetChargeType": "ByBandwidth",
        "internetMaxBandwidthOut": 20, "password": "Passw0rd-x", "amount": count,
    });
    if charge == "PREPAID" {
        body["instanceChargePrepaid"] = json!({"period": 1});
    }
    body
}

async fn ids(answer: Value) -> Vec<String> {
    answer["instanceIdSet"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i.as_str().unwrap().to_owned())
        .collect()
}

async fn servers(client: &Client, count: i64) -> Vec<String> {
    ids(
        call(client, BMC, "CreateInstances", bmc_body(count, "POSTPAID"))
            .await
            .unwrap(),
    )
    .await
}

/// Each instance's (public, private) address, in the order of `ids`.
async fn addresses(client: &Client, version: Version, ids: &[String]) -> Vec<(String, String)> {
    let v = call(
        client,
        version,
        "DescribeInstances",
        json!({"instanceIds": ids}),
    )
    .await
    .unwrap();
    ids.iter()
        .map(|id| {
            let i = v["dataSet"]
                .as_array()
                .unwrap()
                .iter()
                .find(|i| i["instanceId"] == id.as_str())
                .unwrap();
            (
                i["publicIpAddresses"][0].as_str().unwrap().to_owned(),
                i["privateIpAddresses"][0].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn publics(shown: &[(String, String)]) -> Vec<&str> {
    shown.iter().map(|(p, _)| p.as_str()).collect()
}

async fn release(client: &Client, id: &str) {
    call(client, BMC, "TerminateInstance", json!({"instanceId": id}))
        .await
        .unwrap();
    call(
        client,
        BMC,
        "ReleaseInstances",
        json!({"instanceIds": [id]}),
    )
    .await
    .unwrap();
}

/// D-232, D-233: instances of either service get distinct addresses of their zone's
/// pools, the public ones apart from the zone's elastic IPs; DescribeInstances finds an
/// instance by either.
#[tokio::test]
async fn instances_get_distinct_addresses_of_their_zone_pools() {
    let app = TestApp::spawn_bare(|c| c.timings.processing = 0).await;
    let (_, client, _) = app.account("10000.00").await;
    let (_, other, _) = app.account("10000.00").await;
    let mut made = servers(&client, 5).await;
    made.extend(servers(&other, 3).await);
    let mut shown = addresses(&client, BMC, &made[..5]).await;
    shown.extend(addresses(&other, BMC, &made[5..]).await);
    for (public, private) in &shown {
        assert!(inside(public, "198.18.0.0/18"), "{public}");
        assert!(inside(private, "10.1.0.0/16"), "{private}");
    }
    let distinct =
        |f: fn(&(String, String)) -> &String| shown.iter().map(f).collect::<HashSet<_>>().len();
    assert_eq!((distinct(|a| &a.0), distinct(|a| &a.1)), (8, 8));

    let vm = call(
        &client,
        VM,
        "CreateInstances",
        json!({
            "zoneId": "asia-east-1a", "instanceType": "c.1c2g", "imageId": "ubuntu_22_04_x64",
            "instanceChargeType": "POSTPAID", "internetChargeType": "ByBandwidth",
            "internetMaxBandwidthOut": 3, "password": "Passw0rd-x", "instanceCount": 2,
        }),
    )
    .await
    .unwrap();
    let vms = ids(vm).await;
    for (public, private) in addresses(&client, VM, &vms).await {
        assert!(inside(&public, "198.19.0.0/18"), "{public}");
        assert!(inside(&private, "10.5.0.0/16"), "{private}");
    }

    let eips = call(
        &client,
        BMC,
        "AllocateEipAddresses",
        json!({"zoneId": "SEL-A", "eipChargeType": "POSTPAID", "amount": 3}),
    )
    .await
    .unwrap();
    let listed = call(
        &client,
        BMC,
        "DescribeEipAddresses",
        json!({"eipIds": eips["eipIdSet"]}),
    )
    .await
    .unwrap();
    for e in listed["dataSet"].as_array().unwrap() {
        let address = e["ipAddress"].as_str().unwrap();
        assert!(inside(address, "198.51.100.0/25"), "{address}");
        assert!(!publics(&shown).contains(&address));
    }
    let found = call(
        &client,
        BMC,
        "DescribeInstances",
        json!({"publicIpAddresses": [shown[2].0], "privateIpAddresses": [shown[2].1]}),
    )
    .await
    .unwrap();
    assert_eq!(found["dataSet"][0]["instanceId"], made[2].as_str());
    assert_eq!(found["totalCount"], 1);
}

/// D-232: an address given back comes round again only after the rest of the pool
/// (next-fit), and once every address is held CreateInstances is refused.
#[tokio::test]
async fn released_addresses_come_round_after_the_rest_of_the_pool() {
    // 198.18.0.0/29: six addresses, .1 to .6.
    let app = TestApp::spawn_bare(|c| c.catalog = catalog("198.18.0.0/29")).await;
    let (_, client, _) = app.account("10000.00").await;
    let first = servers(&client, 4).await;
    assert_eq!(
        publics(&addresses(&client, BMC, &first).await),
        ["198.18.0.1", "198.18.0.2", "198.18.0.3", "198.18.0.4"]
    );
    release(&client, &first[0]).await;
    let next = servers(&client, 2).await;
    assert_eq!(
        publics(&addresses(&client, BMC, &next).await),
        ["198.18.0.5", "198.18.0.6"]
    );
    let round = servers(&client, 1).await;
    assert_eq!(
        publics(&addresses(&client, BMC, &round).await),
        ["198.18.0.1"]
    );
    assert_api_error(
        call(&client, BMC, "CreateInstances", bmc_body(1, "POSTPAID")).await,
        400,
        "RESOURCE_INSUFFICIENT_PRODUCT_SOLD_OUT",
    );
}

/// The M6C offer's stock left in SEL-A (DescribeAvailableResources).
async fn stock(client: &Client) -> i64 {
    let v = call(
        client,
        BMC,
        "DescribeAvailableResources",
        json!({"instanceChargeType": "PREPAID"}),
    )
    .await
    .unwrap();
    v["availableResources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["zoneId"] == "SEL-A" && r["instanceTypeId"] == "M6C")
        .unwrap()["qty"]
        .as_i64()
        .unwrap()
}

/// D-232, D-21: a pool with fewer free addresses than instances asked refuses the whole
/// CreateInstances with the sold-out code: nothing made, charged or taken from stock.
#[tokio::test]
async fn a_pool_too_small_refuses_the_whole_purchase() {
    // 198.18.0.0/30: two addresses.
    let app = TestApp::spawn_bare(|c| c.catalog = catalog("198.18.0.0/30")).await;
    let (_, client, _) = app.account("10000.00").await;
    let (left, paid) = (stock(&client).await, balance(&client).await);
    assert_api_error(
        call(&client, BMC, "CreateInstances", bmc_body(3, "PREPAID")).await,
        400,
        "RESOURCE_INSUFFICIENT_PRODUCT_SOLD_OUT",
    );
    assert_eq!((stock(&client).await, balance(&client).await), (left, paid));
    let listed = call(&client, BMC, "DescribeInstances", json!({}))
        .await
        .unwrap();
    assert_eq!(listed["totalCount"], 0);
    let made = ids(
        call(&client, BMC, "CreateInstances", bmc_body(2, "PREPAID"))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(made.len(), 2);
    assert_eq!(stock(&client).await, left - 2);
    assert!(balance(&client).await < paid);
}

/// D-233: an instance joining a subnet gives its private pool address back and takes the
/// subnet's; leaving, it draws a fresh one of the pool (next-fit: not the one it had).
#[tokio::test]
async fn joining_and_leaving_a_subnet_trades_private_addresses() {
    let app = TestApp::spawn_bare(|_| {}).await;
    let (_, client, _) = app.account("10000.00").await;
    let vpc = call(
        &client,
        BMC,
        "CreateVpc",
        json!({"vpcRegionId": "SEL1", "cidrBlock": "10.0.0.0/16", "vpcName": "net-1"}),
    )
    .await
    .unwrap();
    let subnet = call(
        &client,
        BMC,
        "CreateSubnet",
        json!({"zoneId": "SEL-A", "cidrBlock": "10.0.0.0/29", "subnetName": "sub-1",
               "vpcId": vpc["vpcId"]}),
    )
    .await
    .unwrap();
    let subnet_id = subnet["subnetId"].as_str().unwrap();
    let made = servers(&client, 2).await;
    let before = addresses(&client, BMC, &made).await;
    call(
        &client,
        BMC,
        "AssociateSubnetInstances",
        json!({"subnetId": subnet_id, "subnetInstanceList": [{"instanceId": made[0]}]}),
    )
    .await
    .unwrap();
    let joined = addresses(&client, BMC, &made[..1]).await;
    assert_eq!(joined[0], (before[0].0.clone(), "10.0.0.2".to_owned()));
    call(
        &client,
        BMC,
        "UnAssociateSubnetInstance",
        json!({"subnetId": subnet_id, "instanceId": made[0]}),
    )
    .await
    .unwrap();
    let left = addresses(&client, BMC, &made[..1]).await;
    let private = &left[0].1;
    assert!(inside(private, "10.1.0.0/16"), "{private}");
    assert!(
        *private != before[0].1 && *private != before[1].1,
        "{private}"
    );
    assert_eq!(left[0].0, before[0].0);
    // Another instance gets yet another: the address left behind is still held.
    let later = servers(&client, 1).await;
    let later = addresses(&client, BMC, &later).await;
    assert!(![&before[0].1, &before[1].1, private].contains(&&later[0].1));
}
