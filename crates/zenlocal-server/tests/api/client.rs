//! zenlocal-client against the real server: every typed method once at least, the typed
//! answers equal to the JSON the server sent, rate-limit retries, errors, signing vectors
//! and credentials from the environment.

use crate::helpers::*;
use serde::Serialize;
use serde_json::{json, Value};
use std::time::Duration;
use zenlocal_client::model::common::{
    ChargePrepaid, InstanceIdRequest, InstanceIdsRequest, TrafficPackageRequest,
};
use zenlocal_client::model::{bmc, vm, zbc, Decimal};
use zenlocal_client::{Client, ClientBuilder, Credential, Error, Service, Version};

async fn spawn() -> (TestApp, String, Client, String) {
    let app = TestApp::spawn_with(|c| {
        c.demo = false;
        c.timings.provisioning = 0;
    })
    .await;
    let (account, client, token) = app.account("100000.00").await;
    (app, account, client, token)
}

/// A new account and its access key, for tests that build their own clients.
async fn access_key(app: &TestApp, balance: &str) -> (String, Credential) {
    let (status, v) = app
        .control_post("/accounts", json!({"name": "sdk", "balance": balance}))
        .await;
    assert_eq!(status, 200, "{v}");
    (
        v["accountId"].as_str().unwrap().to_owned(),
        Credential::access_key(
            v["accessKeyId"].as_str().unwrap(),
            v["accessKeyPassword"].as_str().unwrap(),
        ),
    )
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn id(id: &str) -> InstanceIdRequest {
    InstanceIdRequest {
        instance_id: id.to_owned(),
    }
}

fn ids(ids: &[&str]) -> InstanceIdsRequest {
    InstanceIdsRequest {
        instance_ids: ids.iter().map(|s| (*s).to_owned()).collect(),
        force_shutdown: None,
    }
}

/// The typed answer, encoded again, equals the raw `response` the server sent for the
/// same request (less `requestId`): the client decodes into the server's own structs and
/// loses nothing. For the older versions nulls are left out of the comparison: there the
/// flattened groups of 2026-only fields decode as `Some` with every field `None` and
/// encode again as nulls the server never sent.
async fn same_as_raw<Req: Serialize, Resp: Serialize>(
    client: &Client,
    version: Version,
    action: &str,
    request: &Req,
    typed: &Resp,
) {
    let mut raw = client
        .execute(version, action, serde_json::to_vec(request).unwrap())
        .await
        .unwrap();
    raw.as_object_mut().unwrap().remove("requestId");
    let mut again = serde_json::to_value(typed).unwrap();
    if !(version.is_2026() || version.service() == Service::Zbc) {
        strip_nulls(&mut raw);
        strip_nulls(&mut again);
    }
    assert_eq!(again, raw, "{action} {}", version.name());
}

fn strip_nulls(v: &mut Value) {
    match v {
        Value::Object(map) => {
            map.retain(|_, v| !v.is_null());
            map.values_mut().for_each(strip_nulls);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_nulls),
        _ => {}
    }
}

fn bmc_create(charge_internet: &str) -> bmc::CreateInstancesRequest {
    let by_package = charge_internet == "ByTrafficPackage";
    bmc::CreateInstancesRequest {
        zone_id: "SEL-A".into(),
        instance_charge_type: "PREPAID".into(),
        instance_charge_prepaid: Some(ChargePrepaid { period: 1 }),
        instance_type_id: "M6C".into(),
        password: Some("Passw0rd-x".into()),
        internet_charge_type: charge_internet.into(),
        internet_max_bandwidth_out: Some(40),
        traffic_package_size: by_package.then_some(4.0),
        ..Default::default()
    }
}

fn vm_create(instance_type: &str, charge: &str, internet: &str) -> vm::CreateInstancesRequest {
    let prepaid = charge == "PREPAID";
    vm::CreateInstancesRequest {
        zone_id: "asia-east-1a".into(),
        image_id: "ubuntu_22_04_x64".into(),
        instance_type: instance_type.into(),
        password: Some("Passw0rd-x".into()),
        instance_charge_type: charge.into(),
        instance_charge_prepaid: prepaid.then_some(ChargePrepaid { period: 1 }),
        internet_charge_type: internet.into(),
        internet_max_bandwidth_out: Some(5),
        traffic_package_size: (prepaid && internet == "ByTrafficPackage").then_some(4.0),
        ..Default::default()
    }
}

#[tokio::test]
async fn bmc_catalog_actions_answer_typed_structs() {
    let (_app, _, client, _) = spawn().await;
    for (handle, new) in [(client.bmc(), true), (client.bmc_2022(), false)] {
        let v = handle.version();
        let req = bmc::DescribeZonesRequest::default();
        let zones = handle.describe_zones(&req).await.unwrap();
        let sel = zones
            .zone_set
            .iter()
            .find(|z| z.zone_id == "SEL-A")
            .unwrap();
        assert_eq!(sel.is_byoip_enabled.is_some(), new, "{}", v.name());
        same_as_raw(&client, v, "DescribeZones", &req, &zones).await;

        let req = bmc::DescribeInstanceTypesRequest {
            instance_type_ids: Some(vec!["M6C".into()]),
            ..Default::default()
        };
        let types = handle.describe_instance_types(&req).await.unwrap();
        assert_eq!(types.instance_types.len(), 1);
        assert_eq!(types.instance_types[0].memory_size, 32);
        same_as_raw(&client, v, "DescribeInstanceTypes", &req, &types).await;

        let req = bmc::DescribeAvailableResourcesRequest {
            instance_charge_type: "PREPAID".into(),
            zone_id: Some("SEL-A".into()),
            instance_type_id: Some("M6C".into()),
            ..Default::default()
        };
        let stock = handle.describe_available_resources(&req).await.unwrap();
        assert_eq!(stock.available_resources.len(), 1);
        let offer = &stock.available_resources[0];
        assert_eq!(offer.default_bandwidth_out, 10);
        assert_eq!(offer.default_traffic_package_size, dec("1"));
        assert!(offer.qty > 0);
        same_as_raw(&client, v, "DescribeAvailableResources", &req, &stock).await;

        let req = bmc::DescribeImagesRequest::default();
        let images = handle.describe_images(&req).await.unwrap();
        assert!(!images.images.is_empty());
        assert!(images.images.iter().all(|i| !i.image_id.is_empty()));
        same_as_raw(&client, v, "DescribeImages", &req, &images).await;

        let req = bmc::InquiryPriceCreateInstanceRequest {
            zone_id: "SEL-A".into(),
            instance_type_id: "M6C".into(),
            instance_charge_type: "PREPAID".into(),
            internet_charge_type: "ByBandwidth".into(),
            instance_charge_prepaid: Some(ChargePrepaid { period: 1 }),
            internet_max_bandwidth_out: Some(40),
            ..Default::default()
        };
        let price = handle.inquiry_price_create_instance(&req).await.unwrap();
        assert_eq!(price.instance_price.original_price, Some(dec("199")));
        // PriceItem fields only in 2026-02-01.
        assert_eq!(
            price
                .instance_price
                .item
                .as_ref()
                .and_then(|i| i.category.as_ref())
                .is_some(),
            new
        );
        same_as_raw(&client, v, "InquiryPriceCreateInstance", &req, &price).await;
    }
}

#[tokio::test]
async fn bmc_lifecycle_and_plan_changes_through_typed_methods() {
    let (app, _, client, _) = spawn().await;
    let bmc = client.bmc();

    let created = bmc
        .create_instances(&bmc_create("ByBandwidth"))
        .await
        .unwrap();
    assert_eq!(created.instance_id_set.len(), 1);
    assert!(created.order_number.is_some(), "2026-02-01 has orderNumber");
    let bw = created.instance_id_set[0].clone();
    let old = client
        .bmc_2022()
        .create_instances(&bmc_create("ByTrafficPackage"))
        .await
        .unwrap();
    assert_eq!(old.order_number, None, "2022-11-20 has none");
    let tp = old.instance_id_set[0].clone();

    let req = bmc::DescribeInstancesRequest {
        instance_ids: Some(vec![bw.clone(), tp.clone()]),
        ..Default::default()
    };
    let list = bmc.describe_instances(&req).await.unwrap();
    assert_eq!(list.total_count, 2);
    let info = list.data_set.iter().find(|i| i.instance_id == bw).unwrap();
    assert_eq!(info.instance_status, "RUNNING");
    assert_eq!(info.bandwidth_out_mbps, Some(40));
    assert_eq!(info.instance_type_id, "M6C");
    same_as_raw(&client, bmc.version(), "DescribeInstances", &req, &list).await;
    let list = client.bmc_2022().describe_instances(&req).await.unwrap();
    let info = list.data_set.iter().find(|i| i.instance_id == tp).unwrap();
    assert_eq!(info.traffic_package_size, Some(dec("4")));
    same_as_raw(
        &client,
        Version::Bmc20221120,
        "DescribeInstances",
        &req,
        &list,
    )
    .await;

    // Bandwidth: price, a downgrade scheduled then cancelled, under both spellings.
    let to_20 = bmc::BandwidthRequest {
        instance_id: bw.clone(),
        bandwidth_out_mbps: 20,
    };
    let quote = bmc
        .inquiry_price_instance_bandwidth(&bmc::BandwidthRequest {
            instance_id: bw.clone(),
            bandwidth_out_mbps: 50,
        })
        .await
        .unwrap();
    assert_eq!(quote.bandwidth_price.len(), 1);
    assert!(quote.bandwidth_price[0].original_price.unwrap() > Decimal::ZERO);
    same_as_raw(
        &client,
        bmc.version(),
        "InquiryPriceInstanceBandwidth",
        &to_20,
        &bmc.inquiry_price_instance_bandwidth(&to_20).await.unwrap(),
    )
    .await;
    let order = bmc.modify_instance_bandwidth(&to_20).await.unwrap();
    assert!(order.order_number.is_some());
    let status = bmc
        .describe_instance_internet_status(&id(&bw))
        .await
        .unwrap();
    assert_eq!(status.internet_max_bandwidth_out, Some(40));
    assert_eq!(status.modified_internet_max_bandwidth_out, Some(20));
    assert_eq!(
        status.modified_bandwidth_status.as_deref(),
        Some("WaitToEnable")
    );
    bmc.cancel_instance_bandwidth_downgrade(&id(&bw))
        .await
        .unwrap();
    let status = bmc
        .describe_instance_internet_status(&id(&bw))
        .await
        .unwrap();
    assert_eq!(status.modified_bandwidth_status.as_deref(), Some("Enable"));
    assert_eq!(status.modified_internet_max_bandwidth_out, None);
    bmc.modify_instance_bandwidth(&to_20).await.unwrap();
    bmc.cancel_instance_bandwidth_downdegrade(&id(&bw))
        .await
        .unwrap();
    let status = client
        .bmc_2022()
        .describe_instance_internet_status(&id(&bw))
        .await
        .unwrap();
    assert_eq!(status.modified_bandwidth_status.as_deref(), Some("Enable"));

    // Traffic package: price (the overage item only in 2026), downgrade, cancel.
    let to_2 = TrafficPackageRequest {
        instance_id: tp.clone(),
        traffic_package_size: 2.0,
    };
    let quote = bmc
        .inquiry_price_instance_traffic_package(&to_2)
        .await
        .unwrap();
    assert_eq!(quote.traffic_package_price.len(), 2);
    same_as_raw(
        &client,
        bmc.version(),
        "InquiryPriceInstanceTrafficPackage",
        &to_2,
        &quote,
    )
    .await;
    let quote = client
        .bmc_2022()
        .inquiry_price_instance_traffic_package(&to_2)
        .await
        .unwrap();
    assert_eq!(quote.traffic_package_price.len(), 1);
    let order = bmc.modify_instance_traffic_package(&to_2).await.unwrap();
    assert!(order.order_number.is_some());
    let status = bmc
        .describe_instance_internet_status(&id(&tp))
        .await
        .unwrap();
    assert_eq!(status.traffic_package_size, Some(dec("4")));
    assert_eq!(status.modified_traffic_package_size, Some(dec("2")));
    assert_eq!(
        status.modified_traffic_package_status.as_deref(),
        Some("WaitToEnable")
    );
    same_as_raw(
        &client,
        bmc.version(),
        "DescribeInstanceInternetStatus",
        &id(&tp),
        &status,
    )
    .await;
    bmc.cancel_instance_traffic_package_downgrade(&id(&tp))
        .await
        .unwrap();
    let status = bmc
        .describe_instance_internet_status(&id(&tp))
        .await
        .unwrap();
    assert_eq!(
        status.modified_traffic_package_status.as_deref(),
        Some("Enable")
    );

    // Power and removal on a POSTPAID instance, which recycles at once.
    let mut postpaid = bmc_create("ByBandwidth");
    postpaid.instance_charge_type = "POSTPAID".into();
    postpaid.instance_charge_prepaid = None;
    let pp = bmc
        .create_instances(&postpaid)
        .await
        .unwrap()
        .instance_id_set[0]
        .clone();
    let state = |id: String| async move {
        bmc.describe_instances(&bmc::DescribeInstancesRequest {
            instance_ids: Some(vec![id]),
            ..Default::default()
        })
        .await
        .unwrap()
        .data_set
        .first()
        .map(|i| i.instance_status.clone())
    };
    // POSTPAID quotes are hourly unit prices; 2026-02-01 adds `amountUnit`.
    let to_50 = bmc::BandwidthRequest {
        instance_id: pp.clone(),
        bandwidth_out_mbps: 50,
    };
    let quote = bmc.inquiry_price_instance_bandwidth(&to_50).await.unwrap();
    let item = &quote.bandwidth_price[0];
    assert_eq!(item.charge_unit.as_deref(), Some("HOUR"));
    assert_eq!(
        item.item.as_ref().and_then(|i| i.amount_unit.as_deref()),
        Some("Mbps")
    );
    same_as_raw(
        &client,
        bmc.version(),
        "InquiryPriceInstanceBandwidth",
        &to_50,
        &quote,
    )
    .await;
    bmc.stop_instances(&ids(&[&pp])).await.unwrap();
    assert_eq!(state(pp.clone()).await.as_deref(), Some("STOPPING"));
    advance(&app, 5).await;
    assert_eq!(state(pp.clone()).await.as_deref(), Some("STOPPED"));
    bmc.start_instances(&ids(&[&pp])).await.unwrap();
    assert_eq!(state(pp.clone()).await.as_deref(), Some("BOOTING"));
    advance(&app, 5).await;
    bmc.terminate_instance(&id(&pp)).await.unwrap();
    assert_eq!(state(pp.clone()).await.as_deref(), Some("RECYCLE"));
    bmc.release_instances(&ids(&[&pp])).await.unwrap();
    assert_eq!(state(pp.clone()).await, None);
}

#[tokio::test]
async fn vm_catalog_actions_answer_typed_structs() {
    let (_app, _, client, _) = spawn().await;
    for (handle, new) in [(client.vm(), true), (client.vm_2023(), false)] {
        let v = handle.version();
        let req = vm::DescribeZonesRequest {
            zone_ids: Some(vec!["asia-east-1a".into()]),
        };
        let zones = handle.describe_zones(&req).await.unwrap();
        assert_eq!(zones.zone_set.len(), 1);
        assert_eq!(zones.zone_set[0].network_line_type.is_some(), new);
        same_as_raw(&client, v, "DescribeZones", &req, &zones).await;

        let req = vm::DescribeImagesRequest {
            zone_id: Some("asia-east-1a".into()),
            ..Default::default()
        };
        let images = handle.describe_images(&req).await.unwrap();
        assert!(images.total_count > 0);
        assert!(images
            .data_set
            .iter()
            .any(|i| i.image_id == "ubuntu_22_04_x64"));
        same_as_raw(&client, v, "DescribeImages", &req, &images).await;

        let req = vm::DescribeZoneInstanceConfigInfosRequest {
            instance_charge_type: "PREPAID".into(),
            zone_id: Some("asia-east-1a".into()),
            instance_type: Some("c.1c2g".into()),
        };
        let configs = handle
            .describe_zone_instance_config_infos(&req)
            .await
            .unwrap();
        assert_eq!(configs.instance_type_quota_set.len(), 1);
        let quota = &configs.instance_type_quota_set[0];
        assert_eq!((quota.cpu_count, quota.memory), (1, 2));
        same_as_raw(
            &client,
            v,
            "DescribeZoneInstanceConfigInfos",
            &req,
            &configs,
        )
        .await;

        let req = vm::InquiryPriceCreateInstanceRequest {
            zone_id: "asia-east-1a".into(),
            instance_type: "c.1c2g".into(),
            instance_charge_type: "PREPAID".into(),
            instance_charge_prepaid: Some(ChargePrepaid { period: 1 }),
            internet_charge_type: "ByBandwidth".into(),
            internet_max_bandwidth_out: Some(5),
            ..Default::default()
        };
        let price = handle.inquiry_price_create_instance(&req).await.unwrap();
        assert_eq!(price.instance_price.original_price, Some(dec("12")));
        same_as_raw(&client, v, "InquiryPriceCreateInstance", &req, &price).await;
    }
}

#[tokio::test]
async fn vm_lifecycle_and_plan_changes_through_typed_methods() {
    let (app, _, client, _) = spawn().await;
    let vm = client.vm();

    let created = vm
        .create_instances(&vm_create("c.1c2g", "PREPAID", "ByBandwidth"))
        .await
        .unwrap();
    let bw = created.instance_id_set[0].clone();
    assert!(created.order_number.is_some());
    assert_eq!(
        created.instances.as_ref().map(|i| i[0].instance_id.clone()),
        Some(bw.clone()),
        "2026-04-01 lists the instances"
    );
    let old = client
        .vm_2023()
        .create_instances(&vm_create("c.2c4g", "PREPAID", "ByTrafficPackage"))
        .await
        .unwrap();
    assert_eq!(old.instances, None, "2023-03-13 does not");
    let tp = old.instance_id_set[0].clone();

    let req = vm::DescribeInstancesRequest {
        instance_ids: Some(vec![bw.clone()]),
        ..Default::default()
    };
    let list = vm.describe_instances(&req).await.unwrap();
    assert_eq!(list.total_count, 1);
    assert_eq!(list.data_set[0].instance_type, "c.1c2g");
    assert_eq!(list.data_set[0].internet_max_bandwidth_out, Some(5));
    assert_eq!(list.data_set[0].instance_status, "RUNNING");
    same_as_raw(&client, vm.version(), "DescribeInstances", &req, &list).await;

    // Bandwidth.
    let quote = vm
        .inquiry_price_instance_bandwidth(&vm::BandwidthRequest {
            instance_id: bw.clone(),
            internet_max_bandwidth_out: 10,
        })
        .await
        .unwrap();
    assert!(quote.bandwidth_price[0].original_price.unwrap() > Decimal::ZERO);
    let order = vm
        .modify_instance_bandwidth(&vm::BandwidthRequest {
            instance_id: bw.clone(),
            internet_max_bandwidth_out: 3,
        })
        .await
        .unwrap();
    assert!(order.order_number.is_some());
    let status = vm
        .describe_instance_internet_status(&id(&bw))
        .await
        .unwrap();
    assert_eq!(status.modified_internet_max_bandwidth_out, Some(3));
    assert_eq!(
        status.modified_bandwidth_status.as_deref(),
        Some("WaitToEnable")
    );
    vm.cancel_instance_bandwidth_downgrade(&id(&bw))
        .await
        .unwrap();
    let status = vm
        .describe_instance_internet_status(&id(&bw))
        .await
        .unwrap();
    assert_eq!(status.modified_bandwidth_status.as_deref(), Some("Enable"));

    // Traffic package.
    let to_2 = TrafficPackageRequest {
        instance_id: tp.clone(),
        traffic_package_size: 2.0,
    };
    let quote = vm
        .inquiry_price_instance_traffic_package(&to_2)
        .await
        .unwrap();
    assert_eq!(quote.traffic_package_price.len(), 2);
    same_as_raw(
        &client,
        vm.version(),
        "InquiryPriceInstanceTrafficPackage",
        &to_2,
        &quote,
    )
    .await;
    let quote = client
        .vm_2023()
        .inquiry_price_instance_traffic_package(&to_2)
        .await
        .unwrap();
    assert_eq!(quote.traffic_package_price.len(), 1);
    same_as_raw(
        &client,
        Version::Vm20230313,
        "InquiryPriceInstanceTrafficPackage",
        &to_2,
        &quote,
    )
    .await;
    vm.modify_instance_traffic_package(&to_2).await.unwrap();
    let status = vm
        .describe_instance_internet_status(&id(&tp))
        .await
        .unwrap();
    assert_eq!(status.modified_traffic_package_size, Some(dec("2")));
    vm.cancel_instance_traffic_package_downgrade(&id(&tp))
        .await
        .unwrap();
    let status = vm
        .describe_instance_internet_status(&id(&tp))
        .await
        .unwrap();
    assert_eq!(
        status.modified_traffic_package_status.as_deref(),
        Some("Enable")
    );

    // Model: an upgrade processes at once, a downgrade waits and is cancelled.
    let order = vm
        .modify_instance_type(&vm::ModifyInstanceTypeRequest {
            instance_id: bw.clone(),
            instance_type_id: "c.2c4g".into(),
        })
        .await
        .unwrap();
    assert!(order.order_number.is_some());
    let status = vm.describe_instance_type_status(&id(&bw)).await.unwrap();
    assert_eq!(status.instance_type, "c.1c2g");
    assert_eq!(status.modified_instance_type.as_deref(), Some("c.2c4g"));
    assert_eq!(status.modified_instance_type_status, "Processing");
    same_as_raw(
        &client,
        vm.version(),
        "DescribeInstanceTypeStatus",
        &id(&bw),
        &status,
    )
    .await;
    vm.modify_instance_type(&vm::ModifyInstanceTypeRequest {
        instance_id: tp.clone(),
        instance_type_id: "c.1c2g".into(),
    })
    .await
    .unwrap();
    let status = client
        .vm_2023()
        .describe_instance_type_status(&id(&tp))
        .await
        .unwrap();
    assert_eq!(status.modified_instance_type_status, "WaitToEnable");
    vm.cancel_instance_downgrade(&id(&tp)).await.unwrap();
    let status = vm.describe_instance_type_status(&id(&tp)).await.unwrap();
    assert_eq!(status.modified_instance_type, None);
    assert_eq!(status.instance_type, "c.2c4g");

    // Power and removal on a POSTPAID instance.
    let pp = vm
        .create_instances(&vm_create("c.1c2g", "POSTPAID", "ByBandwidth"))
        .await
        .unwrap()
        .instance_id_set[0]
        .clone();
    let state = |id: String| async move {
        vm.describe_instances(&vm::DescribeInstancesRequest {
            instance_ids: Some(vec![id]),
            ..Default::default()
        })
        .await
        .unwrap()
        .data_set
        .first()
        .map(|i| i.instance_status.clone())
    };
    vm.stop_instances(&InstanceIdsRequest {
        force_shutdown: Some(true),
        ..ids(&[&pp])
    })
    .await
    .unwrap();
    assert_eq!(state(pp.clone()).await.as_deref(), Some("STOPPING"));
    advance(&app, 5).await;
    assert_eq!(state(pp.clone()).await.as_deref(), Some("STOPPED"));
    vm.start_instances(&ids(&[&pp])).await.unwrap();
    assert_eq!(state(pp.clone()).await.as_deref(), Some("BOOTING"));
    advance(&app, 5).await;
    vm.terminate_instance(&id(&pp)).await.unwrap();
    assert_eq!(state(pp.clone()).await.as_deref(), Some("RECYCLE"));
    vm.release_instances(&ids(&[&pp])).await.unwrap();
    assert_eq!(state(pp).await, None);
}

#[tokio::test]
async fn zbc_actions_answer_typed_structs_with_a_bearer_token_too() {
    let (app, account, client, token) = spawn().await;
    client
        .vm()
        .create_instances(&vm_create("c.1c2g", "PREPAID", "ByBandwidth"))
        .await
        .unwrap();
    let balance = client
        .zbc()
        .describe_customer_balance(&zbc::DescribeCustomerBalanceRequest {})
        .await
        .unwrap();
    assert_eq!(balance.account_uid, account);
    // c.1c2g 12.00 + 4 Mbps above the free 1 at 3.00.
    assert_eq!(balance.cash_balance, dec("99976.00"));
    assert_eq!(balance.purchasing_power, balance.cash_balance);

    let bearer = app.client(Credential::token(token));
    let req = zbc::DescribeTransactionHistoryRequest {
        page_size: Some(10),
        ..Default::default()
    };
    let history = bearer
        .zbc()
        .describe_transaction_history(&req)
        .await
        .unwrap();
    assert!(history.total_count >= 1);
    assert_eq!(history.expenditure_sum, dec("24.00"));
    assert!(history.data_set.iter().all(|t| t.account_uid == account));
    same_as_raw(
        &client,
        Version::Zbc20240809,
        "DescribeTransactionHistory",
        &req,
        &history,
    )
    .await;
}

#[tokio::test]
async fn an_api_error_carries_status_code_message_and_request_id() {
    let (app, _, client, _) = spawn().await;
    let err = client
        .bmc()
        .describe_instance_internet_status(&id("1234567890123456789"))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.code(), Some("INVALID_INSTANCE_NOT_FOUND"));
    assert!(err.request_id().unwrap().starts_with('T'), "{err}");
    assert!(!err.message().unwrap().is_empty());
    assert!(matches!(err, Error::Api { .. }));
    assert!(!err.is_rate_limited());
    // A missing required field is the server's MISSING_PARAMETER, not a client failure.
    let err = client
        .vm()
        .describe_zone_instance_config_infos(&vm::DescribeZoneInstanceConfigInfosRequest {
            instance_charge_type: String::new(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400), "{err}");
    // An unknown key is an authentication failure.
    let forged = app.client(Credential::access_key("no-such-key", "wrong"));
    let err = forged
        .zbc()
        .describe_customer_balance(&zbc::DescribeCustomerBalanceRequest {})
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(401));
    assert_eq!(err.code(), Some("AUTHFAILURE_SIGNATURE_FAILURE"));
}

