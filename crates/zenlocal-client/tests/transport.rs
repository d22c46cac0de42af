//! The client against a scripted HTTP peer: signing vectors, the retry loop, timeouts,
//! and how each kind of failure surfaces. The real server is exercised by
//! `zenlocal-server`'s `tests/api/client.rs`.

use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use zenlocal_client::model::common::{InstanceIdRequest, TrafficPackageRequest};
use zenlocal_client::{Client, Credential, Error, RetryPolicy, Version};
use zenlocal_wire::sign;

const KEY_ID: &str = "ZLTESTAKID0000000001";
const PASSWORD: &str = "ZlTestPassword-DoNotUse-0001";

/// One request as the peer saw it.
#[derive(Debug, Clone)]
struct Seen {
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A peer answering each request with the next scripted `(status, body)`, the last one
/// repeated; `None` holds the connection open without answering.
struct Peer {
    endpoint: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

async fn peer(script: Vec<Option<(u16, &'static str)>>) -> Peer {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    tokio::spawn(async move {
        let mut n = 0;
        loop {
            let (stream, _) = listener.accept().await.unwrap();
            let answer = script[n.min(script.len() - 1)];
            n += 1;
            let log = log.clone();
            tokio::spawn(async move { serve_one(stream, answer, log).await });
        }
    });
    Peer { endpoint, seen }
}

async fn serve_one(
    mut stream: TcpStream,
    answer: Option<(u16, &'static str)>,
    log: Arc<Mutex<Vec<Seen>>>,
) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        let read = stream.read(&mut chunk).await.unwrap();
        if read == 0 {
            return;
        }
        buf.extend_from_slice(&chunk[..read]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let headers: Vec<(String, String)> = head
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    while buf.len() < head_end + length {
        let read = stream.read(&mut chunk).await.unwrap();
        if read == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..read]);
    }
    log.lock().unwrap().push(Seen {
        headers,
        body: buf[head_end..].to_vec(),
    });
    let Some((status, body)) = answer else {
        tokio::time::sleep(Duration::from_secs(30)).await;
        return;
    };
    let response = format!(
        "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(response.as_bytes()).await.unwrap();
    stream.shutdown().await.ok();
}

const LIMITED: &str = r#"{"requestId":"T1","code":"REQUEST_LIMIT_EXCEEDED","message":"slow down"}"#;
const ORDER: &str = r#"{"requestId":"T2","response":{"requestId":"T2","orderNumber":"N1"}}"#;

fn client(endpoint: &str, policy: RetryPolicy) -> Client {
    Client::builder()
        .endpoint(endpoint)
        .credential(Credential::access_key(KEY_ID, PASSWORD))
        .retry_policy(policy)
        .build()
        .unwrap()
}

fn package() -> TrafficPackageRequest {
    TrafficPackageRequest {
        instance_id: "1234567890123456789".into(),
        traffic_package_size: 1.5,
    }
}

#[test]
fn signature_vectors_12_1_and_12_2_through_the_client() {
    let client = Client::new(
        zenlocal_client::DEFAULT_ENDPOINT,
        Credential::access_key(KEY_ID, PASSWORD),
    )
    .unwrap();
    let r = client.sign_at(
        Version::Bmc20260201,
        "ModifyInstanceTrafficPackage",
        br#"{"instanceId": "1234567890123456789", "trafficPackageSize": 1.5}"#.to_vec(),
        1_735_689_600,
    );
    assert_eq!(r.url, "https://console.zenlayer.com/api/v2/bmc");
    assert_eq!(r.header("x-zc-timestamp"), Some("1735689600"));
    assert_eq!(r.header("x-zc-signature-method"), Some("ZC2-HMAC-SHA256"));
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(r.header("authorization"), Some("ZC2-HMAC-SHA256 Credential=ZLTESTAKID0000000001, SignedHeaders=content-type;host, Signature=d4e4ee3de440ef450ebfb70740d7689b3a7dab62881ff28e9ccaaa77be9671ef"));
    let r = client.sign_at(
        Version::Vm20260401,
        "ModifyInstanceBandwidth",
        br#"{"instanceId": "vm-instance-0001", "internetMaxBandwidthOut": 200}"#.to_vec(),
        1_735_689_600,
    );
    assert_eq!(r.url, "https://console.zenlayer.com/api/v2/vm");
    assert!(r
        .header("authorization")
        .unwrap()
        .ends_with("Signature=69ba9a104808629d485129a09387f4a06b6af16819c3fa7cd1e8b839281cd418"));
}

#[test]
fn signature_vector_12_3_with_the_java_content_type() {
    let client = Client::builder()
        .credential(Credential::access_key(
            "0D9UtpyKYcHxms5v",
            "Gu5t9xGARNpq86cd98joQYCN3",
        ))
        .content_type("application/json; charset=utf-8")
        .build()
        .unwrap();
    let r = client.sign_at(
        Version::Bmc20221120,
        "DescribeInstances",
        br#"{"pageSize":10,"pageNum":1,"zoneId":"HKG-A"}"#.to_vec(),
        1_673_361_177,
    );
    assert_eq!(
        r.header("content-type"),
        Some("application/json; charset=utf-8")
    );
    assert_eq!(r.header("authorization"), Some("ZC2-HMAC-SHA256 Credential=0D9UtpyKYcHxms5v, SignedHeaders=content-type;host, Signature=efb356c32e55c781e10dc676da59462c22596d82e91c57803666243379555b2f"));
}

#[tokio::test]
async fn the_wire_sees_the_signed_host_and_body() {
    let peer = peer(vec![Some((200, ORDER))]).await;
    let c = client(&peer.endpoint, RetryPolicy::NONE);
    let answer = c
        .bmc()
        .modify_instance_traffic_package(&package())
        .await
        .unwrap();
    assert_eq!(answer.order_number.as_deref(), Some("N1"));
    let seen = peer.seen.lock().unwrap()[0].clone();
    assert_eq!(
        seen.header("x-zc-action"),
        Some("ModifyInstanceTrafficPackage")
    );
    assert_eq!(seen.header("x-zc-version"), Some("2026-02-01"));
    assert_eq!(seen.header("host"), Some(c.host()));
    // The server's own check: rebuild the canonical request from what arrived.
    let canonical = sign::canonical_request(
        &[
            ("content-type", seen.header("content-type").unwrap()),
            ("host", seen.header("host").unwrap()),
        ],
        &seen.body,
    );
    let signature = seen
        .header("authorization")
        .unwrap()
        .rsplit("Signature=")
        .next()
        .unwrap()
        .to_owned();
    assert!(sign::verify(
        PASSWORD,
        seen.header("x-zc-timestamp").unwrap(),
        &canonical,
        &signature
    ));
    assert_eq!(
        seen.body,
        br#"{"instanceId":"1234567890123456789","trafficPackageSize":1.5}"#
    );
}

#[tokio::test]
async fn rate_limited_calls_are_retried_with_doubling_waits_and_fresh_signatures() {
    let peer = peer(vec![
        Some((429, LIMITED)),
        Some((429, LIMITED)),
        Some((429, LIMITED)),
        Some((200, ORDER)),
    ])
    .await;
    // 0.6 + 1.2 s between the first and third attempts: their timestamps must differ.
    let c = client(
        &peer.endpoint,
        RetryPolicy::new(3, Duration::from_millis(600)),
    );
    let started = std::time::Instant::now();
    let answer = c.bmc().modify_instance_traffic_package(&package()).await;
    assert_eq!(answer.unwrap().order_number.as_deref(), Some("N1"));
    assert!(started.elapsed() >= Duration::from_millis(600 + 1200 + 2400));
    let seen = peer.seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 4);
    let stamps: Vec<u64> = seen
        .iter()
        .map(|s| s.header("x-zc-timestamp").unwrap().parse().unwrap())
        .collect();
    assert!(stamps.windows(2).all(|w| w[0] <= w[1]), "{stamps:?}");
    assert!(stamps[3] > stamps[0], "re-signed each attempt: {stamps:?}");
    for s in &seen {
        let canonical = sign::canonical_request(
            &[
                ("content-type", "application/json"),
                ("host", s.header("host").unwrap()),
            ],
            &s.body,
        );
        let signature = s
            .header("authorization")
            .unwrap()
            .rsplit('=')
            .next()
            .unwrap();
        assert!(sign::verify(
            PASSWORD,
            s.header("x-zc-timestamp").unwrap(),
            &canonical,
            signature
        ));
    }
}

