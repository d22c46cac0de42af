//! The request journal (D-186): the last `--journal-size` API calls, newest first, for
//! people who want to see what their code sent. The request path only hands the call's
//! outline to a bounded channel (`try_send`, never waiting); a task of its own redacts the
//! body (D-187) and keeps the ring. A call that finds the channel full is counted in
//! `zenlocal_journal_dropped_total` and not journaled, so a journal that falls behind never
//! slows the API.

use bytes::Bytes;
use serde::Serialize;
use serde_json::Value;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use tokio::sync::{mpsc, oneshot};
use zenlocal_core::Timestamp;

/// Calls waiting to be journaled at most; past that they are dropped (and counted).
const QUEUE: usize = 8192;

/// What the request path knows of one call once it is answered.
pub struct Call {
    pub request_id: String,
    pub real: OffsetDateTime,
    pub simulated: Timestamp,
    pub account_id: Option<String>,
    pub service: &'static str,
    pub action: &'static str,
    pub version: Option<&'static str>,
    pub status: u16,
    pub code: &'static str,
    pub latency: Duration,
    pub body: Bytes,
    /// The kind of fault injected into this call, if one was (D-185).
    pub injected: Option<&'static str>,
}

/// One journaled call, as `GET /_zenlocal/requests` shows it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    /// Numbers calls in the order they were journaled: `since` of the next poll (D-186).
    pub seq: u64,
    pub request_id: String,
    /// The real time the call was answered (RFC 3339, milliseconds).
    pub time: String,
    /// The simulated time as this server saw it then (D-28).
    pub simulated_time: String,
    pub account_id: Option<String>,
    pub service: &'static str,
    pub action: &'static str,
    pub version: Option<&'static str>,
    pub status: u16,
    pub code: &'static str,
    pub latency_ms: f64,
    /// The request body with its secrets replaced by `"***"` (D-187).
    pub body: Value,
    pub injected: bool,
    /// The fault's kind when `injected` (`code`, `latency`, `drop`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fault: Option<&'static str>,
}

/// Which entries a query wants.
#[derive(Debug, Default)]
pub struct Filter {
    pub action: Option<String>,
    pub account_id: Option<String>,
    pub code: Option<String>,
    /// Only entries after this `seq`.
    pub since: Option<u64>,
    pub limit: Option<usize>,
}

enum Message {
    Call(Box<Call>),
    /// Answered once every call sent before it is in the ring.
    Flush(oneshot::Sender<()>),
}

pub struct Journal {
    /// `None` when `--journal-size 0` turned the journal off.
    sender: Option<mpsc::Sender<Message>>,
    ring: Arc<Mutex<Ring>>,
}

struct Ring {
    capacity: usize,
    next_seq: u64,
    entries: VecDeque<Entry>,
}

impl Journal {
    /// A journal keeping the last `capacity` calls (0: none, and nothing is sent to it).
    /// Starts its task on the current runtime.
    pub fn start(capacity: usize) -> Journal {
        let ring = Arc::new(Mutex::new(Ring {
            capacity,
            next_seq: 1,
            entries: VecDeque::with_capacity(capacity.min(QUEUE)),
        }));
        if capacity == 0 {
            return Journal { sender: None, ring };
        }
        let (sender, receiver) = mpsc::channel(QUEUE);
        tokio::spawn(keep(receiver, ring.clone()));
        Journal {
            sender: Some(sender),
            ring,
        }
    }

    pub fn enabled(&self) -> bool {
        self.sender.is_some()
    }

    /// Hands a call over without waiting (D-186).
    pub fn record(&self, call: Call) {
        if let Some(sender) = &self.sender {
            if sender.try_send(Message::Call(Box::new(call))).is_err() {
                ::metrics::counter!("zenlocal_journal_dropped_total").increment(1);
            }
        }
    }

    /// The entries `filter` asks for, newest first, once every call answered before this
    /// query is in the ring.
    pub async fn query(&self, filter: &Filter) -> Vec<Entry> {
        if let Some(sender) = &self.sender {
            let (done, flushed) = oneshot::channel();
            if sender.send(Message::Flush(done)).await.is_ok() {
                let _ = flushed.await;
            }
        }
        let ring = self.ring.lock().unwrap_or_else(|p| p.into_inner());
        ring.entries
            .iter()
            .rev()
            .take_while(|e| filter.since.is_none_or(|since| e.seq > since))
            .filter(|e| filter.action.as_deref().is_none_or(|a| e.action == a))
            .filter(|e| {
                filter
                    .account_id
                    .as_deref()
                    .is_none_or(|a| e.account_id.as_deref() == Some(a))
            })
            .filter(|e| filter.code.as_deref().is_none_or(|c| e.code == c))
            .take(filter.limit.unwrap_or(usize::MAX))
            .cloned()
            .collect()
    }
}

async fn keep(mut receiver: mpsc::Receiver<Message>, ring: Arc<Mutex<Ring>>) {
    while let Some(message) = receiver.recv().await {
        match message {
            Message::Call(call) => {
                let body = redact_body(&call.body);
                let mut ring = ring.lock().unwrap_or_else(|p| p.into_inner());
                let seq = ring.next_seq;
                ring.next_seq += 1;
                if ring.entries.len() == ring.capacity {
                    ring.entries.pop_front();
                }
                ring.entries.push_back(entry(seq, *call, body));
            }
            Message::Flush(done) => {
                let _ = done.send(());
            }
        }
    }
}

