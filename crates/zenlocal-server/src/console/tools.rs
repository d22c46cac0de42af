//! The testing tools' pages: the request journal (D-186), fault rules (D-185, D-191) and
//! snapshots (D-189, D-190). They read what `GET /_zenlocal/requests`, `/faults` and
//! `/snapshots` read, and their forms call the endpoints the CLI calls (D-196): adding a
//! rule `POST /_zenlocal/faults`, removing one `DELETE /_zenlocal/faults/{id}`, taking a
//! snapshot `POST /_zenlocal/snapshots`, restoring one `POST …/snapshots/{name}/restore`.

use super::page::{action_button, frame, instant, ROOT};
use super::views::{account_link, encode, filters_query, head, instance_link};
use super::{clock, html, listing, Answer};
use crate::faults::Listed;
use crate::journal::{Entry, Filter};
use crate::App;
use axum::extract::{Query, State};
use maud::{html, Markup};
use std::collections::HashMap;
use std::sync::Arc;
use zenlocal_core::fault::ServiceFault;
use zenlocal_store::ops::faults::ServiceFaults;
use zenlocal_store::SnapshotInfo;
use zenlocal_wire::Service;

const REQUEST_FILTERS: [&str; 3] = ["action", "accountId", "code"];

fn request_row(e: &Entry) -> Markup {
    let body = serde_json::to_string_pretty(&e.body).unwrap_or_default();
    html! {
        tr data-seq=(e.seq) data-request=(e.request_id) {
            td.num { (e.seq) }
            td { (e.time) br; span.muted { "simulated " (e.simulated_time) } }
            td { @if let Some(id) = &e.account_id { a href=(account_link(id)) { (id) } } @else { "—" } }
            td.action { (e.service) " " (e.action) br; span.muted { (e.version.unwrap_or("—")) } }
            td.code { (e.status) " " (e.code)
                @if let Some(kind) = e.fault { br; span.tag { "injected: " (kind) } } }
            td.num { (format!("{:.1}", e.latency_ms)) }
            td { details { summary { "Body of " (e.request_id) } pre { (body) } } }
        }
    }
}

pub async fn requests(
    State(app): State<Arc<App>>,
    Query(params): Query<HashMap<String, String>>,
) -> Answer {
    let (params, paging, clock) = listing(&app, params).await?;
    let filter = Filter {
        action: params.get("action").cloned(),
        account_id: params.get("accountId").cloned(),
        code: params.get("code").cloned(),
        ..Filter::default()
    };
    let entries = app.journal.query(&filter).await;
    let filters = filters_query(&params, &REQUEST_FILTERS);
    let text = |n: &str| params.get(n).cloned().unwrap_or_default();
    let body = html! {
        h1 { "Requests" }
        p.muted { "The last API calls this server answered, newest first, secrets replaced. "
            a href="/_zenlocal/requests" { "The journal as JSON" } }
        @if !app.journal.enabled() { p #journal-off { "The journal is off (--journal-size 0)." } }
        form.panel method="get" action={ (ROOT) "/requests" } aria-label="Filter requests" {
            label { "Action" input name="action" value=(text("action")); }
            label { "Account ID" input name="accountId" value=(text("accountId")); }
            label { "Code" input name="code" value=(text("code")); }
            button type="submit" { "Filter" }
        }
        table #requests {
            (head(&["Seq", "Time", "Account", "Action", "Answer", "Latency (ms)", "Body"], &["Seq", "Latency (ms)"]))
            tbody { @for e in paging.slice(&entries) { (request_row(e)) } }
        }
        (paging.nav(&format!("{ROOT}/requests"), &filters, entries.len() as i64))
    };
    Ok(html(200, frame("Requests", &clock, body)))
}

/// What a request rule does, in words.
fn effect(r: &Listed) -> String {
    match (r.code, r.latency_ms, r.drop) {
        (Some(code), _, _) => format!("answer {code}"),
        (_, Some(ms), _) => format!("wait {ms} ms"),
        _ => "drop the connection".to_owned(),
    }
}

/// When a request rule holds, in words.
fn when(r: &Listed) -> Markup {
    html! {
        @if let (Some(count), Some(remaining)) = (r.count, r.remaining) { (remaining) " of " (count) " calls left" br; }
        @if let Some(p) = r.probability { "probability " (p) ", seed " (r.seed.unwrap_or_default()) br; }
        @if let Some(from) = &r.from { "from " (from) br; }
        @if let Some(until) = &r.until { "until " (until) br; }
        @if r.count.is_none() && r.probability.is_none() && r.from.is_none() && r.until.is_none() { "until removed" }
    }
}

fn remove(id: &str) -> Markup {
    action_button(
        &format!("/_zenlocal/faults/{}", encode(id)),
        "DELETE",
        "Remove",
        &format!("Remove fault {id}"),
    )
}

fn request_rules(rules: &[Listed]) -> Markup {
    html! {
        table #fault-rules {
            (head(&["Fault", "Calls", "Account", "Effect", "When", "Injected", "Remove"], &["Injected"]))
            tbody { @for r in rules {
                tr data-fault=(r.fault_id) {
                    th scope="row" { (r.fault_id) }
                    td { (r.service) " " (r.action) }
                    td { @if let Some(id) = &r.account_id { a href=(account_link(id)) { (id) } } @else { "any" } }
                    td.effect { (effect(r)) }
                    td { (when(r)) }
                    td.num.injected { (r.injected) }
                    td { (remove(&r.fault_id)) }
                }
            } }
        }
    }
}

