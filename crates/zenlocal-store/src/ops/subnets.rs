//! Commands and queries of vm subnets (docs/decisions.md D-150 to D-154), and the
//! placement of new instances in a subnet of either service (D-154, D-227). Each command
//! locks the caller's account first (D-110), then the address scopes it reads.

use super::accounts::caller_account;
use super::addresses::held;
use super::{now, write_changes, Op};
use crate::{StoreError, Tx};
use std::sync::Arc;
use zenlocal_core::model::{Changes, Lease, ResourceRef};
use zenlocal_core::subnet::{self, NewSubnet, Subnet};
use zenlocal_core::{codes, ApiError, Catalog};
use zenlocal_wire::Service;

/// CreateSubnet; answers the new subnet's ID.
pub struct CreateSubnet {
    pub catalog: Arc<Catalog>,
    pub account_id: String,
    pub zone_id: String,
    pub name: String,
    pub cidr_block: String,
    pub description: Option<String>,
}

impl Op for CreateSubnet {
    type Output = String;
    fn run<T: Tx>(self, tx: &mut T) -> Result<String, StoreError> {
        let now = now(tx, &self.account_id)?;
        caller_account(tx, &self.account_id)?;
        if self.catalog.vm_zone(&self.zone_id).is_none() {
            return Err(ApiError::new(
                codes::INVALID_ZONE_NOT_FOUND,
                format!("zone `{}` does not exist", self.zone_id),
            )
            .into());
        }
        let existing = tx.subnets(&self.account_id, Service::Vm)?;
        let taken = held(tx, &subnet::zone_scope(&self.account_id, &self.zone_id))?;
        let made = subnet::create(
            &existing,
            &taken,
            &self.account_id,
            NewSubnet {
                zone_id: &self.zone_id,
                name: &self.name,
                cidr_block: &self.cidr_block,
                description: self.description.as_deref(),
            },
            zenlocal_wire::ids::subnet_id(),
            now,
        )?;
        tx.insert_subnet(&made)?;
        tx.insert_leases(&[made.lease()])?;
        Ok(made.id)
    }
}

/// The caller's subnets of a service, each with the addresses its instances hold.
pub struct Subnets {
    pub account_id: String,
    pub service: Service,
}

impl Op for Subnets {
    type Output = Vec<(Subnet, Vec<Lease>)>;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Self::Output, StoreError> {
        let mut out = Vec::new();
        for s in tx.subnets(&self.account_id, self.service)? {
            let leases = tx.leases(&s.scope())?;
            out.push((s, leases));
        }
        Ok(out)
    }
}

/// ModifySubnetsAttribute: all renamed or none (D-153, D-225).
pub struct RenameSubnets {
    pub account_id: String,
    pub service: Service,
    /// Only subnets in VPCs (`Some(true)`) or in none (`Some(false)`): vm's actions for
    /// each are apart (D-229).
    pub in_vpcs: Option<bool>,
    pub ids: Vec<String>,
    pub name: String,
}

impl Op for RenameSubnets {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        caller_account(tx, &self.account_id)?;
        let subnets = of_kind(tx.subnets(&self.account_id, self.service)?, self.in_vpcs);
        for s in subnet::rename(self.service, &subnets, &self.ids, &self.name)? {
            tx.set_subnet_name(&s)?;
        }
        Ok(())
    }
}

/// The subnets in VPCs, in none, or all.
fn of_kind(mut subnets: Vec<Subnet>, in_vpcs: Option<bool>) -> Vec<Subnet> {
    if let Some(in_vpcs) = in_vpcs {
        subnets.retain(|s| s.vpc_id.is_some() == in_vpcs);
    }
    subnets
}

/// DeleteSubnet: refused while an instance is in it (D-153, D-225); its range is freed
/// with it.
pub struct DeleteSubnet {
    pub account_id: String,
    pub service: Service,
    /// As `RenameSubnets::in_vpcs`.
    pub in_vpcs: Option<bool>,
    pub id: String,
}

impl Op for DeleteSubnet {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        caller_account(tx, &self.account_id)?;
        let subnets = of_kind(tx.subnets(&self.account_id, self.service)?, self.in_vpcs);
        let not_found = match self.service {
            Service::Bmc => codes::OPERATION_FAILED_RESOURCE_NOT_FOUND_400,
            _ => codes::INVALID_SUBNET_NOT_FOUND,
        };
        let found = subnet::find_or(&subnets, &self.id, not_found)?;
        let taken = tx.leases(&found.scope())?;
        subnet::check_delete(found, &taken)?;
        let changes = Changes {
            released: vec![found.holder()],
            ..Changes::default()
        };
        write_changes(tx, &changes)
    }
}

/// The private addresses of instances created in a subnet (D-154, D-227): the caller's
/// subnet `subnet_id` of the instances' service must exist, be in `zone_id` and have one
/// free address per instance; a bmc model must be one that joins subnets.
pub struct Placement {
    subnet: Subnet,
    addresses: Vec<std::net::IpAddr>,
}

/// Checks the subnet of a CreateInstances and picks its addresses, in the create's own
/// transaction, before the instances are made.
pub(super) fn place<T: Tx>(
    tx: &mut T,
    catalog: &Catalog,
    spec: &zenlocal_core::instance::CreateSpec,
    account_id: &str,
    subnet_id: &str,
) -> Result<Placement, StoreError> {
    let (zone_id, count) = (&spec.zone_id, spec.count);
    let subnets = tx.subnets(account_id, spec.service)?;
    let subnet = subnet::find(&subnets, subnet_id)?.clone();
    if spec.service == Service::Bmc {
        subnet::check_model(catalog, &spec.product)?;
    }
    let taken = held(tx, &subnet.scope())?;
    let count = usize::try_from(count).unwrap_or(0);
    let addresses = subnet::place(&subnet, zone_id, &taken, count)?;
    Ok(Placement { subnet, addresses })
}

impl Placement {
    /// Gives the instances `changes` makes their addresses, one each, and takes them.
    pub(super) fn assign(self, changes: &mut Changes) {
        for (instance, address) in changes.instances.iter_mut().zip(self.addresses) {
            instance.private_ip = address.to_string();
            changes.leases.push(Lease {
                scope: self.subnet.scope(),
                net: zenlocal_core::ipam::single(address),
                account_id: instance.account_id.clone(),
                holder: ResourceRef::instance(&instance.id),
            });
        }
    }
}
