//! D-3 through real HTTP: every tampering is 401 AUTHFAILURE_SIGNATURE_FAILURE.

use crate::helpers::*;
use zenlocal_wire::sign;

const BODY: &str = r#"{"zoneIds": ["asia-east-1a"]}"#;

#[tokio::test]
async fn a_correct_signature_is_accepted() {
    let app = TestApp::spawn().await;
    let a = app.send(app.signed("vm", "DescribeZones", BODY)).await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.body["response"]["zoneSet"][0]["zoneId"], "asia-east-1a");
}

#[tokio::test]
async fn a_flipped_body_byte_is_rejected() {
    let app = TestApp::spawn().await;
    let mut raw = app.signed("vm", "DescribeZones", BODY);
    raw.body = BODY.replace("east", "eass").into_bytes();
    app.send(raw)
        .await
        .assert_error(401, "AUTHFAILURE_SIGNATURE_FAILURE");
}

#[tokio::test]
async fn another_host_is_rejected() {
    let app = TestApp::spawn().await;
    let raw = app
        .signed("vm", "DescribeZones", BODY)
        .set("host", "console.zenlayer.com");
    app.send(raw)
        .await
        .assert_error(401, "AUTHFAILURE_SIGNATURE_FAILURE");
}

#[tokio::test]
async fn another_content_type_is_rejected() {
    let app = TestApp::spawn().await;
    let raw = app
        .signed("vm", "DescribeZones", BODY)
        .set("content-type", "application/json; charset=utf-8");
    app.send(raw)
        .await
        .assert_error(401, "AUTHFAILURE_SIGNATURE_FAILURE");
}

#[tokio::test]
async fn a_stale_or_future_timestamp_is_rejected() {
    let app = TestApp::spawn().await;
    // A timestamp is checked against the server's clock when the request arrives, which
    // on a loaded machine can be seconds after it was signed: a stale one only grows
    // staler, but one just beyond the window into the future would fall back into it, so
    // the future one is well beyond.
    let now = zenlocal_server::real_now().seconds();
    for ts in [now - 301, now + 330, i64::MIN, i64::MAX] {
        let host = app.addr();
        let signature = sign::sign(
            "zenlocal-demo-secret",
            &ts.to_string(),
            "application/json",
            &host,
            BODY.as_bytes(),
        );
        let raw = app
            .signed("vm", "DescribeZones", BODY)
            .set("x-zc-timestamp", &ts.to_string())
            .set(
                "authorization",
                &sign::authorization_header("zenlocal-demo", "content-type;host", &signature),
            );
        let a = app.send(raw).await;
        a.assert_error(401, "AUTHFAILURE_SIGNATURE_FAILURE");
        assert!(a.body["message"].as_str().unwrap().contains("Timestamp"));
    }
}

#[tokio::test]
async fn the_timestamp_window_follows_the_real_clock_not_the_simulated_one() {
    let app = TestApp::spawn().await;
    let (status, _) = app
        .control_post(
            "/clock/advance",
            serde_json::json!({"seconds": 86_400 * 400}),
        )
        .await;
    assert_eq!(status, 200);
    let a = app.send(app.signed("vm", "DescribeZones", BODY)).await;
    assert_eq!(a.status, 200, "{}", a.body);
}

#[tokio::test]
async fn a_wrong_password_or_unknown_key_is_rejected() {
    let app = TestApp::spawn().await;
    let a = app
        .send(app.signed_by(
            "zenlocal-demo",
            "not-the-password",
            "vm",
            "DescribeZones",
            BODY,
        ))
        .await;
    a.assert_error(401, "AUTHFAILURE_SIGNATURE_FAILURE");
    let a = app
        .send(app.signed_by("NO-SUCH-KEY", "x", "vm", "DescribeZones", BODY))
        .await;
    a.assert_error(401, "AUTHFAILURE_SIGNATURE_FAILURE");
}

#[tokio::test]
async fn malformed_authorization_headers_are_rejected() {
    let app = TestApp::spawn().await;
    let good = app.signed("vm", "DescribeZones", BODY);
    let auth = good
        .headers
        .iter()
        .find(|(n, _)| n == "authorization")
        .unwrap()
        .1
        .clone();
    for bad in [
        auth.replace("Credential=", "Cred="),
        auth.replace(", SignedHeaders=content-type;host", ""),
        auth.replace("content-type;host", "host"),
        auth.replace("content-type;host", "host;content-type"),
        auth.replace("ZC2-HMAC-SHA256", "AWS4-HMAC-SHA256"),
        auth.replace("Signature=", "Signature=zz"),
        "Bearer ".to_owned(),
        String::new(),
    ] {
        let raw = app
            .signed("vm", "DescribeZones", BODY)
            .set("authorization", &bad);
        app.send(raw)
            .await
            .assert_error(401, "AUTHFAILURE_SIGNATURE_FAILURE");
    }
    let raw = app
        .signed("vm", "DescribeZones", BODY)
        .remove("authorization");
    app.send(raw)
        .await
        .assert_error(401, "AUTHFAILURE_SIGNATURE_FAILURE");
    let raw = app
        .signed("vm", "DescribeZones", BODY)
        .remove("x-zc-timestamp");
    app.send(raw)
        .await
        .assert_error(401, "AUTHFAILURE_SIGNATURE_FAILURE");
}

#[tokio::test]
async fn extra_signed_headers_are_accepted_and_checked() {
    let app = TestApp::spawn().await;
    let host = app.addr();
    let ts = zenlocal_server::real_now().seconds().to_string();
    let canonical = sign::canonical_request(
        &[
            ("content-type", "application/json"),
            ("host", &host),
            ("x-zc-action", "DescribeZones"),
        ],
        BODY.as_bytes(),
    );
    let signature = sign::signature("zenlocal-demo-secret", &ts, &canonical);
    let auth =
        sign::authorization_header("zenlocal-demo", "content-type;host;x-zc-action", &signature);
    let raw = app
        .signed("vm", "DescribeZones", BODY)
        .set("x-zc-timestamp", &ts)
        .set("authorization", &auth);
    let a = app.send(raw).await;
    assert_eq!(a.status, 200, "{}", a.body);
    // The extra header is covered: changing it breaks the signature.
    let raw = app
        .signed("vm", "DescribeImages", BODY)
        .set("x-zc-timestamp", &ts)
        .set("authorization", &auth);
    app.send(raw)
        .await
        .assert_error(401, "AUTHFAILURE_SIGNATURE_FAILURE");
}

#[tokio::test]
async fn bearer_tokens_authenticate_their_account() {
    let app = TestApp::spawn().await;
    let (account_id, _, token) = app.account("42.00").await;
    let raw = app
        .signed("zbc", "DescribeCustomerBalance", "{}")
        .remove("x-zc-timestamp")
        .remove("x-zc-signature-method")
        .set("authorization", &format!("Bearer {token}"));
    let a = app.send(raw).await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.body["response"]["accountUid"], account_id.as_str());
    assert_eq!(a.body["response"]["cashBalance"], 42.0);
    let raw = app
        .signed("zbc", "DescribeCustomerBalance", "{}")
        .set("authorization", "Bearer not-a-token");
    app.send(raw)
        .await
        .assert_error(401, "AUTHFAILURE_SIGNATURE_FAILURE");
}
