//! Plan changes (D-10 to D-19) through real requests: every error code of every action
//! with its status, and the upgrade / downgrade / cancel / cycle-end flows.

use crate::helpers::*;
use serde_json::{json, Value};
use zenlocal_client::Client;
use zenlocal_wire::Version;

const BMC: Version = Version::Bmc20260201;
const BMC_OLD: Version = Version::Bmc20221120;
const VM: Version = Version::Vm20260401;
const VM_OLD: Version = Version::Vm20230313;
const DAY: i64 = 86_400;

async fn create(client: &Client, version: Version, body: Value) -> String {
    let v = call(client, version, "CreateInstances", body)
        .await
        .unwrap();
    v["instanceIdSet"][0].as_str().unwrap().to_owned()
}

fn bmc(charge: &str, internet: &str, extra: Value) -> Value {
    let mut body = json!({
        "zoneId": "SEL-A",
        "instanceTypeId": "M6C",
        "instanceChargeType": charge,
        "internetChargeType": internet,
        "internetMaxBandwidthOut": 20,
        "password": "Passw0rd-x",
    });
    if charge == "PREPAID" {
        body["instanceChargePrepaid"] = json!({"period": 1});
    }
    if internet == "ByTrafficPackage" && charge == "PREPAID" {
        body["trafficPackageSize"] = json!(2);
    }
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    body
}

fn vm(charge: &str, internet: &str, extra: Value) -> Value {
    let mut body = json!({
        "zoneId": "asia-east-1a",
        "instanceType": "c.1c2g",
        "imageId": "ubuntu_22_04_x64",
        "instanceChargeType": charge,
        "internetChargeType": internet,
        "internetMaxBandwidthOut": 5,
        "password": "Passw0rd-x",
    });
    if charge == "PREPAID" {
        body["instanceChargePrepaid"] = json!({"period": 1});
    }
    if internet == "ByTrafficPackage" && charge == "PREPAID" {
        body["trafficPackageSize"] = json!(2);
    }
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    body
}

/// A vm instance of `charge` paid ByBandwidth at `mbps`.
async fn vm_by_bandwidth(client: &Client, charge: &str, mbps: i64) -> String {
    let extra = json!({"internetMaxBandwidthOut": mbps});
    create(client, VM, vm(charge, "ByBandwidth", extra)).await
}

/// No demo account; instances run at once.
fn quick(c: &mut zenlocal_server::Config) {
    c.demo = false;
    c.timings.provisioning = 0;
}

async fn spawn() -> (TestApp, Client) {
    let app = TestApp::spawn_with(quick).await;
    let (_, client, _) = app.account("100000.00").await;
    (app, client)
}

async fn internet(client: &Client, version: Version, id: &str) -> Value {
    call(
        client,
        version,
        "DescribeInstanceInternetStatus",
        json!({"instanceId": id}),
    )
    .await
    .unwrap()
}

async fn orders(app: &TestApp, id: &str) -> Vec<Value> {
    let (_, v) = app.control_get(&format!("/orders?instanceId={id}")).await;
    v["orders"].as_array().unwrap().clone()
}

#[tokio::test]
async fn a_prepaid_upgrade_is_charged_for_the_rest_of_the_cycle_and_processes() {
    let (app, client) = spawn().await;
    let id = create(&client, BMC, bmc("PREPAID", "ByTrafficPackage", json!({}))).await;
    advance(&app, 15 * DAY).await;
    let quote = call(
        &client,
        BMC,
        "InquiryPriceInstanceTrafficPackage",
        json!({"instanceId": id, "trafficPackageSize": 100}),
    )
    .await
    .unwrap();
    // 98 TB more at 5.00 a month, for half of the cycle.
    let item = &quote["trafficPackagePrice"][0];
    assert_eq!(item["originalPrice"], 245.0);
    assert_eq!(item["discountPrice"], 245.0);
    assert_eq!(item["discount"], 100.0);
    let before = balance(&client).await;
    // The seed 003 request: trafficPackageSize 100.
    let answer = call(
        &client,
        BMC,
        "ModifyInstanceTrafficPackage",
        json!({"instanceId": id, "trafficPackageSize": 100}),
    )
    .await
    .unwrap();
    let number = answer["orderNumber"].as_str().unwrap().to_owned();
    assert_eq!(number.len(), 16);
    assert_eq!(balance(&client).await, before - 245.0);
    let status = internet(&client, BMC, &id).await;
    assert_eq!(status["modifiedTrafficPackageStatus"], "Processing");
    assert_eq!(status["trafficPackageSize"], 2.0);
    assert_eq!(status["modifiedTrafficPackageSize"], 100.0);
    let listed = call(
        &client,
        BMC,
        "DescribeInstances",
        json!({"instanceIds": [id]}),
    )
    .await
    .unwrap();
    assert_eq!(
        listed["dataSet"][0]["trafficPackageSize"], 2.0,
        "old value until done"
    );
    advance(&app, 5).await;
    let status = internet(&client, BMC, &id).await;
    assert_eq!(status["modifiedTrafficPackageStatus"], "Enable");
    assert_eq!(status["trafficPackageSize"], 100.0);
    assert_eq!(status["modifiedTrafficPackageSize"], Value::Null);
    let order = orders(&app, &id).await.pop().unwrap();
    assert_eq!(
        (
            order["kind"].as_str(),
            order["from"].as_str(),
            order["to"].as_str(),
            order["amount"].as_str(),
            order["status"].as_str()
        ),
        (
            Some("TRAFFIC_PACKAGE"),
            Some("2"),
            Some("100"),
            Some("245.00"),
            Some("PAID")
        )
    );
    let history = call(
        &client,
        Version::Zbc20240809,
        "DescribeTransactionHistory",
        json!({"pageSize": 1}),
    )
    .await
    .unwrap();
    assert_eq!(history["dataSet"][0]["orderSn"], number.as_str());
    assert_eq!(history["dataSet"][0]["amount"], 245.0);
}

#[tokio::test]
async fn a_prepaid_downgrade_waits_for_the_cycle_end_and_can_be_cancelled() {
    let (app, client) = spawn().await;
    let id = vm_by_bandwidth(&client, "PREPAID", 10).await;
    let before = balance(&client).await;
    let answer = call(
        &client,
        VM,
        "ModifyInstanceBandwidth",
        json!({"instanceId": id, "internetMaxBandwidthOut": 4}),
    )
    .await
    .unwrap();
    assert!(answer["orderNumber"].is_string());
    assert_eq!(
        balance(&client).await,
        before,
        "a downgrade is never charged"
    );
    let status = internet(&client, VM, &id).await;
    assert_eq!(status["modifiedBandwidthStatus"], "WaitToEnable");
    assert_eq!(status["modifiedInternetMaxBandwidthOut"], 4);
    assert_eq!(status["internetMaxBandwidthOut"], 10);
    let order = orders(&app, &id).await.pop().unwrap();
    assert_eq!(order["status"], "SCHEDULED");
    assert_eq!(order["effectiveAt"], "2026-01-31T00:00:00Z");
    assert_eq!(order["amount"], "0.00");
    call(
        &client,
        VM,
        "CancelInstanceBandwidthDowngrade",
        json!({"instanceId": id}),
    )
    .await
    .unwrap();
    let status = internet(&client, VM, &id).await;
    assert_eq!(status["modifiedBandwidthStatus"], "Enable");
    assert_eq!(status["modifiedInternetMaxBandwidthOut"], Value::Null);
    assert_eq!(
        orders(&app, &id).await.pop().unwrap()["status"],
        "CANCELLED"
    );
    advance(&app, 30 * DAY).await;
    assert_eq!(
        internet(&client, VM, &id).await["internetMaxBandwidthOut"],
        10
    );
}

