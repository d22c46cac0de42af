//! The `zenlocal` binary: the server (`serve`), a load generator (`bench`), the
//! control-plane commands, and one subcommand per API action (`zenlocal bmc
//! modify-instance-traffic-package --instance-id … --traffic-package-size 1.5`), generated
//! from the table of `zenlocal_wire::api` and the request schemas (`fields.rs`).
// The doc comments of the command-line options are their `--help` text, written for a
// terminal, not for rustdoc.
#![allow(rustdoc::broken_intra_doc_links, rustdoc::bare_urls)]

/// mimalloc rather than the C library's allocator: a request allocates and frees many
/// small strings and buffers, and glibc's malloc and free took a fifth of a write's
/// instructions (README, Performance).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod api;
mod bench;
mod control;
mod failure;
mod fields;
mod render;
mod settings;
mod tools;

use anyhow::Context;
use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use failure::Failure;
use std::time::Duration;
use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use zenlocal_core::clock::{ClockMode, ClockOrigin, ClockRequest, ClockStart};
use zenlocal_core::demo::Demo;
use zenlocal_core::model::Timings;
use zenlocal_core::Catalog;
use zenlocal_server::Config;
use zenlocal_wire::Service;

const AFTER_HELP: &str = "\
API commands: `zenlocal bmc|vm|zbc <action> --flag …`, e.g.
  zenlocal bmc describe-instances --output table
  zenlocal bmc modify-instance-traffic-package --instance-id ID --traffic-package-size 1.5

