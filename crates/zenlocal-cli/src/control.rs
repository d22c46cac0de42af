//! The control-plane commands: `clock`, `accounts`, `orders`, `traffic`, `reset`,
//! `catalog` — plain
//! JSON over HTTP to `/_zenlocal/` (README "The control plane"), with the admin token as
//! a Bearer token when one is set.

use crate::failure::Failure;
use crate::render::{self, View};
use crate::settings::{mask, AdminOpts, GlobalOpts, Settings};
use anyhow::Context;
use reqwest::Method;
use serde_json::{json, Value};
use std::io::IsTerminal;
use std::time::Duration;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use zenlocal_core::clock::ClockRequest;
use zenlocal_wire::envelope::ErrorBody;
use zenlocal_wire::error::describe;

#[derive(clap::Args)]
pub struct ClockArgs {
    #[command(subcommand)]
    command: ClockCommand,
    #[command(flatten)]
    admin: AdminOpts,
}

#[derive(clap::Subcommand)]
enum ClockCommand {
    /// Show the simulated time and whether it runs or stands still.
    Show,
    /// Move the simulated time forward, applying every event due on the way, in order.
    Advance {
        /// How far: `30d`, `2h`, `90m`, `45s`, `1w`, combined as `1d12h`, bare seconds, or
        /// an RFC 3339 instant to move to (2026-02-01T00:00:00Z).
        #[arg(value_parser = parse_advance, value_name = "DURATION|INSTANT")]
        by: Advance,
    },
}

#[derive(clap::Args)]
pub struct ClocksArgs {
    #[command(subcommand)]
    command: ClocksCommand,
    #[command(flatten)]
    admin: AdminOpts,
}

/// Test clocks (docs/decisions.md D-181 to D-183): each moves only its own accounts.
#[derive(clap::Subcommand)]
enum ClocksCommand {
    /// List the test clocks.
    List,
    /// Make a test clock; prints its id.
    Create {
        /// The clock's name.
        #[arg(long)]
        name: String,
        /// Where it starts (RFC 3339) [default: the global clock's now].
        #[arg(long, value_name = "INSTANT")]
        frozen_time: Option<String>,
    },
    /// Advance a test clock, applying its accounts' events due on the way, in order.
    Advance {
        /// The test clock, e.g. clock-4hV0c2Xq9LmA.
        clock_id: String,
        /// How far, as `zenlocal clock advance` takes it.
        #[arg(value_parser = parse_advance, value_name = "DURATION|INSTANT")]
        by: Advance,
    },
    /// Delete a test clock with its accounts and all they own.
    Delete {
        /// The test clock, e.g. clock-4hV0c2Xq9LmA.
        clock_id: String,
    },
}

#[derive(clap::Args)]
pub struct FixturesArgs {
    #[command(subcommand)]
    command: FixturesCommand,
    #[command(flatten)]
    admin: AdminOpts,
}

