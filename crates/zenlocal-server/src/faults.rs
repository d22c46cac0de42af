//! Request faults (D-185): rules that make matching API calls fail with a code of D-2 or
//! of the action's page, wait longer, or lose their connection. They live in this
//! server's memory — each replica has its own (D-188) — and are checked after a call is
//! authenticated and routed, so a call that fails on its own merits is never counted.

use serde::Serialize;
use serde_json::Value;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;
use zenlocal_core::{ApiError, Timestamp};
use zenlocal_wire::codes::{self, Code};
use zenlocal_wire::{Endpoint, Service};

/// What a rule does to a call it matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Answered with this code, its HTTP status and the API's error body.
    Code(Code),
    /// Handled as usual after this extra wait.
    Latency(Duration),
    /// The connection is closed without an answer.
    Drop,
}

impl Effect {
    /// The `kind` label of `zenlocal_faults_injected_total` and the journal's `fault`.
    pub fn kind(self) -> &'static str {
        match self {
            Effect::Code(_) => "code",
            Effect::Latency(_) => "latency",
            Effect::Drop => "drop",
        }
    }
}

/// A rule as given to `POST /_zenlocal/faults` (D-185).
#[derive(Debug, Clone)]
pub struct Spec {
    pub service: Service,
    /// `None`: every action of the service (`*`).
    pub action: Option<&'static str>,
    pub account_id: Option<String>,
    pub effect: Effect,
    pub count: Option<u64>,
    pub probability: Option<f64>,
    pub seed: Option<u64>,
    /// The window on the simulated clock: `from <= now < until` (D-185).
    pub from: Option<Timestamp>,
    pub until: Option<Timestamp>,
}

struct Rule {
    id: String,
    spec: Spec,
    /// Calls it may still fail, with `count`.
    remaining: Option<u64>,
    /// The state of its random sequence, with `probability` (D-185).
    random: u64,
    seed: u64,
    injected: u64,
}

/// The rule as listed.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Listed {
    pub fault_id: String,
    pub service: &'static str,
    pub action: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latency_ms: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub drop: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remaining: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub probability: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    pub injected: u64,
}

#[derive(Default)]
pub struct Faults {
    rules: Mutex<Vec<Rule>>,
    /// How many rules there are, read without the lock: no rule, no cost.
    len: AtomicUsize,
}

/// A call, as rules see it.
pub struct Call<'a> {
    pub service: Service,
    pub action: &'static str,
    pub account_id: &'a str,
}

impl Faults {
    pub fn add(&self, spec: Spec) -> Listed {
        let seed = spec.seed.unwrap_or_else(rand_seed);
        let rule = Rule {
            id: format!("flt-{:016x}", rand_seed()),
            remaining: spec.count,
            random: seed,
            seed,
            injected: 0,
            spec,
        };
        let listed = rule.listed();
        let mut rules = self.lock();
        rules.push(rule);
        self.len.store(rules.len(), Ordering::Release);
        listed
    }

    pub fn list(&self) -> Vec<Listed> {
        self.lock().iter().map(Rule::listed).collect()
    }

    /// Whether the rule was there.
    pub fn delete(&self, id: &str) -> bool {
        let mut rules = self.lock();
        let before = rules.len();
        rules.retain(|r| r.id != id);
        self.len.store(rules.len(), Ordering::Release);
        rules.len() != before
    }

    /// Whether some rule has a window, so that checking needs the simulated now.
    pub fn needs_now(&self) -> bool {
        self.len.load(Ordering::Acquire) > 0 && self.lock().iter().any(|r| r.windowed())
    }

