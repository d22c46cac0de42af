//! The transport: endpoint, signing, one HTTP round trip, and the rate-limit retry loop.

use crate::credential::{Credential, ENV_ENDPOINT};
use crate::Error;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use zenlocal_wire::control::{Advanced, TestClockList, TestClockView};
use zenlocal_wire::envelope::ErrorBody;
use zenlocal_wire::sign;
use zenlocal_wire::{Service, Version};

/// The real cloud.
pub const DEFAULT_ENDPOINT: &str = "https://console.zenlayer.com";
/// What the official Python and Go SDKs send and sign.
pub const DEFAULT_CONTENT_TYPE: &str = "application/json";
/// How long one HTTP attempt may take unless [`ClientBuilder::timeout`] says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// Retries on `REQUEST_LIMIT_EXCEEDED` / HTTP 429, as every official SDK does
/// (ZENLAYER-API.md §3.2): wait `base_delay × 2^i` before retry `i`, re-signing each
/// attempt so its timestamp is fresh. The default is 3 retries from 1 s: 1, 2, 4 s.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt; 0 disables retrying.
    pub max_retries: u32,
    pub base_delay: Duration,
}

impl RetryPolicy {
    /// No retries: a rate-limited call fails at once.
    pub const NONE: RetryPolicy = RetryPolicy {
        max_retries: 0,
        base_delay: Duration::ZERO,
    };

    pub fn new(max_retries: u32, base_delay: Duration) -> RetryPolicy {
        RetryPolicy {
            max_retries,
            base_delay,
        }
    }

    /// The wait before retry `retry` (0-based): `base_delay × 2^retry`.
    pub fn delay(&self, retry: u32) -> Duration {
        self.base_delay
            .saturating_mul(2u32.saturating_pow(retry.min(31)))
    }
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy::new(3, Duration::from_secs(1))
    }
}

/// One signed HTTP request, ready to send or to show.
#[derive(Debug, Clone)]
pub struct SignedRequest {
    pub url: String,
    /// Lower-case names. `host` is not listed: the HTTP stack sends the endpoint's host,
    /// which is the value signed.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl SignedRequest {
    /// The value of header `name` (lower-case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Configures a [`Client`]; start with [`Client::builder`] or [`ClientBuilder::from_env`].
///
/// ```
/// use std::time::Duration;
/// use zenlocal_client::{Client, Credential};
///
/// let client = Client::builder()
///     .endpoint("http://127.0.0.1:8080")
///     .credential(Credential::access_key("zenlocal-demo", "zenlocal-demo-secret"))
///     .timeout(Duration::from_secs(10))
///     .retries(5)
///     .backoff(Duration::from_millis(200))
///     .build()?;
/// assert_eq!(client.host(), "127.0.0.1:8080");
/// # Ok::<(), zenlocal_client::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    endpoint: String,
    credential: Option<Credential>,
    timeout: Duration,
    connect_timeout: Option<Duration>,
    retry: RetryPolicy,
    content_type: String,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            endpoint: DEFAULT_ENDPOINT.to_owned(),
            credential: None,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: None,
            retry: RetryPolicy::default(),
            content_type: DEFAULT_CONTENT_TYPE.to_owned(),
        }
    }
}

impl ClientBuilder {
    /// A builder from the process environment; see [`ClientBuilder::from_lookup`].
    pub fn from_env() -> Result<ClientBuilder, Error> {
        ClientBuilder::from_lookup(|name| std::env::var(name).ok())
    }

