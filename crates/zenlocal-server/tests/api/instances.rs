//! Instances and billing over time (D-20 to D-27) through real requests, frozen clock.

use crate::helpers::*;
use serde_json::{json, Value};
use zenlocal_client::Client;
use zenlocal_wire::Version;

const BMC: Version = Version::Bmc20260201;
const VM: Version = Version::Vm20260401;

fn bmc_prepaid(extra: Value) -> Value {
    let mut body = json!({
        "zoneId": "SEL-A",
        "instanceTypeId": "M6C",
        "instanceChargeType": "PREPAID",
        "instanceChargePrepaid": {"period": 1},
        "internetChargeType": "ByBandwidth",
        "internetMaxBandwidthOut": 20,
        "imageId": "img-ubuntu-2204",
        "password": "Passw0rd-x",
    });
    merge(&mut body, extra);
    body
}

fn vm_body(extra: Value) -> Value {
    let mut body = json!({
        "zoneId": "asia-east-1a",
        "instanceType": "c.1c2g",
        "imageId": "ubuntu_22_04_x64",
        "instanceChargeType": "POSTPAID",
        "internetChargeType": "ByBandwidth",
        "internetMaxBandwidthOut": 3,
        "password": "Passw0rd-x",
    });
    merge(&mut body, extra);
    body
}

fn merge(body: &mut Value, extra: Value) {
    for (k, v) in extra.as_object().unwrap() {
        if v.is_null() {
            body.as_object_mut().unwrap().remove(k);
        } else {
            body[k] = v.clone();
        }
    }
}

pub(crate) async fn describe(client: &Client, version: Version, id: &str) -> Value {
    let v = call(
        client,
        version,
        "DescribeInstances",
        json!({"instanceIds": [id]}),
    )
    .await
    .unwrap();
    assert_eq!(v["totalCount"], 1, "{v}");
    v["dataSet"][0].clone()
}

