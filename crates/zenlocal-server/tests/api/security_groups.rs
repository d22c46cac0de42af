//! vm security groups (docs/decisions.md D-155 to D-158) through real requests: groups and
//! their rules in both vm versions, rule checks and limits, atomic replacement, tenancy,
//! and the groups applied to instances, freed when they are released.

use crate::helpers::*;
use serde_json::{json, Value};
use zenlocal_client::Client;
use zenlocal_wire::Version;

const VM_2023: Version = Version::Vm20230313;
const VM: Version = Version::Vm20260401;

fn ssh() -> Value {
    json!({"direction": "ingress", "ipProtocol": "tcp", "portRange": "22/22", "cidrIp": "0.0.0.0/0"})
}

async fn group(client: &Client, rules: Value) -> Result<String, zenlocal_client::Error> {
    let v = call(
        client,
        VM,
        "CreateSecurityGroup",
        json!({"securityGroupName": "web", "description": "front", "ruleInfos": rules}),
    )
    .await?;
    Ok(v["securityGroupId"].as_str().unwrap().to_owned())
}

async fn shown(client: &Client, version: Version, id: &str) -> Value {
    let v = call(
        client,
        version,
        "DescribeSecurityGroups",
        json!({"securityGroupIds": [id]}),
    )
    .await
    .unwrap();
    v["dataSet"][0].clone()
}

async fn rules_of(client: &Client, id: &str) -> Vec<String> {
    shown(client, VM, id).await["ruleInfos"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!("{} {} {}", r["direction"], r["ipProtocol"], r["portRange"]).replace('"', "")
        })
        .collect()
}

async fn vm_instance(
    client: &Client,
    group: Option<&str>,
) -> Result<String, zenlocal_client::Error> {
    let mut body = json!({
        "zoneId": "asia-east-1a",
        "instanceType": "c.1c2g",
        "imageId": "ubuntu_22_04_x64",
        "instanceChargeType": "POSTPAID",
        "internetChargeType": "ByBandwidth",
        "password": "Passw0rd-x",
    });
    if let Some(g) = group {
        body["securityGroupId"] = json!(g);
    }
    let v = call(client, VM, "CreateInstances", body).await?;
    Ok(v["instanceIdSet"][0].as_str().unwrap().to_owned())
}

/// D-155, D-157: created with rules, listed in both versions (priority from 2026 on),
/// rules added, replaced whole and revoked; renamed; deleted.
#[tokio::test]
async fn a_group_and_its_rules_change_all_at_once() {
    let app = TestApp::spawn_bare(|_| {}).await;
    let (_, client, _) = app.account("10.00").await;
    let id = group(&client, json!([ssh()])).await.unwrap();
    assert!(id.starts_with("sg-"), "{id}");
    let g = shown(&client, VM_2023, &id).await;
    assert_eq!(g["securityGroupStatus"], "AVAILABLE");
    assert_eq!(g["securityGroupName"], "web");
    assert_eq!(g["ruleInfos"][0]["policy"], "accept");
    assert!(g["ruleInfos"][0].get("priority").is_none());
    assert_eq!(shown(&client, VM, &id).await["ruleInfos"][0]["priority"], 1);

    call(
        &client,
        VM_2023,
        "AuthorizeSecurityGroupRule",
        json!({"securityGroupId": id, "direction": "egress", "ipProtocol": "all",
               "portRange": "-1/-1", "cidrIp": "0.0.0.0/0"}),
    )
    .await
    .unwrap();
    let https = json!({"direction": "ingress", "ipProtocol": "tcp", "portRange": "443/443",
                       "cidrIp": "0.0.0.0/0"});
    call(
        &client,
        VM,
        "AuthorizeSecurityGroupRules",
        json!({"securityGroupId": id, "ruleInfos": [https]}),
    )
    .await
    .unwrap();
    assert_eq!(
        rules_of(&client, &id).await,
        [
            "ingress tcp 22/22",
            "egress all -1/-1",
            "ingress tcp 443/443"
        ]
    );
    // A duplicate anywhere in the request changes nothing.
    assert_api_error(
        call(
            &client,
            VM,
            "AuthorizeSecurityGroupRules",
            json!({"securityGroupId": id, "ruleInfos": [
                {"direction": "ingress", "ipProtocol": "udp", "portRange": "53/53", "cidrIp": "0.0.0.0/0"},
                ssh(),
            ]}),
        )
        .await,
        403,
        "OPERATION_DENIED_SECURITY_GROUP_EXIST_REPEAT_RULE",
    );
    assert_eq!(rules_of(&client, &id).await.len(), 3);

    call(
        &client,
        VM,
        "RevokeSecurityGroupRules",
        json!({"securityGroupId": id, "ruleInfos": [ssh()]}),
    )
    .await
    .unwrap();
    assert_eq!(
        rules_of(&client, &id).await,
        ["egress all -1/-1", "ingress tcp 443/443"]
    );
    // Configure replaces the set; a bad rule in it leaves the old set.
    let bad = json!({"direction": "ingress", "ipProtocol": "tcp", "portRange": "80/8",
                     "cidrIp": "0.0.0.0/0"});
    assert_api_error(
        call(
            &client,
            VM,
            "ConfigureSecurityGroupRules",
            json!({"securityGroupId": id, "ruleInfos": [ssh(), bad]}),
        )
        .await,
        400,
        "INVALID_PARAMETER_SECURITY_GROUP_PORT_RANGE",
    );
    assert_eq!(rules_of(&client, &id).await.len(), 2);
    call(
        &client,
        VM,
        "ConfigureSecurityGroupRules",
        json!({"securityGroupId": id, "ruleInfos": [ssh()]}),
    )
    .await
    .unwrap();
    assert_eq!(rules_of(&client, &id).await, ["ingress tcp 22/22"]);

    call(
        &client,
        VM,
        "ModifySecurityGroupsAttribute",
        json!({"securityGroupIds": [id], "securityGroupName": "ssh-only"}),
    )
    .await
    .unwrap();
    let g = shown(&client, VM, &id).await;
    assert_eq!(
        (g["securityGroupName"].as_str(), g["description"].as_str()),
        (Some("ssh-only"), Some("front"))
    );
    call(
        &client,
        VM,
        "DeleteSecurityGroup",
        json!({"securityGroupId": id}),
    )
    .await
    .unwrap();
    assert_api_error(
        call(
            &client,
            VM,
            "DeleteSecurityGroup",
            json!({"securityGroupId": id}),
        )
        .await,
        404,
        "INVALID_SECURITY_GROUP_NOT_FOUND",
    );
}

