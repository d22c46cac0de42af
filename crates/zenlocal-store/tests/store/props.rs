//! What the property tests over random command sequences share: a store for each case,
//! how a case tells a refusal from a failure, and the invariants of instances' own
//! addresses (D-232, D-233).

use proptest::prop_assert_eq;
use proptest::test_runner::TestCaseError;
use std::collections::HashSet;
use zenlocal_core::instance::addresses::Pool;
use zenlocal_core::model::{Instance, Lease};
use zenlocal_store::ops::addresses::Leases;
use zenlocal_store::ops::Reset;
use zenlocal_store::{Store, StoreError};
use zenlocal_wire::Service;

pub fn fail(e: impl std::fmt::Debug) -> TestCaseError {
    TestCaseError::fail(format!("{e:?}"))
}

/// A refusal is an answer; anything else fails the case.
pub fn refused<T>(r: Result<T, StoreError>) -> Result<Option<T>, TestCaseError> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(StoreError::Api(_)) => Ok(None),
        Err(e) => Err(fail(e)),
    }
}

/// A store on `url`, emptied, at the start instant, with `accounts` opened with `balance`.
pub async fn open(url: &str, accounts: &[&str], balance: &str) -> Result<Store, TestCaseError> {
    let url = url.to_owned();
    // Opening PostgreSQL blocks: not on the thread that drives this case's runtime.
    let store = std::thread::spawn(move || Store::open(&url))
        .join()
        .map_err(|_| TestCaseError::fail("opening the store panicked"))?
        .map_err(fail)?;
    store.write(Reset { clock: None }).await.map_err(fail)?;
    crate::backend::freeze_at(&store, crate::backend::START)
        .await
        .map_err(fail)?;
    for id in accounts {
        crate::open_account(&store, id, balance).await;
    }
    Ok(store)
}

/// The leases of the instance pools, public and private, of `zones` of `service`.
pub async fn own_leases(
    store: &Store,
    service: Service,
    zones: &[&str],
) -> Result<Vec<Lease>, TestCaseError> {
    let mut leases = Vec::new();
    for zone in zones {
        for pool in [Pool::Public, Pool::Private] {
            let scope = pool.scope(service, zone);
            leases.extend(store.read(Leases { scope }).await.map_err(fail)?);
        }
    }
    Ok(leases)
}

/// D-232, D-233: no pool address is held twice; every lease's holder is a live instance;
/// each live instance holds exactly its public address of its zone's pool and, in no
/// subnet, exactly its private one — in a subnet none of the private pool.
pub fn check_own_addresses(instances: &[Instance], leases: &[Lease]) -> Result<(), TestCaseError> {
    let mut seen = HashSet::new();
    for l in leases {
        if !seen.insert((l.scope.clone(), l.net)) {
            return Err(fail(format!("{l:?} is held twice")));
        }
        let holder = l.holder.instance_id().unwrap_or_default();
        if !instances.iter().any(|i| i.id == holder) {
            return Err(fail(format!("{l:?} is held by no live instance")));
        }
    }
    for i in instances {
        for (pool, address) in [(Pool::Public, &i.public_ip), (Pool::Private, &i.private_ip)] {
            let scope = pool.scope(i.service, &i.zone_id);
            let held: Vec<String> = leases
                .iter()
                .filter(|l| l.scope == scope && l.holder.instance_id() == Some(i.id.as_str()))
                .map(|l| l.net.addr().to_string())
                .collect();
            let expected = if pool == Pool::Private && i.subnet_id.is_some() {
                Vec::new()
            } else {
                vec![address.clone()]
            };
            prop_assert_eq!(held, expected, "instance {} in {}", &i.id, scope);
        }
    }
    Ok(())
}
