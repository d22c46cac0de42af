//! The console's pages: accounts, one account, one instance, orders, the ledger and the
//! catalog. Each reads one snapshot of the store and shows it; none changes anything.

use super::chart::balance_chart;
use super::page::{advance_form_to, frame, instant, money, ADVANCE, ROOT};
use super::{clock, csv, html, listing, path_param, query, Answer, Shown};
use crate::control::order_fields;
use crate::App;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, Query, State};
use maud::{html, Markup};
use std::collections::HashMap;
use std::str::FromStr;
use std::sync::Arc;
use zenlocal_core::account::{Account, LedgerEntry, TransactionType};
use zenlocal_core::billing::{next_utc_midnight, renewal};
use zenlocal_core::catalog::{ChargeType, Offer};
use zenlocal_core::clock::TestClock;
use zenlocal_core::model::{
    Instance, Item, Order, OrderKind, OrderStatus, PendingChange, ResourceRef,
};
use zenlocal_core::{codes, traffic, ApiError, Timestamp};
use zenlocal_store::ops::console::{
    AccountPage, AccountsPage, InstanceOverview, InstancePage, LedgerPage, OrdersPage,
};
use zenlocal_store::OrderFilter;

/// A table's header row; the columns named in `numeric` are aligned as numbers.
pub(super) fn head(columns: &[&str], numeric: &[&str]) -> Markup {
    html! {
        thead { tr {
            @for c in columns {
                th.num[numeric.contains(c)] scope="col" { (c) }
            }
        } }
    }
}

pub(super) fn account_link(id: &str) -> String {
    format!("{ROOT}/accounts/{}", encode(id))
}

pub(super) fn instance_link(id: &str) -> String {
    format!("{ROOT}/instances/{}", encode(id))
}

/// Percent-encodes all but unreserved characters, for links carrying a page's filters.
pub(super) fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The filters of a page as a query string ending in `&` (or empty), for its links.
pub(super) fn filters_query(params: &HashMap<String, String>, names: &[&str]) -> String {
    names
        .iter()
        .filter_map(|n| params.get(*n).map(|v| format!("{n}={}&", encode(v))))
        .collect()
}

/// A filter given by name, e.g. `kind=RENEW`; an unknown name is refused.
fn parsed<T: FromStr<Err = zenlocal_core::names::UnknownName>>(
    params: &HashMap<String, String>,
    field: &str,
) -> Result<Option<T>, ApiError> {
    params
        .get(field)
        .map(|v| {
            v.parse::<T>()
                .map_err(|e| ApiError::invalid_parameter(format!("`{field}`: {e}")))
        })
        .transpose()
}

pub(super) fn not_found(what: &str, id: &str) -> Shown {
    Shown(ApiError::new(
        codes::RESOURCE_NOT_FOUND,
        format!("there is no {what} `{id}`"),
    ))
}

pub async fn accounts(
    State(app): State<Arc<App>>,
    Query(params): Query<HashMap<String, String>>,
) -> Answer {
    let (_, paging, clock) = listing(&app, params).await?;
    let (total, accounts) = app
        .store
        .read(AccountsPage {
            limit: paging.limit(),
            offset: paging.offset(),
        })
        .await?;
    let body = html! {
        h1 { "Accounts" }
        table #accounts {
            (head(&["Account", "Name", "Balance", "Discount (% paid)", "Clock", "Opened"], &["Balance", "Discount (% paid)"]))
            tbody {
                @for (a, test_clock) in &accounts {
                    tr data-account=(a.id) {
                        td { a href=(account_link(&a.id)) { (a.id) } }
                        td { (a.name) }
                        td.num { (money(a.balance)) }
                        td.num { (a.discount.normalize()) }
                        td.clock { @match test_clock {
                            Some(c) => { a href={ (ROOT) "/clocks#" (c.id) } { (c.name) } }
                            None => { "global" }
                        } }
                        td { (instant(a.created_at)) }
                    }
                }
            }
        }
        (paging.nav(ROOT, "", total))
        h2 #create-account-heading { "Create an account" }
        form.panel #create-account data-endpoint="/_zenlocal/accounts" data-done="show"
            aria-labelledby="create-account-heading" {
            label { "Name" input name="name" required autocomplete="off"; }
            label { "Opening balance (USD)" input name="balance" required inputmode="decimal" value="1000.00"; }
            label { "Discount (% paid, optional)" input name="discount" inputmode="decimal"; }
            button type="submit" { "Create account" }
            output aria-live="polite" {}
        }
    };
    Ok(html(200, frame("Accounts", &clock, body)))
}