/// D-156, D-157: every rule refusal with its code; 20 rules per direction.
#[tokio::test]
async fn rules_are_checked_and_limited() {
    let app = TestApp::spawn_bare(|_| {}).await;
    let (_, client, _) = app.account("10.00").await;
    for (rule, status, code) in [
        (
            json!({"direction": "ingress", "ipProtocol": "tcp", "portRange": "0/22", "cidrIp": "0.0.0.0/0"}),
            400,
            "INVALID_PARAMETER_SECURITY_GROUP_PORT_RANGE",
        ),
        (
            json!({"direction": "ingress", "ipProtocol": "icmp", "portRange": "22/22", "cidrIp": "0.0.0.0/0"}),
            400,
            "INVALID_PARAMETER_SECURITY_GROUP_PORT_RANGE",
        ),
        (
            json!({"direction": "ingress", "ipProtocol": "tcp", "portRange": "22/22", "cidrIp": "10.0.0.300/8"}),
            400,
            "INVALID_PARAMETER_SECURITY_GROUP_SOURCE_CIDR_IP",
        ),
        (
            json!({"direction": "ingress", "ipProtocol": "tcp", "portRange": "22/22", "cidrIp": "0.0.0.0/0",
                "policy": "drop"}),
            400,
            "INVALID_PARAMETER_SECURITY_GROUP_POLICY",
        ),
        (
            json!({"direction": "ingress", "ipProtocol": "tcp", "portRange": "22/22", "cidrIp": "0.0.0.0/0",
                "priority": 0}),
            400,
            "INVALID_PARAMETER_SECURITY_GROUP_PRIORITY",
        ),
        (
            json!({"direction": "in", "ipProtocol": "tcp", "portRange": "22/22", "cidrIp": "0.0.0.0/0"}),
            400,
            "INVALID_PARAMETER",
        ),
        (
            json!({"direction": "ingress", "ipProtocol": "gre", "portRange": "-1/-1", "cidrIp": "0.0.0.0/0"}),
            400,
            "INVALID_PARAMETER",
        ),
    ] {
        assert_api_error(group(&client, json!([rule])).await, status, code);
    }
    let twenty: Vec<Value> = (1..=20)
        .map(|p| {
            json!({"direction": "ingress", "ipProtocol": "tcp", "portRange": format!("{p}/{p}"),
                        "cidrIp": "0.0.0.0/0"})
        })
        .collect();
    let id = group(&client, json!(twenty)).await.unwrap();
    assert_api_error(
        call(
            &client,
            VM,
            "AuthorizeSecurityGroupRules",
            json!({"securityGroupId": id, "ruleInfos": [
                {"direction": "ingress", "ipProtocol": "udp", "portRange": "1/1", "cidrIp": "0.0.0.0/0"}
            ]}),
        )
        .await,
        403,
        "OPERATION_DENIED_SECURITY_GROUP_RULE_EXCEED_LIMIT",
    );
    // Egress has its own twenty.
    call(
        &client,
        VM,
        "AuthorizeSecurityGroupRules",
        json!({"securityGroupId": id, "ruleInfos": [
            {"direction": "egress", "ipProtocol": "udp", "portRange": "1/1", "cidrIp": "0.0.0.0/0"}
        ]}),
    )
    .await
    .unwrap();
}

