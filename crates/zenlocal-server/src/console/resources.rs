//! An account's networks (bmc elastic IPs and IP blocks, bmc and vm VPCs and subnets, vm
//! security groups) and disks, as the store holds them and the Describe actions answer
//! them (D-193).

use super::page::{frame, instant};
use super::views::{account_link, head, instance_link, not_found};
use super::{clock, html, path_param, Answer};
use crate::App;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use maud::{html, Markup};
use std::sync::Arc;
use zenlocal_core::account::Account;
use zenlocal_core::catalog::IpProduct;
use zenlocal_core::model::{Disk, IpBlock, Subscription};
use zenlocal_core::security_group::SecurityGroup;
use zenlocal_core::subnet::{self, Subnet};
use zenlocal_core::vpc::{self, Vpc};
use zenlocal_store::ops::console::{DisksPage, NetworksPage};

/// A resource's subscription: its charge type and, PREPAID, its cycle end.
fn billing(s: &Subscription) -> Markup {
    html! {
        (s.charge_type.name())
        @if let Some(at) = s.expires_at { br; span.muted { "expires " (instant(at)) } }
    }
}

fn attached(instance_id: &Option<String>) -> Markup {
    html! {
        @match instance_id {
            Some(id) => { a href=(instance_link(id)) { (id) } }
            None => { "—" }
        }
    }
}

fn account_heading(what: &str, a: &Account) -> Markup {
    html! {
        h1 { (what) " of " a href=(account_link(&a.id)) { (a.name) } }
        p.muted { "Account " (a.id) }
    }
}

fn ip_blocks_table(blocks: &[IpBlock]) -> Markup {
    html! {
        table #ip-blocks {
            (head(&["ID", "Product", "Addresses", "Zone", "Status", "Instance", "Billing", "Created"], &[]))
            tbody { @for b in blocks {
                tr data-ip-block=(b.id) {
                    th scope="row" { (b.id) @if let Some(name) = &b.name { br; span.muted { (name) } } }
                    td { (b.product.name()) }
                    td.net { @if b.product == IpProduct::Eip { (b.net.addr()) } @else { (b.net) } }
                    td { (b.zone_id.as_deref().unwrap_or("own block")) }
                    td.status { (b.status.name()) }
                    td { (attached(&b.instance_id)) }
                    td { (billing(&b.billing)) }
                    td { (instant(b.created_at)) }
                }
            } }
        }
    }
}

fn vpcs_table(vpcs: &[Vpc]) -> Markup {
    html! {
        table #vpcs {
            (head(&["ID", "Service", "Region or zone", "Name", "CIDR", "Status", "Created"], &[]))
            tbody { @for v in vpcs {
                tr data-vpc=(v.id) data-service=(v.service.name()) {
                    th scope="row" { (v.id) }
                    td { (v.service.name()) }
                    td { (v.location) }
                    td { (v.name) }
                    td.cidr { (v.cidr) }
                    td { (vpc::AVAILABLE) }
                    td { (instant(v.created_at)) }
                }
            } }
        }
    }
}

fn subnets_table(subnets: &[Subnet]) -> Markup {
    html! {
        table #subnets {
            (head(&["ID", "Service", "Name", "Zone", "CIDR", "VPC", "Status", "Created"], &[]))
            tbody { @for s in subnets {
                tr data-subnet=(s.id) data-service=(s.service.name()) {
                    th scope="row" { (s.id) }
                    td { (s.service.name()) }
                    td { (s.name) }
                    td { (s.zone_id) }
                    td.cidr { (s.cidr) }
                    td.vpc { (s.vpc_id.as_deref().unwrap_or("—")) }
                    td { (subnet::AVAILABLE) }
                    td { (instant(s.created_at)) }
                }
            } }
        }
    }
}

fn security_groups_table(groups: &[SecurityGroup]) -> Markup {
    html! {
        table #security-groups {
            (head(&["ID", "Name", "Rules", "Created"], &[]))
            tbody { @for g in groups {
                tr data-security-group=(g.id) {
                    th scope="row" { (g.id) }
                    td { (g.name) }
                    td.rules { @for r in &g.rules {
                        (r.direction) " " (r.policy) " " (r.ip_protocol) " " (r.port_range)
                        " " (r.cidr_ip) " (priority " (r.priority) ")" br;
                    } }
                    td { (instant(g.created_at)) }
                }
            } }
        }
    }
}

pub async fn networks(
    State(app): State<Arc<App>>,
    account_id: Result<Path<String>, PathRejection>,
) -> Answer {
    let account_id = path_param("accountId", account_id)?;
    let clock = clock(&app).await?;
    let n = app
        .store
        .read(NetworksPage(account_id.clone()))
        .await?
        .ok_or_else(|| not_found("account", &account_id))?;
    let body = html! {
        (account_heading("Networks", &n.account))
        h2 { "bmc elastic IPs and IP blocks" }
        (ip_blocks_table(&n.ip_blocks))
        h2 { "VPCs" }
        (vpcs_table(&n.vpcs))
        h2 { "Subnets" }
        (subnets_table(&n.subnets))
        h2 { "vm security groups" }
        (security_groups_table(&n.security_groups))
    };
    Ok(html(200, frame("Networks", &clock, body)))
}

fn disks_table(disks: &[Disk]) -> Markup {
    html! {
        table #disks {
            (head(&["ID", "Name", "Zone", "Category", "Size (GB)", "Type", "Status", "Instance", "Billing"], &["Size (GB)"]))
            tbody { @for d in disks {
                tr data-disk=(d.id) {
                    th scope="row" { (d.id) }
                    td { (d.name) }
                    td { (d.zone_id) }
                    td { (d.category) }
                    td.num.size { (d.size) }
                    td { (d.kind.name()) }
                    td.status { (d.status.name()) }
                    td { (attached(&d.instance_id)) }
                    td { @match &d.paid_with {
                        Some(id) => { "with instance " a href=(instance_link(id)) { (id) } }
                        None => { (billing(&d.billing)) }
                    } }
                }
            } }
        }
    }
}

pub async fn disks(
    State(app): State<Arc<App>>,
    account_id: Result<Path<String>, PathRejection>,
) -> Answer {
    let account_id = path_param("accountId", account_id)?;
    let clock = clock(&app).await?;
    let (account, disks) = app
        .store
        .read(DisksPage(account_id.clone()))
        .await?
        .ok_or_else(|| not_found("account", &account_id))?;
    let body = html! {
        (account_heading("Disks", &account))
        (disks_table(&disks))
    };
    Ok(html(200, frame("Disks", &clock, body)))
}