fn service_faults(faults: &[ServiceFault]) -> Markup {
    html! {
        table #service-faults {
            (head(&["Fault", "Kind", "Concerns", "Account", "Added", "Remove"], &[]))
            tbody { @for f in faults {
                tr data-fault=(f.id) {
                    th scope="row" { (f.id) }
                    td { (f.kind.name()) }
                    td {
                        @if let Some(id) = &f.instance_id {
                            a href=(instance_link(id)) { (id) }
                        } @else if let Some(service) = f.service {
                            "the next " (service.name()) " CreateInstances"
                        }
                    }
                    td { a href=(account_link(&f.account_id)) { (f.account_id) } }
                    td { (instant(f.created_at)) }
                    td { (remove(&f.id)) }
                }
            } }
        }
    }
}

/// The form adding a request rule: one effect (a code, a latency or a drop) and when.
fn add_rule_form() -> Markup {
    html! {
        form.panel #add-fault data-endpoint="/_zenlocal/faults" aria-labelledby="add-fault-heading" {
            label { "Service" select name="service" {
                @for s in Service::ALL { option value=(s.name()) { (s.name()) } }
            } }
            label { "Action (* for all)" input name="action" required value="*" autocomplete="off"; }
            label { "Account ID (optional)" input name="accountId" autocomplete="off"; }
            label { "Answer code" input name="code" autocomplete="off" placeholder="e.g. INTERNAL_SERVER_ERROR"; }
            label { "Latency (ms)" input name="latencyMs" type="number" min="1" data-type="number"; }
            label.check { input name="drop" type="checkbox"; "Drop the connection" }
            label { "Count (optional)" input name="count" type="number" min="1" data-type="number"; }
            label { "Probability (optional)" input name="probability" inputmode="decimal" data-type="number"; }
            button type="submit" { "Add fault rule" }
            output aria-live="polite" {}
        }
    }
}

/// The form adding a service fault: the instance's next cycle end fails to renew (D-191).
fn add_service_fault_form() -> Markup {
    html! {
        form.panel #add-service-fault data-endpoint="/_zenlocal/faults" aria-labelledby="add-service-fault-heading" {
            input type="hidden" name="kind" value="renewalFails";
            label { "Instance ID" input name="instanceId" required autocomplete="off"; }
            button type="submit" { "Make its renewal fail" }
            output aria-live="polite" {}
        }
    }
}

pub async fn faults(State(app): State<Arc<App>>) -> Answer {
    let clock = clock(&app).await?;
    let rules = app.faults.list();
    let waiting = app.store.read(ServiceFaults).await?;
    let body = html! {
        h1 { "Faults" }
        p.muted { "Request rules live in this server's memory; service faults wait in the store. "
            a href="/_zenlocal/faults" { "The faults as JSON" } }
        h2 { "Request rules" }
        @if rules.is_empty() { p.muted { "No request rule on this server." } } @else { (request_rules(&rules)) }
        h2 #add-fault-heading { "Add a request rule" }
        (add_rule_form())
        h2 { "Service faults" }
        @if waiting.is_empty() { p.muted { "No service fault waiting." } } @else { (service_faults(&waiting)) }
        h2 #add-service-fault-heading { "Make an instance's next renewal fail" }
        (add_service_fault_form())
    };
    Ok(html(200, frame("Faults", &clock, body)))
}

fn snapshot_row(s: &SnapshotInfo) -> Markup {
    let path = format!("/_zenlocal/snapshots/{}", encode(&s.name));
    html! {
        tr data-snapshot=(s.name) {
            th scope="row" { (s.name) }
            td.held { (instant(s.now)) }
            td { (instant(s.created_at)) }
            td { (action_button(&format!("{path}/restore"), "POST", "Restore", &format!("Restore snapshot {}", s.name)))
                 (action_button(&path, "DELETE", "Delete", &format!("Delete snapshot {}", s.name))) }
        }
    }
}

pub async fn snapshots(State(app): State<Arc<App>>) -> Answer {
    let clock = clock(&app).await?;
    let all = app.store.snapshots().await?;
    let body = html! {
        h1 { "Snapshots" }
        p.muted { "The whole store at an instant; restoring one brings back its state and its clock. "
            a href="/_zenlocal/snapshots" { "The snapshots as JSON" } }
        table #snapshots {
            (head(&["Snapshot", "Simulated time held", "Taken (real time)", "Actions"], &[]))
            tbody { @for s in &all { (snapshot_row(s)) } }
        }
        h2 #take-snapshot-heading { "Take a snapshot" }
        form.panel #take-snapshot data-endpoint="/_zenlocal/snapshots" aria-labelledby="take-snapshot-heading" {
            label { "Name" input name="name" required autocomplete="off"; }
            button type="submit" { "Take snapshot" }
            output aria-live="polite" {}
        }
    };
    Ok(html(200, frame("Snapshots", &clock, body)))
}
