//! Instances (D-20 to D-25): creating, listing, power, terminate and release, what an
//! InquiryPrice reads, and the stock taken.

use super::accounts::caller_account;
use super::addresses::draw;
use super::{now, now_and_instance, write_changes, Op};
use crate::{StoreError, Tx};
use std::sync::Arc;
use zenlocal_core::account::Account;
use zenlocal_core::disk::{self, AskedDisks};
use zenlocal_core::fault;
use zenlocal_core::instance::addresses::{self, Pool};
use zenlocal_core::instance::{self, CreateSpec, Created, Power};
use zenlocal_core::model::{Disk, Instance, InstanceStatus, ResourceRef, Timings};
use zenlocal_core::{Catalog, Timestamp};
use zenlocal_wire::Service;

/// CreateInstances (D-20, D-22).
pub struct CreateInstances {
    pub catalog: Arc<Catalog>,
    pub account_id: String,
    pub spec: CreateSpec,
    pub timings: Timings,
}

impl Op for CreateInstances {
    type Output = Created;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Created, StoreError> {
        Ok(self.run_with_disks(tx, None)?.0)
    }
}

/// vm CreateInstances: the instances with their system and data disks, paid with them
/// (D-160).
pub struct CreateVmInstances {
    pub create: CreateInstances,
    pub disks: AskedDisks,
}

impl Op for CreateVmInstances {
    /// The order, and the disks made with the instances, each instance's in turn.
    type Output = (Created, Vec<Disk>);
    fn run<T: Tx>(self, tx: &mut T) -> Result<Self::Output, StoreError> {
        self.create.run_with_disks(tx, Some(&self.disks))
    }
}

impl CreateInstances {
    fn run_with_disks<T: Tx>(
        self,
        tx: &mut T,
        asked: Option<&AskedDisks>,
    ) -> Result<(Created, Vec<Disk>), StoreError> {
        let now = now(tx, &self.account_id)?;
        let account = caller_account(tx, &self.account_id)?;
        // The group asked for must be the account's (D-125).
        if let Some(group_id) = &self.spec.resource_group_id {
            let groups = super::operations::groups_of(tx, &account.id)?;
            zenlocal_core::resource_group::find(&groups, group_id)?;
        }
        let offer_stock = self
            .catalog
            .offer(self.spec.service, &self.spec.zone_id, &self.spec.product)
            .map_or(0, |o| o.stock);
        // What a vm instance installs, in this transaction (D-172, D-176).
        if self.spec.service == Service::Vm {
            super::images::check_vm_create(tx, &self.catalog, &account.id, &self.spec)?;
        }
        let disks = match asked {
            Some(asked) => {
                let image_size = image_size(tx, &self.catalog, self.spec.image_id.as_deref())?;
                let checked =
                    disk::instance_disks(&self.catalog, &self.spec.zone_id, image_size, asked)?;
                Some(checked)
            }
            None => None,
        };
        if let Some(group_id) = &self.spec.security_group_id {
            super::security_groups::check_group(tx, &account.id, group_id)?;
        }
        // Stock rows before the subnet's scope: the lock order (D-110, D-140).
        let taken = tx.stock_taken(self.spec.service, &self.spec.zone_id, &self.spec.product)?;
        // The subnet's addresses, picked before the instances are made (D-154).
        let placement = match &self.spec.subnet_id {
            Some(subnet_id) => Some(super::subnets::place(
                tx,
                &self.catalog,
                &self.spec,
                &account.id,
                subnet_id,
            )?),
            None => None,
        };
        let (mut changes, mut created) = instance::create(
            &self.catalog,
            &account,
            &self.spec,
            offer_stock - taken,
            self.timings,
            &mut tx.ids()?,
            now,
        )?;
        // Used up by this call, in its own transaction (D-199).
        if let Some(f) = tx.provisioning_fault(&account.id, self.spec.service)? {
            tx.delete_service_fault(&f.id)?;
            fault::fail_provisioning(&mut changes);
            created.provisioning_fails = true;
        }
        if let Some(asked) = &disks {
            changes.disks = disk::for_instances(&changes.instances, asked, &mut tx.ids()?);
        }
        // The instances' own addresses, once the purchase is decided: the public pool,
        // then, for instances in no subnet, the private one (D-232, D-233; D-110: the
        // pools' scopes after the subnet's, in ascending order).
        let (service, zone_id) = (self.spec.service, self.spec.zone_id.as_str());
        let count = changes.instances.len();
        let public = draw(tx, &self.catalog, Pool::Public, service, zone_id, count)?;
        addresses::give(&mut changes, Pool::Public, public);
        match placement {
            Some(placement) => placement.assign(&mut changes),
            None => {
                let private = draw(tx, &self.catalog, Pool::Private, service, zone_id, count)?;
                addresses::give(&mut changes, Pool::Private, private);
            }
        }
        write_changes(tx, &changes)?;
        Ok((created, changes.disks))
    }
}

/// The size of the image a vm installs, in GB: the catalog's, or the custom image's
/// (D-160: the system disk is at least that big); 0 when none is named.
fn image_size<T: Tx>(
    tx: &mut T,
    catalog: &Catalog,
    image_id: Option<&str>,
) -> Result<i64, StoreError> {
    let Some(id) = image_id else {
        return Ok(0);
    };
    if let Some(image) = catalog.vm.images.iter().find(|i| i.id == id) {
        return Ok(image.size);
    }
    Ok(tx.image(id)?.map_or(0, |i| i.size))
}

