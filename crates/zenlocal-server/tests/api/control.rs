//! The control plane (D-29), the clock (D-28) and the demo account (D-30).

use crate::helpers::*;
use serde_json::json;
use zenlocal_client::Credential;
use zenlocal_wire::Version;

#[tokio::test]
async fn health_names_version_and_store() {
    let app = TestApp::spawn().await;
    let (status, v) = app.control_get("/health").await;
    assert_eq!(status, 200);
    assert_eq!(v["status"], "ok");
    let store = if app.db.is_postgres() {
        "postgres"
    } else {
        "sqlite"
    };
    assert_eq!(v["store"], store);
    assert_eq!(v["version"], env!("CARGO_PKG_VERSION"));
}

#[tokio::test]
async fn the_frozen_clock_stands_still_until_advanced() {
    let app = TestApp::spawn().await;
    let (_, v) = app.control_get("/clock").await;
    assert_eq!(v, json!({"now": "2026-01-01T00:00:00Z", "mode": "frozen"}));
    let (status, v) = app
        .control_post("/clock/advance", json!({"seconds": 3600}))
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        v,
        json!({"now": "2026-01-01T01:00:00Z", "eventsApplied": 0})
    );
    let (status, v) = app
        .control_post("/clock/advance", json!({"to": "2026-02-01T00:00:00Z"}))
        .await;
    assert_eq!(status, 200);
    assert_eq!(v["now"], "2026-02-01T00:00:00Z");
}

#[tokio::test]
async fn advancing_rejects_bad_input_and_never_goes_backwards() {
    let app = TestApp::spawn().await;
    for (body, code) in [
        (json!({"to": "2025-12-31T00:00:00Z"}), "INVALID_PARAMETER"),
        (json!({"to": "tomorrow"}), "INVALID_PARAMETER"),
        (json!({"seconds": -1}), "INVALID_PARAMETER"),
        (json!({"seconds": "60"}), "INVALID_PARAMETER"),
        (
            json!({"seconds": 60, "to": "2026-02-01T00:00:00Z"}),
            "MISSING_PARAMETER",
        ),
        (json!({}), "MISSING_PARAMETER"),
    ] {
        let (status, v) = app.control_post("/clock/advance", body.clone()).await;
        assert_eq!(
            (status, v["code"].as_str().unwrap()),
            (400, code),
            "{body}: {v}"
        );
        assert!(v["requestId"].as_str().unwrap().starts_with('T'));
    }
    let (_, v) = app.control_get("/clock").await;
    assert_eq!(v["now"], "2026-01-01T00:00:00Z");
}

/// The demo account's balance is its opening deposit less what its PREPAID instances cost.
async fn demo_balance_is_consistent(app: &TestApp) -> f64 {
    let history = call(
        &app.demo(),
        Version::Zbc20240809,
        "DescribeTransactionHistory",
        json!({"pageSize": 1000}),
    )
    .await
    .unwrap();
    let income = history["incomeSum"].as_f64().unwrap();
    let spent = history["expenditureSum"].as_f64().unwrap();
    assert_eq!(income, 10000.0, "the opening deposit");
    let now = balance(&app.demo()).await;
    assert!((now - (income - spent)).abs() < 1e-9);
    now
}

#[tokio::test]
async fn the_demo_account_exists_with_its_opening_deposit_and_instances() {
    let app = TestApp::spawn().await;
    let now = demo_balance_is_consistent(&app).await;
    assert!(now < 10000.0, "the PREPAID demo instances were charged");
    let token = app.client(Credential::token("zenlocal-demo-token"));
    assert_eq!(balance(&token).await, now);
    for (version, expected) in [(Version::Bmc20260201, 4), (Version::Vm20260401, 4)] {
        let v = call(&app.demo(), version, "DescribeInstances", json!({}))
            .await
            .unwrap();
        assert_eq!(v["totalCount"], expected);
        let set = v["dataSet"].as_array().unwrap();
        assert!(set.iter().all(|i| i["instanceStatus"] == "RUNNING"));
        for charge in ["PREPAID", "POSTPAID"] {
            for internet in ["ByBandwidth", "ByTrafficPackage"] {
                assert!(
                    set.iter().any(|i| i["instanceChargeType"] == charge
                        && i["internetChargeType"] == internet),
                    "{charge} {internet}"
                );
            }
        }
    }
}

#[tokio::test]
async fn no_demo_means_no_demo_account() {
    let app = TestApp::spawn_with(|c| c.demo = false).await;
    let result = call(
        &app.demo(),
        Version::Zbc20240809,
        "DescribeCustomerBalance",
        json!({}),
    )
    .await;
    assert_api_error(result, 401, "AUTHFAILURE_SIGNATURE_FAILURE");
}

