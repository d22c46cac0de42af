//! Operations and attributes of instances (docs/decisions.md D-121 to D-129) through real
//! requests on the frozen clock: the states they pass through and for how long, renewal
//! through the billing path, and tenancy — no action of theirs reads or changes another
//! account's instance.

use crate::helpers::*;
use crate::instances::{describe, status};
use serde_json::{json, Value};
use zenlocal_client::Client;
use zenlocal_wire::Version;

const BMC: Version = Version::Bmc20260201;
const BMC_2022: Version = Version::Bmc20221120;
const VM: Version = Version::Vm20260401;
const VM_2023: Version = Version::Vm20230313;
const MONTH: i64 = 30 * 86_400;

fn body(version: Version, charge: &str) -> Value {
    let mut v = if version.service() == zenlocal_wire::Service::Bmc {
        json!({"zoneId": "SEL-A", "instanceTypeId": "M6C", "imageId": "img-ubuntu-2204"})
    } else {
        json!({"zoneId": "asia-east-1a", "instanceType": "c.1c2g", "imageId": "ubuntu_22_04_x64"})
    };
    v["instanceChargeType"] = json!(charge);
    v["internetChargeType"] = json!("ByBandwidth");
    v["internetMaxBandwidthOut"] = json!(20);
    v["password"] = json!("Passw0rd-x");
    if charge == "PREPAID" {
        v["instanceChargePrepaid"] = json!({"period": 1});
    }
    v
}

async fn create(client: &Client, version: Version, charge: &str) -> String {
    let v = call(client, version, "CreateInstances", body(version, charge))
        .await
        .unwrap();
    v["instanceIdSet"][0].as_str().unwrap().to_owned()
}

/// D-121, D-122, D-126: each operation shows its state for exactly its time, then RUNNING.
#[tokio::test]
async fn operations_pass_through_their_states_for_their_times() {
    let app = TestApp::spawn_bare(|c| c.timings.reinstall = 30).await;
    let (_, client, _) = app.account("5000.00").await;
    let bmc = create(&client, BMC, "POSTPAID").await;
    let vm = create(&client, VM, "POSTPAID").await;

    call(
        &client,
        BMC,
        "RebootInstances",
        json!({"instanceIds": [bmc]}),
    )
    .await
    .unwrap();
    call(&client, VM, "RebootInstances", json!({"instanceIds": [vm]}))
        .await
        .unwrap();
    assert_eq!(status(&client, BMC, &bmc).await, "BOOTING");
    assert_eq!(status(&client, VM, &vm).await, "REBOOT");
    advance(&app, 4).await;
    assert_eq!(status(&client, VM, &vm).await, "REBOOT");
    advance(&app, 1).await;
    assert_eq!(status(&client, BMC, &bmc).await, "RUNNING");
    assert_eq!(status(&client, VM, &vm).await, "RUNNING");

    call(
        &client,
        BMC,
        "ReinstallInstance",
        json!({"instanceId": bmc, "hostname": "db-2"}),
    )
    .await
    .unwrap();
    call(&client, VM, "StopInstances", json!({"instanceIds": [vm]}))
        .await
        .unwrap();
    advance(&app, 5).await;
    call(
        &client,
        VM,
        "ResetInstance",
        json!({"instanceId": vm, "imageId": "debian_12_x64"}),
    )
    .await
    .unwrap();
    assert_eq!(status(&client, VM, &vm).await, "REBUILDING");
    advance(&app, 24).await;
    let installed = describe(&client, BMC, &bmc).await;
    assert_eq!(installed["instanceStatus"], "INSTALLING");
    assert_eq!(installed["hostname"], "db-2");
    advance(&app, 1).await;
    assert_eq!(status(&client, BMC, &bmc).await, "RUNNING");
    assert_eq!(status(&client, VM, &vm).await, "REBUILDING");
    advance(&app, 5).await;
    let reset = describe(&client, VM, &vm).await;
    assert_eq!(
        (reset["instanceStatus"].as_str(), reset["imageId"].as_str()),
        (Some("RUNNING"), Some("debian_12_x64"))
    );

    call(&client, VM, "StopInstances", json!({"instanceIds": [vm]}))
        .await
        .unwrap();
    advance(&app, 5).await;
    call(
        &client,
        VM,
        "ResetInstancesPassword",
        json!({"instanceIds": [vm], "password": "N3w-Secret!"}),
    )
    .await
    .unwrap();
    assert_eq!(status(&client, VM, &vm).await, "BOOTING");
    advance(&app, 5).await;
    let v = call(&client, VM, "DescribeInstancesStatus", json!({}))
        .await
        .unwrap();
    assert_eq!(
        v["dataSet"],
        json!([{"instanceId": vm, "instanceStatus": "RUNNING"}])
    );
}