#[tokio::test]
async fn a_scheduled_downgrade_applies_at_the_cycle_end_before_the_renewal_is_charged() {
    let (app, client) = spawn().await;
    let id = create(
        &client,
        BMC,
        bmc(
            "PREPAID",
            "ByBandwidth",
            json!({"internetMaxBandwidthOut": 30}),
        ),
    )
    .await;
    // 199 + 20 Mbps above the free 10 at 2.00.
    let after_create = balance(&client).await;
    call(
        &client,
        BMC,
        "ModifyInstanceBandwidth",
        json!({"instanceId": id, "bandwidthOutMbps": 15}),
    )
    .await
    .unwrap();
    advance(&app, 30 * DAY).await;
    let status = internet(&client, BMC, &id).await;
    assert_eq!(status["internetMaxBandwidthOut"], 15);
    assert_eq!(status["modifiedBandwidthStatus"], "Enable");
    // The renewal at the new plan: 199 + 5 x 2.00.
    assert_eq!(balance(&client).await, after_create - 209.0);
    let lines = orders(&app, &id).await;
    let downgrade = lines.iter().find(|o| o["kind"] == "BANDWIDTH").unwrap();
    assert_eq!(downgrade["status"], "APPLIED");
    assert_eq!(downgrade["effectiveAt"], "2026-01-31T00:00:00Z");
    let renewal = lines.iter().find(|o| o["kind"] == "RENEW").unwrap();
    assert_eq!(renewal["amount"], "209.00");
    // Applied exactly once: another cycle leaves it alone.
    advance(&app, 30 * DAY).await;
    assert_eq!(
        orders(&app, &id)
            .await
            .iter()
            .filter(|o| o["status"] == "APPLIED")
            .count(),
        1
    );
}

#[tokio::test]
async fn an_instance_that_does_not_renew_cancels_its_scheduled_downgrade() {
    let (app, client) = spawn().await;
    let id = create(
        &client,
        BMC,
        bmc(
            "PREPAID",
            "ByTrafficPackage",
            json!({"trafficPackageSize": 10}),
        ),
    )
    .await;
    call(
        &client,
        BMC,
        "ModifyInstanceTrafficPackage",
        json!({"instanceId": id, "trafficPackageSize": 5}),
    )
    .await
    .unwrap();
    call(&client, BMC, "TerminateInstance", json!({"instanceId": id}))
        .await
        .unwrap();
    advance(&app, 30 * DAY).await;
    let status = internet(&client, BMC, &id).await;
    assert_eq!(status["trafficPackageSize"], 10.0);
    assert_eq!(status["modifiedTrafficPackageStatus"], "Enable");
    let lines = orders(&app, &id).await;
    assert_eq!(
        lines
            .iter()
            .find(|o| o["kind"] == "TRAFFIC_PACKAGE")
            .unwrap()["status"],
        "CANCELLED"
    );
}

#[tokio::test]
async fn postpaid_changes_are_immediate_and_free_and_usage_follows_the_new_price() {
    let (app, client) = spawn().await;
    let id = vm_by_bandwidth(&client, "POSTPAID", 1).await;
    let before = balance(&client).await;
    let quote = call(
        &client,
        VM,
        "InquiryPriceInstanceBandwidth",
        json!({"instanceId": id, "internetMaxBandwidthOut": 11}),
    )
    .await
    .unwrap();
    let item = &quote["bandwidthPrice"][0];
    assert_eq!(
        item["unitPrice"], 0.05,
        "10 Mbps above the free 1 at 0.005 an hour"
    );
    assert_eq!(item["chargeUnit"], "HOUR");
    assert_eq!(item["originalPrice"], Value::Null);
    assert_eq!(item["discountPrice"], Value::Null);
    let answer = call(
        &client,
        VM,
        "ModifyInstanceBandwidth",
        json!({"instanceId": id, "internetMaxBandwidthOut": 11}),
    )
    .await
    .unwrap();
    assert!(answer["orderNumber"].is_string());
    assert_eq!(balance(&client).await, before);
    assert_eq!(
        internet(&client, VM, &id).await["modifiedBandwidthStatus"],
        "Processing"
    );
    advance(&app, 5).await;
    assert_eq!(
        internet(&client, VM, &id).await["internetMaxBandwidthOut"],
        11
    );
    // The first hour at 0.02, the next 23 started before midnight at 0.07.
    advance(&app, DAY - 5).await;
    assert!((balance(&client).await - (before - 0.02 - 23.0 * 0.07)).abs() < 1e-9);
    // A downgrade of POSTPAID is immediate too.
    call(
        &client,
        VM,
        "ModifyInstanceBandwidth",
        json!({"instanceId": id, "internetMaxBandwidthOut": 2}),
    )
    .await
    .unwrap();
    assert_eq!(
        internet(&client, VM, &id).await["modifiedBandwidthStatus"],
        "Processing"
    );
}

#[tokio::test]
async fn equal_targets_change_nothing_and_make_no_order() {
    let (app, client) = spawn().await;
    let bw = create(&client, BMC, bmc("PREPAID", "ByBandwidth", json!({}))).await;
    let tp = create(&client, VM, vm("PREPAID", "ByTrafficPackage", json!({}))).await;
    let before = balance(&client).await;
    for (version, action, body) in [
        (
            BMC,
            "ModifyInstanceBandwidth",
            json!({"instanceId": bw, "bandwidthOutMbps": 20}),
        ),
        (
            VM,
            "ModifyInstanceTrafficPackage",
            json!({"instanceId": tp, "trafficPackageSize": 2.0}),
        ),
    ] {
        let answer = call(&client, version, action, body).await.unwrap();
        assert_eq!(answer["orderNumber"], Value::Null);
    }
    assert_eq!(balance(&client).await, before);
    assert_eq!(orders(&app, &bw).await.len(), 1, "only the CREATE order");
    assert_eq!(
        internet(&client, BMC, &bw).await["modifiedBandwidthStatus"],
        "Enable"
    );
    assert_api_error(
        call(
            &client,
            VM,
            "ModifyInstanceType",
            json!({"instanceId": tp, "instanceTypeId": "c.1c2g"}),
        )
        .await,
        403,
        "INVALID_INSTANCE_TYPE_NOT_CHANGED",
    );
}

