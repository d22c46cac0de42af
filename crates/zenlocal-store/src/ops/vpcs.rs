//! Commands and queries of bmc VPCs and subnets (docs/decisions.md D-220 to D-227) and of
//! vm VPCs and their subnets (D-228 to D-231). Each command locks the caller's account first, then the instances it changes by ascending
//! id, then the address scopes it reads, in ascending order (D-110, D-140).

use super::accounts::caller_account;
use super::addresses::{draw, held};
use super::instances::load_one;
use super::operations::groups_of;
use super::{now, write_changes, Op};
use crate::{StoreError, Tx};
use std::sync::Arc;
use zenlocal_core::instance::addresses::{self, Pool};
use zenlocal_core::model::{Changes, Lease, ResourceRef};
use zenlocal_core::resource_group::{self, ResourceGroup};
use zenlocal_core::subnet::{self, Joining, NewBmcSubnet, NewVmVpc, Subnet, VpcFit};
use zenlocal_core::vpc::{self, NewVpc, Vpc};
use zenlocal_core::{codes, ApiError, Catalog};
use zenlocal_wire::model::common::Tag;
use zenlocal_wire::Service;

/// The group a new VPC or subnet goes to: the one asked for, which must be the
/// account's, or its default group (D-125).
fn group_for<T: Tx>(
    tx: &mut T,
    account_id: &str,
    asked: Option<&str>,
) -> Result<String, StoreError> {
    match asked {
        Some(id) => {
            let groups = groups_of(tx, account_id)?;
            Ok(resource_group::find(&groups, id)?.id.clone())
        }
        None => Ok(resource_group::default_id(account_id)),
    }
}

/// CreateVpc; answers the new VPC's ID.
pub struct CreateVpc {
    pub catalog: Arc<Catalog>,
    pub account_id: String,
    pub region_id: String,
    pub name: String,
    pub cidr_block: String,
    pub resource_group_id: Option<String>,
    pub tags: Vec<Tag>,
}

impl Op for CreateVpc {
    type Output = String;
    fn run<T: Tx>(self, tx: &mut T) -> Result<String, StoreError> {
        let now = now(tx, &self.account_id)?;
        caller_account(tx, &self.account_id)?;
        let region = vpc::find_region(&self.catalog, &self.region_id)?;
        let group = group_for(tx, &self.account_id, self.resource_group_id.as_deref())?;
        let existing = tx.vpcs(&self.account_id, Service::Bmc)?;
        let made = vpc::create(
            &existing,
            &self.account_id,
            NewVpc {
                region_id: &region.id,
                name: &self.name,
                cidr_block: &self.cidr_block,
                resource_group_id: &group,
                tags: &self.tags,
            },
            zenlocal_wire::ids::bmc_network_id(),
            now,
        )?;
        tx.put_vpc(&made)?;
        Ok(made.id)
    }
}

/// The caller's VPCs, with its resource groups.
pub struct Vpcs {
    pub account_id: String,
}

impl Op for Vpcs {
    type Output = (Vec<Vpc>, Vec<ResourceGroup>);
    fn run<T: Tx>(self, tx: &mut T) -> Result<Self::Output, StoreError> {
        let groups = groups_of(tx, &self.account_id)?;
        Ok((tx.vpcs(&self.account_id, Service::Bmc)?, groups))
    }
}

/// ModifyVpcsAttribute: all renamed or none (D-222, D-230).
pub struct RenameVpcs {
    pub account_id: String,
    pub service: Service,
    pub ids: Vec<String>,
    pub name: String,
}

impl Op for RenameVpcs {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        caller_account(tx, &self.account_id)?;
        let vpcs = tx.vpcs(&self.account_id, self.service)?;
        let renamed = match self.service {
            Service::Bmc => vpc::rename_bmc(&vpcs, &self.ids, &self.name)?,
            _ => subnet::rename_vm_vpcs(&vpcs, &self.ids, &self.name)?,
        };
        for v in renamed {
            tx.put_vpc(&v)?;
        }
        Ok(())
    }
}

/// DeleteVpc: refused while a subnet is in it (D-222).
pub struct DeleteVpc {
    pub account_id: String,
    pub id: String,
}

