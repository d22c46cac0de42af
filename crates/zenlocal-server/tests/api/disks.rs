//! vm disks (docs/decisions.md D-160 to D-169) through real requests: bought with an
//! instance or on their own, the price and the charge, the disk time, attaching across
//! zones, detaching a system disk, terminating an attached disk, growing with a prorated
//! charge, the recycle bin, and tenancy.

use crate::helpers::*;
use serde_json::{json, Value};
use zenlocal_client::Client;
use zenlocal_wire::Version;

const VM_2023: Version = Version::Vm20230313;
const VM: Version = Version::Vm20260401;
const ZONE: &str = "asia-east-1a";
/// Seconds a disk is CREATING, ATTACHING, DETACHING or RESIZING by default.
const DISK: i64 = 5;

async fn vm_in(client: &Client, zone: &str, extra: Value) -> Value {
    let mut body = json!({
        "zoneId": zone,
        "instanceType": "c.1c2g",
        "imageId": "ubuntu_22_04_x64",
        "instanceChargeType": "POSTPAID",
        "internetChargeType": "ByBandwidth",
        "password": "Passw0rd-x",
    });
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    call(client, VM, "CreateInstances", body).await.unwrap()
}

async fn vm_id(client: &Client, zone: &str) -> String {
    let v = vm_in(client, zone, json!({})).await;
    v["instanceIdSet"][0].as_str().unwrap().to_owned()
}

fn prepaid_ssd(size: i64) -> Value {
    json!({
        "chargeType": "PREPAID", "chargePrepaid": {"period": 1}, "diskName": "data-1",
        "diskSize": size, "diskCategory": "SSD", "zoneId": ZONE,
    })
}

fn postpaid(zone: &str) -> Value {
    json!({"chargeType": "POSTPAID", "diskName": "scratch", "diskSize": 50, "zoneId": zone})
}

