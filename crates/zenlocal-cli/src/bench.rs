//! `zenlocal bench`: a load generator that sends really signed requests over several
//! connections and reports throughput and latency percentiles. It reports numbers; it
//! never judges them, so no test asserts on what it measures.

use crate::render::OutputFormat;
use crate::settings::{GlobalOpts, Settings};
use hdrhistogram::Histogram;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use zenlocal_client::{Client, Error};
use zenlocal_wire::error::describe;
use zenlocal_wire::{Service, Version};

/// Latencies are recorded in microseconds; an hour bounds anything a 60 s client timeout
/// can produce, and 3 significant digits keep the millisecond decimals meaningful.
const LATENCY_BOUND_MICROS: u64 = 3_600_000_000;
const DEFAULT_REQUESTS: u64 = 5000;

/// How the report is printed: `--output json` gives one JSON object for scripts; any
/// other output (table, the default) gives the text report.
#[derive(Clone, Copy)]
enum Output {
    Text,
    Json,
}

// What to load and how. Where to send, as whom and how to print come from the global
// options every command takes (`--endpoint`, `--access-key-id`/`--access-key-secret`
// or `--token`, `--output`), with their environment variables; a profile is read only
// when `--profile` names one, so a default profile never points the load elsewhere. (A
// doc comment here would replace the command's `about`.)
#[derive(clap::Args)]
pub struct BenchArgs {
    /// Concurrent connections, each sending one request after the other.
    #[arg(long, env = "ZENLOCAL_BENCH_CONNECTIONS", default_value_t = 8,
          value_parser = clap::value_parser!(u32).range(1..=1024))]
    connections: u32,
    /// Requests to send in total [default: 5000].
    #[arg(long, env = "ZENLOCAL_BENCH_REQUESTS", conflicts_with = "duration",
          value_parser = clap::value_parser!(u64).range(1..))]
    requests: Option<u64>,
    /// Send for this long instead of a number of requests: `10s`, `500ms`, `2m`.
    #[arg(long, env = "ZENLOCAL_BENCH_DURATION", value_parser = parse_duration)]
    duration: Option<Duration>,
    /// `service:Action`, service one of bmc, vm, zbc.
    #[arg(long, env = "ZENLOCAL_BENCH_ACTION", default_value = "zbc:DescribeCustomerBalance",
          value_parser = parse_target)]
    action: Target,
    /// The JSON request body.
    #[arg(long, env = "ZENLOCAL_BENCH_BODY", default_value = "{}", value_parser = parse_body)]
    body: String,
    /// X-ZC-Version; the service's newest when absent.
    #[arg(long, env = "ZENLOCAL_BENCH_VERSION")]
    version: Option<String>,
    /// Requests sent first and left out of the report (connections, caches).
    #[arg(long, env = "ZENLOCAL_BENCH_WARMUP", default_value_t = 200)]
    warmup: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    service: Service,
    action: String,
}

/// Parses `bmc:DescribeZones`. Actions are not checked against a list so that the
/// bench can load actions newer than this binary's wire crate.
pub fn parse_target(text: &str) -> Result<Target, String> {
    let (service, action) = text
        .split_once(':')
        .ok_or_else(|| format!("`{text}` is not `service:Action` (e.g. bmc:DescribeZones)"))?;
    let service = Service::from_path(service)
        .ok_or_else(|| format!("unknown service `{service}`; expected bmc, vm or zbc"))?;
    if action.is_empty() || !action.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(format!(
            "`{action}` is not an action name (letters and digits, e.g. DescribeZones)"
        ));
    }
    Ok(Target {
        service,
        action: action.to_owned(),
    })
}

/// Parses `10s`, `500ms` or `2m`; zero is refused because it would measure nothing.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let bad = || format!("`{text}` is not a duration like 10s, 500ms or 2m");
    let digits_end = text.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
    let (number, unit) = text.split_at(digits_end);
    let number: u64 = number.parse().map_err(|_| bad())?;
    let duration = match unit {
        "ms" => Duration::from_millis(number),
        "s" => Duration::from_secs(number),
        "m" => Duration::from_secs(number.checked_mul(60).ok_or_else(bad)?),
        _ => return Err(bad()),
    };
    if duration.is_zero() {
        return Err(format!("`{text}` is zero; give a positive duration"));
    }
    Ok(duration)
}