/// Fixtures (docs/decisions.md D-184).
#[derive(clap::Subcommand)]
enum FixturesCommand {
    /// Build a fixtures file's accounts through the API, each on a test clock of its own;
    /// prints their ids, keys, tokens, clocks and instances.
    Load {
        /// The fixtures TOML file, e.g. state.toml.
        file: std::path::PathBuf,
    },
    /// Write the store's accounts (or one) as a fixtures TOML file that `load` and
    /// `serve --fixtures` build again through the API; what no step can make is named in
    /// comments.
    Dump {
        /// Only this account, e.g. 412345678901.
        #[arg(long)]
        account_id: Option<String>,
        /// Write the fixtures file here instead of to stdout.
        #[arg(long, value_name = "PATH")]
        file: Option<std::path::PathBuf>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Advance {
    Seconds(i64),
    To(String),
}

/// `30d`, `2h`, `90m`, `45s`, `1w`, `1d12h`, `3600`, or an RFC 3339 instant.
pub fn parse_advance(text: &str) -> Result<Advance, String> {
    if text.contains('T') || text.contains(':') {
        return OffsetDateTime::parse(text, &Rfc3339)
            .map(|_| Advance::To(text.to_owned()))
            .map_err(|e| format!("`{text}` is not an RFC 3339 instant: {e}"));
    }
    let bad = || {
        format!(
            "`{text}` is not a duration like 30d, 2h, 90m, 45s or 1d12h, nor an RFC 3339 instant"
        )
    };
    if !text.is_empty() && text.chars().all(|c| c.is_ascii_digit()) {
        return text.parse().map(Advance::Seconds).map_err(|_| bad());
    }
    let mut total: i64 = 0;
    let mut number = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let unit: i64 = match c {
            'w' => 7 * 86_400,
            'd' => 86_400,
            'h' => 3_600,
            'm' => 60,
            's' => 1,
            _ => return Err(bad()),
        };
        let n: i64 = number.parse().map_err(|_| bad())?;
        total = n
            .checked_mul(unit)
            .and_then(|s| total.checked_add(s))
            .ok_or_else(bad)?;
        number.clear();
    }
    if !number.is_empty() || text.is_empty() {
        return Err(bad());
    }
    Ok(Advance::Seconds(total))
}

#[derive(clap::Args)]
pub struct AccountsArgs {
    #[command(subcommand)]
    command: AccountsCommand,
    #[command(flatten)]
    admin: AdminOpts,
}

#[derive(clap::Subcommand)]
enum AccountsCommand {
    /// Open an account; prints its id, access key, secret and token.
    Create {
        /// The account's name.
        #[arg(long)]
        name: String,
        /// Opening cash balance, e.g. 500.00.
        #[arg(long, value_parser = parse_amount, value_name = "AMOUNT")]
        balance: String,
        /// Percentage of the list price the account pays [default: 100].
        #[arg(long, value_parser = parse_amount, value_name = "PERCENT")]
        discount: Option<String>,
        /// Open it on this test clock (`zenlocal clocks create`) instead of the global one.
        #[arg(long, value_name = "CLOCK_ID")]
        clock_id: Option<String>,
    },
    /// Add money to an account, now or booked for a later simulated instant.
    Deposit {
        /// The account, e.g. 412345678901.
        account_id: String,
        /// How much, e.g. 100.00.
        #[arg(long, value_parser = parse_amount, value_name = "AMOUNT")]
        amount: String,
        /// Book the deposit for this later instant (RFC 3339) instead of now.
        #[arg(long, value_parser = parse_instant, value_name = "INSTANT")]
        at: Option<String>,
    },
    /// Make a resource group in an account; prints its id and name.
    CreateResourceGroup {
        /// The account, e.g. 412345678901.
        account_id: String,
        /// The group's name, unique in the account.
        #[arg(long)]
        name: String,
    },
    /// List an account's resource groups, its default group first.
    ResourceGroups {
        /// The account, e.g. 412345678901.
        account_id: String,
    },
}

/// A decimal amount, sent as a string so no precision is lost on the way.
fn parse_amount(text: &str) -> Result<String, String> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let ok = !whole.is_empty()
        && whole.chars().all(|c| c.is_ascii_digit())
        && fraction.chars().all(|c| c.is_ascii_digit())
        && !(digits.contains('.') && fraction.is_empty());
    if ok {
        Ok(text.to_owned())
    } else {
        Err(format!("`{text}` is not a decimal amount (e.g. 100.00)"))
    }
}

fn parse_instant(text: &str) -> Result<String, String> {
    OffsetDateTime::parse(text, &Rfc3339)
        .map(|_| text.to_owned())
        .map_err(|e| format!("`{text}` is not an RFC 3339 instant (2026-02-01T00:00:00Z): {e}"))
}

#[derive(clap::Args)]
pub struct OrdersArgs {
    /// Only this account's orders.
    #[arg(long)]
    account_id: Option<String>,
    /// Only this instance's orders.
    #[arg(long)]
    instance_id: Option<String>,
    #[command(flatten)]
    admin: AdminOpts,
}

#[derive(clap::Args)]
pub struct ResetArgs {
    /// Start the clock over as `serve --clock` does on a new store: `system`, `frozen` or
    /// `frozen=RFC3339` — the way back from a stored time later than wanted. Without it
    /// the clock stays where it is.
    #[arg(long, value_name = "CLOCK", value_parser = parse_clock)]
    clock: Option<String>,
    #[command(flatten)]
    admin: AdminOpts,
}

/// Checked here so a typo is a usage error; sent as written.
fn parse_clock(text: &str) -> Result<String, String> {
    ClockRequest::parse(text).map(|_| text.trim().to_owned())
}

#[derive(clap::Args)]
pub struct PlainArgs {
    #[command(flatten)]
    admin: AdminOpts,
}

/// One control-plane call.
pub(crate) struct ControlPlane {
    http: reqwest::Client,
    settings: Settings,
    dry_run: bool,
}

