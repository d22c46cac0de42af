//! vm key pairs (docs/decisions.md D-170 to D-172) through real requests: their actions
//! in vm 2023-03-13 only, names unique per account, tenancy, all-or-nothing deletes, and
//! the `keyId` of CreateInstances.

use crate::helpers::*;
use serde_json::{json, Value};
use zenlocal_client::Client;
use zenlocal_wire::Version;

const VM_2023: Version = Version::Vm20230313;
const VM_2026: Version = Version::Vm20260401;

/// Made with `ssh-keygen -t ed25519` and `ssh-keygen -t rsa -b 2048`.
pub const ED25519: &str =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAZKH/ZcrYgVcL7E4JE5YMQt/iMjI9tHdt+PTjYnq0IT me@laptop";
pub const RSA: &str = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC3SdJAtr2jG2ouSAZHaM3DKk6BcNLfcoguPAPOu9zuimx1JHITQ614cumhXArHKar38KvAnQwr2ktLN2mNxktDeZBCQSZ4ackDggxLB8PLcFfUReir9X11AB0ec4NeS6Ao47tGiSQrfWxDXk7kRKNec+Go8y+ILGGNCAUi4o1ywLcfuNMM9MoxNycmti3HlBURvWsZa5540a0uvOH6ITPvoRD8YOCwwzpkEThYlEkleZ33QeRDNReM3NdNI9mHH6BgRM2KJkHCoePIezlP5wxthwo0kw/JZHH7GoN1+snrG8jE01wZgQykZcQ5/yV3g27CoXEfgIhuZj9rl3M3hml1 ci";

async fn no_demo() -> TestApp {
    TestApp::spawn_with(|c| c.demo = false).await
}

/// Imports a key pair named `name`; answers its ID.
pub async fn import(client: &Client, name: &str) -> String {
    let v = call(
        client,
        VM_2023,
        "ImportKeyPair",
        json!({"keyName": name, "publicKey": ED25519}),
    )
    .await
    .unwrap();
    v["keyId"].as_str().unwrap().to_owned()
}

async fn listed(client: &Client, body: Value) -> Value {
    call(client, VM_2023, "DescribeKeyPairs", body)
        .await
        .unwrap()
}

