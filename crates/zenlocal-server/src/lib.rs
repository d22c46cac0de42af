//! The HTTP server: the API gateway under `/api/v2/{service}` (transport checks,
//! authentication, dispatch, envelopes), the control plane under `/_zenlocal/`, the
//! scheduler task, Prometheus metrics, one log line per request, graceful shutdown.

mod auth;
mod clock;
mod console;
mod control;
mod faults;
mod fixtures;
mod gateway;
mod handlers;
mod journal;
mod metrics;
mod rate_limit;
mod tools;

pub use zenlocal_store::real_now;

use axum::extract::ConnectInfo;
use axum::routing::{any, get};
use axum::Router;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tower_http::catch_panic::CatchPanicLayer;
use zenlocal_core::account::NewCredentials;
use zenlocal_core::clock::{ClockRequest, ClockStart};
use zenlocal_core::demo::Demo;
use zenlocal_core::model::Timings;
use zenlocal_core::Catalog;
use zenlocal_store::ops::{GetAccessKey, SeedDemo};
use zenlocal_store::{Store, StoreError};
use zenlocal_wire::error::describe;

/// Everything `zenlocal serve` can be told.
#[derive(Debug, Clone)]
pub struct Config {
    pub listen: String,
    /// A SQLite file, or `:memory:`.
    pub database: String,
    pub catalog: Catalog,
    pub clock: ClockRequest,
    pub admin_token: Option<String>,
    pub demo: bool,
    pub max_body_bytes: usize,
    /// How long a connection may take to send a request's head, counted from when it
    /// opens or from the previous answer: an idle keep-alive connection is closed after it.
    pub header_timeout: Duration,
    /// How long a request's body may take to arrive once its head has.
    pub body_timeout: Duration,
    /// Bytes that bodies larger than `gateway::SMALL_BODY_BYTES` may hold at once while
    /// they are received (never less than `max_body_bytes`); more are answered 503 at once.
    pub max_body_memory: usize,
    pub auth_skew_seconds: i64,
    /// Requests per second per access key or token (D-32); `None` = unlimited.
    pub rate_limit: Option<u32>,
    /// How often the scheduler looks for due events when the clock runs.
    pub scheduler_interval: Duration,
    /// API requests handled at once; more are shed with 503 (D-2, overloaded).
    pub max_in_flight: usize,
    /// Provisioning, power and recycle times (D-20, D-25).
    pub timings: Timings,
    /// API calls the request journal keeps (D-186); 0 turns it off.
    pub journal_size: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: "127.0.0.1:8080".into(),
            database: "zenlocal.db".into(),
            catalog: Catalog::builtin(),
            clock: ClockRequest::System,
            admin_token: None,
            demo: true,
            max_body_bytes: 1024 * 1024,
            header_timeout: Duration::from_secs(30),
            body_timeout: Duration::from_secs(30),
            max_body_memory: 64 * 1024 * 1024,
            auth_skew_seconds: 300,
            rate_limit: None,
            scheduler_interval: Duration::from_millis(500),
            max_in_flight: 1024,
            timings: Timings::default(),
            journal_size: 1000,
        }
    }
}

impl App {
    /// The simulated now (D-28), for answers that only read; a command reads its own
    /// inside its transaction.
    pub async fn now(&self) -> Result<zenlocal_core::Timestamp, zenlocal_core::ApiError> {
        Ok(self.clock.now(&self.store).await?)
    }
}

