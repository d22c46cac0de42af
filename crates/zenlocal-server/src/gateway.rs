//! `POST /api/v2/{service}`: the common checks of D-2 in their order of precedence,
//! then dispatch, then the envelope; one log line and metrics per request.

use crate::faults::{self, Effect};
use crate::handlers::{self, Cx};
use crate::journal::Call;
use crate::App;
use axum::body::{Body, Bytes};
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, Response, StatusCode};
use std::any::Any;
use std::borrow::Cow;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Instant;
use zenlocal_core::ApiError;
use zenlocal_wire::error::describe;
use zenlocal_wire::{codes, envelope, ids, Endpoint, Service, Version};

pub const REQUEST_ID_HEADER: &str = "x-zc-request-id";

/// What the log line and the metrics say about one request.
struct Outline {
    service: &'static str,
    action: &'static str,
    account: Option<String>,
    version: Option<&'static str>,
    /// The body as read, for the journal (D-186).
    body: Bytes,
    /// A fault injected into the call (D-185).
    fault: Option<Effect>,
    /// A service fault the call met (D-199).
    service_fault: Option<&'static str>,
}

// The request's future holds every handler's state and is kilobytes large: boxed here, the
// layers between hyper and the handler move a pointer instead of copying it at each step.
pub async fn api(
    State(app): State<Arc<App>>,
    Path(service): Path<String>,
    request: Request,
) -> Response<Body> {
    Box::pin(serve(app, Some(service), request)).await
}

/// Any other path is a service that does not exist (after the checks that come first).
pub async fn fallback(State(app): State<Arc<App>>, request: Request) -> Response<Body> {
    Box::pin(serve(app, None, request)).await
}

async fn serve(app: Arc<App>, service: Option<String>, request: Request) -> Response<Body> {
    let started = Instant::now();
    let request_id = ids::request_id();
    let mut outline = Outline {
        service: "-",
        action: "-",
        account: None,
        version: None,
        body: Bytes::new(),
        fault: None,
        service_fault: None,
    };
    let result = handle(&app, &request_id, service.as_deref(), request, &mut outline).await;
    // Why a 500 or 503 was answered — the database's own message and SQLSTATE — for the
    // log line only (D-2).
    let cause = match &result {
        Err(ApiError { cause: Some(c), .. }) => Some(describe(c.as_ref())),
        _ => None,
    };
    let (status, code, body) = match result {
        Ok(body) => (200, "OK", body),
        Err(e) => {
            if e.code == codes::INTERNAL_SERVER_ERROR {
                tracing::error!(
                    request_id = %request_id,
                    cause = cause.as_deref(),
                    "internal error: {}",
                    e.message
                );
            }
            let public = if e.code == codes::INTERNAL_SERVER_ERROR {
                ApiError::internal()
            } else {
                e
            };
            (
                public.code.status,
                public.code.name,
                envelope::error(&request_id, &public),
            )
        }
    };
    let latency = started.elapsed();
    tracing::info!(
        target: "zenlocal::request",
        request_id = %request_id,
        service = outline.service,
        action = outline.action,
        account = outline.account.as_deref().unwrap_or("-"),
        status,
        code,
        cause = cause.as_deref(),
        latency_us = latency.as_micros() as u64,
    );
    ::metrics::counter!("zenlocal_requests_total",
        "service" => outline.service, "action" => outline.action, "code" => code)
    .increment(1);
    ::metrics::histogram!("zenlocal_request_duration_seconds",
        "service" => outline.service, "action" => outline.action)
    .record(latency.as_secs_f64());
    let injected = outline.fault.map(Effect::kind).or(outline.service_fault);
    if app.journal.enabled() {
        app.journal.record(Call {
            request_id: request_id.clone(),
            real: time::OffsetDateTime::now_utc(),
            simulated: app.clock.cached_now(),
            account_id: outline.account,
            service: outline.service,
            action: outline.action,
            version: outline.version,
            status,
            code,
            latency,
            body: outline.body,
            injected,
        });
    }
    if outline.fault == Some(Effect::Drop) {
        return dropped();
    }
    json_response(status, &request_id, body)
}

/// An answer that never comes: its body fails before a byte is sent, so the server closes
/// the connection without answering (D-185).
fn dropped() -> Response<Body> {
    let failing = futures_util::stream::once(async {
        Err::<Bytes, _>(std::io::Error::other("connection dropped by a fault rule"))
    });
    Response::new(Body::from_stream(failing))
}

