//! Clients that send slowly, or hold connections open, take nobody's place (D-111): heads
//! and bodies have deadlines, idle keep-alive connections are closed, only requests read
//! and authenticated count as in flight, and large bodies being received are bounded in
//! memory. The assertions are on answers, never on timings.

use crate::helpers::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Opens a connection and writes `bytes`, leaving it open.
async fn open_with(app: &TestApp, bytes: &[u8]) -> TcpStream {
    let mut stream = TcpStream::connect(app.addr()).await.unwrap();
    stream.write_all(bytes).await.unwrap();
    stream.flush().await.unwrap();
    stream
}

/// A request head with `Expect: 100-continue`: the server says `100 Continue` once it is
/// reading the body, which is when the old server had counted the request as in flight.
fn head_expecting(app: &TestApp, content_length: usize) -> String {
    format!(
        "POST /api/v2/bmc HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n\
         X-ZC-Action: DescribeZones\r\nContent-Length: {content_length}\r\n\
         Expect: 100-continue\r\n\r\n",
        app.addr()
    )
}

/// Reads until the answer's head is in, or the connection closes; answers what came.
async fn read_head(stream: &mut TcpStream) -> String {
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    while !got.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => got.extend_from_slice(&buf[..n]),
        }
    }
    String::from_utf8_lossy(&got).into_owned()
}

/// Reads a whole answer up to the connection's end; answers the status and the body.
async fn read_answer(stream: &mut TcpStream) -> (u16, serde_json::Value) {
    let mut got = Vec::new();
    let _ = stream.read_to_end(&mut got).await;
    let text = String::from_utf8_lossy(&got);
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no answer: {text:?}"));
    let body = text.split("\r\n\r\n").nth(1).unwrap_or_default();
    (status, serde_json::from_str(body).unwrap_or_default())
}

/// The answer to `raw` given before its body is read: the request is sent with
/// `Expect: 100-continue` and its body held back, so a refusal arrives whole whatever the
/// timing (a body being sent when the server refuses it may be cut off with the answer).
async fn answer_before_body(app: &TestApp, raw: Raw) -> (u16, serde_json::Value) {
    let mut head = format!(
        "{} {} HTTP/1.1\r\nHost: {}\r\n",
        raw.method,
        raw.path,
        app.addr()
    );
    for (name, value) in &raw.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n",
        raw.body.len()
    ));
    let mut stream = open_with(app, head.as_bytes()).await;
    let answer = tokio::time::timeout(std::time::Duration::from_secs(30), read_answer(&mut stream));
    answer.await.expect("the server answers without the body")
}

