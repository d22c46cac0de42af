//! Commands and queries of vm disks (docs/decisions.md D-160 to D-169). Each command
//! locks the caller's account first (D-110), then the instance it attaches to, so two
//! commands on one account's disks never interleave.

use super::accounts::caller_account;
use super::instances::load_owned;
use super::{now, write_changes, Op};
use crate::{StoreError, Tx};
use std::sync::Arc;
use zenlocal_core::disk::{self, Naming, PurchaseFields};
use zenlocal_core::model::{Changes, Disk, Instance, Timings};
use zenlocal_core::{ApiError, Catalog};
use zenlocal_wire::Service;

/// CreateDisks as asked, owned.
#[derive(Debug, Clone, Default)]
pub struct DisksAsked {
    pub charge_type: String,
    pub period: Option<i64>,
    pub size: i64,
    pub category: Option<String>,
    pub zone_id: Option<String>,
    pub amount: Option<i64>,
}

/// CreateDisks (D-165); answers the disk IDs and the order number.
pub struct CreateDisks {
    pub catalog: Arc<Catalog>,
    pub account_id: String,
    pub asked: DisksAsked,
    pub naming: Naming,
    pub instance_id: Option<String>,
    pub timings: Timings,
}

impl Op for CreateDisks {
    type Output = (Vec<String>, String);
    fn run<T: Tx>(self, tx: &mut T) -> Result<Self::Output, StoreError> {
        let now = now(tx, &self.account_id)?;
        let account = caller_account(tx, &self.account_id)?;
        // The instance's zone is the disks' zone (the CreateDisks page).
        let attach_to = match &self.instance_id {
            Some(id) => {
                let instance =
                    load_owned(tx, &account.id, Service::Vm, std::slice::from_ref(id))?.remove(0);
                let on_instance = tx.instance_disks(&instance.id)?;
                Some((instance, on_instance))
            }
            None => None,
        };
        let zone_id = match (&attach_to, &self.asked.zone_id) {
            (Some((instance, _)), _) => instance.zone_id.clone(),
            (None, Some(zone)) => zone.clone(),
            (None, None) => return Err(ApiError::missing_parameter("zoneId").into()),
        };
        let a = &self.asked;
        let purchase = disk::purchase(
            &self.catalog,
            &PurchaseFields {
                zone_id: &zone_id,
                category: a.category.as_deref(),
                size: a.size,
                amount: a.amount,
                charge_type: &a.charge_type,
                period: a.period,
            },
        )?;
        let (changes, ids, number) = disk::create(
            &self.catalog,
            &account,
            &purchase,
            &self.naming,
            attach_to.as_ref().map(|(i, d)| (i, d.as_slice())),
            self.timings,
            &mut tx.ids()?,
            now,
        )?;
        write_changes(tx, &changes)?;
        Ok((ids, number))
    }
}

/// The caller's disks and vm instances, from one snapshot, for DescribeDisks (D-169).
pub struct DisksView {
    pub account_id: String,
}

impl Op for DisksView {
    type Output = (Vec<Disk>, Vec<Instance>);
    fn run<T: Tx>(self, tx: &mut T) -> Result<Self::Output, StoreError> {
        let disks = tx.disks(&self.account_id)?;
        let instances = tx.instances(&self.account_id, Service::Vm)?;
        Ok((disks, instances))
    }
}

/// Loads the caller's disks by id; any other is not found (D-6).
fn load_disks<T: Tx>(
    tx: &mut T,
    account_id: &str,
    ids: &[String],
) -> Result<Vec<Disk>, StoreError> {
    let mut found = Vec::with_capacity(ids.len());
    for id in ids {
        found.push(disk::owned(tx.disk(id)?, account_id, id)?);
    }
    Ok(found)
}

/// The caller's account and one of its disks, for the commands on one disk.
fn one_disk<T: Tx>(
    tx: &mut T,
    account_id: &str,
    id: &str,
) -> Result<(zenlocal_core::account::Account, Disk), StoreError> {
    let account = caller_account(tx, account_id)?;
    let found = load_disks(tx, account_id, std::slice::from_ref(&id.to_owned()))?.remove(0);
    Ok((account, found))
}

/// AttachDisks, or ChangeDisksAttach when `moving` (D-164).
pub struct AttachDisks {
    pub account_id: String,
    pub ids: Vec<String>,
    pub instance_id: String,
    pub moving: bool,
    pub timings: Timings,
}