    /// A builder whose credential comes from [`Credential::from_lookup`] and whose
    /// endpoint is `ZENLAYER_ENDPOINT` when set (else [`DEFAULT_ENDPOINT`]).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<ClientBuilder, Error> {
        let credential = Credential::from_lookup(&lookup)?;
        let mut builder = ClientBuilder::default().credential(credential);
        if let Some(endpoint) = lookup(ENV_ENDPOINT).filter(|e| !e.trim().is_empty()) {
            builder = builder.endpoint(endpoint);
        }
        Ok(builder)
    }

    /// `https://console.zenlayer.com` (the default), `http://127.0.0.1:8080`, or a bare
    /// domain (`console.zenlayer.com`), which means HTTPS. No path: every call goes to
    /// `/api/v2/<service>`.
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> ClientBuilder {
        self.endpoint = endpoint.into();
        self
    }

    pub fn credential(mut self, credential: Credential) -> ClientBuilder {
        self.credential = Some(credential);
        self
    }

    /// The limit on one HTTP attempt, connecting included (default 60 s). A call that
    /// retries may take longer in all.
    pub fn timeout(mut self, timeout: Duration) -> ClientBuilder {
        self.timeout = timeout;
        self
    }

    /// The limit on opening a connection (default: only [`ClientBuilder::timeout`]).
    pub fn connect_timeout(mut self, timeout: Duration) -> ClientBuilder {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Retries on `REQUEST_LIMIT_EXCEEDED` (default 3; 0 disables).
    pub fn retries(mut self, max_retries: u32) -> ClientBuilder {
        self.retry.max_retries = max_retries;
        self
    }

    /// The wait before the first retry, doubled for each next one (default 1 s).
    pub fn backoff(mut self, base_delay: Duration) -> ClientBuilder {
        self.retry.base_delay = base_delay;
        self
    }

    pub fn retry_policy(mut self, policy: RetryPolicy) -> ClientBuilder {
        self.retry = policy;
        self
    }

    /// The `Content-Type` sent and signed: `application/json` (default, as the Python and
    /// Go SDKs) or `application/json; charset=utf-8` (as the Java SDK and the docs).
    pub fn content_type(mut self, content_type: impl Into<String>) -> ClientBuilder {
        self.content_type = content_type.into();
        self
    }

    pub fn build(self) -> Result<Client, Error> {
        let credential = self.credential.ok_or_else(|| {
            Error::Credential(
                "no credential: call .credential(..) or start from ClientBuilder::from_env()"
                    .into(),
            )
        })?;
        let (endpoint, host) = parse_endpoint(&self.endpoint)?;
        let mut http = reqwest::Client::builder()
            .timeout(self.timeout)
            .user_agent(concat!("zenlocal-client/", env!("CARGO_PKG_VERSION")));
        if let Some(connect) = self.connect_timeout {
            http = http.connect_timeout(connect);
        }
        let api_urls = Service::ALL
            .iter()
            .map(|&service| reqwest::Url::parse(&api_url(&endpoint, service)))
            .collect::<Result<_, _>>()
            .map_err(|_| Error::Endpoint(self.endpoint.clone()))?;
        Ok(Client {
            http: http.build()?,
            endpoint,
            api_urls,
            host,
            credential,
            content_type: self.content_type,
            retry: self.retry,
        })
    }
}

/// Where a service's actions are posted.
fn api_url(endpoint: &str, service: Service) -> String {
    format!("{endpoint}/api/v2/{}", service.name())
}

/// `(base URL, Host value)`. The host is what the HTTP stack will send — default ports
/// dropped, as hyper does — because that is the value the server verifies.
fn parse_endpoint(endpoint: &str) -> Result<(String, String), Error> {
    let invalid = || Error::Endpoint(endpoint.to_owned());
    let trimmed = endpoint.trim();
    let full = if trimmed.contains("://") {
        trimmed.to_owned()
    } else {
        format!("https://{trimmed}")
    };
    let url = reqwest::Url::parse(&full).map_err(|_| invalid())?;
    let plain = matches!(url.scheme(), "http" | "https")
        && url.path() == "/"
        && url.query().is_none()
        && url.fragment().is_none()
        && url.username().is_empty()
        && url.password().is_none();
    let name = url
        .host_str()
        .filter(|h| plain && !h.is_empty())
        .ok_or_else(invalid)?;
    let host = match url.port() {
        Some(port) => format!("{name}:{port}"),
        None => name.to_owned(),
    };
    Ok((format!("{}://{host}", url.scheme()), host))
}

