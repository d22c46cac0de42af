//! bmc elastic IPs and IP blocks (docs/decisions.md D-140 to D-148) through real
//! requests, on a catalog of their own where a code needs one (a zone selling no elastic
//! IPs, one selling them POSTPAID only, a zone nearly out of addresses, larger blocks):
//! the codes the built-in catalog cannot reach, the limit of block addresses per
//! instance, and a PREPAID elastic IP renewed at its cycle end or recycled and released.

use crate::helpers::*;
use serde_json::{json, Value};
use zenlocal_client::Client;
use zenlocal_core::catalog::DEFAULT_TOML;
use zenlocal_core::Catalog;
use zenlocal_wire::Version;

const BMC: Version = Version::Bmc20260201;

/// The built-in catalog but: SEL-A has the whole 198.51.100.0/24, FRA-A only
/// 192.0.2.0/28 (14 elastic IPs, no /29 clear of its first and last address), LAX-A sells
/// elastic IPs POSTPAID only, SIN-A none, and IPv4 blocks come in /26 too.
fn catalog() -> Catalog {
    let text = DEFAULT_TOML
        .replacen("\"198.51.100.0/25\"", "\"198.51.100.0/24\"", 1)
        .replacen("\"198.51.100.128/25\"", "\"192.0.2.0/28\"", 1)
        .replacen(
            "product = \"EIP\"\nzones = [\"SEL-A\", \"FRA-A\", \"LAX-A\", \"SIN-A\"]",
            "product = \"EIP\"\nzones = [\"SEL-A\", \"FRA-A\"]",
            1,
        )
        .replacen("netmasks = [29, 28, 27]", "netmasks = [29, 28, 27, 26]", 1)
        + "\n[[bmc.ip_offers]]\nproduct = \"EIP\"\nzones = [\"LAX-A\"]\n\
           charge_types = [\"POSTPAID\"]\nnetmasks = [32]\nmonthly_price = \"3.00\"\n\
           hourly_price = \"0.005\"\n";
    Catalog::from_toml(&text, "ips test").unwrap()
}

async fn app() -> TestApp {
    TestApp::spawn_with(|c| {
        c.catalog = catalog();
        c.demo = false;
        c.timings.provisioning = 0;
        c.timings.processing = 0;
    })
    .await
}

async fn allocate(
    client: &Client,
    zone: &str,
    charge: &str,
    amount: i64,
) -> Result<Value, zenlocal_client::Error> {
    let mut body = json!({"zoneId": zone, "eipChargeType": charge, "amount": amount});
    if charge == "PREPAID" {
        body["eipChargePrepaid"] = json!({"period": 1});
    }
    call(client, BMC, "AllocateEipAddresses", body).await
}

async fn server(client: &Client, zone: &str) -> String {
    let v = call(
        client,
        BMC,
        "CreateInstances",
        json!({
            "zoneId": zone, "instanceTypeId": "M6C", "imageId": "img-ubuntu-2204",
            "instanceChargeType": "POSTPAID", "internetChargeType": "ByBandwidth",
            "internetMaxBandwidthOut": 20, "password": "Passw0rd-x",
        }),
    )
    .await
    .unwrap();
    v["instanceIdSet"][0].as_str().unwrap().to_owned()
}

async fn block(client: &Client, netmask: i64) -> (String, String) {
    let v = call(
        client,
        BMC,
        "CreateIpv4Block",
        json!({"zoneId": "SEL-A", "chargeType": "POSTPAID", "netmask": netmask}),
    )
    .await
    .unwrap();
    let id = v["cidrBlockIds"][0].as_str().unwrap().to_owned();
    let listed = call(
        client,
        BMC,
        "DescribeCidrBlocks",
        json!({"cidrBlockIds": [&id]}),
    )
    .await
    .unwrap();
    (
        id,
        listed["dataSet"][0]["cidrBlock"]
            .as_str()
            .unwrap()
            .to_owned(),
    )
}

fn host(cidr: &str, n: u32) -> String {
    let network: std::net::Ipv4Addr = cidr.split('/').next().unwrap().parse().unwrap();
    std::net::Ipv4Addr::from(u32::from(network) + n).to_string()
}