/// Refuses a body that is not JSON, which would only measure the server's 400 path.
fn parse_body(text: &str) -> Result<String, String> {
    serde_json::from_str::<serde_json::Value>(text)
        .map(|_| text.to_owned())
        .map_err(|e| format!("the body is not JSON: {e}"))
}

#[derive(Clone, Copy)]
enum Until {
    Count(u64),
    Deadline(Instant),
}

enum Amount {
    Requests(u64),
    Duration(Duration),
}

/// What to run, once every flag is checked.
pub struct Plan {
    client: Client,
    version: Version,
    target: Target,
    body: Arc<[u8]>,
    connections: u32,
    amount: Amount,
    warmup: u64,
    output: Output,
}

impl BenchArgs {
    /// Checks what clap cannot check alone; the error is a message for a usage error.
    pub fn plan(self, global: &GlobalOpts) -> Result<Plan, String> {
        let version = self
            .action
            .service
            .version(self.version.as_deref())
            .map_err(|e| e.message)?;
        let settings = Settings::resolve_named_profile_only(&global.conn, &global.cred)
            .map_err(|e| e.message())?;
        let client = Client::new(&settings.endpoint, settings.credential)
            .map_err(|e| format!("{e}; expected http://HOST:PORT or https://HOST"))?;
        let output = match global.conn.output {
            Some(OutputFormat::Json) => Output::Json,
            Some(OutputFormat::Table) | None => Output::Text,
        };
        let amount = match self.duration {
            Some(d) => Amount::Duration(d),
            None => Amount::Requests(self.requests.unwrap_or(DEFAULT_REQUESTS)),
        };
        Ok(Plan {
            client,
            version,
            target: self.action,
            body: Arc::from(self.body.into_bytes()),
            connections: self.connections,
            amount,
            warmup: self.warmup,
            output,
        })
    }
}

/// What one connection (or all of them, merged) saw.
struct Tally {
    latency_micros: Histogram<u64>,
    ok: u64,
    errors: BTreeMap<String, u64>,
    first_error: Option<String>,
}

impl Tally {
    fn new() -> Tally {
        Tally {
            latency_micros: Histogram::new_with_bounds(1, LATENCY_BOUND_MICROS, 3)
                .expect("constant histogram bounds are valid"),
            ok: 0,
            errors: BTreeMap::new(),
            first_error: None,
        }
    }

    fn error(&mut self, error: &Error) {
        let key = match (error.code(), error) {
            (Some(code), _) => code.to_owned(),
            (None, Error::Network(_)) => "NETWORK_ERROR".to_owned(),
            (None, Error::Decode { status, .. }) => format!("HTTP_{status}"),
            _ => "CLIENT_ERROR".to_owned(),
        };
        *self.errors.entry(key).or_default() += 1;
        self.first_error.get_or_insert_with(|| describe(error));
    }

    fn merge(&mut self, other: Tally) {
        // Same bounds on both sides, so adding cannot fail.
        let _ = self.latency_micros.add(&other.latency_micros);
        self.ok += other.ok;
        for (code, count) in other.errors {
            *self.errors.entry(code).or_default() += count;
        }
        if self.first_error.is_none() {
            self.first_error = other.first_error;
        }
    }

    fn total(&self) -> u64 {
        self.ok + self.errors.values().sum::<u64>()
    }
}

struct Job {
    client: Client,
    version: Version,
    action: String,
    body: Arc<[u8]>,
}

/// One connection: requests one after the other, each signed afresh like an SDK does,
/// so the timestamp and signature are part of what is measured.
async fn connection(job: Arc<Job>, issued: Arc<AtomicU64>, until: Until) -> Tally {
    let mut tally = Tally::new();
    loop {
        let more = match until {
            Until::Count(n) => issued.fetch_add(1, Ordering::Relaxed) < n,
            Until::Deadline(at) => Instant::now() < at,
        };
        if !more {
            return tally;
        }
        let started = Instant::now();
        let request = job.client.sign(job.version, &job.action, job.body.to_vec());
        match job.client.send(request).await {
            Ok(_) => {
                let micros = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
                tally.latency_micros.saturating_record(micros.max(1));
                tally.ok += 1;
            }
            Err(e) => tally.error(&e),
        }
    }
}

