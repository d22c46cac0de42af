//! vm subnets (docs/decisions.md D-150 to D-154) through real requests: create, list,
//! rename and delete in both vm versions, CIDR rules, tenancy, and the private addresses
//! of instances created with `subnetId`, freed when they are released.

use crate::helpers::*;
use serde_json::{json, Value};
use zenlocal_client::Client;
use zenlocal_wire::Version;

const VM_2023: Version = Version::Vm20230313;
const VM: Version = Version::Vm20260401;
const ZONE: &str = "asia-east-1a";

async fn subnet(
    client: &Client,
    version: Version,
    cidr: &str,
) -> Result<String, zenlocal_client::Error> {
    let v = call(
        client,
        version,
        "CreateSubnet",
        json!({"zoneId": ZONE, "subnetName": "net-1", "cidrBlock": cidr}),
    )
    .await?;
    Ok(v["subnetId"].as_str().unwrap().to_owned())
}

async fn listed(client: &Client, version: Version, body: Value) -> Value {
    call(client, version, "DescribeSubnets", body)
        .await
        .unwrap()
}

fn vm_body(subnet_id: &str, count: i64) -> Value {
    json!({
        "zoneId": ZONE,
        "instanceType": "c.1c2g",
        "imageId": "ubuntu_22_04_x64",
        "instanceChargeType": "POSTPAID",
        "internetChargeType": "ByBandwidth",
        "password": "Passw0rd-x",
        "instanceCount": count,
        "subnetId": subnet_id,
    })
}

/// D-150, D-151, D-153: made Available at once, listed in both versions (`isDefault` from
/// 2026 on), renamed all or none, deleted.
#[tokio::test]
async fn a_subnet_is_created_listed_renamed_and_deleted_in_both_versions() {
    let app = TestApp::spawn_bare(|_| {}).await;
    let (_, client, _) = app.account("10.00").await;
    let id = subnet(&client, VM_2023, "10.0.0.0/24").await.unwrap();
    assert!(id.starts_with("subnet-"), "{id}");
    let other = subnet(&client, VM, "192.168.0.0/28").await.unwrap();

    let old = listed(&client, VM_2023, json!({"subnetIds": [id]})).await;
    assert_eq!(old["totalCount"], 1);
    let s = &old["dataSet"][0];
    assert_eq!(s["subnetStatus"], "Available");
    assert_eq!(s["cidrBlock"], "10.0.0.0/24");
    assert_eq!(s["totalIpCount"], 253);
    assert_eq!(s["usageIpCount"], 0);
    assert_eq!(s["zoneId"], ZONE);
    assert!(s.get("isDefault").is_none());
    let new = listed(&client, VM, json!({"cidrBlock": "192.168.0.0/28"})).await;
    assert_eq!(new["dataSet"][0]["subnetId"], other.as_str());
    assert_eq!(new["dataSet"][0]["isDefault"], false);
    assert_eq!(listed(&client, VM, json!({})).await["totalCount"], 2);

    assert_api_error(
        call(
            &client,
            VM,
            "ModifySubnetsAttribute",
            json!({"subnetIds": [id, "subnet-nothere"], "subnetName": "renamed"}),
        )
        .await,
        404,
        "INVALID_SUBNET_NOT_FOUND",
    );
    call(
        &client,
        VM_2023,
        "ModifySubnetsAttribute",
        json!({"subnetIds": [id, other], "subnetName": "renamed"}),
    )
    .await
    .unwrap();
    let all = listed(&client, VM, json!({"subnetName": "renamed"})).await;
    assert_eq!(all["totalCount"], 2);

    call(&client, VM, "DeleteSubnet", json!({"subnetId": id}))
        .await
        .unwrap();
    assert_api_error(
        call(&client, VM, "DeleteSubnet", json!({"subnetId": id})).await,
        404,
        "INVALID_SUBNET_NOT_FOUND",
    );
    // Its range is free again.
    subnet(&client, VM, "10.0.0.0/25").await.unwrap();
}