pub(crate) async fn status(client: &Client, version: Version, id: &str) -> String {
    describe(client, version, id).await["instanceStatus"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn create(client: &Client, version: Version, body: Value) -> String {
    let v = call(client, version, "CreateInstances", body)
        .await
        .unwrap();
    v["instanceIdSet"][0].as_str().unwrap().to_owned()
}

async fn no_demo() -> TestApp {
    TestApp::spawn_with(|c| c.demo = false).await
}

#[tokio::test]
async fn a_prepaid_create_takes_exactly_the_inquired_price() {
    let app = no_demo().await;
    let (_, client, _) = app.account("5000.00").await;
    for (version, body) in [
        (
            BMC,
            bmc_prepaid(json!({"amount": 2, "instanceChargePrepaid": {"period": 3}})),
        ),
        (
            VM,
            vm_body(json!({
                "instanceChargeType": "PREPAID",
                "instanceChargePrepaid": {"period": 2},
                "internetChargeType": "ByTrafficPackage",
                "trafficPackageSize": 3.15,
                "instanceCount": 3,
            })),
        ),
    ] {
        let mut inquiry = body.clone();
        for field in ["imageId", "password", "amount"] {
            if version.service() == zenlocal_wire::Service::Bmc || field != "imageId" {
                inquiry.as_object_mut().unwrap().remove(field);
            }
        }
        let price = call(&client, version, "InquiryPriceCreateInstance", inquiry)
            .await
            .unwrap();
        let mut quoted = price["instancePrice"]["discountPrice"].as_f64().unwrap();
        for item in price["bandwidthPrice"].as_array().unwrap() {
            quoted += item["discountPrice"].as_f64().unwrap();
        }
        let before = balance(&client).await;
        let created = call(&client, version, "CreateInstances", body)
            .await
            .unwrap();
        assert!(created["orderNumber"].as_str().unwrap().len() == 16);
        let after = balance(&client).await;
        let count = created["instanceIdSet"].as_array().unwrap().len() as f64;
        if version == BMC {
            // An inquiry without `amount` prices one instance.
            assert_eq!(count, 2.0);
            assert!(
                (before - after - quoted * count).abs() < 1e-9,
                "{before} {after} {quoted}"
            );
        } else {
            assert!(
                (before - after - quoted).abs() < 1e-9,
                "{before} {after} {quoted}"
            );
        }
    }
}

#[tokio::test]
async fn create_answers_the_fields_of_the_version() {
    let app = no_demo().await;
    let (_, client, _) = app.account("5000.00").await;
    let old = call(
        &client,
        Version::Bmc20221120,
        "CreateInstances",
        bmc_prepaid(json!({})),
    )
    .await
    .unwrap();
    assert!(old.get("orderNumber").is_none());
    assert_eq!(old["instanceIdSet"].as_array().unwrap().len(), 1);
    let new = call(&client, VM, "CreateInstances", vm_body(json!({})))
        .await
        .unwrap();
    assert_eq!(new["instances"][0]["instanceId"], new["instanceIdSet"][0]);
    assert_eq!(new["instances"][0]["diskIdSet"], json!([]));
    let old_vm = call(
        &client,
        Version::Vm20230313,
        "CreateInstances",
        vm_body(json!({})),
    )
    .await
    .unwrap();
    assert!(old_vm.get("instances").is_none());
    assert!(old_vm["orderNumber"].is_string());
    let id = old_vm["instanceIdSet"][0].as_str().unwrap();
    assert_eq!(id.len(), 19);
}

/// With a running clock the scheduler applies what falls due by itself. Real time has to
/// pass here: no frozen clock can stand in for the scheduler's own.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_running_clock_the_scheduler_applies_what_falls_due() {
    let app = TestApp::spawn_with(|c| {
        c.clock = zenlocal_core::clock::ClockRequest::System;
        c.scheduler_interval = std::time::Duration::from_millis(20);
        c.timings.provisioning = 1;
        c.demo = false;
    })
    .await;
    let (_, client, _) = app.account("100.00").await;
    let id = create(&client, VM, vm_body(json!({}))).await;
    let mut seen = Vec::new();
    for _ in 0..250 {
        let now = status(&client, VM, &id).await;
        if seen.last() != Some(&now) {
            seen.push(now.clone());
        }
        if now == "RUNNING" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(
        seen.first().map(String::as_str),
        Some("PENDING"),
        "{seen:?}"
    );
    assert_eq!(seen.last().map(String::as_str), Some("RUNNING"), "{seen:?}");
}

#[tokio::test]
async fn provisioning_goes_through_its_states_as_time_passes() {
    let app = no_demo().await;
    let (_, client, _) = app.account("5000.00").await;
    let bmc = create(&client, BMC, bmc_prepaid(json!({}))).await;
    let vm = create(&client, VM, vm_body(json!({}))).await;
    assert_eq!(status(&client, BMC, &bmc).await, "PENDING");
    assert_eq!(status(&client, VM, &vm).await, "PENDING");
    advance(&app, 2).await;
    assert_eq!(status(&client, BMC, &bmc).await, "CREATING");
    assert_eq!(status(&client, VM, &vm).await, "CREATING");
    advance(&app, 3).await;
    assert_eq!(status(&client, BMC, &bmc).await, "INSTALLING");
    assert_eq!(status(&client, VM, &vm).await, "CREATING");
    advance(&app, 5).await;
    assert_eq!(status(&client, BMC, &bmc).await, "RUNNING");
    assert_eq!(status(&client, VM, &vm).await, "RUNNING");
}

#[tokio::test]
async fn create_rejects_each_bad_field_with_its_code() {
    let app = no_demo().await;
    let (_, client, _) = app.account("5000.00").await;
    let cases: Vec<(Version, Value, u16, &str)> = vec![
        (
            BMC,
            bmc_prepaid(json!({"zoneId": "NOPE-1"})),
            404,
            "INVALID_ZONE_NOT_FOUND",
        ),
        (
            BMC,
            bmc_prepaid(json!({"instanceTypeId": "X1"})),
            404,
            "INVALID_INSTANCE_TYPE_NOT_FOUND",
        ),
        (
            BMC,
            bmc_prepaid(json!({"instanceTypeId": "S9I", "zoneId": "FRA-A"})),
            400,
            "INVALID_INSTANCE_TYPE_ZONE_NO_SELL",
        ),
        (
            BMC,
            bmc_prepaid(json!({"instanceTypeId": "S9I", "instanceChargeType": "POSTPAID"})),
            403,
            "INVALID_CHARGE_TYPE_NOT_SUPPORT",
        ),
        (
            BMC,
            bmc_prepaid(
                json!({"instanceTypeId": "G8A", "zoneId": "LAX-A", "internetChargeType": "ByTrafficPackage"}),
            ),
            400,
            "INVALID_INSTANCE_BANDWIDTH_ZONE_NO_SELL",
        ),
        (
            BMC,
            bmc_prepaid(json!({"imageId": "img-none"})),
            404,
            "INVALID_IMAGE_NOT_FOUND",
        ),
        (
            BMC,
            bmc_prepaid(json!({"imageId": "img-windows-2022"})),
            404,
            "INVALID_IMAGE_NOT_FOUND",
        ),
        (
            BMC,
            bmc_prepaid(json!({"internetMaxBandwidthOut": 1001})),
            400,
            "INVALID_BANDWIDTH_VALUE_EXCEED_MAXIMUM",
        ),
        (
            BMC,
            bmc_prepaid(json!({"internetMaxBandwidthOut": 0})),
            400,
            "INVALID_PARAMETER",
        ),
        (
            BMC,
            bmc_prepaid(
                json!({"internetChargeType": "ByTrafficPackage", "trafficPackageSize": 1.151}),
            ),
            400,
            "INVALID_PARAMETER_TRAFFIC_PACKAGE_ERROR",
        ),
        (
            BMC,
            bmc_prepaid(
                json!({"internetChargeType": "ByTrafficPackage", "trafficPackageSize": 0.5}),
            ),
            400,
            "INVALID_PARAMETER_TRAFFIC_PACKAGE_LESS",
        ),
        (
            BMC,
            bmc_prepaid(
                json!({"internetChargeType": "ByTrafficPackage", "trafficPackageSize": 200.05}),
            ),
            400,
            "INVALID_PARAMETER_TRAFFIC_PACKAGE_EXCEED",
        ),
        (
            BMC,
            bmc_prepaid(json!({"internetChargeType": "ByFlow"})),
            400,
            "INVALID_PARAMETER",
        ),
        (
            BMC,
            bmc_prepaid(json!({"instanceChargeType": "MONTHLY"})),
            400,
            "INVALID_PARAMETER",
        ),
        (
            BMC,
            bmc_prepaid(json!({"instanceChargePrepaid": null})),
            400,
            "MISSING_PARAMETER",
        ),
        (
            BMC,
            bmc_prepaid(json!({"instanceChargePrepaid": {"period": 0}})),
            400,
            "INVALID_PARAMETER",
        ),
        (
            BMC,
            bmc_prepaid(json!({"amount": 101})),
            400,
            "INVALID_PARAMETER",
        ),
        (
            BMC,
            bmc_prepaid(json!({"amount": 0})),
            400,
            "INVALID_PARAMETER",
        ),
        (BMC, bmc_prepaid(json!({"password": "short1A-"})), 200, ""),
        (
            BMC,
            bmc_prepaid(json!({"password": "nouppercase1-"})),
            400,
            "INVALID_PARAMETER_VALUE_PASSWORD_MALFORMED",
        ),
        (
            BMC,
            bmc_prepaid(json!({"password": "Passw0rd-x", "keyId": "key-1"})),
            400,
            "INVALID_PARAMETER_INSTANCE_LOGIN_CONFLICT",
        ),
        (
            BMC,
            bmc_prepaid(json!({"password": null})),
            400,
            "MISSING_PARAMETER",
        ),
        (
            BMC,
            bmc_prepaid(json!({"instanceName": "x".repeat(65)})),
            400,
            "INVALID_PARAMETER_INSTANCE_NAME_EXCEED",
        ),
        (
            BMC,
            bmc_prepaid(json!({"instanceName": "bad name"})),
            400,
            "INVALID_PARAMETER",
        ),
        (
            BMC,
            bmc_prepaid(json!({"hostname": "h".repeat(65)})),
            400,
            "INVALID_PARAMETER_HOSTNAME_EXCEED",
        ),
        (
            BMC,
            bmc_prepaid(json!({"hostname": "bad/host"})),
            400,
            "INVALID_PARAMETER_HOSTNAME_MALFORMED",
        ),
        (
            BMC,
            bmc_prepaid(json!({"zoneId": null})),
            400,
            "MISSING_PARAMETER",
        ),
        (
            BMC,
            bmc_prepaid(json!({"amount": "2"})),
            400,
            "INVALID_PARAMETER",
        ),
        (
            VM,
            vm_body(json!({"imageId": null})),
            400,
            "MISSING_PARAMETER",
        ),
        (
            VM,
            vm_body(json!({"imageId": "nope"})),
            404,
            "INVALID_IMAGE_NOT_FOUND",
        ),
        (
            VM,
            vm_body(json!({"instanceType": "c.9c9g"})),
            404,
            "INVALID_INSTANCE_TYPE_NOT_FOUND",
        ),
        (
            VM,
            vm_body(json!({"instanceType": "h.4c8g"})),
            403,
            "INVALID_CHARGE_TYPE_NOT_SUPPORT",
        ),
        (
            VM,
            vm_body(json!({"password": "Passw0rd_x"})),
            400,
            "INVALID_PARAMETER_VALUE_PASSWORD_MALFORMED",
        ),
        (
            VM,
            vm_body(json!({"instanceCount": 101})),
            400,
            "INVALID_PARAMETER",
        ),
    ];
    for (version, body, status, code) in cases {
        let result = call(&client, version, "CreateInstances", body.clone()).await;
        if status == 200 {
            assert!(result.is_ok(), "{body}: {result:?}");
        } else {
            assert_api_error(result, status, code);
        }
    }
    let listed = call(&client, BMC, "DescribeInstances", json!({}))
        .await
        .unwrap();
    assert_eq!(
        listed["totalCount"], 1,
        "only the one valid request created anything"
    );
}

#[tokio::test]
async fn insufficient_balance_creates_nothing() {
    let app = no_demo().await;
    let (_, client, _) = app.account("100.00").await;
    let result = call(&client, BMC, "CreateInstances", bmc_prepaid(json!({}))).await;
    assert_api_error(result, 403, "OPERATION_DENIED_INSUFFICIENT_BALANCE");
    assert_eq!(balance(&client).await, 100.0);
    let listed = call(&client, BMC, "DescribeInstances", json!({}))
        .await
        .unwrap();
    assert_eq!(listed["totalCount"], 0);
    let (_, orders) = app.control_get("/orders").await;
    assert_eq!(orders["orders"], json!([]));
    // POSTPAID takes nothing up front.
    create(&client, VM, vm_body(json!({}))).await;
    assert_eq!(balance(&client).await, 100.0);
}

#[tokio::test]
async fn out_of_stock_is_refused_and_release_gives_stock_back() {
    let app = TestApp::spawn_with(|c| {
        c.demo = false;
        let text = zenlocal_core::catalog::DEFAULT_TOML.replacen("stock = 1000", "stock = 1", 1);
        c.catalog = zenlocal_core::Catalog::from_toml(&text, "test").unwrap();
        c.timings.provisioning = 0;
    })
    .await;
    let (_, client, _) = app.account("5000.00").await;
    let qty = |v: &Value| {
        v["availableResources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["zoneId"] == "SEL-A" && r["instanceTypeId"] == "M6C")
            .map(|r| {
                (
                    r["qty"].as_i64().unwrap(),
                    r["sellStatus"].as_str().unwrap().to_owned(),
                )
            })
            .unwrap()
    };
    let resources = json!({"instanceChargeType": "POSTPAID"});
    let v = call(
        &client,
        BMC,
        "DescribeAvailableResources",
        resources.clone(),
    )
    .await
    .unwrap();
    assert_eq!(qty(&v), (1, "SELL_SHORTAGE".to_owned()));
    let body =
        bmc_prepaid(json!({"instanceChargeType": "POSTPAID", "instanceChargePrepaid": null}));
    let id = create(&client, BMC, body.clone()).await;
    let v = call(
        &client,
        BMC,
        "DescribeAvailableResources",
        resources.clone(),
    )
    .await
    .unwrap();
    assert_eq!(qty(&v), (0, "SOLD_OUT".to_owned()));
    assert_api_error(
        call(&client, BMC, "CreateInstances", body.clone()).await,
        400,
        "RESOURCE_INSUFFICIENT_PRODUCT_SOLD_OUT",
    );
    call(&client, BMC, "TerminateInstance", json!({"instanceId": id}))
        .await
        .unwrap();
    call(
        &client,
        BMC,
        "ReleaseInstances",
        json!({"instanceIds": [id]}),
    )
    .await
    .unwrap();
    let v = call(&client, BMC, "DescribeAvailableResources", resources)
        .await
        .unwrap();
    assert_eq!(qty(&v).0, 1);
    create(&client, BMC, body).await;
}

#[tokio::test]
async fn describe_filters_paginates_and_orders_newest_first() {
    let app = TestApp::spawn_with(|c| {
        c.demo = false;
        c.timings.provisioning = 0;
    })
    .await;
    let (_, client, _) = app.account("9000.00").await;
    let first = create(&client, VM, vm_body(json!({"instanceName": "web-1"}))).await;
    advance(&app, 60).await;
    let second = create(
        &client,
        VM,
        vm_body(
            json!({"instanceName": "web-2", "tags": {"tags": [{"key": "team", "value": "a"}]}}),
        ),
    )
    .await;
    advance(&app, 60).await;
    let third = create(
        &client,
        VM,
        vm_body(json!({"instanceName": "db-1", "zoneId": "na-west-1a", "internetChargeType": "ByTrafficPackage"})),
    )
    .await;
    let all = call(&client, VM, "DescribeInstances", json!({}))
        .await
        .unwrap();
    assert_eq!(all["totalCount"], 3);
    let ids: Vec<&str> = all["dataSet"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["instanceId"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [third.as_str(), second.as_str(), first.as_str()]);
    for (filter, expected) in [
        (json!({"instanceName": "web*"}), vec![&second, &first]),
        (json!({"instanceName": "web"}), vec![]),
        (json!({"instanceName": "db-1"}), vec![&third]),
        (json!({"zoneId": "na-west-1a"}), vec![&third]),
        (
            json!({"internetChargeType": "ByBandwidth"}),
            vec![&second, &first],
        ),
        (
            json!({"instanceIds": [first, "0000000000000000001"]}),
            vec![&first],
        ),
        (json!({"instanceStatus": "STOPPED"}), vec![]),
        (
            json!({"instanceType": "c.1c2g", "instanceStatus": "RUNNING"}),
            vec![&third, &second, &first],
        ),
        (json!({"tagKeys": ["team"]}), vec![&second]),
        (json!({"tags": [{"key": "team", "value": "b"}]}), vec![]),
        (json!({"subnetId": "subnet-1"}), vec![]),
        (
            json!({"imageId": "ubuntu_22_04_x64", "pageSize": 1, "pageNum": 2}),
            vec![&second],
        ),
        (json!({"pageSize": 2, "pageNum": 5}), vec![]),
    ] {
        let v = call(&client, VM, "DescribeInstances", filter.clone())
            .await
            .unwrap();
        let got: Vec<String> = v["dataSet"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["instanceId"].as_str().unwrap().to_owned())
            .collect();
        let want: Vec<String> = expected.into_iter().cloned().collect();
        assert_eq!(got, want, "{filter}");
    }
    let past = call(
        &client,
        VM,
        "DescribeInstances",
        json!({"pageSize": 2, "pageNum": 5}),
    )
    .await
    .unwrap();
    assert_eq!(past["totalCount"], 3, "past the end keeps the true total");
    for bad in [
        json!({"pageSize": 0}),
        json!({"pageSize": 1001}),
        json!({"pageNum": 0}),
        json!({"instanceStatus": "FLYING"}),
    ] {
        assert_api_error(
            call(&client, VM, "DescribeInstances", bad).await,
            400,
            "INVALID_PARAMETER",
        );
    }
    let info = describe(&client, VM, &third).await;
    for (field, value) in [
        ("instanceType", json!("c.1c2g")),
        ("cpuCount", json!(1)),
        ("memory", json!(2)),
        ("instanceChargeType", json!("POSTPAID")),
        ("internetChargeType", json!("ByTrafficPackage")),
        ("trafficPackageSize", Value::Null),
        ("period", Value::Null),
        ("expiredTime", Value::Null),
        ("createTime", json!("2026-01-01T00:02:00Z")),
        ("imageName", json!("Ubuntu 22.04 64-bit")),
        ("systemDisk", Value::Null),
    ] {
        assert_eq!(info.get(field), Some(&value), "{field}");
    }
}

#[tokio::test]
async fn bmc_instance_info_has_the_version_fields() {
    let app = TestApp::spawn_with(|c| c.timings.provisioning = 0).await;
    let (_, client, _) = app.account("5000.00").await;
    let id = create(&client, BMC, bmc_prepaid(json!({"hostname": "node-1"}))).await;
    let new = describe(&client, BMC, &id).await;
    assert_eq!(new["bandwidthOutMbps"], 20);
    assert_eq!(new["hostname"], "node-1");
    assert_eq!(new["instanceType"]["instanceTypeId"], "M6C");
    assert_eq!(new["expiredTime"], "2026-01-31T00:00:00Z");
    assert_eq!(new["autoRenew"], true);
    assert_eq!(new["period"], 1);
    assert!(new.get("ipmiEnabled").is_some() && new.get("primaryPublicIPv6Address").is_some());
    let old = describe(&client, Version::Bmc20221120, &id).await;
    assert!(old.get("ipmiEnabled").is_none());
    assert!(old["instanceType"].get("vpuVendor").is_none());
}

#[tokio::test]
async fn stop_and_start_go_through_their_transitions() {
    let app = TestApp::spawn_with(|c| {
        c.demo = false;
        c.timings.provisioning = 0;
    })
    .await;
    let (_, client, _) = app.account("5000.00").await;
    let a = create(&client, VM, vm_body(json!({}))).await;
    let b = create(&client, VM, vm_body(json!({}))).await;
    assert_api_error(
        call(&client, VM, "StartInstances", json!({"instanceIds": [a]})).await,
        403,
        "OPERATION_DENIED_INSTANCE_NOT_STOPPED",
    );
    call(
        &client,
        VM,
        "StopInstances",
        json!({"instanceIds": [a], "forceShutdown": true}),
    )
    .await
    .unwrap();
    assert_eq!(status(&client, VM, &a).await, "STOPPING");
    advance(&app, 5).await;
    assert_eq!(status(&client, VM, &a).await, "STOPPED");
    // A batch with one instance that cannot stop changes nothing (D-21).
    assert_api_error(
        call(&client, VM, "StopInstances", json!({"instanceIds": [b, a]})).await,
        403,
        "OPERATION_DENIED_INSTANCE_NOT_RUNNING",
    );
    assert_eq!(status(&client, VM, &b).await, "RUNNING");
    assert_api_error(
        call(
            &client,
            VM,
            "StopInstances",
            json!({"instanceIds": [b, "1234567890123456789"]}),
        )
        .await,
        404,
        "INVALID_INSTANCE_NOT_FOUND",
    );
    assert_eq!(status(&client, VM, &b).await, "RUNNING");
    call(&client, VM, "StartInstances", json!({"instanceIds": [a]}))
        .await
        .unwrap();
    assert_eq!(status(&client, VM, &a).await, "BOOTING");
    advance(&app, 5).await;
    assert_eq!(status(&client, VM, &a).await, "RUNNING");
    let too_many: Vec<String> = (0..101).map(|n| format!("{n}")).collect();
    for ids in [json!([]), json!(too_many)] {
        assert_api_error(
            call(&client, VM, "StopInstances", json!({"instanceIds": ids})).await,
            400,
            "INVALID_PARAMETER",
        );
    }
    assert_api_error(
        call(&client, VM, "StopInstances", json!({})).await,
        400,
        "MISSING_PARAMETER",
    );
}

#[tokio::test]
async fn postpaid_terminate_settles_usage_and_recycles_then_release_removes() {
    let app = TestApp::spawn_with(|c| {
        c.demo = false;
        c.timings.provisioning = 0;
    })
    .await;
    let (_, client, _) = app.account("100.00").await;
    // c.1c2g: 0.02/h + 2 Mbps above the free 1 at 0.005/h = 0.03/h.
    let id = create(&client, VM, vm_body(json!({}))).await;
    advance(&app, 3 * 3600 + 10).await;
    call(&client, VM, "TerminateInstance", json!({"instanceId": id}))
        .await
        .unwrap();
    assert_eq!(status(&client, VM, &id).await, "RECYCLE");
    // Four hours started: 0-1, 1-2, 2-3 and 3-4.
    assert_eq!(balance(&client).await, 100.0 - 0.12);
    assert_api_error(
        call(&client, VM, "TerminateInstance", json!({"instanceId": id})).await,
        403,
        "OPERATION_DENIED_INSTANCE_RECYCLED",
    );
    assert_api_error(
        call(&client, VM, "StartInstances", json!({"instanceIds": [id]})).await,
        403,
        "OPERATION_DENIED_INSTANCE_RECYCLED",
    );
    call(
        &client,
        VM,
        "ReleaseInstances",
        json!({"instanceIds": [id]}),
    )
    .await
    .unwrap();
    let v = call(
        &client,
        VM,
        "DescribeInstances",
        json!({"instanceIds": [id]}),
    )
    .await
    .unwrap();
    assert_eq!(v["totalCount"], 0);
    for (action, body) in [
        ("TerminateInstance", json!({"instanceId": id})),
        ("ReleaseInstances", json!({"instanceIds": [id]})),
        ("StartInstances", json!({"instanceIds": [id]})),
    ] {
        assert_api_error(
            call(&client, VM, action, body).await,
            404,
            "INVALID_INSTANCE_NOT_FOUND",
        );
    }
    // No usage after the recycle bin.
    advance(&app, 86_400 * 3).await;
    assert_eq!(balance(&client).await, 100.0 - 0.12);
}

#[tokio::test]
async fn release_needs_the_recycle_bin_and_happens_by_itself_after_a_day() {
    let app = TestApp::spawn_with(|c| {
        c.demo = false;
        c.timings.provisioning = 0;
    })
    .await;
    let (_, client, _) = app.account("100.00").await;
    let a = create(&client, VM, vm_body(json!({}))).await;
    let b = create(&client, VM, vm_body(json!({}))).await;
    call(&client, VM, "TerminateInstance", json!({"instanceId": a}))
        .await
        .unwrap();
    assert_api_error(
        call(
            &client,
            VM,
            "ReleaseInstances",
            json!({"instanceIds": [a, b]}),
        )
        .await,
        403,
        "OPERATION_DENIED_INSTANCE_NOT_RECYCLED",
    );
    assert_eq!(status(&client, VM, &a).await, "RECYCLE", "nothing released");
    advance(&app, 86_400 - 1).await;
    assert_eq!(status(&client, VM, &a).await, "RECYCLE");
    advance(&app, 1).await;
    let v = call(&client, VM, "DescribeInstances", json!({}))
        .await
        .unwrap();
    assert_eq!(v["totalCount"], 1);
    assert_eq!(v["dataSet"][0]["instanceId"], b.as_str());
}

#[tokio::test]
async fn terminating_prepaid_stops_renewal_and_recycles_at_expiry() {
    let app = TestApp::spawn_with(|c| {
        c.demo = false;
        c.timings.provisioning = 0;
    })
    .await;
    let (_, client, _) = app.account("1000.00").await;
    let id = create(&client, BMC, bmc_prepaid(json!({}))).await;
    let paid = balance(&client).await;
    assert_eq!(paid, 1000.0 - 219.0);
    call(&client, BMC, "TerminateInstance", json!({"instanceId": id}))
        .await
        .unwrap();
    let info = describe(&client, BMC, &id).await;
    assert_eq!(info["instanceStatus"], "RUNNING");
    assert_eq!(info["autoRenew"], false);
    advance(&app, 30 * 86_400).await;
    assert_eq!(status(&client, BMC, &id).await, "RECYCLE");
    assert_eq!(balance(&client).await, paid, "no renewal after terminate");
}

#[tokio::test]
async fn ninety_days_renew_a_monthly_instance_three_times_each_at_its_instant() {
    let app = TestApp::spawn_with(|c| {
        c.demo = false;
        c.timings.provisioning = 0;
    })
    .await;
    let (account, client, _) = app.account("1000.00").await;
    let id = create(&client, BMC, bmc_prepaid(json!({}))).await;
    let v = advance(&app, 90 * 86_400).await;
    assert!(v["eventsApplied"].as_u64().unwrap() >= 3);
    assert_eq!(balance(&client).await, 1000.0 - 4.0 * 219.0);
    let info = describe(&client, BMC, &id).await;
    assert_eq!(info["expiredTime"], "2026-05-01T00:00:00Z");
    let (_, orders) = app
        .control_get(&format!("/orders?accountId={account}&instanceId={id}"))
        .await;
    let orders = orders["orders"].as_array().unwrap();
    let renewals: Vec<(&str, &str)> = orders
        .iter()
        .filter(|o| o["kind"] == "RENEW")
        .map(|o| {
            (
                o["createdAt"].as_str().unwrap(),
                o["amount"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        renewals,
        [
            ("2026-01-31T00:00:00Z", "219.00"),
            ("2026-03-02T00:00:00Z", "219.00"),
            ("2026-04-01T00:00:00Z", "219.00"),
        ]
    );
    assert_eq!(orders[0]["kind"], "CREATE");
    assert_eq!(orders[0]["status"], "PAID");
    let history = call(
        &client,
        Version::Zbc20240809,
        "DescribeTransactionHistory",
        json!({"transactionType": ["CONSUME"]}),
    )
    .await
    .unwrap();
    let times: Vec<&str> = history["dataSet"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["transactionTime"].as_str().unwrap())
        .collect();
    assert_eq!(
        times,
        [
            "2026-04-01T00:00:00Z",
            "2026-03-02T00:00:00Z",
            "2026-01-31T00:00:00Z",
            "2026-01-01T00:00:00Z"
        ]
    );
    assert_eq!(history["expenditureSum"], 876.0);
}

#[tokio::test]
async fn a_renewal_the_balance_cannot_pay_recycles_the_instance() {
    let app = TestApp::spawn_with(|c| {
        c.demo = false;
        c.timings.provisioning = 0;
    })
    .await;
    let (_, client, _) = app.account("300.00").await;
    let id = create(&client, BMC, bmc_prepaid(json!({}))).await;
    advance(&app, 30 * 86_400).await;
    assert_eq!(status(&client, BMC, &id).await, "RECYCLE");
    assert_eq!(balance(&client).await, 81.0);
}

#[tokio::test]
async fn postpaid_usage_is_settled_at_each_utc_midnight() {
    let app = TestApp::spawn_with(|c| {
        c.demo = false;
        c.timings.provisioning = 0;
    })
    .await;
    let (_, client, _) = app.account("10.00").await;
    advance(&app, 12 * 3600).await;
    create(&client, VM, vm_body(json!({}))).await;
    advance(&app, 12 * 3600).await;
    // 12 hours at 0.03 before the first midnight.
    assert_eq!(balance(&client).await, 10.0 - 0.36);
    advance(&app, 86_400).await;
    assert_eq!(balance(&client).await, 10.0 - 0.36 - 0.72);
    let history = call(
        &client,
        Version::Zbc20240809,
        "DescribeTransactionHistory",
        json!({"transactionType": ["CONSUME"], "startTime": "2026-01-02T00:00:00Z", "endTime": "2026-01-03T00:00:00Z"}),
    )
    .await
    .unwrap();
    assert_eq!(history["totalCount"], 1);
    assert_eq!(
        history["dataSet"][0]["transactionTime"],
        "2026-01-02T00:00:00Z"
    );
    // The settlement is an order of its own (docs/decisions.md D-134).
    let number = history["dataSet"][0]["orderSn"].as_str().unwrap();
    let (_, orders) = app.control_get("/orders").await;
    let usage: Vec<&Value> = orders["orders"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["orderNumber"] == number)
        .collect();
    assert_eq!(usage.len(), 1);
    assert_eq!(
        (&usage[0]["kind"], &usage[0]["amount"]),
        (&json!("USAGE"), &json!("0.36"))
    );
}

#[tokio::test]
async fn another_account_cannot_see_or_touch_an_instance() {
    let app = TestApp::spawn_with(|c| c.timings.provisioning = 0).await;
    let (_, owner, _) = app.account("5000.00").await;
    let (_, other, _) = app.account("5000.00").await;
    let id = create(&owner, VM, vm_body(json!({}))).await;
    let v = call(
        &other,
        VM,
        "DescribeInstances",
        json!({"instanceIds": [id]}),
    )
    .await
    .unwrap();
    assert_eq!(v["totalCount"], 0);
    for (action, body) in [
        ("StopInstances", json!({"instanceIds": [id]})),
        ("StartInstances", json!({"instanceIds": [id]})),
        ("TerminateInstance", json!({"instanceId": id})),
        ("ReleaseInstances", json!({"instanceIds": [id]})),
    ] {
        assert_api_error(
            call(&other, VM, action, body).await,
            404,
            "INVALID_INSTANCE_NOT_FOUND",
        );
    }
    // A vm instance is not a bmc instance either.
    assert_api_error(
        call(&owner, BMC, "TerminateInstance", json!({"instanceId": id})).await,
        404,
        "INVALID_INSTANCE_NOT_FOUND",
    );
    assert_eq!(status(&owner, VM, &id).await, "RUNNING");
}

#[tokio::test]
async fn inquiry_shapes_follow_the_version_and_charge_type() {
    let app = no_demo().await;
    let (_, client, _) = app.account("1.00").await;
    let body = json!({
        "zoneId": "SEL-A",
        "instanceTypeId": "M6C",
        "instanceChargeType": "POSTPAID",
        "internetChargeType": "ByBandwidth",
        "internetMaxBandwidthOut": 30,
    });
    let old = call(
        &client,
        Version::Bmc20221120,
        "InquiryPriceCreateInstance",
        body.clone(),
    )
    .await
    .unwrap();
    let item = &old["instancePrice"];
    assert_eq!(item["unitPrice"], 0.35);
    assert_eq!(item["chargeUnit"], "HOUR");
    assert_eq!(item["originalPrice"], Value::Null);
    assert!(item.get("category").is_none() && item.get("excessUnitPrice").is_none());
    assert_eq!(old["bandwidthPrice"][0]["unitPrice"], 0.07);
    assert_eq!(old["primaryIpPrice"]["discountPrice"], 0.0);
    let new = call(&client, BMC, "InquiryPriceCreateInstance", body)
        .await
        .unwrap();
    assert_eq!(new["instancePrice"]["category"], "STANDARD");
    assert!(new["instancePrice"].get("excessUnitPrice").is_some());
    assert_eq!(new["bandwidthPrice"][0]["amountUnit"], "Mbps");
    let vm = call(
        &client,
        VM,
        "InquiryPriceCreateInstance",
        json!({
            "zoneId": "asia-east-1a",
            "instanceType": "c.2c4g",
            "instanceChargeType": "PREPAID",
            "instanceChargePrepaid": {"period": 1},
            "internetChargeType": "ByBandwidth",
        }),
    )
    .await
    .unwrap();
    assert_eq!(vm["instancePrice"]["originalPrice"], 24.0);
    assert_eq!(vm["instancePrice"]["discountPrice"], 24.0);
    assert_eq!(vm["dataDiskPrices"], json!([]));
    for field in ["eipPrice", "systemDiskPrice", "dataDiskPrice"] {
        assert_eq!(vm[field]["discountPrice"], 0.0, "{field}");
    }
}

#[tokio::test]
async fn a_discount_applies_to_inquiry_and_charge_alike() {
    let app = no_demo().await;
    let (status, v) = app
        .control_post(
            "/accounts",
            json!({"name": "vip", "balance": "1000.00", "discount": 85}),
        )
        .await;
    assert_eq!(status, 200);
    let client = app.client(zenlocal_client::Credential::access_key(
        v["accessKeyId"].as_str().unwrap(),
        v["accessKeyPassword"].as_str().unwrap(),
    ));
    let mut inquiry = bmc_prepaid(json!({"internetMaxBandwidthOut": 23}));
    for field in ["imageId", "password"] {
        inquiry.as_object_mut().unwrap().remove(field);
    }
    let price = call(&client, BMC, "InquiryPriceCreateInstance", inquiry)
        .await
        .unwrap();
    assert_eq!(price["instancePrice"]["discount"], 85.0);
    assert_eq!(price["instancePrice"]["originalPrice"], 199.0);
    assert_eq!(price["instancePrice"]["discountPrice"], 169.15);
    // 13 Mbps above the free 10 at 2.00: 26.00 list; 225 x 0.85 = 191.25 in all.
    assert_eq!(price["bandwidthPrice"][0]["originalPrice"], 26.0);
    assert_eq!(price["bandwidthPrice"][0]["discountPrice"], 22.1);
    create(
        &client,
        BMC,
        bmc_prepaid(json!({"internetMaxBandwidthOut": 23})),
    )
    .await;
    assert_eq!(balance(&client).await, 1000.0 - 191.25);
}

#[tokio::test]
async fn transaction_history_paginates_and_filters() {
    let app = no_demo().await;
    let (id, client, _) = app.account("10.00").await;
    for n in 1..=4 {
        advance(&app, 3600).await;
        let (s, _) = app
            .control_post(
                &format!("/accounts/{id}/deposit"),
                json!({"amount": format!("{n}.00")}),
            )
            .await;
        assert_eq!(s, 200);
    }
    let page = call(
        &client,
        Version::Zbc20240809,
        "DescribeTransactionHistory",
        json!({"pageSize": 2, "pageNum": 2}),
    )
    .await
    .unwrap();
    assert_eq!(page["totalCount"], 5);
    assert_eq!(page["incomeSum"], 20.0);
    assert_eq!(page["expenditureSum"], 0.0);
    let amounts: Vec<f64> = page["dataSet"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["amount"].as_f64().unwrap())
        .collect();
    assert_eq!(amounts, [2.0, 1.0]);
    let entry = &page["dataSet"][0];
    assert_eq!(entry["transactionType"], "RECHARGE");
    assert_eq!(entry["cashBalance"], 13.0);
    assert_eq!(entry["accountUid"], id.as_str());
    for bad in [
        json!({"transactionType": ["GIFT"]}),
        json!({"startTime": "yesterday"}),
        json!({"pageSize": 0}),
    ] {
        assert_api_error(
            call(
                &client,
                Version::Zbc20240809,
                "DescribeTransactionHistory",
                bad,
            )
            .await,
            400,
            "INVALID_PARAMETER",
        );
    }
}
