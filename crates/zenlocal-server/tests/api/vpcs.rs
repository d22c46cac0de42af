//! bmc VPCs and subnets (docs/decisions.md D-220 to D-227) through real requests, in both
//! bmc versions: regions and zones from the catalog, VPCs and subnets made, listed,
//! renamed and deleted with every refusal's code, subnets moved into VPCs, instances put
//! in subnets at creation or afterwards and taken out, tenancy, and a model that cannot
//! join a subnet (on a catalog of its own).

use crate::helpers::*;
use serde_json::{json, Value};
use zenlocal_client::Client;
use zenlocal_core::catalog::DEFAULT_TOML;
use zenlocal_core::Catalog;
use zenlocal_wire::Version;

const OLD: Version = Version::Bmc20221120;
const BMC: Version = Version::Bmc20260201;

async fn vpc(
    client: &Client,
    version: Version,
    region: &str,
    cidr: &str,
) -> Result<String, zenlocal_client::Error> {
    let v = call(
        client,
        version,
        "CreateVpc",
        json!({"vpcRegionId": region, "cidrBlock": cidr, "vpcName": "net-1"}),
    )
    .await?;
    Ok(v["vpcId"].as_str().unwrap().to_owned())
}

async fn subnet(
    client: &Client,
    zone: &str,
    cidr: &str,
    vpc_id: Option<&str>,
) -> Result<String, zenlocal_client::Error> {
    let mut body = json!({"zoneId": zone, "cidrBlock": cidr, "subnetName": "sub-1"});
    if let Some(id) = vpc_id {
        body["vpcId"] = json!(id);
    }
    let v = call(client, BMC, "CreateSubnet", body).await?;
    Ok(v["subnetId"].as_str().unwrap().to_owned())
}

async fn listed(client: &Client, action: &str, body: Value) -> Value {
    call(client, BMC, action, body).await.unwrap()
}

fn server_body(zone: &str, product: &str, subnet_id: Option<&str>, count: i64) -> Value {
    let mut body = json!({
        "zoneId": zone, "instanceTypeId": product, "imageId": "img-ubuntu-2204",
        "instanceChargeType": "POSTPAID", "internetChargeType": "ByBandwidth",
        "internetMaxBandwidthOut": 20, "password": "Passw0rd-x", "amount": count,
    });
    if let Some(id) = subnet_id {
        body["subnetId"] = json!(id);
    }
    body
}

async fn servers(client: &Client, zone: &str, subnet_id: Option<&str>, count: i64) -> Vec<String> {
    let v = call(
        client,
        BMC,
        "CreateInstances",
        server_body(zone, "M6C", subnet_id, count),
    )
    .await
    .unwrap();
    v["instanceIdSet"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i.as_str().unwrap().to_owned())
        .collect()
}

fn join(subnet_id: &str, members: Value) -> Value {
    json!({"subnetId": subnet_id, "subnetInstanceList": members})
}

/// D-220, D-227: one region per city code, with its zones; the zones subnets are made in.
#[tokio::test]
async fn regions_and_subnet_zones_come_from_the_catalog() {
    let app = TestApp::spawn_bare(|_| {}).await;
    let (_, client, _) = app.account("10.00").await;
    for version in [OLD, BMC] {
        let all = call(&client, version, "DescribeVpcAvailableRegions", json!({}))
            .await
            .unwrap();
        let ids: Vec<&str> = all["vpcRegionSet"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["vpcRegionId"].as_str().unwrap())
            .collect();
        assert_eq!(ids, ["SEL1", "FRA1", "LAX1", "SIN1"]);
    }
    let one = listed(
        &client,
        "DescribeVpcAvailableRegions",
        json!({"zoneId": "FRA-A"}),
    )
    .await;
    assert_eq!(
        one["vpcRegionSet"],
        json!([{"vpcRegionId": "FRA1", "vpcRegionName": "Frankfurt", "zoneIds": ["FRA-A"]}])
    );
    assert_api_error(
        call(
            &client,
            BMC,
            "DescribeVpcAvailableRegions",
            json!({"zoneId": "nowhere"}),
        )
        .await,
        404,
        "INVALID_ZONE_NOT_FOUND",
    );
    let zones = listed(&client, "DescribeSubnetAvailableResources", json!({})).await;
    assert_eq!(
        zones["zoneIdSet"],
        json!(["SEL-A", "FRA-A", "LAX-A", "SIN-A"])
    );
    assert_api_error(
        call(
            &client,
            OLD,
            "DescribeSubnetAvailableResources",
            json!({"zoneId": "nowhere"}),
        )
        .await,
        404,
        "INVALID_ZONE_NOT_FOUND",
    );
}