#[tokio::test]
async fn accounts_are_created_with_working_credentials() {
    let app = TestApp::spawn().await;
    let (status, v) = app
        .control_post(
            "/accounts",
            json!({"name": "acme", "balance": "250.50", "discount": 80}),
        )
        .await;
    assert_eq!(status, 200, "{v}");
    for field in ["accountId", "accessKeyId", "accessKeyPassword", "token"] {
        assert!(v[field].as_str().is_some_and(|s| !s.is_empty()), "{field}");
    }
    assert_eq!(v["balance"], "250.50");
    assert_eq!(v["discount"], 80);
    let client = app.client(Credential::access_key(
        v["accessKeyId"].as_str().unwrap(),
        v["accessKeyPassword"].as_str().unwrap(),
    ));
    let answer = call(
        &client,
        Version::Zbc20240809,
        "DescribeCustomerBalance",
        json!({}),
    )
    .await
    .unwrap();
    assert_eq!(answer["accountUid"], v["accountId"]);
    assert_eq!(answer["cashBalance"], 250.5);
}

#[tokio::test]
async fn account_creation_rejects_bad_fields_by_name() {
    let app = TestApp::spawn().await;
    for (body, code, field) in [
        (json!({"balance": "1"}), "MISSING_PARAMETER", "name"),
        (json!({"name": "a"}), "MISSING_PARAMETER", "balance"),
        (
            json!({"name": "", "balance": "1"}),
            "INVALID_PARAMETER",
            "name",
        ),
        (
            json!({"name": "a", "balance": "-1"}),
            "INVALID_PARAMETER",
            "balance",
        ),
        (
            json!({"name": "a", "balance": "ten"}),
            "INVALID_PARAMETER",
            "balance",
        ),
        (
            json!({"name": "a", "balance": "1.005"}),
            "INVALID_PARAMETER",
            "balance",
        ),
        (
            json!({"name": "a", "balance": "1", "discount": 0}),
            "INVALID_PARAMETER",
            "discount",
        ),
        (
            json!({"name": "a", "balance": "1", "discount": 101}),
            "INVALID_PARAMETER",
            "discount",
        ),
        (
            json!({"name": 7, "balance": "1"}),
            "INVALID_PARAMETER",
            "name",
        ),
    ] {
        let (status, v) = app.control_post("/accounts", body.clone()).await;
        assert_eq!(
            (status, v["code"].as_str().unwrap()),
            (400, code),
            "{body}: {v}"
        );
        assert!(
            v["message"].as_str().unwrap().contains(field),
            "{body}: {v}"
        );
    }
}

#[tokio::test]
async fn deposits_credit_now_and_reject_bad_amounts() {
    let app = TestApp::spawn().await;
    let (id, client, _) = app.account("10.00").await;
    let (status, v) = app
        .control_post(
            &format!("/accounts/{id}/deposit"),
            json!({"amount": "5.25"}),
        )
        .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v, json!({"accountId": id, "balance": "15.25"}));
    assert_eq!(balance(&client).await, 15.25);
    for amount in [
        json!("0"),
        json!("-3"),
        json!("1.001"),
        json!("abc"),
        json!(true),
    ] {
        let (status, v) = app
            .control_post(
                &format!("/accounts/{id}/deposit"),
                json!({"amount": amount}),
            )
            .await;
        assert_eq!(
            (status, v["code"].as_str().unwrap()),
            (400, "INVALID_PARAMETER"),
            "{v}"
        );
    }
    let (status, v) = app
        .control_post("/accounts/000000000000/deposit", json!({"amount": "1"}))
        .await;
    assert_eq!(
        (status, v["code"].as_str().unwrap()),
        (404, "RESOURCE_NOT_FOUND")
    );
    assert_eq!(balance(&client).await, 15.25);
}