    /// The effect of the first rule, oldest first, that matches `call` and fires; a rule
    /// whose `count` is used up goes away (D-185).
    pub fn check(&self, call: &Call<'_>, now: Option<Timestamp>) -> Option<Effect> {
        if self.len.load(Ordering::Acquire) == 0 {
            return None;
        }
        let mut rules = self.lock();
        let index = rules.iter_mut().position(|r| r.fires(call, now))?;
        let rule = &mut rules[index];
        rule.injected += 1;
        let effect = rule.spec.effect;
        if let Some(remaining) = &mut rule.remaining {
            *remaining -= 1;
            if *remaining == 0 {
                rules.remove(index);
                self.len.store(rules.len(), Ordering::Release);
            }
        }
        ::metrics::counter!("zenlocal_faults_injected_total",
            "kind" => effect.kind(), "service" => call.service.name(), "action" => call.action)
        .increment(1);
        Some(effect)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Rule>> {
        self.rules.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Rule {
    fn windowed(&self) -> bool {
        self.spec.from.is_some() || self.spec.until.is_some()
    }

    /// Whether the rule applies to `call`, and then whether it fires: a rule with a
    /// `probability` draws the next number of its own sequence for every call it applies
    /// to, so the same calls in the same order fail the same way (D-185).
    fn fires(&mut self, call: &Call<'_>, now: Option<Timestamp>) -> bool {
        let spec = &self.spec;
        let applies = spec.service == call.service
            && spec.action.is_none_or(|a| a == call.action)
            && spec
                .account_id
                .as_deref()
                .is_none_or(|a| a == call.account_id)
            && now.is_none_or(|now| {
                spec.from.is_none_or(|from| from <= now)
                    && spec.until.is_none_or(|until| now < until)
            });
        if !applies {
            return false;
        }
        match spec.probability {
            Some(p) => unit(splitmix64(&mut self.random)) < p,
            None => true,
        }
    }

    fn listed(&self) -> Listed {
        let spec = &self.spec;
        Listed {
            fault_id: self.id.clone(),
            service: spec.service.name(),
            action: spec.action.unwrap_or("*"),
            account_id: spec.account_id.clone(),
            code: match spec.effect {
                Effect::Code(c) => Some(c.name),
                _ => None,
            },
            latency_ms: match spec.effect {
                Effect::Latency(d) => Some(d.as_millis() as u64),
                _ => None,
            },
            drop: (spec.effect == Effect::Drop).then_some(true),
            count: spec.count,
            remaining: self.remaining,
            probability: spec.probability,
            seed: spec.probability.map(|_| self.seed),
            from: spec.from.map(|t| t.to_string()),
            until: spec.until.map(|t| t.to_string()),
            injected: self.injected,
        }
    }
}

/// The next number of a SplitMix64 sequence.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A number in [0, 1) from 53 random bits.
fn unit(bits: u64) -> f64 {
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

/// A seed for a rule given none, and rule ids.
fn rand_seed() -> u64 {
    let mut state = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0)
        ^ (std::process::id() as u64) << 32;
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    state ^= COUNTER
        .fetch_add(1, Ordering::Relaxed)
        .wrapping_mul(0x9e37_79b9_7f4a_7c15);
    splitmix64(&mut state)
}

/// Reads a rule from its JSON body, every field checked (D-185): the service, the action
/// (`*` or one of the service's actions in any version), exactly one of `code` (a code of
/// D-2 or of that action's page; with `*`, of any of the service's actions), `latencyMs`
/// (1 to 600000) or `drop: true`, and when: `count` (at least 1), `probability` (above 0,
/// at most 1) with an optional `seed`, `from`/`until` (RFC 3339, on the simulated clock).
pub fn parse(body: &Value) -> Result<Spec, ApiError> {
    let object = body
        .as_object()
        .ok_or_else(|| ApiError::invalid_parameter("the body must be a JSON object"))?;
    for key in object.keys() {
        if ![
            "service",
            "action",
            "accountId",
            "code",
            "latencyMs",
            "drop",
            "count",
            "probability",
            "seed",
            "from",
            "until",
        ]
        .contains(&key.as_str())
        {
            return Err(ApiError::invalid_parameter(format!(
                "`{key}` is not a field of a fault rule"
            )));
        }
    }
    let text = |field: &str| -> Result<Option<&str>, ApiError> {
        match object.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.as_str())),
            Some(_) => Err(ApiError::invalid_parameter(format!(
                "`{field}` must be a string"
            ))),
        }
    };
    let whole = |field: &str, min: u64, max: u64| -> Result<Option<u64>, ApiError> {
        match object.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => v
                .as_u64()
                .filter(|n| (min..=max).contains(n))
                .map(Some)
                .ok_or_else(|| {
                    ApiError::invalid_parameter(format!(
                        "`{field}` must be a whole number from {min} to {max}"
                    ))
                }),
        }
    };
    let instant = |field: &str| -> Result<Option<Timestamp>, ApiError> {
        text(field)?
            .map(|t| {
                Timestamp::parse_rfc3339(t).ok_or_else(|| {
                    ApiError::invalid_parameter(format!(
                        "`{field}` must be an RFC 3339 instant, e.g. 2026-01-01T00:00:00Z (got `{t}`)"
                    ))
                })
            })
            .transpose()
    };

    let service_name = text("service")?.ok_or_else(|| ApiError::missing_parameter("service"))?;
    let service = Service::from_path(service_name).ok_or_else(|| {
        ApiError::invalid_parameter(format!(
            "`service` must be bmc, vm or zbc (got `{service_name}`)"
        ))
    })?;
    let action_name = text("action")?.ok_or_else(|| ApiError::missing_parameter("action"))?;
    let endpoints: Vec<&'static Endpoint> = Endpoint::of_service(service)
        .filter(|e| action_name == "*" || e.action.name() == action_name)
        .collect();
    if endpoints.is_empty() {
        return Err(ApiError::invalid_parameter(format!(
            "`action` must be `*` or an action of {} (got `{action_name}`)",
            service.name()
        )));
    }
    let action = (action_name != "*").then(|| endpoints[0].action.name());

    let code = text("code")?
        .map(|name| {
            let known = codes::COMMON
                .iter()
                .chain(endpoints.iter().flat_map(|e| e.codes.iter()))
                .find(|c| c.name == name);
            known.copied().ok_or_else(|| {
                ApiError::invalid_parameter(format!(
                    "`code` must be a code of D-2 or of {}'s page (got `{name}`)",
                    action_name
                ))
            })
        })
        .transpose()?;
    let latency = whole("latencyMs", 1, 600_000)?;
    let drop = match object.get("drop") {
        None | Some(Value::Null) | Some(Value::Bool(false)) => false,
        Some(Value::Bool(true)) => true,
        Some(_) => return Err(ApiError::invalid_parameter("`drop` must be true or false")),
    };
    let effect = match (code, latency, drop) {
        (Some(c), None, false) => Effect::Code(c),
        (None, Some(ms), false) => Effect::Latency(Duration::from_millis(ms)),
        (None, None, true) => Effect::Drop,
        (None, None, false) => {
            return Err(ApiError::missing_parameter("code`, `latencyMs` or `drop"))
        }
        _ => {
            return Err(ApiError::invalid_parameter(
                "a rule does one thing: give only one of `code`, `latencyMs` and `drop`",
            ))
        }
    };
    let probability = match object.get("probability") {
        None | Some(Value::Null) => None,
        Some(v) => Some(
            v.as_f64()
                .filter(|p| *p > 0.0 && *p <= 1.0)
                .ok_or_else(|| {
                    ApiError::invalid_parameter(
                        "`probability` must be a number above 0 and at most 1",
                    )
                })?,
        ),
    };
    let seed = whole("seed", 0, u64::MAX)?;
    if seed.is_some() && probability.is_none() {
        return Err(ApiError::invalid_parameter(
            "`seed` goes with `probability`",
        ));
    }
    let (from, until) = (instant("from")?, instant("until")?);
    if let (Some(from), Some(until)) = (from, until) {
        if from >= until {
            return Err(ApiError::invalid_parameter("`from` must be before `until`"));
        }
    }
    let account_id = text("accountId")?.map(str::to_owned);
    if let Some(a) = &account_id {
        zenlocal_wire::decode::text("accountId", a)?;
    }
    Ok(Spec {
        service,
        action,
        account_id,
        effect,
        count: whole("count", 1, u64::MAX)?,
        probability,
        seed,
        from,
        until,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn call(action: &'static str) -> Call<'static> {
        Call {
            service: Service::Bmc,
            action,
            account_id: "412345678901",
        }
    }

    #[test]
    fn rules_are_checked_in_full_d185() {
        for (body, message) in [
            (json!({"action": "*", "drop": true}), "service"),
            (
                json!({"service": "ec2", "action": "*", "drop": true}),
                "service",
            ),
            (
                json!({"service": "bmc", "action": "Nope", "drop": true}),
                "action",
            ),
            (json!({"service": "bmc", "action": "*"}), "code"),
            (
                json!({"service": "bmc", "action": "*", "code": "NOPE"}),
                "code",
            ),
            // A code of another action's page.
            (
                json!({"service": "zbc", "action": "DescribeCustomerBalance",
                    "code": "INVALID_KEY_PAIR_NOT_FOUND"}),
                "code",
            ),
            (
                json!({"service": "bmc", "action": "*", "drop": true, "latencyMs": 5}),
                "one",
            ),
            (
                json!({"service": "bmc", "action": "*", "drop": true, "count": 0}),
                "count",
            ),
            (
                json!({"service": "bmc", "action": "*", "drop": true, "probability": 1.5}),
                "probability",
            ),
            (
                json!({"service": "bmc", "action": "*", "drop": true, "seed": 3}),
                "seed",
            ),
            (
                json!({"service": "bmc", "action": "*", "drop": true,
                    "from": "2026-02-01T00:00:00Z", "until": "2026-01-01T00:00:00Z"}),
                "from",
            ),
            (
                json!({"service": "bmc", "action": "*", "drop": true, "when": 1}),
                "when",
            ),
        ] {
            let err = parse(&body).unwrap_err();
            assert!(
                err.code == codes::INVALID_PARAMETER || err.code == codes::MISSING_PARAMETER,
                "{body}: {err:?}"
            );
            assert!(err.message.contains(message), "{body}: {}", err.message);
        }
        let spec = parse(&json!({"service": "vm", "action": "CreateInstances",
            "code": "REQUEST_LIMIT_EXCEEDED", "count": 2}))
        .unwrap();
        assert_eq!(spec.effect, Effect::Code(codes::REQUEST_LIMIT_EXCEEDED));
        assert_eq!(spec.action, Some("CreateInstances"));
    }

    #[test]
    fn count_fails_the_next_n_matching_calls_then_the_rule_goes_d185() {
        let faults = Faults::default();
        faults.add(
            parse(&json!({"service": "bmc", "action": "DescribeZones",
                "code": "SERVICE_TEMPORARY_UNAVAILABLE", "count": 2}))
            .unwrap(),
        );
        assert_eq!(faults.check(&call("DescribeImages"), None), None);
        let unavailable = Some(Effect::Code(codes::SERVICE_TEMPORARY_UNAVAILABLE));
        assert_eq!(faults.check(&call("DescribeZones"), None), unavailable);
        assert_eq!(faults.check(&call("DescribeZones"), None), unavailable);
        assert_eq!(faults.check(&call("DescribeZones"), None), None);
        assert!(faults.list().is_empty());
    }

    #[test]
    fn a_probability_with_a_seed_fails_the_same_calls_every_time_d185() {
        let run = || {
            let faults = Faults::default();
            faults.add(
                parse(&json!({"service": "bmc", "action": "*", "drop": true,
                    "probability": 0.3, "seed": 42}))
                .unwrap(),
            );
            (0..200)
                .map(|_| faults.check(&call("DescribeZones"), None).is_some())
                .collect::<Vec<bool>>()
        };
        let first = run();
        assert_eq!(first, run());
        let fired = first.iter().filter(|f| **f).count();
        assert!((30..90).contains(&fired), "{fired} of 200 at 0.3");
    }

    #[test]
    fn a_window_holds_on_the_simulated_clock_and_accounts_narrow_d185() {
        let faults = Faults::default();
        faults.add(
            parse(&json!({"service": "bmc", "action": "*", "latencyMs": 20,
                "accountId": "412345678901",
                "from": "2026-01-01T00:00:00Z", "until": "2026-01-02T00:00:00Z"}))
            .unwrap(),
        );
        assert!(faults.needs_now());
        let t = |s| Timestamp::parse_rfc3339(s);
        assert_eq!(
            faults.check(&call("DescribeZones"), t("2025-12-31T23:59:59Z")),
            None
        );
        assert_eq!(
            faults.check(&call("DescribeZones"), t("2026-01-01T12:00:00Z")),
            Some(Effect::Latency(Duration::from_millis(20)))
        );
        assert_eq!(
            faults.check(&call("DescribeZones"), t("2026-01-02T00:00:00Z")),
            None
        );
        let other = Call {
            account_id: "999",
            ..call("DescribeZones")
        };
        assert_eq!(faults.check(&other, t("2026-01-01T12:00:00Z")), None);
        // Without `count` or `probability` it holds until deleted.
        let id = faults.list()[0].fault_id.clone();
        assert_eq!(faults.list()[0].injected, 1);
        assert!(faults.delete(&id));
        assert!(!faults.delete(&id));
    }
}