impl ControlPlane {
    pub(crate) fn new(global: &GlobalOpts, admin: &AdminOpts) -> Result<ControlPlane, Failure> {
        let settings = Settings::resolve(&global.conn, None, Some(admin))?;
        let endpoint = &settings.endpoint;
        if !(endpoint.starts_with("http://") || endpoint.starts_with("https://")) {
            return Err(Failure::usage(format!(
                "invalid endpoint `{endpoint}`; expected http://HOST:PORT or https://HOST"
            )));
        }
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(120))
            .build()
            .map_err(|e| Failure::other(describe(&e)))?;
        Ok(ControlPlane {
            http,
            settings,
            dry_run: global.dry_run,
        })
    }

    /// Sends the request and prints the answer as `view`; with `--dry-run`, prints the
    /// request instead and sends nothing.
    pub(crate) async fn answer(
        &self,
        method: reqwest::Method,
        path: &str,
        query: &[(&str, &str)],
        body: Option<Value>,
        view: View,
    ) -> Result<String, Failure> {
        match self.fetch(method, path, query, body).await? {
            Fetched::DryRun(text) => Ok(text),
            Fetched::Answer(value) => render::render(
                &value,
                self.settings.output,
                self.settings.query.as_deref(),
                view,
            ),
        }
    }

    pub(crate) fn output(&self) -> render::OutputFormat {
        self.settings.output
    }

    /// Sends the request and answers its JSON; with `--dry-run`, the request's text.
    pub(crate) async fn fetch(
        &self,
        method: reqwest::Method,
        path: &str,
        query: &[(&str, &str)],
        body: Option<Value>,
    ) -> Result<Fetched, Failure> {
        let endpoint = self.settings.endpoint.trim_end_matches('/');
        let url = format!("{endpoint}/_zenlocal/{path}");
        let mut request = self.http.request(method, &url).query(query);
        if let Some(token) = &self.settings.admin_token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = &body {
            request = request.json(body);
        }
        let request = request
            .build()
            .map_err(|e| Failure::usage(format!("cannot build a request to {url}: {e}")))?;
        if self.dry_run {
            return Ok(Fetched::DryRun(request_text(&request, false)));
        }
        if self.settings.debug {
            for line in request_text(&request, true).lines() {
                eprintln!("> {line}");
            }
        }
        let answer = self
            .http
            .execute(request)
            .await
            .map_err(|e| Failure::from_network(&e, endpoint))?;
        let status = answer.status().as_u16();
        let bytes = answer
            .bytes()
            .await
            .map_err(|e| Failure::from_network(&e, endpoint))?;
        if self.settings.debug {
            eprintln!("< {status} {}", String::from_utf8_lossy(&bytes));
        }
        if status != 200 {
            return Err(match serde_json::from_slice::<ErrorBody>(&bytes) {
                Ok(e) => Failure::Api {
                    status,
                    code: e.code,
                    message: e.message,
                    request_id: e.request_id,
                },
                Err(_) => Failure::other(format!(
                    "unexpected answer (HTTP {status}) from {url}: {}",
                    String::from_utf8_lossy(&bytes)
                )),
            });
        }
        let value: Value = serde_json::from_slice(&bytes)
            .map_err(|e| Failure::other(format!("unexpected answer from {url}: {e}")))?;
        Ok(Fetched::Answer(value))
    }

    /// Whether progress may be drawn: on a terminal, with nothing else written to it.
    fn shows_progress(&self) -> bool {
        !self.dry_run && !self.settings.debug && std::io::stderr().is_terminal()
    }

    /// Waits for `advance`, drawing on stderr meanwhile how far the server got, as
    /// `GET /_zenlocal/clock` tells while it applies a long advance (D-115): a bar from
    /// `start`, the events applied and the simulated date. The line is cleared at the end.
    async fn with_progress(
        &self,
        start: Option<OffsetDateTime>,
        advance: impl std::future::Future<Output = Result<String, Failure>>,
    ) -> Result<String, Failure> {
        tokio::pin!(advance);
        let mut drawn = false;
        let result = loop {
            tokio::select! {
                result = &mut advance => break result,
                _ = tokio::time::sleep(PROGRESS_POLL) => {
                    if let Ok(Fetched::Answer(clock)) = self.fetch(Method::GET, "clock", &[], None).await {
                        if let Some(line) = progress_line(start, &clock) {
                            eprint!("\r\x1b[2K{line}");
                            drawn = true;
                        }
                    }
                }
            }
        };
        if drawn {
            eprint!("\r\x1b[2K");
        }
        result
    }
}