#[tokio::test]
async fn scheduled_deposits_apply_in_order_each_at_its_own_instant() {
    // Without the demo account, only these deposits are scheduled.
    let app = TestApp::spawn_with(|c| c.demo = false).await;
    let (id, client, _) = app.account("0").await;
    for (at, amount) in [
        ("2026-01-03T00:00:00Z", "3.00"),
        ("2026-01-02T00:00:00Z", "2.00"),
        ("2026-02-01T00:00:00Z", "7.00"),
    ] {
        let (status, v) = app
            .control_post(
                &format!("/accounts/{id}/deposit"),
                json!({"amount": amount, "at": at}),
            )
            .await;
        assert_eq!(status, 200, "{v}");
        assert_eq!(v["scheduledAt"], at);
    }
    assert_eq!(balance(&client).await, 0.0);
    let (_, v) = app
        .control_post("/clock/advance", json!({"to": "2026-01-02T00:00:00Z"}))
        .await;
    assert_eq!(v["eventsApplied"], 1);
    assert_eq!(balance(&client).await, 2.0);
    let (_, v) = app
        .control_post("/clock/advance", json!({"seconds": 86_400 * 60}))
        .await;
    assert_eq!(v["eventsApplied"], 2);
    assert_eq!(balance(&client).await, 12.0);
    let (status, v) = app
        .control_post(
            &format!("/accounts/{id}/deposit"),
            json!({"amount": "1", "at": "2026-01-01T00:00:00Z"}),
        )
        .await;
    assert_eq!(
        (status, v["code"].as_str().unwrap()),
        (400, "INVALID_PARAMETER")
    );
}

#[tokio::test]
async fn reset_empties_the_store_and_reseeds_the_demo_account() {
    let app = TestApp::spawn().await;
    let (id, client, _) = app.account("5.00").await;
    let (status, _) = app
        .control_post(&format!("/accounts/{id}/deposit"), json!({"amount": "1"}))
        .await;
    assert_eq!(status, 200);
    let before = balance(&app.demo()).await;
    let (status, v) = app.control_post("/reset", json!({})).await;
    assert_eq!(status, 200, "{v}");
    let result = call(
        &client,
        Version::Zbc20240809,
        "DescribeCustomerBalance",
        json!({}),
    )
    .await;
    assert_api_error(result, 401, "AUTHFAILURE_SIGNATURE_FAILURE");
    assert_eq!(
        balance(&app.demo()).await,
        before,
        "re-seeded exactly as new"
    );
    demo_balance_is_consistent(&app).await;
}

#[tokio::test]
async fn reset_with_a_clock_starts_time_over_on_the_empty_store() {
    // D-103: the way back from a stored time later than wanted.
    let app = TestApp::spawn().await;
    let before = balance(&app.demo()).await;
    advance(&app, 40 * 86_400).await;
    let (status, v) = app.control_post("/reset", json!({})).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["now"], "2026-02-10T00:00:00Z", "without a clock it stays");
    let (status, v) = app
        .control_post("/reset", json!({"clock": "frozen=2026-01-01T00:00:00Z"}))
        .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(
        (v["now"].as_str(), v["mode"].as_str()),
        (Some("2026-01-01T00:00:00Z"), Some("frozen"))
    );
    let (_, clock) = app.control_get("/clock").await;
    assert_eq!(clock["now"], "2026-01-01T00:00:00Z");
    assert_eq!(
        balance(&app.demo()).await,
        before,
        "re-seeded exactly as new"
    );
    demo_balance_is_consistent(&app).await;
    // Time runs on from there: a month later the demo's PREPAID instances renew.
    advance(&app, 30 * 86_400).await;
    assert!(balance(&app.demo()).await < before);

    for bad in [
        json!({"clock": "yesterday"}),
        json!({"clock": "frozen=soon"}),
    ] {
        let (status, v) = app.control_post("/reset", bad).await;
        assert_eq!(
            (status, v["code"].as_str()),
            (400, Some("INVALID_PARAMETER")),
            "{v}"
        );
        assert!(v["message"].as_str().unwrap().contains("`clock`"), "{v}");
    }
}

/// An order line names the resource it is for; an instance's keeps `instanceId` (D-29,
/// D-120).
#[tokio::test]
async fn order_lines_name_their_resource() {
    let app = TestApp::spawn().await;
    let (_, v) = app.control_get("/orders").await;
    let lines = v["orders"].as_array().unwrap();
    assert_eq!(lines.len(), 8, "{v}");
    for line in lines {
        assert_eq!(line["resourceType"], "INSTANCE", "{line}");
        assert_eq!(line["resourceId"], line["instanceId"], "{line}");
        assert!(line["resourceId"].as_str().is_some_and(|id| id.len() == 19));
    }
    let id = lines[0]["resourceId"].as_str().unwrap();
    let (status, v) = app.control_get(&format!("/orders?instanceId={id}")).await;
    assert_eq!(status, 200);
    assert_eq!(v["orders"].as_array().unwrap().len(), 1, "{v}");
    assert_eq!(v["orders"][0]["kind"], "CREATE");
}

