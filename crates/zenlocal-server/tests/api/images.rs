//! vm custom images (docs/decisions.md D-173 to D-176) through real requests: made from a
//! stopped instance over the imaging time, the zone's quota, all-or-nothing changes,
//! installing them with CreateInstances, and tenancy.

use crate::helpers::*;
use crate::key_pairs::import;
use serde_json::{json, Value};
use zenlocal_client::Client;
use zenlocal_wire::Version;

const VM_2023: Version = Version::Vm20230313;
const VM: Version = Version::Vm20260401;
const ZONE: &str = "asia-east-1a";
/// Seconds CreateImage takes by default.
const IMAGING: i64 = 10;

fn vm_body(zone: &str, image: &str) -> Value {
    json!({
        "zoneId": zone,
        "instanceType": "c.1c2g",
        "imageId": image,
        "instanceChargeType": "POSTPAID",
        "internetChargeType": "ByBandwidth",
        "internetMaxBandwidthOut": 3,
        "password": "Passw0rd-x",
    })
}

async fn instance_in(
    client: &Client,
    zone: &str,
    image: &str,
) -> Result<String, zenlocal_client::Error> {
    let v = call(client, VM, "CreateInstances", vm_body(zone, image)).await?;
    Ok(v["instanceIdSet"][0].as_str().unwrap().to_owned())
}

/// A STOPPED instance in `zone`, installed from Ubuntu.
async fn stopped_in(client: &Client, zone: &str) -> String {
    let id = instance_in(client, zone, "ubuntu_22_04_x64").await.unwrap();
    call(client, VM, "StopInstances", json!({"instanceIds": [id]}))
        .await
        .unwrap();
    id
}

async fn make_image(
    client: &Client,
    instance: &str,
    name: &str,
) -> Result<String, zenlocal_client::Error> {
    let v = call(
        client,
        VM,
        "CreateImage",
        json!({"instanceId": instance, "imageName": name, "imageDescription": "nightly"}),
    )
    .await?;
    Ok(v["imageId"].as_str().unwrap().to_owned())
}

async fn instance(client: &Client, id: &str) -> Value {
    let v = call(
        client,
        VM,
        "DescribeInstances",
        json!({"instanceIds": [id]}),
    )
    .await
    .unwrap();
    v["dataSet"][0].clone()
}

async fn custom_images(client: &Client, version: Version, zone: &str) -> Vec<Value> {
    let v = call(
        client,
        version,
        "DescribeImages",
        json!({"zoneId": zone, "imageType": "CUSTOM_IMAGE"}),
    )
    .await
    .unwrap();
    v["dataSet"].as_array().unwrap().clone()
}

async fn quota(client: &Client, zone: &str) -> (i64, i64) {
    let v = call(client, VM, "DescribeImageQuota", json!({"zoneIds": [zone]}))
        .await
        .unwrap();
    let q = &v["images"][0];
    assert_eq!(q["zoneId"], zone);
    (
        q["count"].as_i64().unwrap(),
        q["maxCount"].as_i64().unwrap(),
    )
}

