//! Fixtures (docs/decisions.md D-184): accounts and what they own, built by the same code
//! the API runs. Each account is opened on a test clock of its own, and its steps — API
//! calls dispatched through the handler registry as a signed request would be, and traffic
//! recorded as the control plane records it — run in order, the clock advanced to each
//! step's instant first, so that a fixture can only hold a state the API could reach.

use crate::handlers::{self, Cx};
use crate::App;
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::{json, Value};
use zenlocal_core::account::AccountSpec;
use zenlocal_core::clock::Advance;
use zenlocal_core::traffic::Record;
use zenlocal_core::{money, ApiError, Timestamp};
use zenlocal_store::ops::{CreateTestClock, DeleteTestClock, OpenAccount, RecordTraffic};
use zenlocal_wire::{ids, Endpoint, Service};

/// The file's content (TOML) or `POST /_zenlocal/fixtures`'s body (the same as JSON).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fixture {
    pub accounts: Vec<AccountFixture>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AccountFixture {
    pub name: String,
    /// The opening balance, a decimal string.
    pub balance: String,
    /// The percentage paid (default 100).
    pub discount: Option<String>,
    /// Where the account's clock starts (RFC 3339; default: the global clock's now).
    pub start: Option<String>,
    #[serde(default)]
    pub steps: Vec<Step>,
}

/// One step: an API call (`service`, `action`, `request`, `version`) or traffic recorded
/// on one of the account's instances (`traffic`), at `at` (default: where the clock is).
/// A string `"$N"` anywhere in a request is the account's N-th instance made so far.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Step {
    pub at: Option<String>,
    pub service: Option<String>,
    pub version: Option<String>,
    pub action: Option<String>,
    #[serde(default)]
    pub request: Option<Value>,
    pub traffic: Option<TrafficStep>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TrafficStep {
    /// The account's N-th instance.
    pub instance: usize,
    pub out_gb: Option<String>,
    pub in_gb: Option<String>,
    pub out_mbps: Option<String>,
}

fn amount(field: &str, text: &str) -> Result<Decimal, ApiError> {
    money::parse_amount(text).ok_or_else(|| {
        ApiError::invalid_parameter(format!(
            "`{field}` must be a decimal amount, e.g. \"100.00\""
        ))
    })
}

fn instant(field: &str, text: &str) -> Result<Timestamp, ApiError> {
    Timestamp::parse_rfc3339(text).ok_or_else(|| {
        ApiError::invalid_parameter(format!(
            "`{field}` must be an RFC 3339 instant, e.g. 2026-01-01T00:00:00Z (got `{text}`)"
        ))
    })
}

/// The error of a step, its place named first.
fn at_place(place: &str, e: ApiError) -> ApiError {
    ApiError {
        message: format!("{place}: {}", e.message),
        ..e
    }
}

/// Builds every account of the fixture; answers what each got. When a step fails, the
/// clocks made so far are deleted with their accounts, so nothing is half-applied.
pub async fn load(app: &App, fixture: Fixture) -> Result<Value, ApiError> {
    let mut clocks = Vec::new();
    let mut answers = Vec::new();
    for (i, account) in fixture.accounts.into_iter().enumerate() {
        match build(app, account, &format!("accounts[{i}]"), &mut clocks).await {
            Ok(answer) => answers.push(answer),
            Err(e) => {
                for id in clocks {
                    app.store.write(DeleteTestClock { id }).await?;
                }
                app.credentials.clear();
                return Err(e);
            }
        }
    }
    Ok(json!({ "accounts": answers }))
}