async fn create(client: &Client, body: Value) -> Result<Vec<String>, zenlocal_client::Error> {
    let v = call(client, VM, "CreateDisks", body).await?;
    assert!(v["orderNumber"].as_str().is_some_and(|n| n.len() == 16));
    Ok(v["diskIds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|id| id.as_str().unwrap().to_owned())
        .collect())
}

async fn disks(client: &Client, version: Version, filter: Value) -> Vec<Value> {
    let v = call(client, version, "DescribeDisks", filter)
        .await
        .unwrap();
    v["dataSet"].as_array().unwrap().clone()
}

async fn disk(client: &Client, id: &str) -> Value {
    disks(client, VM, json!({"diskIds": [id]})).await.remove(0)
}

async fn act(client: &Client, action: &str, body: Value) -> Result<Value, zenlocal_client::Error> {
    call(client, VM, action, body).await
}

/// D-160: CreateInstances' system disk and data disks are disks paid with the instance:
/// listed by DescribeDisks in both versions, IN_USE, not portable, with the instance's
/// billing; its 2026 answer names each instance's data disks.
#[tokio::test]
async fn an_instance_comes_with_its_disks() {
    let app = TestApp::spawn_bare(|c| c.timings.power = 0).await;
    let (_, client, _) = app.account("100.00").await;
    let created = vm_in(
        &client,
        ZONE,
        json!({"instanceCount": 2, "systemDisk": {"diskSize": 40},
               "dataDisks": [{"diskSize": 60, "diskCategory": "SSD", "diskAmount": 2}]}),
    )
    .await;
    let first = created["instances"][0].clone();
    let id = first["instanceId"].as_str().unwrap();
    assert_eq!(first["diskIdSet"].as_array().unwrap().len(), 2);
    for version in [VM_2023, VM] {
        let listed = disks(&client, version, json!({"instanceId": id})).await;
        assert_eq!(listed.len(), 3, "{version:?}");
        let system: Vec<&Value> = listed
            .iter()
            .filter(|d| d["diskType"] == "SYSTEM")
            .collect();
        assert_eq!(system.len(), 1);
        assert_eq!(system[0]["diskSize"], 40);
        assert_eq!(system[0]["diskCategory"], "STANDARD");
        for d in &listed {
            assert_eq!(d["diskStatus"], "IN_USE");
            assert_eq!(d["portable"], false);
            assert_eq!(d["chargeType"], "POSTPAID");
            assert_eq!(d["instanceId"], id);
            assert_eq!(d["zoneId"], ZONE);
        }
    }
    assert_eq!(disks(&client, VM, json!({})).await.len(), 6);
    // A bad disk spec buys nothing.
    assert_api_error(
        call(
            &client,
            VM,
            "CreateInstances",
            json!({"zoneId": ZONE, "instanceType": "c.1c2g", "imageId": "ubuntu_22_04_x64",
                   "instanceChargeType": "POSTPAID", "internetChargeType": "ByBandwidth",
                   "password": "Passw0rd-x", "systemDisk": {"diskSize": 5}}),
        )
        .await,
        400,
        "INVALID_PARAMETER",
    );
    let instances = call(&client, VM, "DescribeInstances", json!({}))
        .await
        .unwrap();
    assert_eq!(instances["totalCount"], 2);
}

/// D-162, D-165: the categories per zone; InquiryPriceCreateDisks answers exactly what
/// CreateDisks takes; the disks are CREATING for the disk time, then AVAILABLE.
#[tokio::test]
async fn a_disk_is_bought_at_its_quoted_price() {
    let app = TestApp::spawn_bare(|c| c.timings.power = 0).await;
    let (account, client, _) = app.account("100.00").await;
    let categories = act(&client, "DescribeDiskCategory", json!({"zoneId": ZONE}))
        .await
        .unwrap();
    assert_eq!(
        categories["categoryZoneSet"],
        json!([{"zoneId": ZONE, "categorySet": ["STANDARD", "SSD"]}])
    );
    let all = act(&client, "DescribeDiskCategory", json!({}))
        .await
        .unwrap();
    assert_eq!(all["categoryZoneSet"].as_array().unwrap().len(), 4);
    for version in [VM_2023, VM] {
        let quote = call(
            &client,
            version,
            "InquiryPriceCreateDisks",
            json!({"zoneId": ZONE, "diskSize": 100, "diskAmount": 2, "chargeType": "PREPAID",
                   "chargePrepaid": {"period": 2}, "diskCategory": "SSD"}),
        )
        .await
        .unwrap();
        // 2 disks x 100 GB x 0.10 a month x 2 months.
        assert_eq!(quote["dataDiskPrice"]["discountPrice"], 40.0, "{version:?}");
    }
    let ids = create(
        &client,
        json!({"chargeType": "PREPAID", "chargePrepaid": {"period": 2}, "diskName": "data-1",
               "diskSize": 100, "diskAmount": 2, "diskCategory": "SSD", "zoneId": ZONE,
               "tags": {"tags": [{"key": "team", "value": "ops"}]}}),
    )
    .await
    .unwrap();
    assert_eq!(ids.len(), 2);
    assert_eq!(balance(&client).await, 60.0);
    let first = disk(&client, &ids[0]).await;
    for (field, value) in [
        ("diskStatus", json!("CREATING")),
        ("diskType", json!("DATA")),
        ("portable", json!(true)),
        ("diskCategory", json!("SSD")),
        ("diskSize", json!(100)),
        ("chargeType", json!("PREPAID")),
        ("period", json!(2)),
        ("autoRenew", json!(true)),
        ("instanceId", Value::Null),
        ("createTime", json!("2026-01-01T00:00:00Z")),
        ("expiredTime", json!("2026-03-02T00:00:00Z")),
        ("tags", json!({"tags": [{"key": "team", "value": "ops"}]})),
    ] {
        assert_eq!(first[field], value, "{field}");
    }
    advance(&app, DISK).await;
    assert_eq!(disk(&client, &ids[0]).await["diskStatus"], "AVAILABLE");
    let (_, orders) = app
        .control_get(&format!("/orders?accountId={account}"))
        .await;
    let lines = orders["orders"].as_array().unwrap();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["resourceType"], "DISK");
    assert_eq!(lines[0]["amount"], "20.00");
    assert_eq!(lines[0]["instanceId"], Value::Null);

    let poor = create(&client, prepaid_ssd(1000)).await;
    assert_api_error(poor, 403, "OPERATION_DENIED_INSUFFICIENT_BALANCE");
    for (body, status, code) in [
        (json!({"zoneId": "nowhere"}), 404, "INVALID_ZONE_NOT_FOUND"),
        (json!({"diskSize": 10}), 400, "INVALID_PARAMETER"),
        (json!({"diskName": "-bad"}), 400, "INVALID_PARAMETER"),
        (json!({"diskCategory": "GOLD"}), 400, "INVALID_PARAMETER"),
        (json!({"diskAmount": 51}), 400, "INVALID_PARAMETER"),
        (
            json!({"instanceId": "123"}),
            404,
            "INVALID_INSTANCE_NOT_FOUND",
        ),
    ] {
        let mut asked = prepaid_ssd(20);
        for (k, v) in body.as_object().unwrap() {
            asked[k] = v.clone();
        }
        assert_api_error(create(&client, asked).await, status, code);
    }
    assert_eq!(balance(&client).await, 60.0);
    assert_eq!(disks(&client, VM, json!({})).await.len(), 2);
}