impl Op for AttachDisks {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        let now = now(tx, &self.account_id)?;
        let ids = disk::batch_ids(&self.ids, disk::MAX_PER_REQUEST)?;
        caller_account(tx, &self.account_id)?;
        let disks = load_disks(tx, &self.account_id, &ids)?;
        let instance = load_owned(
            tx,
            &self.account_id,
            Service::Vm,
            std::slice::from_ref(&self.instance_id),
        )?
        .remove(0);
        let on_instance = tx.instance_disks(&instance.id)?;
        let changes = if self.moving {
            disk::change_attach(disks, &instance, &on_instance, self.timings, now)?
        } else {
            disk::attach(disks, &instance, &on_instance, self.timings, now)?
        };
        write_changes(tx, &changes)
    }
}

/// DetachDisks (D-164).
pub struct DetachDisks {
    pub account_id: String,
    pub ids: Vec<String>,
    pub timings: Timings,
}

impl Op for DetachDisks {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        let now = now(tx, &self.account_id)?;
        let ids = disk::batch_ids(&self.ids, disk::MAX_PER_REQUEST)?;
        caller_account(tx, &self.account_id)?;
        let disks = load_disks(tx, &self.account_id, &ids)?;
        let instance_id = disk::detached_from(&disks)?;
        let instance = tx.instance(&instance_id)?.ok_or_else(ApiError::internal)?;
        let changes = disk::detach(disks, &instance, self.timings, now)?;
        write_changes(tx, &changes)
    }
}

/// What ModifyDisksAttributes and ModifyDisksResourceGroup set (D-168).
pub enum DiskEdit {
    Name(String),
    ResourceGroup(String),
}

/// ModifyDisksAttributes and ModifyDisksResourceGroup: all of them or none (D-168).
pub struct ModifyDisks {
    pub account_id: String,
    pub ids: Vec<String>,
    pub edit: DiskEdit,
}

impl Op for ModifyDisks {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        let ids = disk::batch_ids(&self.ids, 100)?;
        caller_account(tx, &self.account_id)?;
        let disks = load_disks(tx, &self.account_id, &ids)?;
        let disks = match &self.edit {
            DiskEdit::Name(name) => disk::rename(disks, name)?,
            DiskEdit::ResourceGroup(group) => disk::regroup(disks, group)?,
        };
        write_changes(
            tx,
            &Changes {
                disks,
                ..Changes::default()
            },
        )
    }
}

/// ResizeDisk (D-166); answers the order number.
pub struct ResizeDisk {
    pub catalog: Arc<Catalog>,
    pub account_id: String,
    pub id: String,
    pub size: i64,
    pub timings: Timings,
}

impl Op for ResizeDisk {
    type Output = String;
    fn run<T: Tx>(self, tx: &mut T) -> Result<String, StoreError> {
        let now = now(tx, &self.account_id)?;
        let (account, found) = one_disk(tx, &self.account_id, &self.id)?;
        let (changes, number) = disk::resize(
            &self.catalog,
            found,
            &account,
            self.size,
            self.timings,
            &mut tx.ids()?,
            now,
        )?;
        write_changes(tx, &changes)?;
        Ok(number)
    }
}

/// RenewDisk (D-167); answers the order number.
pub struct RenewDisk {
    pub catalog: Arc<Catalog>,
    pub account_id: String,
    pub id: String,
}

impl Op for RenewDisk {
    type Output = String;
    fn run<T: Tx>(self, tx: &mut T) -> Result<String, StoreError> {
        let now = now(tx, &self.account_id)?;
        let (account, found) = one_disk(tx, &self.account_id, &self.id)?;
        let (changes, number) = disk::renew(&self.catalog, found, &account, &mut tx.ids()?, now)?;
        write_changes(tx, &changes)?;
        Ok(number)
    }
}

/// TerminateDisk (D-167).
pub struct TerminateDisk {
    pub catalog: Arc<Catalog>,
    pub account_id: String,
    pub id: String,
    pub timings: Timings,
}

impl Op for TerminateDisk {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        let now = now(tx, &self.account_id)?;
        let (account, found) = one_disk(tx, &self.account_id, &self.id)?;
        let changes = disk::terminate(
            &self.catalog,
            found,
            &account,
            self.timings,
            &mut tx.ids()?,
            now,
        )?;
        write_changes(tx, &changes)
    }
}

/// ReleaseDisk (D-167).
pub struct ReleaseDisk {
    pub account_id: String,
    pub id: String,
}

impl Op for ReleaseDisk {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        let (_, found) = one_disk(tx, &self.account_id, &self.id)?;
        let changes = disk::release(&found)?;
        write_changes(tx, &changes)
    }
}