impl Op for DeleteVpc {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        caller_account(tx, &self.account_id)?;
        let vpcs = tx.vpcs(&self.account_id, Service::Bmc)?;
        let found = vpc::find(&vpcs, &self.id)?;
        let inside: Vec<String> = tx
            .subnets(&self.account_id, Service::Bmc)?
            .into_iter()
            .filter(|s| s.vpc_id.as_deref() == Some(found.id.as_str()))
            .map(|s| s.id)
            .collect();
        vpc::check_delete(found, &inside)?;
        tx.delete_vpc(&found.id)
    }
}

/// bmc CreateSubnet; answers the new subnet's ID (D-223, D-224).
pub struct CreateBmcSubnet {
    pub catalog: Arc<Catalog>,
    pub account_id: String,
    pub zone_id: String,
    pub name: String,
    pub cidr_block: String,
    pub resource_group_id: Option<String>,
    pub vpc_id: Option<String>,
}

impl Op for CreateBmcSubnet {
    type Output = String;
    fn run<T: Tx>(self, tx: &mut T) -> Result<String, StoreError> {
        let now = now(tx, &self.account_id)?;
        caller_account(tx, &self.account_id)?;
        let Some(region) = vpc::region_of(&self.catalog, &self.zone_id) else {
            return Err(ApiError::new(
                codes::INVALID_ZONE_NOT_FOUND,
                format!("zone `{}` does not exist", self.zone_id),
            )
            .into());
        };
        let group = group_for(tx, &self.account_id, self.resource_group_id.as_deref())?;
        let vpcs = tx.vpcs(&self.account_id, Service::Bmc)?;
        let into = match &self.vpc_id {
            Some(id) => Some(vpc::find(&vpcs, id)?),
            None => None,
        };
        let existing = tx.subnets(&self.account_id, Service::Bmc)?;
        let scope = match into {
            Some(v) => zenlocal_core::ipam::Scope::vpc(&v.id),
            None => subnet::zone_scope(&self.account_id, &self.zone_id),
        };
        let taken = held(tx, &scope)?;
        let made = subnet::create_bmc(
            &existing,
            into.map(|vpc| VpcFit {
                vpc,
                zone_region: &region.id,
                subnets: &existing,
            }),
            &taken,
            &self.account_id,
            NewBmcSubnet {
                zone_id: &self.zone_id,
                name: &self.name,
                cidr_block: &self.cidr_block,
                resource_group_id: &group,
            },
            zenlocal_wire::ids::bmc_network_id(),
            now,
        )?;
        tx.insert_subnet(&made)?;
        tx.insert_leases(&[made.lease()])?;
        Ok(made.id)
    }
}

/// The caller's bmc subnets with their instances' leases, its VPCs and resource groups.
pub struct BmcSubnets {
    pub account_id: String,
}

impl Op for BmcSubnets {
    type Output = (Vec<(Subnet, Vec<Lease>)>, Vec<Vpc>, Vec<ResourceGroup>);
    fn run<T: Tx>(self, tx: &mut T) -> Result<Self::Output, StoreError> {
        let groups = groups_of(tx, &self.account_id)?;
        let mut subnets = Vec::new();
        for s in tx.subnets(&self.account_id, Service::Bmc)? {
            let leases = tx.leases(&s.scope())?;
            subnets.push((s, leases));
        }
        Ok((subnets, tx.vpcs(&self.account_id, Service::Bmc)?, groups))
    }
}

/// AssociateSubnetInstances (D-226): all of them join, or none.
pub struct AssociateSubnetInstances {
    pub catalog: Arc<Catalog>,
    pub account_id: String,
    pub subnet_id: String,
    /// Each instance with the address it asks for.
    pub instances: Vec<(String, Option<String>)>,
}

