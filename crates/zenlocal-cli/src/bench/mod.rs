//! `zenlocal bench`: a load generator that sends really signed requests over several
//! connections and reports throughput and latency percentiles. It reports numbers; it
//! never judges them, so no test asserts on what it measures.
//!
//! Scenarios (`--scenario`): `request` sends one action with one body (the default);
//! `plan-mix`, `upgrade` and `create` write, on instances the bench buys first for an
//! account of its own (`scenario`); `time-travel` times one advance across the cycle end
//! of many instances. `--serve-bare` serves a bare handler (`bare`), and `--baseline`
//! runs the same load against it first, for the ratio. The load itself is `load`.

mod bare;
mod load;
mod scenario;

use crate::render::OutputFormat;
use crate::settings::{AdminOpts, GlobalOpts, Settings};
use load::{Amount, Load, Report, Request, Script};
use scenario::{ControlPlane, Network};
use std::sync::Arc;
use std::time::Duration;
use zenlocal_client::Client;
use zenlocal_wire::{Service, Version};

const DEFAULT_REQUESTS: u64 = 5000;

/// How the report is printed: `--output json` gives one JSON object for scripts; any
/// other output (table, the default) gives the text report.
#[derive(Clone, Copy)]
enum Output {
    Text,
    Json,
}

/// What the load is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Scenario {
    /// `--action` with `--body`, the same request over and over.
    Request,
    /// Per connection, a traffic-package downgrade of its own instance, then its
    /// cancellation, and again (ModifyInstanceTrafficPackage,
    /// CancelInstanceTrafficPackageDowngrade): durable writes, nothing charged.
    PlanMix,
    /// Bandwidth upgrades, 1 Mbps at a time, each charged (an order and a ledger entry);
    /// start the server with `--processing-seconds 0`, or an instance stays Processing.
    Upgrade,
    /// CreateInstances, one PREPAID instance each, charged.
    Create,
    /// Buys `--instances` PREPAID instances, schedules a downgrade on each, then times
    /// one advance of 31 days across their cycle end.
    TimeTravel,
}

// What to load and how. Where to send, as whom and how to print come from the global
// options every command takes (`--endpoint`, `--access-key-id`/`--access-key-secret`
// or `--token`, `--output`), with their environment variables; a profile is read only
// when `--profile` names one, so a default profile never points the load elsewhere. (A
// doc comment here would replace the command's `about`.)
#[derive(clap::Args)]
pub struct BenchArgs {
    /// What to send; the scenarios other than `request` buy instances for an account of
    /// their own through the control plane, and move the simulated clock.
    #[arg(
        long,
        env = "ZENLOCAL_BENCH_SCENARIO",
        value_enum,
        default_value = "request"
    )]
    scenario: Scenario,
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
    /// Instances to buy: for `time-travel` the instances advanced over [default: 1000];
    /// for `upgrade` shared by the connections, each taking 990 upgrades (a whole number
    /// per connection, at least one) [default: one per connection].
    #[arg(long, env = "ZENLOCAL_BENCH_INSTANCES",
          value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    instances: Option<u64>,
    /// Accounts the `plan-mix`, `upgrade` and `create` loads send as, connection `c` as
    /// the `c % N`th, each on instances of its own; no more than `--connections`.
    #[arg(long, env = "ZENLOCAL_BENCH_ACCOUNTS", default_value_t = 1,
          value_parser = clap::value_parser!(u32).range(1..=1024))]
    accounts: u32,
    /// `service:Action`, service one of bmc, vm, zbc (`request` scenario).
    #[arg(long, env = "ZENLOCAL_BENCH_ACTION", default_value = "zbc:DescribeCustomerBalance",
          value_parser = parse_target)]
    action: Target,
    /// The JSON request body (`request` scenario).
    #[arg(long, env = "ZENLOCAL_BENCH_BODY", default_value = "{}", value_parser = parse_body)]
    body: String,
    /// X-ZC-Version; the service's newest when absent (`request` scenario).
    #[arg(long, env = "ZENLOCAL_BENCH_VERSION")]
    version: Option<String>,
    /// Requests sent first and left out of the report (connections, caches).
    #[arg(long, env = "ZENLOCAL_BENCH_WARMUP", default_value_t = 200)]
    warmup: u64,
    /// Run the same load against a bare handler at this endpoint first (one that
    /// `zenlocal bench --serve-bare` serves), and report the server's throughput as a
    /// ratio of the bare handler's (`request` scenario).
    #[arg(long, value_name = "URL")]
    baseline: Option<String>,
    /// Serve the bare handler on this address until interrupted, and send nothing.
    #[arg(long, value_name = "ADDR", conflicts_with = "baseline")]
    serve_bare: Option<String>,
    #[command(flatten)]
    admin: AdminOpts,
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

/// What to run, once every flag is checked.
pub enum Plan {
    Load(Box<LoadPlan>),
    Bare(String),
}

pub struct LoadPlan {
    scenario: Scenario,
    client: Client,
    version: Version,
    target: Target,
    body: Arc<[u8]>,
    connections: u32,
    amount: Amount,
    instances: Option<u64>,
    accounts: usize,
    warmup: u64,
    output: Output,
    baseline: Option<Client>,
    plane: ControlPlane,
}

