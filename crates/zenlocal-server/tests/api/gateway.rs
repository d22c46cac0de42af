//! Each row of the D-2 table through a real HTTP request, in its order of precedence.

use crate::helpers::*;

#[tokio::test]
async fn success_envelope_repeats_the_request_id() {
    let app = TestApp::spawn().await;
    let a = app.send(app.signed("bmc", "DescribeZones", "{}")).await;
    assert_eq!(a.status, 200);
    let rid = a.body["requestId"].as_str().unwrap();
    assert_eq!(a.body["response"]["requestId"], rid);
    assert_eq!(a.headers["x-zc-request-id"], rid);
    assert_eq!(rid.len(), 37);
}

#[tokio::test]
async fn a_method_other_than_post_is_405_before_anything_else() {
    let app = TestApp::spawn().await;
    let mut raw = app
        .signed("bmc", "DescribeZones", "{}")
        .remove("authorization");
    raw.method = reqwest::Method::GET;
    app.send(raw)
        .await
        .assert_error(405, "UNSUPPORTED_HTTP_METHOD");
}

#[tokio::test]
async fn a_body_over_the_limit_is_413_before_content_type_and_auth() {
    let app = TestApp::spawn_with(|c| c.max_body_bytes = 512).await;
    let big = format!(r#"{{"pad": "{}"}}"#, "x".repeat(600));
    let raw = app
        .signed("bmc", "DescribeZones", &big)
        .set("content-type", "text/plain")
        .remove("authorization");
    app.send(raw)
        .await
        .assert_error(413, "REQUEST_BODY_TOO_LARGE");
    let at_limit = format!(r#"{{"pad": "{}"}}"#, "x".repeat(512 - 11));
    assert_eq!(at_limit.len(), 512);
    let a = app
        .send(app.signed("bmc", "DescribeZones", &at_limit))
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
}

#[tokio::test]
async fn a_content_type_other_than_json_is_415_before_auth() {
    let app = TestApp::spawn().await;
    for ct in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/jsonx",
    ] {
        let raw = app
            .signed("bmc", "DescribeZones", "{}")
            .set("content-type", ct)
            .remove("authorization");
        app.send(raw)
            .await
            .assert_error(415, "UNSUPPORTED_CONTENT_TYPE");
    }
    let raw = app
        .signed("bmc", "DescribeZones", "{}")
        .remove("content-type");
    app.send(raw)
        .await
        .assert_error(415, "UNSUPPORTED_CONTENT_TYPE");
}

#[tokio::test]
async fn authentication_comes_before_service_version_and_action() {
    let app = TestApp::spawn().await;
    let mut raw = app
        .signed("ecs", "Nope", "{}")
        .set("x-zc-version", "1999-01-01")
        .set("authorization", "Bearer nobody");
    raw.path = "/api/v2/ecs".into();
    app.send(raw)
        .await
        .assert_error(401, "AUTHFAILURE_SIGNATURE_FAILURE");
}

#[tokio::test]
async fn an_unknown_service_is_404() {
    let app = TestApp::spawn().await;
    let raw = app
        .signed("ecs", "DescribeZones", "{}")
        .set("x-zc-version", "1999-01-01");
    app.send(raw)
        .await
        .assert_error(404, "INVALID_SERVICE_NOT_FOUND");
    let mut raw = app.signed("bmc", "DescribeZones", "{}");
    raw.path = "/".into();
    app.send(raw)
        .await
        .assert_error(404, "INVALID_SERVICE_NOT_FOUND");
}

#[tokio::test]
async fn an_unknown_version_is_400_before_the_action() {
    let app = TestApp::spawn().await;
    for (service, version) in [("bmc", "2023-03-13"), ("vm", "2022-11-20"), ("zbc", "x")] {
        let raw = app
            .signed(service, "NoSuchAction", "{}")
            .set("x-zc-version", version);
        app.send(raw)
            .await
            .assert_error(400, "INVALID_VERSION_NOT_SUPPORT");
    }
}

#[tokio::test]
async fn the_go_sdk_zbc_version_answers_as_the_python_sdk_one() {
    // D-101: zenlayercloud-sdk-go sends 2024-08-08, the Python SDK 2024-08-09.
    let app = TestApp::spawn().await;
    let mut answers = Vec::new();
    for version in ["2024-08-08", "2024-08-09"] {
        for action in ["DescribeCustomerBalance", "DescribeTransactionHistory"] {
            let raw = app.signed("zbc", action, "{}").set("x-zc-version", version);
            let mut a = app.send(raw).await;
            assert_eq!(a.status, 200, "{version} {action}: {}", a.body);
            let response = a.body["response"].as_object_mut().unwrap();
            response.remove("requestId");
            answers.push((action, a.body["response"].clone()));
        }
    }
    assert_eq!(answers[0], answers[2]);
    assert_eq!(answers[1], answers[3]);
}

#[tokio::test]
async fn a_missing_version_means_the_newest() {
    let app = TestApp::spawn().await;
    let a = app.send(app.signed("bmc", "DescribeZones", "{}")).await;
    assert!(a.body["response"]["zoneSet"][0]
        .get("isByoipEnabled")
        .is_some());
    let raw = app
        .signed("bmc", "DescribeZones", "{}")
        .set("x-zc-version", "2022-11-20");
    let a = app.send(raw).await;
    assert!(a.body["response"]["zoneSet"][0]
        .get("isByoipEnabled")
        .is_none());
}

#[tokio::test]
async fn an_unknown_action_is_404() {
    let app = TestApp::spawn().await;
    for (service, action) in [
        ("bmc", "NoSuchAction"),
        ("bmc", "describeZones"),
        ("vm", "DescribeInstanceTypes"),
        ("zbc", "DescribeZones"),
    ] {
        let raw = app.signed(service, action, "{}");
        app.send(raw)
            .await
            .assert_error(404, "INVALID_ACTION_NOT_FOUND");
    }
    let raw = app
        .signed("bmc", "DescribeZones", "{}")
        .remove("x-zc-action");
    app.send(raw)
        .await
        .assert_error(404, "INVALID_ACTION_NOT_FOUND");
}

#[tokio::test]
async fn the_rate_limit_answers_429_per_credential() {
    let app = TestApp::spawn_with(|c| c.rate_limit = Some(1)).await;
    let mut statuses = Vec::new();
    for _ in 0..5 {
        let a = app.send(app.signed("bmc", "DescribeZones", "{}")).await;
        if a.status == 429 {
            a.assert_error(429, "REQUEST_LIMIT_EXCEEDED");
        }
        statuses.push(a.status);
    }
    assert_eq!(statuses[0], 200);
    assert!(statuses.contains(&429), "{statuses:?}");
    // Another credential has its own bucket.
    let (_, _, token) = app.account("1.00").await;
    let raw = app
        .signed("bmc", "DescribeZones", "{}")
        .set("authorization", &format!("Bearer {token}"));
    assert_eq!(app.send(raw).await.status, 200);
}

#[tokio::test]
async fn a_body_that_is_not_an_object_or_a_wrongly_typed_field_is_invalid_parameter() {
    let app = TestApp::spawn().await;
    for body in ["[]", "42", "not json", ""] {
        let a = app.send(app.signed("bmc", "DescribeZones", body)).await;
        a.assert_error(400, "INVALID_PARAMETER");
    }
    let a = app
        .send(app.signed(
            "bmc",
            "DescribeZones",
            r#"{"isCloudRouterAvailable": "yes"}"#,
        ))
        .await;
    a.assert_error(400, "INVALID_PARAMETER");
    assert!(a.body["message"]
        .as_str()
        .unwrap()
        .contains("isCloudRouterAvailable"));
    // A wrong type wins over a missing field.
    let a = app
        .send(app.signed("bmc", "DescribeAvailableResources", r#"{"zoneId": 5}"#))
        .await;
    a.assert_error(400, "INVALID_PARAMETER");
}

#[tokio::test]
async fn a_missing_or_null_required_field_is_missing_parameter() {
    let app = TestApp::spawn().await;
    for body in ["{}", r#"{"instanceChargeType": null}"#] {
        let a = app
            .send(app.signed("bmc", "DescribeAvailableResources", body))
            .await;
        a.assert_error(400, "MISSING_PARAMETER");
        assert!(a.body["message"]
            .as_str()
            .unwrap()
            .contains("instanceChargeType"));
    }
}

#[tokio::test]
async fn unknown_fields_are_ignored() {
    let app = TestApp::spawn().await;
    let a = app
        .send(app.signed("bmc", "DescribeZones", r#"{"somethingNew": [1, 2]}"#))
        .await;
    assert_eq!(a.status, 200);
}

#[tokio::test]
async fn an_unexpected_failure_is_500_without_internals() {
    let app = TestApp::spawn().await;
    app.db
        .execute("UPDATE instances SET data = 'garbage-internal-detail' WHERE service = 'vm'");
    let a = app.send(app.signed("vm", "DescribeInstances", "{}")).await;
    a.assert_error(500, "INTERNAL_SERVER_ERROR");
    assert!(!a.body["message"].as_str().unwrap().contains("garbage"));
}

/// D-111: only requests read in full and authenticated count as in flight; past the limit
/// they are shed with 503, while an unauthenticated one is still told 401.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_overloaded_server_sheds_authenticated_requests_with_503() {
    let app = TestApp::spawn_with(|c| c.max_in_flight = 1).await;
    let listed = app.send(app.signed("bmc", "DescribeInstances", "{}")).await;
    let id = listed.body["response"]["dataSet"][0]["instanceId"]
        .as_str()
        .unwrap()
        .to_owned();
    // Hold the only slot: a command waiting for the store.
    let held = app.db.hold_instances();
    let send_held = || {
        let slow = app.signed(
            "bmc",
            "StartInstances",
            &serde_json::json!({"instanceIds": [id]}).to_string(),
        );
        let (http, base) = (app.http.clone(), app.base());
        tokio::spawn(async move {
            let mut builder = http.post(format!("{base}{}", slow.path)).body(slow.body);
            for (name, value) in slow.headers {
                builder = builder.header(name, value);
            }
            let r = builder.send().await.unwrap();
            let status = r.status().as_u16();
            (status, r.json::<serde_json::Value>().await.unwrap())
        })
    };
    // Probes follow each other closely: one in flight as the held command arrives sheds
    // it, and it is sent again. Nothing else may answer it while the store is held.
    let mut waiting = send_held();
    let probing = async {
        loop {
            let a = app.send(app.signed("bmc", "DescribeZones", "{}")).await;
            if a.status == 503 {
                return a;
            }
            if waiting.is_finished() {
                let (status, body) = (&mut waiting).await.unwrap();
                assert_eq!(
                    (status, body["code"].as_str().unwrap()),
                    (503, "SERVICE_TEMPORARY_UNAVAILABLE"),
                    "the held command was answered: {body}"
                );
                waiting = send_held();
            }
            tokio::task::yield_now().await;
        }
    };
    let shed = tokio::time::timeout(std::time::Duration::from_secs(60), probing)
        .await
        .expect("a request is shed while the slot is held");
    shed.assert_error(503, "SERVICE_TEMPORARY_UNAVAILABLE");
    // Authentication comes first: a bad signature is still 401.
    let forged = app
        .signed("bmc", "DescribeZones", "{}")
        .set("authorization", "Bearer nobody");
    app.send(forged)
        .await
        .assert_error(401, "AUTHFAILURE_SIGNATURE_FAILURE");
    drop(held);
    let (status, body) = waiting.await.unwrap();
    assert_eq!(
        (status, body["code"].as_str().unwrap()),
        (403, "OPERATION_DENIED_INSTANCE_NOT_STOPPED"),
        "{body}"
    );
    let a = app.send(app.signed("bmc", "DescribeZones", "{}")).await;
    assert_eq!(a.status, 200, "the slot is free again: {}", a.body);
}

#[tokio::test]
async fn metrics_are_prometheus_text() {
    let app = TestApp::spawn().await;
    app.send(app.signed("bmc", "DescribeZones", "{}")).await;
    let text = app
        .http
        .get(format!("{}/metrics", app.base()))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        text.contains("# TYPE zenlocal_requests_total counter"),
        "{text}"
    );
    assert!(
        text.contains(r#"zenlocal_requests_total{service="bmc",action="DescribeZones",code="OK"}"#)
    );
    assert!(text.contains("zenlocal_request_duration_seconds_bucket"));
}