impl Op for AssociateSubnetInstances {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        caller_account(tx, &self.account_id)?;
        let subnets = tx.subnets(&self.account_id, Service::Bmc)?;
        let found = subnet::find(&subnets, &self.subnet_id)?.clone();
        // Instances by ascending id, then the subnet's scope (D-110).
        let mut order: Vec<&String> = self.instances.iter().map(|(id, _)| id).collect();
        order.sort();
        order.dedup();
        let mut loaded = Vec::new();
        for id in order {
            loaded.push(load_one(tx, &self.account_id, Service::Bmc, id)?);
        }
        // Each gives back its private pool address as it joins (D-233).
        let mut own = Vec::new();
        for i in &loaded {
            own.extend(addresses::private_lease(
                i,
                &tx.leases_of(&ResourceRef::instance(&i.id))?,
            ));
        }
        let joining = self
            .instances
            .iter()
            .filter_map(|(id, address)| {
                loaded.iter().find(|i| i.id == *id).map(|i| Joining {
                    instance: i.clone(),
                    address: address.clone(),
                    own: addresses::private_lease(i, &own),
                })
            })
            .collect();
        let taken = held(tx, &found.scope())?;
        let changes = subnet::join_instances(&self.catalog, &found, joining, &taken)?;
        write_changes(tx, &changes)
    }
}

/// UnAssociateSubnetInstance (D-226): an instance not in the subnet is left as it is.
pub struct UnAssociateSubnetInstance {
    pub catalog: Arc<Catalog>,
    pub account_id: String,
    pub subnet_id: String,
    pub instance_id: String,
}

impl Op for UnAssociateSubnetInstance {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        caller_account(tx, &self.account_id)?;
        let subnets = tx.subnets(&self.account_id, Service::Bmc)?;
        let found = subnet::find(&subnets, &self.subnet_id)?.clone();
        let in_it = tx
            .leases(&found.scope())?
            .iter()
            .any(|l| l.holder.instance_id() == Some(self.instance_id.as_str()));
        if !in_it {
            return Ok(());
        }
        // The instance, then the subnet's scope (D-110).
        let instance = load_one(tx, &self.account_id, Service::Bmc, &self.instance_id)?;
        tx.hold_scope(&found.scope())?;
        let leases = tx.leases(&found.scope())?;
        if instance.subnet_id.as_deref() != Some(found.id.as_str()) {
            return Ok(());
        }
        // A fresh address of the zone's private pool, whose scope sorts after the
        // subnet's (D-110, D-233).
        let private = draw(
            tx,
            &self.catalog,
            Pool::Private,
            instance.service,
            &instance.zone_id,
            1,
        )?;
        let Some((left, lease, taken)) = private
            .first()
            .and_then(|a| subnet::leave(&found, &leases, &instance, *a))
        else {
            return Ok(());
        };
        let changes = Changes {
            instances: vec![left],
            freed: vec![lease],
            leases: vec![taken],
            ..Changes::default()
        };
        write_changes(tx, &changes)
    }
}

/// AssociateVpcSubnet (D-224): the subnet's range moves from its account's zone scope
/// to the VPC's.
pub struct AssociateVpcSubnet {
    pub catalog: Arc<Catalog>,
    pub account_id: String,
    pub subnet_id: String,
    pub vpc_id: String,
}

impl Op for AssociateVpcSubnet {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        caller_account(tx, &self.account_id)?;
        let vpcs = tx.vpcs(&self.account_id, Service::Bmc)?;
        let target = vpc::find(&vpcs, &self.vpc_id)?;
        let subnets = tx.subnets(&self.account_id, Service::Bmc)?;
        let found = subnet::find(&subnets, &self.subnet_id)?;
        let region = vpc::region_of(&self.catalog, &found.zone_id)
            .map(|r| r.id)
            .unwrap_or_default();
        // Both scopes the range moves between, in ascending order (D-140).
        let mut scopes = vec![
            found.range_scope(),
            zenlocal_core::ipam::Scope::vpc(&target.id),
        ];
        scopes.sort();
        for scope in &scopes {
            tx.hold_scope(scope)?;
        }
        let taken = held(tx, &zenlocal_core::ipam::Scope::vpc(&target.id))?;
        let fit = VpcFit {
            vpc: target,
            zone_region: &region,
            subnets: &subnets,
        };
        let Some(moved) = subnet::join_vpc(found, fit, &taken)? else {
            return Ok(());
        };
        let changes = Changes {
            freed: vec![found.lease()],
            leases: vec![moved.lease()],
            ..Changes::default()
        };
        write_changes(tx, &changes)?;
        tx.set_subnet_vpc(&moved)
    }
}