pub async fn account(
    State(app): State<Arc<App>>,
    account_id: Result<Path<String>, PathRejection>,
    Query(params): Query<HashMap<String, String>>,
) -> Answer {
    let account_id = path_param("accountId", account_id)?;
    let (_, paging, clock) = listing(&app, params).await?;
    let overview = app
        .store
        .read(AccountPage {
            account_id: account_id.clone(),
            limit: paging.limit(),
            offset: paging.offset(),
        })
        .await?
        .ok_or_else(|| not_found("account", &account_id))?;
    let a = &overview.account;
    let body = html! {
        h1 { "Account " (a.name) }
        dl.facts #account {
            dt { "Account ID" } dd #account-id { (a.id) }
            dt { "Balance" } dd #balance { (money(a.balance)) }
            dt { "Discount (% paid)" } dd { (a.discount.normalize()) }
            dt { "Opened" } dd { (instant(a.created_at)) }
            dt { "Instances" } dd #instance-count { (overview.instance_count) }
            dt { "Clock" } dd #account-clock { (account_clock(overview.clock.as_ref().map(|(c, _)| c))) }
            dt { "Money" } dd {
                a href={ (ROOT) "/orders?accountId=" (encode(&a.id)) } { "Orders" }
                " · "
                a href={ (ROOT) "/ledger?accountId=" (encode(&a.id)) } { "Ledger" }
            }
            dt { "Resources" } dd {
                a href={ (account_link(&a.id)) "/networks" } { "Networks" }
                " · "
                a href={ (account_link(&a.id)) "/disks" } { "Disks" }
            }
        }
        @if let Some((test_clock, next)) = &overview.clock {
            p { (super::clocks::advances(test_clock, *next)) }
        }
        h2 { "Balance over simulated time" }
        (balance_chart(a, &overview.ledger, overview.clock.as_ref().map_or(clock.now, |(c, _)| c.now)))
        h2 #deposit-heading { "Deposit" }
        form.panel #deposit data-endpoint={ "/_zenlocal/accounts/" (encode(&a.id)) "/deposit" }
            aria-labelledby="deposit-heading" {
            label { "Amount (USD)" input name="amount" required inputmode="decimal"; }
            button type="submit" { "Deposit" }
            output aria-live="polite" {}
        }
        h2 { "Instances" }
        (instances_table(&overview.instances))
        (paging.nav(&account_link(&a.id), "", overview.instance_count))
    };
    Ok(html(
        200,
        frame(&format!("Account {}", a.name), &clock, body),
    ))
}

/// The clock an account's time is read from (D-181).
fn account_clock(clock: Option<&TestClock>) -> Markup {
    match clock {
        None => html! { "the global clock" },
        Some(c) => html! {
            "test clock " a href={ (ROOT) "/clocks#" (c.id) } { (c.name) } " (" (c.id) "), now "
            time #account-clock-now datetime=(c.now) { (c.now) }
        },
    }
}

/// What an item is called, and its value with its unit.
fn item_label(item: Item) -> &'static str {
    match item {
        Item::Bandwidth => "Bandwidth",
        Item::TrafficPackage => "Traffic package",
        Item::Model => "Model",
    }
}

fn item_value(instance: &Instance, item: Item) -> Option<String> {
    let value = instance.current(item)?.text();
    Some(match item {
        Item::Bandwidth => format!("{value} Mbps"),
        Item::TrafficPackage => format!("{value} TB"),
        Item::Model => value,
    })
}