#[tokio::test]
async fn rate_limited_bursts_succeed_with_retries_and_fail_without() {
    let app = TestApp::spawn_with(|c| c.rate_limit = Some(1)).await;
    let (_, key) = access_key(&app, "100.00").await;
    let patient = Client::builder()
        .endpoint(app.base())
        .credential(key)
        .retries(3)
        .backoff(Duration::from_millis(400))
        .build()
        .unwrap();
    // One token a second, burst 1: the later calls wait 0.4 + 0.8 (+ 1.6) s, re-signed.
    let req = zbc::DescribeCustomerBalanceRequest {};
    let (a, b, c) = tokio::join!(
        patient.zbc().describe_customer_balance(&req),
        patient.zbc().describe_customer_balance(&req),
        patient.zbc().describe_customer_balance(&req),
    );
    for answer in [a, b, c] {
        assert_eq!(answer.unwrap().cash_balance, dec("100"));
    }

    // Buckets are per access key: a fresh key, and no retries.
    let (_, key) = access_key(&app, "100.00").await;
    let hasty = Client::builder()
        .endpoint(app.base())
        .credential(key)
        .retries(0)
        .build()
        .unwrap();
    hasty.zbc().describe_customer_balance(&req).await.unwrap();
    let err = hasty
        .zbc()
        .describe_customer_balance(&req)
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("REQUEST_LIMIT_EXCEEDED"));
    assert_eq!(err.status(), Some(429));
    assert!(err.is_rate_limited());
    assert!(err.request_id().unwrap().starts_with('T'));
}