/// vm CreateVpc (D-228): the VPC and its first subnet; answers the VPC's ID.
pub struct CreateVmVpc {
    pub catalog: Arc<Catalog>,
    pub account_id: String,
    pub zone_id: String,
    pub name: String,
    pub cidr_block: String,
    pub subnet_name: String,
    pub subnet_cidr_block: String,
}

impl Op for CreateVmVpc {
    type Output = String;
    fn run<T: Tx>(self, tx: &mut T) -> Result<String, StoreError> {
        let now = now(tx, &self.account_id)?;
        caller_account(tx, &self.account_id)?;
        let existing = tx.vpcs(&self.account_id, Service::Vm)?;
        let taken = held(tx, &subnet::zone_scope(&self.account_id, &self.zone_id))?;
        let (made, first) = subnet::create_vm_vpc(
            &self.catalog,
            &existing,
            &taken,
            &self.account_id,
            NewVmVpc {
                zone_id: &self.zone_id,
                name: &self.name,
                cidr_block: &self.cidr_block,
                subnet_name: &self.subnet_name,
                subnet_cidr_block: &self.subnet_cidr_block,
            },
            (
                zenlocal_wire::ids::vpc_id(),
                zenlocal_wire::ids::subnet_id(),
            ),
            now,
        )?;
        tx.put_vpc(&made)?;
        tx.insert_leases(&[made.lease()])?;
        tx.insert_subnet(&first)?;
        tx.insert_leases(&[first.lease()])?;
        Ok(made.id)
    }
}

/// The caller's vm VPCs and vm subnets.
pub struct VmVpcs {
    pub account_id: String,
}

impl Op for VmVpcs {
    type Output = (Vec<Vpc>, Vec<Subnet>);
    fn run<T: Tx>(self, tx: &mut T) -> Result<Self::Output, StoreError> {
        Ok((
            tx.vpcs(&self.account_id, Service::Vm)?,
            tx.subnets(&self.account_id, Service::Vm)?,
        ))
    }
}

/// vm DeleteVpc (D-230): the VPC and its subnets, refused while an instance is in one.
pub struct DeleteVmVpc {
    pub account_id: String,
    pub id: String,
}

impl Op for DeleteVmVpc {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        caller_account(tx, &self.account_id)?;
        let vpcs = tx.vpcs(&self.account_id, Service::Vm)?;
        let found = vpc::find(&vpcs, &self.id)?;
        let mut released = Vec::new();
        for s in tx.subnets(&self.account_id, Service::Vm)? {
            if s.vpc_id.as_deref() == Some(found.id.as_str()) {
                subnet::check_delete(&s, &tx.leases(&s.scope())?)?;
                released.push(s.holder());
            }
        }
        released.push(found.holder());
        let changes = Changes {
            released,
            ..Changes::default()
        };
        write_changes(tx, &changes)
    }
}

/// CreateVpcSubnet (D-229); answers the new subnet's ID.
pub struct CreateVpcSubnet {
    pub account_id: String,
    pub vpc_id: String,
    pub name: String,
    pub cidr_block: String,
}

impl Op for CreateVpcSubnet {
    type Output = String;
    fn run<T: Tx>(self, tx: &mut T) -> Result<String, StoreError> {
        let now = now(tx, &self.account_id)?;
        caller_account(tx, &self.account_id)?;
        let vpcs = tx.vpcs(&self.account_id, Service::Vm)?;
        let found = vpc::find(&vpcs, &self.vpc_id)?;
        let in_vpc: Vec<Subnet> = tx
            .subnets(&self.account_id, Service::Vm)?
            .into_iter()
            .filter(|s| s.vpc_id.as_deref() == Some(found.id.as_str()))
            .collect();
        let taken = held(tx, &zenlocal_core::ipam::Scope::vpc(&found.id))?;
        let made = subnet::create_in_vpc(
            found,
            &in_vpc,
            &taken,
            &self.name,
            &self.cidr_block,
            zenlocal_wire::ids::subnet_id(),
            now,
        )?;
        tx.insert_subnet(&made)?;
        tx.insert_leases(&[made.lease()])?;
        Ok(made.id)
    }
}