/// D-173: CREATING while the instance is IMAGING and refuses everything else; after the
/// imaging time AVAILABLE, listed in its zone beside the catalog's, in both versions.
#[tokio::test]
async fn an_image_of_a_stopped_instance_is_made_over_the_imaging_time() {
    let app = TestApp::spawn_bare(|c| c.timings.power = 0).await;
    let (_, client, _) = app.account("100.00").await;
    let source = stopped_in(&client, ZONE).await;
    let image = make_image(&client, &source, "web_镜像").await.unwrap();
    assert!(image.starts_with("img-") && image.len() == 12, "{image}");

    assert_eq!(
        instance(&client, &source).await["instanceStatus"],
        "IMAGING"
    );
    let listed = custom_images(&client, VM, ZONE).await;
    assert_eq!(listed.len(), 1);
    assert_eq!(
        listed[0],
        json!({
            "imageId": image, "imageName": "web_镜像", "imageType": "CUSTOM_IMAGE",
            "imageSize": "20", "imageDescription": "nightly", "imageVersion": "22.04",
            "imageStatus": "CREATING", "category": "Ubuntu", "osType": "linux",
        })
    );
    assert_eq!(quota(&client, ZONE).await, (1, 5));
    // Nothing else is done to the instance meanwhile.
    assert_api_error(
        call(
            &client,
            VM,
            "StartInstances",
            json!({"instanceIds": [source]}),
        )
        .await,
        403,
        "OPERATION_DENIED_INSTANCE_NOT_STOPPED",
    );
    assert_api_error(
        make_image(&client, &source, "again").await,
        400,
        "UNSUPPORTED_OPERATION_DISK_MAKING_IMAGE",
    );
    assert_api_error(
        call(&client, VM, "DeleteImages", json!({"imageIds": [image]})).await,
        400,
        "INVALID_IMAGE_STATUS",
    );
    assert_api_error(
        call(
            &client,
            VM,
            "ModifyImagesAttributes",
            json!({"imageIds": [image], "imageName": "renamed"}),
        )
        .await,
        400,
        "INVALID_IMAGE_STATUS",
    );

    advance(&app, IMAGING - 1).await;
    assert_eq!(
        custom_images(&client, VM, ZONE).await[0]["imageStatus"],
        "CREATING"
    );
    advance(&app, 1).await;
    assert_eq!(
        instance(&client, &source).await["instanceStatus"],
        "STOPPED"
    );
    for version in [VM_2023, VM] {
        let listed = custom_images(&client, version, ZONE).await;
        assert_eq!(listed[0]["imageStatus"], "AVAILABLE", "{version:?}");
    }
    assert!(custom_images(&client, VM, "asia-southeast-1a")
        .await
        .is_empty());
    let all = call(&client, VM, "DescribeImages", json!({"zoneId": ZONE}))
        .await
        .unwrap();
    let last = all["dataSet"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["imageId"], image.as_str());
    let available = call(
        &client,
        VM,
        "DescribeImages",
        json!({"zoneId": ZONE, "imageStatus": "AVAILABLE", "imageName": "web*"}),
    )
    .await
    .unwrap();
    assert_eq!(available["totalCount"], 1);
    call(
        &client,
        VM,
        "StartInstances",
        json!({"instanceIds": [source]}),
    )
    .await
    .unwrap();
}

/// D-173, D-174: the request's values, then the instance, its zone, its state, the quota.
#[tokio::test]
async fn create_image_answers_each_refusal_with_its_code() {
    let app = TestApp::spawn_with(|c| {
        c.demo = false;
        c.timings.provisioning = 0;
        c.timings.power = 0;
        c.timings.imaging = 0;
    })
    .await;
    let (_, client, _) = app.account("100.00").await;
    let (_, other, _) = app.account("100.00").await;
    let stopped = stopped_in(&client, ZONE).await;
    let running = instance_in(&client, ZONE, "ubuntu_22_04_x64")
        .await
        .unwrap();
    let elsewhere = stopped_in(&client, "na-west-1a").await;
    let recycled = instance_in(&client, ZONE, "debian_12_x64").await.unwrap();
    call(
        &client,
        VM,
        "TerminateInstance",
        json!({"instanceId": recycled}),
    )
    .await
    .unwrap();
    let theirs = stopped_in(&other, ZONE).await;

    let cases = [
        (stopped.as_str(), "x", 400, "INVALID_PARAMETER"),
        ("1234567890123456789", "bad name", 400, "INVALID_PARAMETER"),
        (
            "1234567890123456789",
            "web",
            404,
            "INVALID_INSTANCE_NOT_FOUND",
        ),
        (theirs.as_str(), "web", 404, "INVALID_INSTANCE_NOT_FOUND"),
        (
            elsewhere.as_str(),
            "web",
            400,
            "UNSUPPORTED_OPERATION_ZONE_NOT_SUPPORT",
        ),
        (
            running.as_str(),
            "web",
            400,
            "UNSUPPORTED_OPERATION_INSTANCE_STATE_STARTING",
        ),
        (
            recycled.as_str(),
            "web",
            400,
            "UNSUPPORTED_OPERATION_DISK_UNAVAILABLE",
        ),
    ];
    for (instance, name, status, code) in cases {
        assert_api_error(make_image(&client, instance, name).await, status, code);
    }
    assert_api_error(
        call(&client, VM, "CreateImage", json!({"instanceId": stopped})).await,
        400,
        "MISSING_PARAMETER",
    );
    // With no imaging time each image is AVAILABLE at once; the sixth exceeds the quota.
    for n in 0..5 {
        make_image(&client, &stopped, &format!("web{n}"))
            .await
            .unwrap();
    }
    assert_eq!(
        instance(&client, &stopped).await["instanceStatus"],
        "STOPPED"
    );
    assert_api_error(
        make_image(&client, &stopped, "web5").await,
        400,
        "LIMIT_EXCEEDED_IMAGE_QUOTA",
    );
    assert_eq!(quota(&client, ZONE).await, (5, 5));
    assert_eq!(quota(&other, ZONE).await, (0, 5));
    // Deleting frees a place at once.
    let first = custom_images(&client, VM, ZONE).await[0]["imageId"].clone();
    call(&client, VM, "DeleteImages", json!({"imageIds": [first]}))
        .await
        .unwrap();
    make_image(&client, &stopped, "web5").await.unwrap();
}

