//! The first actions, every accepted version, with the field names of ZENLAYER-API.md §5.

use crate::helpers::*;
use serde_json::{json, Value};
use zenlocal_client::Credential;
use zenlocal_wire::Version;

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    k.sort_unstable();
    k
}

#[tokio::test]
async fn bmc_zones_in_both_versions() {
    let app = TestApp::spawn().await;
    let client = app.demo();
    let old = call(&client, Version::Bmc20221120, "DescribeZones", json!({}))
        .await
        .unwrap();
    assert_eq!(
        keys(&old["zoneSet"][0]),
        [
            "areaName",
            "cityName",
            "isCloudRouterAvailable",
            "zoneId",
            "zoneName"
        ]
    );
    let new = call(&client, Version::Bmc20260201, "DescribeZones", json!({}))
        .await
        .unwrap();
    assert_eq!(
        keys(&new["zoneSet"][0]),
        [
            "areaName",
            "cityName",
            "isByoipEnabled",
            "isCloudRouterAvailable",
            "zoneId",
            "zoneName"
        ]
    );
    assert!(old["zoneSet"].as_array().unwrap().len() >= 3);
    let filtered = call(
        &client,
        Version::Bmc20260201,
        "DescribeZones",
        json!({"isCloudRouterAvailable": false}),
    )
    .await
    .unwrap();
    assert!(filtered["zoneSet"]
        .as_array()
        .unwrap()
        .iter()
        .all(|z| z["isCloudRouterAvailable"] == false));
}

#[tokio::test]
async fn bmc_instance_types_available_resources_and_images() {
    let app = TestApp::spawn().await;
    let client = app.demo();
    for version in [Version::Bmc20221120, Version::Bmc20260201] {
        let types = call(&client, version, "DescribeInstanceTypes", json!({}))
            .await
            .unwrap();
        let first = &types["instanceTypes"][0];
        for field in [
            "instanceTypeId",
            "description",
            "cpuCoreCount",
            "memorySize",
            "maximumBandwidth",
            "supportRaids",
            "isHA",
            "imageIds",
            "diskInfo",
        ] {
            assert!(first.get(field).is_some(), "{field}");
        }
        assert_eq!(first.get("vpuVendor").is_some(), version.is_2026());
        let one = call(
            &client,
            version,
            "DescribeInstanceTypes",
            json!({"instanceTypeIds": ["M7D"], "minimumMemorySize": 64}),
        )
        .await
        .unwrap();
        assert_eq!(one["instanceTypes"].as_array().unwrap().len(), 1);

        let res = call(
            &client,
            version,
            "DescribeAvailableResources",
            json!({"instanceChargeType": "PREPAID", "zoneId": "SEL-A"}),
        )
        .await
        .unwrap();
        let r = &res["availableResources"][0];
        assert_eq!(r["zoneId"], "SEL-A");
        assert_eq!(r["sellStatus"], "SELL");
        assert!(r["defaultBandwidthOut"].as_i64().unwrap() >= 1);
        assert!(
            r["maximumBandwidthOut"].as_i64().unwrap() > r["defaultBandwidthOut"].as_i64().unwrap()
        );
        assert!(r["defaultTrafficPackageSize"].is_number());
        // The built-in stock of 1000, less what the demo instances took.
        assert!((990..=1000).contains(&r["qty"].as_i64().unwrap()));

        let images = call(
            &client,
            version,
            "DescribeImages",
            json!({"osType": "windows"}),
        )
        .await
        .unwrap();
        let list = images["images"].as_array().unwrap();
        assert!(!list.is_empty());
        assert!(list.iter().all(|i| i["osType"] == "windows"));
        assert_eq!(
            keys(&list[0]),
            ["catalog", "imageId", "imageName", "imageType", "osType"]
        );
    }
}

#[tokio::test]
async fn bmc_available_resources_checks_the_charge_type() {
    let app = TestApp::spawn().await;
    let result = call(
        &app.demo(),
        Version::Bmc20260201,
        "DescribeAvailableResources",
        json!({"instanceChargeType": "MONTHLY"}),
    )
    .await;
    assert_api_error(result, 400, "INVALID_PARAMETER");
}

#[tokio::test]
async fn vm_zones_configs_and_images_in_both_versions() {
    let app = TestApp::spawn().await;
    let client = app.demo();
    for version in [Version::Vm20230313, Version::Vm20260401] {
        let zones = call(&client, version, "DescribeZones", json!({}))
            .await
            .unwrap();
        let z = &zones["zoneSet"][0];
        for field in [
            "zoneId",
            "zoneName",
            "supportSecurityGroup",
            "supportNetworkType",
            "supportIpv6",
            "supportCpuPassThrough",
        ] {
            assert!(z.get(field).is_some(), "{field}");
        }
        assert_eq!(z.get("networkLineType").is_some(), version.is_2026());

        let configs = call(
            &client,
            version,
            "DescribeZoneInstanceConfigInfos",
            json!({"instanceChargeType": "POSTPAID", "zoneId": "asia-east-1a"}),
        )
        .await
        .unwrap();
        let set = configs["instanceTypeQuotaSet"].as_array().unwrap();
        assert!(set.iter().any(|c| c["instanceType"] == "c.1c2g"));
        assert!(
            set.iter().all(|c| c["instanceType"] != "h.4c8g"),
            "h is PREPAID only"
        );
        assert_eq!(
            keys(&set[0]),
            [
                "cpuCount",
                "frequency",
                "instanceType",
                "instanceTypeName",
                "internetChargeTypes",
                "internetMaxBandwidthOutLimit",
                "memory",
                "zoneId"
            ]
        );
        let result = call(
            &client,
            version,
            "DescribeZoneInstanceConfigInfos",
            json!({}),
        )
        .await;
        assert_api_error(result, 400, "MISSING_PARAMETER");

        let images = call(&client, version, "DescribeImages", json!({"pageSize": 2}))
            .await
            .unwrap();
        assert_eq!(images["dataSet"].as_array().unwrap().len(), 2);
        assert!(images["totalCount"].as_i64().unwrap() >= 4);
        let image = &images["dataSet"][0];
        assert_eq!(image["imageStatus"], "AVAILABLE");
        assert!(image.get("imageDescription").is_some(), "null, not absent");
        let result = call(
            &client,
            version,
            "DescribeImages",
            json!({"pageSize": 1001}),
        )
        .await;
        assert_api_error(result, 400, "INVALID_PARAMETER");
    }
}

#[tokio::test]
async fn customer_balance_has_the_d27_fields() {
    let app = TestApp::spawn().await;
    let (id, client, token) = app.account("123.45").await;
    for c in [client, app.client(Credential::token(token))] {
        let v = call(
            &c,
            Version::Zbc20240809,
            "DescribeCustomerBalance",
            json!({}),
        )
        .await
        .unwrap();
        assert_eq!(
            v,
            json!({
                "requestId": v["requestId"],
                "accountUid": id,
                "cashBalance": 123.45,
                "creditValue": 0.0,
                "purchasingPower": 123.45,
                "orderFrozenAmount": 0.0
            })
        );
    }
}