/// D-221, D-222: AVAILABLE at once, listed with its region and group in both versions,
/// renamed all or none, not deleted while a subnet is in it, then deleted.
#[tokio::test]
async fn a_vpc_is_created_listed_renamed_and_deleted() {
    let app = TestApp::spawn_bare(|_| {}).await;
    let (account, client, _) = app.account("10.00").await;
    let id = vpc(&client, OLD, "SEL1", "10.0.0.0/8").await.unwrap();
    assert_eq!(id.len(), 18, "{id}");
    let other = vpc(&client, BMC, "FRA1", "192.168.0.0/16").await.unwrap();
    for version in [OLD, BMC] {
        let v = call(&client, version, "DescribeVpcs", json!({"vpcIds": [id]}))
            .await
            .unwrap();
        assert_eq!(v["totalCount"], 1);
        let shown = &v["dataSet"][0];
        assert_eq!(shown["vpcStatus"], "AVAILABLE");
        assert_eq!(shown["vpcRegionId"], "SEL1");
        assert_eq!(shown["vpcRegionName"], "Seoul");
        assert_eq!(shown["cidrBlock"], "10.0.0.0/8");
        assert_eq!(shown["resourceGroupId"], format!("rg-default-{account}"));
        assert_eq!(shown["resourceGroupName"], "Default Resource Group");
    }
    let by_region = listed(&client, "DescribeVpcs", json!({"vpcRegionId": "FRA1"})).await;
    assert_eq!(by_region["dataSet"][0]["vpcId"], other.as_str());
    assert_eq!(
        listed(&client, "DescribeVpcs", json!({})).await["totalCount"],
        2
    );

    assert_api_error(
        call(
            &client,
            BMC,
            "ModifyVpcsAttribute",
            json!({"vpcIds": [id, "123"], "vpcName": "renamed"}),
        )
        .await,
        404,
        "OPERATION_FAILED_RESOURCE_NOT_FOUND",
    );
    assert_eq!(
        listed(&client, "DescribeVpcs", json!({"vpcName": "renamed"})).await["totalCount"],
        0
    );
    call(
        &client,
        OLD,
        "ModifyVpcsAttribute",
        json!({"vpcIds": [id, other], "vpcName": "renamed"}),
    )
    .await
    .unwrap();
    assert_eq!(
        listed(&client, "DescribeVpcs", json!({"vpcName": "renamed"})).await["totalCount"],
        2
    );

    let inside = subnet(&client, "SEL-A", "10.0.1.0/24", Some(&id))
        .await
        .unwrap();
    assert_api_error(
        call(&client, BMC, "DeleteVpc", json!({"vpcId": id})).await,
        403,
        "OPERATION_DENIED_VPC_EXIST_SUBNET_ASSIGN",
    );
    call(&client, BMC, "DeleteSubnet", json!({"subnetId": inside}))
        .await
        .unwrap();
    call(&client, BMC, "DeleteVpc", json!({"vpcId": id}))
        .await
        .unwrap();
    assert_api_error(
        call(&client, OLD, "DeleteVpc", json!({"vpcId": id})).await,
        404,
        "INVALID_VPC_NOT_FOUND",
    );
}

/// D-221: every refusal of CreateVpc with its code, nothing made.
#[tokio::test]
async fn create_vpc_answers_each_refusal_with_its_code() {
    let app = TestApp::spawn_bare(|_| {}).await;
    let (_, client, _) = app.account("10.00").await;
    assert_api_error(
        vpc(&client, BMC, "XXX1", "10.0.0.0/16").await,
        404,
        "INVALID_VPC_REGION_NOT_FOUND",
    );
    for (cidr, code) in [
        ("nonsense", "INVALID_PARAMETER_VPC_CIDR_BLOCK"),
        ("10.0.0.1/16", "INVALID_PARAMETER_VPC_CIDR_BLOCK"),
        ("8.8.8.0/24", "INVALID_PARAMETER_VPC_LAN_IP"),
        ("10.0.0.0/29", "INVALID_PARAMETER_VPC_LAN_IP_NETMASK"),
    ] {
        assert_api_error(vpc(&client, BMC, "SEL1", cidr).await, 400, code);
    }
    let bad_name = call(
        &client,
        BMC,
        "CreateVpc",
        json!({"vpcRegionId": "SEL1", "cidrBlock": "10.0.0.0/16", "vpcName": "a b"}),
    )
    .await;
    assert_api_error(bad_name, 400, "INVALID_PARAMETER");
    let bad_group = call(
        &client,
        BMC,
        "CreateVpc",
        json!({"vpcRegionId": "SEL1", "cidrBlock": "10.0.0.0/16", "vpcName": "a",
               "resourceGroupId": "rg-nothere"}),
    )
    .await;
    assert_api_error(bad_group, 404, "OPERATION_FAILED_RESOURCE_GROUP_NOT_FOUND");
    assert_eq!(
        listed(&client, "DescribeVpcs", json!({})).await["totalCount"],
        0
    );
    for _ in 0..10 {
        vpc(&client, BMC, "SEL1", "10.0.0.0/16").await.unwrap();
    }
    assert_api_error(
        vpc(&client, BMC, "SEL1", "10.0.0.0/16").await,
        403,
        "OPERATION_DENIED_VPC_REGION_EXCEED_LIMIT",
    );
    vpc(&client, BMC, "FRA1", "10.0.0.0/16").await.unwrap();
}