#[tokio::test]
async fn bmc_bandwidth_within_the_free_amount_and_non_bandwidth_instances_change_at_once() {
    let (_app, client) = spawn().await;
    let id = create(
        &client,
        BMC,
        bmc(
            "PREPAID",
            "ByBandwidth",
            json!({"internetMaxBandwidthOut": 8}),
        ),
    )
    .await;
    let before = balance(&client).await;
    let answer = call(
        &client,
        BMC,
        "ModifyInstanceBandwidth",
        json!({"instanceId": id, "bandwidthOutMbps": 3}),
    )
    .await
    .unwrap();
    assert!(answer["orderNumber"].is_string());
    assert_eq!(
        internet(&client, BMC, &id).await["modifiedBandwidthStatus"],
        "Processing"
    );
    assert_eq!(balance(&client).await, before);
    // ByTrafficPackage: the bandwidth changes at once and no order is made.
    let tp = create(&client, BMC, bmc("PREPAID", "ByTrafficPackage", json!({}))).await;
    let answer = call(
        &client,
        BMC,
        "ModifyInstanceBandwidth",
        json!({"instanceId": tp, "bandwidthOutMbps": 5}),
    )
    .await
    .unwrap();
    assert_eq!(answer["orderNumber"], Value::Null);
    assert_eq!(
        internet(&client, BMC, &tp).await["modifiedBandwidthStatus"],
        "Processing"
    );
}

#[tokio::test]
async fn vm_models_upgrade_by_list_price_and_downgrade_at_the_cycle_end() {
    let (app, client) = spawn().await;
    let id = create(&client, VM, vm("PREPAID", "ByBandwidth", json!({}))).await;
    advance(&app, 10 * DAY).await;
    let before = balance(&client).await;
    // c.1c2g 12.00 + 4 Mbps above its free 1 at 3.00 = 24.00 a month; g.2c8g 36.00 + 3 Mbps
    // above its free 2 = 45.00: 21.00 a month for 20 of 30 days.
    let answer = call(
        &client,
        VM,
        "ModifyInstanceType",
        json!({"instanceId": id, "instanceTypeId": "g.2c8g"}),
    )
    .await
    .unwrap();
    assert!(answer["orderNumber"].is_string());
    assert_eq!(balance(&client).await, before - 14.0);
    let status = call(
        &client,
        VM,
        "DescribeInstanceTypeStatus",
        json!({"instanceId": id}),
    )
    .await
    .unwrap();
    assert_eq!(status["instanceType"], "c.1c2g");
    assert_eq!(status["modifiedInstanceType"], "g.2c8g");
    assert_eq!(status["modifiedInstanceTypeStatus"], "Processing");
    advance(&app, 5).await;
    let status = call(
        &client,
        VM_OLD,
        "DescribeInstanceTypeStatus",
        json!({"instanceId": id}),
    )
    .await
    .unwrap();
    assert_eq!(status["instanceType"], "g.2c8g");
    assert_eq!(status["modifiedInstanceType"], Value::Null);
    assert_eq!(status["modifiedInstanceTypeStatus"], "Enable");
    let info = call(
        &client,
        VM,
        "DescribeInstances",
        json!({"instanceIds": [id]}),
    )
    .await
    .unwrap();
    assert_eq!(info["dataSet"][0]["cpuCount"], 2);
    assert_eq!(info["dataSet"][0]["memory"], 8);
    // Back to c.2c4g (24.00 < 36.00) is a downgrade: scheduled, then cancelled (seed 002).
    call(
        &client,
        VM,
        "ModifyInstanceType",
        json!({"instanceId": id, "instanceTypeId": "c.2c4g"}),
    )
    .await
    .unwrap();
    let status = call(
        &client,
        VM,
        "DescribeInstanceTypeStatus",
        json!({"instanceId": id}),
    )
    .await
    .unwrap();
    assert_eq!(status["modifiedInstanceTypeStatus"], "WaitToEnable");
    call(
        &client,
        VM,
        "CancelInstanceDowngrade",
        json!({"instanceId": id}),
    )
    .await
    .unwrap();
    call(
        &client,
        VM,
        "ModifyInstanceType",
        json!({"instanceId": id, "instanceTypeId": "c.2c4g"}),
    )
    .await
    .unwrap();
    let paid = balance(&client).await;
    advance(&app, 20 * DAY).await;
    let status = call(
        &client,
        VM,
        "DescribeInstanceTypeStatus",
        json!({"instanceId": id}),
    )
    .await
    .unwrap();
    assert_eq!(status["instanceType"], "c.2c4g");
    // Renewed at c.2c4g's 24.00 + 3 Mbps above its free 2 at 3.00.
    assert_eq!(balance(&client).await, paid - 33.0);
}

#[tokio::test]
async fn inquiry_shapes_follow_the_version() {
    let (_app, client) = spawn().await;
    let bw = create(&client, BMC, bmc("PREPAID", "ByBandwidth", json!({}))).await;
    let tp = create(&client, VM, vm("PREPAID", "ByTrafficPackage", json!({}))).await;
    let old = call(
        &client,
        BMC_OLD,
        "InquiryPriceInstanceBandwidth",
        json!({"instanceId": bw, "bandwidthOutMbps": 25}),
    )
    .await
    .unwrap();
    let item = &old["bandwidthPrice"][0];
    assert_eq!(item["discountPrice"], 10.0);
    assert_eq!(item["unitPrice"], Value::Null);
    assert!(item.get("category").is_none());
    let new = call(
        &client,
        BMC,
        "InquiryPriceInstanceBandwidth",
        json!({"instanceId": bw, "bandwidthOutMbps": 25}),
    )
    .await
    .unwrap();
    assert_eq!(new["bandwidthPrice"][0]["category"], "STANDARD");
    assert_eq!(new["bandwidthPrice"].as_array().unwrap().len(), 1);
    let old = call(
        &client,
        VM_OLD,
        "InquiryPriceInstanceTrafficPackage",
        json!({"instanceId": tp, "trafficPackageSize": 3}),
    )
    .await
    .unwrap();
    assert_eq!(old["trafficPackagePrice"].as_array().unwrap().len(), 1);
    assert_eq!(old["trafficPackagePrice"][0]["discountPrice"], 6.0);
    let new = call(
        &client,
        VM,
        "InquiryPriceInstanceTrafficPackage",
        json!({"instanceId": tp, "trafficPackageSize": 3}),
    )
    .await
    .unwrap();
    let items = new["trafficPackagePrice"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[1]["excessUnitPrice"], 0.012);
    assert_eq!(items[1]["excessDiscountUnitPrice"], 0.012);
    assert_eq!(items[1]["excessAmountUnit"], "GB");
    // A downgrade is quoted at zero.
    let down = call(
        &client,
        VM,
        "InquiryPriceInstanceTrafficPackage",
        json!({"instanceId": tp, "trafficPackageSize": 1}),
    )
    .await
    .unwrap();
    assert_eq!(down["trafficPackagePrice"][0]["discountPrice"], 0.0);
}