/// D-122: with no reinstall time a reinstall is done within the request.
#[tokio::test]
async fn a_reinstall_time_of_zero_is_done_at_once() {
    let app = TestApp::spawn_with(|c| {
        c.demo = false;
        c.timings.provisioning = 0;
        c.timings.reinstall = 0;
    })
    .await;
    let (_, client, _) = app.account("5000.00").await;
    let bmc = create(&client, BMC_2022, "POSTPAID").await;
    call(
        &client,
        BMC_2022,
        "ReinstallInstance",
        json!({"instanceId": bmc, "ipxeUrl": "netboot"}),
    )
    .await
    .unwrap();
    let v = describe(&client, BMC_2022, &bmc).await;
    assert_eq!(
        (v["instanceStatus"].as_str(), v["ipxeUrl"].as_str()),
        (Some("RUNNING"), Some("netboot"))
    );
    assert!(v["imageId"].is_null(), "{v}");
}

async fn orders_of(app: &TestApp, id: &str, kind: &str) -> Vec<Value> {
    let (status, v) = app.control_get(&format!("/orders?instanceId={id}")).await;
    assert_eq!(status, 200, "{v}");
    v["orders"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["kind"] == kind)
        .cloned()
        .collect()
}

/// D-127: RenewInstance is one RENEW order and its entry now; the old cycle end is stale,
/// so nothing more is charged until the new expiry, where the usual renewal comes.
#[tokio::test]
async fn a_renewal_moves_the_cycle_end() {
    let app = TestApp::spawn_bare(|c| c.timings.reinstall = 30).await;
    let (_, client, _) = app.account("5000.00").await;
    let id = create(&client, BMC, "PREPAID").await;
    let paid = balance(&client).await;
    advance(&app, 86_400).await;
    call(&client, BMC, "RenewInstance", json!({"instanceId": id}))
        .await
        .unwrap();
    // 199.00 the model, 20 Mbps with 10 free at 2.00.
    assert_eq!(balance(&client).await, paid - 219.0);
    let renewals = orders_of(&app, &id, "RENEW").await;
    assert_eq!(renewals.len(), 1);
    assert_eq!(renewals[0]["from"], "2026-01-31T00:00:00Z");
    assert_eq!(renewals[0]["to"], "2026-03-02T00:00:00Z");
    assert_eq!(
        describe(&client, BMC, &id).await["expiredTime"],
        "2026-03-02T00:00:00Z"
    );

    advance(&app, MONTH).await;
    assert_eq!(orders_of(&app, &id, "RENEW").await.len(), 1);
    assert_eq!(balance(&client).await, paid - 219.0);
    assert_eq!(status(&client, BMC, &id).await, "RUNNING");
    advance(&app, MONTH).await;
    assert_eq!(orders_of(&app, &id, "RENEW").await.len(), 2);
    assert_eq!(balance(&client).await, paid - 438.0);
}

/// D-127, D-19: after a renewal an upgrade is charged to the new expiry, and its quote
/// says exactly what is taken.
#[tokio::test]
async fn after_a_renewal_the_quote_is_the_charge() {
    let app = TestApp::spawn_bare(|c| c.timings.reinstall = 30).await;
    let (_, client, _) = app.account("5000.00").await;
    let id = create(&client, BMC, "PREPAID").await;
    advance(&app, 10 * 86_400).await;
    call(&client, BMC, "RenewInstance", json!({"instanceId": id}))
        .await
        .unwrap();
    let asked = json!({"instanceId": id, "bandwidthOutMbps": 50});
    let quote = call(&client, BMC, "InquiryPriceInstanceBandwidth", asked.clone())
        .await
        .unwrap();
    let quoted = quote["bandwidthPrice"][0]["discountPrice"]
        .as_f64()
        .unwrap();
    let before = balance(&client).await;
    call(&client, BMC, "ModifyInstanceBandwidth", asked)
        .await
        .unwrap();
    let taken = before - balance(&client).await;
    assert!(
        (taken - quoted).abs() < 1e-9,
        "took {taken}, quoted {quoted}"
    );
    // 30 Mbps more at 2.00 for 50 of the 60 paid days.
    assert!((quoted - 100.0).abs() < 1e-9, "{quoted}");
}