#[tokio::test]
async fn the_catalog_shows_what_no_action_exposes() {
    let app = TestApp::spawn().await;
    let (status, v) = app.control_get("/catalog").await;
    assert_eq!(status, 200);
    let offer = &v["bmc"]["offers"][0];
    for field in [
        "free_bandwidth",
        "max_bandwidth",
        "free_traffic_package",
        "max_traffic_package",
        "monthly_price",
        "stock",
    ] {
        assert!(offer.get(field).is_some(), "{field}");
    }
    assert!(v["vm"]["models"].as_array().unwrap().len() >= 5);
}

/// Sends a raw control-plane request and parses the answer, which must be the envelope.
async fn control_raw(app: &TestApp, method: reqwest::Method, path: &str, body: Vec<u8>) -> Answer {
    let r = app
        .http
        .request(method, format!("{}{path}", app.base()))
        .body(body)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let headers = r.headers().clone();
    let bytes = r.bytes().await.unwrap();
    let body = serde_json::from_slice(&bytes)
        .unwrap_or_else(|_| panic!("{path}: not JSON: {}", String::from_utf8_lossy(&bytes)));
    Answer {
        status,
        headers,
        body,
    }
}

/// D-114: the framework's refusals speak the envelope too.
#[tokio::test]
async fn control_plane_errors_are_the_envelope_for_404_405_413_and_bad_paths() {
    let app = TestApp::spawn_with(|c| c.max_body_bytes = 4096).await;
    use reqwest::Method;
    for path in [
        "/_zenlocal/nothing-here",
        "/_zenlocal",
        "/_zenlocal/clock/x",
    ] {
        control_raw(&app, Method::GET, path, Vec::new())
            .await
            .assert_error(404, "RESOURCE_NOT_FOUND");
    }
    for (method, path) in [
        (Method::GET, "/_zenlocal/clock/advance"),
        (Method::DELETE, "/_zenlocal/accounts"),
        (Method::POST, "/_zenlocal/clock"),
        (Method::PUT, "/_zenlocal/orders"),
        (Method::POST, "/_zenlocal/health"),
        (Method::POST, "/metrics"),
    ] {
        control_raw(&app, method, path, Vec::new())
            .await
            .assert_error(405, "UNSUPPORTED_HTTP_METHOD");
    }
    // Over --max-body-bytes, and over the framework's own 2 MB default too.
    for size in [4097, 3 * 1024 * 1024] {
        let body = format!(r#"{{"seconds": 1, "pad": "{}"}}"#, "x".repeat(size));
        let a = control_raw(&app, Method::POST, "/_zenlocal/clock/advance", body.into()).await;
        a.assert_error(413, "REQUEST_BODY_TOO_LARGE");
        assert!(a.body["message"].as_str().unwrap().contains("4096"));
    }
    let at_limit = format!(r#"{{"seconds": 1, "pad": "{}"}}"#, "x".repeat(4096 - 25));
    assert_eq!(at_limit.len(), 4096);
    let a = control_raw(
        &app,
        Method::POST,
        "/_zenlocal/clock/advance",
        at_limit.into(),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.body);
    // A path that does not decode.
    control_raw(
        &app,
        Method::POST,
        "/_zenlocal/accounts/%FF/deposit",
        b"{}".to_vec(),
    )
    .await
    .assert_error(400, "INVALID_PARAMETER");
}

/// D-112: amounts stop at 1,000,000,000,000.00; past it is 400, never an overflow.
#[tokio::test]
async fn amounts_past_the_maximum_are_400_and_the_balance_stays() {
    let app = TestApp::spawn().await;
    let (status, v) = app
        .control_post(
            "/accounts",
            json!({"name": "max", "balance": "79228162514264337593543950335"}),
        )
        .await;
    assert_eq!(
        (status, v["code"].as_str().unwrap()),
        (400, "INVALID_PARAMETER"),
        "{v}"
    );
    assert!(v["message"].as_str().unwrap().contains("balance"), "{v}");
    let (id, client, _) = app.account("999999999999.00").await;
    let deposit = format!("/accounts/{id}/deposit");
    let (status, v) = app.control_post(&deposit, json!({"amount": "1.00"})).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["balance"], "1000000000000.00");
    for amount in [
        json!("0.01"),
        json!("79228162514264337593543950335"),
        json!(1e300),
        json!("1e40"),
    ] {
        let (status, v) = app.control_post(&deposit, json!({"amount": amount})).await;
        assert_eq!(
            (status, v["code"].as_str().unwrap()),
            (400, "INVALID_PARAMETER"),
            "{amount}: {v}"
        );
        assert!(v["message"].as_str().unwrap().contains("amount"), "{v}");
        assert!(v["requestId"].as_str().unwrap().starts_with('T'));
    }
    let (status, v) = app
        .control_post(
            &deposit,
            json!({"amount": "1000000000000.01", "at": "2026-02-01T00:00:00Z"}),
        )
        .await;
    assert_eq!(
        (status, v["code"].as_str().unwrap()),
        (400, "INVALID_PARAMETER"),
        "{v}"
    );
    assert_eq!(balance(&client).await, 1_000_000_000_000.0);
}

#[tokio::test]
async fn an_admin_token_guards_the_control_plane_but_not_health() {
    let app = TestApp::spawn_with(|c| c.admin_token = Some("s3cret".into())).await;
    let (status, v) = app.control_get("/clock").await;
    assert_eq!(
        (status, v["code"].as_str().unwrap()),
        (401, "AUTHFAILURE_SIGNATURE_FAILURE")
    );
    let wrong = app
        .http
        .get(format!("{}/_zenlocal/clock", app.base()))
        .bearer_auth("nope")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status().as_u16(), 401);
    let right = app
        .http
        .get(format!("{}/_zenlocal/clock", app.base()))
        .bearer_auth("s3cret")
        .send()
        .await
        .unwrap();
    assert_eq!(right.status().as_u16(), 200);
    assert_eq!(app.control_get("/health").await.0, 200);
}