#[tokio::test]
async fn traffic_packages_are_checked_on_the_exact_grid() {
    let (_app, client) = spawn().await;
    let id = create(
        &client,
        VM,
        vm(
            "PREPAID",
            "ByTrafficPackage",
            json!({"trafficPackageSize": 1}),
        ),
    )
    .await;
    for (value, ok) in [
        (json!(1.15), true),
        (json!(0.15000000000000002), false),
        (json!(1.151), false),
        (json!(-1), false),
    ] {
        let result = call(
            &client,
            VM,
            "InquiryPriceInstanceTrafficPackage",
            json!({"instanceId": id, "trafficPackageSize": value}),
        )
        .await;
        if ok {
            result.unwrap();
        } else if value == json!(0.15000000000000002) {
            // On the grid, but below the included 1 TB.
            assert_api_error(result, 400, "INVALID_PARAMETER_TRAFFIC_PACKAGE_LESS");
        } else {
            assert_api_error(result, 400, "INVALID_PARAMETER_TRAFFIC_PACKAGE_ERROR");
        }
    }
    call(
        &client,
        VM,
        "ModifyInstanceTrafficPackage",
        json!({"instanceId": id, "trafficPackageSize": 1.15}),
    )
    .await
    .unwrap();
    assert_eq!(
        internet(&client, VM, &id).await["modifiedTrafficPackageSize"],
        1.15
    );
}

#[tokio::test]
async fn concurrent_upgrades_of_one_instance_charge_once() {
    let (_app, client) = spawn().await;
    let id = create(&client, BMC, bmc("PREPAID", "ByTrafficPackage", json!({}))).await;
    let before = balance(&client).await;
    let mut tasks = Vec::new();
    for n in 0..50 {
        let client = client.clone();
        let id = id.clone();
        tasks.push(tokio::spawn(async move {
            call(
                &client,
                BMC,
                "ModifyInstanceTrafficPackage",
                json!({"instanceId": id, "trafficPackageSize": 10 + n}),
            )
            .await
        }));
    }
    let mut won = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => won += 1,
            Err(e) => assert_api_error::<()>(
                Err(e),
                403,
                "OPERATION_DENIED_INSTANCE_TRAFFIC_PACKAGE_PROCESSING",
            ),
        }
    }
    assert_eq!(won, 1);
    let status = internet(&client, BMC, &id).await;
    let target = status["modifiedTrafficPackageSize"].as_f64().unwrap();
    // (target - 2) TB at 5.00 for the whole cycle.
    assert_eq!(balance(&client).await, before - (target - 2.0) * 5.0);
}