/// D-164: attach and detach over the disk time; attaching across zones, a system disk
/// or an attached disk, detaching a system disk, and a full instance are refused with
/// the pages' codes, and change nothing.
#[tokio::test]
async fn disks_attach_and_detach_by_the_pages_rules() {
    let app = TestApp::spawn_bare(|c| c.timings.power = 0).await;
    let (_, client, _) = app.account("100.00").await;
    let here = vm_id(&client, ZONE).await;
    let there = vm_id(&client, "asia-southeast-1a").await;
    let ids = create(&client, postpaid(ZONE)).await.unwrap();
    let id = ids[0].as_str();
    assert_api_error(
        act(
            &client,
            "AttachDisks",
            json!({"diskIds": [id], "instanceId": here}),
        )
        .await,
        400,
        "UNSUPPORTED_OPERATION_DISK_STATUS",
    );
    advance(&app, DISK).await;
    assert_api_error(
        act(
            &client,
            "AttachDisks",
            json!({"diskIds": [id], "instanceId": there}),
        )
        .await,
        400,
        "INVALID_DISK_AND_INSTANCE_ZONE_MISMATCHED",
    );
    act(
        &client,
        "AttachDisks",
        json!({"diskIds": [id], "instanceId": here}),
    )
    .await
    .unwrap();
    assert_eq!(disk(&client, id).await["diskStatus"], "ATTACHING");
    advance(&app, DISK).await;
    let attached = disk(&client, id).await;
    assert_eq!(attached["diskStatus"], "IN_USE");
    assert_eq!(attached["instanceId"], here.as_str());
    assert_eq!(attached["instanceName"], "instance");
    assert_api_error(
        act(
            &client,
            "AttachDisks",
            json!({"diskIds": [id], "instanceId": here}),
        )
        .await,
        400,
        "UNSUPPORTED_OPERATION_DISK_ATTACHED",
    );
    let system = disks(
        &client,
        VM,
        json!({"instanceId": here, "diskType": "SYSTEM"}),
    )
    .await;
    let system_id = system[0]["diskId"].as_str().unwrap();
    assert_api_error(
        act(&client, "DetachDisks", json!({"diskIds": [system_id]})).await,
        400,
        "INVALID_DISK_NOT_PORTABLE",
    );
    assert_api_error(
        act(
            &client,
            "AttachDisks",
            json!({"diskIds": [system_id], "instanceId": here}),
        )
        .await,
        400,
        "INVALID_DISK_NOT_PORTABLE",
    );
    act(&client, "DetachDisks", json!({"diskIds": [id]}))
        .await
        .unwrap();
    assert_eq!(disk(&client, id).await["diskStatus"], "DETACHING");
    advance(&app, DISK).await;
    let detached = disk(&client, id).await;
    assert_eq!(
        (
            detached["diskStatus"].clone(),
            detached["instanceId"].clone()
        ),
        (json!("AVAILABLE"), Value::Null)
    );

    // Fifteen data disks fill an instance.
    let mut fifteen = postpaid(ZONE);
    fifteen["diskAmount"] = json!(15);
    fifteen["instanceId"] = json!(here);
    create(&client, fifteen).await.unwrap();
    assert_api_error(
        act(
            &client,
            "AttachDisks",
            json!({"diskIds": [id], "instanceId": here}),
        )
        .await,
        400,
        "LIMIT_EXCEEDED_INSTANCE_CAN_ATTACH",
    );
    // ChangeDisksAttach moves an attached disk to another instance of its zone.
    let other = vm_id(&client, ZONE).await;
    advance(&app, DISK).await;
    let on_here = disks(&client, VM, json!({"instanceId": here, "diskType": "DATA"})).await;
    let moving = on_here[0]["diskId"].as_str().unwrap();
    act(
        &client,
        "ChangeDisksAttach",
        json!({"diskIds": [moving], "instanceId": other}),
    )
    .await
    .unwrap();
    advance(&app, DISK).await;
    assert_eq!(disk(&client, moving).await["instanceId"], other.as_str());
    act(
        &client,
        "AttachDisks",
        json!({"diskIds": [id], "instanceId": here}),
    )
    .await
    .unwrap();
}