/// D-223 to D-225: subnets of their own and in a VPC, every refusal with its code, their
/// listing, renaming and deletion; vm never sees them.
#[tokio::test]
async fn bmc_subnets_are_made_in_and_out_of_vpcs() {
    let app = TestApp::spawn_bare(|_| {}).await;
    let (_, client, _) = app.account("10.00").await;
    let net = vpc(&client, BMC, "SEL1", "10.0.0.0/16").await.unwrap();
    let own = subnet(&client, "SEL-A", "192.168.0.0/24", None)
        .await
        .unwrap();
    let inside = subnet(&client, "SEL-A", "10.0.0.0/24", Some(&net))
        .await
        .unwrap();
    // A subnet of its own and one in a VPC may share a range: two networks.
    subnet(&client, "SEL-A", "10.0.0.0/24", None).await.unwrap();
    for (zone, cidr, vpc_id, status, code) in [
        (
            "nowhere",
            "10.0.1.0/24",
            None,
            404,
            "INVALID_ZONE_NOT_FOUND",
        ),
        (
            "SEL-A",
            "10.0.1.0/24",
            Some("123"),
            404,
            "INVALID_VPC_NOT_FOUND",
        ),
        (
            "FRA-A",
            "10.0.1.0/24",
            Some(net.as_str()),
            403,
            "OPERATION_DENIED_ZONE_NOT_BELONG_VPC",
        ),
        (
            "SEL-A",
            "172.16.0.0/24",
            Some(net.as_str()),
            400,
            "INVALID_PARAMETER_SUBNET_CIDR_NOT_BELONG_VPC",
        ),
        (
            "SEL-A",
            "10.0.0.128/25",
            Some(net.as_str()),
            400,
            "INVALID_PARAMETER_VPC_SUBNET_OVER_LAP",
        ),
        (
            "SEL-A",
            "192.168.0.0/25",
            None,
            400,
            "INVALID_PARAMETER_VPC_SUBNET_OVER_LAP",
        ),
        (
            "SEL-A",
            "10.0.1.1/24",
            None,
            400,
            "INVALID_PARAMETER_SUBNET_CIDR_BLOCK",
        ),
        (
            "SEL-A",
            "10.1.0.0/24",
            None,
            400,
            "INVALID_PARAMETER_SUBNET_LAN_IP",
        ),
        (
            "SEL-A",
            "10.0.1.0/30",
            None,
            400,
            "INVALID_PARAMETER_SUBNET_LAN_IP_NETMASK",
        ),
    ] {
        assert_api_error(subnet(&client, zone, cidr, vpc_id).await, status, code);
    }

    let all = listed(&client, "DescribeSubnets", json!({})).await;
    assert_eq!(all["totalCount"], 3);
    let shown = listed(&client, "DescribeSubnets", json!({"vpcId": net})).await;
    assert_eq!(shown["totalCount"], 1);
    let s = &shown["dataSet"][0];
    assert_eq!(s["subnetId"], inside.as_str());
    assert_eq!(s["subnetStatus"], "AVAILABLE");
    assert_eq!(s["vpcSubnetStatus"], "ASSOCIATED");
    assert_eq!(s["vpcName"], "net-1");
    assert_eq!(s["availableIpCount"], 253);
    assert_eq!(s["subnetInstanceSet"], json!([]));
    let alone = listed(&client, "DescribeSubnets", json!({"subnetIds": [own]})).await;
    assert_eq!(alone["dataSet"][0]["vpcId"], Value::Null);
    let vm = call(&client, Version::Vm20260401, "DescribeSubnets", json!({}))
        .await
        .unwrap();
    assert_eq!(vm["totalCount"], 0);

    assert_api_error(
        call(
            &client,
            OLD,
            "ModifySubnetsAttribute",
            json!({"subnetIds": [own, "123"], "subnetName": "renamed"}),
        )
        .await,
        400,
        "OPERATION_FAILED_RESOURCE_NOT_FOUND",
    );
    call(
        &client,
        OLD,
        "ModifySubnetsAttribute",
        json!({"subnetIds": [own, inside], "subnetName": "renamed"}),
    )
    .await
    .unwrap();
    assert_eq!(
        listed(&client, "DescribeSubnets", json!({"subnetName": "renamed"})).await["totalCount"],
        2
    );
    call(&client, BMC, "DeleteSubnet", json!({"subnetId": own}))
        .await
        .unwrap();
    assert_api_error(
        call(&client, BMC, "DeleteSubnet", json!({"subnetId": own})).await,
        400,
        "OPERATION_FAILED_RESOURCE_NOT_FOUND",
    );
    // Its range is free again.
    subnet(&client, "SEL-A", "192.168.0.0/25", None)
        .await
        .unwrap();
}

