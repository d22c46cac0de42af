//! The control plane under `/_zenlocal/` (D-29): JSON in and out, guarded by
//! `--admin-token` (Bearer) or, with no token configured, open to loopback peers only.
//! `health` is open to all, for load balancers. Every answer, the framework's refusals
//! included (unknown path, wrong method, body too large, undecodable path), is the API's
//! `{requestId, code, message}` body (D-114). A browser may carry the admin token as the
//! console's cookie instead (D-194).

use crate::gateway::{header, json_response, read_body};
use crate::App;
use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{ConnectInfo, Path, Query, Request, State};
use axum::http::{HeaderMap, Method, Response};
use axum::middleware::{self, Next};
use axum::response::IntoResponse;
use axum::routing::{delete, get, post};
use axum::Router;
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use subtle::ConstantTimeEq;
use zenlocal_core::account::{AccountSpec, NewCredentials};
use zenlocal_core::clock::TestClock;
use zenlocal_core::clock::{Advance, ClockRequest};
use zenlocal_core::model::{Order, ResourceRef};
use zenlocal_core::traffic::Record;
use zenlocal_core::{money, ApiError, Timestamp};
use zenlocal_store::ops::{
    CreateResourceGroup, CreateTestClock, DeleteTestClock, Deposit, MoveAccount, OpenAccount,
    Orders, RecordTraffic, ResourceGroups, ScheduleDeposit, TestClocks,
};
use zenlocal_store::StoreError;
use zenlocal_wire::control::TrafficUsage;
use zenlocal_wire::decode::text;
use zenlocal_wire::error::describe;
use zenlocal_wire::{codes, envelope, ids};

pub fn router(app: Arc<App>) -> Router<Arc<App>> {
    let guarded = Router::new()
        .route("/clock", get(clock))
        .route("/clock/advance", post(advance))
        .route("/clocks", get(test_clocks).post(create_test_clock))
        .route("/clocks/{clock_id}", delete(delete_test_clock))
        .route("/clocks/{clock_id}/advance", post(advance_test_clock))
        .route("/accounts", post(create_account))
        .route("/accounts/{account_id}/clock", post(move_account))
        .route("/accounts/{account_id}/deposit", post(deposit))
        .route(
            "/accounts/{account_id}/resource-groups",
            get(resource_groups).post(create_resource_group),
        )
        .route("/fixtures", post(load_fixtures).get(dump_fixtures))
        .route("/reset", post(reset))
        .route("/orders", get(orders))
        .route("/instances/{instance_id}/traffic", post(traffic))
        .route("/catalog", get(catalog))
        .route("/openapi.json", get(openapi))
        .merge(crate::console::routes())
        .merge(crate::tools::routes())
        .method_not_allowed_fallback(method_not_allowed)
        .fallback(not_found)
        .route_layer(middleware::from_fn_with_state(app, guard));
    Router::new()
        .route("/health", get(health))
        .method_not_allowed_fallback(method_not_allowed)
        .merge(guarded)
}

/// A control-plane error, answered with the same `{requestId, code, message}` body.
pub(crate) struct Failure(pub ApiError);

impl From<ApiError> for Failure {
    fn from(e: ApiError) -> Self {
        Failure(e)
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        Failure(e.into_api())
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response<Body> {
        fail(self.0)
    }
}

pub(crate) type Answer = Result<Response<Body>, Failure>;

pub(crate) fn ok<T: Serialize>(body: &T) -> Answer {
    let bytes = serde_json::to_vec(body).map_err(|_| ApiError::internal())?;
    Ok(json_response(200, &ids::request_id(), bytes))
}

fn fail(err: ApiError) -> Response<Body> {
    let request_id = ids::request_id();
    if let Some(cause) = &err.cause {
        tracing::error!(
            request_id = %request_id,
            code = err.code.name,
            cause = %describe(cause.as_ref()),
            "control-plane request failed"
        );
    }
    json_response(
        err.code.status,
        &request_id,
        envelope::error(&request_id, &err),
    )
}

/// The request's JSON body, read as the API reads one (D-2: at most `--max-body-bytes`);
/// an empty body is `{}`.
pub(crate) async fn parse<T: DeserializeOwned>(app: &App, request: Request) -> Result<T, ApiError> {
    let (_, body) = read_body(app, request).await?;
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        &body
    };
    zenlocal_wire::decode::decode(body)
}