pub fn json_response(status: u16, request_id: &str, body: Vec<u8>) -> Response<Body> {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() =
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    if let Ok(value) = HeaderValue::from_str(request_id) {
        headers.insert(REQUEST_ID_HEADER, value);
    }
    response
}

/// A header's value when it is visible ASCII; any other is taken as absent.
pub(crate) fn header<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// A header that names something, as text even when it is not visible ASCII (those bytes
/// become U+FFFD): a value that cannot name anything is refused as such, never taken for
/// an absent header (D-113).
fn header_text<'h>(headers: &'h HeaderMap, name: &str) -> Option<Cow<'h, str>> {
    headers
        .get(name)
        .map(|v| String::from_utf8_lossy(v.as_bytes()))
}

/// `application/json`, parameters such as `; charset=utf-8` allowed (D-2).
pub fn is_json(headers: &HeaderMap) -> bool {
    header(headers, "content-type")
        .and_then(|v| v.split(';').next())
        .is_some_and(|media| media.trim().eq_ignore_ascii_case("application/json"))
}

/// Bodies up to this size are read without drawing on `--max-body-memory`: every request
/// the API knows is far smaller, so slow large bodies cannot lock them out (D-111).
pub const SMALL_BODY_BYTES: usize = 16 * 1024;

/// Reads a request's body (D-2, D-111). Larger than `--max-body-bytes`: 413. A body larger
/// than [`SMALL_BODY_BYTES`] (or of unknown length) first reserves its size in the memory
/// bodies being received may hold; with none left it is answered 503 at once, unread. The
/// whole body must arrive within `--body-timeout-seconds` (408): a deadline for the
/// body, not a pause between its pieces, so a sender dripping bytes cannot hold on.
pub async fn read_body(app: &App, request: Request) -> Result<(HeaderMap, Bytes), ApiError> {
    let limit = app.config.max_body_bytes;
    let too_large = || {
        ApiError::new(
            codes::REQUEST_BODY_TOO_LARGE,
            format!("the request body is larger than {limit} bytes"),
        )
    };
    let (parts, body) = request.into_parts();
    let declared = header(&parts.headers, "content-length").and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large());
    }
    let size = declared.map_or(limit, |n| n as usize);
    let _reserved = if size > SMALL_BODY_BYTES {
        let kib = u32::try_from(size.div_ceil(1024)).unwrap_or(u32::MAX);
        Some(app.body_memory.try_acquire_many(kib).map_err(|_| {
            ApiError::unavailable(format!(
                "overloaded: large request bodies being received already hold {} bytes; retry shortly",
                app.config.max_body_memory
            ))
        })?)
    } else {
        None
    };
    let bytes = tokio::time::timeout(app.config.body_timeout, axum::body::to_bytes(body, limit))
        .await
        .map_err(|_| {
            ApiError::new(
                codes::REQUEST_TIMEOUT,
                format!(
                    "the request body did not arrive within {} s",
                    app.config.body_timeout.as_secs_f64()
                ),
            )
        })?
        .map_err(|_| too_large())?;
    Ok((parts.headers, bytes))
}

/// The service of the path, the version and the action of the headers, in the order of
/// D-2: an unknown service, then an unsupported version, then an unknown action.
fn route(
    service: Option<&str>,
    headers: &HeaderMap,
    outline: &mut Outline,
) -> Result<(Version, &'static Endpoint), ApiError> {
    let service = service.and_then(Service::from_path).ok_or_else(|| {
        ApiError::new(
            codes::INVALID_SERVICE_NOT_FOUND,
            format!(
                "no service at this path; use /api/v2/bmc, /api/v2/vm or /api/v2/zbc (got {})",
                service.map_or_else(|| "another path".to_owned(), |s| format!("`{s}`"))
            ),
        )
    })?;
    outline.service = service.name();
    let version = service.version(header_text(headers, "x-zc-version").as_deref())?;
    let action_name = header_text(headers, "x-zc-action").unwrap_or_default();
    if action_name.is_empty() {
        return Err(ApiError::new(
            codes::INVALID_ACTION_NOT_FOUND,
            "the X-ZC-Action header is missing",
        ));
    }
    let endpoint = Endpoint::resolve(version, &action_name)?;
    outline.action = endpoint.action.name();
    outline.version = Some(version.name());
    Ok((version, endpoint))
}

