//! Public traffic, its overage and the bills (docs/decisions.md D-130 to D-137) through
//! real requests, frozen clock starting 2026-01-01.

use crate::helpers::*;
use serde_json::{json, Value};
use zenlocal_client::Client;
use zenlocal_wire::Version;

const BMC: Version = Version::Bmc20260201;
const VM: Version = Version::Vm20230313;
const ZBC: Version = Version::Zbc20240809;
/// 2026-01-01T00:00:00Z.
const START: &str = "2026-01-01T00:00:00Z";
const MONTH: i64 = 30 * 86_400;

async fn app() -> TestApp {
    TestApp::spawn_with(|c| {
        c.demo = false;
        c.timings.provisioning = 0;
        c.timings.processing = 0;
        c.timings.power = 0;
    })
    .await
}

/// A RUNNING bmc M6C in SEL-A: 199.00 a month, 1 TB free, 5.00 a TB above, 0.01 a GB over.
async fn bmc(client: &Client, charge: &str, internet: &str, package: Option<f64>) -> String {
    let mut body = json!({
        "zoneId": "SEL-A", "instanceTypeId": "M6C", "imageId": "img-ubuntu-2204",
        "instanceChargeType": charge, "internetChargeType": internet,
        "password": "Passw0rd-x",
    });
    if charge == "PREPAID" {
        body["instanceChargePrepaid"] = json!({"period": 1});
    }
    if let Some(tb) = package {
        body["trafficPackageSize"] = json!(tb);
    }
    if internet == "ByBandwidth" {
        body["internetMaxBandwidthOut"] = json!(20);
    }
    let v = call(client, BMC, "CreateInstances", body).await.unwrap();
    v["instanceIdSet"][0].as_str().unwrap().to_owned()
}

async fn traffic(app: &TestApp, id: &str, body: Value) -> (u16, Value) {
    app.control_post(&format!("/instances/{id}/traffic"), body)
        .await
}

async fn orders(app: &TestApp, id: &str, kind: &str) -> Vec<Value> {
    let (_, v) = app.control_get(&format!("/orders?instanceId={id}")).await;
    v["orders"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["kind"] == kind)
        .cloned()
        .collect()
}

/// D-130, D-131: outbound traffic above a 2 TB package is overage, a steady rate is
/// counted as time passes, and the cycle end bills the overage once — TRAFFIC_OVERAGE,
/// with its ledger entry — before the renewal; an upgrade raises the allowance at once,
/// so the next cycle has none.
#[tokio::test]
async fn overage_is_billed_once_at_the_cycle_end_and_an_upgrade_prevents_it() {
    let app = app().await;
    let (_, client, _) = app.account("5000.00").await;
    let id = bmc(&client, "PREPAID", "ByTrafficPackage", Some(2.0)).await;
    let (status, v) = traffic(&app, &id, json!({"outGb": "1900", "inGb": 700})).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(
        v,
        json!({"instanceId": id, "cycleOutGb": "1900", "allowanceGb": "2000", "overageGb": "0"})
    );
    traffic(&app, &id, json!({"outMbps": 100})).await;
    advance(&app, 86_400).await;
    // A day at 100 Mbps is 1080 GB: 980 above the allowance.
    let (_, v) = traffic(&app, &id, json!({"outMbps": "0"})).await;
    assert_eq!(
        (&v["cycleOutGb"], &v["overageGb"]),
        (&json!("2980"), &json!("980"))
    );
    assert!(orders(&app, &id, "TRAFFIC_OVERAGE").await.is_empty());

    let before = balance(&client).await;
    advance(&app, MONTH).await;
    let overage = orders(&app, &id, "TRAFFIC_OVERAGE").await;
    assert_eq!(overage.len(), 1, "{overage:?}");
    assert_eq!(
        (
            &overage[0]["amount"],
            &overage[0]["status"],
            &overage[0]["to"]
        ),
        (
            &json!("9.80"),
            &json!("PAID"),
            &json!("2026-01-31T00:00:00Z")
        )
    );
    // 9.80 of overage, then the renewal at 199.00 + 5.00.
    assert!((before - balance(&client).await - 213.80).abs() < 1e-9);
    let history = call(
        &client,
        ZBC,
        "DescribeTransactionHistory",
        json!({"transactionType": ["DEDUCTION"], "startTime": "2026-01-31T00:00:00Z"}),
    )
    .await
    .unwrap();
    assert_eq!(history["totalCount"], 2, "{history}");
    assert_eq!(history["dataSet"][1]["orderSn"], overage[0]["orderNumber"]);
    let (_, v) = traffic(&app, &id, json!({"outGb": "1"})).await;
    assert_eq!(
        (&v["cycleOutGb"], &v["overageGb"]),
        (&json!("1"), &json!("0"))
    );

    let upgraded = call(
        &client,
        BMC,
        "ModifyInstanceTrafficPackage",
        json!({"instanceId": id, "trafficPackageSize": 5}),
    )
    .await
    .unwrap();
    assert!(upgraded["orderNumber"].is_string());
    let (_, v) = traffic(&app, &id, json!({"outGb": "4000"})).await;
    assert_eq!(
        (&v["allowanceGb"], &v["overageGb"]),
        (&json!("5000"), &json!("0"))
    );
    advance(&app, MONTH).await;
    assert_eq!(
        orders(&app, &id, "TRAFFIC_OVERAGE").await.len(),
        1,
        "no second overage"
    );
}

