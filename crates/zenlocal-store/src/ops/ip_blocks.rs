//! Commands and queries of bmc elastic IPs and IP blocks (docs/decisions.md D-141 to
//! D-147). Each command locks in the order of D-110 — the caller's account, the
//! instances it names (ascending), the elastic IP or block, then the address scope it
//! hands out from — and writes the rule's changes in one go.

use super::accounts::caller_account;
use super::addresses::held;
use super::{now, write_changes, Op};
use crate::{StoreError, Tx};
use std::sync::Arc;
use zenlocal_core::ipam::Scope;
use zenlocal_core::ipblock::{self, Created, Kind, NewByoip, Purchase};
use zenlocal_core::model::{Changes, Instance, IpBlock, Lease, ResourceRef, Timings};
use zenlocal_core::{ApiError, Catalog};
use zenlocal_wire::Service;

/// One of the caller's elastic IPs or blocks, locked; any other is not found (D-6).
fn load_owned<T: Tx>(
    tx: &mut T,
    account_id: &str,
    kind: Kind,
    id: &str,
) -> Result<IpBlock, StoreError> {
    let block = tx.ip_block(id)?;
    Ok(ipblock::owned(block, account_id, kind, id)?)
}

/// A bmc instance by id, locked, if it is the caller's (D-6).
fn load_instance<T: Tx>(
    tx: &mut T,
    account_id: &str,
    id: &str,
) -> Result<Option<Instance>, StoreError> {
    Ok(tx
        .instance(id)?
        .filter(|i| i.account_id == account_id && i.service == Service::Bmc))
}

/// The addresses of blocks bound to an instance, in every block.
fn bound_to<T: Tx>(tx: &mut T, instance_id: &str) -> Result<Vec<Lease>, StoreError> {
    Ok(tx
        .leases_of(&ResourceRef::instance(instance_id))?
        .into_iter()
        .filter(|l| l.scope.as_str().starts_with("block:"))
        .collect())
}

/// AllocateEipAddresses, CreateIpv4Block and CreateIpv6Block (D-142, D-143).
pub struct CreateIpBlocks {
    pub catalog: Arc<Catalog>,
    pub account_id: String,
    pub purchase: Purchase,
    pub timings: Timings,
}

impl Op for CreateIpBlocks {
    type Output = Created;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Created, StoreError> {
        let now = now(tx, &self.account_id)?;
        let account = caller_account(tx, &self.account_id)?;
        let pool = self
            .catalog
            .public_pool(&self.purchase.zone_id)
            .ok_or_else(ApiError::internal)?;
        let held = held(tx, &Scope::zone(&self.purchase.zone_id))?;
        let (changes, created) = ipblock::create(
            &self.catalog,
            &account,
            &self.purchase,
            &pool,
            &held,
            self.timings,
            &mut tx.ids()?,
            now,
        )?;
        write_changes(tx, &changes)?;
        Ok(created)
    }
}

/// CreateByoip (D-146); answers the block.
pub struct CreateByoip {
    pub catalog: Arc<Catalog>,
    pub account_id: String,
    pub ip_type: String,
    pub cidr: String,
    pub asn: i64,
    pub tags: Vec<zenlocal_wire::model::common::Tag>,
}

impl Op for CreateByoip {
    type Output = IpBlock;
    fn run<T: Tx>(self, tx: &mut T) -> Result<IpBlock, StoreError> {
        let now = now(tx, &self.account_id)?;
        let account = caller_account(tx, &self.account_id)?;
        let held = held(tx, &Scope::byoip())?;
        let (changes, block) = ipblock::byoip(
            &self.catalog,
            &account,
            &NewByoip {
                ip_type: &self.ip_type,
                cidr: &self.cidr,
                asn: self.asn,
                tags: &self.tags,
            },
            &held,
            zenlocal_wire::ids::byoip_id(),
            zenlocal_wire::ids::byoip_id(),
            now,
        )?;
        write_changes(tx, &changes)?;
        Ok(block)
    }
}