/// A client of the bmc, vm and zbc services; cheap to clone (one connection pool).
///
/// Typed calls go through the service handles ([`Client::bmc`], [`Client::vm`],
/// [`Client::zbc`] and the older versions); [`Client::call`] and [`Client::execute`]
/// reach any action by name, and [`Client::sign`] / [`Client::send`] split a call into
/// its two halves for tools that want to look at or tamper with the request.
#[derive(Debug, Clone)]
pub struct Client {
    pub(crate) http: reqwest::Client,
    pub(crate) endpoint: String,
    /// Each service's [`api_url`], parsed once: parsing it for every request cost more
    /// than signing the request.
    api_urls: Vec<reqwest::Url>,
    host: String,
    credential: Credential,
    content_type: String,
    retry: RetryPolicy,
}

impl Client {
    /// A client for `endpoint` (`https://console.zenlayer.com`, `http://127.0.0.1:8080`)
    /// with the default timeout and retries.
    pub fn new(endpoint: &str, credential: Credential) -> Result<Client, Error> {
        Client::builder()
            .endpoint(endpoint)
            .credential(credential)
            .build()
    }

    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client configured from the environment: `ZENLAYER_ACCESS_KEY_ID` +
    /// `ZENLAYER_ACCESS_KEY_SECRET` or `ZENLAYER_ACCESS_TOKEN`, and `ZENLAYER_ENDPOINT`.
    pub fn from_env() -> Result<Client, Error> {
        ClientBuilder::from_env()?.build()
    }

    /// The base URL, e.g. `https://console.zenlayer.com`.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The `Host` value signed and sent, e.g. `127.0.0.1:8080`.
    pub fn host(&self) -> &str {
        &self.host
    }

    pub fn retry_policy(&self) -> RetryPolicy {
        self.retry
    }

    /// Builds the signed request for `action` with a JSON `body`, at the current time.
    pub fn sign(&self, version: Version, action: &str, body: Vec<u8>) -> SignedRequest {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        self.sign_at(version, action, body, now)
    }

    /// Builds the signed request with `X-ZC-Timestamp` pinned to `timestamp` (Unix
    /// seconds): for test vectors and for showing what a request would look like.
    ///
    /// ```
    /// use zenlocal_client::{Client, Credential, Version};
    ///
    /// // ZENLAYER-API.md §12.1, the Python SDK's own request.
    /// let client = Client::new(
    ///     "https://console.zenlayer.com",
    ///     Credential::access_key("ZLTESTAKID0000000001", "ZlTestPassword-DoNotUse-0001"),
    /// )?;
    /// let body = br#"{"instanceId": "1234567890123456789", "trafficPackageSize": 1.5}"#;
    /// let request = client.sign_at(
    ///     Version::Bmc20260201,
    ///     "ModifyInstanceTrafficPackage",
    ///     body.to_vec(),
    ///     1_735_689_600,
    /// );
    /// assert_eq!(
    ///     request.header("authorization"),
    ///     Some("ZC2-HMAC-SHA256 Credential=ZLTESTAKID0000000001, SignedHeaders=content-type;host, \
    ///           Signature=d4e4ee3de440ef450ebfb70740d7689b3a7dab62881ff28e9ccaaa77be9671ef")
    /// );
    /// # Ok::<(), zenlocal_client::Error>(())
    /// ```
    pub fn sign_at(
        &self,
        version: Version,
        action: &str,
        body: Vec<u8>,
        timestamp: u64,
    ) -> SignedRequest {
        let service = version.service();
        let mut headers = vec![
            ("content-type".to_owned(), self.content_type.clone()),
            ("x-zc-service".to_owned(), service.name().to_owned()),
            ("x-zc-version".to_owned(), version.name().to_owned()),
            ("x-zc-action".to_owned(), action.to_owned()),
            ("x-zc-sdk-lang".to_owned(), "Rust".to_owned()),
            (
                "x-zc-sdk-version".to_owned(),
                env!("CARGO_PKG_VERSION").to_owned(),
            ),
        ];
        match &self.credential {
            Credential::Token(token) => {
                headers.push(("authorization".to_owned(), format!("Bearer {token}")));
            }
            Credential::AccessKey { id, password } => {
                let timestamp = timestamp.to_string();
                let signature =
                    sign::sign(password, &timestamp, &self.content_type, &self.host, &body);
                headers.push((
                    "x-zc-signature-method".to_owned(),
                    sign::ALGORITHM.to_owned(),
                ));
                headers.push(("x-zc-timestamp".to_owned(), timestamp));
                headers.push((
                    "authorization".to_owned(),
                    sign::authorization_header(id, sign::DEFAULT_SIGNED_HEADERS, &signature),
                ));
            }
        }
        SignedRequest {
            url: api_url(&self.endpoint, service),
            headers,
            body,
        }
    }