/// D-239: with no admin token, a loopback request a browser marks as another site's page
/// (its `Origin`, `Sec-Fetch-Site`, or a `Host` that is no loopback name: DNS rebinding) is
/// refused, 401, and changes nothing; the server's own pages and clients that are no
/// browser are served.
#[tokio::test]
async fn a_browser_page_of_another_site_may_not_use_the_open_control_plane() {
    let app = TestApp::spawn().await;
    let advance = |headers: &[(&str, String)]| {
        let mut request = app
            .http
            .post(format!("{}/_zenlocal/clock/advance", app.base()))
            .json(&json!({"seconds": 3600}));
        for (name, value) in headers {
            request = request.header(*name, value);
        }
        request.send()
    };
    let own = app.base();
    for headers in [
        vec![("origin", "http://evil.example".to_owned())],
        vec![("sec-fetch-site", "cross-site".to_owned())],
        vec![
            ("host", "evil.example".to_owned()),
            ("origin", "http://evil.example".to_owned()),
            ("sec-fetch-site", "same-origin".to_owned()),
        ],
    ] {
        let refused = advance(&headers).await.unwrap();
        assert_eq!(refused.status().as_u16(), 401, "{headers:?}");
        let v: serde_json::Value = refused.json().await.unwrap();
        assert_eq!(v["code"], "AUTHFAILURE_SIGNATURE_FAILURE", "{headers:?}");
        assert!(
            v["message"].as_str().unwrap().contains("another site"),
            "{v}"
        );
    }
    assert_eq!(
        app.control_get("/clock").await.1["now"],
        "2026-01-01T00:00:00Z"
    );
    let page = [
        ("origin", own.clone()),
        ("sec-fetch-site", "same-origin".to_owned()),
    ];
    assert_eq!(advance(&page).await.unwrap().status().as_u16(), 200);
    assert_eq!(advance(&[]).await.unwrap().status().as_u16(), 200);
    assert_eq!(
        app.control_get("/clock").await.1["now"],
        "2026-01-01T02:00:00Z"
    );
}

#[tokio::test]
async fn time_and_money_survive_a_restart() {
    let mut app = TestApp::spawn().await;
    let (id, _, _) = app.account("1.00").await;
    let (_, v) = app
        .control_post("/clock/advance", json!({"seconds": 86_400 * 10}))
        .await;
    assert_eq!(v["now"], "2026-01-11T00:00:00Z");
    let mut tasks = Vec::new();
    for _ in 0..100 {
        let http = app.http.clone();
        let url = format!("{}/_zenlocal/accounts/{id}/deposit", app.base());
        tasks.push(tokio::spawn(async move {
            http.post(url)
                .json(&json!({"amount": "0.10"}))
                .send()
                .await
                .unwrap()
                .status()
        }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap().as_u16(), 200);
    }
    let demo_before = balance(&app.demo()).await;
    // An earlier frozen instant at start does not move time back (D-28).
    app.restart_with(|_| {}).await;
    let (_, v) = app.control_get("/clock").await;
    assert_eq!(v["now"], "2026-01-11T00:00:00Z");
    let (_, v) = app
        .control_post(
            &format!("/accounts/{id}/deposit"),
            json!({"amount": "0.01"}),
        )
        .await;
    assert_eq!(v["balance"], "11.01");
    assert_eq!(
        balance(&app.demo()).await,
        demo_before,
        "the demo is not seeded twice"
    );
}