/// The period's outbound traffic against the package's allowance (D-130), as
/// `POST /_zenlocal/instances/{id}/traffic` answers it: `12.5 GB of 1000 GB`, with the
/// overage when there is one.
fn traffic_used(instance: &Instance) -> Markup {
    let usage = traffic::usage(instance);
    html! {
        data.used value=(usage.cycle_out_gb) { (usage.cycle_out_gb) " GB" }
        @match usage.allowance_gb {
            Some(allowance) => { " of " data.allowance value=(allowance) { (allowance) " GB" } }
            None => { " (no package)" }
        }
        @if !usage.overage_gb.is_zero() {
            br; "overage " data.overage value=(usage.overage_gb) { (usage.overage_gb) " GB" }
        }
    }
}

/// When a pending change comes into force: its order's effective instant, else the
/// cycle end it waits for (D-11, D-13).
fn effective_at(instance: &Instance, p: &PendingChange) -> Option<Timestamp> {
    p.order
        .as_ref()
        .map(|o| o.effective_at)
        .or(instance.billing.expires_at)
}

fn pending_text(p: &PendingChange) -> String {
    let unit = match p.target.item() {
        Item::Bandwidth => " Mbps",
        Item::TrafficPackage => " TB",
        Item::Model => "",
    };
    format!(
        "{} → {}{unit}",
        item_label(p.target.item()),
        p.target.text()
    )
}

fn instances_table(instances: &[Instance]) -> Markup {
    html! {
        table #instances {
            (head(&["Instance", "Zone and type", "Status", "Plan", "Traffic this period", "Pending", "Expires"], &[]))
            tbody {
                @for i in instances {
                    tr data-instance=(i.id) {
                        td { a href=(instance_link(&i.id)) { (i.id) } br; span.muted { (i.service.name()) " · " (i.name) } }
                        td { (i.zone_id) br; (i.product) }
                        td.status { (i.status.name()) br; span.muted { (i.billing.charge_type.name()) } }
                        td { @for item in [Item::Bandwidth, Item::TrafficPackage] {
                            @if let Some(v) = item_value(i, item) { (item_label(item)) " " (v) br; }
                        } }
                        td.traffic { (traffic_used(i)) }
                        td.pending { @for p in &i.pending {
                            (pending_text(p)) " " span.tag { (p.state.name()) }
                            @if let Some(at) = effective_at(i, p) { " from " (instant(at)) }
                            br;
                        } }
                        td { @if let Some(at) = i.billing.expires_at { (instant(at)) } @else { "—" } }
                    }
                }
            }
        }
    }
}

/// One entry of an instance's timeline.
struct Moment {
    at: Timestamp,
    /// 0 past, 1 the present, 2 ahead: the order of entries at one instant.
    when: u8,
    what: Markup,
}