/// D-6, D-125: every action of these operations answers another account's instance as a
/// missing one, and changes nothing of it.
#[tokio::test]
async fn no_operation_reads_or_changes_another_accounts_instance() {
    let app = TestApp::spawn_bare(|c| c.timings.reinstall = 30).await;
    let (owner_id, owner, _) = app.account("5000.00").await;
    let (_, intruder, _) = app.account("5000.00").await;
    let bmc = create(&owner, BMC, "PREPAID").await;
    let vm = create(&owner, VM, "PREPAID").await;
    let (status_code, group) = app
        .control_post(
            &format!("/accounts/{owner_id}/resource-groups"),
            json!({"name": "web"}),
        )
        .await;
    assert_eq!(status_code, 200, "{group}");
    let before = (
        describe(&owner, BMC, &bmc).await,
        describe(&owner, VM, &vm).await,
    );
    let owner_balance = balance(&owner).await;

    let not_found = "INVALID_INSTANCE_NOT_FOUND";
    let cases = [
        (
            BMC,
            "RebootInstances",
            json!({"instanceIds": [bmc]}),
            not_found,
        ),
        (
            BMC,
            "ReinstallInstance",
            json!({"instanceId": bmc}),
            not_found,
        ),
        (
            BMC,
            "ModifyInstancesAttribute",
            json!({"instanceIds": [bmc], "instanceName": "x"}),
            not_found,
        ),
        (BMC, "RenewInstance", json!({"instanceId": bmc}), not_found),
        (
            BMC,
            "DescribeInstanceIpmiUrl",
            json!({"instanceId": bmc}),
            not_found,
        ),
        (
            BMC,
            "ResetInstanceIpmiPassword",
            json!({"instanceId": bmc, "password": "Passw0rd-x"}),
            not_found,
        ),
        (
            VM,
            "RebootInstances",
            json!({"instanceIds": [vm]}),
            not_found,
        ),
        (VM, "ResetInstance", json!({"instanceId": vm}), not_found),
        (
            VM_2023,
            "ResetInstancesPassword",
            json!({"instanceIds": [vm], "password": "Passw0rd-x"}),
            not_found,
        ),
        (
            VM,
            "ModifyInstancesAttribute",
            json!({"instanceIds": [vm], "instanceName": "x"}),
            not_found,
        ),
        (VM, "DescribeVncUrl", json!({"instanceId": vm}), not_found),
        (
            BMC,
            "ModifyInstancesResourceGroup",
            json!({"instanceIds": [bmc], "resourceGroupId": group["resourceGroupId"]}),
            "OPERATION_FAILED_RESOURCE_GROUP_NOT_FOUND",
        ),
    ];
    for (version, action, request, code) in cases {
        let result = call(&intruder, version, action, request).await;
        assert_api_error(result, 404, code);
    }
    // Their own default group exists, but the instances are not theirs to move.
    let (_, theirs) = app.control_get("/accounts/missing/resource-groups").await;
    assert_eq!(theirs["code"], "RESOURCE_NOT_FOUND");
    let result = call(
        &intruder,
        VM,
        "ModifyInstancesResourceGroup",
        json!({"instanceIds": [vm], "resourceGroupId": "rg-default-missing"}),
    )
    .await;
    assert_api_error(result, 404, "OPERATION_FAILED_RESOURCE_GROUP_NOT_FOUND");
    let v = call(
        &intruder,
        VM,
        "DescribeInstancesStatus",
        json!({"instanceIds": [vm]}),
    )
    .await
    .unwrap();
    assert_eq!(v["totalCount"], 0);

    assert_eq!(
        (
            describe(&owner, BMC, &bmc).await,
            describe(&owner, VM, &vm).await
        ),
        before
    );
    assert_eq!(balance(&owner).await, owner_balance);
    assert!(orders_of(&app, &bmc, "RENEW").await.is_empty());
}

/// D-125: the control plane's resource groups, and the default one every account has.
#[tokio::test]
async fn resource_groups_belong_to_their_account() {
    let app = TestApp::spawn_bare(|c| c.timings.reinstall = 30).await;
    let (account, client, _) = app.account("100.00").await;
    let path = format!("/accounts/{account}/resource-groups");
    let (status_code, web) = app.control_post(&path, json!({"name": "web"})).await;
    assert_eq!(status_code, 200, "{web}");
    let (status_code, again) = app.control_post(&path, json!({"name": "web"})).await;
    assert_eq!(
        (status_code, again["code"].as_str()),
        (400, Some("INVALID_PARAMETER"))
    );
    let (status_code, listed) = app.control_get(&path).await;
    assert_eq!(status_code, 200);
    assert_eq!(
        listed["resourceGroups"],
        json!([
            {"resourceGroupId": format!("rg-default-{account}"), "name": "Default Resource Group"},
            web,
        ])
    );
    let (status_code, missing) = app
        .control_post("/accounts/nobody/resource-groups", json!({"name": "x"}))
        .await;
    assert_eq!(
        (status_code, missing["code"].as_str()),
        (404, Some("RESOURCE_NOT_FOUND"))
    );

    let id = create(&client, VM, "POSTPAID").await;
    call(
        &client,
        VM,
        "ModifyInstancesResourceGroup",
        json!({"instanceIds": [id], "resourceGroupId": web["resourceGroupId"]}),
    )
    .await
    .unwrap();
    let v = describe(&client, VM, &id).await;
    assert_eq!(
        (&v["resourceGroupId"], &v["resourceGroupName"]),
        (&web["resourceGroupId"], &json!("web"))
    );
}