With nothing configured they call http://127.0.0.1:8080 as the demo account
(zenlocal-demo / zenlocal-demo-secret) that `zenlocal serve` creates. Point them
elsewhere with --endpoint (the real cloud is https://console.zenlayer.com),
--access-key-id/--access-key-secret or --token, their environment variables, or a
profile written by `zenlocal configure`. Exit status: 0 success, 1 an error answer or
no answer, 2 a usage error.";

#[derive(Parser)]
#[command(
    name = "zenlocal",
    version,
    about = "A local Zenlayer Cloud API 2.0 (bmc, vm, zbc) with simulated time",
    after_help = AFTER_HELP
)]
struct Cli {
    #[command(flatten)]
    global: settings::GlobalOpts,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Start the server.
    Serve(ServeArgs),
    /// Load a server with signed requests and report throughput and latency.
    Bench(bench::BenchArgs),
    /// Write a profile (endpoint, output, access key or token) to the config files.
    Configure(settings::ConfigureArgs),
    /// Show or advance the simulated clock (control plane).
    Clock(control::ClockArgs),
    /// Build accounts and their state from a fixtures TOML file (control plane).
    Fixtures(control::FixturesArgs),
    /// Make, list, advance and delete test clocks, each moving only its accounts (control plane).
    Clocks(control::ClocksArgs),
    /// Create accounts and deposit money (control plane).
    Accounts(control::AccountsArgs),
    /// List orders, oldest first (control plane).
    Orders(control::OrdersArgs),
    /// Record an instance's public traffic, or set its steady rate (control plane).
    Traffic(control::TrafficArgs),
    /// Empty the store and re-create the demo account; the clock stays unless --clock
    /// starts it over (control plane).
    Reset(control::ResetArgs),
    /// Show the catalog in force (control plane).
    Catalog(control::PlainArgs),
    /// Add, list and delete fault rules that make API calls fail (control plane).
    Faults(tools::FaultsArgs),
    /// Show the journal of the last API calls, or follow it (control plane).
    Requests(tools::RequestsArgs),
    /// Save, list, restore and delete snapshots of the whole state (control plane).
    Snapshots(tools::SnapshotsArgs),
    /// Print the OpenAPI 3.1 document of the API (every action of every service).
    Openapi(OpenapiArgs),
    /// Print a shell completion script: `zenlocal completion bash > /etc/bash_completion.d/zenlocal`.
    Completion {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// The global options (their clap ids) each command acts on; the others are hidden from
/// its help and refused when given on the command line.
fn honoured(command: &str) -> &'static [&'static str] {
    match command {
        "bmc" | "vm" | "zbc" => &[
            "endpoint",
            "profile",
            "output",
            "query",
            "debug",
            "access_key_id",
            "access_key_secret",
            "token",
            "dry_run",
        ],
        "clock" | "clocks" | "fixtures" | "accounts" | "orders" | "reset" | "catalog"
        | "faults" | "requests" | "snapshots" => {
            &["endpoint", "profile", "output", "query", "debug", "dry_run"]
        }
        // configure writes these to a profile; bench loads the server they name.
        "configure" | "bench" => &[
            "endpoint",
            "profile",
            "output",
            "access_key_id",
            "access_key_secret",
            "token",
        ],
        _ => &[],
    }
}

/// The whole command line: the derived commands plus one generated command per service,
/// the global options spread to every command and hidden where they do not apply.
fn full_command() -> clap::Command {
    command_line(true)
}

/// The command line for these arguments: `zenlocal serve` runs no action, and building the
/// service commands (every action's flags, walked from its schema) would keep megabytes of
/// the binary and heap resident for the server's whole life, so it goes without them.
fn command_line_for(args: &[std::ffi::OsString]) -> clap::Command {
    command_line(args.get(1).is_none_or(|first| first != "serve"))
}

fn command_line(services: bool) -> clap::Command {
    let mut cmd = Cli::command();
    if services {
        for service in Service::ALL {
            cmd = cmd.subcommand(api::service_command(service));
        }
    }
    let global: Vec<String> = cmd
        .get_arguments()
        .filter(|a| a.is_global_set())
        .map(|a| a.get_id().to_string())
        .collect();
    // Building copies the global options into every subcommand, where they can be hidden.
    cmd.build();
    cmd.mut_subcommands(|sub| {
        let name = sub.get_name().to_owned();
        let hidden: Vec<&str> = global
            .iter()
            .map(String::as_str)
            .filter(|id| !honoured(&name).contains(id))
            .collect();
        // A built command needs its arguments and subcommands kept in place: `mut_args`
        // and `mut_subcommands` do, `mut_arg` and `mut_subcommand` move one to the end.
        let sub = if name == "bench" {
            sub.mut_args(|a| match a.get_id().as_str() {
                "output" => {
                    a.help("`json` prints one JSON object, for scripts; else the text report")
                }
                "profile" => {
                    a.help("A profile to take endpoint and credentials from [default: none]")
                }
                _ => a,
            })
        } else {
            sub
        };
        for_help(sub, &hidden)
    })
    .mut_args(|a| a.hide_env_values(true))
}

/// Hides the arguments `hidden` from `cmd` and its subcommands, and every environment
/// variable's value: help names the variable (`[env: ZENLOCAL_LISTEN]`), never what the
/// shell happens to hold, nor `NAME=` when it holds nothing.
fn for_help(cmd: clap::Command, hidden: &[&str]) -> clap::Command {
    cmd.mut_args(|a| {
        let hide = hidden.contains(&a.get_id().as_str()) || a.is_hide_set();
        a.hide_env_values(true).hide(hide)
    })
    .mut_subcommands(|sub| for_help(sub, hidden))
}

/// How many names a typo's tip offers.
const SUGGESTIONS: usize = 2;

/// clap offers every similar subcommand, an action under both its names
/// (`describe-instances`, `DescribeInstances`): keep the closest two, in kebab case.
fn closest_suggestions(mut error: clap::Error) -> clap::Error {
    use clap::error::{ContextKind, ContextValue};
    if let Some(ContextValue::Strings(names)) = error.get(ContextKind::SuggestedSubcommand) {
        let closest = closest(names);
        error.insert(
            ContextKind::SuggestedSubcommand,
            ContextValue::Strings(closest),
        );
    }
    error
}

/// `names` as clap ranks them, the closest last: the closest `SUGGESTIONS`, closest
/// first, each once in kebab case.
fn closest(names: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in names.iter().rev().map(|n| fields::kebab(n)) {
        if out.len() < SUGGESTIONS && !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// A global option given on the command line to a command that does not act on it is a
/// usage error, never silently ignored.
fn refuse_unhonoured(cli: &clap::Command, matches: &ArgMatches) {
    let Some((name, _)) = matches.subcommand() else {
        return;
    };
    for arg in cli.get_arguments().filter(|a| a.is_global_set()) {
        let id = arg.get_id().as_str();
        let given = matches.value_source(id) == Some(clap::parser::ValueSource::CommandLine);
        if given && !honoured(name).contains(&id) {
            let flag = arg.get_long().unwrap_or(id);
            usage_error(
                name,
                format!("--{flag} does not apply to `zenlocal {name}`"),
            );
        }
    }
}

#[derive(clap::Args)]
struct OpenapiArgs {
    /// Write the document to this file instead of printing it (`docs/openapi.json`).
    #[arg(long, value_name = "FILE")]
    write: Option<std::path::PathBuf>,
    /// Print the README's table of actions instead.
    #[arg(long, conflicts_with = "write")]
    markdown: bool,
}

/// `zenlocal openapi`: the document, or the README's action table, from the table itself.
fn openapi(args: &OpenapiArgs) -> Result<String, Failure> {
    if args.markdown {
        return Ok(zenlocal_wire::openapi::markdown_actions()
            .trim_end()
            .to_owned());
    }
    let text = zenlocal_wire::openapi::text();
    match &args.write {
        Some(path) => {
            std::fs::write(path, &text)
                .map_err(|e| Failure::other(format!("cannot write {}: {e}", path.display())))?;
            Ok(format!("wrote {}", path.display()))
        }
        None => Ok(text.trim_end().to_owned()),
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum LogFormat {
    /// Lines to read.
    Text,
    /// One JSON object a line, for a log collector.
    Json,
}

#[derive(clap::Args)]
struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "ZENLOCAL_LISTEN", default_value = "127.0.0.1:8080")]
    listen: String,
    /// A SQLite file, or `:memory:` for a throw-away store.
    #[arg(long, env = "ZENLOCAL_DATABASE", default_value = "zenlocal.db")]
    database: String,
    /// A catalog TOML file replacing the built-in one.
    #[arg(long, env = "ZENLOCAL_CATALOG")]
    catalog: Option<std::path::PathBuf>,
    /// A fixtures TOML file: accounts and what they own, built through the API at start.
    #[arg(long, env = "ZENLOCAL_FIXTURES")]
    fixtures: Option<std::path::PathBuf>,
    /// `system` (wall clock plus advances) or `frozen[=RFC3339]`.
    #[arg(long, env = "ZENLOCAL_CLOCK", default_value = "system", value_parser = ClockRequest::parse)]
    clock: ClockRequest,
    /// Bearer token guarding /_zenlocal/; without it only loopback peers may use it.
    #[arg(long, env = "ZENLOCAL_ADMIN_TOKEN", hide_env_values = true)]
    admin_token: Option<String>,
    /// Do not create the demo account on an empty store.
    #[arg(long, env = "ZENLOCAL_NO_DEMO")]
    no_demo: bool,
    /// How the log on stderr is written: one line per request (level from ZENLOCAL_LOG,
    /// e.g. `debug`).
    #[arg(long, env = "ZENLOCAL_LOG_FORMAT", value_enum, default_value = "text")]
    log_format: LogFormat,
    /// Largest accepted request body.
    #[arg(long, env = "ZENLOCAL_MAX_BODY_BYTES", default_value_t = 1024 * 1024,
          value_parser = clap::value_parser!(u64).range(1..=64 * 1024 * 1024))]
    max_body_bytes: u64,
    /// Seconds a connection may take to send a request's headers, counted from when it
    /// opens or from its previous answer: an idle keep-alive connection is closed after it.
    #[arg(long, env = "ZENLOCAL_HEADER_TIMEOUT_SECONDS", default_value_t = 30,
          value_parser = clap::value_parser!(u32).range(1..=3_600))]
    header_timeout_seconds: u32,
    /// Seconds a request's body may take to arrive once its headers have.
    #[arg(long, env = "ZENLOCAL_BODY_TIMEOUT_SECONDS", default_value_t = 30,
          value_parser = clap::value_parser!(u32).range(1..=3_600))]
    body_timeout_seconds: u32,
    /// Bytes that request bodies over 16 KiB may hold at once while they arrive; more are
    /// answered 503 at once.
    #[arg(long, env = "ZENLOCAL_MAX_BODY_MEMORY", default_value_t = 64 * 1024 * 1024,
          value_parser = clap::value_parser!(u64).range(1..=1 << 34))]
    max_body_memory: u64,
    /// Allowed distance of X-ZC-Timestamp from the real clock.
    #[arg(long, env = "ZENLOCAL_AUTH_SKEW_SECONDS", default_value_t = 300,
          value_parser = clap::value_parser!(u32).range(1..))]
    auth_skew_seconds: u32,
    /// API requests handled at once; more are answered 503 at once.
    #[arg(long, env = "ZENLOCAL_MAX_IN_FLIGHT", default_value_t = 1024,
          value_parser = clap::value_parser!(u32).range(1..))]
    max_in_flight: u32,
    /// Seconds from CreateInstances to RUNNING; 0 = at once.
    #[arg(long, env = "ZENLOCAL_PROVISIONING_SECONDS", default_value_t = 10,
          value_parser = clap::value_parser!(u32).range(0..=86_400))]
    provisioning_seconds: u32,
    /// Seconds a start or stop takes; 0 = at once.
    #[arg(long, env = "ZENLOCAL_POWER_SECONDS", default_value_t = 5,
          value_parser = clap::value_parser!(u32).range(0..=86_400))]
    power_seconds: u32,
    /// Seconds an immediate plan change shows `Processing`; 0 = done within the request.
    #[arg(long, env = "ZENLOCAL_PROCESSING_SECONDS", default_value_t = 5,
          value_parser = clap::value_parser!(u32).range(0..=86_400))]
    processing_seconds: u32,
    /// Seconds CreateImage takes to make a vm custom image; 0 = at once.
    #[arg(long, env = "ZENLOCAL_IMAGE_SECONDS", default_value_t = 10,
          value_parser = clap::value_parser!(u32).range(0..=86_400))]
    image_seconds: u32,
    /// Seconds ReinstallInstance (bmc) and ResetInstance (vm) take; 0 = at once.
    #[arg(long, env = "ZENLOCAL_REINSTALL_SECONDS", default_value_t = 10,
          value_parser = clap::value_parser!(u32).range(0..=86_400))]
    reinstall_seconds: u32,
    /// Seconds a vm disk is CREATING, ATTACHING, DETACHING or RESIZING; 0 = at once.
    #[arg(long, env = "ZENLOCAL_DISK_SECONDS", default_value_t = 5,
          value_parser = clap::value_parser!(u32).range(0..=86_400))]
    disk_seconds: u32,
    /// Hours an instance stays in the recycle bin before it is released.
    #[arg(long, env = "ZENLOCAL_RECYCLE_HOURS", default_value_t = 24,
          value_parser = clap::value_parser!(u32).range(0..=8_760))]
    recycle_hours: u32,
    /// Requests per second per access key or token; unlimited when absent.
    #[arg(long, env = "ZENLOCAL_RATE_LIMIT", value_parser = clap::value_parser!(u32).range(1..))]
    rate_limit: Option<u32>,
    /// API calls the request journal keeps (GET /_zenlocal/requests); 0 turns it off.
    #[arg(long, env = "ZENLOCAL_JOURNAL_SIZE", default_value_t = 1000,
          value_parser = clap::value_parser!(u32).range(0..=1_000_000))]
    journal_size: u32,
    /// Threads answering requests; by default one per core, one fewer on PostgreSQL.
    #[arg(long, env = "ZENLOCAL_WORKER_THREADS",
          value_parser = clap::value_parser!(u16).range(1..=1024))]
    worker_threads: Option<u16>,
}