async fn phase(job: &Arc<Job>, connections: u32, amount: &Amount) -> anyhow::Result<Tally> {
    let until = match amount {
        Amount::Requests(n) => Until::Count(*n),
        Amount::Duration(d) => Until::Deadline(Instant::now() + *d),
    };
    let issued = Arc::new(AtomicU64::new(0));
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..connections {
        tasks.spawn(connection(job.clone(), issued.clone(), until));
    }
    let mut total = Tally::new();
    while let Some(tally) = tasks.join_next().await {
        total.merge(tally?);
    }
    Ok(total)
}

pub async fn run(plan: Plan) -> anyhow::Result<()> {
    let job = Arc::new(Job {
        client: plan.client,
        version: plan.version,
        action: plan.target.action.clone(),
        body: plan.body,
    });
    if plan.warmup > 0 {
        let warm = phase(&job, plan.connections, &Amount::Requests(plan.warmup)).await?;
        // Nothing succeeding means a wrong endpoint, key or action: say so now rather
        // than report a fast run of errors.
        if warm.ok == 0 {
            anyhow::bail!(
                "none of the {} warm-up requests succeeded; first error: {}",
                plan.warmup,
                warm.first_error.unwrap_or_default()
            );
        }
    }
    let started = Instant::now();
    let tally = phase(&job, plan.connections, &plan.amount).await?;
    let elapsed = started.elapsed();
    let report = Report::new(
        format!("{}:{}", plan.target.service.name(), plan.target.action),
        plan.version.name(),
        job.client.endpoint(),
        plan.connections,
        &tally,
        elapsed,
    );
    match plan.output {
        Output::Text => print!("{}", report.text()),
        Output::Json => println!("{}", serde_json::to_string(&report)?),
    }
    Ok(())
}

#[derive(Debug, Serialize, PartialEq)]
pub struct Latency {
    p50: f64,
    p90: f64,
    p99: f64,
    p99_9: f64,
    max: f64,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct Report {
    action: String,
    version: String,
    endpoint: String,
    connections: u32,
    requests: u64,
    ok: u64,
    errors: BTreeMap<String, u64>,
    first_error: Option<String>,
    elapsed_seconds: f64,
    throughput_rps: f64,
    /// Of the successful requests only: a fast refusal is not a fast answer.
    latency_ms: Option<Latency>,
}

impl Report {
    fn new(
        action: String,
        version: &str,
        endpoint: &str,
        connections: u32,
        tally: &Tally,
        elapsed: Duration,
    ) -> Report {
        let h = &tally.latency_micros;
        let ms = |micros: u64| micros as f64 / 1000.0;
        let seconds = elapsed.as_secs_f64();
        let requests = tally.total();
        Report {
            action,
            version: version.to_owned(),
            endpoint: endpoint.to_owned(),
            connections,
            requests,
            ok: tally.ok,
            errors: tally.errors.clone(),
            first_error: tally.first_error.clone(),
            elapsed_seconds: (seconds * 1000.0).round() / 1000.0,
            throughput_rps: if seconds > 0.0 {
                (requests as f64 / seconds * 10.0).round() / 10.0
            } else {
                0.0
            },
            latency_ms: (!h.is_empty()).then(|| Latency {
                p50: ms(h.value_at_quantile(0.50)),
                p90: ms(h.value_at_quantile(0.90)),
                p99: ms(h.value_at_quantile(0.99)),
                p99_9: ms(h.value_at_quantile(0.999)),
                max: ms(h.max()),
            }),
        }
    }