    /// Sends a signed request once (no retry) and returns the `response` object of the
    /// answer, `requestId` included.
    pub async fn send(&self, request: SignedRequest) -> Result<serde_json::Value, Error> {
        let parsed = self.api_urls.iter().find(|u| u.as_str() == request.url);
        let mut builder = match parsed {
            Some(url) => self.http.post(url.clone()),
            None => self.http.post(&request.url),
        }
        .body(request.body);
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        let mut value = answer_json(builder.send().await?).await?;
        let status = 200;
        value
            .get_mut("response")
            .map(serde_json::Value::take)
            .filter(serde_json::Value::is_object)
            .ok_or_else(|| Error::Decode {
                status,
                message: "the answer has no `response` object".into(),
            })
    }

    /// The control plane's testing tools: faults, the request journal, snapshots.
    pub fn control(&self) -> crate::Control<'_> {
        crate::Control::new(self)
    }

    /// Calls `action` with a raw JSON body: signs, sends, and on `REQUEST_LIMIT_EXCEEDED`
    /// waits and tries again, re-signed, as the [`RetryPolicy`] says. Answers the
    /// `response` object.
    pub async fn execute(
        &self,
        version: Version,
        action: &str,
        body: Vec<u8>,
    ) -> Result<serde_json::Value, Error> {
        let mut retry = 0;
        loop {
            let request = self.sign(version, action, body.clone());
            match self.send(request).await {
                Err(e) if e.is_rate_limited() && retry < self.retry.max_retries => {
                    tokio::time::sleep(self.retry.delay(retry)).await;
                    retry += 1;
                }
                answer => return answer,
            }
        }
    }

    /// Calls `action` with a typed request and decodes the typed answer, retrying on
    /// rate limiting like [`Client::execute`].
    pub async fn call<Req: Serialize, Resp: DeserializeOwned>(
        &self,
        version: Version,
        action: &str,
        request: &Req,
    ) -> Result<Resp, Error> {
        let body = serde_json::to_vec(request).map_err(|e| Error::Decode {
            status: 0,
            message: e.to_string(),
        })?;
        let value = self.execute(version, action, body).await?;
        serde_json::from_value(value).map_err(|e| Error::Decode {
            status: 200,
            message: format!("{action}: {e}"),
        })
    }
}

/// The JSON of a 200 answer; any other status is the error its body describes.
async fn answer_json(answer: reqwest::Response) -> Result<serde_json::Value, Error> {
    let status = answer.status().as_u16();
    let bytes = answer.bytes().await?;
    if status != 200 {
        return Err(failure(status, &bytes));
    }
    serde_json::from_slice(&bytes).map_err(|e| Error::Decode {
        status,
        message: e.to_string(),
    })
}

/// zenlocal's control plane (README "The control plane"), for tests that drive a
/// simulation from Rust. It answers the admin token (`--admin-token`), or loopback peers
/// when the server has none.
impl Client {
    /// Records an instance's public traffic at the simulated now, or sets its steady
    /// outbound rate (`POST /_zenlocal/instances/{id}/traffic`); answers the billing
    /// period's usage.
    pub async fn record_traffic(
        &self,
        instance_id: &str,
        record: &zenlocal_wire::control::TrafficRecord,
        admin_token: Option<&str>,
    ) -> Result<zenlocal_wire::control::TrafficUsage, Error> {
        let url = format!(
            "{}/_zenlocal/instances/{instance_id}/traffic",
            self.endpoint
        );
        self.control_call(self.http.post(&url).json(record), admin_token)
            .await
    }