/// D-224: a subnet of its own moves into a VPC of its zone's region, once; the VPC's
/// rules hold.
#[tokio::test]
async fn associate_vpc_subnet_moves_a_subnet_into_a_vpc() {
    let app = TestApp::spawn_bare(|_| {}).await;
    let (_, client, _) = app.account("10.00").await;
    let net = vpc(&client, BMC, "SEL1", "10.0.0.0/16").await.unwrap();
    let other = vpc(&client, BMC, "SEL1", "10.0.0.0/16").await.unwrap();
    let far = vpc(&client, BMC, "FRA1", "10.0.0.0/16").await.unwrap();
    let own = subnet(&client, "SEL-A", "10.0.1.0/24", None).await.unwrap();
    let associate = |subnet_id: &str, vpc_id: &str| {
        call(
            &client,
            OLD,
            "AssociateVpcSubnet",
            json!({"subnetId": subnet_id, "vpcId": vpc_id}),
        )
    };
    assert_api_error(
        associate(&own, &far).await,
        403,
        "OPERATION_DENIED_ZONE_NOT_BELONG_VPC",
    );
    assert_api_error(associate(&own, "123").await, 404, "INVALID_VPC_NOT_FOUND");
    assert_api_error(
        associate("123", &net).await,
        404,
        "INVALID_SUBNET_NOT_FOUND",
    );
    subnet(&client, "SEL-A", "10.0.1.128/25", Some(&net))
        .await
        .unwrap();
    assert_api_error(
        associate(&own, &net).await,
        400,
        "INVALID_PARAMETER_VPC_SUBNET_OVER_LAP",
    );
    let narrow = vpc(&client, BMC, "SEL1", "172.16.0.0/16").await.unwrap();
    assert_api_error(
        associate(&own, &narrow).await,
        400,
        "INVALID_PARAMETER_SUBNET_CIDR_NOT_BELONG_VPC",
    );

    associate(&own, &other).await.unwrap();
    associate(&own, &other).await.unwrap();
    let s = listed(&client, "DescribeSubnets", json!({"subnetIds": [own]})).await;
    assert_eq!(s["dataSet"][0]["vpcId"], other.as_str());
    assert_api_error(
        associate(&own, &net).await,
        403,
        "OPERATION_DENIED_SUBNET_ASSOCIATED_OTHER_VPC",
    );
    // Its range left the account's zone scope for the VPC's.
    subnet(&client, "SEL-A", "10.0.1.0/24", None).await.unwrap();
    assert_api_error(
        subnet(&client, "SEL-A", "10.0.1.0/25", Some(&other)).await,
        400,
        "INVALID_PARAMETER_VPC_SUBNET_OVER_LAP",
    );
}