fn ids(listing: &Value) -> Vec<String> {
    listing["dataSet"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["keyId"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_key_pair_is_imported_listed_described_and_deleted() {
    let app = no_demo().await;
    let (_, client, _) = app.account("10.00").await;
    let both = format!("{ED25519}\n{RSA}");
    let v = call(
        &client,
        VM_2023,
        "ImportKeyPair",
        json!({"keyName": "ci_key-1", "publicKey": both, "keyDescription": "runners"}),
    )
    .await
    .unwrap();
    let id = v["keyId"].as_str().unwrap().to_owned();
    assert!(id.starts_with("key-") && id.len() == 12, "{id}");
    let other = import(&client, "laptop").await;

    let all = listed(&client, json!({})).await;
    assert_eq!(all["totalCount"], 2);
    let mine = listed(&client, json!({"keyName": "_key"})).await;
    assert_eq!(ids(&mine), [id.as_str()]);
    let pair = &mine["dataSet"][0];
    assert_eq!(pair["keyName"], "ci_key-1");
    assert_eq!(pair["publicKey"], both.as_str());
    assert_eq!(pair["keyDescription"], "runners");
    assert_eq!(pair["createTime"], "2026-01-01T00:00:00Z");
    let laptop = listed(&client, json!({"keyIds": [other.clone()]})).await;
    assert_eq!(laptop["dataSet"][0]["keyDescription"], "");

    call(
        &client,
        VM_2023,
        "ModifyKeyPairAttribute",
        json!({"keyId": other, "keyDescription": "home"}),
    )
    .await
    .unwrap();
    let laptop = listed(&client, json!({"keyIds": [other.clone()]})).await;
    assert_eq!(laptop["dataSet"][0]["keyDescription"], "home");
    assert_eq!(laptop["dataSet"][0]["keyName"], "laptop");

    call(
        &client,
        VM_2023,
        "DeleteKeyPairs",
        json!({"keyIds": [id, other]}),
    )
    .await
    .unwrap();
    assert_eq!(listed(&client, json!({})).await["totalCount"], 0);
}

/// D-104, D-170.
#[tokio::test]
async fn vm_2026_has_no_key_pair_actions() {
    let app = no_demo().await;
    let (_, client, _) = app.account("10.00").await;
    for (action, body) in [
        (
            "ImportKeyPair",
            json!({"keyName": "k1", "publicKey": ED25519}),
        ),
        ("DescribeKeyPairs", json!({})),
        ("ModifyKeyPairAttribute", json!({"keyId": "key-x"})),
        ("DeleteKeyPairs", json!({"keyIds": ["key-x"]})),
    ] {
        assert_api_error(
            call(&client, VM_2026, action, body).await,
            404,
            "INVALID_ACTION_NOT_FOUND",
        );
    }
    assert_eq!(listed(&client, json!({})).await["totalCount"], 0);
}

/// D-170, D-171: each bad value with its code, and nothing imported.
#[tokio::test]
async fn import_rejects_each_bad_value_with_its_code() {
    let app = no_demo().await;
    let (_, client, _) = app.account("10.00").await;
    import(&client, "taken").await;
    let rsa_blob = RSA.split(' ').nth(1).unwrap();
    let six = [ED25519; 6].join("\n");
    let cases = [
        (
            json!({"keyName": "a", "publicKey": ED25519}),
            400,
            "INVALID_KEY_NAME_MALFORMED",
        ),
        (
            json!({"keyName": "my key", "publicKey": ED25519}),
            400,
            "INVALID_KEY_NAME_MALFORMED",
        ),
        (
            json!({"keyName": "k1", "publicKey": format!("ssh-ed25519 {rsa_blob}")}),
            400,
            "INVALID_PUBLIC_KEY_MALFORMED",
        ),
        (
            json!({"keyName": "k1", "publicKey": six}),
            400,
            "INVALID_PUBLIC_KEY_MALFORMED",
        ),
        (
            json!({"keyName": "k1", "publicKey": "  "}),
            400,
            "INVALID_PUBLIC_KEY_MALFORMED",
        ),
        (
            json!({"keyName": "k1", "publicKey": ED25519, "keyDescription": "d".repeat(256)}),
            400,
            "INVALID_PARAMETER",
        ),
        (
            json!({"keyName": "taken", "publicKey": ED25519}),
            409,
            "INVALID_KEY_PAIR_NAME_EXIST",
        ),
        (json!({"keyName": "k1"}), 400, "MISSING_PARAMETER"),
    ];
    for (body, status, code) in cases {
        assert_api_error(
            call(&client, VM_2023, "ImportKeyPair", body).await,
            status,
            code,
        );
    }
    assert_eq!(listed(&client, json!({})).await["totalCount"], 1);
}

/// D-170: 100 key pairs per account.
#[tokio::test]
async fn an_account_holds_at_most_100_key_pairs() {
    let app = no_demo().await;
    let (_, client, _) = app.account("10.00").await;
    for n in 0..100 {
        import(&client, &format!("k{n}")).await;
    }
    assert_api_error(
        call(
            &client,
            VM_2023,
            "ImportKeyPair",
            json!({"keyName": "one-more", "publicKey": ED25519}),
        )
        .await,
        400,
        "INVALID_KEY_PAIR_EXCEED_LIMIT",
    );
    let page = listed(&client, json!({"pageSize": 30, "pageNum": 4})).await;
    assert_eq!(page["totalCount"], 100);
    assert_eq!(page["dataSet"].as_array().unwrap().len(), 10);
}

/// D-6, D-170, D-172: another account's key pair is missing for every action, and a
/// delete naming one deletes nothing.
#[tokio::test]
async fn another_accounts_key_pairs_are_not_found() {
    let app = no_demo().await;
    let (_, alice, _) = app.account("10.00").await;
    let (_, bob, _) = app.account("10.00").await;
    let hers = import(&alice, "shared-name").await;
    // The same name in another account is no conflict.
    let his = import(&bob, "shared-name").await;

    assert_eq!(ids(&listed(&bob, json!({})).await), [his.as_str()]);
    assert_eq!(
        listed(&bob, json!({"keyIds": [hers.clone()]})).await["totalCount"],
        0
    );
    assert_api_error(
        call(
            &bob,
            VM_2023,
            "ModifyKeyPairAttribute",
            json!({"keyId": hers, "keyDescription": "mine now"}),
        )
        .await,
        404,
        "INVALID_KEY_PAIR_NOT_FOUND",
    );
    assert_api_error(
        call(
            &bob,
            VM_2023,
            "DeleteKeyPairs",
            json!({"keyIds": [his.clone(), hers.clone()]}),
        )
        .await,
        404,
        "INVALID_KEY_PAIR_NOT_FOUND",
    );
    assert_eq!(ids(&listed(&bob, json!({})).await), [his]);
    let untouched = listed(&alice, json!({})).await;
    assert_eq!(ids(&untouched), [hers]);
    assert_eq!(untouched["dataSet"][0]["keyDescription"], "");
}

/// D-31, D-110: of simultaneous imports of one name exactly one wins.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn of_simultaneous_imports_of_one_name_exactly_one_wins() {
    let app = no_demo().await;
    let (_, client, _) = app.account("10.00").await;
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            call(
                &client,
                VM_2023,
                "ImportKeyPair",
                json!({"keyName": "race", "publicKey": ED25519}),
            )
            .await
        }));
    }
    let mut won = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => won += 1,
            Err(e) => assert_api_error::<()>(Err(e), 409, "INVALID_KEY_PAIR_NAME_EXIST"),
        }
    }
    assert_eq!(won, 1);
    assert_eq!(listed(&client, json!({})).await["totalCount"], 1);
}