async fn handle(
    app: &App,
    request_id: &str,
    service: Option<&str>,
    request: Request,
    outline: &mut Outline,
) -> Result<Vec<u8>, ApiError> {
    // A stopping server does no other work.
    if app.stopping.load(Ordering::SeqCst) {
        return Err(ApiError::unavailable("the server is shutting down"));
    }
    if request.method() != Method::POST {
        return Err(ApiError::new(
            codes::UNSUPPORTED_HTTP_METHOD,
            format!(
                "{} is not supported; the API answers POST only",
                request.method()
            ),
        ));
    }
    let (headers, body) = read_body(app, request).await?;
    if app.journal.enabled() {
        outline.body = body.clone();
    }
    if !is_json(&headers) {
        return Err(ApiError::new(
            codes::UNSUPPORTED_CONTENT_TYPE,
            "Content-Type must be application/json",
        ));
    }
    let caller = app
        .credentials
        .authenticate(
            &app.store,
            &headers,
            &body,
            crate::real_now(),
            app.config.auth_skew_seconds,
        )
        .await?;
    outline.account = Some(caller.account_id.clone());
    // Only a request read in full and authenticated counts as work in flight (D-111): a
    // client that sends slowly, or not at all, takes nobody's place.
    let _permit = app.in_flight.try_acquire().map_err(|_| {
        ApiError::unavailable(format!(
            "overloaded: more than {} requests in flight; retry shortly",
            app.config.max_in_flight
        ))
    })?;
    let (version, endpoint) = route(service, &headers, outline)?;
    if let Some(limiter) = &app.rate_limiter {
        if !limiter.allow(&caller.principal, Instant::now()) {
            return Err(ApiError::new(
                codes::REQUEST_LIMIT_EXCEEDED,
                "too many requests for this credential; retry with back-off",
            ));
        }
    }
    if let Some(effect) = inject(app, endpoint, &caller.account_id).await? {
        outline.fault = Some(effect);
        match effect {
            Effect::Code(code) => {
                return Err(ApiError::new(
                    code,
                    "injected by a zenlocal fault rule (GET /_zenlocal/faults)",
                ))
            }
            Effect::Latency(wait) => tokio::time::sleep(wait).await,
            Effect::Drop => return Err(ApiError::unavailable("dropped by a fault rule")),
        }
    }
    let injected = std::sync::OnceLock::new();
    let cx = Cx {
        app,
        request_id,
        version,
        account_id: &caller.account_id,
        injected: &injected,
    };
    // The store shares its connections fairly between the accounts asking (D-242).
    let answer =
        zenlocal_store::for_account(&caller.account_id, handlers::dispatch(&cx, endpoint, &body))
            .await;
    if let Some(kind) = injected.get() {
        outline.service_fault = Some(kind);
        ::metrics::counter!("zenlocal_faults_injected_total",
            "kind" => *kind, "service" => outline.service, "action" => outline.action)
        .increment(1);
    }
    answer
}

/// The effect of the fault rule this call meets, if any (D-185); a rule with a window
/// reads the simulated now of the account asking, on its test clock if it has one (D-181).
async fn inject(
    app: &App,
    endpoint: &Endpoint,
    account_id: &str,
) -> Result<Option<Effect>, ApiError> {
    let now = if app.faults.needs_now() {
        Some(
            app.store
                .read(zenlocal_store::ops::AccountNow(account_id.to_owned()))
                .await?,
        )
    } else {
        None
    };
    let call = faults::Call {
        service: endpoint.service,
        action: endpoint.action.name(),
        account_id,
    };
    Ok(app.faults.check(&call, now))
}

pub async fn metrics(State(app): State<Arc<App>>) -> Response<Body> {
    let mut response = Response::new(Body::from(app.metrics.render()));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4"),
    );
    response
}

/// The answer to a panic: 500 with the envelope; the detail goes to the log only.
pub fn panic_response(panic: Box<dyn Any + Send + 'static>) -> Response<Body> {
    let request_id = ids::request_id();
    let detail = panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned());
    tracing::error!(request_id = %request_id, panic = %detail, "a handler panicked");
    ::metrics::counter!("zenlocal_panics_total").increment(1);
    let err = ApiError::internal();
    json_response(
        err.code.status,
        &request_id,
        envelope::error(&request_id, &err),
    )
}
