//! The real server in-process: on port 0, on a temporary store, its clock frozen at
//! [`START`]; and the requests and assertions the API tests make of it.

use crate::TestDb;
use reqwest::header::HeaderMap;
use serde_json::Value;
use std::future::Future;
use zenlocal_client::{Client, Credential};
use zenlocal_core::clock::ClockRequest;
use zenlocal_core::demo::Demo;
use zenlocal_core::Timestamp;
use zenlocal_server::{Config, Server};
use zenlocal_wire::{sign, Version};

/// 2026-01-01T00:00:00Z, where every test's frozen clock starts.
pub const START: Timestamp = Timestamp(1_767_225_600);

pub struct TestApp {
    pub server: Option<Server>,
    pub db: TestDb,
    pub http: reqwest::Client,
    pub config: Config,
}

pub fn base_config(db: &TestDb) -> Config {
    Config {
        listen: "127.0.0.1:0".into(),
        database: db.url(),
        clock: ClockRequest::Frozen(Some(START)),
        ..Config::default()
    }
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        TestApp::spawn_with(|_| {}).await
    }

    /// A server with no demo account whose instances are ready at once, what a test that
    /// opens its own accounts starts from, with `tweak` applied after.
    pub async fn spawn_bare(tweak: impl FnOnce(&mut Config)) -> TestApp {
        TestApp::spawn_with(|c| {
            c.demo = false;
            c.timings.provisioning = 0;
            tweak(c);
        })
        .await
    }

    /// A server with `tweak` applied to its configuration, on the store the suite runs on
    /// ([`TestDb::chosen`]).
    pub async fn spawn_with(tweak: impl FnOnce(&mut Config)) -> TestApp {
        TestApp::spawn_on(TestDb::chosen(), tweak).await
    }

    /// A server on a given store.
    pub async fn spawn_on(db: TestDb, tweak: impl FnOnce(&mut Config)) -> TestApp {
        let mut config = base_config(&db);
        tweak(&mut config);
        let server = zenlocal_server::start(config.clone()).await.unwrap();
        TestApp {
            server: Some(server),
            db,
            http: reqwest::Client::new(),
            config,
        }
    }

    /// Stops the server and starts another on the same store, with `tweak` applied.
    pub async fn restart_with(&mut self, tweak: impl FnOnce(&mut Config)) {
        self.server.take().unwrap().shutdown().await;
        tweak(&mut self.config);
        self.server = Some(zenlocal_server::start(self.config.clone()).await.unwrap());
    }

    pub fn addr(&self) -> String {
        self.server.as_ref().unwrap().addr().to_string()
    }

    pub fn base(&self) -> String {
        format!("http://{}", self.addr())
    }

    pub fn client(&self, credential: Credential) -> Client {
        Client::new(&self.base(), credential).unwrap()
    }

    pub fn demo(&self) -> Client {
        let demo = &Demo::builtin().account;
        self.client(Credential::access_key(
            &demo.access_key_id,
            &demo.access_key_password,
        ))
    }

    pub async fn control_get(&self, path: &str) -> (u16, Value) {
        let r = self
            .http
            .get(format!("{}/_zenlocal{path}", self.base()))
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.json().await.unwrap())
    }

    pub async fn control_post(&self, path: &str, body: Value) -> (u16, Value) {
        let r = self
            .http
            .post(format!("{}/_zenlocal{path}", self.base()))
            .json(&body)
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.json().await.unwrap())
    }

    /// A new account with `balance`; answers (accountId, access-key client, token).
    pub async fn account(&self, balance: &str) -> (String, Client, String) {
        let (status, v) = self
            .control_post(
                "/accounts",
                serde_json::json!({"name": "tester", "balance": balance}),
            )
            .await;
        assert_eq!(status, 200, "{v}");
        let client = self.client(Credential::access_key(
            v["accessKeyId"].as_str().unwrap(),
            v["accessKeyPassword"].as_str().unwrap(),
        ));
        (
            v["accountId"].as_str().unwrap().to_owned(),
            client,
            v["token"].as_str().unwrap().to_owned(),
        )
    }

    /// A correctly signed raw request by the demo account, to be broken by a test.
    pub fn signed(&self, service: &str, action: &str, body: &str) -> Raw {
        let demo = &Demo::builtin().account;
        self.signed_by(
            &demo.access_key_id,
            &demo.access_key_password,
            service,
            action,
            body,
        )
    }

    /// A signed raw request with the given access key.
    pub fn signed_by(
        &self,
        key_id: &str,
        password: &str,
        service: &str,
        action: &str,
        body: &str,
    ) -> Raw {
        let timestamp = zenlocal_server::real_now().seconds().to_string();
        let host = self.addr();
        let signature = sign::sign(
            password,
            &timestamp,
            "application/json",
            &host,
            body.as_bytes(),
        );
        Raw {
            method: reqwest::Method::POST,
            path: format!("/api/v2/{service}"),
            headers: vec![
                ("content-type".into(), "application/json".into()),
                ("host".into(), host),
                ("x-zc-action".into(), action.into()),
                ("x-zc-signature-method".into(), sign::ALGORITHM.into()),
                ("x-zc-timestamp".into(), timestamp),
                (
                    "authorization".into(),
                    sign::authorization_header(key_id, sign::DEFAULT_SIGNED_HEADERS, &signature),
                ),
            ],
            body: body.as_bytes().to_vec(),
        }
    }

    pub async fn send(&self, raw: Raw) -> Answer {
        self.try_send(raw).await.unwrap()
    }

    /// Sends `raw`; a connection the server cuts is an error, not a panic.
    pub async fn try_send(&self, raw: Raw) -> Result<Answer, reqwest::Error> {
        let mut builder = self
            .http
            .request(raw.method, format!("{}{}", self.base(), raw.path))
            .body(raw.body);
        for (name, value) in raw.headers {
            builder = builder.header(name, value);
        }
        let r = builder.send().await?;
        let status = r.status().as_u16();
        let headers = r.headers().clone();
        let bytes = r.bytes().await?;
        let body = serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&bytes)));
        Ok(Answer {
            status,
            headers,
            body,
        })
    }
}