/// D-131: a scheduled downgrade lowers the allowance only from the next cycle; POSTPAID
/// ByTrafficPackage pays every GB at its daily settlement; ByBandwidth is not metered.
#[tokio::test]
async fn the_allowance_follows_the_plan_in_force() {
    let app = app().await;
    let (_, client, _) = app.account("5000.00").await;
    let id = bmc(&client, "PREPAID", "ByTrafficPackage", Some(3.0)).await;
    call(
        &client,
        BMC,
        "ModifyInstanceTrafficPackage",
        json!({"instanceId": id, "trafficPackageSize": 2}),
    )
    .await
    .unwrap();
    let (_, v) = traffic(&app, &id, json!({"outGb": 2500})).await;
    assert_eq!(
        (&v["allowanceGb"], &v["overageGb"]),
        (&json!("3000"), &json!("0"))
    );

    let postpaid = bmc(&client, "POSTPAID", "ByTrafficPackage", None).await;
    let (_, v) = traffic(&app, &postpaid, json!({"outGb": "12.5"})).await;
    assert_eq!(
        (&v["allowanceGb"], &v["overageGb"]),
        (&json!("0"), &json!("12.5"))
    );
    advance(&app, 86_400).await;
    let overage = orders(&app, &postpaid, "TRAFFIC_OVERAGE").await;
    assert_eq!(overage.len(), 1);
    assert_eq!(overage[0]["amount"], "0.13", "12.5 GB at 0.01, half-up");
    assert_eq!(orders(&app, &postpaid, "USAGE").await.len(), 1, "D-134");

    let flat = bmc(&client, "POSTPAID", "ByBandwidth", None).await;
    let (_, v) = traffic(&app, &flat, json!({"outGb": 100000})).await;
    assert_eq!(
        (&v["allowanceGb"], &v["overageGb"]),
        (&Value::Null, &json!("0"))
    );
}

/// D-130: the Rust client records traffic through the control plane, and reads the
/// control plane's errors as the API's.
#[tokio::test]
async fn the_rust_client_records_traffic() {
    let app = app().await;
    let (_, client, _) = app.account("5000.00").await;
    let id = bmc(&client, "PREPAID", "ByTrafficPackage", Some(2.0)).await;
    let record = zenlocal_wire::control::TrafficRecord {
        out_gb: Some("2100".into()),
        in_gb: None,
        out_mbps: Some("0".into()),
    };
    let usage = client.record_traffic(&id, &record, None).await.unwrap();
    assert_eq!(
        (
            usage.instance_id.as_str(),
            usage.cycle_out_gb.as_str(),
            usage.allowance_gb.as_deref()
        ),
        (id.as_str(), "2100", Some("2000"))
    );
    assert_eq!(usage.overage_gb, "100");
    let missing = client.record_traffic("1234", &record, None).await;
    assert_api_error(missing, 404, "INVALID_INSTANCE_NOT_FOUND");
}

