//! The testing tools of the control plane: `faults`, `requests` and `snapshots`
//! (README "Testing tools").

use crate::control::{ControlPlane, Fetched};
use crate::failure::Failure;
use crate::render::{OutputFormat, View};
use crate::settings::{AdminOpts, GlobalOpts};
use reqwest::Method;
use serde_json::{json, Value};
use std::time::Duration;

#[derive(clap::Args)]
pub struct FaultsArgs {
    #[command(subcommand)]
    command: FaultsCommand,
    #[command(flatten)]
    admin: AdminOpts,
}

#[derive(clap::Subcommand)]
enum FaultsCommand {
    /// Add a rule: matching calls fail with a code, wait longer, or lose the connection.
    Add {
        /// bmc, vm or zbc.
        #[arg(long)]
        service: String,
        /// An action of the service, or `*` for all of them.
        #[arg(long, default_value = "*")]
        action: String,
        /// Only this account's calls.
        #[arg(long)]
        account_id: Option<String>,
        /// Answer this error code (a common one, or one of the action's own), with its HTTP status.
        #[arg(long, group = "effect")]
        code: Option<String>,
        /// Add this many milliseconds before handling the call.
        #[arg(long, group = "effect")]
        latency_ms: Option<u64>,
        /// Close the connection without answering.
        #[arg(long, group = "effect")]
        drop: bool,
        /// Only the next N matching calls; then the rule goes.
        #[arg(long)]
        count: Option<u64>,
        /// Fail each matching call with this probability (0 to 1].
        #[arg(long)]
        probability: Option<f64>,
        /// Where the rule's random sequence starts: the same number fails the same calls
        /// on every run.
        #[arg(long, requires = "probability", value_name = "N")]
        sequence: Option<u64>,
        /// Active from this simulated instant (RFC 3339).
        #[arg(long)]
        from: Option<String>,
        /// Active until this simulated instant (RFC 3339).
        #[arg(long)]
        until: Option<String>,
    },
    /// List the rules of the server asked.
    List,
    /// Delete a rule.
    Delete {
        /// The rule's faultId.
        fault_id: String,
    },
}

#[derive(clap::Args)]
pub struct RequestsArgs {
    /// Only this action's calls.
    #[arg(long)]
    action: Option<String>,
    /// Only this account's calls.
    #[arg(long)]
    account_id: Option<String>,
    /// Only calls answered with this code (`OK` for successes).
    #[arg(long)]
    code: Option<String>,
    /// Only calls journaled after this `seq`.
    #[arg(long)]
    since: Option<u64>,
    /// At most this many calls.
    #[arg(long)]
    limit: Option<u64>,
    /// Keep printing calls as they come, oldest first, until interrupted.
    #[arg(long)]
    follow: bool,
    #[command(flatten)]
    admin: AdminOpts,
}

#[derive(clap::Args)]
pub struct SnapshotsArgs {
    #[command(subcommand)]
    command: SnapshotsCommand,
    #[command(flatten)]
    admin: AdminOpts,
}

#[derive(clap::Subcommand)]
enum SnapshotsCommand {
    /// Save the whole state, clock included, under a name (replacing one of that name).
    Save {
        /// 1 to 64 letters, digits, `.`, `_` or `-`.
        name: String,
    },
    /// List the snapshots, oldest first.
    List,
    /// Bring a snapshot's state back.
    Restore {
        /// The snapshot's name.
        name: String,
    },
    /// Delete a snapshot.
    Delete {
        /// The snapshot's name.
        name: String,
    },
}

/// A name as a path segment: only what a snapshot or rule name may hold, so a stray `/`
/// or `?` cannot change the route.
fn segment(what: &str, text: &str) -> Result<String, Failure> {
    let ok = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if ok {
        Ok(text.to_owned())
    } else {
        Err(Failure::usage(format!(
            "`{text}` is not a {what} (letters, digits, ., _ and -)"
        )))
    }
}