async fn bind(
    client: &Client,
    block_id: &str,
    instance_id: &str,
    ips: &[String],
) -> Result<Value, zenlocal_client::Error> {
    let list: Vec<Value> = ips
        .iter()
        .map(|ip| json!({"instanceId": instance_id, "ip": ip}))
        .collect();
    call(
        client,
        BMC,
        "BindCidrBlockIps",
        json!({"cidrBlockId": block_id, "ipBindList": list}),
    )
    .await
}

/// D-142, D-143: a zone selling no elastic IPs, one not selling the charge type asked,
/// and a zone whose addresses run out answer their codes; what is left for sale says so.
#[tokio::test]
async fn what_a_zone_sells_and_has_left_answers_its_codes() {
    let app = app().await;
    let (_, client, _) = app.account("100.00").await;
    assert_api_error(
        allocate(&client, "SIN-A", "POSTPAID", 1).await,
        400,
        "INVALID_EIP_TYPE_ZONE_NO_SELL",
    );
    assert_api_error(
        allocate(&client, "LAX-A", "PREPAID", 1).await,
        403,
        "INVALID_CHARGE_TYPE_NOT_SUPPORT",
    );
    allocate(&client, "LAX-A", "POSTPAID", 1).await.unwrap();
    let v = allocate(&client, "FRA-A", "POSTPAID", 14).await.unwrap();
    assert_eq!(v["eipIdSet"].as_array().unwrap().len(), 14);
    assert_api_error(
        allocate(&client, "FRA-A", "POSTPAID", 1).await,
        400,
        "RESOURCE_INSUFFICIENT_PRODUCT_SOLD_OUT",
    );
    let left = call(
        &client,
        BMC,
        "DescribeEipAvailableResources",
        json!({"zoneId": "FRA-A"}),
    )
    .await
    .unwrap();
    assert_eq!(left["eipResources"][0]["status"], "SOLD_OUT");
    let v = call(
        &client,
        BMC,
        "CreateIpv4Block",
        json!({"zoneId": "FRA-A", "chargeType": "POSTPAID", "netmask": 29}),
    )
    .await;
    assert_api_error(v, 403, "OPERATION_DENIED_NETMASK_OUT_OF_STOCK");
    let v = call(
        &client,
        BMC,
        "ModifyEipAddressesResourceGroup",
        json!({"eipIds": ["1000000000000000003"], "resourceGroupId": "rg"}),
    )
    .await;
    assert_api_error(v, 404, "OPERATION_FAILED_RESOURCE_NOT_FOUND");
    let mine = call(
        &client,
        BMC,
        "DescribeEipAddresses",
        json!({"zoneId": "LAX-A"}),
    )
    .await
    .unwrap();
    let v = call(
        &client,
        BMC,
        "ModifyEipAddressesResourceGroup",
        json!({"eipIds": [mine["dataSet"][0]["eipId"]], "resourceGroupId": " "}),
    )
    .await;
    assert_api_error(v, 404, "OPERATION_FAILED_RESOURCE_GROUP_NOT_FOUND");
}