/// Every error code of every plan-change action, with its status (D-15 to D-18).
#[tokio::test]
async fn every_error_code_of_every_action() {
    let (app, client) = spawn().await;
    let (_, poor, _) = app.account("300.00").await;
    let bb = create(&client, BMC, bmc("PREPAID", "ByBandwidth", json!({}))).await;
    let bt = create(&client, BMC, bmc("PREPAID", "ByTrafficPackage", json!({}))).await;
    let bpt = create(&client, BMC, bmc("POSTPAID", "ByTrafficPackage", json!({}))).await;
    let vb = create(&client, VM, vm("PREPAID", "ByBandwidth", json!({}))).await;
    let vt = create(&client, VM, vm("PREPAID", "ByTrafficPackage", json!({}))).await;
    let vpt = create(&client, VM, vm("POSTPAID", "ByTrafficPackage", json!({}))).await;
    let vpb = create(&client, VM, vm("POSTPAID", "ByBandwidth", json!({}))).await;
    let poor_bb = create(&poor, BMC, bmc("PREPAID", "ByBandwidth", json!({}))).await;
    let poor_vb = create(&poor, VM, vm("PREPAID", "ByBandwidth", json!({}))).await;
    // Instances in a given state: processing, scheduled, stopping, recycled.
    let bb_processing = create(&client, BMC, bmc("PREPAID", "ByBandwidth", json!({}))).await;
    call(
        &client,
        BMC,
        "ModifyInstanceBandwidth",
        json!({"instanceId": bb_processing, "bandwidthOutMbps": 40}),
    )
    .await
    .unwrap();
    let bb_scheduled = create(&client, BMC, bmc("PREPAID", "ByBandwidth", json!({}))).await;
    call(
        &client,
        BMC,
        "ModifyInstanceBandwidth",
        json!({"instanceId": bb_scheduled, "bandwidthOutMbps": 15}),
    )
    .await
    .unwrap();
    let vb_processing = create(&client, VM, vm("PREPAID", "ByBandwidth", json!({}))).await;
    call(
        &client,
        VM,
        "ModifyInstanceBandwidth",
        json!({"instanceId": vb_processing, "internetMaxBandwidthOut": 9}),
    )
    .await
    .unwrap();
    let vb_scheduled = create(&client, VM, vm("PREPAID", "ByBandwidth", json!({}))).await;
    call(
        &client,
        VM,
        "ModifyInstanceBandwidth",
        json!({"instanceId": vb_scheduled, "internetMaxBandwidthOut": 2}),
    )
    .await
    .unwrap();
    let bt_processing = create(&client, BMC, bmc("PREPAID", "ByTrafficPackage", json!({}))).await;
    call(
        &client,
        BMC,
        "ModifyInstanceTrafficPackage",
        json!({"instanceId": bt_processing, "trafficPackageSize": 9}),
    )
    .await
    .unwrap();
    let bt_scheduled = create(&client, BMC, bmc("PREPAID", "ByTrafficPackage", json!({}))).await;
    call(
        &client,
        BMC,
        "ModifyInstanceTrafficPackage",
        json!({"instanceId": bt_scheduled, "trafficPackageSize": 1}),
    )
    .await
    .unwrap();
    let vm_processing = create(&client, VM, vm("PREPAID", "ByBandwidth", json!({}))).await;
    call(
        &client,
        VM,
        "ModifyInstanceType",
        json!({"instanceId": vm_processing, "instanceTypeId": "c.2c4g"}),
    )
    .await
    .unwrap();
    let vm_scheduled = create(
        &client,
        VM,
        vm("PREPAID", "ByBandwidth", json!({"instanceType": "c.2c4g"})),
    )
    .await;
    call(
        &client,
        VM,
        "ModifyInstanceType",
        json!({"instanceId": vm_scheduled, "instanceTypeId": "c.1c2g"}),
    )
    .await
    .unwrap();
    let bt_stopping = create(&client, BMC, bmc("PREPAID", "ByTrafficPackage", json!({}))).await;
    let vb_stopping = create(&client, VM, vm("PREPAID", "ByBandwidth", json!({}))).await;
    call(
        &client,
        BMC,
        "StopInstances",
        json!({"instanceIds": [bt_stopping]}),
    )
    .await
    .unwrap();
    call(
        &client,
        VM,
        "StopInstances",
        json!({"instanceIds": [vb_stopping]}),
    )
    .await
    .unwrap();
    let bb_stopping = create(&client, BMC, bmc("PREPAID", "ByBandwidth", json!({}))).await;
    call(
        &client,
        BMC,
        "StopInstances",
        json!({"instanceIds": [bb_stopping]}),
    )
    .await
    .unwrap();
    let vpb_recycled = create(&client, VM, vm("POSTPAID", "ByBandwidth", json!({}))).await;
    call(
        &client,
        VM,
        "TerminateInstance",
        json!({"instanceId": vpb_recycled}),
    )
    .await
    .unwrap();
    let missing = "1000000000000000001";

    let cases: Vec<(&Client, Version, &str, Value, u16, &str)> = vec![
        // ModifyInstanceBandwidth
        (
            &client,
            BMC,
            "ModifyInstanceBandwidth",
            json!({"instanceId": bb}),
            400,
            "MISSING_PARAMETER",
        ),
        (
            &client,
            BMC,
            "ModifyInstanceBandwidth",
            json!({"instanceId": bb, "bandwidthOutMbps": 1.5}),
            400,
            "INVALID_PARAMETER",
        ),
        (
            &client,
            BMC,
            "ModifyInstanceBandwidth",
            json!({"instanceId": bb, "bandwidthOutMbps": 0}),
            400,
            "INVALID_PARAMETER",
        ),
        (
            &client,
            BMC,
            "ModifyInstanceBandwidth",
            json!({"instanceId": missing, "bandwidthOutMbps": 0}),
            400,
            "INVALID_PARAMETER",
        ),
        (
            &client,
            BMC,
            "ModifyInstanceBandwidth",
            json!({"instanceId": missing, "bandwidthOutMbps": 30}),
            404,
            "INVALID_INSTANCE_NOT_FOUND",
        ),
        (
            &client,
            BMC,
            "ModifyInstanceBandwidth",
            json!({"instanceId": vb, "bandwidthOutMbps": 30}),
            404,
            "INVALID_INSTANCE_NOT_FOUND",
        ),
        (
            &client,
            BMC,
            "ModifyInstanceBandwidth",
            json!({"instanceId": bb_stopping, "bandwidthOutMbps": 30}),
            403,
            "OPERATION_DENIED_INSTANCE_NOT_RUNNING",
        ),
        (
            &client,
            BMC,
            "ModifyInstanceBandwidth",
            json!({"instanceId": bb_processing, "bandwidthOutMbps": 40}),
            403,
            "OPERATION_FAILED_INSTANCE_BANDWIDTH_PROCESSING",
        ),
        (
            &client,
            BMC,
            "ModifyInstanceBandwidth",
            json!({"instanceId": bb_scheduled, "bandwidthOutMbps": 30}),
            403,
            "OPERATION_DENIED_INSTANCE_EXIST_PLAN_BANDWIDTH",
        ),
        (
            &client,
            BMC,
            "ModifyInstanceBandwidth",
            json!({"instanceId": bb, "bandwidthOutMbps": 1001}),
            400,
            "INVALID_PARAMETER_BANDWIDTH_EXCEED",
        ),
        (
            &poor,
            BMC,
            "ModifyInstanceBandwidth",
            json!({"instanceId": poor_bb, "bandwidthOutMbps": 500}),
            403,
            "OPERATION_DENIED_INSUFFICIENT_BALANCE",
        ),
        (
            &client,
            VM,
            "ModifyInstanceBandwidth",
            json!({"instanceId": vb, "bandwidthOutMbps": 3}),
            400,
            "MISSING_PARAMETER",
        ),
        (
            &client,
            VM,
            "ModifyInstanceBandwidth",
            json!({"instanceId": vb_stopping, "internetMaxBandwidthOut": 9}),
            403,
            "OPERATION_DENIED_INSTANCE_NOT_RUNNING",
        ),
        (
            &client,
            VM,
            "ModifyInstanceBandwidth",
            json!({"instanceId": vb_processing, "internetMaxBandwidthOut": 9}),
            403,
            "OPERATION_DENIED_INSTANCE_BANDWIDTH_PROCESSING",
        ),
        (
            &client,
            VM,
            "ModifyInstanceBandwidth",
            json!({"instanceId": vb_scheduled, "internetMaxBandwidthOut": 9}),
            403,
            "OPERATION_DENIED_INSTANCE_EXIST_PLAN_BANDWIDTH",
        ),
        (
            &client,
            VM,
            "ModifyInstanceBandwidth",
            json!({"instanceId": vb, "internetMaxBandwidthOut": 201}),
            400,
            "INVALID_PARAMETER_BANDWIDTH_EXCEED",
        ),
        (
            &poor,
            VM,
            "ModifyInstanceBandwidth",
            json!({"instanceId": poor_vb, "internetMaxBandwidthOut": 200}),
            403,
            "OPERATION_DENIED_INSUFFICIENT_BALANCE",
        ),
        // CancelInstanceBandwidthDowngrade and the seed 001 spelling
        (
            &client,
            BMC,
            "CancelInstanceBandwidthDowngrade",
            json!({}),
            400,
            "MISSING_PARAMETER",
        ),
        (
            &client,
            BMC,
            "CancelInstanceBandwidthDowngrade",
            json!({"instanceId": missing}),
            404,
            "INVALID_INSTANCE_NOT_FOUND",
        ),
        (
            &client,
            BMC,
            "CancelInstanceBandwidthDowngrade",
            json!({"instanceId": bt}),
            403,
            "OPERATION_DENIED_INTERNET_CHARGE_TYPE_NOT_SUPPORT",
        ),
        (
            &client,
            BMC,
            "CancelInstanceBandwidthDowngrade",
            json!({"instanceId": bb}),
            403,
            "OPERATION_DENIED_DOWNGRADE_NOT_EXIST",
        ),
        (
            &client,
            BMC,
            "CancelInstanceBandwidthDowngrade",
            json!({"instanceId": bb_processing}),
            403,
            "OPERATION_DENIED_DOWNGRADE_NOT_EXIST",
        ),
        (
            &client,
            BMC,
            "CancelInstanceBandwidthDowndegrade",
            json!({"instanceId": missing}),
            404,
            "INVALID_INSTANCE_NOT_FOUND",
        ),
        (
            &client,
            BMC,
            "CancelInstanceBandwidthDowndegrade",
            json!({"instanceId": bt}),
            403,
            "OPERATION_DENIED_INTERNET_CHARGE_TYPE_NOT_BY_FIX_BANDWIDTH",
        ),
        (
            &client,
            BMC,
            "CancelInstanceBandwidthDowndegrade",
            json!({"instanceId": bb}),
            403,
            "OPERATION_FILED_INSTANCE_NOT_EXIST_PLAN_FIX_BANDWIDTH",
        ),
        (
            &client,
            VM,
            "CancelInstanceBandwidthDowndegrade",
            json!({"instanceId": vb}),
            404,
            "INVALID_ACTION_NOT_FOUND",
        ),
        (
            &client,
            VM,
            "CancelInstanceBandwidthDowngrade",
            json!({"instanceId": missing}),
            404,
            "INVALID_INSTANCE_NOT_FOUND",
        ),
        (
            &client,
            VM,
            "CancelInstanceBandwidthDowngrade",
            json!({"instanceId": vt}),
            403,
            "OPERATION_DENIED_INTERNET_CHARGE_TYPE_NOT_SUPPORT",
        ),
        (
            &client,
            VM,
            "CancelInstanceBandwidthDowngrade",
            json!({"instanceId": vb}),
            403,
            "OPERATION_DENIED_DOWNGRADE_NOT_EXIST",
        ),
        (
            &client,
            VM,
            "CancelInstanceBandwidthDowngrade",
            json!({"instanceId": vpb_recycled}),
            403,
            "OPERATION_DENIED_INSTANCE_RECYCLED",
        ),
        // InquiryPriceInstanceBandwidth
        (
            &client,
            BMC,
            "InquiryPriceInstanceBandwidth",
            json!({"instanceId": missing, "bandwidthOutMbps": 30}),
            404,
            "INVALID_INSTANCE_NOT_FOUND",
        ),
        (
            &client,
            BMC,
            "InquiryPriceInstanceBandwidth",
            json!({"instanceId": bt, "bandwidthOutMbps": 30}),
            403,
            "OPERATION_DENIED_INTERNET_CHARGE_TYPE_NOT_SUPPORT",
        ),
        (
            &client,
            BMC,
            "InquiryPriceInstanceBandwidth",
            json!({"instanceId": bb, "bandwidthOutMbps": 1001}),
            400,
            "INVALID_PARAMETER_BANDWIDTH_EXCEED",
        ),
        (
            &client,
            BMC,
            "InquiryPriceInstanceBandwidth",
            json!({"instanceId": bb, "bandwidthOutMbps": "30"}),
            400,
            "INVALID_PARAMETER",
        ),
        (
            &client,
            VM,
            "InquiryPriceInstanceBandwidth",
            json!({"instanceId": missing, "internetMaxBandwidthOut": 30}),
            404,
            "INVALID_INSTANCE_NOT_FOUND",
        ),
        (
            &client,
            VM,
            "InquiryPriceInstanceBandwidth",
            json!({"instanceId": vt, "internetMaxBandwidthOut": 30}),
            403,
            "OPERATION_DENIED_INTERNET_CHARGE_TYPE_NOT_SUPPORT",
        ),
        // ModifyInstanceTrafficPackage
        (
            &client,
            BMC,
            "ModifyInstanceTrafficPackage",
            json!({"instanceId": bt}),
            400,
            "MISSING_PARAMETER",
        ),
        (
            &client,
            BMC,
            "ModifyInstanceTrafficPackage",
            json!({"instanceId": bt, "trafficPackageSize": "2"}),
            400,
            "INVALID_PARAMETER",
        ),
        (
            &client,
            BMC,
            "ModifyInstanceTrafficPackage",
            json!({"instanceId": missing, "trafficPackageSize": 1.151}),
            400,
            "INVALID_PARAMETER_TRAFFIC_PACKAGE_ERROR",
        ),
        (
            &client,
            BMC,
            "ModifyInstanceTrafficPackage",
            json!({"instanceId": bt, "trafficPackageSize": -0.05}),
            400,
            "INVALID_PARAMETER_TRAFFIC_PACKAGE_ERROR",
        ),
        (
            &client,
            BMC,
            "ModifyInstanceTrafficPackage",
            json!({"instanceId": missing, "trafficPackageSize": 5}),
            404,
            "INVALID_INSTANCE_NOT_FOUND",
        ),
        (
            &client,
            BMC,
            "ModifyInstanceTrafficPackage",
            json!({"instanceId": bb, "trafficPackageSize": 5}),
            403,
            "OPERATION_DENIED_INTERNET_CHARGE_TYPE_NOT_SUPPORT",
        ),
        (
            &client,
            BMC,
            "ModifyInstanceTrafficPackage",
            json!({"instanceId": bpt, "trafficPackageSize": 5}),
            403,
            "OPERATION_FAILED_INSTANCE_NOT_EXIST_TRAFFIC_PACKAGE",
        ),
        (
            &client,
            BMC,
            "ModifyInstanceTrafficPackage",
            json!({"instanceId": bt_stopping, "trafficPackageSize": 5}),
            403,
            "OPERATION_DENIED_INSTANCE_STATUS_NOT_SUPPORT",
        ),
        (
            &client,
            BMC,
            "ModifyInstanceTrafficPackage",
            json!({"instanceId": bt_processing, "trafficPackageSize": 9}),
            403,
            "OPERATION_DENIED_INSTANCE_TRAFFIC_PACKAGE_PROCESSING",
        ),
        (
            &client,
            BMC,
            "ModifyInstanceTrafficPackage",
            json!({"instanceId": bt_scheduled, "trafficPackageSize": 9}),
            403,
            "OPERATION_FAILED_INSTANCE_EXIST_PLAN_TRAFFIC_PACKAGE",
        ),
        (
            &client,
            BMC,
            "ModifyInstanceTrafficPackage",
            json!({"instanceId": bt, "trafficPackageSize": 0.5}),
            400,
            "INVALID_PARAMETER_TRAFFIC_PACKAGE_LESS",
        ),
        (
            &client,
            BMC,
            "ModifyInstanceTrafficPackage",
            json!({"instanceId": bt, "trafficPackageSize": 200.05}),
            400,
            "INVALID_PARAMETER_TRAFFIC_PACKAGE_EXCEED",
        ),
        (
            &client,
            BMC,
            "ModifyInstanceTrafficPackage",
            json!({"instanceId": bt, "trafficPackageSize": 1e28}),
            400,
            "INVALID_PARAMETER_TRAFFIC_PACKAGE_EXCEED",
        ),
        (
            &client,
            VM,
            "ModifyInstanceTrafficPackage",
            json!({"instanceId": vb, "trafficPackageSize": 5}),
            403,
            "OPERATION_DENIED_INTERNET_CHARGE_TYPE_NOT_SUPPORT",
        ),
        (
            &client,
            VM,
            "ModifyInstanceTrafficPackage",
            json!({"instanceId": vpt, "trafficPackageSize": 5}),
            403,
            "OPERATION_FAILED_INSTANCE_NOT_EXIST_TRAFFIC_PACKAGE",
        ),
        (
            &client,
            VM,
            "ModifyInstanceTrafficPackage",
            json!({"instanceId": vt, "trafficPackageSize": 0.45}),
            400,
            "INVALID_PARAMETER_TRAFFIC_PACKAGE_LESS",
        ),
        (
            &client,
            VM,
            "ModifyInstanceTrafficPackage",
            json!({"instanceId": vt, "trafficPackageSize": 100.05}),
            400,
            "INVALID_PARAMETER_TRAFFIC_PACKAGE_EXCEED",
        ),
        // CancelInstanceTrafficPackageDowngrade
        (
            &client,
            BMC,
            "CancelInstanceTrafficPackageDowngrade",
            json!({"instanceId": missing}),
            404,
            "INVALID_INSTANCE_NOT_FOUND",
        ),
        (
            &client,
            BMC,
            "CancelInstanceTrafficPackageDowngrade",
            json!({"instanceId": bb}),
            403,
            "OPERATION_DENIED_INTERNET_CHARGE_TYPE_NOT_SUPPORT",
        ),
        (
            &client,
            BMC,
            "CancelInstanceTrafficPackageDowngrade",
            json!({"instanceId": bt}),
            404,
            "OPERATION_DENIED_DOWNGRADE_NOT_EXIST",
        ),
        (
            &client,
            BMC,
            "CancelInstanceTrafficPackageDowngrade",
            json!({"instanceId": bt_processing}),
            404,
            "OPERATION_DENIED_DOWNGRADE_NOT_EXIST",
        ),
        (
            &client,
            VM,
            "CancelInstanceTrafficPackageDowngrade",
            json!({"instanceId": vb}),
            403,
            "OPERATION_DENIED_INTERNET_CHARGE_TYPE_NOT_SUPPORT",
        ),
        (
            &client,
            VM,
            "CancelInstanceTrafficPackageDowngrade",
            json!({"instanceId": vt}),
            404,
            "OPERATION_DENIED_DOWNGRADE_NOT_EXIST",
        ),
        // InquiryPriceInstanceTrafficPackage
        (
            &client,
            BMC,
            "InquiryPriceInstanceTrafficPackage",
            json!({"instanceId": missing, "trafficPackageSize": 5}),
            404,
            "INVALID_INSTANCE_NOT_FOUND",
        ),
        (
            &client,
            BMC,
            "InquiryPriceInstanceTrafficPackage",
            json!({"instanceId": bb, "trafficPackageSize": 5}),
            403,
            "OPERATION_DENIED_INTERNET_CHARGE_TYPE_NOT_SUPPORT",
        ),
        (
            &client,
            BMC,
            "InquiryPriceInstanceTrafficPackage",
            json!({"instanceId": bt, "trafficPackageSize": 5.01}),
            400,
            "INVALID_PARAMETER_TRAFFIC_PACKAGE_ERROR",
        ),
        (
            &client,
            BMC,
            "InquiryPriceInstanceTrafficPackage",
            json!({"instanceId": bt, "trafficPackageSize": 500}),
            400,
            "INVALID_PARAMETER_TRAFFIC_PACKAGE_EXCEED",
        ),
        (
            &client,
            VM,
            "InquiryPriceInstanceTrafficPackage",
            json!({"instanceId": vb, "trafficPackageSize": 5}),
            403,
            "OPERATION_DENIED_INTERNET_CHARGE_TYPE_NOT_SUPPORT",
        ),
        (
            &client,
            VM,
            "InquiryPriceInstanceTrafficPackage",
            json!({"instanceId": vt, "trafficPackageSize": 0.1}),
            400,
            "INVALID_PARAMETER_TRAFFIC_PACKAGE_LESS",
        ),
        // DescribeInstanceInternetStatus, DescribeInstanceTypeStatus
        (
            &client,
            BMC,
            "DescribeInstanceInternetStatus",
            json!({"instanceId": missing}),
            404,
            "INVALID_INSTANCE_NOT_FOUND",
        ),
        (
            &client,
            VM,
            "DescribeInstanceInternetStatus",
            json!({"instanceId": missing}),
            404,
            "INVALID_INSTANCE_NOT_FOUND",
        ),
        (
            &client,
            VM,
            "DescribeInstanceInternetStatus",
            json!({}),
            400,
            "MISSING_PARAMETER",
        ),
        (
            &client,
            VM,
            "DescribeInstanceTypeStatus",
            json!({"instanceId": missing}),
            404,
            "INVALID_INSTANCE_NOT_FOUND",
        ),
        (
            &client,
            BMC,
            "DescribeInstanceTypeStatus",
            json!({"instanceId": bb}),
            404,
            "INVALID_ACTION_NOT_FOUND",
        ),
        // vm ModifyInstanceType, CancelInstanceDowngrade
        (
            &client,
            VM,
            "ModifyInstanceType",
            json!({"instanceId": vb}),
            400,
            "MISSING_PARAMETER",
        ),
        (
            &client,
            VM,
            "ModifyInstanceType",
            json!({"instanceId": missing, "instanceTypeId": "c.2c4g"}),
            404,
            "INVALID_INSTANCE_NOT_FOUND",
        ),
        (
            &client,
            VM,
            "ModifyInstanceType",
            json!({"instanceId": vb_stopping, "instanceTypeId": "c.2c4g"}),
            403,
            "OPERATION_DENIED_INSTANCE_STATUS_NOT_SUPPORT",
        ),
        (
            &client,
            VM,
            "ModifyInstanceType",
            json!({"instanceId": vm_processing, "instanceTypeId": "c.4c8g"}),
            403,
            "OPERATION_DENIED_INSTANCE_PLAN_PROCESSING",
        ),
        (
            &client,
            VM,
            "ModifyInstanceType",
            json!({"instanceId": vm_processing, "instanceTypeId": "c.1c2g"}),
            403,
            "OPERATION_DENIED_INSTANCE_PLAN_PROCESSING",
        ),
        (
            &client,
            VM,
            "ModifyInstanceType",
            json!({"instanceId": vm_scheduled, "instanceTypeId": "c.4c8g"}),
            403,
            "OPERATION_DENIED_INSTANCE_EXIST_PLAN",
        ),
        (
            &client,
            VM,
            "ModifyInstanceType",
            json!({"instanceId": vb, "instanceTypeId": "c.1c2g"}),
            403,
            "INVALID_INSTANCE_TYPE_NOT_CHANGED",
        ),
        (
            &client,
            VM,
            "ModifyInstanceType",
            json!({"instanceId": vb, "instanceTypeId": "s.1c1g"}),
            400,
            "OPERATION_FAILED_INSTANCE_TYPE_UNSUPPORTED",
        ),
        (
            &client,
            VM,
            "ModifyInstanceType",
            json!({"instanceId": vb, "instanceTypeId": "x.9c9g"}),
            400,
            "OPERATION_FAILED_INSTANCE_TYPE_UNSUPPORTED",
        ),
        (
            &client,
            VM,
            "ModifyInstanceType",
            json!({"instanceId": vpb, "instanceTypeId": "h.4c8g"}),
            400,
            "OPERATION_FAILED_INSTANCE_TYPE_UNSUPPORTED",
        ),
        (
            &poor,
            VM,
            "ModifyInstanceType",
            json!({"instanceId": poor_vb, "instanceTypeId": "m.2c16g"}),
            200,
            "",
        ),
        (
            &client,
            BMC,
            "ModifyInstanceType",
            json!({"instanceId": bb, "instanceTypeId": "M7D"}),
            404,
            "INVALID_ACTION_NOT_FOUND",
        ),
        (
            &client,
            VM,
            "CancelInstanceDowngrade",
            json!({"instanceId": missing}),
            404,
            "INVALID_INSTANCE_NOT_FOUND",
        ),
        (
            &client,
            VM,
            "CancelInstanceDowngrade",
            json!({"instanceId": vb}),
            403,
            "OPERATION_DENIED_DOWNGRADE_NOT_EXIST",
        ),
        (
            &client,
            VM,
            "CancelInstanceDowngrade",
            json!({"instanceId": vm_processing}),
            403,
            "OPERATION_DENIED_DOWNGRADE_NOT_EXIST",
        ),
        (
            &client,
            VM,
            "CancelInstanceDowngrade",
            json!({"instanceId": vpb_recycled}),
            403,
            "OPERATION_DENIED_INSTANCE_RECYCLED",
        ),
    ];
    for (who, version, action, body, status, code) in cases {
        let result = call(who, version, action, body.clone()).await;
        if status == 200 {
            assert!(result.is_ok(), "{action} {body}: {result:?}");
        } else {
            match &result {
                Err(zenlocal_client::Error::Api {
                    status: s, code: c, ..
                }) => {
                    assert_eq!((*s, c.as_str()), (status, code), "{action} {body}");
                }
                other => panic!("{action} {body}: expected {code}, got {other:?}"),
            }
        }
    }
    // The poor account could pay this model upgrade.
    let v = call(
        &poor,
        VM,
        "DescribeInstanceTypeStatus",
        json!({"instanceId": poor_vb}),
    )
    .await
    .unwrap();
    assert_eq!(v["modifiedInstanceType"], "m.2c16g");
}