/// The caller's elastic IPs and blocks, with the block addresses bound to instances.
pub struct IpBlocks {
    pub account_id: String,
}

/// What the describe actions read: the blocks and every address bound in them.
pub struct IpBlocksRead {
    pub blocks: Vec<IpBlock>,
    pub bound: Vec<Lease>,
}

impl Op for IpBlocks {
    type Output = IpBlocksRead;
    fn run<T: Tx>(self, tx: &mut T) -> Result<IpBlocksRead, StoreError> {
        let blocks = tx.ip_blocks(&self.account_id)?;
        let mut bound = Vec::new();
        for b in blocks
            .iter()
            .filter(|b| Kind::of(b.product) == Kind::CidrBlock)
        {
            bound.extend(tx.leases(&Scope::block(&b.id))?);
        }
        Ok(IpBlocksRead { blocks, bound })
    }
}

/// AssociateEipAddress (D-144).
pub struct AssociateEip {
    pub account_id: String,
    pub eip_id: String,
    pub instance_id: String,
}

impl Op for AssociateEip {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        caller_account(tx, &self.account_id)?;
        let instance = load_instance(tx, &self.account_id, &self.instance_id)?;
        let eip = load_owned(tx, &self.account_id, Kind::Eip, &self.eip_id)?;
        let instance =
            zenlocal_core::instance::owned(instance, &self.account_id, &self.instance_id)?;
        let associated = tx.ip_blocks_of_instance(&instance.id)?.len();
        let eip = ipblock::associate(eip, &instance, associated)?;
        tx.put_ip_block(&eip)
    }
}

/// UnAssociateEipAddress (D-144).
pub struct UnassociateEip {
    pub account_id: String,
    pub eip_id: String,
}

impl Op for UnassociateEip {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        caller_account(tx, &self.account_id)?;
        let eip = load_owned(tx, &self.account_id, Kind::Eip, &self.eip_id)?;
        tx.put_ip_block(&ipblock::unassociate(eip)?)
    }
}

/// TerminateEipAddress and TerminateCidrBlock (D-146).
pub struct TerminateIpBlock {
    pub catalog: Arc<Catalog>,
    pub account_id: String,
    pub kind: Kind,
    pub id: String,
    pub timings: Timings,
}

impl Op for TerminateIpBlock {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        let now = now(tx, &self.account_id)?;
        let account = caller_account(tx, &self.account_id)?;
        let block = load_owned(tx, &self.account_id, self.kind, &self.id)?;
        let bound = tx.leases(&Scope::block(&block.id))?.len();
        let changes = ipblock::terminate(
            &self.catalog,
            block,
            &account,
            bound,
            self.timings,
            &mut tx.ids()?,
            now,
        )?;
        write_changes(tx, &changes)
    }
}

/// ReleaseEipAddresses and ReleaseCidrBlocks (D-146).
pub struct ReleaseIpBlocks {
    pub account_id: String,
    pub kind: Kind,
    pub ids: Vec<String>,
    /// The request field naming them, for the message.
    pub field: &'static str,
}

impl Op for ReleaseIpBlocks {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        let ids = ipblock::batch_ids(&self.ids, self.field)?;
        let mut blocks = Vec::with_capacity(ids.len());
        for id in &ids {
            blocks.push(load_owned(tx, &self.account_id, self.kind, id)?);
        }
        write_changes(tx, &ipblock::release(blocks)?)
    }
}

/// RenewEipAddress and RenewCidrBlock (D-147).
pub struct RenewIpBlock {
    pub catalog: Arc<Catalog>,
    pub account_id: String,
    pub kind: Kind,
    pub id: String,
}

impl Op for RenewIpBlock {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        let now = now(tx, &self.account_id)?;
        let account = caller_account(tx, &self.account_id)?;
        let block = load_owned(tx, &self.account_id, self.kind, &self.id)?;
        let changes = ipblock::renew(&self.catalog, block, &account, &mut tx.ids()?, now)?;
        write_changes(tx, &changes)
    }
}