    /// Sends a control-plane request and decodes its answer.
    async fn control_call<T: DeserializeOwned>(
        &self,
        mut builder: reqwest::RequestBuilder,
        admin_token: Option<&str>,
    ) -> Result<T, Error> {
        if let Some(token) = admin_token {
            builder = builder.bearer_auth(token);
        }
        let value = answer_json(builder.send().await?).await?;
        serde_json::from_value(value).map_err(|e| Error::Decode {
            status: 200,
            message: e.to_string(),
        })
    }

    /// Makes a test clock standing at `frozen_time` (RFC 3339; `None`: the global clock's
    /// now), `POST /_zenlocal/clocks` (docs/decisions.md D-181).
    pub async fn create_test_clock(
        &self,
        name: &str,
        frozen_time: Option<&str>,
        admin_token: Option<&str>,
    ) -> Result<TestClockView, Error> {
        let url = format!("{}/_zenlocal/clocks", self.endpoint);
        let body = serde_json::json!({"name": name, "frozenTime": frozen_time});
        self.control_call(self.http.post(&url).json(&body), admin_token)
            .await
    }

    /// Every test clock, oldest first (`GET /_zenlocal/clocks`).
    pub async fn test_clocks(
        &self,
        admin_token: Option<&str>,
    ) -> Result<Vec<TestClockView>, Error> {
        let url = format!("{}/_zenlocal/clocks", self.endpoint);
        let list: TestClockList = self.control_call(self.http.get(&url), admin_token).await?;
        Ok(list.clocks)
    }

    /// Advances a test clock by `seconds`, applying its accounts' events due on the way
    /// (`POST /_zenlocal/clocks/{id}/advance`, D-183).
    pub async fn advance_test_clock(
        &self,
        clock_id: &str,
        seconds: i64,
        admin_token: Option<&str>,
    ) -> Result<Advanced, Error> {
        let url = format!("{}/_zenlocal/clocks/{clock_id}/advance", self.endpoint);
        let body = serde_json::json!({"seconds": seconds});
        self.control_call(self.http.post(&url).json(&body), admin_token)
            .await
    }

    /// Builds a fixture's accounts through the API, each on a test clock of its own
    /// (`POST /_zenlocal/fixtures`, docs/decisions.md D-184); answers
    /// `{"accounts": [{"accountId", "accessKeyId", "accessKeyPassword", "token", "clockId",
    /// "instanceIds"}]}`.
    pub async fn load_fixtures(
        &self,
        fixture: &serde_json::Value,
        admin_token: Option<&str>,
    ) -> Result<serde_json::Value, Error> {
        let url = format!("{}/_zenlocal/fixtures", self.endpoint);
        self.control_call(self.http.post(&url).json(fixture), admin_token)
            .await
    }

    /// Every account, or the one named, written as a fixture that [`Client::load_fixtures`]
    /// builds again (`GET /_zenlocal/fixtures`, docs/decisions.md D-198); answers
    /// `{"fixture": {"accounts": [...]}, "notWritten": [...]}`.
    pub async fn dump_fixtures(
        &self,
        account_id: Option<&str>,
        admin_token: Option<&str>,
    ) -> Result<serde_json::Value, Error> {
        let url = format!("{}/_zenlocal/fixtures", self.endpoint);
        let query: Vec<(&str, &str)> = account_id.map(|id| ("accountId", id)).into_iter().collect();
        self.control_call(self.http.get(&url).query(&query), admin_token)
            .await
    }

    /// Deletes a test clock with its accounts and all they own (D-182).
    pub async fn delete_test_clock(
        &self,
        clock_id: &str,
        admin_token: Option<&str>,
    ) -> Result<(), Error> {
        let url = format!("{}/_zenlocal/clocks/{clock_id}", self.endpoint);
        let _: serde_json::Value = self
            .control_call(self.http.delete(&url), admin_token)
            .await?;
        Ok(())
    }
}