fn timeline(
    app: &App,
    instance: &Instance,
    account: &Account,
    orders: &[Order],
    now: Timestamp,
) -> Vec<Moment> {
    let mut moments = vec![Moment {
        at: instance.created_at,
        when: 0,
        what: html! { "Created: " (instance.service.name()) " " (instance.product) " in " (instance.zone_id) ", " (instance.billing.charge_type.name()) },
    }];
    for o in orders {
        moments.push(Moment {
            at: o.created_at,
            when: 0,
            what: html! {
                "Order " span.order { (o.number) } ": " (o.kind.name())
                @if let (Some(from), Some(to)) = (&o.from, &o.to) { " " (from) " → " (to) }
                ", " (money(o.amount)) " " span.tag { (o.status.name()) }
            },
        });
    }
    if let Some(at) = instance.billing.recycled_at {
        moments.push(Moment {
            at,
            when: 0,
            what: html! { "Moved to the recycle bin" },
        });
    }
    moments.push(Moment {
        at: now,
        when: 1,
        what: html! { "Now" },
    });
    for p in &instance.pending {
        if let Some(at) = effective_at(instance, p) {
            moments.push(Moment {
                at,
                when: 2,
                what: html! { "Scheduled: " (pending_text(p)) " " span.tag { (p.state.name()) } },
            });
        }
    }
    let s = &instance.billing;
    match (s.charge_type, s.expires_at, s.recycled_at) {
        (ChargeType::Prepaid, Some(expires_at), None) if s.auto_renew => {
            let (_, _, amount) = renewal(&app.catalog, instance, account.discount, expires_at);
            moments.push(Moment {
                at: expires_at,
                when: 2,
                what: match amount {
                    Some(amount) => html! {
                        "Next renewal: " span #renewal-price { (money(amount)) }
                        " for " (s.period.unwrap_or(1)) " month(s)"
                        @if amount > account.balance { " — the balance now is short of it: it would go to the recycle bin" }
                    },
                    None => html! { "Cycle end: no longer sold, so it goes to the recycle bin" },
                },
            });
        }
        (ChargeType::Prepaid, Some(expires_at), None) => moments.push(Moment {
            at: expires_at,
            when: 2,
            what: html! { "Cycle end without renewal: it goes to the recycle bin" },
        }),
        (ChargeType::Postpaid, _, None) => moments.push(Moment {
            at: next_utc_midnight(now),
            when: 2,
            what: html! { "Next usage settlement (unsettled, at list price: " (money(s.usage_unsettled)) ")" },
        }),
        _ => {}
    }
    moments.sort_by_key(|m| (m.at, m.when));
    moments
}

/// What an instance is, where it runs, how it is paid and how much traffic it moved.
fn instance_facts(i: &Instance, account: &Account, test_clock: Option<&TestClock>) -> Markup {
    html! {
        dl.facts #instance {
            dt { "Account" } dd { a href=(account_link(&account.id)) { (account.name) " (" (account.id) ")" } }
            dt { "Service" } dd { (i.service.name()) }
            dt { "Name" } dd { (i.name) }
            dt { "Zone" } dd { (i.zone_id) }
            dt { "Type" } dd { (i.product) }
            dt { "Status" } dd #status { (i.status.name()) }
            dt { "Charge type" } dd { (i.billing.charge_type.name()) }
            dt { "Internet charge type" } dd { (i.internet.name()) }
            dt { "Created" } dd { (instant(i.created_at)) }
            dt { "Expires" } dd #expires { @if let Some(at) = i.billing.expires_at { (instant(at)) } @else { "—" } }
            dt { "Auto renew" } dd { (if i.billing.auto_renew { "yes" } else { "no" }) }
            dt { "Clock" } dd #instance-clock { (account_clock(test_clock)) }
            dt { "Account balance" } dd { (money(account.balance)) }
            dt { "Traffic this period" } dd #traffic { (traffic_used(i)) }
        }
    }
}

/// Each plan item: its value now, its pending target with status and effective date.
fn plan_table(i: &Instance) -> Markup {
    html! {
        table #plan {
            (head(&["Item", "Now", "Pending target", "Status", "Effective"], &[]))
            tbody {
                @for item in [Item::Bandwidth, Item::TrafficPackage, Item::Model] {
                    @if let Some(value) = item_value(i, item) {
                        @let pending = i.pending(item);
                        tr data-item=(item_label(item)) {
                            th scope="row" { (item_label(item)) }
                            td { (value) }
                            td { @if let Some(p) = pending { (pending_text(p)) } @else { "—" } }
                            td { (pending.map_or("Enable", |p| p.state.name())) }
                            td { @if let Some(at) = pending.and_then(|p| effective_at(i, p)) { (instant(at)) } @else { "—" } }
                        }
                    }
                }
            }
        }
    }
}