/// D-150, D-151, D-152: every refusal of CreateSubnet with its code, nothing made.
#[tokio::test]
async fn create_subnet_answers_each_refusal_with_its_code() {
    let app = TestApp::spawn_bare(|_| {}).await;
    let (_, client, _) = app.account("10.00").await;
    subnet(&client, VM, "172.16.0.0/25").await.unwrap();
    for (cidr, status, code) in [
        (
            "172.16.0.64/26",
            400,
            "UNSUPPORTED_OPERATION_CIDR_BLOCK_IS_EXIST",
        ),
        (
            "172.16.0.0/24",
            400,
            "UNSUPPORTED_OPERATION_CIDR_BLOCK_IS_EXIST",
        ),
        ("10.1.0.0/24", 400, "INVALID_PARAMETER"),
        ("10.0.0.0/30", 400, "INVALID_PARAMETER"),
        ("10.0.0.1/24", 400, "INVALID_PARAMETER"),
        ("not-a-cidr", 400, "INVALID_PARAMETER"),
    ] {
        assert_api_error(subnet(&client, VM, cidr).await, status, code);
    }
    let bad_zone = call(
        &client,
        VM,
        "CreateSubnet",
        json!({"zoneId": "nowhere", "subnetName": "net-1", "cidrBlock": "10.0.0.0/24"}),
    )
    .await;
    assert_api_error(bad_zone, 404, "INVALID_ZONE_NOT_FOUND");
    let bad_name = call(
        &client,
        VM,
        "CreateSubnet",
        json!({"zoneId": ZONE, "subnetName": "-x-", "cidrBlock": "10.0.0.0/24"}),
    )
    .await;
    assert_api_error(bad_name, 400, "INVALID_PARAMETER");
    assert_eq!(listed(&client, VM, json!({})).await["totalCount"], 1);
    // Ten per zone: nine more fit, the eleventh does not.
    for n in 0..9 {
        subnet(&client, VM, &format!("10.0.0.{}/29", n * 8))
            .await
            .unwrap();
    }
    assert_api_error(
        subnet(&client, VM, "10.0.0.128/29").await,
        400,
        "UNSUPPORTED_OPERATION_SUBNET_BIND_NETWORK_COUNT_LIMIT",
    );
}

/// D-6: another account's subnet does not exist for the caller, and its ranges are its own.
#[tokio::test]
async fn subnets_belong_to_their_account() {
    let app = TestApp::spawn_bare(|_| {}).await;
    let (_, alice, _) = app.account("10.00").await;
    let (_, bob, _) = app.account("10.00").await;
    let id = subnet(&alice, VM, "10.0.0.0/24").await.unwrap();
    subnet(&bob, VM, "10.0.0.0/24").await.unwrap();
    assert_eq!(
        listed(&bob, VM, json!({"subnetIds": [id]})).await["totalCount"],
        0
    );
    assert_api_error(
        call(&bob, VM, "DeleteSubnet", json!({"subnetId": id})).await,
        404,
        "INVALID_SUBNET_NOT_FOUND",
    );
    assert_api_error(
        call(&bob, VM, "CreateInstances", vm_body(&id, 1)).await,
        404,
        "INVALID_SUBNET_NOT_FOUND",
    );
}

/// D-153, D-154: instances get the subnet's first free addresses and show them; the
/// subnet with instances is not deleted; releasing them frees their addresses.
#[tokio::test]
async fn instances_get_private_addresses_of_their_subnet_until_released() {
    let app = TestApp::spawn_bare(|_| {}).await;
    let (_, client, _) = app.account("100.00").await;
    let id = subnet(&client, VM, "192.168.0.0/29").await.unwrap();
    let v = call(&client, VM, "CreateInstances", vm_body(&id, 2))
        .await
        .unwrap();
    let instances: Vec<String> = v["instanceIdSet"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i.as_str().unwrap().to_owned())
        .collect();
    let shown = call(
        &client,
        VM_2023,
        "DescribeInstances",
        json!({"subnetId": id}),
    )
    .await
    .unwrap();
    assert_eq!(shown["totalCount"], 2);
    let mut addresses: Vec<String> = shown["dataSet"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            assert_eq!(i["subnetId"], id.as_str());
            i["privateIpAddresses"][0].as_str().unwrap().to_owned()
        })
        .collect();
    addresses.sort();
    assert_eq!(addresses, ["192.168.0.2", "192.168.0.3"]);
    let s = &listed(&client, VM, json!({})).await["dataSet"][0];
    assert_eq!(s["usageIpCount"], 2);
    assert_eq!(s["instanceIdList"].as_array().unwrap().len(), 2);

    // Five hosts in a /29: three are left, four are asked.
    assert_api_error(
        call(&client, VM, "CreateInstances", vm_body(&id, 4)).await,
        400,
        "INVALID_SUBNET_PRIVATE_IP_INSUFFICIENT",
    );
    let mut elsewhere = vm_body(&id, 1);
    elsewhere["zoneId"] = json!("na-west-1a");
    assert_api_error(
        call(&client, VM, "CreateInstances", elsewhere).await,
        400,
        "INVALID_SUBNET_ZONE_MISMATCH",
    );
    assert_api_error(
        call(&client, VM, "CreateInstances", vm_body("subnet-nothere", 1)).await,
        404,
        "INVALID_SUBNET_NOT_FOUND",
    );
    assert_api_error(
        call(&client, VM, "DeleteSubnet", json!({"subnetId": id})).await,
        400,
        "UNSUPPORTED_OPERATION_SUBNET_HAS_INSTANCE",
    );

    for instance in &instances {
        call(
            &client,
            VM,
            "TerminateInstance",
            json!({"instanceId": instance}),
        )
        .await
        .unwrap();
    }
    call(
        &client,
        VM,
        "ReleaseInstances",
        json!({"instanceIds": instances}),
    )
    .await
    .unwrap();
    assert_eq!(
        listed(&client, VM, json!({})).await["dataSet"][0]["usageIpCount"],
        0
    );
    call(&client, VM, "DeleteSubnet", json!({"subnetId": id}))
        .await
        .unwrap();
}