impl ServeArgs {
    /// The async runtime's threads: as asked, or by D-243 for the store and the machine.
    fn workers(&self) -> usize {
        self.worker_threads.map_or_else(
            || {
                let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
                zenlocal_server::async_workers(&self.database, cores)
            },
            usize::from,
        )
    }
}

/// The log's levels from ZENLOCAL_LOG: a level (`debug`), or levels by target
/// (`zenlocal_server=debug,warn`), read without compiling a regular expression at each
/// start (as an `EnvFilter` does); `info` when unset, and when unreadable, which is said.
fn log_levels() -> Targets {
    let default = || Targets::new().with_default(LevelFilter::INFO);
    match std::env::var("ZENLOCAL_LOG") {
        Ok(levels) => levels.parse().unwrap_or_else(|e| {
            eprintln!("zenlocal: ZENLOCAL_LOG `{levels}` is not a level or target=level list ({e}); logging at info");
            default()
        }),
        Err(_) => default(),
    }
}

fn init_logging(format: LogFormat) {
    let layer = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    let registry = tracing_subscriber::registry().with(log_levels());
    match format {
        LogFormat::Text => registry.with(layer).init(),
        LogFormat::Json => registry.with(layer.json().flatten_event(true)).init(),
    }
}

async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    init_logging(args.log_format);
    let requested_clock = args.clock;
    let catalog = match &args.catalog {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the catalog {}", path.display()))?;
            Catalog::from_toml(&text, &path.display().to_string())?
        }
        None => Catalog::builtin(),
    };
    // Read before starting, so that a bad file stops nothing.
    let fixtures = match &args.fixtures {
        Some(path) => Some(control::fixtures_json(path)?),
        None => None,
    };
    let admin_token = args.admin_token.clone();
    let config = Config {
        listen: args.listen,
        database: args.database,
        catalog,
        clock: args.clock,
        admin_token: args.admin_token,
        demo: !args.no_demo,
        max_body_bytes: args.max_body_bytes as usize,
        header_timeout: Duration::from_secs(args.header_timeout_seconds.into()),
        body_timeout: Duration::from_secs(args.body_timeout_seconds.into()),
        max_body_memory: args.max_body_memory as usize,
        auth_skew_seconds: i64::from(args.auth_skew_seconds),
        rate_limit: args.rate_limit,
        scheduler_interval: Duration::from_millis(500),
        max_in_flight: args.max_in_flight as usize,
        journal_size: args.journal_size as usize,
        timings: Timings {
            provisioning: i64::from(args.provisioning_seconds),
            power: i64::from(args.power_seconds),
            recycle: i64::from(args.recycle_hours) * 3600,
            processing: i64::from(args.processing_seconds),
            imaging: i64::from(args.image_seconds),
            reinstall: i64::from(args.reinstall_seconds),
            disk: i64::from(args.disk_seconds),
        },
    };
    // Listening for signals before the server answers, so a SIGTERM sent as soon as it
    // does (or right after the banner) is never lost.
    let stop = shutdown_signal()?;
    let server = zenlocal_server::start(config).await?;
    let info = &server.info;
    let mut banner = format!(
        "zenlocal {} listening on http://{} (store: {})\n{}\n",
        env!("CARGO_PKG_VERSION"),
        info.addr,
        info.store,
        clock_line(&info.clock, requested_clock)
    );
    if let Some(fixtures) = fixtures {
        let built = load_fixtures(info.addr, admin_token.as_deref(), &fixtures).await?;
        banner.push_str(&format!(
            "fixtures from {}:\n{built}\n",
            args.fixtures
                .as_ref()
                .map_or(String::new(), |p| p.display().to_string())
        ));
    }
    if let Some(account) = &info.demo_account_id {
        let demo = &Demo::builtin().account;
        banner.push_str(&format!(
            "demo account {account}:\n  access key id:       {}\n  access key password: {}\n  \
             bearer token:        {}\n",
            demo.access_key_id, demo.access_key_password, demo.token
        ));
    }
    // A supervisor that read the first line and closed the pipe must not stop the
    // server: a failed write of the banner is not an error (println! would panic).
    {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(banner.as_bytes()).and_then(|()| out.flush());
    }
    stop.await;
    tracing::info!("shutting down: finishing in-flight requests");
    server.shutdown().await;
    tracing::info!("stopped");
    Ok(())
}