#[tokio::test]
async fn retries_stop_at_the_configured_count_and_zero_disables_them() {
    let peer = peer(vec![Some((429, LIMITED))]).await;
    let c = client(
        &peer.endpoint,
        RetryPolicy::new(2, Duration::from_millis(1)),
    );
    let err = c
        .bmc()
        .modify_instance_traffic_package(&package())
        .await
        .unwrap_err();
    assert!(err.is_rate_limited());
    assert_eq!(err.code(), Some("REQUEST_LIMIT_EXCEEDED"));
    assert_eq!(err.status(), Some(429));
    assert_eq!(err.request_id(), Some("T1"));
    assert_eq!(peer.seen.lock().unwrap().len(), 3);

    let peer2 = self::peer(vec![Some((429, LIMITED))]).await;
    let c = client(&peer2.endpoint, RetryPolicy::NONE);
    assert!(c
        .bmc()
        .modify_instance_traffic_package(&package())
        .await
        .unwrap_err()
        .is_rate_limited());
    assert_eq!(peer2.seen.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn a_bare_429_is_retried_and_other_errors_are_not() {
    let peer = peer(vec![Some((429, "too many")), Some((200, ORDER))]).await;
    let c = client(
        &peer.endpoint,
        RetryPolicy::new(1, Duration::from_millis(1)),
    );
    c.bmc()
        .modify_instance_traffic_package(&package())
        .await
        .unwrap();
    assert_eq!(peer.seen.lock().unwrap().len(), 2);

    let not_found =
        r#"{"requestId":"T9","code":"INVALID_INSTANCE_NOT_FOUND","message":"no such instance"}"#;
    let peer = self::peer(vec![Some((404, not_found)), Some((200, ORDER))]).await;
    let c = client(
        &peer.endpoint,
        RetryPolicy::new(3, Duration::from_millis(1)),
    );
    let err = c
        .vm()
        .describe_instance_internet_status(&InstanceIdRequest {
            instance_id: "x".into(),
        })
        .await
        .unwrap_err();
    match &err {
        Error::Api {
            status,
            code,
            message,
            request_id,
        } => {
            assert_eq!(*status, 404);
            assert_eq!(code, "INVALID_INSTANCE_NOT_FOUND");
            assert_eq!(message, "no such instance");
            assert_eq!(request_id, "T9");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        err.to_string(),
        "INVALID_INSTANCE_NOT_FOUND (HTTP 404): no such instance [requestId T9]"
    );
    assert_eq!(peer.seen.lock().unwrap().len(), 1, "not retried");
}

#[tokio::test]
async fn answers_that_are_not_the_documented_shape_are_decode_errors() {
    for (status, body) in [
        (502, "<html>bad gateway</html>"),
        (200, r#"{"requestId":"T3"}"#),
        (200, "not json"),
        (
            200,
            r#"{"requestId":"T4","response":{"requestId":"T4","orderNumber":7}}"#,
        ),
    ] {
        let peer = peer(vec![Some((status, body))]).await;
        let c = client(&peer.endpoint, RetryPolicy::NONE);
        let err = c
            .bmc()
            .modify_instance_traffic_package(&package())
            .await
            .unwrap_err();
        assert!(
            matches!(err, Error::Decode { status: s, .. } if s == status),
            "{body}: {err:?}"
        );
        assert_eq!(err.code(), None);
    }
}

#[tokio::test]
async fn a_silent_peer_times_out_as_a_network_error() {
    let peer = peer(vec![None]).await;
    let c = Client::builder()
        .endpoint(&peer.endpoint)
        .credential(Credential::token("tok"))
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let err = c
        .vm()
        .describe_instance_internet_status(&InstanceIdRequest {
            instance_id: "x".into(),
        })
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Network(_)), "{err:?}");
    assert!(err.is_timeout());
    assert!(!err.is_rate_limited());
    let seen = peer.seen.lock().unwrap()[0].clone();
    assert_eq!(seen.header("authorization"), Some("Bearer tok"));
    assert_eq!(seen.header("x-zc-timestamp"), None);
}

#[tokio::test]
async fn a_refused_connection_is_a_network_error_not_an_api_error() {
    let port = zenlocal_testkit::unused_port();
    let c = client(
        &format!("http://127.0.0.1:{port}"),
        RetryPolicy::new(3, Duration::from_millis(1)),
    );
    let err = c
        .bmc()
        .modify_instance_traffic_package(&package())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Network(_)), "{err:?}");
    assert_eq!(err.code(), None);
    assert_eq!(err.request_id(), None);
}