#[tokio::test]
async fn a_model_upgrade_the_balance_cannot_pay_changes_nothing() {
    let app = TestApp::spawn_with(quick).await;
    let (_, client, _) = app.account("13.00").await;
    let id = vm_by_bandwidth(&client, "PREPAID", 1).await;
    assert_eq!(balance(&client).await, 1.0);
    assert_api_error(
        call(
            &client,
            VM,
            "ModifyInstanceType",
            json!({"instanceId": id, "instanceTypeId": "m.2c16g"}),
        )
        .await,
        403,
        "OPERATION_DENIED_INSUFFICIENT_BALANCE",
    );
    let status = call(
        &client,
        VM,
        "DescribeInstanceTypeStatus",
        json!({"instanceId": id}),
    )
    .await
    .unwrap();
    assert_eq!(status["modifiedInstanceTypeStatus"], "Enable");
    assert_eq!(orders(&app, &id).await.len(), 1);
    assert_eq!(balance(&client).await, 1.0);
}

#[tokio::test]
async fn a_model_change_moves_stock_to_the_new_model() {
    let app = TestApp::spawn_with(|c| {
        c.demo = false;
        c.timings.provisioning = 0;
        c.timings.processing = 0;
        // The c.2c4g offer gets a stock of one.
        let text = zenlocal_core::catalog::DEFAULT_TOML;
        let at = text.find("product = \"c.2c4g\"").unwrap();
        let (head, tail) = text.split_at(at);
        let tail = tail.replacen("stock = 1000", "stock = 1", 1);
        c.catalog = zenlocal_core::Catalog::from_toml(&format!("{head}{tail}"), "test").unwrap();
    })
    .await;
    let (_, client, _) = app.account("1000.00").await;
    let id = create(&client, VM, vm("POSTPAID", "ByBandwidth", json!({}))).await;
    call(
        &client,
        VM,
        "ModifyInstanceType",
        json!({"instanceId": id, "instanceTypeId": "c.2c4g"}),
    )
    .await
    .unwrap();
    // The only c.2c4g is the one the change took.
    let second = vm("POSTPAID", "ByBandwidth", json!({"instanceType": "c.2c4g"}));
    assert_api_error(
        call(&client, VM, "CreateInstances", second.clone()).await,
        400,
        "RESOURCE_INSUFFICIENT_PRODUCT_SOLD_OUT",
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
    create(&client, VM, second).await;
}

/// D-235: only a change charged at once locks the caller's account. On PostgreSQL, with
/// the account's row held by another session, a downgrade and its cancellation are done
/// while an upgrade of the same instance waits for the row, and is done once it is free.
/// Runs when `ZENLOCAL_TEST_POSTGRES_URL` is set (CI sets it).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_a_change_charged_at_once_waits_for_the_account() {
    let Some(admin) = postgres_url() else {
        return;
    };
    let app = TestApp::spawn_on(TestDb::postgres(&admin), quick).await;
    let (_, client, _) = app.account("100000.00").await;
    let id = vm_by_bandwidth(&client, "PREPAID", 10).await;
    let before = balance(&client).await;
    let held = app.db.hold_accounts();
    let down = json!({"instanceId": id, "internetMaxBandwidthOut": 4});
    call(&client, VM, "ModifyInstanceBandwidth", down)
        .await
        .unwrap();
    let cancel = json!({"instanceId": id});
    call(&client, VM, "CancelInstanceBandwidthDowngrade", cancel)
        .await
        .unwrap();
    let upgrade = tokio::spawn({
        let client = client.clone();
        let up = json!({"instanceId": id, "internetMaxBandwidthOut": 20});
        async move { call(&client, VM, "ModifyInstanceBandwidth", up).await }
    });
    for _ in 0..100 {
        tokio::task::yield_now().await;
    }
    assert!(!upgrade.is_finished(), "the upgrade waits for the account");
    drop(held);
    let answer = upgrade.await.unwrap().unwrap();
    assert!(answer["orderNumber"].is_string(), "{answer}");
    assert!(balance(&client).await < before, "the upgrade is charged");
}