/// D-130: bad traffic is refused with the envelope, naming the field, and changes
/// nothing; a stopped instance sends nothing.
#[tokio::test]
async fn bad_traffic_is_refused() {
    let app = app().await;
    let (_, client, _) = app.account("5000.00").await;
    let id = bmc(&client, "PREPAID", "ByTrafficPackage", Some(2.0)).await;
    for (body, status, code) in [
        (json!({"outGb": "-1"}), 400, "INVALID_PARAMETER"),
        (json!({"outGb": "lots"}), 400, "INVALID_PARAMETER"),
        (json!({"outMbps": true}), 400, "INVALID_PARAMETER"),
        (json!({}), 400, "INVALID_PARAMETER"),
    ] {
        let (s, v) = traffic(&app, &id, body.clone()).await;
        assert_eq!(
            (s, v["code"].as_str().unwrap()),
            (status, code),
            "{body} {v}"
        );
    }
    let (s, v) = traffic(&app, "9999999999999999999", json!({"outGb": 1})).await;
    assert_eq!(
        (s, v["code"].as_str().unwrap()),
        (404, "INVALID_INSTANCE_NOT_FOUND")
    );
    call(&client, BMC, "StopInstances", json!({"instanceIds": [id]}))
        .await
        .unwrap();
    let (s, v) = traffic(&app, &id, json!({"outGb": 1})).await;
    assert_eq!(s, 400, "{v}");
    assert!(v["message"].as_str().unwrap().contains("RUNNING"));
}

/// D-132: the series has a point every five minutes, averaged in bps; instants and
/// stretches land where they belong; the 95th percentile and the totals follow.
#[tokio::test]
async fn the_traffic_series_shows_what_was_recorded() {
    let app = app().await;
    let (_, client, _) = app.account("5000.00").await;
    let id = bmc(&client, "PREPAID", "ByTrafficPackage", Some(2.0)).await;
    advance(&app, 60).await;
    traffic(
        &app,
        &id,
        json!({"outGb": "3", "inGb": "0.3", "outMbps": 8}),
    )
    .await;
    advance(&app, 1140).await;
    let window = json!({"instanceId": id, "startTime": START, "endTime": "2026-01-01T00:20:00Z"});
    for action in ["DescribeInstanceTraffic", "DescribeManagedInstanceTraffic"] {
        let v = call(&client, Version::Bmc20221120, action, window.clone())
            .await
            .unwrap();
        let points = v["dataList"].as_array().unwrap();
        let times: Vec<&str> = points.iter().map(|p| p["time"].as_str().unwrap()).collect();
        assert_eq!(
            times,
            [
                "2026-01-01T00:00:00Z",
                "2026-01-01T00:05:00Z",
                "2026-01-01T00:10:00Z",
                "2026-01-01T00:15:00Z",
                "2026-01-01T00:20:00Z"
            ]
        );
        // 3 GB at 00:01 in the five minutes ending 00:05, with 8 Mbps for 240 s of them.
        assert_eq!(
            points[1]["internetTX"],
            3_000_000_000i64 * 8 / 300 + 8_000_000 * 240 / 300
        );
        assert_eq!(points[1]["internetRX"], 8_000_000);
        assert_eq!(points[2]["internetTX"], 8_000_000);
        assert_eq!(v["out95"], points[1]["internetTX"]);
        assert_eq!(v["out95Time"], "2026-01-01T00:05:00Z");
        assert_eq!(v["outTotal"], 3_000_000_000i64 + 1_000_000 * 1140);
        assert_eq!(v["inTotal"], 300_000_000);
        assert_eq!((&v["unit"], &v["totalUnit"]), (&json!("bps"), &json!("B")));
        assert_eq!(v["maxBandwidth95ValueMbps"], 86.4);
    }
    let cpu = call(&client, VM, "DescribeInstanceCpuMonitor", window.clone()).await;
    assert_api_error(cpu, 404, "INVALID_INSTANCE_NOT_FOUND");
    for (start, end) in [
        ("2026-01-01T00:20:00Z", START),
        (START, "2026-01-02T00:00:01Z"),
        ("yesterday", START),
    ] {
        let bad = json!({"instanceId": id, "startTime": start, "endTime": end});
        let answer = call(&client, BMC, "DescribeInstanceTraffic", bad).await;
        assert_api_error(answer, 400, "INVALID_PARAMETER");
    }
    let missing = call(
        &client,
        BMC,
        "DescribeInstanceTraffic",
        json!({"instanceId": id}),
    )
    .await;
    assert_api_error(missing, 400, "MISSING_PARAMETER");
    advance(&app, 31 * 86_400).await;
    let old = call(&client, BMC, "DescribeInstanceTraffic", window).await;
    assert_api_error(old, 400, "INVALID_PARAMETER");
}

