//! The web console under `/_zenlocal/console` (D-193 to D-197): HTML made on the server
//! from the store, one snapshot per page, guarded as the rest of the control plane. Its
//! actions are forms a small embedded script sends to the control-plane endpoints the
//! CLI uses, so each action has one path (D-196). Nothing is fetched from elsewhere: the
//! style sheet and the script are part of the binary and every page says so in its
//! Content-Security-Policy.

mod chart;
mod clocks;
mod page;
mod resources;
mod tools;
mod views;

use crate::App;
use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, Query, Request};
use axum::http::{header, HeaderMap, HeaderValue, Response, StatusCode};
use axum::routing::get;
use axum::Router;
use maud::Markup;
use page::Paging;
use std::collections::HashMap;
use std::sync::Arc;
use subtle::ConstantTimeEq;
use zenlocal_core::ApiError;
use zenlocal_core::Timestamp;
use zenlocal_store::ops::console::ClockView;
use zenlocal_store::StoreError;
use zenlocal_wire::decode::text;

/// The cookie a browser keeps the admin token in (D-194).
pub const COOKIE: &str = "zenlocal_admin";

const CSP: &str = "default-src 'self'; img-src 'self' data:; style-src 'self'; \
                   script-src 'self'; connect-src 'self'; form-action 'self'; \
                   base-uri 'none'; frame-ancestors 'none'";

pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/console", get(views::accounts))
        .route("/console/accounts/{account_id}", get(views::account))
        .route("/console/instances/{instance_id}", get(views::instance))
        .route("/console/orders", get(views::orders))
        .route("/console/orders.csv", get(views::orders_csv))
        .route("/console/ledger", get(views::ledger))
        .route("/console/ledger.csv", get(views::ledger_csv))
        .route(
            "/console/accounts/{account_id}/networks",
            get(resources::networks),
        )
        .route(
            "/console/accounts/{account_id}/disks",
            get(resources::disks),
        )
        .route("/console/clocks", get(clocks::clocks))
        .route("/console/requests", get(tools::requests))
        .route("/console/faults", get(tools::faults))
        .route("/console/snapshots", get(tools::snapshots))
        .route("/console/catalog", get(views::catalog))
        .route("/console/assets/console.css", get(style))
        .route("/console/assets/console.js", get(script))
}

/// The clock as the header of every page shows it.
pub struct Clock {
    pub now: Timestamp,
    pub mode: &'static str,
    pub next_event: Option<Timestamp>,
}

async fn clock(app: &App) -> Result<Clock, Shown> {
    let (now, next_event) = app.store.read(ClockView).await?;
    Ok(Clock {
        now,
        mode: app.clock.mode().name(),
        next_event,
    })
}

/// A page that could not be shown, answered as HTML with the status its error has.
pub struct Shown(ApiError);

impl From<ApiError> for Shown {
    fn from(e: ApiError) -> Self {
        Shown(e)
    }
}

impl From<StoreError> for Shown {
    fn from(e: StoreError) -> Self {
        Shown(e.into_api())
    }
}

impl axum::response::IntoResponse for Shown {
    fn into_response(self) -> Response<Body> {
        if let Some(cause) = &self.0.cause {
            tracing::error!(code = self.0.code.name, cause = %cause, "console page failed");
        }
        let body = page::problem(self.0.code.name, &self.0.message);
        html(self.0.code.status, body)
    }
}

type Answer = Result<Response<Body>, Shown>;

/// An HTML answer with the console's headers.
fn html(status: u16, body: Markup) -> Response<Body> {
    respond(
        status,
        "text/html; charset=utf-8",
        body.into_string().into_bytes(),
    )
}

fn respond(status: u16, content_type: &'static str, body: Vec<u8>) -> Response<Body> {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A CSV download named `name`.
fn csv(name: &str, body: String) -> Response<Body> {
    let mut response = respond(200, "text/csv; charset=utf-8", body.into_bytes());
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

async fn style() -> Response<Body> {
    respond(
        200,
        "text/css; charset=utf-8",
        include_bytes!("assets/console.css").to_vec(),
    )
}

async fn script() -> Response<Body> {
    respond(
        200,
        "text/javascript; charset=utf-8",
        include_bytes!("assets/console.js").to_vec(),
    )
}

/// The query of a page, each value checked as the API checks text (D-113).
fn query(params: HashMap<String, String>) -> Result<HashMap<String, String>, ApiError> {
    for (field, value) in &params {
        text(field, value)?;
    }
    Ok(params
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .collect())
}

/// `page` (from 1) and `size` (1 to 500, default 50) of a query (D-193).
fn paging(params: &HashMap<String, String>) -> Result<Paging, ApiError> {
    let number = |field: &str, default: u32, max: u32| match params.get(field) {
        None => Ok(default),
        Some(v) => v
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=max).contains(n))
            .ok_or_else(|| {
                ApiError::invalid_parameter(format!(
                    "`{field}` must be a whole number from 1 to {max} (got `{v}`)"
                ))
            }),
    };
    Ok(Paging {
        number: number("page", 1, u32::MAX / page::MAX_PAGE_SIZE)?,
        size: number("size", page::PAGE_SIZE, page::MAX_PAGE_SIZE)?,
    })
}

/// What a listing page starts from: its query checked, the page it asks for, the clock.
async fn listing(
    app: &App,
    params: HashMap<String, String>,
) -> Result<(HashMap<String, String>, Paging, Clock), Shown> {
    let params = query(params)?;
    let paging = paging(&params)?;
    Ok((params, paging, clock(app).await?))
}

/// A path parameter, checked as the API checks text.
fn path_param(field: &str, param: Result<Path<String>, PathRejection>) -> Result<String, ApiError> {
    let Path(value) =
        param.map_err(|e| ApiError::invalid_parameter(format!("the path is not valid: {e}")))?;
    text(field, &value)?;
    Ok(value)
}

/// The admin token given as the console's cookie (D-194).
pub fn cookie_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| pair.trim().strip_prefix(COOKIE)?.strip_prefix('='))
}

/// Signing in to the console in a browser (D-194): a console page asked with
/// `?token=<admin token>` is answered with a redirect to the same page without it, setting
/// the token as an HttpOnly, SameSite=Strict cookie for `/_zenlocal`. `None` when the
/// request carries no such token; a wrong token is not signed in (the guard refuses it).
pub fn sign_in(request: &Request, expected: &str) -> Option<Response<Body>> {
    // The control plane's router sees its paths without `/_zenlocal`.
    let uri = request.uri();
    let path = format!("{}{}", page::ROOT, uri.path().strip_prefix("/console")?);
    let query = uri.query()?;
    let Query(pairs) = Query::<Vec<(String, String)>>::try_from_uri(uri).ok()?;
    let given = pairs.iter().find(|(k, _)| k == "token").map(|(_, v)| v)?;
    if !bool::from(given.as_bytes().ct_eq(expected.as_bytes())) {
        return None;
    }
    let rest: Vec<String> = query
        .split('&')
        .filter(|pair| !pair.starts_with("token="))
        .map(str::to_owned)
        .collect();
    let location = if rest.is_empty() {
        path
    } else {
        format!("{path}?{}", rest.join("&"))
    };
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::SEE_OTHER;
    let headers = response.headers_mut();
    headers.insert(header::LOCATION, HeaderValue::from_str(&location).ok()?);
    headers.insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&format!(
            "{COOKIE}={expected}; Path=/_zenlocal; HttpOnly; SameSite=Strict"
        ))
        .ok()?,
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Some(response)
}
