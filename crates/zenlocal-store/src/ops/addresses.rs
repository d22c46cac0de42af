//! Addresses (docs/decisions.md D-140): what a scope holds, read while the command holds
//! the scope, for a rule of `zenlocal_core` to hand out from; the rule's leases are then
//! written with its other changes (`write_changes`), where the schema refuses any range
//! that starts at an address its scope already holds.

use crate::{StoreError, Tx};
use ipnet::IpNet;
use std::net::IpAddr;
use zenlocal_core::instance::addresses::{self, Pool};
use zenlocal_core::ipam::{self, Scope};
use zenlocal_core::model::{Lease, ResourceRef};
use zenlocal_core::Catalog;
use zenlocal_wire::Service;

/// The ranges `scope` holds, read after holding it (D-110: scopes are held last, in
/// ascending order): what an allocation must stay clear of.
pub fn held<T: Tx>(tx: &mut T, scope: &Scope) -> Result<Vec<IpNet>, StoreError> {
    tx.hold_scope(scope)?;
    Ok(tx.leases(scope)?.into_iter().map(|l| l.net).collect())
}

/// Draws `count` addresses of a zone's instance `pool` (D-232, D-233), next-fit: the
/// scope is held (D-110: after every row the command locks, pools in ascending order), the
/// walk starts at its stored offset and probes candidates by point lookups, and the
/// offset moves just past the last address drawn. Costs what it walks, never what the
/// pool holds. Too few free is 400 `RESOURCE_INSUFFICIENT_PRODUCT_SOLD_OUT`; the caller
/// takes the addresses with its other changes.
pub fn draw<T: Tx>(
    tx: &mut T,
    catalog: &Catalog,
    pool: Pool,
    service: Service,
    zone_id: &str,
    count: usize,
) -> Result<Vec<IpAddr>, StoreError> {
    let ring = pool.ring(catalog, service, zone_id);
    let scope = pool.scope(service, zone_id);
    let cursor = tx.hold_scope_walk(&scope)?;
    let drawn = ipam::next_fit(&ring, cursor, count, |candidates| {
        tx.held_among(&scope, candidates)
    })?
    .ok_or_else(|| addresses::sold_out(pool, service, zone_id, count))?;
    if count > 0 {
        tx.set_next_offset(&scope, drawn.next_offset)?;
    }
    Ok(drawn.addresses)
}

/// What each of some scopes holds, in the order asked: a read, no scope held (what is
/// left for sale).
pub struct Held {
    pub scopes: Vec<Scope>,
}

impl super::Op for Held {
    type Output = Vec<Vec<IpNet>>;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Vec<Vec<IpNet>>, StoreError> {
        self.scopes
            .iter()
            .map(|scope| Ok(tx.leases(scope)?.into_iter().map(|l| l.net).collect()))
            .collect()
    }
}

/// The ranges a scope holds, with their holders: a read, no scope held.
pub struct Leases {
    pub scope: Scope,
}

impl super::Op for Leases {
    type Output = Vec<Lease>;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Vec<Lease>, StoreError> {
        tx.leases(&self.scope)
    }
}

/// The ranges a resource holds, in any scope.
pub struct LeasesOf {
    pub holder: ResourceRef,
}

impl super::Op for LeasesOf {
    type Output = Vec<Lease>;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Vec<Lease>, StoreError> {
        tx.leases_of(&self.holder)
    }
}