/// Whether the server has closed the connection (a read ends without an answer).
async fn closed_without_answer(stream: &mut TcpStream) -> bool {
    let mut buf = [0u8; 64];
    matches!(stream.read(&mut buf).await, Ok(0) | Err(_))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_heads_slow_bodies_and_idle_connections_lock_nobody_out() {
    // Far fewer slots than slow connections: before, each slow body held one.
    let app = TestApp::spawn_with(|c| c.max_in_flight = 16).await;
    let mut held = Vec::new();
    for _ in 0..300 {
        // Slowloris: a head that never ends.
        let head = format!("POST /api/v2/bmc HTTP/1.1\r\nHost: {}\r\nX-ZC-", app.addr());
        held.push(open_with(&app, head.as_bytes()).await);
    }
    for _ in 0..2000 {
        // Nothing at all: the issue's 2,000 idle connections.
        held.push(open_with(&app, b"").await);
    }
    for _ in 0..300 {
        // A body that stops 10 bytes into 1000, after the server began reading it.
        let mut stream = open_with(&app, head_expecting(&app, 1000).as_bytes()).await;
        let answer = read_head(&mut stream).await;
        assert!(answer.starts_with("HTTP/1.1 100"), "{answer}");
        stream.write_all(br#"{"pad": ""#).await.unwrap();
        held.push(stream);
    }
    for (service, action) in [
        ("bmc", "DescribeZones"),
        ("zbc", "DescribeCustomerBalance"),
        ("vm", "DescribeInstances"),
    ] {
        let a = app.send(app.signed(service, action, "{}")).await;
        assert_eq!(a.status, 200, "{service} {action}: {}", a.body);
    }
    let (status, v) = app.control_get("/clock").await;
    assert_eq!(status, 200, "{v}");
    drop(held);
}

#[tokio::test]
async fn a_body_that_does_not_arrive_in_time_is_408() {
    let app = TestApp::spawn_with(|c| c.body_timeout = std::time::Duration::from_secs(1)).await;
    let mut stream = open_with(&app, head_expecting(&app, 100).as_bytes()).await;
    assert!(read_head(&mut stream).await.starts_with("HTTP/1.1 100"));
    stream.write_all(br#"{"pad": ""#).await.unwrap();
    let (status, body) = read_answer(&mut stream).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (408, Some("REQUEST_TIMEOUT")),
        "{body}"
    );
    assert!(body["requestId"].as_str().unwrap().starts_with('T'));
    // The control plane reads its bodies the same way.
    let head = format!(
        "POST /_zenlocal/clock/advance HTTP/1.1\r\nHost: {}\r\nContent-Length: 100\r\n\r\n{{",
        app.addr()
    );
    let mut stream = open_with(&app, head.as_bytes()).await;
    let (status, body) = read_answer(&mut stream).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (408, Some("REQUEST_TIMEOUT")),
        "{body}"
    );
}

#[tokio::test]
async fn a_head_that_does_not_arrive_in_time_and_an_idle_connection_are_closed() {
    let app = TestApp::spawn_with(|c| c.header_timeout = std::time::Duration::from_secs(1)).await;
    let head = format!("POST /api/v2/bmc HTTP/1.1\r\nHost: {}\r\n", app.addr());
    let mut slow = open_with(&app, head.as_bytes()).await;
    assert!(closed_without_answer(&mut slow).await);
    // A keep-alive connection: one answer, then idle until closed.
    let request = format!(
        "GET /_zenlocal/health HTTP/1.1\r\nHost: {}\r\n\r\n",
        app.addr()
    );
    let mut idle = open_with(&app, request.as_bytes()).await;
    let answer = read_head(&mut idle).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let mut rest = vec![0u8; 4096];
    let mut closed = false;
    for _ in 0..10 {
        match idle.read(&mut rest).await {
            Ok(0) | Err(_) => {
                closed = true;
                break;
            }
            // The rest of the first answer's body.
            Ok(_) => continue,
        }
    }
    assert!(closed, "the idle keep-alive connection stays open");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn large_bodies_being_received_are_bounded_in_memory() {
    const MIB: usize = 1024 * 1024;
    let app = TestApp::spawn_with(|c| {
        c.max_body_bytes = MIB;
        c.max_body_memory = 2 * MIB;
    })
    .await;
    // Two half-sent 1 MiB bodies take the whole budget...
    let mut held = Vec::new();
    for _ in 0..2 {
        let mut stream = open_with(&app, head_expecting(&app, MIB).as_bytes()).await;
        assert!(read_head(&mut stream).await.starts_with("HTTP/1.1 100"));
        stream.write_all(&vec![b' '; MIB / 2]).await.unwrap();
        held.push(stream);
    }
    // ...so a third is answered at once, its body unread,
    let mut third = open_with(&app, head_expecting(&app, MIB).as_bytes()).await;
    let answer = read_head(&mut third).await;
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    assert!(answer.contains("x-zc-request-id"), "{answer}");
    // while small requests, all the API's are, go through.
    let a = app.send(app.signed("bmc", "DescribeZones", "{}")).await;
    assert_eq!(a.status, 200, "{}", a.body);
    let big = format!(r#"{{"pad": "{}"}}"#, "x".repeat(MIB / 2));
    let (status, body) = answer_before_body(&app, app.signed("bmc", "DescribeZones", &big)).await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["code"], "SERVICE_TEMPORARY_UNAVAILABLE", "{body}");
    // Once they go, so does their hold on the budget.
    drop(held);
    until(
        "the budget is free again once the slow bodies are gone",
        || async {
            // Refused bodies are not read: the server may cut the connection while one is
            // being sent.
            let sent = app.try_send(app.signed("bmc", "DescribeZones", &big)).await;
            sent.is_ok_and(|a| a.status == 200).then_some(())
        },
    )
    .await;
}