/// Builds the fixtures through the server's own control plane, as `POST
/// /_zenlocal/fixtures` would; answers the accounts made, one JSON line each.
async fn load_fixtures(
    addr: std::net::SocketAddr,
    admin_token: Option<&str>,
    fixtures: &serde_json::Value,
) -> anyhow::Result<String> {
    let mut request = reqwest::Client::new()
        .post(format!("http://{addr}/_zenlocal/fixtures"))
        .json(fixtures);
    if let Some(token) = admin_token {
        request = request.bearer_auth(token);
    }
    let answer = request.send().await.context("loading the fixtures")?;
    let status = answer.status();
    let body: serde_json::Value = answer.json().await.context("loading the fixtures")?;
    if !status.is_success() {
        anyhow::bail!(
            "the fixtures were refused: {} {}",
            body["code"].as_str().unwrap_or_default(),
            body["message"].as_str().unwrap_or_default()
        );
    }
    let accounts = body["accounts"].as_array().cloned().unwrap_or_default();
    Ok(accounts
        .iter()
        .map(|a| format!("  {a}"))
        .collect::<Vec<_>>()
        .join("\n"))
}

/// The banner's clock line: the clock in force and why (D-103), e.g. `clock: frozen at
/// 2026-01-31T00:00:00Z — the store's time: --clock frozen=2026-01-01T00:00:00Z is earlier
/// and time never goes back; to start there, run `zenlocal reset --clock frozen=…``.
fn clock_line(start: &ClockStart, requested: ClockRequest) -> String {
    let real = zenlocal_server::real_now();
    let now = start.state.now(real);
    let in_force = match start.state.mode {
        ClockMode::Frozen => format!("frozen at {now}"),
        ClockMode::System if start.state.offset == 0 => format!("system time, now {now}"),
        ClockMode::System => format!(
            "system time plus {} of advances, now {now}",
            span(start.state.offset)
        ),
    };
    let why = match (start.origin, requested) {
        (ClockOrigin::Requested, ClockRequest::Frozen(Some(t))) => {
            format!("as --clock frozen={t} asked")
        }
        (ClockOrigin::Requested, ClockRequest::Frozen(None)) => {
            "--clock frozen on a new store: the time it started".to_owned()
        }
        (ClockOrigin::Requested, ClockRequest::System) => "as --clock system asked".to_owned(),
        (ClockOrigin::Resumed, _) => "resumed from the store, where time had got to".to_owned(),
        (ClockOrigin::StoredIsLater { requested }, _) => format!(
            "the store's time: --clock frozen={requested} is earlier and time never goes \
             back; to start there, run `zenlocal reset --clock frozen={requested}`"
        ),
    };
    format!("clock: {in_force} — {why}")
}

