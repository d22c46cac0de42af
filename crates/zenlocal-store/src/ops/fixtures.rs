//! What `GET /_zenlocal/fixtures` writes a fixtures file from (D-198): each account with
//! its ledger, orders, key pairs, instances (with their disks and traffic) and its clock's
//! now, read in one transaction, and what it owns that a fixture cannot hold.

use super::{now, Op};
use crate::{StoreError, Tx};
use zenlocal_core::account::{Account, LedgerEntry};
use zenlocal_core::keypair::KeyPair;
use zenlocal_core::model::{Disk, DiskType, Instance, InstanceStatus, Order, TrafficSegment};
use zenlocal_core::{ApiError, Timestamp};
use zenlocal_wire::{codes, Service};

/// One instance as a fixture rebuilds it.
pub struct InstanceState {
    pub instance: Instance,
    /// The disks paid with it (D-160), system disk first.
    pub disks: Vec<Disk>,
    /// Its traffic, oldest first.
    pub traffic: Vec<TrafficSegment>,
}

/// One account as a fixture rebuilds it.
pub struct AccountState {
    pub account: Account,
    /// Its clock's now.
    pub now: Timestamp,
    pub ledger: Vec<LedgerEntry>,
    pub orders: Vec<Order>,
    /// Oldest first, those made at one instant by name.
    pub key_pairs: Vec<KeyPair>,
    /// Oldest first.
    pub instances: Vec<InstanceState>,
    /// What it owns that no fixture step makes, e.g. `2 custom images`.
    pub not_written: Vec<String>,
}

/// Every account (oldest first), or the one named; an unknown one is 404.
pub struct FixtureState {
    pub account_id: Option<String>,
}

impl Op for FixtureState {
    type Output = Vec<AccountState>;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Vec<AccountState>, StoreError> {
        let accounts = match &self.account_id {
            Some(id) => vec![tx.account(id)?.ok_or_else(|| {
                ApiError::new(codes::RESOURCE_NOT_FOUND, format!("no account `{id}`"))
            })?],
            None => tx.accounts_page(i64::MAX, 0)?,
        };
        let mut states = Vec::with_capacity(accounts.len());
        for account in accounts {
            states.push(account_state(tx, account)?);
        }
        Ok(states)
    }
}

fn account_state<T: Tx>(tx: &mut T, account: Account) -> Result<AccountState, StoreError> {
    let id = account.id.clone();
    let mut instances = Vec::new();
    let mut failed = 0;
    for service in [Service::Bmc, Service::Vm] {
        for instance in tx.instances(&id, service)? {
            // No API call makes one without a fault (D-199).
            if instance.status == InstanceStatus::CreateFailed {
                failed += 1;
                continue;
            }
            let disks = tx.instance_disks(&instance.id)?;
            let traffic = tx.traffic(&instance.id, Timestamp(i64::MIN), Timestamp(i64::MAX))?;
            instances.push(InstanceState {
                instance,
                disks: paid_with_first_system(disks),
                traffic,
            });
        }
    }
    // Oldest first; those made at one instant by what a fixture writes of them, so that a
    // dump is the same whatever ids were drawn (the id last, for twins).
    let key = |s: &InstanceState| {
        let i = &s.instance;
        (
            i.created_at,
            i.service.name(),
            i.zone_id.clone(),
            i.product.clone(),
            i.name.clone(),
            i.id.clone(),
        )
    };
    instances.sort_by_key(key);
    let own_disks = tx
        .disks(&id)?
        .into_iter()
        .filter(|d| d.paid_with.is_none())
        .count();
    let mut key_pairs = tx.key_pairs(&id)?;
    key_pairs.sort_by(|a, b| (a.created_at, &a.name).cmp(&(b.created_at, &b.name)));
    let mut not_written = Vec::new();
    for (count, what) in [
        (own_disks, "disks bought on their own"),
        (tx.images(&id)?.len(), "custom images"),
        (tx.ip_blocks(&id)?.len(), "elastic IPs or IP blocks"),
        (
            tx.subnets(&id, Service::Bmc)?.len() + tx.subnets(&id, Service::Vm)?.len(),
            "subnets",
        ),
        (
            tx.vpcs(&id, Service::Bmc)?.len() + tx.vpcs(&id, Service::Vm)?.len(),
            "VPCs",
        ),
        (tx.security_groups(&id)?.len(), "security groups"),
        (failed, "instances whose creation failed"),
    ] {
        if count > 0 {
            not_written.push(format!("{count} {what}"));
        }
    }
    Ok(AccountState {
        now: now(tx, &id)?,
        ledger: tx.ledger(&id)?,
        orders: tx.orders(Some(&id), None)?,
        key_pairs,
        account,
        instances,
        not_written,
    })
}

/// The disks paid with an instance, its system disk first, then by name (`…-data-N`).
fn paid_with_first_system(disks: Vec<Disk>) -> Vec<Disk> {
    let mut paid: Vec<Disk> = disks
        .into_iter()
        .filter(|d| d.paid_with.is_some())
        .collect();
    paid.sort_by(|a, b| {
        (a.kind != DiskType::System, &a.name).cmp(&(b.kind != DiskType::System, &b.name))
    });
    paid
}