/// D-133: CPU points of a virtual machine; the hardware health of bare metal, in the
/// order asked, every id checked first.
#[tokio::test]
async fn monitoring_answers_for_the_callers_instances() {
    let app = app().await;
    let (_, client, _) = app.account("5000.00").await;
    let machine = call(
        &client,
        VM,
        "CreateInstances",
        json!({
            "zoneId": "asia-east-1a", "instanceType": "c.1c2g", "imageId": "ubuntu_22_04_x64",
            "instanceChargeType": "POSTPAID", "internetChargeType": "ByBandwidth",
            "internetMaxBandwidthOut": 3, "password": "Passw0rd-x",
        }),
    )
    .await
    .unwrap()["instanceIdSet"][0]
        .as_str()
        .unwrap()
        .to_owned();
    advance(&app, 600).await;
    let v = call(
        &client,
        VM,
        "DescribeInstanceCpuMonitor",
        json!({"instanceId": machine, "startTime": START, "endTime": "2026-01-01T01:00:00Z"}),
    )
    .await
    .unwrap();
    assert_eq!(
        v["dataList"].as_array().unwrap().len(),
        3,
        "up to now: 00:00 to 00:10"
    );
    assert_eq!(v["dataList"][0], json!({"cpu": "0", "time": START}));

    let a = bmc(&client, "PREPAID", "ByBandwidth", None).await;
    let b = bmc(&client, "POSTPAID", "ByBandwidth", None).await;
    call(&client, BMC, "StopInstances", json!({"instanceIds": [b]}))
        .await
        .unwrap();
    let v = call(
        &client,
        BMC,
        "DescribeInstancesMonitorHealth",
        json!({"instanceIds": [b, a, b]}),
    )
    .await
    .unwrap();
    let list = v["monitorHealthList"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(
        (&list[0]["instanceId"], &list[0]["wanPortStatus"]),
        (&json!(b), &json!("DOWN"))
    );
    assert_eq!(
        (&list[1]["instanceId"], &list[1]["wanPortStatus"]),
        (&json!(a), &json!("UP"))
    );
    assert_eq!(
        (&list[1]["cpuStatus"], &list[1]["serverModel"]),
        (&json!("NORMAL"), &json!("M6C"))
    );
    let unknown = call(
        &client,
        BMC,
        "DescribeInstancesMonitorHealth",
        json!({"instanceIds": [a, "1234"]}),
    )
    .await;
    assert_api_error(unknown, 404, "INVALID_INSTANCE_NOT_FOUND");
    let empty = call(
        &client,
        BMC,
        "DescribeInstancesMonitorHealth",
        json!({"instanceIds": []}),
    )
    .await;
    assert_api_error(empty, 400, "INVALID_PARAMETER");
}

/// D-6: no action of this issue reads another account's instance, and bills and deposits
/// are the caller's own.
#[tokio::test]
async fn another_account_sees_nothing() {
    let app = app().await;
    let (_, owner, _) = app.account("5000.00").await;
    let (_, other, _) = app.account("100.00").await;
    let id = bmc(&owner, "PREPAID", "ByTrafficPackage", Some(2.0)).await;
    let window = json!({"instanceId": id, "startTime": START, "endTime": START});
    for action in ["DescribeInstanceTraffic", "DescribeManagedInstanceTraffic"] {
        assert_api_error(
            call(&other, BMC, action, window.clone()).await,
            404,
            "INVALID_INSTANCE_NOT_FOUND",
        );
    }
    let health = call(
        &other,
        BMC,
        "DescribeInstancesMonitorHealth",
        json!({"instanceIds": [id]}),
    )
    .await;
    assert_api_error(health, 404, "INVALID_INSTANCE_NOT_FOUND");
    let bill = call(&other, ZBC, "DescribeBillDetail", json!({"resourceId": id}))
        .await
        .unwrap();
    assert_eq!(bill["totalCount"], 0);
    let mine = call(&owner, ZBC, "DescribeBillDetail", json!({"resourceId": id}))
        .await
        .unwrap();
    assert_eq!(mine["totalCount"], 1);
    let money_in = call(&other, ZBC, "DescribeRechargeRefundHistory", json!({}))
        .await
        .unwrap();
    assert_eq!(money_in["totalCount"], 1);
    assert_eq!(money_in["dataSet"][0]["amount"], 100.0);
}

/// D-135, D-136, D-137: a month's bill is its CONSUME entries, line by line with their
/// orders; the summary groups it; deposits are money in.
#[tokio::test]
async fn bills_are_the_ledger_by_month() {
    let app = app().await;
    let (account, client, _) = app.account("5000.00").await;
    let prepaid = bmc(&client, "PREPAID", "ByTrafficPackage", Some(2.0)).await;
    let postpaid = bmc(&client, "POSTPAID", "ByBandwidth", None).await;
    app.control_post(
        &format!("/accounts/{account}/deposit"),
        json!({"amount": "250.00"}),
    )
    .await;
    advance(&app, 2 * MONTH).await;

    let history = call(
        &client,
        ZBC,
        "DescribeTransactionHistory",
        json!({"transactionType": ["CONSUME"], "startTime": START, "pageSize": 1000}),
    )
    .await
    .unwrap();
    for (month, start, end) in [
        (202601, START, "2026-02-01T00:00:00Z"),
        (202602, "2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z"),
    ] {
        let bill = call(
            &client,
            ZBC,
            "DescribeBillDetail",
            json!({"billMonthly": month, "pageSize": 5000}),
        )
        .await
        .unwrap();
        let consumed: f64 = history["dataSet"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| {
                let t = e["transactionTime"].as_str().unwrap();
                start <= t && t < end
            })
            .map(|e| e["amount"].as_f64().unwrap())
            .sum();
        let lines: f64 = bill["dataSet"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["amount"].as_f64().unwrap())
            .sum();
        assert!(
            (bill["totalSpend"].as_f64().unwrap() - consumed).abs() < 1e-6,
            "{month}: {bill}"
        );
        assert!((lines - consumed).abs() < 1e-6);
        assert_eq!(bill["totalCash"], bill["totalSpend"]);
        let summary = call(
            &client,
            ZBC,
            "DescribeMonthlyBillSummary",
            json!({"billMonthly": month}),
        )
        .await
        .unwrap();
        assert_eq!(summary["totalSpend"], bill["totalSpend"]);
        assert_eq!(summary["summaryInfoList"][0]["product"], "Compute");
    }
    let january = call(
        &client,
        ZBC,
        "DescribeBillDetail",
        json!({"billMonthly": 202601, "resourceId": prepaid}),
    )
    .await
    .unwrap();
    let line = &january["dataSet"][0];
    assert_eq!(
        (
            &line["billingMode"],
            &line["productSubitem"],
            &line["location"],
            &line["amount"]
        ),
        (
            &json!("Subscription"),
            &json!("Bare Metal Instance"),
            &json!("SEL-A"),
            &json!(204.0)
        )
    );
    assert_eq!(
        (&line["startTime"], &line["endTime"]),
        (&json!(START), &json!("2026-01-31T00:00:00Z"))
    );
    let usage = call(
        &client,
        ZBC,
        "DescribeBillDetail",
        json!({"billMonthly": 202601, "resourceId": postpaid, "pageSize": 1}),
    )
    .await
    .unwrap();
    assert_eq!(usage["dataSet"][0]["billingMode"], "Time pricing");
    assert!(usage["totalCount"].as_i64().unwrap() > 1);
    assert_eq!(usage["dataSet"].as_array().unwrap().len(), 1);
    let by_group = call(
        &client,
        ZBC,
        "DescribeMonthlyBillSummary",
        json!({"billMonthly": 202601, "summaryType": "RESOURCE_GROUP"}),
    )
    .await
    .unwrap();
    assert_eq!(by_group["summaryInfoList"][0]["product"], Value::Null);
    for (action, body) in [
        ("DescribeBillDetail", json!({"billMonthly": 202613})),
        ("DescribeBillDetail", json!({"pageNum": 0})),
        (
            "DescribeMonthlyBillSummary",
            json!({"summaryType": "REGION"}),
        ),
        ("DescribeRechargeRefundHistory", json!({"state": ["PAID"]})),
        (
            "DescribeTransactionHistory",
            json!({"transactionType": ["GIFT"]}),
        ),
        (
            "DescribeTransactionHistory",
            json!({"transactionType": "CONSUME"}),
        ),
    ] {
        assert_api_error(
            call(&client, ZBC, action, body).await,
            400,
            "INVALID_PARAMETER",
        );
    }
    let money_in = call(
        &client,
        ZBC,
        "DescribeRechargeRefundHistory",
        json!({"state": ["PAY_SUCCESS"], "startTime": START}),
    )
    .await
    .unwrap();
    let amounts: Vec<&Value> = money_in["dataSet"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["amount"])
        .collect();
    assert_eq!(amounts, [&json!(250.0), &json!(5000.0)], "newest first");
    assert_eq!(money_in["dataSet"][0]["transactionType"], "RECHARGE");
    let paying = call(
        &client,
        ZBC,
        "DescribeRechargeRefundHistory",
        json!({"state": ["PAYING"]}),
    )
    .await
    .unwrap();
    assert_eq!(paying["totalCount"], 0);
}
