//! Addresses (docs/decisions.md D-140) on both stores: concurrent commands handing out
//! from one scope never hand out one address twice — on PostgreSQL through two stores on
//! one database, as two replicas — the schema itself refuses a range its scope holds, and
//! a released resource's addresses are free again.

use super::backend::{self, Open};
use super::open_account;
use ipnet::IpNet;
use std::collections::HashSet;
use std::sync::Arc;
use zenlocal_core::ipam::{self, Pool, Scope};
use zenlocal_core::model::{Changes, Lease, ResourceRef};
use zenlocal_store::ops::{addresses, write_changes};
use zenlocal_store::{Op, Store, StoreError, Tx};

/// Hands out `count` addresses of `pool` in `scope` to `holder`, as a rule does: the scope
/// held, what it holds read, the lowest free addresses picked and written.
struct Allocate {
    scope: Scope,
    pool: Pool,
    holder: ResourceRef,
    count: usize,
}

impl Op for Allocate {
    type Output = Vec<IpNet>;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Vec<IpNet>, StoreError> {
        let held = addresses::held(tx, &self.scope)?;
        let nets = ipam::allocate(&self.pool, &held, 32, self.count).map_err(|e| {
            StoreError::Api(zenlocal_core::ApiError::invalid_parameter(e.to_string()))
        })?;
        let changes = Changes {
            leases: nets
                .iter()
                .map(|net| lease(&self.scope, *net, &self.holder))
                .collect(),
            ..Changes::default()
        };
        write_changes(tx, &changes)?;
        Ok(nets)
    }
}

/// Writes `changes` as they are, with no rule before them.
struct Write(Changes);

impl Op for Write {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        write_changes(tx, &self.0)
    }
}

fn lease(scope: &Scope, net: IpNet, holder: &ResourceRef) -> Lease {
    Lease {
        scope: scope.clone(),
        net,
        account_id: "a".into(),
        holder: holder.clone(),
    }
}

fn pool() -> Pool {
    Pool::new(vec![ipam::parse_cidr("198.51.100.0/25").unwrap()])
}

/// D-140: forty commands taking three addresses each from one scope at once, spread over
/// two stores on one database where it can be shared, all succeed and never share one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_allocations_never_hand_out_one_address_twice() {
    for db in backend::all() {
        let first = Arc::new(db.open().await);
        open_account(&first, "a", "0").await;
        // A second store on the same database is a second replica; a SQLite file has one
        // writer, the first store.
        let second = if db.is_postgres() {
            Arc::new(db.open().await)
        } else {
            first.clone()
        };
        let scope = Scope::zone("SEL-A");
        let mut tasks = Vec::new();
        for n in 0..40 {
            let store: Arc<Store> = if n % 2 == 0 {
                first.clone()
            } else {
                second.clone()
            };
            let scope = scope.clone();
            tasks.push(tokio::spawn(async move {
                store
                    .write(Allocate {
                        scope,
                        pool: pool(),
                        holder: ResourceRef::instance(format!("holder-{n}")),
                        count: 3,
                    })
                    .await
            }));
        }
        let mut seen = HashSet::new();
        for t in tasks {
            for net in t.await.unwrap().unwrap() {
                assert!(seen.insert(net), "{}: {net} handed out twice", db.name());
            }
        }
        assert_eq!(seen.len(), 120);
        let stored = first
            .read(addresses::Leases {
                scope: scope.clone(),
            })
            .await
            .unwrap();
        assert_eq!(stored.len(), 120, "{}", db.name());
        // Eight left in the /25: nine more are refused whole.
        let e = first
            .write(Allocate {
                scope,
                pool: pool(),
                holder: ResourceRef::instance("late"),
                count: 9,
            })
            .await
            .unwrap_err();
        assert!(e.to_string().contains("only 8 free"), "{}: {e}", db.name());
        drop(second);
        Arc::try_unwrap(first).ok().unwrap().close().await;
    }
}

/// D-140: the schema refuses a range starting at an address its scope holds, whatever the
/// rule above it decided, and the command that tried writes nothing; another scope may
/// hold the same address.
#[tokio::test]
async fn the_schema_refuses_an_address_its_scope_holds() {
    for db in backend::all() {
        let store = db.open().await;
        open_account(&store, "a", "0").await;
        let net = ipam::parse_cidr("10.0.0.5/32").unwrap();
        let one = ResourceRef::instance("one");
        let two = ResourceRef::instance("two");
        let subnet = Scope::subnet("sub-1");
        store
            .write(Write(Changes {
                leases: vec![lease(&subnet, net, &one)],
                ..Changes::default()
            }))
            .await
            .unwrap();
        let twice = Changes {
            leases: vec![
                lease(&subnet, ipam::parse_cidr("10.0.0.6/32").unwrap(), &two),
                lease(&subnet, net, &two),
            ],
            ..Changes::default()
        };
        assert!(store.write(Write(twice)).await.is_err(), "{}", db.name());
        let held = store
            .read(addresses::Leases { scope: subnet })
            .await
            .unwrap();
        assert_eq!(
            held,
            [lease(&Scope::subnet("sub-1"), net, &one)],
            "{}",
            db.name()
        );
        store
            .write(Write(Changes {
                leases: vec![lease(&Scope::subnet("sub-2"), net, &two)],
                ..Changes::default()
            }))
            .await
            .unwrap();
        store.close().await;
    }
}

/// D-140: a released resource gives back every address it holds, in every scope, and
/// they are handed out again; a freed range goes back alone.
#[tokio::test]
async fn released_and_freed_addresses_are_handed_out_again() {
    for db in backend::all() {
        let store = db.open().await;
        open_account(&store, "a", "0").await;
        let zone = Scope::zone("SEL-A");
        let holder = ResourceRef::instance("gone");
        let taken = store
            .write(Allocate {
                scope: zone.clone(),
                pool: pool(),
                holder: holder.clone(),
                count: 2,
            })
            .await
            .unwrap();
        let block = Scope::block("cb-1");
        let bound = lease(&block, ipam::parse_cidr("203.0.113.9/32").unwrap(), &holder);
        store
            .write(Write(Changes {
                leases: vec![bound.clone()],
                ..Changes::default()
            }))
            .await
            .unwrap();
        let of = || addresses::LeasesOf {
            holder: holder.clone(),
        };
        assert_eq!(store.read(of()).await.unwrap().len(), 3, "{}", db.name());

        let freed = lease(&zone, taken[0], &holder);
        store
            .write(Write(Changes {
                freed: vec![freed],
                ..Changes::default()
            }))
            .await
            .unwrap();
        let again = store
            .write(Allocate {
                scope: zone.clone(),
                pool: pool(),
                holder: ResourceRef::instance("next"),
                count: 1,
            })
            .await
            .unwrap();
        assert_eq!(again, [taken[0]], "{}", db.name());

        store
            .write(Write(Changes {
                released: vec![holder.clone()],
                ..Changes::default()
            }))
            .await
            .unwrap();
        assert_eq!(store.read(of()).await.unwrap(), [], "{}", db.name());
        let left = store.read(addresses::Leases { scope: zone }).await.unwrap();
        assert_eq!(left.len(), 1, "{}: only the next holder's", db.name());
        assert_eq!(left[0].holder, ResourceRef::instance("next"));
        assert_eq!(
            store
                .read(addresses::Leases { scope: block })
                .await
                .unwrap(),
            []
        );
        store.close().await;
    }
}
