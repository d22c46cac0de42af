//! Applying due events costs the same whatever else the store holds (D-115): the
//! statements run, the rows they answered and, on SQLite, the steps of its virtual
//! machine while K instances reach their cycle end — each a scheduled downgrade, then a
//! renewal — are counted (never timed) on a store holding one other instance and on one
//! holding many more, whose cycles end later.

use crate::backend::{self, freeze_at, Open};
use crate::{d, open_account};
use std::sync::Arc;
use zenlocal_core::clock::Advance;
use zenlocal_core::instance::{self, CreateFields};
use zenlocal_core::model::{Item, Target, Timings};
use zenlocal_core::plan::Asked;
use zenlocal_core::time::MONTH_SECONDS;
use zenlocal_core::{Catalog, Timestamp};
use zenlocal_store::ops::{ApplyDue, CancelDowngrade, CreateInstances, ModifyPlan, Until};
use zenlocal_store::{Store, Work};
use zenlocal_wire::Service;

/// The instances whose events are applied.
const DUE: i64 = 5;
const DAY: i64 = 86_400;

/// Buys `count` PREPAID bmc instances of account `a` at the store's now, at once RUNNING;
/// answers ids.
pub(crate) async fn buy(store: &Store, catalog: &Arc<Catalog>, count: i64) -> Vec<String> {
    buy_for(store, catalog, "a", count).await
}

/// [`buy`] for `account`.
pub(crate) async fn buy_for(
    store: &Store,
    catalog: &Arc<Catalog>,
    account: &str,
    count: i64,
) -> Vec<String> {
    let mut ids = Vec::new();
    let mut left = count;
    while left > 0 {
        let fields = CreateFields {
            zone_id: "SEL-A",
            product: "M6C",
            password: Some("Passw0rd-x"),
            charge_type: "PREPAID",
            period: Some(1),
            internet_charge_type: "ByTrafficPackage",
            traffic_package: Some(2.0),
            count: Some(left.min(100)),
            creating: true,
            ..Default::default()
        };
        let spec = instance::create_spec(catalog, Service::Bmc, &fields).unwrap();
        let created = store
            .write(CreateInstances {
                catalog: catalog.clone(),
                account_id: account.into(),
                spec,
                timings: timings(),
            })
            .await
            .unwrap();
        ids.extend(created.instance_ids);
        left -= 100;
    }
    ids
}

/// Changes the traffic package of one of [`buy`]'s instances to `package` TB.
pub(crate) fn traffic_package(catalog: &Arc<Catalog>, id: &str, package: &str) -> ModifyPlan {
    traffic_package_of(catalog, "a", id, package)
}

/// [`traffic_package`] of an instance of `account`.
pub(crate) fn traffic_package_of(
    catalog: &Arc<Catalog>,
    account: &str,
    id: &str,
    package: &str,
) -> ModifyPlan {
    ModifyPlan {
        catalog: catalog.clone(),
        account_id: account.into(),
        asked: Asked {
            service: Service::Bmc,
            item: Item::TrafficPackage,
            alias: false,
        },
        instance_id: id.into(),
        target: Target::TrafficPackage(d(package)),
        timings: timings(),
    }
}

pub(crate) fn timings() -> Timings {
    Timings {
        provisioning: 0,
        ..Timings::default()
    }
}

async fn apply_until(store: &Store, catalog: &Arc<Catalog>, at: Timestamp) -> usize {
    backend::advance_to(store, at, 512, catalog, timings())
        .await
        .unwrap()
        .len()
}

/// The work of applying the cycle ends of [`DUE`] instances on a store that also holds
/// `others` instances bought a day later.
async fn work_with(db: &backend::TestDb, others: i64) -> Work {
    let store = db.open().await;
    let catalog = Arc::new(Catalog::builtin());
    let start = backend::START;
    open_account(&store, "a", "100000000.00").await;
    for id in buy(&store, &catalog, DUE).await {
        store
            .write(traffic_package(&catalog, &id, "1"))
            .await
            .unwrap();
    }
    freeze_at(&store, start.plus(DAY)).await.unwrap();
    buy(&store, &catalog, others).await;
    apply_until(&store, &catalog, start.plus(DAY + 3600)).await;
    let before = store.work();
    let applied = apply_until(&store, &catalog, start.plus(MONTH_SECONDS + 3600)).await;
    let work = store.work() - before;
    assert_eq!(applied, DUE as usize, "{}", db.name());
    store.close().await;
    work
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn applying_due_events_costs_the_same_however_many_other_instances_there_are() {
    for (db, other) in backend::all().into_iter().zip(backend::all()) {
        // One other instance, so that the index holds an event after the due ones there
        // too: reading the due ones stops at it.
        let among_few = work_with(&db, 1).await;
        let among_many = work_with(&other, 600).await;
        assert!(among_few.statements > 0, "{}: {among_few:?}", db.name());
        assert_eq!(among_few, among_many, "{}", db.name());
    }
}

#[tokio::test]
async fn an_advance_past_many_events_reads_and_writes_them_a_chunk_at_a_time() {
    // 40 events in one transaction: read in one statement, their rows in one per kind of
    // row, deleted in two statements of up to 32 ids; what they write is written at the
    // end of the chunk, a statement per kind of row and power of two (32 + 8).
    for db in backend::all() {
        let store = db.open().await;
        let catalog = Arc::new(Catalog::builtin());
        open_account(&store, "a", "100000000.00").await;
        buy(&store, &catalog, 40).await;
        let before = store.work();
        let pass = store
            .write(ApplyDue {
                until: Until::Advance(Advance::To(backend::START.plus(MONTH_SECONDS))),
                limit: 512,
                catalog: catalog.clone(),
                timings: timings(),
            })
            .await
            .unwrap();
        let work = store.work() - before;
        assert_eq!(pass.events.len(), 40, "{}", db.name());
        // The renewals' order lines, ledger entries, instances and next cycle ends in two
        // statements each, the balance in one, besides a fixed few for the whole pass.
        assert!(work.statements <= 4 * 2 + 1 + 12, "{}: {work:?}", db.name());
        store.close().await;
    }
}

/// A plan change reads `now` and its instance in one statement (D-235): on PostgreSQL a
/// change not charged reads the instance as committed with `now`, to learn that it locks
/// no account, then locks the instance; on SQLite, whose one writer locks nothing, it reads
/// both once. The statements counted are those reads, then the instance and its order line
/// written.
#[tokio::test]
async fn a_plan_change_reads_now_with_its_instance() {
    for db in backend::all() {
        let store = db.open().await;
        let catalog = Arc::new(Catalog::builtin());
        open_account(&store, "a", "100000000.00").await;
        let id = buy(&store, &catalog, 1).await.remove(0);
        let reads = if db.is_postgres() { 2 } else { 1 };
        let before = store.work();
        store
            .write(traffic_package(&catalog, &id, "1"))
            .await
            .unwrap();
        let downgrade = store.work() - before;
        assert_eq!(
            downgrade.statements,
            reads + 2,
            "{}: {downgrade:?}",
            db.name()
        );
        let before = store.work();
        store
            .write(CancelDowngrade {
                account_id: "a".into(),
                asked: Asked {
                    service: Service::Bmc,
                    item: Item::TrafficPackage,
                    alias: false,
                },
                instance_id: id.clone(),
            })
            .await
            .unwrap();
        let cancel = store.work() - before;
        assert_eq!(cancel.statements, 1 + 2, "{}: {cancel:?}", db.name());
        store.close().await;
    }
}
