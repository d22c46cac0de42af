//! Operations and attributes of instances (docs/decisions.md D-121 to D-128) and the
//! account's resource groups (D-125). Every command locks the caller's account first,
//! then its instances in ascending id (D-110).

use super::accounts::{caller_account, load_account};
use super::instances::{load_one, load_owned};
use super::{now, write_changes, Op};
use crate::{StoreError, Tx};
use std::sync::Arc;
use zenlocal_core::instance::{self, Console, Reinstall};
use zenlocal_core::model::Timings;
use zenlocal_core::resource_group::{self, ResourceGroup};
use zenlocal_core::{codes, ApiError, Catalog};
use zenlocal_wire::Service;

/// Every resource group of an account, its default one first (D-125).
pub(super) fn groups_of<T: Tx>(
    tx: &mut T,
    account_id: &str,
) -> Result<Vec<ResourceGroup>, StoreError> {
    let account = caller_account(tx, account_id)?;
    let made = tx.resource_groups(account_id)?;
    Ok(resource_group::all(account_id, account.created_at, made))
}

/// The control plane's new resource group of an account (D-125).
pub struct CreateResourceGroup {
    pub account_id: String,
    pub name: String,
}

impl Op for CreateResourceGroup {
    type Output = ResourceGroup;
    fn run<T: Tx>(self, tx: &mut T) -> Result<ResourceGroup, StoreError> {
        let now = now(tx, &self.account_id)?;
        let account = load_account(tx, &self.account_id)?;
        let made = tx.resource_groups(&account.id)?;
        let groups = resource_group::all(&account.id, account.created_at, made);
        let group = resource_group::create(
            &groups,
            &account.id,
            &self.name,
            zenlocal_wire::ids::resource_group_id(),
            now,
        )?;
        tx.insert_resource_group(&group)?;
        Ok(group)
    }
}

/// An account's resource groups, the default one first; `control` says an unknown account
/// is the control plane's 404 rather than the caller's own (D-125).
pub struct ResourceGroups {
    pub account_id: String,
    pub control: bool,
}

impl Op for ResourceGroups {
    type Output = Vec<ResourceGroup>;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Vec<ResourceGroup>, StoreError> {
        if self.control {
            load_account(tx, &self.account_id)?;
        }
        groups_of(tx, &self.account_id)
    }
}

/// RebootInstances (D-121).
pub struct RebootInstances {
    pub account_id: String,
    pub service: Service,
    pub ids: Vec<String>,
    pub timings: Timings,
}

impl Op for RebootInstances {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        let now = now(tx, &self.account_id)?;
        let ids = instance::batch_ids(&self.ids)?;
        caller_account(tx, &self.account_id)?;
        let instances = load_owned(tx, &self.account_id, self.service, &ids)?;
        write_changes(tx, &instance::reboot(instances, self.timings, now)?)
    }
}

/// ReinstallInstance (bmc) and ResetInstance (vm), D-122: a vm's image and key pair are
/// looked up in this transaction, after the request's checks (D-172, D-176).
pub struct ReinstallInstance {
    pub catalog: Arc<Catalog>,
    pub account_id: String,
    pub service: Service,
    pub instance_id: String,
    pub asked: Reinstall,
    pub timings: Timings,
}

impl Op for ReinstallInstance {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        let now = now(tx, &self.account_id)?;
        caller_account(tx, &self.account_id)?;
        let found = load_one(tx, &self.account_id, self.service, &self.instance_id)?;
        let zone_id = found.zone_id.clone();
        let changes = instance::reinstall(&self.catalog, found, &self.asked, self.timings, now)?;
        if self.service == Service::Vm {
            if let Some(image_id) = &self.asked.image_id {
                super::images::check_image(
                    tx,
                    &self.catalog,
                    &self.account_id,
                    &zone_id,
                    image_id,
                )?;
            }
            if let Some(key_id) = &self.asked.key_id {
                super::key_pairs::check_key(tx, &self.account_id, key_id)?;
            }
        }
        write_changes(tx, &changes)
    }
}