/// D-174.
#[tokio::test]
async fn the_quota_is_reported_per_zone() {
    let app = TestApp::spawn_bare(|c| c.timings.power = 0).await;
    let (_, client, _) = app.account("100.00").await;
    let all = call(&client, VM_2023, "DescribeImageQuota", json!({}))
        .await
        .unwrap();
    let zones: Vec<&str> = all["images"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["zoneId"].as_str().unwrap())
        .collect();
    assert_eq!(zones, ["asia-east-1a", "asia-southeast-1a", "asia-east-2a"]);
    let asked = call(
        &client,
        VM,
        "DescribeImageQuota",
        json!({"zoneIds": ["na-west-1a"]}),
    )
    .await
    .unwrap();
    assert_eq!(
        asked["images"],
        json!([{"zoneId": "na-west-1a", "count": 0, "maxCount": 0}])
    );
    assert_api_error(
        call(
            &client,
            VM,
            "DescribeImageQuota",
            json!({"zoneIds": [ZONE, "nowhere"]}),
        )
        .await,
        404,
        "INVALID_REGION_NOT_FOUND",
    );
}

/// D-175, D-6: all or nothing, the caller's custom images only.
#[tokio::test]
async fn modify_and_delete_change_all_named_images_of_the_caller_or_none() {
    let app = TestApp::spawn_bare(|c| c.timings.power = 0).await;
    let (_, client, _) = app.account("100.00").await;
    let (_, other, _) = app.account("100.00").await;
    let source = stopped_in(&client, ZONE).await;
    let a = make_image(&client, &source, "a1").await.unwrap();
    advance(&app, IMAGING).await;
    let b = make_image(&client, &source, "b1").await.unwrap();
    advance(&app, IMAGING).await;
    let theirs = make_image(&other, &stopped_in(&other, ZONE).await, "c1")
        .await
        .unwrap();
    advance(&app, IMAGING).await;

    call(
        &client,
        VM,
        "ModifyImagesAttributes",
        json!({"imageIds": [a, b], "imageDescription": "golden"}),
    )
    .await
    .unwrap();
    call(
        &client,
        VM_2023,
        "ModifyImagesAttributes",
        json!({"imageIds": [b], "imageName": "b2"}),
    )
    .await
    .unwrap();
    let listed = custom_images(&client, VM, ZONE).await;
    let named: Vec<(&str, &str)> = listed
        .iter()
        .map(|i| {
            (
                i["imageName"].as_str().unwrap(),
                i["imageDescription"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(named, [("b2", "golden"), ("a1", "golden")]);

    for (action, body) in [
        (
            "ModifyImagesAttributes",
            json!({"imageIds": [a, theirs], "imageName": "mine"}),
        ),
        ("DeleteImages", json!({"imageIds": [a, theirs]})),
        ("DeleteImages", json!({"imageIds": [a, "ubuntu_22_04_x64"]})),
    ] {
        assert_api_error(
            call(&client, VM, action, body).await,
            404,
            "INVALID_IMAGE_NOT_FOUND",
        );
    }
    assert_api_error(
        call(
            &client,
            VM,
            "ModifyImagesAttributes",
            json!({"imageIds": [a], "imageName": "no spaces"}),
        )
        .await,
        400,
        "INVALID_PARAMETER",
    );
    assert_api_error(
        call(&client, VM, "DeleteImages", json!({"imageIds": []})).await,
        400,
        "INVALID_PARAMETER",
    );
    assert_eq!(custom_images(&client, VM, ZONE).await.len(), 2);
    assert_eq!(custom_images(&other, VM, ZONE).await[0]["imageName"], "c1");

    call(
        &client,
        VM_2023,
        "DeleteImages",
        json!({"imageIds": [a, b]}),
    )
    .await
    .unwrap();
    assert!(custom_images(&client, VM, ZONE).await.is_empty());
    assert_api_error(
        call(&client, VM, "DeleteImages", json!({"imageIds": [a]})).await,
        404,
        "INVALID_IMAGE_NOT_FOUND",
    );
    assert_eq!(quota(&client, ZONE).await, (0, 5));
}

/// D-176: a custom image installs in its zone, for its account, once AVAILABLE; the
/// instance keeps its name after the image is deleted. InquiryPrice looks it up alike.
#[tokio::test]
async fn a_custom_image_installs_in_its_zone_for_its_account_only() {
    let app = TestApp::spawn_bare(|c| c.timings.power = 0).await;
    let (_, client, _) = app.account("100.00").await;
    let (_, other, _) = app.account("100.00").await;
    let image = make_image(&client, &stopped_in(&client, ZONE).await, "golden")
        .await
        .unwrap();
    assert_api_error(
        instance_in(&client, ZONE, &image).await,
        400,
        "INVALID_IMAGE_STATUS",
    );
    advance(&app, IMAGING).await;

    let made = instance_in(&client, ZONE, &image).await.unwrap();
    let info = instance(&client, &made).await;
    assert_eq!(
        (info["imageId"].as_str(), info["imageName"].as_str()),
        (Some(image.as_str()), Some("golden"))
    );
    // An image of an instance made from it installs what the first one does.
    call(&client, VM, "StopInstances", json!({"instanceIds": [made]}))
        .await
        .unwrap();
    let second = make_image(&client, &made, "silver").await.unwrap();
    assert_eq!(
        custom_images(&client, VM, ZONE).await[0]["imageId"],
        second.as_str()
    );
    assert_eq!(
        custom_images(&client, VM, ZONE).await[0]["category"],
        "Ubuntu"
    );
    advance(&app, IMAGING).await;

    for (who, zone) in [(&client, "asia-southeast-1a"), (&other, ZONE)] {
        assert_api_error(
            instance_in(who, zone, &image).await,
            404,
            "INVALID_IMAGE_NOT_FOUND",
        );
    }
    let mut inquiry = vm_body(ZONE, &image);
    inquiry.as_object_mut().unwrap().remove("password");
    call(&client, VM, "InquiryPriceCreateInstance", inquiry.clone())
        .await
        .unwrap();
    assert_api_error(
        call(&other, VM, "InquiryPriceCreateInstance", inquiry).await,
        404,
        "INVALID_IMAGE_NOT_FOUND",
    );

    call(&client, VM, "DeleteImages", json!({"imageIds": [image]}))
        .await
        .unwrap();
    assert_eq!(instance(&client, &made).await["imageName"], "golden");
    assert_api_error(
        instance_in(&client, ZONE, &image).await,
        404,
        "INVALID_IMAGE_NOT_FOUND",
    );
}

/// D-172, D-176: both are checked in the create's own transaction, the image first.
#[tokio::test]
async fn create_instances_checks_the_image_before_the_key_pair() {
    let app = TestApp::spawn_bare(|c| c.timings.power = 0).await;
    let (_, client, _) = app.account("100.00").await;
    let key = import(&client, "deploy").await;
    let mut body = vm_body(ZONE, "img-00000000");
    let fields = body.as_object_mut().unwrap();
    fields.remove("password");
    fields.insert("keyId".into(), json!("key-00000000"));
    assert_api_error(
        call(&client, VM, "CreateInstances", body.clone()).await,
        404,
        "INVALID_IMAGE_NOT_FOUND",
    );
    body["imageId"] = json!("ubuntu_22_04_x64");
    assert_api_error(
        call(&client, VM, "CreateInstances", body.clone()).await,
        404,
        "INVALID_KEY_PAIR_NOT_FOUND",
    );
    body["keyId"] = json!(key);
    call(&client, VM, "CreateInstances", body).await.unwrap();
}