/// The caller's instances of one service.
pub struct Instances {
    pub account_id: String,
    pub service: Service,
}

impl Op for Instances {
    type Output = Vec<Instance>;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Vec<Instance>, StoreError> {
        tx.instances(&self.account_id, self.service)
    }
}

/// Loads the caller's instances of one service by id; any other is not found (D-6).
pub(crate) fn load_owned<T: Tx>(
    tx: &mut T,
    account_id: &str,
    service: Service,
    ids: &[String],
) -> Result<Vec<Instance>, StoreError> {
    ids.iter()
        .map(|id| load_one(tx, account_id, service, id))
        .collect()
}

/// Loads one of the caller's instances of a service by id; any other is not found (D-6).
pub(super) fn load_one<T: Tx>(
    tx: &mut T,
    account_id: &str,
    service: Service,
    id: &str,
) -> Result<Instance, StoreError> {
    owned(tx.instance(id)?, account_id, service, id)
}

/// `now` and one of the caller's instances of a service, locked where rows are, in one
/// statement; any other instance is not found (D-6).
pub(super) fn now_and_owned<T: Tx>(
    tx: &mut T,
    account_id: &str,
    service: Service,
    id: &str,
) -> Result<(Timestamp, Instance), StoreError> {
    let (now, instance) = now_and_instance(tx, account_id, id, true)?;
    Ok((now, owned(instance, account_id, service, id)?))
}

/// The instance `id` read, if it is the caller's and of `service`.
pub(super) fn owned(
    instance: Option<Instance>,
    account_id: &str,
    service: Service,
    id: &str,
) -> Result<Instance, StoreError> {
    let instance = instance.filter(|i| i.service == service);
    Ok(instance::owned(instance, account_id, id)?)
}

/// StartInstances / StopInstances (D-20, D-21).
pub struct PowerInstances {
    pub account_id: String,
    pub service: Service,
    pub ids: Vec<String>,
    pub action: Power,
    pub timings: Timings,
}

impl Op for PowerInstances {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        let now = now(tx, &self.account_id)?;
        let ids = instance::batch_ids(&self.ids)?;
        let instances = load_owned(tx, &self.account_id, self.service, &ids)?;
        let changes = instance::power(instances, self.action, self.timings, now)?;
        write_changes(tx, &changes)
    }
}

/// TerminateInstance (D-25).
pub struct TerminateInstance {
    pub catalog: Arc<Catalog>,
    pub account_id: String,
    pub service: Service,
    pub id: String,
    pub timings: Timings,
}

impl Op for TerminateInstance {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        let now = now(tx, &self.account_id)?;
        // The account before the instance: the lock order (D-110).
        let account = caller_account(tx, &self.account_id)?;
        let instance = load_one(tx, &self.account_id, self.service, &self.id)?;
        // What a failed creation paid is given back (D-199).
        let paid = if instance.status == InstanceStatus::CreateFailed {
            tx.orders(
                Some(&account.id),
                Some(&ResourceRef::instance(&instance.id)),
            )?
        } else {
            Vec::new()
        };
        let mut changes = instance::terminate(
            &self.catalog,
            instance,
            &account,
            &paid,
            self.timings,
            &mut tx.ids()?,
            now,
        )?;
        super::release_disks(tx, &mut changes, now)?;
        write_changes(tx, &changes)
    }
}

/// ReleaseInstances (D-21, D-25).
pub struct ReleaseInstances {
    pub account_id: String,
    pub service: Service,
    pub ids: Vec<String>,
}

impl Op for ReleaseInstances {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        let ids = instance::batch_ids(&self.ids)?;
        let instances = load_owned(tx, &self.account_id, self.service, &ids)?;
        let mut changes = instance::release(instances)?;
        let now = now(tx, &self.account_id)?;
        super::release_disks(tx, &mut changes, now)?;
        write_changes(tx, &changes)
    }
}

/// One of the caller's instances of a service; any other is not found (D-6).
pub struct OwnedInstance {
    pub account_id: String,
    pub service: Service,
    pub id: String,
}

impl Op for OwnedInstance {
    type Output = Instance;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Instance, StoreError> {
        load_one(tx, &self.account_id, self.service, &self.id)
    }
}

/// What an InquiryPrice prices from, read from one snapshot with no clock held and no row
/// locked: `now` as a command would read it, the caller's instance and account (D-19).
pub struct QuoteInputs {
    pub account_id: String,
    pub service: Service,
    pub instance_id: String,
}

impl Op for QuoteInputs {
    type Output = (Timestamp, Instance, Account);
    fn run<T: Tx>(self, tx: &mut T) -> Result<Self::Output, StoreError> {
        let (now, instance) = now_and_owned(tx, &self.account_id, self.service, &self.instance_id)?;
        let account = caller_account(tx, &self.account_id)?;
        Ok((now, instance, account))
    }
}

/// Stock taken per offer: (service, zone, product, taken).
pub struct StockTaken;

impl Op for StockTaken {
    type Output = Vec<(Service, String, String, i64)>;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Self::Output, StoreError> {
        tx.all_stock_taken()
    }
}