/// The OpenAPI 3.1 document of the API (`zenlocal_wire::openapi`), built once.
async fn openapi() -> Response<Body> {
    static DOCUMENT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let text = DOCUMENT.get_or_init(zenlocal_wire::openapi::text);
    json_response(200, &ids::request_id(), text.clone().into_bytes())
}

async fn guard(
    State(app): State<Arc<App>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
    next: Next,
) -> Response<Body> {
    let allowed = match &app.config.admin_token {
        Some(expected) => {
            if let Some(signed_in) = crate::console::sign_in(&request, expected) {
                return signed_in;
            }
            let headers = request.headers();
            bearer(headers)
                .or_else(|| crate::console::cookie_token(headers))
                .is_some_and(|given| bool::from(given.as_bytes().ct_eq(expected.as_bytes())))
        }
        None => {
            if peer.ip().is_loopback() && from_another_site(request.method(), request.headers()) {
                return fail(ApiError::auth(
                    "a browser page of another site may not use the control plane: with no admin token, only this server's own pages, addressed as localhost or by a loopback address, may (D-239)",
                ));
            }
            peer.ip().is_loopback()
        }
    };
    if !allowed {
        return fail(ApiError::auth(
            "the control plane needs `Authorization: Bearer <admin token>` (a browser: open /_zenlocal/console?token=<admin token> once; with no admin token configured, a loopback peer)",
        ));
    }
    next.run(request).await
}

/// D-239: with no admin token a loopback peer may still be a browser running another
/// site's page — a cross-site request, or one to a name of the attacker's that now points
/// here (DNS rebinding). A request a browser marks as made by a page (`Origin`,
/// `Sec-Fetch-Site`) is served only when it is same-origin (or typed by the user:
/// `Sec-Fetch-Site: none`; or a link followed to a page, a `GET` navigation, whose answer
/// the other site cannot read) and addressed to this machine by a loopback name; clients
/// that are no browser send neither header.
fn from_another_site(method: &Method, headers: &HeaderMap) -> bool {
    let site = header(headers, "sec-fetch-site");
    let origin = header(headers, "origin");
    if site.is_none() && origin.is_none() {
        return false;
    }
    let followed = method == Method::GET && header(headers, "sec-fetch-mode") == Some("navigate");
    if site.is_some_and(|site| site != "same-origin" && site != "none") && !followed {
        return true;
    }
    let Some(host) = header(headers, "host").filter(|host| loopback_host(host)) else {
        return true;
    };
    origin.is_some_and(|origin| {
        let address = origin
            .strip_prefix("http://")
            .or_else(|| origin.strip_prefix("https://"));
        !address.is_some_and(|address| address.eq_ignore_ascii_case(host))
    })
}

/// Whether a `Host` header names this machine by loopback: `localhost`, a name under
/// `.localhost`, or a loopback address, with or without a port.
fn loopback_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(bracketed) => bracketed.split(']').next().unwrap_or_default(),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    let name = name.to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    header(headers, "authorization")?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

async fn not_found() -> Response<Body> {
    fail(ApiError::new(
        codes::RESOURCE_NOT_FOUND,
        "no such control-plane endpoint",
    ))
}

/// A known path asked with another method (also used for `/metrics`).
pub async fn method_not_allowed(method: Method) -> Response<Body> {
    fail(ApiError::new(
        codes::UNSUPPORTED_HTTP_METHOD,
        format!("{method} is not supported on this path"),
    ))
}

/// A path parameter as given, checked as a request's text is (D-113), or the envelope's 400.
pub(crate) fn path_param(
    field: &str,
    param: Result<Path<String>, PathRejection>,
) -> Result<String, ApiError> {
    let Path(value) =
        param.map_err(|e| ApiError::invalid_parameter(format!("the path is not valid: {e}")))?;
    text(field, &value)?;
    Ok(value)
}

async fn health(State(app): State<Arc<App>>) -> Answer {
    ok(&json!({
        "status": "ok",
        "version": env!("CARGO_PKG_VERSION"),
        "store": app.store.kind(),
    }))
}