/// How often `clock advance` asks how far the server got.
const PROGRESS_POLL: Duration = Duration::from_millis(250);
/// The width of the progress bar, in characters.
const BAR: usize = 30;

/// The progress line of a `GET /_zenlocal/clock` answer during an advance that started at
/// `start`; `None` when no advance is in progress.
fn progress_line(start: Option<OffsetDateTime>, clock: &Value) -> Option<String> {
    let advance = clock.get("advance")?;
    let instant = |v: &Value| OffsetDateTime::parse(v.as_str()?, &Rfc3339).ok();
    let now = instant(&clock["now"])?;
    let to = instant(&advance["to"])?;
    let events = advance["eventsApplied"].as_u64()?;
    let done = match start {
        Some(start) if to > start => {
            ((now - start).as_seconds_f64() / (to - start).as_seconds_f64()).clamp(0.0, 1.0)
        }
        _ => 0.0,
    };
    let filled = (done * BAR as f64).round() as usize;
    Some(format!(
        "[{}{}] {:>3.0}%  {events} events applied  simulated {}",
        "#".repeat(filled),
        "-".repeat(BAR - filled),
        done * 100.0,
        clock["now"].as_str()?,
    ))
}

/// What a control-plane call gave.
pub(crate) enum Fetched {
    /// `--dry-run`: the request, not sent.
    DryRun(String),
    Answer(Value),
}

/// A control-plane request as HTTP text: what `--dry-run` prints (and `--debug`, with the
/// admin token masked).
fn request_text(request: &reqwest::Request, masked: bool) -> String {
    let mut out = format!("{} {}\n", request.method(), request.url());
    for (name, value) in request.headers() {
        let value = value.to_str().unwrap_or("(not text)");
        let value = match value.strip_prefix("Bearer ") {
            Some(token) if masked => format!("Bearer {}", mask(token)),
            _ => value.to_owned(),
        };
        out.push_str(&format!("{name}: {value}\n"));
    }
    if let Some(body) = request.body().and_then(reqwest::Body::as_bytes) {
        out.push('\n');
        out.push_str(&String::from_utf8_lossy(body));
    }
    out.trim_end().to_owned()
}

pub async fn clock(global: &GlobalOpts, args: &ClockArgs) -> Result<String, Failure> {
    let plane = ControlPlane::new(global, &args.admin)?;
    match &args.command {
        ClockCommand::Show => {
            plane
                .answer(Method::GET, "clock", &[], None, View::Generic)
                .await
        }
        ClockCommand::Advance { by } => {
            let advance = plane.answer(
                Method::POST,
                "clock/advance",
                &[],
                Some(by.body()),
                View::Generic,
            );
            if !plane.shows_progress() {
                return advance.await;
            }
            // Where the bar starts; without it the bar stays empty, the counts still show.
            let start = match plane.fetch(Method::GET, "clock", &[], None).await {
                Ok(Fetched::Answer(clock)) => clock["now"]
                    .as_str()
                    .and_then(|now| OffsetDateTime::parse(now, &Rfc3339).ok()),
                _ => None,
            };
            plane.with_progress(start, advance).await
        }
    }
}

impl Advance {
    fn body(&self) -> Value {
        match self {
            Advance::Seconds(s) => json!({"seconds": s}),
            Advance::To(t) => json!({"to": t}),
        }
    }
}

pub async fn clocks(global: &GlobalOpts, args: &ClocksArgs) -> Result<String, Failure> {
    let plane = ControlPlane::new(global, &args.admin)?;
    let (method, path, body) = match &args.command {
        ClocksCommand::List => (Method::GET, "clocks".to_owned(), None),
        ClocksCommand::Create { name, frozen_time } => {
            let mut body = json!({"name": name});
            if let Some(t) = frozen_time {
                body["frozenTime"] = json!(t);
            }
            (Method::POST, "clocks".to_owned(), Some(body))
        }
        ClocksCommand::Advance { clock_id, by } => (
            Method::POST,
            format!("clocks/{}/advance", path_segment(clock_id, "a clock id")?),
            Some(by.body()),
        ),
        ClocksCommand::Delete { clock_id } => (
            Method::DELETE,
            format!("clocks/{}", path_segment(clock_id, "a clock id")?),
            None,
        ),
    };
    plane.answer(method, &path, &[], body, View::Generic).await
}

/// A fixtures file (TOML) as the JSON `POST /_zenlocal/fixtures` takes (D-184).
pub fn fixtures_json(path: &std::path::Path) -> anyhow::Result<serde_json::Value> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the fixtures {}", path.display()))?;
    toml::from_str(&text).with_context(|| format!("{}: not a fixtures file", path.display()))
}

