//! A PostgreSQL store that loses its connections (D-2 503, issue: several replicas): the
//! affected requests answer 503, the server recovers by itself, and every acknowledged
//! change is there afterwards. Runs when `ZENLOCAL_TEST_POSTGRES_URL` is set (CI sets it).

use crate::helpers::*;
use serde_json::json;
use std::collections::BTreeSet;
use zenlocal_wire::Version;

fn cents(k: u32) -> String {
    format!("{}.{:02}", k / 100, k % 100)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cut_database_connections_give_503_then_recover_with_every_acknowledged_change() {
    let Some(admin) = postgres_url() else {
        return;
    };
    let app = TestApp::spawn_on(TestDb::postgres(&admin), |c| c.demo = false).await;
    let (account, client, _) = app.account("0").await;
    let deposit = |k: u32| {
        let http = app.http.clone();
        let url = format!("{}/_zenlocal/accounts/{account}/deposit", app.base());
        async move {
            let r = http
                .post(url)
                .json(&json!({"amount": cents(k)}))
                .send()
                .await
                .unwrap();
            let status = r.status().as_u16();
            let body: serde_json::Value = r.json().await.unwrap();
            (k, status, body)
        }
    };

    let mut acknowledged = BTreeSet::new();
    let mut unavailable = 0;
    let mut next = 1;
    for round in 0..4 {
        // Load: concurrent deposits, each a distinct amount of cents.
        let mut tasks = Vec::new();
        for _ in 0..12 {
            tasks.push(tokio::spawn(deposit(next)));
            next += 1;
        }
        if round > 0 {
            // Mid-load: every session of the store is terminated.
            app.db.cut_connections();
        }
        for task in tasks {
            let (k, status, body) = task.await.unwrap();
            match status {
                200 => {
                    acknowledged.insert(cents(k));
                }
                503 => {
                    assert_eq!(body["code"], "SERVICE_TEMPORARY_UNAVAILABLE", "{body}");
                    assert!(body["requestId"].as_str().unwrap().starts_with('T'));
                    unavailable += 1;
                }
                other => panic!("deposit {k}: {other} {body}"),
            }
        }
    }
    // Connections the pool kept idle were cut too: the next request to use one fails.
    app.db.cut_connections();
    let first = call(
        &client,
        Version::Zbc20240809,
        "DescribeCustomerBalance",
        json!({}),
    )
    .await;
    if let Err(e) = first {
        assert_api_error::<()>(Err(e), 503, "SERVICE_TEMPORARY_UNAVAILABLE");
        unavailable += 1;
    }
    assert!(unavailable > 0, "cutting the connections answered no 503");

    // The server recovers by itself: a bounded number of attempts succeeds.
    let mut recovered = false;
    for _ in 0..50 {
        let (k, status, _) = deposit(next).await;
        next += 1;
        if status == 200 {
            acknowledged.insert(cents(k));
            recovered = true;
            break;
        }
    }
    assert!(recovered, "the server did not recover");

    let history = call(
        &client,
        Version::Zbc20240809,
        "DescribeTransactionHistory",
        json!({"pageSize": 1000}),
    )
    .await
    .unwrap();
    let in_ledger: BTreeSet<String> = history["dataSet"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| format!("{:.2}", t["amount"].as_f64().unwrap()))
        .collect();
    let missing: Vec<&String> = acknowledged.difference(&in_ledger).collect();
    assert!(missing.is_empty(), "acknowledged but lost: {missing:?}");
    let balance = call(
        &client,
        Version::Zbc20240809,
        "DescribeCustomerBalance",
        json!({}),
    )
    .await
    .unwrap()["cashBalance"]
        .as_f64()
        .unwrap();
    assert!((balance - history["incomeSum"].as_f64().unwrap()).abs() < 1e-9);
}

/// A database refusing new connections for an administrative reason (`ALLOW_CONNECTIONS
/// false`, SQLSTATE 55000) is away (D-2): a read or a write that needs a new connection
/// answers 503 `SERVICE_TEMPORARY_UNAVAILABLE`, and once the database accepts connections
/// again the server serves without a restart.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_refusing_connections_answers_503_until_it_accepts_them() {
    let Some(admin) = postgres_url() else {
        return;
    };
    let app = TestApp::spawn_on(TestDb::postgres(&admin), |c| c.demo = false).await;
    let (account, client, _) = app.account("5").await;
    let deposit = || {
        app.http
            .post(format!(
                "{}/_zenlocal/accounts/{account}/deposit",
                app.base()
            ))
            .json(&json!({"amount": "1.00"}))
            .send()
    };
    let balance = || {
        call(
            &client,
            Version::Zbc20240809,
            "DescribeCustomerBalance",
            json!({}),
        )
    };
    app.db.allow_connections(false);
    app.db.cut_connections();
    // The first read may meet its connection cut; the ones after it connect, and are refused.
    for _ in 0..3 {
        assert_api_error(balance().await, 503, "SERVICE_TEMPORARY_UNAVAILABLE");
    }
    let refused = deposit().await.unwrap();
    assert_eq!(refused.status().as_u16(), 503);
    let body: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(body["code"], "SERVICE_TEMPORARY_UNAVAILABLE", "{body}");

    app.db.allow_connections(true);
    // A pooled session cut above may fail the first write after; one of a few succeeds.
    let mut deposited = false;
    for _ in 0..5 {
        let status = deposit().await.unwrap().status().as_u16();
        assert!(status == 200 || status == 503, "{status}");
        if status == 200 {
            deposited = true;
            break;
        }
    }
    assert!(deposited, "the server did not recover");
    assert_eq!(balance().await.unwrap()["cashBalance"], json!(6.0));
}