/// D-110, D-236: on PostgreSQL a charged upgrade locks the account and then the instance,
/// in one statement; and the upgrades of one account that would wait for its row wait in
/// the server instead, one at a time. With every instance's row held by another session,
/// of two upgrades of one account one waits on PostgreSQL for its instance, holding the
/// account, and the other waits in the server, idle in its transaction; let go, both are
/// done. Runs when `ZENLOCAL_TEST_POSTGRES_URL` is set (CI sets it).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upgrades_lock_the_account_first_and_wait_their_turn_in_the_server() {
    let Some(admin) = postgres_url() else {
        return;
    };
    let app = TestApp::spawn_on(TestDb::postgres(&admin), quick).await;
    let (_, client, _) = app.account("100000.00").await;
    let first = vm_by_bandwidth(&client, "PREPAID", 10).await;
    let second = vm_by_bandwidth(&client, "PREPAID", 10).await;
    let before = balance(&client).await;
    let held = app.db.hold_instance_rows();
    let upgrades: Vec<_> = [first, second]
        .into_iter()
        .map(|id| {
            let client = client.clone();
            let up = json!({"instanceId": id, "internetMaxBandwidthOut": 20});
            tokio::spawn(async move { call(&client, VM, "ModifyInstanceBandwidth", up).await })
        })
        .collect();
    // One waits for a lock on PostgreSQL; the holder and the other upgrade are idle in
    // their transactions, and stay so (between two of its statements an upgrade is idle
    // for a moment; waiting on PostgreSQL for the account, the other would count as waiting
    // for a lock).
    let (mut sessions, mut seen) = ((0, 0), 0);
    for _ in 0..500 {
        sessions = app.db.sessions_waiting_and_idle();
        seen = if sessions == (1, 2) { seen + 1 } else { 0 };
        if seen == 5 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(
        sessions,
        (1, 2),
        "(waiting for a lock, idle in a transaction)"
    );
    assert!(
        !app.db.accounts_free(),
        "the waiting upgrade holds the account"
    );
    drop(held);
    for upgrade in upgrades {
        let answer = upgrade.await.unwrap().unwrap();
        assert!(answer["orderNumber"].is_string(), "{answer}");
    }
    assert!(balance(&client).await < before, "both upgrades are charged");
}