/// Shared by every request.
pub(crate) struct App {
    pub config: Config,
    pub catalog: Arc<Catalog>,
    pub store: Store,
    pub clock: clock::Clock,
    pub credentials: auth::Credentials,
    pub rate_limiter: Option<rate_limit::RateLimiter>,
    pub metrics: ::metrics_exporter_prometheus::PrometheusHandle,
    /// Requests read and authenticated, being handled (D-111).
    pub in_flight: tokio::sync::Semaphore,
    /// What bodies being received may hold, in KiB (D-111).
    pub body_memory: tokio::sync::Semaphore,
    /// Set when shutdown begins: requests still arriving are answered 503.
    pub stopping: Arc<AtomicBool>,
    /// The last API calls (D-186).
    pub journal: journal::Journal,
    /// Request faults of this replica (D-185, D-188).
    pub faults: faults::Faults,
    /// Wakes the scheduler at once, e.g. after a snapshot is restored (D-190).
    pub wake: tokio::sync::Notify,
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot listen on {0}")]
    Listen(String, #[source] std::io::Error),
    /// The store's error is the source: the database's own message and SQLSTATE follow
    /// when the chain is printed (`zenlocal_wire::error::describe`).
    #[error("cannot open the store {0}")]
    Store(String, #[source] StoreError),
}

/// What a started server tells its owner.
#[derive(Debug, Clone)]
pub struct StartInfo {
    pub addr: SocketAddr,
    pub store: &'static str,
    /// The demo account's id, when it exists in the store.
    pub demo_account_id: Option<String>,
    /// The clock in force and why (D-103).
    pub clock: ClockStart,
}

pub struct Server {
    pub info: StartInfo,
    stopping: Arc<AtomicBool>,
    shutdown: watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl Server {
    pub fn addr(&self) -> SocketAddr {
        self.info.addr
    }

    /// Stops accepting, lets in-flight requests finish, stops the scheduler and closes
    /// the store.
    pub async fn shutdown(self) {
        self.stopping.store(true, Ordering::SeqCst);
        let _ = self.shutdown.send(true);
        let _ = self.task.await;
    }
}

/// Opens the store, applies the clock, seeds the demo account, binds and starts serving.
pub async fn start(config: Config) -> Result<Server, StartError> {
    // Opening may block (connecting to PostgreSQL, migrating): off the async threads.
    let database = config.database.clone();
    let store = tokio::task::spawn_blocking(move || Store::open(&database))
        .await
        .map_err(|e| StartError::Store(config.database.clone(), StoreError::internal(e)))?
        .map_err(|e| StartError::Store(config.database.clone(), e))?;
    let store_err = |e| StartError::Store(config.database.clone(), e);
    let catalog = Arc::new(config.catalog.clone());
    let stopping = Arc::new(AtomicBool::new(false));
    let (clock, clock_start) = clock::Clock::start(
        config.clock,
        &store,
        catalog.clone(),
        config.timings,
        stopping.clone(),
    )
    .await
    .map_err(store_err)?;
    if config.demo {
        seed_demo(&store, &catalog, config.timings)
            .await
            .map_err(store_err)?;
    }
    let demo_account_id = store
        .read(GetAccessKey(Demo::builtin().account.access_key_id.clone()))
        .await
        .map_err(store_err)?
        .map(|k| k.account_id);
    let listener = TcpListener::bind(&config.listen)
        .await
        .map_err(|e| StartError::Listen(config.listen.clone(), e))?;
    let addr = listener
        .local_addr()
        .map_err(|e| StartError::Listen(config.listen.clone(), e))?;

    let app = Arc::new(App {
        in_flight: tokio::sync::Semaphore::new(config.max_in_flight),
        // Never less than one body of the largest size, or that could never be read.
        body_memory: tokio::sync::Semaphore::new(
            config
                .max_body_memory
                .max(config.max_body_bytes)
                .div_ceil(1024),
        ),
        stopping: stopping.clone(),
        catalog,
        rate_limiter: config.rate_limit.map(rate_limit::RateLimiter::new),
        store,
        clock,
        credentials: auth::Credentials::default(),
        metrics: metrics::handle(),
        journal: journal::Journal::start(config.journal_size),
        faults: faults::Faults::default(),
        wake: tokio::sync::Notify::new(),
        config,
    });
    let info = StartInfo {
        addr,
        store: app.store.kind(),
        demo_account_id,
        clock: clock_start,
    };
    let (shutdown, stopped) = watch::channel(false);
    let scheduler = tokio::spawn(scheduler(app.clone(), shutdown.subscribe()));
    let router = router(app.clone());
    let header_timeout = app.config.header_timeout;
    let task = tokio::spawn(async move {
        serve(listener, router, header_timeout, stopped).await;
        let _ = scheduler.await;
        match Arc::try_unwrap(app) {
            Ok(app) => app.store.close().await,
            Err(_) => tracing::warn!("requests still hold the store; it closes with the process"),
        }
    });
    Ok(Server {
        info,
        stopping,
        shutdown,
        task,
    })
}

/// Threads the async runtime serving `database` should have on a machine of `cores`
/// (D-243): one per core on SQLite, whose commands run in the process; one fewer on
/// PostgreSQL (at least one), whose commands run in the database, so that a worker waiting
/// for its round trips finds work more often than it parks and is woken.
pub fn async_workers(database: &str, cores: usize) -> usize {
    if Store::is_postgres(database) {
        cores.saturating_sub(1).max(1)
    } else {
        cores.max(1)
    }
}

/// Opens the demo account of `catalog/demo.toml` on an empty store and buys its instances
/// through the rules of CreateInstances (D-30).
pub(crate) async fn seed_demo(
    store: &Store,
    catalog: &Arc<Catalog>,
    timings: Timings,
) -> Result<(), StoreError> {
    let demo = Demo::builtin();
    store
        .write(SeedDemo {
            spec: demo.account_spec().map_err(StoreError::Api)?,
            credentials: NewCredentials {
                account_id: zenlocal_wire::ids::account_id(),
                access_key_id: demo.account.access_key_id.clone(),
                access_key_password: demo.account.access_key_password.clone(),
                token: demo.account.token.clone(),
            },
            catalog: catalog.clone(),
            instances: demo.instance_specs(catalog).map_err(StoreError::Api)?,
            // The demo machines are there, running, when the server answers.
            timings: Timings {
                provisioning: 0,
                ..timings
            },
        })
        .await?;
    Ok(())
}

/// Bytes one connection buffers while reading (a request's head must fit): bounds what a
/// connection that sends slowly holds (D-111).
const CONNECTION_BUFFER_BYTES: usize = 64 * 1024;

/// Serves HTTP/1.1 on every connection accepted until `stop`, then lets requests in
/// flight finish. A request's head must arrive within `header_timeout` of the connection
/// opening or of its previous answer, so slow heads and idle keep-alive connections are
/// closed (D-111).
async fn serve(
    listener: TcpListener,
    router: Router,
    header_timeout: Duration,
    mut stop: watch::Receiver<bool>,
) {
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(header_timeout)
        .max_buf_size(CONNECTION_BUFFER_BYTES);
    let connections = hyper_util::server::graceful::GracefulShutdown::new();
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors, say: wait for some to close, do not spin.
                    tracing::warn!(error = %e, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = stop.changed() => break,
        };
        let service = hyper_util::service::TowerToHyperService::new(
            tower_http::add_extension::AddExtension::new(router.clone(), ConnectInfo(peer)),
        );
        let connection =
            connections.watch(http.serve_connection(hyper_util::rt::TokioIo::new(stream), service));
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, %peer, "connection closed");
            }
        });
    }
    drop(listener);
    connections.shutdown().await;
}