/// D-166: ResizeDisk only grows; a PREPAID disk pays the added GB for the rest of its
/// cycle, prorated as the plan changes are; RESIZING for the disk time.
#[tokio::test]
async fn a_resize_is_charged_for_the_rest_of_the_cycle() {
    let app = TestApp::spawn_bare(|c| c.timings.power = 0).await;
    let (account, client, _) = app.account("100.00").await;
    let id = create(&client, prepaid_ssd(100)).await.unwrap().remove(0);
    assert_eq!(balance(&client).await, 90.0);
    advance(&app, 15 * 86_400).await;
    act(
        &client,
        "ResizeDisk",
        json!({"diskId": id, "diskSize": 200}),
    )
    .await
    .unwrap();
    // 100 GB more at 0.10 a month, for the half month left.
    assert_eq!(balance(&client).await, 85.0);
    let resizing = disk(&client, &id).await;
    assert_eq!(
        (resizing["diskStatus"].clone(), resizing["diskSize"].clone()),
        (json!("RESIZING"), json!(200))
    );
    assert_api_error(
        act(
            &client,
            "ResizeDisk",
            json!({"diskId": id, "diskSize": 300}),
        )
        .await,
        400,
        "UNSUPPORTED_OPERATION_DISK_STATUS",
    );
    advance(&app, DISK).await;
    assert_eq!(disk(&client, &id).await["diskStatus"], "AVAILABLE");
    for size in [200, 150, 5000] {
        assert_api_error(
            act(
                &client,
                "ResizeDisk",
                json!({"diskId": id, "diskSize": size}),
            )
            .await,
            400,
            "INVALID_PARAMETER",
        );
    }
    let (_, orders) = app
        .control_get(&format!("/orders?accountId={account}"))
        .await;
    let resize = &orders["orders"][1];
    assert_eq!(
        (
            &resize["kind"],
            &resize["from"],
            &resize["to"],
            &resize["amount"]
        ),
        (
            &json!("DISK_SIZE"),
            &json!("100"),
            &json!("200"),
            &json!("5.00")
        )
    );
    // The renewal pays the new size.
    advance(&app, 15 * 86_400).await;
    assert_eq!(balance(&client).await, 65.0);
    let system = {
        let here = vm_id(&client, ZONE).await;
        disks(&client, VM, json!({"instanceId": here})).await[0]["diskId"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_api_error(
        act(
            &client,
            "ResizeDisk",
            json!({"diskId": system, "diskSize": 100}),
        )
        .await,
        400,
        "UNSUPPORTED_OPERATION_DISK_SYSTEM_TYPE",
    );
}

/// D-167: TerminateDisk takes a detached POSTPAID disk to the recycle bin (an attached
/// one is refused), ReleaseDisk only takes it from there; a PREPAID disk that cannot
/// renew goes there at its cycle end and RenewDisk buys it back.
#[tokio::test]
async fn disks_go_through_the_recycle_bin() {
    let app = TestApp::spawn_bare(|c| c.timings.power = 0).await;
    let (_, client, _) = app.account("15.00").await;
    let here = vm_id(&client, ZONE).await;
    let mut attached = postpaid(ZONE);
    attached["instanceId"] = json!(here);
    let on = create(&client, attached).await.unwrap().remove(0);
    let free = create(&client, postpaid(ZONE)).await.unwrap().remove(0);
    advance(&app, DISK).await;
    assert_api_error(
        act(&client, "TerminateDisk", json!({"diskId": on})).await,
        400,
        "UNSUPPORTED_OPERATION_DISK_ATTACHED",
    );
    assert_api_error(
        act(&client, "ReleaseDisk", json!({"diskId": free})).await,
        400,
        "UNSUPPORTED_OPERATION_DISK_NOT_BEING_RECYCLE",
    );
    act(&client, "TerminateDisk", json!({"diskId": free}))
        .await
        .unwrap();
    assert_eq!(disk(&client, &free).await["diskStatus"], "RECYCLED");
    assert_api_error(
        act(&client, "TerminateDisk", json!({"diskId": free})).await,
        400,
        "UNSUPPORTED_OPERATION_DISK_BEING_RECYCLE",
    );
    act(&client, "ReleaseDisk", json!({"diskId": free}))
        .await
        .unwrap();
    assert!(disks(&client, VM, json!({"diskIds": [free]}))
        .await
        .is_empty());

    // An account that can pay one month of a PREPAID disk and no more.
    let (account, client, _) = app.account("10.00").await;
    let prepaid = create(&client, prepaid_ssd(100)).await.unwrap().remove(0);
    assert_api_error(
        act(&client, "TerminateDisk", json!({"diskId": prepaid})).await,
        400,
        "UNSUPPORTED_OPERATION_INSTANCE_CHARGE_TYPE",
    );
    assert_api_error(
        act(&client, "RenewDisk", json!({"diskId": prepaid})).await,
        400,
        "UNSUPPORTED_OPERATION_DISK_STATUS",
    );
    advance(&app, 30 * 86_400).await;
    assert_eq!(disk(&client, &prepaid).await["diskStatus"], "RECYCLED");
    let (status, _) = app
        .control_post(
            &format!("/accounts/{account}/deposit"),
            json!({"amount": "9.99"}),
        )
        .await;
    assert_eq!(status, 200);
    assert_api_error(
        act(&client, "RenewDisk", json!({"diskId": prepaid})).await,
        403,
        "OPERATION_DENIED_INSUFFICIENT_BALANCE",
    );
    app.control_post(
        &format!("/accounts/{account}/deposit"),
        json!({"amount": "0.01"}),
    )
    .await;
    let renewed = act(&client, "RenewDisk", json!({"diskId": prepaid}))
        .await
        .unwrap();
    assert!(renewed["orderNumber"].as_str().is_some());
    assert_eq!(disk(&client, &prepaid).await["diskStatus"], "AVAILABLE");
    assert_eq!(balance(&client).await, 0.0);
}

/// D-161: releasing an instance releases the disks paid with it; a portable disk
/// attached to it survives, AVAILABLE. D-6: another account's disk does not exist.
#[tokio::test]
async fn a_portable_disk_survives_its_instance() {
    let app = TestApp::spawn_bare(|c| c.timings.power = 0).await;
    let (_, client, _) = app.account("100.00").await;
    let here = vm_id(&client, ZONE).await;
    let mut attached = postpaid(ZONE);
    attached["instanceId"] = json!(here);
    let portable = create(&client, attached).await.unwrap().remove(0);
    advance(&app, DISK).await;
    let (_, stranger, _) = app.account("100.00").await;
    for (action, body) in [
        ("DetachDisks", json!({"diskIds": [portable]})),
        ("ResizeDisk", json!({"diskId": portable, "diskSize": 100})),
        (
            "ModifyDisksAttributes",
            json!({"diskIds": [portable], "diskName": "mine"}),
        ),
        (
            "ModifyDisksResourceGroup",
            json!({"diskIds": [portable], "resourceGroupId": "rg-1"}),
        ),
        ("TerminateDisk", json!({"diskId": portable})),
        ("ReleaseDisk", json!({"diskId": portable})),
        ("RenewDisk", json!({"diskId": portable})),
    ] {
        assert_api_error(
            act(&stranger, action, body).await,
            404,
            "INVALID_DISK_NOT_FOUND",
        );
    }
    assert!(disks(&stranger, VM, json!({})).await.is_empty());
    act(
        &client,
        "ModifyDisksAttributes",
        json!({"diskIds": [portable], "diskName": "kept"}),
    )
    .await
    .unwrap();
    act(&client, "TerminateInstance", json!({"instanceId": here}))
        .await
        .unwrap();
    act(&client, "ReleaseInstances", json!({"instanceIds": [here]}))
        .await
        .unwrap();
    let left = disks(&client, VM, json!({})).await;
    assert_eq!(left.len(), 1);
    assert_eq!(left[0]["diskId"], portable.as_str());
    assert_eq!(left[0]["diskName"], "kept");
    assert_eq!(left[0]["diskStatus"], "AVAILABLE");
    assert_eq!(left[0]["instanceId"], Value::Null);
}

/// D-177: a data disk CreateInstances marks `portable` is paid with its instance while on
/// it (a resize belongs to the plan), outlives the instance's release, AVAILABLE, and is
/// then a POSTPAID disk on its own bill from the hour that holds the release; a data disk
/// not marked so goes with the instance.
#[tokio::test]
async fn a_portable_data_disk_of_an_instance_outlives_it_on_its_own_bill() {
    let app = TestApp::spawn_bare(|c| c.timings.power = 0).await;
    let (account, client, _) = app.account("100.00").await;
    let created = vm_in(
        &client,
        ZONE,
        json!({"dataDisks": [{"diskSize": 50, "diskCategory": "SSD", "portable": true},
                             {"diskSize": 20, "diskCategory": "SSD"}]}),
    )
    .await;
    let here = created["instanceIdSet"][0].as_str().unwrap().to_owned();
    let data = disks(&client, VM, json!({"instanceId": here, "diskType": "DATA"})).await;
    assert_eq!(data.len(), 2);
    let kept = data.iter().find(|d| d["portable"] == true).unwrap();
    let kept_id = kept["diskId"].as_str().unwrap().to_owned();
    assert_eq!(
        (&kept["diskSize"], &kept["chargeType"], &kept["diskStatus"]),
        (&json!(50), &json!("POSTPAID"), &json!("IN_USE"))
    );
    assert_api_error(
        act(
            &client,
            "ResizeDisk",
            json!({"diskId": kept_id, "diskSize": 100}),
        )
        .await,
        400,
        "UNSUPPORTED_OPERATION_INSTANCE_CHARGE_TYPE",
    );
    // Released at 20:30 on its first day (the clock starts at midnight).
    advance(&app, 20 * 3600 + 1800).await;
    act(&client, "TerminateInstance", json!({"instanceId": here}))
        .await
        .unwrap();
    act(&client, "ReleaseInstances", json!({"instanceIds": [here]}))
        .await
        .unwrap();
    let left = disks(&client, VM, json!({})).await;
    assert_eq!(left.len(), 1, "{left:?}");
    for (field, value) in [
        ("diskId", json!(kept_id)),
        ("diskStatus", json!("AVAILABLE")),
        ("instanceId", Value::Null),
        ("portable", json!(true)),
        ("chargeType", json!("POSTPAID")),
    ] {
        assert_eq!(left[0][field], value, "{field}");
    }
    // Its own bill: 20:00 to midnight, 4 hours of 50 GB SSD at 0.0002 a GB an hour.
    advance(&app, 4 * 3600).await;
    let (_, orders) = app
        .control_get(&format!("/orders?accountId={account}"))
        .await;
    let usage: Vec<&Value> = orders["orders"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["resourceId"] == kept_id.as_str())
        .collect();
    assert_eq!(usage.len(), 1, "{orders}");
    assert_eq!(
        (&usage[0]["kind"], &usage[0]["amount"]),
        (&json!("USAGE"), &json!("0.04"))
    );
    // It ends as any POSTPAID disk does.
    act(&client, "TerminateDisk", json!({"diskId": kept_id}))
        .await
        .unwrap();
    assert_eq!(disk(&client, &kept_id).await["diskStatus"], "RECYCLED");
}

/// D-177: detached from the PREPAID instance that paid for it, a portable data disk is no
/// longer paid with it: AVAILABLE, on its own POSTPAID bill, resized on its own.
#[tokio::test]
async fn a_portable_data_disk_detached_from_its_instance_is_billed_on_its_own() {
    let app = TestApp::spawn_bare(|c| c.timings.power = 0).await;
    let (_, client, _) = app.account("1000.00").await;
    let created = vm_in(
        &client,
        ZONE,
        json!({"instanceChargeType": "PREPAID", "instanceChargePrepaid": {"period": 1},
               "dataDisks": [{"diskSize": 50, "diskCategory": "SSD", "portable": true}]}),
    )
    .await;
    let here = created["instanceIdSet"][0].as_str().unwrap().to_owned();
    let data = disks(&client, VM, json!({"instanceId": here, "diskType": "DATA"})).await;
    let id = data[0]["diskId"].as_str().unwrap().to_owned();
    assert_eq!(data[0]["chargeType"], "PREPAID");
    act(&client, "DetachDisks", json!({"diskIds": [id]}))
        .await
        .unwrap();
    advance(&app, DISK).await;
    let detached = disk(&client, &id).await;
    assert_eq!(
        (
            &detached["diskStatus"],
            &detached["instanceId"],
            &detached["chargeType"]
        ),
        (&json!("AVAILABLE"), &Value::Null, &json!("POSTPAID"))
    );
    act(&client, "ResizeDisk", json!({"diskId": id, "diskSize": 80}))
        .await
        .unwrap();
    assert_eq!(disk(&client, &id).await["diskSize"], 80);
}