/// D-145: an instance holds at most 64 block addresses; addresses of another zone's
/// block, or for an instance in the recycle bin, are refused.
#[tokio::test]
async fn block_addresses_per_instance_are_limited_and_zoned() {
    let app = app().await;
    let (_, client, _) = app.account("1000.00").await;
    let instance = server(&client, "SEL-A").await;
    let (first, first_cidr) = block(&client, 26).await;
    let (second, second_cidr) = block(&client, 26).await;
    // A /26 has 61 usable addresses: all but its network, gateway and broadcast ones.
    let all_of_first: Vec<String> = (2..63).map(|n| host(&first_cidr, n)).collect();
    bind(&client, &first, &instance, &all_of_first)
        .await
        .unwrap();
    let three: Vec<String> = (2..5).map(|n| host(&second_cidr, n)).collect();
    bind(&client, &second, &instance, &three).await.unwrap();
    let one_more = vec![host(&second_cidr, 5)];
    assert_api_error(
        bind(&client, &second, &instance, &one_more).await,
        403,
        "OPERATION_DENIED_CIDRBLOCK_IP_COUNT_REACH_LIMIT",
    );
    let elsewhere = server(&client, "FRA-A").await;
    assert_api_error(
        bind(&client, &second, &elsewhere, &one_more).await,
        403,
        "OPERATION_DENIED_DIFFERENT_ZONE",
    );
    let listed = call(
        &client,
        BMC,
        "DescribeCidrBlocks",
        json!({"cidrBlockIds": [&first]}),
    )
    .await
    .unwrap();
    assert_eq!(listed["dataSet"][0]["availableIpCount"], 0);

    // Terminated, the instance lets go of all 64, and takes no more.
    call(
        &client,
        BMC,
        "TerminateInstance",
        json!({"instanceId": &instance}),
    )
    .await
    .unwrap();
    let ips = call(
        &client,
        BMC,
        "DescribeCidrBlockIps",
        json!({"cidrBlockId": &first}),
    )
    .await
    .unwrap();
    assert_eq!(ips["cidrBlockIps"], json!([]));
    assert_api_error(
        bind(&client, &second, &instance, &one_more).await,
        403,
        "OPERATION_DENIED_INSTANCE_RECYCLED",
    );
    let (eip, _) = {
        let v = allocate(&client, "SEL-A", "POSTPAID", 1).await.unwrap();
        (v["eipIdSet"][0].as_str().unwrap().to_owned(), ())
    };
    let v = call(
        &client,
        BMC,
        "AssociateEipAddress",
        json!({"eipId": eip, "instanceId": &instance}),
    )
    .await;
    assert_api_error(v, 403, "OPERATION_DENIED_INSTANCE_RECYCLED");
}

/// D-23, D-143, D-147: a PREPAID elastic IP renews at its cycle end through the one
/// billing path (a RENEW order naming it, its ledger entry); short of money it goes to
/// the recycle bin, cannot be renewed without the money, and is released after the
/// recycle time, its address free again.
#[tokio::test]
async fn a_prepaid_eip_renews_or_is_recycled_and_released() {
    let app = app().await;
    let (account_id, client, _) = app.account("9.00").await;
    let v = allocate(&client, "SEL-A", "PREPAID", 2).await.unwrap();
    let ids: Vec<String> = v["eipIdSet"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(balance(&client).await, 3.0);
    // The first cycle end renews one of them (3.00), and the other finds the balance empty.
    advance(&app, 30 * 86_400).await;
    let listed = call(&client, BMC, "DescribeEipAddresses", json!({}))
        .await
        .unwrap();
    let mut statuses: Vec<&str> = listed["dataSet"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["eipStatus"].as_str().unwrap())
        .collect();
    statuses.sort_unstable();
    assert_eq!(statuses, ["AVAILABLE", "RECYCLE"]);
    assert_eq!(balance(&client).await, 0.0);
    let (_, orders) = app
        .control_get(&format!("/orders?accountId={account_id}"))
        .await;
    let renewals: Vec<&Value> = orders["orders"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["kind"] == "RENEW")
        .collect();
    assert_eq!(renewals.len(), 1);
    assert_eq!(
        (
            renewals[0]["resourceType"].as_str(),
            renewals[0]["amount"].as_str()
        ),
        (Some("EIP"), Some("3.00"))
    );
    let recycled = listed["dataSet"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["eipStatus"] == "RECYCLE")
        .unwrap();
    let recycled_id = recycled["eipId"].as_str().unwrap().to_owned();
    assert!(ids.contains(&recycled_id));
    let v = call(
        &client,
        BMC,
        "RenewEipAddress",
        json!({"eipId": &recycled_id}),
    )
    .await;
    assert_api_error(v, 403, "OPERATION_DENIED_INSUFFICIENT_BALANCE");

    advance(&app, 24 * 3600).await;
    let listed = call(
        &client,
        BMC,
        "DescribeEipAddresses",
        json!({"eipIds": [&recycled_id]}),
    )
    .await
    .unwrap();
    assert_eq!(listed["totalCount"], 0);
    let address = recycled["ipAddress"].as_str().unwrap();
    let (_, other, _) = app.account("10.00").await;
    let again = allocate(&other, "SEL-A", "POSTPAID", 1).await.unwrap();
    let taken = call(
        &other,
        BMC,
        "DescribeEipAddresses",
        json!({"eipIds": again["eipIdSet"]}),
    )
    .await
    .unwrap();
    assert_eq!(
        taken["dataSet"][0]["ipAddress"], address,
        "the lowest free address again"
    );
}