#[tokio::test]
async fn the_signature_vectors_of_section_12_through_the_client_signer() {
    let python = Credential::access_key("ZLTESTAKID0000000001", "ZlTestPassword-DoNotUse-0001");
    let client = Client::new(zenlocal_client::DEFAULT_ENDPOINT, python).unwrap();
    for (version, action, body, signature) in [
        (
            Version::Bmc20260201,
            "ModifyInstanceTrafficPackage",
            r#"{"instanceId": "1234567890123456789", "trafficPackageSize": 1.5}"#,
            "d4e4ee3de440ef450ebfb70740d7689b3a7dab62881ff28e9ccaaa77be9671ef",
        ),
        (
            Version::Vm20260401,
            "ModifyInstanceBandwidth",
            r#"{"instanceId": "vm-instance-0001", "internetMaxBandwidthOut": 200}"#,
            "69ba9a104808629d485129a09387f4a06b6af16819c3fa7cd1e8b839281cd418",
        ),
    ] {
        let r = client.sign_at(version, action, body.as_bytes().to_vec(), 1_735_689_600);
        assert_eq!(
            r.header("authorization").unwrap(),
            format!(
                "ZC2-HMAC-SHA256 Credential=ZLTESTAKID0000000001, \
                 SignedHeaders=content-type;host, Signature={signature}"
            )
        );
        assert_eq!(r.header("x-zc-timestamp"), Some("1735689600"));
    }
    // §12.3, the docs' own example: the Java SDK's content type.
    let docs = Client::builder()
        .credential(Credential::access_key(
            "0D9UtpyKYcHxms5v",
            "Gu5t9xGARNpq86cd98joQYCN3",
        ))
        .content_type("application/json; charset=utf-8")
        .build()
        .unwrap();
    let r = docs.sign_at(
        Version::Bmc20221120,
        "DescribeInstances",
        br#"{"pageSize":10,"pageNum":1,"zoneId":"HKG-A"}"#.to_vec(),
        1_673_361_177,
    );
    assert_eq!(
        r.header("authorization").unwrap(),
        "ZC2-HMAC-SHA256 Credential=0D9UtpyKYcHxms5v, SignedHeaders=content-type;host, \
         Signature=efb356c32e55c781e10dc676da59462c22596d82e91c57803666243379555b2f"
    );
}