/// D-158: applied at creation or later, two at most, not deleted while in use, freed with
/// the released instance; another account's group does not exist for the caller.
#[tokio::test]
async fn groups_are_applied_to_instances_until_released() {
    let app = TestApp::spawn_bare(|_| {}).await;
    let (_, client, _) = app.account("100.00").await;
    let (_, bob, _) = app.account("10.00").await;
    let web = group(&client, json!([ssh()])).await.unwrap();
    let db = group(&client, json!([])).await.unwrap();
    let third = group(&client, json!([])).await.unwrap();
    let bobs = group(&bob, json!([])).await.unwrap();
    assert_api_error(
        vm_instance(&client, Some(&bobs)).await,
        404,
        "INVALID_SECURITY_GROUP_NOT_FOUND",
    );
    let id = vm_instance(&client, Some(&web)).await.unwrap();
    let listed = call(
        &client,
        VM,
        "DescribeInstances",
        json!({"securityGroupId": web}),
    )
    .await
    .unwrap();
    assert_eq!(listed["dataSet"][0]["instanceId"], id.as_str());
    assert_eq!(listed["dataSet"][0]["securityGroupIds"], json!([web]));
    assert_eq!(shown(&client, VM, &web).await["instanceIds"], json!([id]));

    let link = |action: &'static str, g: &str| {
        call(
            &client,
            VM,
            action,
            json!({"securityGroupId": g, "instanceId": id}),
        )
    };
    let available = call(
        &client,
        VM,
        "DescribeInstanceAvailableSecurityGroupResources",
        json!({"instanceId": id}),
    )
    .await
    .unwrap();
    assert_eq!(
        available["instanceAvailableSecurityGroups"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    link("AssociateSecurityGroupInstance", &db).await.unwrap();
    assert_api_error(
        link("AssociateSecurityGroupInstance", &third).await,
        403,
        "OPERATION_DENIED_INSTANCE_SECURITY_GROUP_EXCEED_LIMIT",
    );
    assert_api_error(
        link("AssociateSecurityGroupInstance", &bobs).await,
        404,
        "INVALID_SECURITY_GROUP_NOT_FOUND",
    );
    assert_api_error(
        call(
            &bob,
            VM,
            "AssociateSecurityGroupInstance",
            json!({"securityGroupId": bobs, "instanceId": id}),
        )
        .await,
        404,
        "INVALID_INSTANCE_NOT_FOUND",
    );
    link("UnAssociateSecurityGroupInstance", &db).await.unwrap();
    assert_api_error(
        link("UnAssociateSecurityGroupInstance", &db).await,
        400,
        "INVALID_PARAMETER",
    );
    assert_api_error(
        call(
            &client,
            VM,
            "DeleteSecurityGroup",
            json!({"securityGroupId": web}),
        )
        .await,
        403,
        "OPERATION_DENIED_SECURITY_GROUP_EXIST_INSTANCE",
    );
    call(&client, VM, "TerminateInstance", json!({"instanceId": id}))
        .await
        .unwrap();
    call(
        &client,
        VM,
        "ReleaseInstances",
        json!({"instanceIds": [id]}),
    )
    .await
    .unwrap();
    call(
        &client,
        VM,
        "DeleteSecurityGroup",
        json!({"securityGroupId": web}),
    )
    .await
    .unwrap();
}

/// D-158: a group is applied only to a RUNNING or STOPPED instance (the page's note).
#[tokio::test]
async fn a_group_is_applied_only_to_a_running_or_stopped_instance() {
    let app = TestApp::spawn_bare(|_| {}).await;
    let (_, client, _) = app.account("100.00").await;
    let web = group(&client, json!([])).await.unwrap();
    let id = vm_instance(&client, None).await.unwrap();
    call(&client, VM, "StopInstances", json!({"instanceIds": [id]}))
        .await
        .unwrap();
    let apply = || {
        call(
            &client,
            VM,
            "AssociateSecurityGroupInstance",
            json!({"securityGroupId": web, "instanceId": id}),
        )
    };
    assert_api_error(apply().await, 403, "OPERATION_DENIED_INSTANCE_STATUS");
    advance(&app, 60).await;
    apply().await.unwrap();
}