pub struct Raw {
    pub method: reqwest::Method,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Raw {
    pub fn set(mut self, name: &str, value: &str) -> Raw {
        self.headers.retain(|(n, _)| n != name);
        self.headers.push((name.into(), value.into()));
        self
    }

    pub fn remove(mut self, name: &str) -> Raw {
        self.headers.retain(|(n, _)| n != name);
        self
    }
}

pub struct Answer {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Answer {
    /// Asserts an error answer: status, code, and the three envelope fields (D-2).
    #[track_caller]
    pub fn assert_error(&self, status: u16, code: &str) {
        assert_eq!(self.status, status, "{}", self.body);
        assert_eq!(self.body["code"], code, "{}", self.body);
        let rid = self.body["requestId"].as_str().expect("requestId");
        assert!(rid.starts_with('T'));
        assert!(self.body["message"].as_str().is_some_and(|m| !m.is_empty()));
        assert_eq!(self.headers["x-zc-request-id"], rid);
        assert!(self.body.get("response").is_none());
    }
}

/// Asserts that an API call failed with `code` and `status`.
#[track_caller]
pub fn assert_api_error<T: std::fmt::Debug>(
    result: Result<T, zenlocal_client::Error>,
    status: u16,
    code: &str,
) {
    match result {
        Err(zenlocal_client::Error::Api {
            status: s,
            code: c,
            request_id,
            message,
        }) => {
            assert_eq!((s, c.as_str()), (status, code), "{message}");
            assert!(request_id.starts_with('T'));
        }
        other => panic!("expected {code}, got {other:?}"),
    }
}

/// Calls `action` with a JSON body through the client and answers the `response` object.
pub fn call<'a>(
    client: &'a Client,
    version: Version,
    action: &'a str,
    body: Value,
) -> impl Future<Output = Result<Value, zenlocal_client::Error>> + 'a {
    let bytes = serde_json::to_vec(&body).unwrap();
    client.send(client.sign(version, action, bytes))
}

/// The caller's cash balance (zbc DescribeCustomerBalance).
pub async fn balance(client: &Client) -> f64 {
    call(
        client,
        Version::Zbc20240809,
        "DescribeCustomerBalance",
        serde_json::json!({}),
    )
    .await
    .unwrap()["cashBalance"]
        .as_f64()
        .unwrap()
}

/// Advances the simulated clock through the control plane; answers its reply.
pub async fn advance(app: &TestApp, seconds: i64) -> Value {
    let (status, v) = app
        .control_post("/clock/advance", serde_json::json!({"seconds": seconds}))
        .await;
    assert_eq!(status, 200, "{v}");
    v
}