/// vm ResetInstancesPassword (D-126).
pub struct ResetInstancesPassword {
    pub account_id: String,
    pub ids: Vec<String>,
    pub password: String,
    pub timings: Timings,
}

impl Op for ResetInstancesPassword {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        let now = now(tx, &self.account_id)?;
        let ids = instance::batch_ids(&self.ids)?;
        caller_account(tx, &self.account_id)?;
        let instances = load_owned(tx, &self.account_id, Service::Vm, &ids)?;
        let changes = instance::reset_password(instances, &self.password, self.timings, now)?;
        write_changes(tx, &changes)
    }
}

/// ModifyInstancesAttribute (D-125).
pub struct RenameInstances {
    pub account_id: String,
    pub service: Service,
    pub ids: Vec<String>,
    pub name: String,
}

impl Op for RenameInstances {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        let ids = instance::batch_ids(&self.ids)?;
        caller_account(tx, &self.account_id)?;
        let instances = load_owned(tx, &self.account_id, self.service, &ids)?;
        write_changes(tx, &instance::rename(instances, &self.name)?)
    }
}

/// ModifyInstancesResourceGroup (D-125): the group must be the caller's, else 404
/// `OPERATION_FAILED_RESOURCE_GROUP_NOT_FOUND`; an instance that is not, 404
/// `OPERATION_FAILED_RESOURCE_NOT_FOUND` (the page's code for it).
pub struct RegroupInstances {
    pub account_id: String,
    pub service: Service,
    pub ids: Vec<String>,
    pub group_id: String,
}

impl Op for RegroupInstances {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        let ids = instance::batch_ids(&self.ids)?;
        let groups = groups_of(tx, &self.account_id)?;
        resource_group::find(&groups, &self.group_id)?;
        let instances =
            load_owned(tx, &self.account_id, self.service, &ids).map_err(|e| match e {
                StoreError::Api(e) if e.code == codes::INVALID_INSTANCE_NOT_FOUND => {
                    StoreError::Api(ApiError::new(
                        codes::OPERATION_FAILED_RESOURCE_NOT_FOUND,
                        e.message,
                    ))
                }
                other => other,
            })?;
        write_changes(tx, &instance::regroup(instances, &self.group_id))
    }
}

/// RenewInstance (D-127).
pub struct RenewInstance {
    pub catalog: Arc<Catalog>,
    pub account_id: String,
    pub instance_id: String,
}

impl Op for RenewInstance {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        let now = now(tx, &self.account_id)?;
        let account = caller_account(tx, &self.account_id)?;
        let found = load_one(tx, &self.account_id, Service::Bmc, &self.instance_id)?;
        let changes = instance::renew(&self.catalog, found, &account, &mut tx.ids()?, now)?;
        write_changes(tx, &changes)
    }
}

/// DescribeInstanceIpmiUrl and DescribeVncUrl (D-128): a read.
pub struct ConsoleUrl {
    pub account_id: String,
    pub service: Service,
    pub instance_id: String,
    pub console: Console,
}

impl Op for ConsoleUrl {
    type Output = String;
    fn run<T: Tx>(self, tx: &mut T) -> Result<String, StoreError> {
        let found = load_one(tx, &self.account_id, self.service, &self.instance_id)?;
        let token = zenlocal_wire::ids::console_token();
        Ok(instance::console_url(&found, self.console, &token)?)
    }
}

/// ResetInstanceIpmiPassword (D-128).
pub struct ResetIpmiPassword {
    pub account_id: String,
    pub instance_id: String,
    pub password: String,
}

impl Op for ResetIpmiPassword {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        caller_account(tx, &self.account_id)?;
        let found = load_one(tx, &self.account_id, Service::Bmc, &self.instance_id)?;
        write_changes(tx, &instance::reset_ipmi_password(found, &self.password)?)
    }
}
