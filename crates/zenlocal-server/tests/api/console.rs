//! The web console's server side (D-193 to D-197): signing in, paging and bad input,
//! what its CSV export holds. The browser tests are compat/test_console.py.

use crate::helpers::*;
use serde_json::json;
use zenlocal_wire::Version;

async fn get(app: &TestApp, path: &str, cookie: Option<&str>) -> reqwest::Response {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let mut request = client.get(format!("{}/_zenlocal/console{path}", app.base()));
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    request.send().await.unwrap()
}

/// D-194: `?token=` once answers 303 to the page without it and sets the HttpOnly
/// cookie; the cookie then opens the console and the control plane; a wrong one does not.
#[tokio::test]
async fn a_browser_signs_in_once_and_keeps_the_token_in_a_cookie() {
    let app = TestApp::spawn_with(|c| c.admin_token = Some("s3cret".into())).await;
    let r = get(&app, "/orders?kind=RENEW&token=s3cret", None).await;
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(
        r.headers()["location"],
        "/_zenlocal/console/orders?kind=RENEW"
    );
    assert_eq!(
        r.headers()["set-cookie"],
        "zenlocal_admin=s3cret; Path=/_zenlocal; HttpOnly; SameSite=Strict"
    );
    let cookie = "zenlocal_admin=s3cret";
    let r = get(&app, "", Some(cookie)).await;
    assert_eq!(r.status().as_u16(), 200);
    assert!(r.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .starts_with("default-src 'self';"));
    let advanced = app
        .http
        .post(format!("{}/_zenlocal/clock/advance", app.base()))
        .header("cookie", cookie)
        .json(&json!({"seconds": 60}))
        .send()
        .await
        .unwrap();
    assert_eq!(advanced.status().as_u16(), 200);
    for (path, cookie) in [
        ("?token=wrong", None),
        ("", Some("zenlocal_admin=wrong")),
        ("", None),
    ] {
        let r = get(&app, path, cookie).await;
        assert_eq!(r.status().as_u16(), 401, "{path} {cookie:?}");
        assert!(r.headers().get("set-cookie").is_none());
    }
}

