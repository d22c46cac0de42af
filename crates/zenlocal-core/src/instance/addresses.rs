//! An instance's own addresses (D-232, D-233): its primary public IPv4 address from its
//! zone's instance pool, and, while it is in no subnet, a private address from the zone's
//! private pool. Each is a lease held by the instance, given back when it is released.
//! The store walks the pools next-fit (`ipam::next_fit`); these rules say which pool an
//! address comes from, how it is held, and what a pool too small answers.

use crate::ipam::{self, Ring, Scope};
use crate::model::{Changes, Instance, Lease, ResourceRef};
use crate::{codes, ApiError, Catalog};
use std::net::IpAddr;
use zenlocal_wire::Service;

/// Which of a zone's pools.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pool {
    /// Public IPv4 (`instance_ranges`, D-232).
    Public,
    /// Private, for an instance in no subnet (`private_ranges`, D-233).
    Private,
}

impl Pool {
    /// The scope the pool's addresses are held in.
    pub fn scope(self, service: Service, zone_id: &str) -> Scope {
        match self {
            Pool::Public => Scope::instances(service, zone_id),
            Pool::Private => Scope::private(service, zone_id),
        }
    }

    /// The pool's addresses in a zone, as the walk numbers them; empty for an unknown
    /// zone.
    pub fn ring(self, catalog: &Catalog, service: Service, zone_id: &str) -> Ring {
        let ranges = catalog
            .instance_pools(service, zone_id)
            .map(|(public, private)| match self {
                Pool::Public => public,
                Pool::Private => private,
            });
        ranges.map_or_else(Ring::default, Ring::hosts)
    }

    fn field(self) -> &'static str {
        match self {
            Pool::Public => "instance_ranges",
            Pool::Private => "private_ranges",
        }
    }
}

/// 400 `RESOURCE_INSUFFICIENT_PRODUCT_SOLD_OUT` (D-232): the zone has fewer free addresses
/// in a pool than instances asked for. An instance without its addresses cannot be sold,
/// so a pool run dry answers as stock sold out does (D-9), and nothing is made.
pub fn sold_out(pool: Pool, service: Service, zone_id: &str, count: usize) -> ApiError {
    ApiError::new(
        codes::RESOURCE_INSUFFICIENT_PRODUCT_SOLD_OUT,
        format!(
            "zone `{zone_id}` ({}) has fewer than {count} free address(es) in its {}",
            service.name(),
            pool.field()
        ),
    )
}

/// The lease by which `instance` holds `address` of its zone's `pool`.
pub fn lease(instance: &Instance, pool: Pool, address: IpAddr) -> Lease {
    Lease {
        scope: pool.scope(instance.service, &instance.zone_id),
        net: ipam::single(address),
        account_id: instance.account_id.clone(),
        holder: ResourceRef::instance(&instance.id),
    }
}

/// Gives `instance` `address` of `pool` and the lease it holds it by.
pub fn take(instance: &mut Instance, pool: Pool, address: IpAddr) -> Lease {
    match pool {
        Pool::Public => instance.public_ip = address.to_string(),
        Pool::Private => instance.private_ip = address.to_string(),
    }
    lease(instance, pool, address)
}

/// Gives the instances `changes` makes their addresses of `pool`, one each in order, and
/// takes them (CreateInstances).
pub fn give(changes: &mut Changes, pool: Pool, addresses: Vec<IpAddr>) {
    for (instance, address) in changes.instances.iter_mut().zip(addresses) {
        let held = take(instance, pool, address);
        changes.leases.push(held);
    }
}

/// The lease among an instance's `leases` by which it holds its private pool address:
/// what it gives back when it joins a subnet (D-233). An instance made before pools were
/// kept holds none.
pub fn private_lease(instance: &Instance, leases: &[Lease]) -> Option<Lease> {
    let scope = Pool::Private.scope(instance.service, &instance.zone_id);
    leases
        .iter()
        .find(|l| l.scope == scope && l.holder.instance_id() == Some(instance.id.as_str()))
        .cloned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{account, buy_changes, fields};

    fn addr(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    /// D-232, D-233: each instance gets one address of each pool, held in its zone's
    /// scope of that pool by the instance.
    #[test]
    fn instances_hold_their_addresses_in_their_zone_pools() {
        let (mut changes, ids) = buy_changes(
            Service::Bmc,
            &fields(Service::Bmc, "POSTPAID", "ByBandwidth"),
            &account("1000.00", 100),
        );
        changes.leases.clear();
        give(&mut changes, Pool::Public, vec![addr("198.18.0.7")]);
        give(&mut changes, Pool::Private, vec![addr("10.1.0.9")]);
        let i = &changes.instances[0];
        assert_eq!(
            (i.public_ip.as_str(), i.private_ip.as_str()),
            ("198.18.0.7", "10.1.0.9")
        );
        let held: Vec<(&str, String, Option<&str>)> = changes
            .leases
            .iter()
            .map(|l| (l.scope.as_str(), l.net.to_string(), l.holder.instance_id()))
            .collect();
        assert_eq!(
            held,
            [
                (
                    "zone-instances:bmc:SEL-A",
                    "198.18.0.7/32".to_owned(),
                    Some(ids[0].as_str())
                ),
                (
                    "zone-private:bmc:SEL-A",
                    "10.1.0.9/32".to_owned(),
                    Some(ids[0].as_str())
                ),
            ]
        );
        assert_eq!(
            private_lease(i, &changes.leases),
            Some(changes.leases[1].clone())
        );
    }

    /// D-232: a pool too small answers as stock sold out, naming the zone and the pool.
    #[test]
    fn a_pool_run_dry_is_sold_out() {
        let e = sold_out(Pool::Public, Service::Vm, "asia-east-1a", 3);
        assert_eq!(
            (e.code, e.code.status),
            (codes::RESOURCE_INSUFFICIENT_PRODUCT_SOLD_OUT, 400)
        );
        assert!(e.message.contains("asia-east-1a") && e.message.contains("instance_ranges"));
    }
}