#[tokio::test]
async fn the_docs_content_type_is_accepted_by_the_server() {
    let (app, _, _, _) = spawn().await;
    let (account, key) = access_key(&app, "1.00").await;
    let java = Client::builder()
        .endpoint(app.base())
        .credential(key)
        .content_type("application/json; charset=utf-8")
        .build()
        .unwrap();
    let balance = java
        .zbc()
        .describe_customer_balance(&zbc::DescribeCustomerBalanceRequest {})
        .await
        .unwrap();
    assert_eq!(balance.account_uid, account);
}

#[tokio::test]
async fn credentials_and_endpoint_from_the_environment() {
    let (app, account, _, token) = spawn().await;
    let (status, v) = app
        .control_post("/accounts", json!({"name": "env", "balance": "7.00"}))
        .await;
    assert_eq!(status, 200, "{v}");
    let base = app.base();
    let key_id = v["accessKeyId"].as_str().unwrap().to_owned();
    let secret = v["accessKeyPassword"].as_str().unwrap().to_owned();
    // A lookup closure, not std::env: tests run in parallel threads of one process.
    let keys = |name: &str| match name {
        "ZENLAYER_ACCESS_KEY_ID" => Some(key_id.clone()),
        "ZENLAYER_ACCESS_KEY_SECRET" => Some(secret.clone()),
        "ZENLAYER_ENDPOINT" => Some(base.clone()),
        _ => None,
    };
    let client = ClientBuilder::from_lookup(keys).unwrap().build().unwrap();
    let balance = client
        .zbc()
        .describe_customer_balance(&zbc::DescribeCustomerBalanceRequest {})
        .await
        .unwrap();
    assert_eq!(balance.account_uid, v["accountId"].as_str().unwrap());
    assert_eq!(balance.cash_balance, dec("7"));

    let bearer = |name: &str| match name {
        "ZENLAYER_ACCESS_TOKEN" => Some(token.clone()),
        "ZENLAYER_ENDPOINT" => Some(base.clone()),
        _ => None,
    };
    assert!(matches!(
        Credential::from_lookup(bearer).unwrap(),
        Credential::Token(_)
    ));
    let client = ClientBuilder::from_lookup(bearer).unwrap().build().unwrap();
    let balance = client
        .zbc()
        .describe_customer_balance(&zbc::DescribeCustomerBalanceRequest {})
        .await
        .unwrap();
    assert_eq!(balance.account_uid, account);

    let half = |name: &str| (name == "ZENLAYER_ACCESS_KEY_ID").then(|| key_id.clone());
    let err = ClientBuilder::from_lookup(half).unwrap_err();
    assert!(
        matches!(&err, Error::Credential(m) if m.contains("ZENLAYER_ACCESS_KEY_SECRET")),
        "{err}"
    );
}