pub async fn fixtures(global: &GlobalOpts, args: &FixturesArgs) -> Result<String, Failure> {
    let plane = ControlPlane::new(global, &args.admin)?;
    match &args.command {
        FixturesCommand::Load { file } => {
            let body = fixtures_json(file).map_err(|e| Failure::usage(format!("{e:#}")))?;
            plane
                .answer(Method::POST, "fixtures", &[], Some(body), View::Generic)
                .await
        }
        FixturesCommand::Dump { account_id, file } => {
            let query: Vec<(&str, &str)> = account_id
                .as_deref()
                .map(|id| ("accountId", id))
                .into_iter()
                .collect();
            let answer = match plane.fetch(Method::GET, "fixtures", &query, None).await? {
                Fetched::DryRun(text) => return Ok(text),
                Fetched::Answer(answer) => answer,
            };
            let text = fixtures_toml(&answer)?;
            match file {
                Some(path) => {
                    std::fs::write(path, &text).map_err(|e| {
                        Failure::other(format!("cannot write {}: {e}", path.display()))
                    })?;
                    Ok(format!("wrote {}\n", path.display()))
                }
                // Printed with a newline of its own.
                None => Ok(text.trim_end().to_owned()),
            }
        }
    }
}

/// `GET /_zenlocal/fixtures`'s answer as a fixtures TOML file: what it could not write
/// first, as comments, then the fixture (D-198).
fn fixtures_toml(answer: &Value) -> Result<String, Failure> {
    let mut text = String::from("# zenlocal fixtures dump (docs/decisions.md D-198)\n");
    for skipped in answer["notWritten"].as_array().into_iter().flatten() {
        let what: Vec<&str> = skipped["what"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        text.push_str(&format!(
            "# not written for account {} ({}): {}\n",
            skipped["accountId"].as_str().unwrap_or("?"),
            skipped["name"].as_str().unwrap_or("?"),
            what.join(", ")
        ));
    }
    let fixture = toml::to_string(&answer["fixture"])
        .map_err(|e| Failure::other(format!("the dump is not TOML: {e}")))?;
    text.push_str(&fixture);
    Ok(text)
}

pub async fn accounts(global: &GlobalOpts, args: &AccountsArgs) -> Result<String, Failure> {
    let plane = ControlPlane::new(global, &args.admin)?;
    let (path, body) = match &args.command {
        AccountsCommand::Create {
            name,
            balance,
            discount,
            clock_id,
        } => {
            let mut body = json!({"name": name, "balance": balance});
            if let Some(d) = discount {
                body["discount"] = json!(d);
            }
            if let Some(c) = clock_id {
                body["clockId"] = json!(c);
            }
            ("accounts".to_owned(), body)
        }
        AccountsCommand::Deposit {
            account_id,
            amount,
            at,
        } => {
            let mut body = json!({"amount": amount});
            if let Some(at) = at {
                body["at"] = json!(at);
            }
            (
                format!(
                    "accounts/{}/deposit",
                    path_segment(account_id, "an account id")?
                ),
                body,
            )
        }
        AccountsCommand::CreateResourceGroup { account_id, name } => (
            format!(
                "accounts/{}/resource-groups",
                path_segment(account_id, "an account id")?
            ),
            json!({"name": name}),
        ),
        AccountsCommand::ResourceGroups { account_id } => {
            let path = format!(
                "accounts/{}/resource-groups",
                path_segment(account_id, "an account id")?
            );
            return plane
                .answer(Method::GET, &path, &[], None, View::Generic)
                .await;
        }
    };
    plane
        .answer(Method::POST, &path, &[], Some(body), View::Generic)
        .await
}

/// An id as a path segment: a stray `/` or `?` must not change the route.
fn path_segment<'a>(id: &'a str, what: &str) -> Result<&'a str, Failure> {
    let ok = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(id)
    } else {
        Err(Failure::usage(format!(
            "`{id}` is not {what} (letters, digits, - and _)"
        )))
    }
}

#[derive(clap::Args)]
pub struct TrafficArgs {
    /// The instance, e.g. 1234567890123456789.
    instance_id: String,
    /// Outbound GB moved now, e.g. 12.5.
    #[arg(long, value_parser = parse_amount, value_name = "GB")]
    out_gb: Option<String>,
    /// Inbound GB moved now.
    #[arg(long, value_parser = parse_amount, value_name = "GB")]
    in_gb: Option<String>,
    /// A steady outbound rate every clock advance turns into usage; 0 stops it.
    #[arg(long, value_parser = parse_amount, value_name = "MBPS")]
    out_mbps: Option<String>,
    #[command(flatten)]
    admin: AdminOpts,
}