/// D-226, D-227: instances get a private address of their subnet at creation or join
/// one afterwards, are shown in it, keep it from being deleted, and leave it.
#[tokio::test]
async fn instances_join_and_leave_subnets() {
    let app = TestApp::spawn_bare(|_| {}).await;
    let (_, client, _) = app.account("1000.00").await;
    let net = vpc(&client, BMC, "SEL1", "10.0.0.0/16").await.unwrap();
    let id = subnet(&client, "SEL-A", "10.0.0.0/29", Some(&net))
        .await
        .unwrap();
    let made = servers(&client, "SEL-A", Some(&id), 1).await;
    let shown = call(&client, OLD, "DescribeInstances", json!({"subnetId": id}))
        .await
        .unwrap();
    assert_eq!(shown["totalCount"], 1);
    assert_eq!(shown["dataSet"][0]["subnetIds"], json!([id]));
    assert_eq!(
        shown["dataSet"][0]["privateIpAddresses"],
        json!(["10.0.0.2"])
    );
    assert_api_error(
        call(
            &client,
            BMC,
            "CreateInstances",
            server_body("FRA-A", "M6C", Some(&id), 1),
        )
        .await,
        400,
        "INVALID_SUBNET_ZONE_MISMATCH",
    );
    assert_api_error(
        call(
            &client,
            BMC,
            "CreateInstances",
            server_body("SEL-A", "M6C", Some("123"), 1),
        )
        .await,
        404,
        "INVALID_SUBNET_NOT_FOUND",
    );
    assert_api_error(
        call(
            &client,
            BMC,
            "CreateInstances",
            server_body("SEL-A", "M6C", Some(&id), 5),
        )
        .await,
        400,
        "INVALID_SUBNET_PRIVATE_IP_INSUFFICIENT",
    );

    let free = servers(&client, "SEL-A", None, 3).await;
    let stopped = servers(&client, "SEL-A", None, 1).await;
    call(
        &client,
        BMC,
        "StopInstances",
        json!({"instanceIds": stopped}),
    )
    .await
    .unwrap();
    let far = servers(&client, "FRA-A", None, 1).await;
    let associate =
        |members: Value| call(&client, BMC, "AssociateSubnetInstances", join(&id, members));
    for (members, status, code) in [
        (
            json!([{"instanceId": stopped[0]}]),
            403,
            "OPERATION_DENIED_INSTANCE_NOT_RUNNING",
        ),
        (
            json!([{"instanceId": far[0]}]),
            403,
            "OPERATION_DENIED_DIFFERENT_ZONE",
        ),
        (
            json!([{"instanceId": made[0]}]),
            403,
            "OPERATION_DENIED_SUBNET_EXIST_INSTANCE",
        ),
        (
            json!([{"instanceId": free[0]}, {"instanceId": free[0]}]),
            403,
            "OPERATION_DENIED_SUBNET_NOT_REPEAT_INSTANCE",
        ),
        (
            json!([{"instanceId": free[0], "privateIpAddress": "10.0.0.5"},
                {"instanceId": free[1], "privateIpAddress": "10.0.0.5"}]),
            400,
            "INVALID_PARAMETER_DUPLICATE_LAN_IP",
        ),
        (
            json!([{"instanceId": free[0], "privateIpAddress": "10.0.0.1"}]),
            400,
            "INVALID_PARAMETER_LAN_IP_NOT_SUPPORT",
        ),
        (
            json!([{"instanceId": free[0], "privateIpAddress": "10.0.1.5"}]),
            400,
            "INVALID_PARAMETER_LAN_IP_NOT_SUPPORT",
        ),
        (
            json!([{"instanceId": free[0], "privateIpAddress": "10.0.0.2"}]),
            403,
            "OPERATION_DENIED_IP_ASSOCIATED_INSTANCE",
        ),
        (
            json!([{"instanceId": "123"}]),
            404,
            "INVALID_INSTANCE_NOT_FOUND",
        ),
        (json!([]), 400, "INVALID_PARAMETER"),
    ] {
        assert_api_error(associate(members).await, status, code);
    }
    assert_api_error(
        call(
            &client,
            BMC,
            "AssociateSubnetInstances",
            join("123", json!([{"instanceId": free[0]}])),
        )
        .await,
        404,
        "INVALID_SUBNET_NOT_FOUND",
    );
    associate(
        json!([{"instanceId": free[0], "privateIpAddress": "10.0.0.6"},
                     {"instanceId": free[1]}]),
    )
    .await
    .unwrap();
    // All or none: free[2] does not join when another instance is refused.
    assert_api_error(
        associate(json!([{"instanceId": free[2]}, {"instanceId": stopped[0]}])).await,
        403,
        "OPERATION_DENIED_INSTANCE_NOT_RUNNING",
    );
    let s = &listed(&client, "DescribeSubnets", json!({"subnetIds": [id]})).await["dataSet"][0];
    assert_eq!(s["availableIpCount"], 2);
    let mut members: Vec<(String, String)> = s["subnetInstanceSet"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            assert_eq!(m["privateIpStatus"], "BINDED");
            (
                m["instanceId"].as_str().unwrap().to_owned(),
                m["privateIpAddress"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    members.sort_by(|a, b| a.1.cmp(&b.1));
    assert_eq!(
        members,
        [
            (made[0].clone(), "10.0.0.2".to_owned()),
            (free[1].clone(), "10.0.0.3".to_owned()),
            (free[0].clone(), "10.0.0.6".to_owned()),
        ]
    );
    assert_api_error(
        call(&client, BMC, "DeleteSubnet", json!({"subnetId": id})).await,
        403,
        "OPERATION_DENIED_SUBNET_EXIST_INSTANCE",
    );

    let leave = |instance: &str| {
        call(
            &client,
            OLD,
            "UnAssociateSubnetInstance",
            json!({"subnetId": id, "instanceId": instance}),
        )
    };
    assert_api_error(
        call(
            &client,
            BMC,
            "UnAssociateSubnetInstance",
            json!({"subnetId": "123", "instanceId": free[0]}),
        )
        .await,
        404,
        "INVALID_SUBNET_NOT_FOUND",
    );
    for instance in [&free[0], &free[1], &free[2], &made[0]] {
        leave(instance).await.unwrap();
    }
    let back = call(
        &client,
        BMC,
        "DescribeInstances",
        json!({"instanceIds": [free[0]]}),
    )
    .await
    .unwrap();
    assert_eq!(back["dataSet"][0]["subnetIds"], Value::Null);
    assert_ne!(
        back["dataSet"][0]["privateIpAddresses"],
        json!(["10.0.0.6"])
    );
    let s = &listed(&client, "DescribeSubnets", json!({"subnetIds": [id]})).await["dataSet"][0];
    assert_eq!(s["availableIpCount"], 5);
    call(&client, BMC, "DeleteSubnet", json!({"subnetId": id}))
        .await
        .unwrap();
}

/// D-6: another account's VPCs, subnets and instances do not exist for the caller.
#[tokio::test]
async fn vpcs_and_subnets_belong_to_their_account() {
    let app = TestApp::spawn_bare(|_| {}).await;
    let (_, alice, _) = app.account("1000.00").await;
    let (_, bob, _) = app.account("1000.00").await;
    let net = vpc(&alice, BMC, "SEL1", "10.0.0.0/16").await.unwrap();
    let id = subnet(&alice, "SEL-A", "10.0.0.0/24", Some(&net))
        .await
        .unwrap();
    let hers = servers(&alice, "SEL-A", None, 1).await;
    let his_net = subnet(&bob, "SEL-A", "10.0.0.0/24", None).await.unwrap();
    assert_eq!(
        listed(&bob, "DescribeVpcs", json!({})).await["totalCount"],
        0
    );
    assert_eq!(
        listed(&bob, "DescribeSubnets", json!({"subnetIds": [id]})).await["totalCount"],
        0
    );
    assert_api_error(
        call(&bob, BMC, "DeleteVpc", json!({"vpcId": net})).await,
        404,
        "INVALID_VPC_NOT_FOUND",
    );
    assert_api_error(
        subnet(&bob, "SEL-A", "10.0.1.0/24", Some(&net)).await,
        404,
        "INVALID_VPC_NOT_FOUND",
    );
    assert_api_error(
        call(&bob, BMC, "DeleteSubnet", json!({"subnetId": id})).await,
        400,
        "OPERATION_FAILED_RESOURCE_NOT_FOUND",
    );
    assert_api_error(
        call(
            &bob,
            BMC,
            "CreateInstances",
            server_body("SEL-A", "M6C", Some(&id), 1),
        )
        .await,
        404,
        "INVALID_SUBNET_NOT_FOUND",
    );
    assert_api_error(
        call(
            &bob,
            BMC,
            "AssociateSubnetInstances",
            join(&his_net, json!([{"instanceId": hers[0]}])),
        )
        .await,
        404,
        "INVALID_INSTANCE_NOT_FOUND",
    );
    assert_api_error(
        call(
            &bob,
            BMC,
            "AssociateVpcSubnet",
            json!({"subnetId": his_net, "vpcId": net}),
        )
        .await,
        404,
        "INVALID_VPC_NOT_FOUND",
    );
}

/// D-227: a model the catalog says cannot join a subnet is refused at creation and when
/// associated (G8A, on a catalog of its own).
#[tokio::test]
async fn a_model_without_subnets_cannot_join_one() {
    let text = DEFAULT_TOML.replacen(
        "raids = [0, 1]\nsubnet = true\ndisk_description = \"2 x 3840 GB NVMe\"",
        "raids = [0, 1]\nsubnet = false\ndisk_description = \"2 x 3840 GB NVMe\"",
        1,
    );
    assert_ne!(text, DEFAULT_TOML);
    let catalog = Catalog::from_toml(&text, "vpcs test").unwrap();
    let app = TestApp::spawn_with(|c| {
        c.catalog = catalog;
        c.demo = false;
        c.timings.provisioning = 0;
    })
    .await;
    let (_, client, _) = app.account("100000.00").await;
    let id = subnet(&client, "FRA-A", "10.0.0.0/24", None).await.unwrap();
    assert_api_error(
        call(
            &client,
            BMC,
            "CreateInstances",
            server_body("FRA-A", "G8A", Some(&id), 1),
        )
        .await,
        403,
        "OPERATION_DENIED_INSTANCE_NOT_SUPPORT_SUBNET",
    );
    let v = call(
        &client,
        BMC,
        "CreateInstances",
        server_body("FRA-A", "G8A", None, 1),
    )
    .await
    .unwrap();
    let gpu = v["instanceIdSet"][0].as_str().unwrap();
    assert_api_error(
        call(
            &client,
            BMC,
            "AssociateSubnetInstances",
            join(&id, json!([{"instanceId": gpu}])),
        )
        .await,
        403,
        "OPERATION_DENIED_INSTANCE_NOT_SUPPORT_SUBNET",
    );
}

// ---- vm VPCs (D-228 to D-231) ----------------------------------------------------------

const VM_2023: Version = Version::Vm20230313;
const VM_ZONE: &str = "asia-east-1a";

async fn vm_vpc(
    client: &Client,
    zone: &str,
    cidr: &str,
    first: &str,
) -> Result<String, zenlocal_client::Error> {
    let v = call(
        client,
        VM_2023,
        "CreateVpc",
        json!({"zoneId": zone, "vpcName": "net-1", "vpcCidrBlock": cidr,
               "subnetName": "first", "subnetCidrBlock": first}),
    )
    .await?;
    Ok(v["vpcId"].as_str().unwrap().to_owned())
}

async fn vpc_subnet(
    client: &Client,
    vpc_id: &str,
    cidr: &str,
) -> Result<String, zenlocal_client::Error> {
    let v = call(
        client,
        VM_2023,
        "CreateVpcSubnet",
        json!({"vpcId": vpc_id, "subnetName": "more", "cidrBlock": cidr}),
    )
    .await?;
    Ok(v["subnetId"].as_str().unwrap().to_owned())
}

/// D-228 to D-230: a vm VPC with its first subnet, more subnets, listings apart from the
/// subnets in no VPC, renaming, and deletion with its subnets; 2023-03-13 only.
#[tokio::test]
async fn a_vm_vpc_and_its_subnets_are_made_listed_renamed_and_deleted() {
    let app = TestApp::spawn_bare(|_| {}).await;
    let (_, client, _) = app.account("10.00").await;
    let id = vm_vpc(&client, VM_ZONE, "10.0.0.0/24", "10.0.0.0/28")
        .await
        .unwrap();
    assert!(id.starts_with("vpc-"), "{id}");
    let more = vpc_subnet(&client, &id, "10.0.0.64/26").await.unwrap();
    let classic = call(
        &client,
        VM_2023,
        "CreateSubnet",
        json!({"zoneId": VM_ZONE, "subnetName": "classic", "cidrBlock": "192.168.0.0/24"}),
    )
    .await
    .unwrap();

    let listed = call(&client, VM_2023, "DescribeVpcs", json!({"zoneId": VM_ZONE}))
        .await
        .unwrap();
    assert_eq!(listed["totalCount"], 1);
    let v = &listed["dataSet"][0];
    assert_eq!(
        (v["vpcId"].as_str(), v["vpcStatus"].as_str()),
        (Some(id.as_str()), Some("Available"))
    );
    assert_eq!(v["cidrBlock"], "10.0.0.0/24");
    assert_eq!(v["isDefault"], false);
    assert_eq!(v["subnetIdList"].as_array().unwrap().len(), 2);
    let subnets = call(&client, VM_2023, "DescribeVpcSubnets", json!({"vpcId": id}))
        .await
        .unwrap();
    assert_eq!(subnets["totalCount"], 2);
    let s = subnets["dataSet"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["subnetId"] == more.as_str())
        .unwrap();
    assert_eq!(
        (s["totalIpCount"].as_i64(), s["usageIpCount"].as_i64()),
        (Some(61), Some(0))
    );
    assert_eq!(s["vpcId"], id.as_str());
    // The classic actions see only the subnets in no VPC, and the other way round.
    let plain = call(&client, VM_2023, "DescribeSubnets", json!({}))
        .await
        .unwrap();
    assert_eq!(plain["dataSet"][0]["subnetId"], classic["subnetId"]);
    assert_eq!(plain["totalCount"], 1);
    assert_api_error(
        call(&client, VM_2023, "DeleteSubnet", json!({"subnetId": more})).await,
        404,
        "INVALID_SUBNET_NOT_FOUND",
    );
    assert_api_error(
        call(
            &client,
            VM_2023,
            "DeleteVpcSubnet",
            json!({"subnetId": classic["subnetId"]}),
        )
        .await,
        404,
        "INVALID_SUBNET_NOT_FOUND",
    );

    call(
        &client,
        VM_2023,
        "ModifyVpcsAttribute",
        json!({"vpcIds": [id], "vpcName": "renamed"}),
    )
    .await
    .unwrap();
    assert_api_error(
        call(
            &client,
            VM_2023,
            "ModifyVpcsAttribute",
            json!({"vpcIds": [id, "vpc-nothere"], "vpcName": "again"}),
        )
        .await,
        404,
        "INVALID_VPC_NOT_FOUND",
    );
    call(
        &client,
        VM_2023,
        "ModifyVpcSubnetsAttribute",
        json!({"subnetIds": [more], "subnetName": "web"}),
    )
    .await
    .unwrap();
    let named = call(
        &client,
        VM_2023,
        "DescribeVpcSubnets",
        json!({"subnetName": "web"}),
    )
    .await
    .unwrap();
    assert_eq!(named["totalCount"], 1);
    assert_eq!(
        call(
            &client,
            VM_2023,
            "DescribeVpcs",
            json!({"vpcName": "renamed"})
        )
        .await
        .unwrap()["totalCount"],
        1
    );

    call(
        &client,
        VM_2023,
        "DeleteVpcSubnet",
        json!({"subnetId": more}),
    )
    .await
    .unwrap();
    call(&client, VM_2023, "DeleteVpc", json!({"vpcId": id}))
        .await
        .unwrap();
    assert_api_error(
        call(&client, VM_2023, "DeleteVpc", json!({"vpcId": id})).await,
        404,
        "INVALID_VPC_NOT_FOUND",
    );
    // Its range and its subnets are gone.
    assert_eq!(
        call(&client, VM_2023, "DescribeVpcSubnets", json!({}))
            .await
            .unwrap()["totalCount"],
        0
    );
    vm_vpc(&client, VM_ZONE, "10.0.0.0/24", "10.0.0.0/24")
        .await
        .unwrap();
    // vm 2026-04-01 has no VPC actions, as in the SDK.
    assert_api_error(
        call(&client, Version::Vm20260401, "DescribeVpcs", json!({})).await,
        404,
        "INVALID_ACTION_NOT_FOUND",
    );
}

/// D-228, D-229: every refusal of CreateVpc and CreateVpcSubnet with its code.
#[tokio::test]
async fn vm_vpc_refusals_answer_their_codes() {
    let app = TestApp::spawn_bare(|_| {}).await;
    let (_, client, _) = app.account("10.00").await;
    let id = vm_vpc(&client, VM_ZONE, "172.16.0.0/24", "172.16.0.0/26")
        .await
        .unwrap();
    for (zone, cidr, first, status, code) in [
        (
            "nowhere",
            "10.0.0.0/24",
            "10.0.0.0/26",
            404,
            "INVALID_ZONE_NOT_FOUND",
        ),
        (
            "asia-east-2a",
            "10.0.0.0/24",
            "10.0.0.0/26",
            400,
            "UNSUPPORTED_OPERATION_ZONE_NOT_SUPPORT",
        ),
        (
            VM_ZONE,
            "172.16.0.0/25",
            "172.16.0.0/26",
            400,
            "UNSUPPORTED_OPERATION_CIDR_BLOCK_IS_EXIST",
        ),
        (
            VM_ZONE,
            "10.1.0.0/24",
            "10.1.0.0/26",
            400,
            "INVALID_PARAMETER",
        ),
        (
            VM_ZONE,
            "10.0.0.0/24",
            "10.0.1.0/26",
            400,
            "INVALID_PARAMETER",
        ),
    ] {
        assert_api_error(vm_vpc(&client, zone, cidr, first).await, status, code);
    }
    // A subnet in no VPC may not overlap a VPC of the zone either.
    assert_api_error(
        call(
            &client,
            VM_2023,
            "CreateSubnet",
            json!({"zoneId": VM_ZONE, "subnetName": "classic", "cidrBlock": "172.16.0.128/25"}),
        )
        .await,
        400,
        "UNSUPPORTED_OPERATION_CIDR_BLOCK_IS_EXIST",
    );
    assert_api_error(
        vpc_subnet(&client, "vpc-nothere", "172.16.0.64/26").await,
        404,
        "INVALID_VPC_NOT_FOUND",
    );
    assert_api_error(
        vpc_subnet(&client, &id, "172.16.0.32/27").await,
        400,
        "UNSUPPORTED_OPERATION_CIDR_BLOCK_IS_EXIST",
    );
    assert_api_error(
        vpc_subnet(&client, &id, "10.0.0.0/26").await,
        400,
        "INVALID_PARAMETER",
    );
    for n in 8..17 {
        vpc_subnet(&client, &id, &format!("172.16.0.{}/29", n * 8))
            .await
            .unwrap();
    }
    assert_api_error(
        vpc_subnet(&client, &id, "172.16.0.136/29").await,
        400,
        "UNSUPPORTED_OPERATION_SUBNET_BIND_NETWORK_COUNT_LIMIT",
    );
}

/// D-230, D-231: instances are created in a VPC subnet, keep it and its VPC from being
/// deleted, and free them when released; another account's VPC does not exist.
#[tokio::test]
async fn vm_instances_in_a_vpc_subnet() {
    let app = TestApp::spawn_bare(|_| {}).await;
    let (_, client, _) = app.account("100.00").await;
    let (_, bob, _) = app.account("10.00").await;
    let id = vm_vpc(&client, VM_ZONE, "10.0.0.0/24", "10.0.0.0/29")
        .await
        .unwrap();
    let subnets = call(&client, VM_2023, "DescribeVpcSubnets", json!({"vpcId": id}))
        .await
        .unwrap();
    let first = subnets["dataSet"][0]["subnetId"]
        .as_str()
        .unwrap()
        .to_owned();
    let v = call(
        &client,
        VM_2023,
        "CreateInstances",
        json!({"zoneId": VM_ZONE, "instanceType": "c.1c2g", "imageId": "ubuntu_22_04_x64",
               "instanceChargeType": "POSTPAID", "internetChargeType": "ByBandwidth",
               "password": "Passw0rd-x", "subnetId": first}),
    )
    .await
    .unwrap();
    let instance = v["instanceIdSet"][0].as_str().unwrap().to_owned();
    let shown = call(
        &client,
        VM_2023,
        "DescribeInstances",
        json!({"instanceIds": [instance]}),
    )
    .await
    .unwrap();
    assert_eq!(
        shown["dataSet"][0]["privateIpAddresses"],
        json!(["10.0.0.2"])
    );
    let s = call(
        &client,
        VM_2023,
        "DescribeVpcSubnets",
        json!({"subnetIds": [first]}),
    )
    .await
    .unwrap();
    assert_eq!(s["dataSet"][0]["instanceIdList"], json!([instance]));
    assert_eq!(s["dataSet"][0]["usageIpCount"], 1);
    for (action, body) in [
        ("DeleteVpcSubnet", json!({"subnetId": first})),
        ("DeleteVpc", json!({"vpcId": id})),
    ] {
        assert_api_error(
            call(&client, VM_2023, action, body).await,
            400,
            "UNSUPPORTED_OPERATION_SUBNET_HAS_INSTANCE",
        );
    }
    for (action, body, status, code) in [
        ("DescribeVpcs", json!({"vpcIds": [id]}), 0, ""),
        (
            "DeleteVpc",
            json!({"vpcId": id}),
            404,
            "INVALID_VPC_NOT_FOUND",
        ),
        (
            "CreateVpcSubnet",
            json!({"vpcId": id, "subnetName": "x1", "cidrBlock": "10.0.0.128/25"}),
            404,
            "INVALID_VPC_NOT_FOUND",
        ),
        (
            "DeleteVpcSubnet",
            json!({"subnetId": first}),
            404,
            "INVALID_SUBNET_NOT_FOUND",
        ),
    ] {
        let answer = call(&bob, VM_2023, action, body).await;
        if status == 0 {
            assert_eq!(answer.unwrap()["totalCount"], 0);
        } else {
            assert_api_error(answer, status, code);
        }
    }
    call(
        &client,
        VM_2023,
        "TerminateInstance",
        json!({"instanceId": instance}),
    )
    .await
    .unwrap();
    call(
        &client,
        VM_2023,
        "ReleaseInstances",
        json!({"instanceIds": [instance]}),
    )
    .await
    .unwrap();
    call(&client, VM_2023, "DeleteVpc", json!({"vpcId": id}))
        .await
        .unwrap();
}