fn vm_body(extra: Value) -> Value {
    let mut body = json!({
        "zoneId": "asia-east-1a",
        "instanceType": "c.1c2g",
        "imageId": "ubuntu_22_04_x64",
        "instanceChargeType": "PREPAID",
        "instanceChargePrepaid": {"period": 1},
        "internetChargeType": "ByBandwidth",
        "internetMaxBandwidthOut": 3,
    });
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    body
}

/// D-172: `keyId` names one of the caller's key pairs, in both versions; otherwise 404 and
/// nothing is bought. A key pair in use may be deleted; the instance keeps its `keyId`.
#[tokio::test]
async fn create_instances_installs_only_a_key_pair_of_the_caller() {
    let app = no_demo().await;
    let (_, alice, _) = app.account("500.00").await;
    let (_, bob, _) = app.account("500.00").await;
    let key = import(&alice, "deploy").await;
    let bobs = import(&bob, "deploy").await;
    for version in [VM_2023, VM_2026] {
        let created = call(
            &alice,
            version,
            "CreateInstances",
            vm_body(json!({"keyId": key})),
        )
        .await
        .unwrap();
        let id = created["instanceIdSet"][0].as_str().unwrap();
        let v = call(&alice, version, "DescribeInstances", json!({"keyId": key}))
            .await
            .unwrap();
        assert!(ids_of_instances(&v).contains(&id.to_owned()), "{v}");
        let before = balance(&alice).await;
        for wrong in [bobs.as_str(), "key-00000000"] {
            assert_api_error(
                call(
                    &alice,
                    version,
                    "CreateInstances",
                    vm_body(json!({"keyId": wrong})),
                )
                .await,
                404,
                "INVALID_KEY_PAIR_NOT_FOUND",
            );
        }
        assert_eq!(balance(&alice).await, before);
    }
    call(
        &alice,
        VM_2023,
        "DeleteKeyPairs",
        json!({"keyIds": [key.clone()]}),
    )
    .await
    .unwrap();
    let v = call(&alice, VM_2026, "DescribeInstances", json!({"keyId": key}))
        .await
        .unwrap();
    assert_eq!(v["totalCount"], 2);
    assert_eq!(v["dataSet"][0]["keyId"], key.as_str());
    assert_api_error(
        call(
            &alice,
            VM_2026,
            "CreateInstances",
            vm_body(json!({"keyId": key})),
        )
        .await,
        404,
        "INVALID_KEY_PAIR_NOT_FOUND",
    );
}

fn ids_of_instances(listing: &Value) -> Vec<String> {
    listing["dataSet"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["instanceId"].as_str().unwrap().to_owned())
        .collect()
}