    pub fn text(&self) -> String {
        let mut out = String::new();
        let errors = self.requests - self.ok;
        // Writing to a String cannot fail.
        let _ = writeln!(out, "action       {} ({})", self.action, self.version);
        let _ = writeln!(out, "endpoint     {}", self.endpoint);
        let _ = writeln!(out, "connections  {}", self.connections);
        let _ = writeln!(out, "requests     {} ({errors} errors)", self.requests);
        for (code, count) in &self.errors {
            let _ = writeln!(out, "  {count:>9}  {code}");
        }
        if let Some(first) = &self.first_error {
            let _ = writeln!(out, "first error  {first}");
        }
        let _ = writeln!(out, "elapsed      {:.3} s", self.elapsed_seconds);
        let _ = writeln!(out, "throughput   {:.1} req/s", self.throughput_rps);
        match &self.latency_ms {
            Some(l) => {
                let _ = writeln!(
                    out,
                    "latency ms   p50 {:.3}  p90 {:.3}  p99 {:.3}  p99.9 {:.3}  max {:.3}",
                    l.p50, l.p90, l.p99, l.p99_9, l.max
                );
            }
            None => {
                let _ = writeln!(out, "latency ms   no successful request");
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_take_ms_s_and_m() {
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("10s"), Ok(Duration::from_secs(10)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        for bad in [
            "",
            "10",
            "s",
            "1.5s",
            "-1s",
            "10h",
            "10 s",
            "0s",
            "99999999999999999999s",
        ] {
            assert!(parse_duration(bad).is_err(), "{bad:?} was accepted");
        }
        assert!(parse_duration(&format!("{}m", u64::MAX)).is_err());
    }

    #[test]
    fn targets_name_a_known_service_and_an_action() {
        assert_eq!(
            parse_target("bmc:DescribeZones"),
            Ok(Target {
                service: Service::Bmc,
                action: "DescribeZones".into()
            })
        );
        assert_eq!(
            parse_target("zbc:Anything").map(|t| t.service),
            Ok(Service::Zbc)
        );
        for bad in [
            "DescribeZones",
            "ecs:DescribeZones",
            "bmc:",
            "bmc:Describe Zones",
            ":X",
        ] {
            assert!(parse_target(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn bodies_must_be_json() {
        assert!(parse_body("{}").is_ok());
        assert!(parse_body(r#"{"zoneId":"SEL-A"}"#).is_ok());
        assert!(parse_body("{zoneId}").is_err());
    }

    fn tally() -> Tally {
        let mut t = Tally::new();
        // Below 2048 µs the histogram keeps every microsecond exactly.
        for micros in [500, 1000, 1500, 2000] {
            t.latency_micros.record(micros).unwrap();
            t.ok += 1;
        }
        t.errors.insert("SERVICE_TEMPORARY_UNAVAILABLE".into(), 1);
        t
    }

    fn report(t: &Tally) -> Report {
        Report::new(
            "zbc:DescribeCustomerBalance".into(),
            "2024-08-09",
            "http://127.0.0.1:8080",
            8,
            t,
            Duration::from_millis(2500),
        )
    }

    #[test]
    fn the_report_counts_errors_and_converts_to_milliseconds() {
        let r = report(&tally());
        assert_eq!((r.requests, r.ok), (5, 4));
        assert_eq!(r.throughput_rps, 2.0);
        let l = r.latency_ms.as_ref().unwrap();
        assert_eq!((l.p50, l.max), (1.0, 2.0));
        let text = r.text();
        assert!(text.contains("requests     5 (1 errors)"), "{text}");
        assert!(text.contains("1  SERVICE_TEMPORARY_UNAVAILABLE"), "{text}");
        assert!(text.contains("throughput   2.0 req/s"), "{text}");
        assert!(text.contains("p50 1.000  p90 2.000"), "{text}");
        assert!(text.contains("elapsed      2.500 s"), "{text}");
    }

    #[test]
    fn the_json_report_is_one_object_with_the_same_numbers() {
        let json = serde_json::to_value(report(&tally())).unwrap();
        assert_eq!(json["requests"], 5);
        assert_eq!(json["errors"]["SERVICE_TEMPORARY_UNAVAILABLE"], 1);
        assert_eq!(json["latency_ms"]["p99_9"], 2.0);
    }

    #[test]
    fn a_run_without_success_has_no_latency() {
        let mut t = Tally::new();
        t.errors.insert("AUTHFAILURE_SIGNATURE_FAILURE".into(), 3);
        let r = report(&t);
        assert!(r.latency_ms.is_none());
        assert!(r.text().contains("no successful request"));
    }
}