#[test]
fn a_client_from_the_environment_reads_endpoint_and_credential() {
    let env = |name: &str| {
        match name {
            "ZENLAYER_ACCESS_KEY_ID" => Some("AK"),
            "ZENLAYER_ACCESS_KEY_SECRET" => Some("secret"),
            "ZENLAYER_ENDPOINT" => Some("http://127.0.0.1:8080"),
            _ => None,
        }
        .map(str::to_owned)
    };
    let c = zenlocal_client::ClientBuilder::from_lookup(env)
        .unwrap()
        .retries(0)
        .build()
        .unwrap();
    assert_eq!(c.endpoint(), "http://127.0.0.1:8080");
    assert_eq!(c.retry_policy().max_retries, 0);
    let r = c.sign(
        Version::Zbc20240809,
        "DescribeCustomerBalance",
        b"{}".to_vec(),
    );
    assert!(r
        .header("authorization")
        .unwrap()
        .starts_with("ZC2-HMAC-SHA256 Credential=AK, "));
    // Without ZENLAYER_ENDPOINT: the real cloud.
    let c = zenlocal_client::ClientBuilder::from_lookup(|name: &str| {
        (name == "ZENLAYER_ACCESS_TOKEN").then(|| "tok".to_owned())
    })
    .unwrap()
    .build()
    .unwrap();
    assert_eq!(c.endpoint(), zenlocal_client::DEFAULT_ENDPOINT);
    assert!(matches!(
        zenlocal_client::ClientBuilder::from_lookup(|_: &str| None),
        Err(Error::Credential(_))
    ));
}