impl BenchArgs {
    /// Checks what clap cannot check alone; the error is a message for a usage error.
    pub fn plan(self, global: &GlobalOpts) -> Result<Plan, String> {
        if let Some(listen) = self.serve_bare {
            return Ok(Plan::Bare(listen));
        }
        let version = self
            .action
            .service
            .version(self.version.as_deref())
            .map_err(|e| e.message)?;
        let settings = Settings::resolve_named_profile_only(&global.conn, &global.cred)
            .map_err(|e| e.message())?;
        let bad_endpoint = |e| format!("{e}; expected http://HOST:PORT or https://HOST");
        let client =
            Client::new(&settings.endpoint, settings.credential.clone()).map_err(bad_endpoint)?;
        let baseline = match &self.baseline {
            Some(url) if self.scenario == Scenario::Request => {
                Some(Client::new(url, settings.credential).map_err(bad_endpoint)?)
            }
            Some(_) => return Err("--baseline goes with the `request` scenario only".into()),
            None => None,
        };
        let output = match global.conn.output {
            Some(OutputFormat::Json) => Output::Json,
            Some(OutputFormat::Table) | None => Output::Text,
        };
        if self.accounts > 1 {
            if !matches!(
                self.scenario,
                Scenario::PlanMix | Scenario::Upgrade | Scenario::Create
            ) {
                return Err(
                    "--accounts goes with the `plan-mix`, `upgrade` and `create` scenarios only"
                        .into(),
                );
            }
            if self.accounts > self.connections {
                return Err(format!(
                    "--accounts {} exceeds --connections {}: each account sends on a \
                     connection of its own",
                    self.accounts, self.connections
                ));
            }
        }
        let amount = match self.duration {
            Some(d) => Amount::Duration(d),
            None => Amount::Requests(self.requests.unwrap_or(DEFAULT_REQUESTS)),
        };
        let plane = ControlPlane::new(&settings.endpoint, self.admin.admin_token)
            .map_err(|e| e.to_string())?;
        Ok(Plan::Load(Box::new(LoadPlan {
            scenario: self.scenario,
            client,
            version,
            target: self.action,
            body: Arc::from(self.body.into_bytes()),
            connections: self.connections,
            amount,
            instances: self.instances,
            accounts: self.accounts as usize,
            warmup: self.warmup,
            output,
            baseline,
            plane,
        })))
    }
}

pub async fn run(plan: Plan) -> anyhow::Result<()> {
    let plan = match plan {
        Plan::Bare(listen) => return bare::serve(&listen, crate::shutdown_signal()?).await,
        Plan::Load(plan) => *plan,
    };
    let connections = plan.connections as usize;
    let (name, script, clients) = match plan.scenario {
        Scenario::Request => {
            let name = format!("{}:{}", plan.target.service.name(), plan.target.action);
            let (version, body) = (plan.version, plan.body.clone());
            let action: Arc<str> = plan.target.action.clone().into();
            let script: Script = Arc::new(move |_, _| Request {
                version,
                action: action.clone(),
                body: body.to_vec(),
            });
            (name, script, vec![plan.client.clone()])
        }
        Scenario::TimeTravel => {
            let client = plan.plane.account().await?;
            let instances = plan.instances.unwrap_or(1000);
            let report =
                scenario::time_travel(&client, &plan.plane, instances, connections).await?;
            match plan.output {
                Output::Text => print!("{}", report.text()),
                Output::Json => println!("{}", serde_json::to_string(&report)?),
            }
            return Ok(());
        }
        writes => {
            let mut clients = Vec::with_capacity(plan.accounts);
            for _ in 0..plan.accounts {
                clients.push(plan.plane.account().await?);
            }
            // Instances each connection works on, bought beforehand (`create` buys as it
            // goes).
            let (per, network) = match writes {
                Scenario::PlanMix => (1, Network::ByTrafficPackage),
                Scenario::Upgrade => {
                    let count = plan.instances.unwrap_or(connections as u64) as usize;
                    ((count / connections).max(1), Network::ByBandwidth)
                }
                _ => (0, Network::ByTrafficPackage),
            };
            let ids = if per > 0 {
                let orders: Vec<_> = clients
                    .iter()
                    .enumerate()
                    .map(|(a, client)| {
                        let count = per * scenario::connections_of(a, plan.accounts, connections);
                        (client, count as u64)
                    })
                    .collect();
                let bought = scenario::buy(&orders, &plan.plane, network, connections).await?;
                scenario::per_connection(bought, per, connections)
            } else {
                Vec::new()
            };
            let (name, script) = match writes {
                Scenario::PlanMix => ("plan-mix", scenario::plan_mix(ids)),
                Scenario::Upgrade => ("upgrade", scenario::upgrade(ids, connections)),
                _ => ("create", scenario::creates()),
            };
            (name.to_owned(), script, clients)
        }
    };
    let version = match plan.scenario {
        Scenario::Request => plan.version.name(),
        _ => Version::Bmc20260201.name(),
    };
    let measure = |clients: Vec<Client>| {
        let load = Load::new(clients, script.clone(), plan.connections);
        let (name, amount, warmup) = (name.clone(), &plan.amount, plan.warmup);
        async move {
            if warmup > 0 {
                let (warm, _) = load.run(&Amount::Requests(warmup)).await?;
                // Nothing succeeding means a wrong endpoint, key or action: say so now
                // rather than report a fast run of errors.
                if warm.ok == 0 {
                    anyhow::bail!(
                        "none of the {warmup} warm-up requests succeeded; first error: {}",
                        warm.first_error.unwrap_or_default()
                    );
                }
            }
            let (tally, elapsed) = load.run(amount).await?;
            anyhow::Ok(Report::new(
                name,
                version,
                load.endpoint(),
                plan.connections,
                load.accounts(),
                &tally,
                elapsed,
            ))
        }
    };
    let bare = match plan.baseline {
        Some(bare) => Some(measure(vec![bare]).await?),
        None => None,
    };
    let mut report = measure(clients).await?;
    if let Some(bare) = &bare {
        report = report.against(bare);
    }
    match plan.output {
        Output::Text => print!("{}", report.text()),
        Output::Json => println!("{}", serde_json::to_string(&report)?),
    }
    Ok(())
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
}