/// `93784` → `1d2h3m4s`, as `zenlocal clock advance` takes it.
fn span(seconds: i64) -> String {
    let mut rest = seconds.unsigned_abs();
    let mut out = String::from(if seconds < 0 { "-" } else { "" });
    for (unit, size) in [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)] {
        if rest >= size {
            out.push_str(&format!("{}{unit}", rest / size));
            rest %= size;
        }
    }
    if out.is_empty() || out == "-" {
        out.push_str("0s");
    }
    out
}

/// Registers for SIGINT and SIGTERM now and answers a future that ends on either.
#[cfg(unix)]
fn shutdown_signal() -> anyhow::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = terminate.recv() => {}
        }
    })
}

#[cfg(not(unix))]
fn shutdown_signal() -> anyhow::Result<impl std::future::Future<Output = ()>> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}

/// Exits as clap does for a bad flag, for the checks clap cannot make alone.
fn usage_error(subcommand: &str, message: String) -> ! {
    let mut cli = full_command();
    // Building names the subcommand `zenlocal bench` in the usage line.
    cli.build();
    match cli.find_subcommand_mut(subcommand) {
        Some(sub) => sub
            .error(clap::error::ErrorKind::InvalidValue, message)
            .exit(),
        None => cli
            .error(clap::error::ErrorKind::InvalidValue, message)
            .exit(),
    }
}