pub async fn instance(
    State(app): State<Arc<App>>,
    instance_id: Result<Path<String>, PathRejection>,
) -> Answer {
    let instance_id = path_param("instanceId", instance_id)?;
    let clock = clock(&app).await?;
    let InstanceOverview {
        instance: i,
        account,
        orders,
        clock: test_clock,
    } = app
        .store
        .read(InstancePage(instance_id.clone()))
        .await?
        .ok_or_else(|| not_found("instance", &instance_id))?;
    // An account on a test clock lives at that clock's now, and only its advances apply
    // the account's events (D-181).
    let (now, advance) = match &test_clock {
        Some(c) => (
            c.now,
            format!("/_zenlocal/clocks/{}/advance", encode(&c.id)),
        ),
        None => (clock.now, ADVANCE.to_owned()),
    };
    let moments = timeline(&app, &i, &account, &orders, now);
    let cycle_end = i.billing.expires_at.filter(|at| *at > now);
    let body = html! {
        h1 { "Instance " (i.id) }
        div.columns {
            (instance_facts(&i, &account, test_clock.as_ref()))
            div {
                h2 { "Plan" }
                (plan_table(&i))
            }
        }
        h2 { "Timeline" }
        ol.timeline #timeline {
            @for m in &moments {
                li.ahead[m.when == 2].now[m.when == 1] { (instant(m.at)) (m.what) }
            }
        }
        @if let Some(at) = cycle_end {
            p { (advance_form_to(&advance, &format!("Advance to the cycle end ({at})"), "to", &at.to_string(), false)) }
        }
        h2 { "Orders" }
        (orders_table(&orders))
    };
    Ok(html(
        200,
        frame(&format!("Instance {}", i.id), &clock, body),
    ))
}

fn orders_table(orders: &[Order]) -> Markup {
    html! {
        table #orders {
            (head(&["Order", "Resource", "Kind", "From", "To", "Amount", "Status", "Created", "Effective"], &["Amount"]))
            tbody {
                @for o in orders {
                    tr data-order=(o.number) {
                        td { (o.number) br; a.muted href=(account_link(&o.account_id)) { (o.account_id) } }
                        td { @match o.resource.instance_id() {
                            Some(id) => {
                                a href=(instance_link(id)) { (id) }
                            }
                            None => {
                                (o.resource.kind.name()) " " (o.resource.id)
                            }
                        } }
                        td { (o.kind.name()) }
                        td { (o.from.as_deref().unwrap_or("—")) }
                        td { (o.to.as_deref().unwrap_or("—")) }
                        td.num { (money(o.amount)) }
                        td { (o.status.name()) }
                        td { (instant(o.created_at)) }
                        td { (instant(o.effective_at)) }
                    }
                }
            }
        }
    }
}

const ORDER_FILTERS: [&str; 4] = ["accountId", "instanceId", "kind", "status"];

/// The order lines a page's filters select, oldest first: `limit` after `offset`, read so
/// by the store, and how many the filters select (D-193).
async fn filtered_orders(
    app: &App,
    params: &HashMap<String, String>,
    limit: i64,
    offset: i64,
) -> Result<(i64, Vec<Order>), Shown> {
    let kind: Option<OrderKind> = parsed(params, "kind")?;
    let status: Option<OrderStatus> = parsed(params, "status")?;
    let filter = OrderFilter {
        account_id: params.get("accountId").cloned(),
        resource: params.get("instanceId").map(ResourceRef::instance),
        kind: kind.map(|k| k.name().to_owned()),
        status: status.map(|s| s.name().to_owned()),
    };
    Ok(app
        .store
        .read(OrdersPage {
            filter,
            limit,
            offset,
        })
        .await?)
}

fn select<T: Copy + PartialEq + std::fmt::Display>(
    label: &str,
    name: &str,
    all: &[T],
    chosen: Option<T>,
) -> Markup {
    html! {
        label { (label)
            select name=(name) {
                option value="" { "All" }
                @for v in all { option value=(v) selected[chosen == Some(*v)] { (v) } }
            }
        }
    }
}