/// Records an instance's public traffic (docs/decisions.md D-130); prints the billing
/// period's usage.
pub async fn traffic(global: &GlobalOpts, args: &TrafficArgs) -> Result<String, Failure> {
    let plane = ControlPlane::new(global, &args.admin)?;
    let id = path_segment(&args.instance_id, "an instance id")?;
    let mut body = json!({});
    for (field, value) in [
        ("outGb", &args.out_gb),
        ("inGb", &args.in_gb),
        ("outMbps", &args.out_mbps),
    ] {
        if let Some(v) = value {
            body[field] = json!(v);
        }
    }
    plane
        .answer(
            Method::POST,
            &format!("instances/{id}/traffic"),
            &[],
            Some(body),
            View::Generic,
        )
        .await
}

pub async fn orders(global: &GlobalOpts, args: &OrdersArgs) -> Result<String, Failure> {
    let plane = ControlPlane::new(global, &args.admin)?;
    let mut query = Vec::new();
    if let Some(a) = &args.account_id {
        query.push(("accountId", a.as_str()));
    }
    if let Some(i) = &args.instance_id {
        query.push(("instanceId", i.as_str()));
    }
    plane
        .answer(Method::GET, "orders", &query, None, View::Orders)
        .await
}

pub async fn reset(global: &GlobalOpts, args: &ResetArgs) -> Result<String, Failure> {
    let plane = ControlPlane::new(global, &args.admin)?;
    let body = args.clock.as_ref().map(|clock| json!({"clock": clock}));
    plane
        .answer(Method::POST, "reset", &[], body, View::Generic)
        .await
}

pub async fn catalog(global: &GlobalOpts, args: &PlainArgs) -> Result<String, Failure> {
    let plane = ControlPlane::new(global, &args.admin)?;
    plane
        .answer(Method::GET, "catalog", &[], None, View::Generic)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_progress_line_shows_the_bar_the_events_and_the_simulated_date() {
        let start = OffsetDateTime::parse("2026-01-01T00:00:00Z", &Rfc3339).ok();
        let clock = json!({
            "now": "2026-01-16T12:00:00Z",
            "mode": "frozen",
            "advance": {"to": "2026-02-01T00:00:00Z", "eventsApplied": 12345},
        });
        assert_eq!(
            progress_line(start, &clock).unwrap(),
            "[###############---------------]  50%  12345 events applied  \
             simulated 2026-01-16T12:00:00Z"
        );
        assert!(progress_line(None, &clock)
            .unwrap()
            .starts_with(&format!("[{}]   0%", "-".repeat(BAR))));
        assert_eq!(
            progress_line(start, &json!({"now": "2026-01-16T12:00:00Z"})),
            None
        );
    }

    #[test]
    fn advances_take_units_combinations_and_instants() {
        assert_eq!(parse_advance("30d"), Ok(Advance::Seconds(30 * 86_400)));
        assert_eq!(parse_advance("2h"), Ok(Advance::Seconds(7_200)));
        assert_eq!(parse_advance("90m"), Ok(Advance::Seconds(5_400)));
        assert_eq!(parse_advance("45s"), Ok(Advance::Seconds(45)));
        assert_eq!(parse_advance("1w"), Ok(Advance::Seconds(604_800)));
        assert_eq!(parse_advance("1d12h"), Ok(Advance::Seconds(129_600)));
        assert_eq!(parse_advance("3600"), Ok(Advance::Seconds(3_600)));
        assert_eq!(
            parse_advance("2026-02-01T00:00:00Z"),
            Ok(Advance::To("2026-02-01T00:00:00Z".into()))
        );
        for bad in [
            "",
            "d",
            "30x",
            "1.5d",
            "-1d",
            "2026-02-30T00:00:00Z",
            "99999999999999999999d",
        ] {
            assert!(parse_advance(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn amounts_are_plain_decimals() {
        for ok in ["100", "100.00", "0.5", "-3"] {
            assert!(parse_amount(ok).is_ok(), "{ok}");
        }
        for bad in ["", "1e3", "1.", ".5", "ten", "1,000"] {
            assert!(parse_amount(bad).is_err(), "{bad}");
        }
    }
}
