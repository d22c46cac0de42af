//! A Rust client for the Zenlayer Cloud API 2.0 services zenlocal implements (bmc, vm,
//! zbc), built on the `zenlocal-wire` types so that client and server cannot drift. It
//! signs with ZC2-HMAC-SHA256 or sends a Bearer token, and works against zenlocal or the
//! real cloud.
//!
//! ```no_run
//! # async fn demo() -> Result<(), zenlocal_client::Error> {
//! use zenlocal_client::{Client, Credential};
//! use zenlocal_wire::model::bmc::DescribeZonesRequest;
//! use zenlocal_wire::Version;
//!
//! let client = Client::new(
//!     "http://127.0.0.1:8080",
//!     Credential::access_key("zenlocal-demo", "zenlocal-demo-secret"),
//! )?;
//! let zones: zenlocal_wire::model::bmc::DescribeZonesResponse = client
//!     .call(Version::Bmc20260201, "DescribeZones", &DescribeZonesRequest::default())
//!     .await?;
//! println!("{} zones", zones.zone_set.len());
//! # Ok(()) }
//! ```

use serde::de::DeserializeOwned;
use serde::Serialize;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use zenlocal_wire::envelope::ErrorBody;
use zenlocal_wire::sign;
use zenlocal_wire::Version;

/// The real cloud.
pub const DEFAULT_ENDPOINT: &str = "https://console.zenlayer.com";

#[derive(Debug, Clone)]
pub enum Credential {
    AccessKey { id: String, password: String },
    Token(String),
}

impl Credential {
    pub fn access_key(id: impl Into<String>, password: impl Into<String>) -> Credential {
        Credential::AccessKey {
            id: id.into(),
            password: password.into(),
        }
    }

    pub fn token(token: impl Into<String>) -> Credential {
        Credential::Token(token.into())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The service answered with an error.
    #[error("{code} (HTTP {status}): {message} [requestId {request_id}]")]
    Api {
        status: u16,
        code: String,
        message: String,
        request_id: String,
    },
    /// The request did not get an answer.
    #[error("network error: {0}")]
    Network(#[from] reqwest::Error),
    /// An answer that is not the documented shape.
    #[error("unexpected answer (HTTP {status}): {message}")]
    Decode { status: u16, message: String },
    #[error("invalid endpoint `{0}`")]
    Endpoint(String),
}

impl Error {
    /// The API error code, when the service answered with one.
    pub fn code(&self) -> Option<&str> {
        match self {
            Error::Api { code, .. } => Some(code),
            _ => None,
        }
    }
}

/// One signed HTTP request, ready to send or to show.
#[derive(Debug, Clone)]
pub struct SignedRequest {
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    endpoint: String,
    host: String,
    credential: Credential,
}

impl Client {
    /// A client for `endpoint` (`https://console.zenlayer.com`, `http://127.0.0.1:8080`).
    pub fn new(endpoint: &str, credential: Credential) -> Result<Client, Error> {
        let endpoint = endpoint.trim_end_matches('/').to_owned();
        let host = endpoint
            .strip_prefix("http://")
            .or_else(|| endpoint.strip_prefix("https://"))
            .filter(|h| !h.is_empty() && !h.contains('/'))
            .ok_or_else(|| Error::Endpoint(endpoint.clone()))?
            .to_owned();
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()?;
        Ok(Client {
            http,
            endpoint,
            host,
            credential,
        })
    }

    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// Builds the signed request for `action` with a JSON `body`, at the current time.
    pub fn sign(&self, version: Version, action: &str, body: Vec<u8>) -> SignedRequest {
        let service = version.service().name();
        let content_type = "application/json";
        let mut headers = vec![
            ("content-type".to_owned(), content_type.to_owned()),
            ("x-zc-service".to_owned(), service.to_owned()),
            ("x-zc-version".to_owned(), version.name().to_owned()),
            ("x-zc-action".to_owned(), action.to_owned()),
        ];
        match &self.credential {
            Credential::Token(token) => {
                headers.push(("authorization".to_owned(), format!("Bearer {token}")));
            }
            Credential::AccessKey { id, password } => {
                let timestamp = SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .map(|d| d.as_secs())
                    .unwrap_or(0)
                    .to_string();
                let signature = sign::sign(password, &timestamp, content_type, &self.host, &body);
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
            url: format!("{}/api/v2/{service}", self.endpoint),
            headers,
            body,
        }
    }

    /// Sends a signed request and returns the `response` object of the answer.
    pub async fn send(&self, request: SignedRequest) -> Result<serde_json::Value, Error> {
        let mut builder = self.http.post(&request.url).body(request.body);
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        let answer = builder.send().await?;
        let status = answer.status().as_u16();
        let bytes = answer.bytes().await?;
        if status != 200 {
            return Err(match serde_json::from_slice::<ErrorBody>(&bytes) {
                Ok(e) => Error::Api {
                    status,
                    code: e.code,
                    message: e.message,
                    request_id: e.request_id,
                },
                Err(_) => Error::Decode {
                    status,
                    message: String::from_utf8_lossy(&bytes).into_owned(),
                },
            });
        }
        let mut value: serde_json::Value =
            serde_json::from_slice(&bytes).map_err(|e| Error::Decode {
                status,
                message: e.to_string(),
            })?;
        value
            .get_mut("response")
            .map(serde_json::Value::take)
            .ok_or_else(|| Error::Decode {
                status,
                message: "the answer has no `response`".into(),
            })
    }

    /// Calls `action` with a typed request and decodes the typed answer.
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
        let value = self.send(self.sign(version, action, body)).await?;
        serde_json::from_value(value).map_err(|e| Error::Decode {
            status: 200,
            message: e.to_string(),
        })
    }
}