/// The clock; while this server applies a long advance, how far it got (D-115).
async fn clock(State(app): State<Arc<App>>) -> Answer {
    let mut answer = json!({
        "now": app.now().await?.to_string(),
        "mode": app.clock.mode().name(),
    });
    if let Some(progress) = app.clock.progress() {
        answer["advance"] = json!({
            "to": progress.to.to_string(),
            "eventsApplied": progress.events_applied,
        });
    }
    ok(&answer)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AdvanceRequest {
    seconds: Option<i64>,
    to: Option<String>,
}

impl AdvanceRequest {
    /// Where the advance goes; the message names the field.
    fn advance(self) -> Result<Advance, ApiError> {
        match (self.seconds, self.to) {
            (Some(seconds), None) => Ok(Advance::By(seconds)),
            (None, Some(to)) => Ok(Advance::To(instant("to", &to)?)),
            _ => Err(ApiError::missing_parameter("seconds` or `to")),
        }
    }
}

/// An RFC 3339 instant given in `field`.
fn instant(field: &str, text: &str) -> Result<Timestamp, ApiError> {
    Timestamp::parse_rfc3339(text).ok_or_else(|| {
        ApiError::invalid_parameter(format!(
            "`{field}` must be an RFC 3339 instant, e.g. 2026-01-01T00:00:00Z (got `{text}`)"
        ))
    })
}

async fn advance(State(app): State<Arc<App>>, request: Request) -> Answer {
    let req: AdvanceRequest = parse(&app, request).await?;
    let (applied, now) = app.clock.advance(&app.store, req.advance()?).await?;
    ok(&json!({
        "now": now.to_string(),
        "eventsApplied": applied,
    }))
}

/// A test clock as the control plane shows it (D-181).
fn test_clock_json(clock: &TestClock) -> serde_json::Value {
    json!({"clockId": clock.id, "name": clock.name, "now": clock.now.to_string()})
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TestClockRequest {
    name: String,
    /// Where it starts; absent, at the global clock's now.
    frozen_time: Option<String>,
}

async fn create_test_clock(State(app): State<Arc<App>>, request: Request) -> Answer {
    let req: TestClockRequest = parse(&app, request).await?;
    let at = req
        .frozen_time
        .map(|t| instant("frozenTime", &t))
        .transpose()?;
    let clock = app
        .store
        .write(CreateTestClock {
            id: ids::test_clock_id(),
            name: req.name,
            at,
        })
        .await?;
    ok(&test_clock_json(&clock))
}

async fn test_clocks(State(app): State<Arc<App>>) -> Answer {
    let clocks = app.store.read(TestClocks).await?;
    ok(&json!({"clocks": clocks.iter().map(test_clock_json).collect::<Vec<_>>()}))
}

/// Deletes a test clock with its accounts (D-182); their credentials stop working at once.
async fn delete_test_clock(
    State(app): State<Arc<App>>,
    clock_id: Result<Path<String>, PathRejection>,
) -> Answer {
    let id = path_param("clockId", clock_id)?;
    app.store.write(DeleteTestClock { id }).await?;
    app.credentials.clear();
    ok(&json!({}))
}

async fn advance_test_clock(
    State(app): State<Arc<App>>,
    clock_id: Result<Path<String>, PathRejection>,
    request: Request,
) -> Answer {
    let id = path_param("clockId", clock_id)?;
    let req: AdvanceRequest = parse(&app, request).await?;
    let (applied, now) = app
        .clock
        .advance_test(&app.store, &id, req.advance()?)
        .await?;
    ok(&json!({
        "now": now.to_string(),
        "eventsApplied": applied,
    }))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct MoveAccountRequest {
    /// The test clock; null, the global one.
    clock_id: Option<String>,
}

/// Puts an account that owns nothing on a test clock, or back on the global one (D-182).
async fn move_account(
    State(app): State<Arc<App>>,
    account_id: Result<Path<String>, PathRejection>,
    request: Request,
) -> Answer {
    let account_id = path_param("accountId", account_id)?;
    let req: MoveAccountRequest = parse(&app, request).await?;
    app.store
        .write(MoveAccount {
            account_id: account_id.clone(),
            clock_id: req.clock_id.clone(),
        })
        .await?;
    ok(&json!({"accountId": account_id, "clockId": req.clock_id}))
}

/// An amount given as a decimal string or a JSON number.
#[derive(Deserialize)]
#[serde(untagged)]
enum AmountInput {
    Text(String),
    Number(serde_json::Number),
}

impl AmountInput {
    fn decimal(&self, field: &str) -> Result<Decimal, ApiError> {
        let parsed = match self {
            AmountInput::Text(s) => money::parse_amount(s),
            AmountInput::Number(n) => match n.as_i64() {
                Some(i) => Some(Decimal::from(i)),
                None => n.as_f64().and_then(money::from_f64),
            },
        };
        parsed.ok_or_else(|| {
            ApiError::invalid_parameter(format!(
                "`{field}` must be a decimal amount, e.g. \"100.00\""
            ))
        })
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CreateAccountRequest {
    name: String,
    balance: AmountInput,
    discount: Option<AmountInput>,
    /// The test clock the account lives on (D-181); absent, the global clock.
    clock_id: Option<String>,
}

/// An account's identifiers and secrets, drawn at random (D-4).
pub(crate) fn new_credentials() -> NewCredentials {
    NewCredentials {
        account_id: ids::account_id(),
        access_key_id: ids::access_key_id(),
        access_key_password: ids::access_key_password(),
        token: ids::bearer_token(),
    }
}

async fn create_account(State(app): State<Arc<App>>, request: Request) -> Answer {
    let req: CreateAccountRequest = parse(&app, request).await?;
    let balance = req.balance.decimal("balance")?;
    let discount = req
        .discount
        .as_ref()
        .map(|d| d.decimal("discount"))
        .transpose()?;
    let spec = AccountSpec::new(&req.name, balance, discount)?;
    let opened = app
        .store
        .write(OpenAccount {
            spec,
            credentials: new_credentials(),
            clock_id: req.clock_id.clone(),
        })
        .await?;
    ok(&json!({
        "accountId": opened.account.id,
        "name": opened.account.name,
        "balance": opened.account.balance.to_string(),
        "discount": number(opened.account.discount),
        "accessKeyId": opened.access_key.id,
        "accessKeyPassword": opened.access_key.password,
        "token": opened.token.token,
        "clockId": req.clock_id,
    }))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DepositRequest {
    amount: AmountInput,
    /// Books the deposit for this later instant instead of now.
    at: Option<String>,
}

async fn deposit(
    State(app): State<Arc<App>>,
    account_id: Result<Path<String>, PathRejection>,
    request: Request,
) -> Answer {
    let account_id = path_param("accountId", account_id)?;
    let req: DepositRequest = parse(&app, request).await?;
    let amount = req.amount.decimal("amount")?;
    if let Some(at) = req.at {
        let at = instant("at", &at)?;
        let event_id = app
            .store
            .write(ScheduleDeposit {
                account_id: account_id.clone(),
                amount,
                at,
            })
            .await?;
        return ok(&json!({
            "accountId": account_id,
            "scheduledAt": at.to_string(),
            "eventId": event_id,
        }));
    }
    let account = app.store.write(Deposit { account_id, amount }).await?;
    ok(&json!({
        "accountId": account.id,
        "balance": account.balance.to_string(),
    }))
}

#[derive(Deserialize)]
struct ResourceGroupRequest {
    name: String,
}

/// A resource group as the control plane shows it (D-125).
fn group_json(group: &zenlocal_core::resource_group::ResourceGroup) -> serde_json::Value {
    json!({"resourceGroupId": group.id, "name": group.name})
}

async fn create_resource_group(
    State(app): State<Arc<App>>,
    account_id: Result<Path<String>, PathRejection>,
    request: Request,
) -> Answer {
    let account_id = path_param("accountId", account_id)?;
    let req: ResourceGroupRequest = parse(&app, request).await?;
    let group = app
        .store
        .write(CreateResourceGroup {
            account_id,
            name: req.name,
        })
        .await?;
    ok(&group_json(&group))
}

async fn resource_groups(
    State(app): State<Arc<App>>,
    account_id: Result<Path<String>, PathRejection>,
) -> Answer {
    let account_id = path_param("accountId", account_id)?;
    let groups = app
        .store
        .read(ResourceGroups {
            account_id,
            control: true,
        })
        .await?;
    ok(&json!({"resourceGroups": groups.iter().map(group_json).collect::<Vec<_>>()}))
}

/// Builds a fixture's accounts through the API's own code (D-184).
/// `GET /_zenlocal/fixtures?accountId=` (D-198): every account, or the one named, as a
/// fixture `POST /_zenlocal/fixtures` builds again, with what it could not write.
async fn dump_fixtures(
    State(app): State<Arc<App>>,
    Query(query): Query<HashMap<String, String>>,
) -> Answer {
    for field in query.keys() {
        if field != "accountId" {
            return Err(ApiError::invalid_parameter(format!(
                "`{field}` is not a filter of the dump (accountId)"
            ))
            .into());
        }
    }
    let states = app
        .store
        .read(zenlocal_store::ops::fixtures::FixtureState {
            account_id: query.get("accountId").cloned(),
        })
        .await?;
    ok(&crate::fixtures::dump::dump(&states))
}

async fn load_fixtures(State(app): State<Arc<App>>, request: Request) -> Answer {
    let fixture: crate::fixtures::Fixture = parse(&app, request).await?;
    ok(&crate::fixtures::load(&app, fixture).await?)
}

#[derive(Deserialize)]
struct ResetRequest {
    /// `system`, `frozen` or `frozen=RFC3339`: start the clock over, as `--clock` does on
    /// a new store (D-103); absent, the clock stays.
    clock: Option<String>,
}

async fn reset(State(app): State<Arc<App>>, request: Request) -> Answer {
    let req: ResetRequest = parse(&app, request).await?;
    let request = req
        .clock
        .map(|text| {
            ClockRequest::parse(&text)
                .map_err(|e| ApiError::invalid_parameter(format!("`clock`: {e}")))
        })
        .transpose()?;
    let clock = app.clock.reset(&app.store, request).await?;
    app.credentials.clear();
    if app.config.demo {
        crate::seed_demo(&app.store, &app.catalog, app.config.timings).await?;
    }
    // A request that read a credential while the reset ran may have cached it again.
    app.credentials.clear();
    ok(&json!({
        "status": "ok",
        "demo": app.config.demo,
        "now": app.now().await?.to_string(),
        "mode": clock.mode.name(),
    }))
}

/// A decimal as a JSON number (D-29 gives `discount` as a number).
fn number(value: Decimal) -> serde_json::Value {
    value
        .normalize()
        .to_string()
        .parse::<serde_json::Number>()
        .map_or(serde_json::Value::Null, serde_json::Value::Number)
}

/// Order lines, oldest first, each naming the resource it is for (D-29, D-120).
async fn orders(
    State(app): State<Arc<App>>,
    Query(query): Query<HashMap<String, String>>,
) -> Answer {
    for (field, value) in &query {
        text(field, value)?;
    }
    let lines = app
        .store
        .read(Orders {
            account_id: query.get("accountId").cloned(),
            resource: query.get("instanceId").map(ResourceRef::instance),
        })
        .await?;
    let orders: Vec<serde_json::Value> = lines
        .iter()
        .map(|o| {
            order_fields(o)
                .into_iter()
                .map(|(name, value)| (name.to_owned(), value.map_or(Value::Null, Value::String)))
                .collect::<serde_json::Map<_, _>>()
                .into()
        })
        .collect();
    ok(&json!({ "orders": orders }))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TrafficRequest {
    out_gb: Option<AmountInput>,
    in_gb: Option<AmountInput>,
    out_mbps: Option<AmountInput>,
}

/// Records an instance's public traffic at the simulated now, or its steady outbound
/// rate (docs/decisions.md D-130); answers the billing period's usage.
async fn traffic(
    State(app): State<Arc<App>>,
    instance_id: Result<Path<String>, PathRejection>,
    request: Request,
) -> Answer {
    let instance_id = path_param("instanceId", instance_id)?;
    let req: TrafficRequest = parse(&app, request).await?;
    let field = |value: &Option<AmountInput>, name: &str| {
        value.as_ref().map(|v| v.decimal(name)).transpose()
    };
    let record = Record {
        out_gb: field(&req.out_gb, "outGb")?,
        in_gb: field(&req.in_gb, "inGb")?,
        out_mbps: field(&req.out_mbps, "outMbps")?,
    };
    let usage = app
        .store
        .write(RecordTraffic {
            instance_id: instance_id.clone(),
            record,
        })
        .await?;
    ok(&TrafficUsage {
        instance_id,
        cycle_out_gb: usage.cycle_out_gb.to_string(),
        allowance_gb: usage.allowance_gb.map(|a| a.to_string()),
        overage_gb: usage.overage_gb.to_string(),
    })
}

/// An order line's fields as the control plane names them, in order (D-29, D-120): its
/// JSON answer and the console's CSV export (D-193) both are these.
pub fn order_fields(o: &Order) -> [(&'static str, Option<String>); 12] {
    [
        ("orderNumber", Some(o.number.clone())),
        ("accountId", Some(o.account_id.clone())),
        ("instanceId", o.resource.instance_id().map(str::to_owned)),
        ("resourceType", Some(o.resource.kind.name().to_owned())),
        ("resourceId", Some(o.resource.id.clone())),
        ("kind", Some(o.kind.name().to_owned())),
        ("from", o.from.clone()),
        ("to", o.to.clone()),
        ("amount", Some(o.amount.to_string())),
        ("status", Some(o.status.name().to_owned())),
        ("createdAt", Some(o.created_at.to_string())),
        ("effectiveAt", Some(o.effective_at.to_string())),
    ]
}

async fn catalog(State(app): State<Arc<App>>) -> Answer {
    ok(&*app.catalog)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.insert(*name, HeaderValue::from_static(value));
        }
        headers
    }

    /// D-239: loopback names, with and without a port; no other name.
    #[test]
    fn loopback_hosts_are_localhost_and_loopback_addresses() {
        for host in [
            "localhost",
            "LOCALHOST:8080",
            "console.localhost:1",
            "127.0.0.1",
            "127.8.9.10:8080",
            "[::1]:8080",
            "[::1]",
        ] {
            assert!(loopback_host(host), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:8080",
            "localhost.evil.example",
            "10.0.0.1:8080",
            "[::2]:8080",
            "",
        ] {
            assert!(!loopback_host(host), "{host}");
        }
    }

    /// D-239: what a browser marks as another site's page, or sends to a name that is not
    /// loopback, is refused; the server's own pages, typed URLs and clients that are no
    /// browser are not.
    #[test]
    fn requests_of_another_sites_pages_are_told_apart() {
        let (get, post) = (&Method::GET, &Method::POST);
        let own = [("host", "127.0.0.1:8080")];
        assert!(!from_another_site(post, &headers(&own)));
        assert!(!from_another_site(
            post,
            &headers(&[("host", "evil.example")])
        ));
        for (pairs, refused) in [
            (vec![("origin", "http://127.0.0.1:8080")], false),
            (
                vec![
                    ("origin", "http://127.0.0.1:8080"),
                    ("sec-fetch-site", "same-origin"),
                ],
                false,
            ),
            (vec![("sec-fetch-site", "none")], false),
            (vec![("origin", "http://evil.example")], true),
            (vec![("origin", "http://127.0.0.1:9090")], true),
            (vec![("origin", "null")], true),
            (vec![("sec-fetch-site", "cross-site")], true),
            (vec![("sec-fetch-site", "same-site")], true),
        ] {
            let all: Vec<_> = own.iter().copied().chain(pairs.clone()).collect();
            assert_eq!(
                from_another_site(post, &headers(&all)),
                refused,
                "{pairs:?}"
            );
        }
        let link = [
            ("sec-fetch-site", "cross-site"),
            ("sec-fetch-mode", "navigate"),
        ];
        let followed: Vec<_> = own.iter().copied().chain(link).collect();
        assert!(!from_another_site(get, &headers(&followed)));
        assert!(from_another_site(post, &headers(&followed)));
        let rebound = headers(&[
            ("host", "evil.example:8080"),
            ("origin", "http://evil.example:8080"),
            ("sec-fetch-site", "same-origin"),
        ]);
        assert!(from_another_site(get, &rebound));
    }
}
