//! The `zenlocal` binary: the server (`serve`), a load generator (`bench`), the
//! control-plane commands, and one subcommand per API action (`zenlocal bmc
//! modify-instance-traffic-package --instance-id … --traffic-package-size 1.5`), generated
//! from the table in `spec.rs`.

mod api;
mod bench;
mod control;
mod failure;
mod render;
mod settings;
mod spec;

use anyhow::Context;
use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use failure::Failure;
use std::time::Duration;
use zenlocal_core::clock::ClockRequest;
use zenlocal_core::instance::Timings;
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
    /// Create accounts and deposit money (control plane).
    Accounts(control::AccountsArgs),
    /// List orders, oldest first (control plane).
    Orders(control::OrdersArgs),
    /// Empty the store and re-create the demo account; the clock stays (control plane).
    Reset(control::PlainArgs),
    /// Show the catalog in force (control plane).
    Catalog(control::PlainArgs),
    /// Print a shell completion script: `zenlocal completion bash > /etc/bash_completion.d/zenlocal`.
    Completion {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// The whole command line: the derived commands plus one generated command per service.
fn full_command() -> clap::Command {
    let mut cmd = Cli::command();
    for service in Service::ALL {
        cmd = cmd.subcommand(api::service_command(service));
    }
    cmd
}

#[derive(Clone, Copy, ValueEnum)]
enum LogFormat {
    Text,
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
    /// `system` (wall clock plus advances) or `frozen[=RFC3339]`.
    #[arg(long, env = "ZENLOCAL_CLOCK", default_value = "system", value_parser = ClockRequest::parse)]
    clock: ClockRequest,
    /// Bearer token guarding /_zenlocal/; without it only loopback peers may use it.
    #[arg(long, env = "ZENLOCAL_ADMIN_TOKEN", hide_env_values = true)]
    admin_token: Option<String>,
    /// Do not create the demo account on an empty store.
    #[arg(long, env = "ZENLOCAL_NO_DEMO")]
    no_demo: bool,
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
    /// Seconds from CreateInstances to RUNNING (D-20); 0 = at once.
    #[arg(long, env = "ZENLOCAL_PROVISIONING_SECONDS", default_value_t = 10,
          value_parser = clap::value_parser!(u32).range(0..=86_400))]
    provisioning_seconds: u32,
    /// Seconds a start or stop takes (D-20); 0 = at once.
    #[arg(long, env = "ZENLOCAL_POWER_SECONDS", default_value_t = 5,
          value_parser = clap::value_parser!(u32).range(0..=86_400))]
    power_seconds: u32,
    /// Seconds an immediate plan change shows `Processing` (D-11); 0 = done within the request.
    #[arg(long, env = "ZENLOCAL_PROCESSING_SECONDS", default_value_t = 5,
          value_parser = clap::value_parser!(u32).range(0..=86_400))]
    processing_seconds: u32,
    /// Hours an instance stays in the recycle bin before it is released (D-25).
    #[arg(long, env = "ZENLOCAL_RECYCLE_HOURS", default_value_t = 24,
          value_parser = clap::value_parser!(u32).range(0..=8_760))]
    recycle_hours: u32,
    /// Requests per second per access key or token; unlimited when absent.
    #[arg(long, env = "ZENLOCAL_RATE_LIMIT", value_parser = clap::value_parser!(u32).range(1..))]
    rate_limit: Option<u32>,
}

fn init_logging(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("ZENLOCAL_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().flatten_event(true).init(),
    }
}

async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    init_logging(args.log_format);
    let catalog = match &args.catalog {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the catalog {}", path.display()))?;
            Catalog::from_toml(&text, &path.display().to_string())?
        }
        None => Catalog::builtin(),
    };
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
        timings: Timings {
            provisioning: i64::from(args.provisioning_seconds),
            power: i64::from(args.power_seconds),
            recycle: i64::from(args.recycle_hours) * 3600,
            processing: i64::from(args.processing_seconds),
        },
    };
    let server = zenlocal_server::start(config).await?;
    // Listening for signals before the banner, so one sent right after it is not lost.
    let stop = shutdown_signal()?;
    let info = &server.info;
    println!(
        "zenlocal {} listening on http://{} (store: {})",
        env!("CARGO_PKG_VERSION"),
        info.addr,
        info.store
    );
    if let Some(account) = &info.demo_account_id {
        println!("demo account {account}:");
        println!(
            "  access key id:       {}",
            zenlocal_server::DEMO_ACCESS_KEY_ID
        );
        println!(
            "  access key password: {}",
            zenlocal_server::DEMO_ACCESS_KEY_PASSWORD
        );
        println!("  bearer token:        {}", zenlocal_server::DEMO_TOKEN);
    }
    stop.await;
    tracing::info!("shutting down: finishing in-flight requests");
    server.shutdown().await;
    tracing::info!("stopped");
    Ok(())
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
async fn client_command(command: Command, matches: &ArgMatches) -> Result<String, Failure> {
    match command {
        Command::Configure(args) => {
            let sub = matches
                .subcommand_matches("configure")
                .ok_or_else(|| Failure::other("configure without its matches"))?;
            settings::configure(&args, sub)
        }
        Command::Clock(args) => control::clock(&args).await,
        Command::Accounts(args) => control::accounts(&args).await,
        Command::Orders(args) => control::orders(&args).await,
        Command::Reset(args) => control::reset(&args).await,
        Command::Catalog(args) => control::catalog(&args).await,
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

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let matches = full_command().get_matches();
    if let Some((name, sub)) = matches.subcommand() {
        if let Some(service) = Service::from_path(name) {
            return finish(api::run(service, sub).await);
        }
    }
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    let result = match cli.command {
        Command::Serve(args) => serve(args).await,
        Command::Bench(args) => match args.plan() {
            Ok(plan) => bench::run(plan).await,
            Err(message) => usage_error("bench", message),
        },
        other => return finish(client_command(other, &matches).await),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("zenlocal: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_whole_command_line_passes_clap_checks() {
        // Catches a flag of an action clashing with a global one, in any subcommand.
        super::full_command().debug_assert();
    }
}
