//! The testing tools of zenlocal's control plane (`/_zenlocal/`): fault rules, the
//! request journal and snapshots, as the README's "Testing tools" describes them. Bodies
//! and answers are the control plane's JSON.

use crate::client::{failure, Client};
use crate::Error;
use serde_json::Value;

/// The control plane of the server a [`Client`] talks to: `client.control()`.
///
/// ```no_run
/// # async fn run(client: zenlocal_client::Client) -> Result<(), zenlocal_client::Error> {
/// use serde_json::json;
/// let control = client.control();
/// control.save_snapshot("baseline").await?;
/// control
///     .add_fault(&json!({"service": "zbc", "action": "*",
///                        "code": "SERVICE_TEMPORARY_UNAVAILABLE", "count": 1}))
///     .await?;
/// let failed = control.requests(&[("code", "SERVICE_TEMPORARY_UNAVAILABLE")]).await?;
/// control.restore_snapshot("baseline").await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Control<'c> {
    client: &'c Client,
    admin_token: Option<String>,
}

impl<'c> Control<'c> {
    pub(crate) fn new(client: &'c Client) -> Control<'c> {
        Control {
            client,
            admin_token: None,
        }
    }

    /// Sends `Authorization: Bearer <token>`, for a server started with `--admin-token`.
    pub fn admin_token(mut self, token: impl Into<String>) -> Control<'c> {
        self.admin_token = Some(token.into());
        self
    }

    async fn request(
        &self,
        method: reqwest::Method,
        path: &str,
        query: &[(&str, &str)],
        body: Option<&Value>,
    ) -> Result<Value, Error> {
        let url = format!(
            "{}/_zenlocal/{path}",
            self.client.endpoint.trim_end_matches('/')
        );
        let mut request = self.client.http.request(method, url).query(query);
        if let Some(token) = &self.admin_token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        let answer = request.send().await?;
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

    fn list(mut answer: Value, field: &str) -> Vec<Value> {
        match answer.get_mut(field).map(Value::take) {
            Some(Value::Array(items)) => items,
            _ => Vec::new(),
        }
    }

    /// Adds a fault rule (`{"service", "action", "code"|"latencyMs"|"drop", "count"?, …}`,
    /// `{"kind": "renewalFails", "instanceId"}` or `{"kind": "provisioningFails",
    /// "accountId", "service"}`); answers it with its `faultId`.
    pub async fn add_fault(&self, rule: &Value) -> Result<Value, Error> {
        self.request(reqwest::Method::POST, "faults", &[], Some(rule))
            .await
    }

    /// The fault rules in force.
    pub async fn faults(&self) -> Result<Vec<Value>, Error> {
        let answer = self
            .request(reqwest::Method::GET, "faults", &[], None)
            .await?;
        Ok(Self::list(answer, "faults"))
    }

    pub async fn delete_fault(&self, fault_id: &str) -> Result<(), Error> {
        let path = format!("faults/{}", segment(fault_id));
        self.request(reqwest::Method::DELETE, &path, &[], None)
            .await
            .map(drop)
    }

    /// Journaled API calls, newest first; `query` filters by `action`, `accountId`,
    /// `code`, `since` (a `seq`) and `limit`.
    pub async fn requests(&self, query: &[(&str, &str)]) -> Result<Vec<Value>, Error> {
        let answer = self
            .request(reqwest::Method::GET, "requests", query, None)
            .await?;
        Ok(Self::list(answer, "requests"))
    }

    /// Saves the whole state as `name` (replacing a snapshot of that name).
    pub async fn save_snapshot(&self, name: &str) -> Result<Value, Error> {
        let body = serde_json::json!({ "name": name });
        self.request(reqwest::Method::POST, "snapshots", &[], Some(&body))
            .await
    }

    pub async fn snapshots(&self) -> Result<Vec<Value>, Error> {
        let answer = self
            .request(reqwest::Method::GET, "snapshots", &[], None)
            .await?;
        Ok(Self::list(answer, "snapshots"))
    }

    /// Brings snapshot `name` back; answers `{name, createdAt, now, mode}`.
    pub async fn restore_snapshot(&self, name: &str) -> Result<Value, Error> {
        let path = format!("snapshots/{}/restore", segment(name));
        self.request(reqwest::Method::POST, &path, &[], None).await
    }

    pub async fn delete_snapshot(&self, name: &str) -> Result<(), Error> {
        let path = format!("snapshots/{}", segment(name));
        self.request(reqwest::Method::DELETE, &path, &[], None)
            .await
            .map(drop)
    }
}

/// A name as one path segment: anything that could change the route is percent-encoded.
fn segment(name: &str) -> String {
    name.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-') {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