pub async fn orders(
    State(app): State<Arc<App>>,
    Query(params): Query<HashMap<String, String>>,
) -> Answer {
    let (params, paging, clock) = listing(&app, params).await?;
    let (total, lines) = filtered_orders(&app, &params, paging.limit(), paging.offset()).await?;
    let filters = filters_query(&params, &ORDER_FILTERS);
    let text = |n: &str| params.get(n).cloned().unwrap_or_default();
    let body = html! {
        h1 { "Orders" }
        form.panel method="get" action={ (ROOT) "/orders" } aria-label="Filter orders" {
            label { "Account ID" input name="accountId" value=(text("accountId")); }
            label { "Instance ID" input name="instanceId" value=(text("instanceId")); }
            (select("Kind", "kind", OrderKind::ALL, parsed(&params, "kind")?))
            (select("Status", "status", OrderStatus::ALL, parsed(&params, "status")?))
            button type="submit" { "Filter" }
        }
        p { a #orders-csv href={ (ROOT) "/orders.csv?" (filters) } download { "Export these orders as CSV" } }
        (orders_table(&lines))
        (paging.nav(&format!("{ROOT}/orders"), &filters, total))
    };
    Ok(html(200, frame("Orders", &clock, body)))
}

/// One CSV field, quoted when it must be.
fn csv_field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_owned()
    }
}