pub async fn faults(global: &GlobalOpts, args: &FaultsArgs) -> Result<String, Failure> {
    let plane = ControlPlane::new(global, &args.admin)?;
    match &args.command {
        FaultsCommand::Add {
            service,
            action,
            account_id,
            code,
            latency_ms,
            drop,
            count,
            probability,
            sequence,
            from,
            until,
        } => {
            let mut body = json!({"service": service, "action": action});
            let fields: [(&str, Option<Value>); 9] = [
                ("accountId", account_id.as_ref().map(|v| json!(v))),
                ("code", code.as_ref().map(|v| json!(v))),
                ("latencyMs", latency_ms.map(|v| json!(v))),
                ("drop", drop.then(|| json!(true))),
                ("count", count.map(|v| json!(v))),
                ("probability", probability.map(|v| json!(v))),
                ("seed", sequence.map(|v| json!(v))),
                ("from", from.as_ref().map(|v| json!(v))),
                ("until", until.as_ref().map(|v| json!(v))),
            ];
            for (name, value) in fields {
                if let Some(value) = value {
                    body[name] = value;
                }
            }
            plane
                .answer(Method::POST, "faults", &[], Some(body), View::Generic)
                .await
        }
        FaultsCommand::List => {
            plane
                .answer(Method::GET, "faults", &[], None, View::Generic)
                .await
        }
        FaultsCommand::Delete { fault_id } => {
            let id = segment("fault id", fault_id)?;
            plane
                .answer(
                    Method::DELETE,
                    &format!("faults/{id}"),
                    &[],
                    None,
                    View::Generic,
                )
                .await
        }
    }
}

pub async fn snapshots(global: &GlobalOpts, args: &SnapshotsArgs) -> Result<String, Failure> {
    let plane = ControlPlane::new(global, &args.admin)?;
    let (method, path, body) = match &args.command {
        SnapshotsCommand::Save { name } => (
            Method::POST,
            "snapshots".to_owned(),
            Some(json!({"name": segment("snapshot name", name)?})),
        ),
        SnapshotsCommand::List => (Method::GET, "snapshots".to_owned(), None),
        SnapshotsCommand::Restore { name } => (
            Method::POST,
            format!("snapshots/{}/restore", segment("snapshot name", name)?),
            None,
        ),
        SnapshotsCommand::Delete { name } => (
            Method::DELETE,
            format!("snapshots/{}", segment("snapshot name", name)?),
            None,
        ),
    };
    plane.answer(method, &path, &[], body, View::Generic).await
}

/// How often `--follow` asks for new calls.
const FOLLOW_EVERY: Duration = Duration::from_secs(1);

pub async fn requests(global: &GlobalOpts, args: &RequestsArgs) -> Result<String, Failure> {
    let plane = ControlPlane::new(global, &args.admin)?;
    let since = args.since.map(|n| n.to_string());
    let limit = args.limit.map(|n| n.to_string());
    let mut query: Vec<(&str, &str)> = Vec::new();
    for (name, value) in [
        ("action", args.action.as_deref()),
        ("accountId", args.account_id.as_deref()),
        ("code", args.code.as_deref()),
        ("limit", limit.as_deref()),
    ] {
        if let Some(value) = value {
            query.push((name, value));
        }
    }
    if !args.follow {
        if let Some(since) = &since {
            query.push(("since", since));
        }
        return plane
            .answer(Method::GET, "requests", &query, None, View::Generic)
            .await;
    }
    let mut seen = args.since;
    loop {
        let mut asked = query.clone();
        let since = seen.map(|n| n.to_string());
        if let Some(since) = &since {
            asked.push(("since", since));
        }
        let value = match plane.fetch(Method::GET, "requests", &asked, None).await? {
            Fetched::DryRun(text) => return Ok(text),
            Fetched::Answer(value) => value,
        };
        let entries = value["requests"].as_array().cloned().unwrap_or_default();
        // Newest first on the wire; printed as they happened.
        for entry in entries.iter().rev() {
            println!("{}", follow_line(entry, plane.output()));
            seen = seen.max(entry["seq"].as_u64());
        }
        tokio::time::sleep(FOLLOW_EVERY).await;
    }
}

/// One call as `--follow` prints it: a JSON line, or a line of words.
fn follow_line(entry: &Value, output: OutputFormat) -> String {
    if output == OutputFormat::Json {
        return entry.to_string();
    }
    let text = |name: &str| match &entry[name] {
        Value::Null => "-".to_owned(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let mut line = format!(
        "{} {} {} {}:{} {} {} {}ms {}",
        text("seq"),
        text("time"),
        text("simulatedTime"),
        text("service"),
        text("action"),
        text("status"),
        text("code"),
        text("latencyMs"),
        text("requestId"),
    );
    if entry["injected"] == json!(true) {
        line.push_str(&format!(" injected:{}", text("fault")));
    }
    line
}