fn entry(seq: u64, call: Call, body: Value) -> Entry {
    Entry {
        seq,
        request_id: call.request_id,
        time: call
            .real
            .replace_nanosecond(call.real.millisecond() as u32 * 1_000_000)
            .ok()
            .and_then(|t| t.format(&Rfc3339).ok())
            .unwrap_or_default(),
        simulated_time: call.simulated.to_string(),
        account_id: call.account_id,
        service: call.service,
        action: call.action,
        version: call.version,
        status: call.status,
        code: call.code,
        latency_ms: (call.latency.as_secs_f64() * 1_000_000.0).round() / 1_000.0,
        body,
        injected: call.injected.is_some(),
        fault: call.injected,
    }
}

/// What stands for a secret in the journal.
pub const REDACTED: &str = "***";

/// Whether a field's value is a secret (D-187): its name, without case, contains one of
/// these. Headers are never journaled, so `Authorization` and `X-ZC-Signature` never are.
fn is_secret(field: &str) -> bool {
    const SECRET: &[&str] = &[
        "password",
        "passwd",
        "secret",
        "token",
        "signature",
        "authorization",
        "credential",
        "privatekey",
        "private_key",
        "userdata",
    ];
    let field = field.to_ascii_lowercase();
    SECRET.iter().any(|s| field.contains(s))
}

/// The body as JSON with every secret field's value replaced, at any depth; a body that is
/// not JSON is not kept, only its size (it could hold anything).
pub fn redact_body(body: &[u8]) -> Value {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Value::Null;
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(mut value) => {
            redact(&mut value);
            value
        }
        Err(_) => Value::String(format!("(not JSON, {} bytes, not kept)", body.len())),
    }
}

fn redact(value: &mut Value) {
    match value {
        Value::Object(fields) => {
            for (name, field) in fields.iter_mut() {
                if is_secret(name) && !field.is_null() {
                    *field = Value::String(REDACTED.into());
                } else {
                    redact(field);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(redact),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn secrets_are_redacted_at_any_depth_d187() {
        let body = json!({
            "instanceName": "web",
            "password": "Passw0rd-x",
            "loginSettings": {"Password": "hunter2", "keyIds": ["key-1"]},
            "accessKeySecret": "s3cr3t",
            "items": [{"apiToken": "tok"}, {"name": "ok"}],
            "userData": "#!/bin/sh\necho root:pw | chpasswd",
            "keyId": "key-1",
            "publicKey": "ssh-ed25519 AAAA me",
            "nothing": null,
        });
        let redacted = redact_body(body.to_string().as_bytes());
        assert_eq!(
            redacted,
            json!({
                "instanceName": "web",
                "password": "***",
                "loginSettings": {"Password": "***", "keyIds": ["key-1"]},
                "accessKeySecret": "***",
                "items": [{"apiToken": "***"}, {"name": "ok"}],
                "userData": "***",
                "keyId": "key-1",
                "publicKey": "ssh-ed25519 AAAA me",
                "nothing": null,
            })
        );
        let text = redacted.to_string();
        for secret in ["Passw0rd-x", "hunter2", "s3cr3t", "tok\"", "chpasswd"] {
            assert!(!text.contains(secret), "{secret} kept in {text}");
        }
    }

    #[test]
    fn a_body_that_is_not_json_is_not_kept_d187() {
        assert_eq!(
            redact_body(b"password=hunter2"),
            json!("(not JSON, 16 bytes, not kept)")
        );
        assert_eq!(redact_body(b""), Value::Null);
    }

    fn call(n: u64, action: &'static str) -> Call {
        Call {
            request_id: format!("r{n}"),
            real: OffsetDateTime::UNIX_EPOCH,
            simulated: Timestamp(0),
            account_id: Some("a".into()),
            service: "bmc",
            action,
            version: Some("2026-02-01"),
            status: 200,
            code: "OK",
            latency: Duration::from_micros(1500),
            body: Bytes::from_static(b"{}"),
            injected: None,
        }
    }

    #[tokio::test]
    async fn the_ring_keeps_the_newest_and_answers_newest_first_d186() {
        let journal = Journal::start(3);
        for n in 1..=5 {
            journal.record(call(n, if n % 2 == 0 { "Even" } else { "Odd" }));
        }
        let all = journal.query(&Filter::default()).await;
        let ids: Vec<&str> = all.iter().map(|e| e.request_id.as_str()).collect();
        assert_eq!(ids, ["r5", "r4", "r3"]);
        assert_eq!(all[0].latency_ms, 1.5);
        let odd = journal
            .query(&Filter {
                action: Some("Odd".into()),
                ..Filter::default()
            })
            .await;
        assert_eq!(odd.len(), 2);
        let after = journal
            .query(&Filter {
                since: Some(4),
                ..Filter::default()
            })
            .await;
        assert_eq!(after.len(), 1);
        assert_eq!(after[0].seq, 5);
    }

    #[tokio::test]
    async fn size_zero_keeps_nothing_d186() {
        let journal = Journal::start(0);
        journal.record(call(1, "Any"));
        assert!(!journal.enabled());
        assert!(journal.query(&Filter::default()).await.is_empty());
    }
}