/// The client-side commands: each answers the text to print, or how it failed.
async fn client_command(
    global: &settings::GlobalOpts,
    command: Command,
    matches: &ArgMatches,
) -> Result<String, Failure> {
    match command {
        Command::Configure(args) => {
            let sub = matches
                .subcommand_matches("configure")
                .ok_or_else(|| Failure::other("configure without its matches"))?;
            settings::configure(global, &args, sub)
        }
        Command::Clock(args) => control::clock(global, &args).await,
        Command::Clocks(args) => control::clocks(global, &args).await,
        Command::Fixtures(args) => control::fixtures(global, &args).await,
        Command::Accounts(args) => control::accounts(global, &args).await,
        Command::Orders(args) => control::orders(global, &args).await,
        Command::Traffic(args) => control::traffic(global, &args).await,
        Command::Reset(args) => control::reset(global, &args).await,
        Command::Catalog(args) => control::catalog(global, &args).await,
        Command::Faults(args) => tools::faults(global, &args).await,
        Command::Requests(args) => tools::requests(global, &args).await,
        Command::Snapshots(args) => tools::snapshots(global, &args).await,
        Command::Openapi(args) => openapi(&args),
        Command::Completion { shell } => {
            let mut buffer = Vec::new();
            clap_complete::generate(shell, &mut full_command(), "zenlocal", &mut buffer);
            Ok(String::from_utf8_lossy(&buffer).trim_end().to_owned())
        }
        Command::Serve(_) | Command::Bench(_) => Err(Failure::other("not a client command")),
    }
}