/// What ModifyEipAddressesResourceGroup and ModifyCidrBlocksAttribute change.
pub enum Attribute {
    ResourceGroup(String),
    Name(String),
}

/// ModifyEipAddressesResourceGroup and ModifyCidrBlocksAttribute: all of them or none
/// (D-21).
pub struct ModifyIpBlocks {
    pub account_id: String,
    pub kind: Kind,
    pub ids: Vec<String>,
    pub field: &'static str,
    pub attribute: Attribute,
}

impl Op for ModifyIpBlocks {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        caller_account(tx, &self.account_id)?;
        let ids = ipblock::batch_ids(&self.ids, self.field)?;
        let mut blocks = Vec::with_capacity(ids.len());
        for id in &ids {
            blocks.push(load_owned(tx, &self.account_id, self.kind, id)?);
        }
        let changed = match self.attribute {
            Attribute::Name(name) => ipblock::rename(blocks, &name)?,
            Attribute::ResourceGroup(group) => ipblock::regroup(blocks, &group)?,
        };
        changed.iter().try_for_each(|b| tx.put_ip_block(b))
    }
}

/// BindCidrBlockIps (D-145): (instance, address) pairs.
pub struct BindBlockIps {
    pub account_id: String,
    pub block_id: String,
    pub binds: Vec<(String, String)>,
}

impl Op for BindBlockIps {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        caller_account(tx, &self.account_id)?;
        let mut named: Vec<&String> = self.binds.iter().map(|(i, _)| i).collect();
        named.sort_unstable();
        named.dedup();
        let mut instances = Vec::new();
        let mut bound = Vec::new();
        for id in named {
            if let Some(i) = load_instance(tx, &self.account_id, id)? {
                bound.extend(bound_to(tx, &i.id)?);
                instances.push(i);
            }
        }
        let block = load_owned(tx, &self.account_id, Kind::CidrBlock, &self.block_id)?;
        let scope = Scope::block(&block.id);
        tx.hold_scope(&scope)?;
        let in_block = tx.leases(&scope)?;
        let changes = ipblock::bind(&block, &in_block, &self.binds, &instances, &bound)?;
        write_changes(tx, &changes)
    }
}

/// UnbindCidrBlockIps (D-145).
pub struct UnbindBlockIps {
    pub account_id: String,
    pub block_id: String,
    pub ips: Vec<String>,
}

impl Op for UnbindBlockIps {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        caller_account(tx, &self.account_id)?;
        let block = load_owned(tx, &self.account_id, Kind::CidrBlock, &self.block_id)?;
        let scope = Scope::block(&block.id);
        tx.hold_scope(&scope)?;
        let in_block = tx.leases(&scope)?;
        write_changes(tx, &ipblock::unbind(&block, &in_block, &self.ips)?)
    }
}

/// What an instance leaving service takes with it (D-144, D-145): written with the
/// changes that send it to the recycle bin or release it, whichever path they come by.
pub(super) fn detach_instance<T: Tx>(tx: &mut T, instance_id: &str) -> Result<(), StoreError> {
    let eips = tx.ip_blocks_of_instance(instance_id)?;
    let bound = bound_to(tx, instance_id)?;
    let changes: Changes = ipblock::detach(eips, bound, instance_id);
    for b in &changes.ip_blocks {
        tx.put_ip_block(b)?;
    }
    for l in &changes.freed {
        tx.delete_lease(l)?;
    }
    Ok(())
}

/// The caller's instance of bmc, for the actions that list what may go to it.
pub struct OwnedBmcInstance {
    pub account_id: String,
    pub id: String,
}

impl Op for OwnedBmcInstance {
    type Output = Instance;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Instance, StoreError> {
        let found = load_instance(tx, &self.account_id, &self.id)?;
        Ok(zenlocal_core::instance::owned(
            found,
            &self.account_id,
            &self.id,
        )?)
    }
}
