//! The load itself: connections sending signed requests one after the other, each the
//! next of its script, and what they saw, merged into a report.

use hdrhistogram::Histogram;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use zenlocal_client::{Client, Error};
use zenlocal_wire::error::describe;
use zenlocal_wire::Version;

/// Latencies are recorded in microseconds; an hour bounds anything a 60 s client timeout
/// can produce, and 3 significant digits keep the millisecond decimals meaningful.
const LATENCY_BOUND_MICROS: u64 = 3_600_000_000;

/// One request of a script.
pub struct Request {
    pub version: Version,
    pub action: Arc<str>,
    pub body: Vec<u8>,
}

/// What connection `c` sends as its `n`th request (counted from 0 over the whole run,
/// warm-up included, so that a script alternating two actions never repeats one).
pub type Script = Arc<dyn Fn(usize, u64) -> Request + Send + Sync>;

/// How much to send.
pub enum Amount {
    Requests(u64),
    Duration(Duration),
}

#[derive(Clone, Copy)]
enum Until {
    Count(u64),
    Deadline(Instant),
}

/// The load: who sends, what, over how many connections.
pub struct Load {
    /// Connection `c` sends as `clients[c % clients.len()]`: one client per account.
    clients: Vec<Client>,
    script: Script,
    /// Requests each connection has sent.
    sent: Vec<AtomicU64>,
}

impl Load {
    /// `clients` must not be empty.
    pub fn new(clients: Vec<Client>, script: Script, connections: u32) -> Arc<Load> {
        Arc::new(Load {
            clients,
            script,
            sent: (0..connections).map(|_| AtomicU64::new(0)).collect(),
        })
    }

    pub fn endpoint(&self) -> &str {
        self.clients[0].endpoint()
    }

    pub fn accounts(&self) -> usize {
        self.clients.len()
    }

    /// Sends `amount` over every connection at once; answers what they saw and how long
    /// it took.
    pub async fn run(self: &Arc<Load>, amount: &Amount) -> anyhow::Result<(Tally, Duration)> {
        let started = Instant::now();
        let until = match amount {
            Amount::Requests(n) => Until::Count(*n),
            Amount::Duration(d) => Until::Deadline(started + *d),
        };
        let issued = Arc::new(AtomicU64::new(0));
        let mut tasks = tokio::task::JoinSet::new();
        for c in 0..self.sent.len() {
            tasks.spawn(self.clone().connection(c, issued.clone(), until));
        }
        let mut total = Tally::new();
        while let Some(tally) = tasks.join_next().await {
            total.merge(tally?);
        }
        Ok((total, started.elapsed()))
    }

    /// One connection: requests one after the other, each signed afresh like an SDK does,
    /// so the timestamp and signature are part of what is measured.
    async fn connection(self: Arc<Load>, c: usize, issued: Arc<AtomicU64>, until: Until) -> Tally {
        let mut tally = Tally::new();
        loop {
            let more = match until {
                Until::Count(n) => issued.fetch_add(1, Ordering::Relaxed) < n,
                Until::Deadline(at) => Instant::now() < at,
            };
            if !more {
                return tally;
            }
            let n = self.sent[c].fetch_add(1, Ordering::Relaxed);
            let next = (self.script)(c, n);
            let started = Instant::now();
            let client = &self.clients[c % self.clients.len()];
            let request = client.sign(next.version, &next.action, next.body);
            match client.send(request).await {
                Ok(_) => {
                    let micros = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
                    tally.latency_micros.saturating_record(micros.max(1));
                    tally.ok += 1;
                }
                Err(e) => tally.error(&e),
            }
        }
    }
}

/// What one connection (or all of them, merged) saw.
pub struct Tally {
    latency_micros: Histogram<u64>,
    pub ok: u64,
    errors: BTreeMap<String, u64>,
    pub first_error: Option<String>,
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

#[derive(Debug, Serialize, PartialEq)]
pub struct Latency {
    p50: f64,
    p90: f64,
    p99: f64,
    p99_9: f64,
    max: f64,
}

/// The bare handler's run beside the server's (`--baseline`).
#[derive(Debug, Serialize, PartialEq)]
pub struct Baseline {
    endpoint: String,
    throughput_rps: f64,
    /// The server's throughput over the bare handler's.
    ratio: f64,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct Report {
    action: String,
    version: String,
    endpoint: String,
    connections: u32,
    /// The accounts the connections send as, round robin.
    accounts: usize,
    requests: u64,
    ok: u64,
    errors: BTreeMap<String, u64>,
    first_error: Option<String>,
    elapsed_seconds: f64,
    throughput_rps: f64,
    /// Of the successful requests only: a fast refusal is not a fast answer.
    latency_ms: Option<Latency>,
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<Baseline>,
}

impl Report {
    pub fn new(
        action: String,
        version: &str,
        endpoint: &str,
        connections: u32,
        accounts: usize,
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
            accounts,
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
            baseline: None,
        }
    }

    /// Adds the bare handler's run of the same load.
    pub fn against(mut self, bare: &Report) -> Report {
        self.baseline = Some(Baseline {
            endpoint: bare.endpoint.clone(),
            throughput_rps: bare.throughput_rps,
            ratio: if bare.throughput_rps > 0.0 {
                (self.throughput_rps / bare.throughput_rps * 1000.0).round() / 1000.0
            } else {
                0.0
            },
        });
        self
    }

    pub fn text(&self) -> String {
        let mut out = String::new();
        let errors = self.requests - self.ok;
        // Writing to a String cannot fail.
        let _ = writeln!(out, "action       {} ({})", self.action, self.version);
        let _ = writeln!(out, "endpoint     {}", self.endpoint);
        let _ = match self.accounts {
            1 => writeln!(out, "connections  {}", self.connections),
            n => writeln!(out, "connections  {} over {n} accounts", self.connections),
        };
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
        if let Some(b) = &self.baseline {
            let _ = writeln!(
                out,
                "bare         {:.1} req/s at {}; ratio {:.3}",
                b.throughput_rps, b.endpoint, b.ratio
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            1,
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
        assert!(!text.contains("bare"), "{text}");
    }

    #[test]
    fn the_json_report_is_one_object_with_the_same_numbers() {
        let json = serde_json::to_value(report(&tally())).unwrap();
        assert_eq!(json["requests"], 5);
        assert_eq!(json["errors"]["SERVICE_TEMPORARY_UNAVAILABLE"], 1);
        assert_eq!(json["latency_ms"]["p99_9"], 2.0);
        assert!(json.get("baseline").is_none());
    }

    #[test]
    fn a_run_against_the_bare_handler_gives_the_ratio() {
        let mut bare = Tally::new();
        bare.ok = 20;
        let bare = Report::new(
            "zbc:DescribeCustomerBalance".into(),
            "2024-08-09",
            "http://127.0.0.1:9090",
            8,
            1,
            &bare,
            Duration::from_millis(2500),
        );
        let r = report(&tally()).against(&bare);
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["baseline"]["throughput_rps"], 8.0);
        assert_eq!(json["baseline"]["ratio"], 0.25);
        assert!(
            r.text()
                .contains("bare         8.0 req/s at http://127.0.0.1:9090; ratio 0.250"),
            "{}",
            r.text()
        );
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