async fn build(
    app: &App,
    fixture: AccountFixture,
    place: &str,
    clocks: &mut Vec<String>,
) -> Result<Value, ApiError> {
    let start = fixture
        .start
        .as_deref()
        .map(|t| instant(&format!("{place}.start"), t))
        .transpose()?;
    let clock = app
        .store
        .write(CreateTestClock {
            id: ids::test_clock_id(),
            name: fixture.name.chars().take(64).collect(),
            at: start,
        })
        .await
        .map_err(|e| at_place(place, e.into_api()))?;
    clocks.push(clock.id.clone());
    let balance = amount(&format!("{place}.balance"), &fixture.balance)?;
    let discount = fixture
        .discount
        .as_deref()
        .map(|d| amount(&format!("{place}.discount"), d))
        .transpose()?;
    let spec =
        AccountSpec::new(&fixture.name, balance, discount).map_err(|e| at_place(place, e))?;
    let opened = app
        .store
        .write(OpenAccount {
            spec,
            credentials: crate::control::new_credentials(),
            clock_id: Some(clock.id.clone()),
        })
        .await?;
    let account_id = opened.account.id.clone();
    let mut instances: Vec<String> = Vec::new();
    for (j, step) in fixture.steps.into_iter().enumerate() {
        let place = format!("{place}.steps[{j}]");
        run_step(app, &clock.id, &account_id, step, &mut instances)
            .await
            .map_err(|e| at_place(&place, e))?;
    }
    Ok(json!({
        "accountId": account_id,
        "accessKeyId": opened.access_key.id,
        "accessKeyPassword": opened.access_key.password,
        "token": opened.token.token,
        "clockId": clock.id,
        "instanceIds": instances,
    }))
}

/// `"$N"` strings replaced by the N-th instance made so far.
fn resolve(value: Value, instances: &[String]) -> Result<Value, ApiError> {
    Ok(match value {
        Value::String(s) => match s.strip_prefix('$').and_then(|n| n.parse::<usize>().ok()) {
            Some(n) => Value::String(instances.get(n).cloned().ok_or_else(|| {
                ApiError::invalid_parameter(format!(
                    "`{s}`: the account has {} instances so far",
                    instances.len()
                ))
            })?),
            None => Value::String(s),
        },
        Value::Array(items) => Value::Array(
            items
                .into_iter()
                .map(|v| resolve(v, instances))
                .collect::<Result<_, _>>()?,
        ),
        Value::Object(fields) => Value::Object(
            fields
                .into_iter()
                .map(|(k, v)| Ok((k, resolve(v, instances)?)))
                .collect::<Result<_, ApiError>>()?,
        ),
        other => other,
    })
}

async fn run_step(
    app: &App,
    clock_id: &str,
    account_id: &str,
    step: Step,
    instances: &mut Vec<String>,
) -> Result<(), ApiError> {
    if let Some(at) = &step.at {
        let to = instant("at", at)?;
        app.clock
            .advance_test(&app.store, clock_id, Advance::To(to))
            .await?;
    }
    if let Some(traffic) = step.traffic {
        let instance_id = instances.get(traffic.instance).cloned().ok_or_else(|| {
            ApiError::invalid_parameter(format!(
                "`traffic.instance`: the account has {} instances so far",
                instances.len()
            ))
        })?;
        let field = |value: &Option<String>, name: &str| {
            value.as_deref().map(|v| amount(name, v)).transpose()
        };
        let record = Record {
            out_gb: field(&traffic.out_gb, "outGb")?,
            in_gb: field(&traffic.in_gb, "inGb")?,
            out_mbps: field(&traffic.out_mbps, "outMbps")?,
        };
        app.store
            .write(RecordTraffic {
                instance_id,
                record,
            })
            .await?;
        return Ok(());
    }
    let (Some(service), Some(action)) = (&step.service, &step.action) else {
        return Err(ApiError::missing_parameter(
            "service` and `action` (or `traffic",
        ));
    };
    let service = Service::from_path(service).ok_or_else(|| {
        ApiError::invalid_parameter(format!(
            "`service` must be bmc, vm or zbc (got `{service}`)"
        ))
    })?;
    let version = service.version(step.version.as_deref())?;
    let endpoint = Endpoint::resolve(version, action)?;
    let request = resolve(step.request.unwrap_or_else(|| json!({})), instances)?;
    let body = serde_json::to_vec(&request).map_err(|_| ApiError::internal())?;
    let request_id = ids::request_id();
    let cx = Cx {
        app,
        request_id: &request_id,
        version,
        account_id,
    };
    let answer = handlers::dispatch(&cx, endpoint, &body).await?;
    let answer: Value = serde_json::from_slice(&answer).map_err(|_| ApiError::internal())?;
    if let Some(made) = answer["response"]["instanceIdSet"].as_array() {
        instances.extend(made.iter().filter_map(|i| i.as_str().map(str::to_owned)));
    }
    Ok(())
}