/// The error an answer other than 200 carries: the API's error body, or what came instead.
pub(crate) fn failure(status: u16, bytes: &[u8]) -> Error {
    match serde_json::from_slice::<ErrorBody>(bytes) {
        Ok(e) => Error::Api {
            status,
            code: e.code,
            message: e.message,
            request_id: e.request_id,
        },
        Err(_) => Error::Decode {
            status,
            message: String::from_utf8_lossy(bytes).into_owned(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_normalise_to_what_the_http_stack_sends() {
        for (given, base, host) in [
            (
                "https://console.zenlayer.com",
                "https://console.zenlayer.com",
                "console.zenlayer.com",
            ),
            (
                "console.zenlayer.com",
                "https://console.zenlayer.com",
                "console.zenlayer.com",
            ),
            (
                "https://console.zenlayer.com:443/",
                "https://console.zenlayer.com",
                "console.zenlayer.com",
            ),
            (
                "http://127.0.0.1:8080/",
                "http://127.0.0.1:8080",
                "127.0.0.1:8080",
            ),
            ("http://localhost:80", "http://localhost", "localhost"),
            ("http://[::1]:9000", "http://[::1]:9000", "[::1]:9000"),
        ] {
            assert_eq!(
                parse_endpoint(given).unwrap(),
                (base.to_owned(), host.to_owned()),
                "{given}"
            );
        }
    }

    #[test]
    fn endpoints_with_paths_or_other_schemes_are_refused() {
        for bad in [
            "",
            "http://",
            "ftp://example.com",
            "http://example.com/api/v2/bmc",
            "http://example.com?x=1",
            "http://user:pw@example.com",
        ] {
            assert!(
                matches!(parse_endpoint(bad), Err(Error::Endpoint(_))),
                "{bad:?} accepted"
            );
        }
    }

    #[test]
    fn backoff_doubles_from_the_base() {
        let policy = RetryPolicy::default();
        let waits: Vec<Duration> = (0..3).map(|i| policy.delay(i)).collect();
        assert_eq!(
            waits,
            [1, 2, 4].map(Duration::from_secs).to_vec(),
            "the official SDKs' 1, 2, 4 s"
        );
        let fast = RetryPolicy::new(2, Duration::from_millis(50));
        assert_eq!(fast.delay(1), Duration::from_millis(100));
        assert!(
            fast.delay(u32::MAX) >= fast.delay(31),
            "saturates, never panics"
        );
    }

    #[test]
    fn a_builder_without_a_credential_is_refused() {
        assert!(matches!(
            Client::builder().build(),
            Err(Error::Credential(_))
        ));
    }

    #[test]
    fn every_signed_request_finds_its_url_parsed() {
        for endpoint in ["http://127.0.0.1:8080", "HTTPS://Console.Zenlayer.com:443/"] {
            let client = Client::new(endpoint, Credential::token("tok")).unwrap();
            for service in Service::ALL {
                let request = client.sign(service.newest(), "DescribeZones", b"{}".to_vec());
                assert!(
                    client.api_urls.iter().any(|u| u.as_str() == request.url),
                    "{} is parsed again for every request",
                    request.url
                );
            }
        }
    }

    #[test]
    fn a_token_request_has_no_signature_headers() {
        let client = Client::new("http://127.0.0.1:1", Credential::token("tok")).unwrap();
        let request = client.sign(Version::Vm20230313, "DescribeZones", b"{}".to_vec());
        assert_eq!(request.url, "http://127.0.0.1:1/api/v2/vm");
        assert_eq!(request.header("authorization"), Some("Bearer tok"));
        assert_eq!(request.header("x-zc-version"), Some("2023-03-13"));
        assert_eq!(request.header("x-zc-service"), Some("vm"));
        assert_eq!(request.header("x-zc-action"), Some("DescribeZones"));
        assert_eq!(request.header("x-zc-timestamp"), None);
        assert_eq!(request.header("x-zc-signature-method"), None);
    }
}