/// D-193: a bad page, size or filter is a 400 page naming it; an unknown account or
/// instance is a 404 page.
#[tokio::test]
async fn bad_input_is_a_page_naming_it() {
    let app = TestApp::spawn().await;
    for (path, status, words) in [
        ("?page=0", 400, "`page`"),
        ("/orders?size=501", 400, "`size`"),
        ("/orders?kind=NOPE", 400, "`kind`"),
        ("/ledger?accountId=1&kind=SPENT", 400, "`kind`"),
        ("/ledger.csv", 400, "accountId"),
        ("/accounts/nobody", 404, "no account `nobody`"),
        ("/instances/1000000000000000001", 404, "no instance"),
        ("/accounts/nobody/networks", 404, "no account `nobody`"),
        ("/accounts/nobody/disks", 404, "no account `nobody`"),
        ("/requests?page=0", 400, "`page`"),
        ("/orders?status=NOPE", 400, "`status`"),
    ] {
        let r = get(&app, path, None).await;
        assert_eq!(r.status().as_u16(), status, "{path}");
        assert!(r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html"));
        let text = r.text().await.unwrap();
        assert!(text.contains(words), "{path}: {text}");
    }
}

/// The accounts a console page lists, in its order.
fn listed_accounts(page: &str) -> Vec<String> {
    page.split("data-account=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().to_owned())
        .collect()
}

/// D-193: accounts are paged by the store, oldest first (ties by id).
#[tokio::test]
async fn accounts_are_paged_on_the_server() {
    let app = TestApp::spawn().await;
    let mut ids = Vec::new();
    for _ in 0..3 {
        ids.push(app.account("10.00").await.0);
    }
    // With the demo account, four, all opened at the frozen clock's instant.
    let first = get(&app, "?size=2", None).await.text().await.unwrap();
    let second = get(&app, "?page=2&size=2", None)
        .await
        .text()
        .await
        .unwrap();
    let (first, second) = (listed_accounts(&first), listed_accounts(&second));
    let mut all: Vec<String> = first.iter().chain(&second).cloned().collect();
    assert_eq!(all.len(), 4);
    assert!(ids.iter().all(|id| all.contains(id)));
    let shown = all.clone();
    all.sort();
    assert_eq!(shown, all);
    let text = get(&app, "?page=2&size=2", None)
        .await
        .text()
        .await
        .unwrap();
    assert!(text.contains("Page 2 of 2 (4 in all)"), "{text}");
    assert!(text.contains("href=\"/_zenlocal/console?page=1&amp;size=2\""));
}

/// D-193: the orders export holds the control plane's order lines, field for field.
#[tokio::test]
async fn the_orders_export_is_the_control_planes_answer() {
    let app = TestApp::spawn().await;
    let (_, v) = app.control_get("/orders").await;
    let orders = v["orders"].as_array().unwrap();
    let r = get(&app, "/orders.csv", None).await;
    assert_eq!(r.headers()["content-type"], "text/csv; charset=utf-8");
    let text = r.text().await.unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let rows: Vec<serde_json::Value> = lines
        .map(|line| {
            header
                .iter()
                .zip(line.split(','))
                .map(|(k, v)| {
                    let value = if v.is_empty() { json!(null) } else { json!(v) };
                    ((*k).to_owned(), value)
                })
                .collect::<serde_json::Map<_, _>>()
                .into()
        })
        .collect();
    assert_eq!(&rows, orders);
}

/// D-193: an account's instances are paged by the store, every service together, and the
/// page shows each one's status as DescribeInstances answers it.
#[tokio::test]
async fn an_accounts_instances_are_paged_with_their_status() {
    let app = TestApp::spawn().await;
    let mut described = Vec::new();
    for version in [Version::Bmc20260201, Version::Vm20260401] {
        let v = call(&app.demo(), version, "DescribeInstances", json!({}))
            .await
            .unwrap();
        described.extend(v["dataSet"].as_array().unwrap().clone());
    }
    let accounts = get(&app, "", None).await.text().await.unwrap();
    let [demo] = &listed_accounts(&accounts)[..] else {
        panic!("one account, the demo's: {accounts}")
    };
    let mut shown = Vec::new();
    for page in 1..=3 {
        let path = format!("/accounts/{demo}?page={page}&size=3");
        let text = get(&app, &path, None).await.text().await.unwrap();
        let rows: Vec<&str> = text.split("<tr data-instance=\"").skip(1).collect();
        assert_eq!(rows.len(), if page < 3 { 3 } else { 2 }, "{page}");
        assert!(
            text.contains(&format!("Page {page} of 3 (8 in all)")),
            "{text}"
        );
        shown.extend(rows.into_iter().map(|row| {
            let id = row.split('"').next().unwrap().to_owned();
            let status = row
                .split("<td class=\"status\">")
                .nth(1)
                .unwrap()
                .split('<')
                .next()
                .unwrap()
                .to_owned();
            (id, status)
        }));
    }
    let mut expected: Vec<(String, String)> = described
        .iter()
        .map(|i| {
            (
                i["instanceId"].as_str().unwrap().to_owned(),
                i["instanceStatus"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    expected.sort();
    shown.sort();
    assert_eq!(shown, expected);
}

/// The values of `attribute` on a page, in its order.
fn attribute_values(page: &str, attribute: &str) -> Vec<String> {
    page.split(&format!(" {attribute}=\""))
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().to_owned())
        .collect()
}

/// D-193: with thousands of instances, each renewed once, an account's instances, its
/// orders and its ledger are paged by the store: a page holds its part of the whole list
/// (the control plane's orders, the ledger's export), says how many there are in all and
/// links to the pages around it, filters kept.
#[tokio::test]
async fn thousands_of_instances_orders_and_ledger_entries_are_paged_by_the_store() {
    let app = TestApp::spawn_with(|c| c.demo = false).await;
    let (account, client, _) = app.account("10000000.00").await;
    for zone in ["SEL-A", "FRA-A"] {
        for _ in 0..10 {
            let body = json!({
                "zoneId": zone,
                "instanceTypeId": "M7D",
                "instanceChargeType": "PREPAID",
                "instanceChargePrepaid": {"period": 1},
                "internetChargeType": "ByBandwidth",
                "internetMaxBandwidthOut": 20,
                "imageId": "img-ubuntu-2204",
                "password": "Passw0rd-x",
                "amount": 100,
            });
            call(&client, Version::Bmc20260201, "CreateInstances", body)
                .await
                .unwrap();
        }
    }
    // A month on, every instance has renewed: an order and a ledger entry each.
    advance(&app, 32 * 86_400).await;
    let (_, v) = app
        .control_get(&format!("/orders?accountId={account}"))
        .await;
    let orders: Vec<String> = v["orders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["orderNumber"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        orders.len(),
        4000,
        "a line per instance created, and per renewal"
    );

    let path = format!("/orders?accountId={account}&page=15&size=100");
    let text = get(&app, &path, None).await.text().await.unwrap();
    assert_eq!(attribute_values(&text, "data-order"), orders[1400..1500]);
    assert!(text.contains("Page 15 of 40 (4000 in all)"), "{text}");
    for n in [14, 16] {
        let link = format!(
            "href=\"/_zenlocal/console/orders?accountId={account}&amp;page={n}&amp;size=100\""
        );
        assert!(text.contains(&link), "{link}");
    }
    let path = format!("/orders?accountId={account}&kind=RENEW&page=20&size=100");
    let text = get(&app, &path, None).await.text().await.unwrap();
    assert_eq!(attribute_values(&text, "data-order"), orders[3900..4000]);
    assert!(text.contains("Page 20 of 20 (2000 in all)"), "{text}");
    assert!(!text.contains("rel=\"next\""));

    // One instance's lines, by every filter at once.
    let instance = v["orders"][1234]["instanceId"].as_str().unwrap();
    let (_, mine) = app
        .control_get(&format!(
            "/orders?accountId={account}&instanceId={instance}"
        ))
        .await;
    let mine: Vec<&str> = mine["orders"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["kind"] == "RENEW" && o["status"] == "PAID")
        .map(|o| o["orderNumber"].as_str().unwrap())
        .collect();
    assert_eq!(mine.len(), 1);
    let path = format!("/orders?accountId={account}&instanceId={instance}&kind=RENEW&status=PAID");
    let text = get(&app, &path, None).await.text().await.unwrap();
    assert_eq!(attribute_values(&text, "data-order"), mine);
    assert!(text.contains("Page 1 of 1 (1 in all)"), "{text}");

    let export = get(&app, &format!("/ledger.csv?accountId={account}"), None)
        .await
        .text()
        .await
        .unwrap();
    let entries: Vec<&str> = export.lines().skip(1).collect();
    let path = format!("/ledger?accountId={account}&kind=CONSUME&page=3&size=500");
    let text = get(&app, &path, None).await.text().await.unwrap();
    let charges: Vec<String> = entries
        .iter()
        .filter(|line| line.split(',').nth(2) == Some("CONSUME"))
        .map(|line| line.split(',').nth(5).unwrap().to_owned())
        .collect();
    assert!(charges.len() > 2000, "{}", charges.len());
    assert_eq!(attribute_values(&text, "data-order"), charges[1000..1500]);
    let pages = charges.len().div_ceil(500);
    let total = format!("Page 3 of {pages} ({} in all)", charges.len());
    assert!(text.contains(&total), "{total}: {text}");
    assert!(text.contains(&format!(
        "href=\"/_zenlocal/console/ledger?accountId={account}&amp;kind=CONSUME&amp;page=4&amp;size=500\""
    )));

    let mut seen = Vec::new();
    for page in [1, 4] {
        let path = format!("/accounts/{account}?page={page}&size=500");
        let text = get(&app, &path, None).await.text().await.unwrap();
        assert!(
            text.contains(&format!("Page {page} of 4 (2000 in all)")),
            "{text}"
        );
        let rows = attribute_values(&text, "data-instance");
        assert_eq!(rows.len(), 500);
        seen.extend(rows);
    }
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 1000);
}