fn csv_line<'a>(fields: impl IntoIterator<Item = &'a str>) -> String {
    let mut line = fields
        .into_iter()
        .map(csv_field)
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

pub async fn orders_csv(
    State(app): State<Arc<App>>,
    Query(params): Query<HashMap<String, String>>,
) -> Answer {
    let params = query(params)?;
    let (_, lines) = filtered_orders(&app, &params, i64::MAX, 0).await?;
    let Some(first) = lines.first().map(order_fields) else {
        return Ok(csv("orders.csv", String::new()));
    };
    let mut out = csv_line(first.iter().map(|(name, _)| *name));
    for o in &lines {
        let fields = order_fields(o);
        out.push_str(&csv_line(
            fields.iter().map(|(_, v)| v.as_deref().unwrap_or("")),
        ));
    }
    Ok(csv("orders.csv", out))
}

const LEDGER_FILTERS: [&str; 2] = ["accountId", "kind"];

/// The ledger entries a page's filters select, oldest first: `limit` after `offset`, read
/// so by the store, and how many the filters select (D-193); `None` without an account.
async fn filtered_ledger(
    app: &App,
    params: &HashMap<String, String>,
    limit: i64,
    offset: i64,
) -> Result<Option<(i64, Vec<LedgerEntry>)>, Shown> {
    let kind: Option<TransactionType> = parsed(params, "kind")?;
    let Some(account_id) = params.get("accountId") else {
        return Ok(None);
    };
    let page = app
        .store
        .read(LedgerPage {
            account_id: account_id.clone(),
            kind: kind.map(|k| k.name().to_owned()),
            limit,
            offset,
        })
        .await?;
    Ok(Some(page))
}

/// A ledger entry's fields by name, as the CSV export has them.
fn ledger_fields(e: &LedgerEntry) -> [(&'static str, String); 7] {
    [
        ("time", e.time.to_string()),
        ("accountId", e.account_id.clone()),
        ("kind", e.kind.name().to_owned()),
        ("amount", e.amount.to_string()),
        ("balanceAfter", e.balance_after.to_string()),
        ("orderNumber", e.order_number.clone().unwrap_or_default()),
        ("description", e.description.clone()),
    ]
}

pub async fn ledger(
    State(app): State<Arc<App>>,
    Query(params): Query<HashMap<String, String>>,
) -> Answer {
    let (params, paging, clock) = listing(&app, params).await?;
    let entries = filtered_ledger(&app, &params, paging.limit(), paging.offset()).await?;
    let filters = filters_query(&params, &LEDGER_FILTERS);
    let body = html! {
        h1 { "Ledger" }
        form.panel method="get" action={ (ROOT) "/ledger" } aria-label="Filter the ledger" {
            label { "Account ID" input name="accountId" required value=(params.get("accountId").cloned().unwrap_or_default()); }
            (select("Type", "kind", TransactionType::ALL, parsed(&params, "kind")?))
            button type="submit" { "Show" }
        }
        @match &entries {
            None => {
                p { "Choose an account to see its ledger." }
            }
            Some((total, entries)) => {
                p { a #ledger-csv href={ (ROOT) "/ledger.csv?" (filters) } download { "Export these entries as CSV" } }
                table #ledger {
                    (head(&["Time", "Type", "Amount", "Balance after", "Order", "Description"], &["Amount", "Balance after"]))
                    tbody {
                        @for e in entries {
                            tr data-order=[e.order_number.as_deref()] {
                                td { (instant(e.time)) }
                                td { (e.kind.name()) }
                                td.num { (money(e.amount)) }
                                td.num { (money(e.balance_after)) }
                                td { (e.order_number.as_deref().unwrap_or("—")) }
                                td { (e.description) }
                            }
                        }
                    }
                }
                (paging.nav(&format!("{ROOT}/ledger"), &filters, *total))
            }
        }
    };
    Ok(html(200, frame("Ledger", &clock, body)))
}

pub async fn ledger_csv(
    State(app): State<Arc<App>>,
    Query(params): Query<HashMap<String, String>>,
) -> Answer {
    let params = query(params)?;
    let (_, entries) = filtered_ledger(&app, &params, i64::MAX, 0)
        .await?
        .ok_or_else(|| ApiError::missing_parameter("accountId"))?;
    let mut out = String::new();
    for (n, e) in entries.iter().enumerate() {
        let fields = ledger_fields(e);
        if n == 0 {
            out.push_str(&csv_line(fields.iter().map(|(name, _)| *name)));
        }
        out.push_str(&csv_line(fields.iter().map(|(_, v)| v.as_str())));
    }
    Ok(csv("ledger.csv", out))
}

fn offers_table(id: &str, offers: &[Offer]) -> Markup {
    html! {
        table id=(id) {
            (head(&["Product", "Zones", "Charge types", "Monthly", "Hourly", "Bandwidth free / max (Mbps)", "Per Mbps monthly / hourly", "Package free / max (TB)", "Per TB monthly", "Overage per GB", "Stock"], &["Monthly", "Hourly", "Bandwidth free / max (Mbps)", "Per Mbps monthly / hourly", "Package free / max (TB)", "Per TB monthly", "Overage per GB", "Stock"]))
            tbody {
                @for o in offers {
                    tr {
                        th scope="row" { (o.product) }
                        td { (o.zones.join(", ")) }
                        td { @for (n, c) in o.charge_types.iter().enumerate() { @if n > 0 { ", " } (c.name()) } }
                        td.num { (money(o.monthly_price)) }
                        td.num { (money(o.hourly_price)) }
                        td.num { (o.free_bandwidth) " / " (o.max_bandwidth) }
                        td.num { (money(o.bandwidth_price_monthly)) " / " (money(o.bandwidth_price_hourly)) }
                        td.num { (o.free_traffic_package) " / " (o.max_traffic_package) }
                        td.num { (money(o.traffic_package_price_monthly)) }
                        td.num { (money(o.overage_price_per_gb)) }
                        td.num { (o.stock) }
                    }
                }
            }
        }
    }
}

pub async fn catalog(State(app): State<Arc<App>>) -> Answer {
    let clock = clock(&app).await?;
    let c = &app.catalog;
    let body = html! {
        h1 { "Catalog" }
        p.muted { "As served to the API, with the free and maximum amounts no action shows. "
            a href="/_zenlocal/catalog" { "The catalog as JSON" } }
        h2 { "bmc zones" }
        ul { @for z in &c.bmc.zones { li { (z.id) " — " (z.name) ", " (z.city) } } }
        h2 { "bmc offers" }
        (offers_table("bmc-offers", &c.bmc.offers))
        h2 { "vm zones" }
        ul { @for z in &c.vm.zones { li { (z.id) " — " (z.name) } } }
        h2 { "vm offers" }
        (offers_table("vm-offers", &c.vm.offers))
    };
    Ok(html(200, frame("Catalog", &clock, body)))
}
