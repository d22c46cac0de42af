//! Addresses (docs/decisions.md D-140): what a scope holds, read while the command holds
//! the scope, for a rule of `zenlocal_core` to hand out from; the rule's leases are then
//! written with its other changes (`write_changes`), where the schema refuses any range
//! that starts at an address its scope already holds.

use crate::{StoreError, Tx};
use ipnet::IpNet;
use zenlocal_core::ipam::Scope;
use zenlocal_core::model::{Lease, ResourceRef};

/// The ranges `scope` holds, read after holding it (D-110: scopes are held last, in
/// ascending order): what an allocation must stay clear of.
pub fn held<T: Tx>(tx: &mut T, scope: &Scope) -> Result<Vec<IpNet>, StoreError> {
    tx.hold_scope(scope)?;
    Ok(tx.leases(scope)?.into_iter().map(|l| l.net).collect())
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