fn finish(result: Result<String, Failure>) -> std::process::ExitCode {
    match result {
        Ok(text) => {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error worth a message.
            let _ = writeln!(out, "{text}");
            std::process::ExitCode::SUCCESS
        }
        Err(failure) => {
            eprint!("{}", failure.report());
            std::process::ExitCode::from(failure.exit_code())
        }
    }
}

fn main() -> std::process::ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let mut cli = command_line_for(&args);
    let matches = match cli.try_get_matches_from_mut(args) {
        Ok(matches) => matches,
        Err(e) => closest_suggestions(e).exit(),
    };
    refuse_unhonoured(&cli, &matches);
    let global = match settings::GlobalOpts::from_arg_matches(&matches) {
        Ok(global) => global,
        Err(e) => e.exit(),
    };
    if let Some((name, sub)) = matches.subcommand() {
        if let Some(service) = Service::from_path(name) {
            return on_a_runtime(None, async {
                finish(api::run(service, &global, sub).await)
            });
        }
    }
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    let workers = match &cli.command {
        Command::Serve(args) => Some(args.workers()),
        _ => None,
    };
    on_a_runtime(workers, async {
        let result = match cli.command {
            Command::Serve(args) => serve(args).await,
            Command::Bench(args) => match args.plan(&global) {
                Ok(plan) => bench::run(plan).await,
                Err(message) => usage_error("bench", message),
            },
            other => return finish(client_command(&global, other, &matches).await),
        };
        match result {
            Ok(()) => std::process::ExitCode::SUCCESS,
            Err(e) => {
                // Every cause, down to the database's own message and SQLSTATE.
                eprintln!("zenlocal: {}", zenlocal_wire::error::describe(e.as_ref()));
                std::process::ExitCode::FAILURE
            }
        }
    })
}