fn router(app: Arc<App>) -> Router {
    let api = Router::new()
        .route("/api/v2/{service}", any(gateway::api))
        .route("/metrics", get(gateway::metrics))
        .method_not_allowed_fallback(control::method_not_allowed)
        .nest("/_zenlocal", control::router(app.clone()))
        .fallback(gateway::fallback)
        .with_state(app);
    with_panic_guard(api)
}

/// A panic in a handler becomes a 500 with a requestId, never a dropped connection.
fn with_panic_guard(router: Router) -> Router {
    router.layer(CatchPanicLayer::custom(gateway::panic_response))
}

async fn scheduler(app: Arc<App>, mut stop: watch::Receiver<bool>) {
    // An advance a stopped server left unfinished goes on first (D-115).
    if let Err(e) = app.clock.resume(&app.store).await {
        tracing::warn!(error = %describe(&e), "resuming the unfinished advance failed");
    }
    loop {
        tokio::select! {
            _ = async {
                tokio::select! {
                    _ = tokio::time::sleep(app.config.scheduler_interval) => {}
                    _ = app.wake.notified() => {}
                }
            } => {
                let lag_start = std::time::Instant::now();
                match app.clock.tick(&app.store).await {
                    Ok(applied) => {
                        if applied > 0 {
                            ::metrics::counter!("zenlocal_scheduler_events_applied_total").increment(applied);
                        }
                        ::metrics::histogram!("zenlocal_scheduler_pass_seconds")
                            .record(lag_start.elapsed().as_secs_f64());
                    }
                    Err(e) => tracing::warn!(error = %describe(&e), "scheduler pass failed; retrying"),
                }
            }
            _ = stop.changed() => break,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::http::{Request, StatusCode};
    use tower::ServiceExt;

    #[test]
    fn d243_postgres_leaves_a_core_to_the_database_sqlite_takes_every_core() {
        for url in ["postgres://u@h/db", "postgresql://u@h/db"] {
            assert_eq!(async_workers(url, 2), 1);
            assert_eq!(async_workers(url, 8), 7);
            assert_eq!(async_workers(url, 1), 1);
        }
        for file in ["zenlocal.db", ":memory:", "sqlite:///tmp/z.db"] {
            assert_eq!(async_workers(file, 2), 2);
            assert_eq!(async_workers(file, 1), 1);
        }
    }

    #[tokio::test]
    async fn a_panicking_handler_answers_500_with_the_envelope() {
        let router = with_panic_guard(Router::new().route(
            "/boom",
            get(|| async { String::from_utf8(vec![0xff]).expect("a handler bug") }),
        ));
        let response = router
            .oneshot(Request::get("/boom").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let rid = response.headers()["x-zc-request-id"]
            .to_str()
            .unwrap()
            .to_owned();
        let body = axum::body::to_bytes(response.into_body(), 4096)
            .await
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["code"], "INTERNAL_SERVER_ERROR");
        assert_eq!(v["requestId"], rid.as_str());
        assert!(!v["message"].as_str().unwrap().contains("handler bug"));
    }
}