/// Runs `main` on an async runtime of `workers` threads (one per core when `None`).
fn on_a_runtime(
    workers: Option<usize>,
    main: impl std::future::Future<Output = std::process::ExitCode>,
) -> std::process::ExitCode {
    let mut runtime = tokio::runtime::Builder::new_multi_thread();
    runtime.enable_all();
    if let Some(workers) = workers {
        runtime.worker_threads(workers);
    }
    match runtime.build() {
        Ok(runtime) => runtime.block_on(main),
        Err(e) => {
            eprintln!("zenlocal: cannot start the async runtime: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn typo_tips_name_the_closest_two_in_kebab_case() {
        // As clap ranks them, the closest last.
        let ranked: Vec<String> = [
            "describe-images",
            "DescribeInstanceTypes",
            "describe-instance-types",
            "DescribeInstances",
            "describe-instances",
        ]
        .map(String::from)
        .into();
        assert_eq!(
            super::closest(&ranked),
            ["describe-instances", "describe-instance-types"]
        );
        assert_eq!(super::closest(&["clock".to_owned()]), ["clock"]);
    }

    /// Every command's help, `zenlocal` first, with the path that shows it.
    fn every_help(cmd: &mut clap::Command, path: String, out: &mut Vec<(String, String)>) {
        out.push((path.clone(), cmd.render_long_help().to_string()));
        for sub in cmd.get_subcommands_mut() {
            let path = format!("{path} {}", sub.get_name());
            every_help(sub, path, out);
        }
    }

    #[test]
    fn help_speaks_the_users_words() {
        let mut cmd = super::full_command();
        let mut helps = Vec::new();
        every_help(&mut cmd, "zenlocal".into(), &mut helps);
        for (path, help) in &helps {
            for internal in [
                "(D-",
                "D-1",
                "D-2",
                "seed",
                "ZENLAYER-API",
                "DECISIONS",
                "§",
            ] {
                assert!(
                    !help.contains(internal),
                    "`{path} --help` says {internal}:\n{help}"
                );
            }
            assert!(
                !help.contains("=]"),
                "`{path} --help` shows an empty variable:\n{help}"
            );
            assert!(!help.contains("version-api"), "`{path} --help`:\n{help}");
        }
        fn described(cmd: &clap::Command, path: &str) {
            for arg in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
                let described = arg.get_help().is_some() || arg.get_long_help().is_some();
                assert!(described, "`{path}`: --{} has no description", arg.get_id());
            }
            for sub in cmd.get_subcommands() {
                described(sub, &format!("{path} {}", sub.get_name()));
            }
        }
        described(&cmd, "zenlocal");
    }

    #[test]
    fn serve_goes_without_the_service_commands_and_keeps_its_help() {
        let args =
            |line: &str| -> Vec<std::ffi::OsString> { line.split(' ').map(Into::into).collect() };
        let mut serving = super::command_line_for(&args("zenlocal serve"));
        assert!(serving.find_subcommand("bmc").is_none());
        let mut full = super::command_line_for(&args("zenlocal bmc describe-zones"));
        assert!(full.find_subcommand("bmc").is_some());
        let help = |cmd: &mut clap::Command| {
            cmd.find_subcommand_mut("serve")
                .map(|s| s.render_long_help().to_string())
        };
        assert_eq!(help(&mut serving), help(&mut full));
        assert!(help(&mut serving).is_some_and(|h| h.contains("--database")));
    }

    #[test]
    fn the_whole_command_line_passes_clap_checks() {
        // Catches a flag of an action clashing with a global one, in any subcommand.
        super::full_command().debug_assert();
    }
}
