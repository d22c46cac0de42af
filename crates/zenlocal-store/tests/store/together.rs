//! D-237: on PostgreSQL the charged changes of one account that wait for its turn commit
//! in one transaction, each in a savepoint of its own: one the database refuses is undone
//! alone, the others are kept, and each is answered once the commit is; a change of a
//! group that PostgreSQL refuses to break a deadlock fails alone and the group commits
//! without handing itself on; a group that loses its connection fails whole, and the
//! changes still waiting go on alone. D-242: the connections those waiting hold come free
//! to another account's writes first. Runs when `ZENLOCAL_TEST_POSTGRES_URL` is set (CI
//! sets it).

use crate::backend::{Open, TestDb};
use crate::work::{buy, buy_for, traffic_package, traffic_package_of};
use crate::{d, open_account};
use rust_decimal::Decimal;
use std::sync::Arc;
use std::time::Duration;
use tokio::task::JoinHandle;
use zenlocal_core::catalog::Catalog;
use zenlocal_core::model::{Item, OrderKind, ResourceRef};
use zenlocal_core::plan::Asked;
use zenlocal_store::ops::{CancelDowngrade, GetAccount, Ledger, Orders};
use zenlocal_store::{Store, StoreError};
use zenlocal_testkit::{postgres_url, Held};
use zenlocal_wire::Service;

const UPGRADES: usize = 4;

type Upgrade = JoinHandle<Result<Option<String>, StoreError>>;

/// A store with one account and [`UPGRADES`] PREPAID instances of it; its balance and
/// how many ledger entries it has.
async fn bought(db: &TestDb) -> (Arc<Store>, Arc<Catalog>, Vec<String>, (Decimal, usize)) {
    let store = Arc::new(db.open().await);
    let catalog = Arc::new(Catalog::builtin());
    open_account(&store, "a", "100000.00").await;
    let ids = buy(&store, &catalog, UPGRADES as i64).await;
    let balance = store.read(GetAccount("a".into())).await.unwrap().unwrap();
    let entries = store.read(Ledger("a".into())).await.unwrap().len();
    (store, catalog, ids, (balance.balance, entries))
}

/// An upgrade of the traffic package of instance `id`, sent at once.
fn upgrade(store: &Arc<Store>, catalog: &Arc<Catalog>, id: &str) -> Upgrade {
    let (store, op) = (store.clone(), traffic_package(catalog, id, "5"));
    tokio::spawn(async move { store.write(op).await })
}

/// Waits until PostgreSQL shows `expected` (sessions waiting for a lock, sessions idle in
/// a transaction) on five looks in a row, 20 ms apart, for up to 10 s: a state of the
/// database, which no frozen clock stands in for; five in a row tell it from the moment
/// between two statements.
pub(crate) async fn settle(db: &TestDb, expected: (i64, i64)) {
    let (mut sessions, mut seen) = ((0, 0), 0);
    for _ in 0..500 {
        sessions = db.sessions_waiting_and_idle();
        seen = if sessions == expected { seen + 1 } else { 0 };
        if seen == 5 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(
        sessions, expected,
        "(waiting for a lock, idle in a transaction)"
    );
}

/// A store whose account has [`UPGRADES`] upgrades under way: the first done and the
/// second in its transaction (D-237), which holds the account's row, waiting there for its
/// instance, held by another session (answered); the two others waiting for the account's
/// turn in the store. Answers the store, its instances, the upgrades, the balance and
/// ledger entries before them, and the hold of the instance.
async fn second_of_a_group_waiting(
    db: &TestDb,
) -> (
    Arc<Store>,
    Vec<String>,
    Vec<Upgrade>,
    (Decimal, usize),
    Held,
) {
    let (store, catalog, ids, opened) = bought(db).await;
    // The first upgrade waits on PostgreSQL for the account; the others wait for its turn
    // in the store, in the order they came.
    let account = db.hold_accounts();
    let mut upgrades = Vec::new();
    for (n, id) in ids.iter().enumerate() {
        upgrades.push(upgrade(&store, &catalog, id));
        settle(db, (1, n as i64 + 1)).await;
    }
    // Let go of the account: the first upgrade is done and hands its transaction to the
    // second, which waits there for its instance; the transaction the second had opened
    // itself is idle, as are the two still waiting and the session holding the instance.
    let instance = db.hold_instance_row(&ids[1]);
    drop(account);
    settle(db, (1, UPGRADES as i64)).await;
    (store, ids, upgrades, opened, instance)
}

/// Each upgrade's answer: those of `kept` an order number, with the one order line kept
/// for it; the others their error, with no line. The balance is what it was less the
/// kept upgrades' charges, and the ledger adds up to it, with one entry more for each kept
/// upgrade. Answers the errors.
async fn check_answers(
    store: &Store,
    ids: &[String],
    upgrades: Vec<Upgrade>,
    kept: &[&String],
    (opened, entries): (Decimal, usize),
) -> Vec<StoreError> {
    let (mut errors, mut numbers) = (Vec::new(), Vec::new());
    let mut charged = d("0");
    for (id, upgrade) in ids.iter().zip(upgrades) {
        let answer = upgrade.await.unwrap();
        let orders = store
            .read(Orders {
                account_id: None,
                resource: Some(ResourceRef::instance(id.clone())),
            })
            .await
            .unwrap();
        let lines: Vec<_> = orders
            .iter()
            .filter(|o| o.kind == OrderKind::TrafficPackage)
            .collect();
        if kept.contains(&id) {
            let number = answer.unwrap().expect("charged: an order number");
            assert_eq!(lines.len(), 1, "{id}");
            assert_eq!(lines[0].number, number);
            assert!(lines[0].amount > d("0"), "{id}: charged");
            charged += lines[0].amount;
            numbers.push(number);
        } else {
            errors.push(answer.expect_err(id));
            assert!(lines.is_empty(), "{id}: nothing of it is kept");
        }
    }
    let account = store.read(GetAccount("a".into())).await.unwrap().unwrap();
    assert_eq!(account.balance, opened - charged);
    let ledger = store.read(Ledger("a".into())).await.unwrap();
    let mut running = d("0");
    for entry in &ledger {
        running += entry.kind.signed(entry.amount);
        assert_eq!(entry.balance_after, running, "{entry:?}");
    }
    assert_eq!(running, account.balance, "balance = ledger sum");
    let upgrades = ledger
        .iter()
        .filter(|e| e.order_number.as_ref().is_some_and(|n| numbers.contains(n)));
    assert_eq!(
        upgrades.count(),
        kept.len(),
        "an entry for each kept upgrade"
    );
    assert_eq!(ledger.len(), entries + kept.len(), "and no other");
    errors
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upgrades_of_one_account_waiting_together_commit_once_and_fail_alone() {
    let Some(admin) = postgres_url() else {
        return;
    };
    let db = TestDb::postgres(&admin);
    let (store, catalog, ids, opened) = bought(&db).await;
    // The database refuses the order lines of every other upgrade, when they are written.
    let refused: Vec<&String> = ids.iter().skip(1).step_by(2).collect();
    db.execute(&format!(
        "ALTER TABLE orders ADD CONSTRAINT refused
         CHECK (kind = 'CREATE' OR resource_id NOT IN ('{}', '{}')) NOT VALID",
        refused[0], refused[1]
    ));
    // The first upgrade to lock the account waits on PostgreSQL for its instance; the
    // others wait for the account's turn in the store, each idle in its transaction, as
    // the session holding the instances is.
    let held = db.hold_instance_rows();
    let upgrades = ids.iter().map(|id| upgrade(&store, &catalog, id)).collect();
    settle(&db, (1, UPGRADES as i64)).await;
    let before = store.work();
    drop(held);
    let kept: Vec<&String> = ids.iter().filter(|id| !refused.contains(id)).collect();
    for error in check_answers(&store, &ids, upgrades, &kept, opened).await {
        match error {
            StoreError::Database {
                unavailable: false,
                sqlstate: Some(code),
                ..
            } => assert_eq!(code, "23514", "a check constraint refused it"),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(
        (store.work() - before).commits,
        1,
        "every upgrade waiting at once committed together"
    );
    Arc::try_unwrap(store).ok().unwrap().close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_group_that_loses_its_connection_fails_whole_and_the_waiting_go_on() {
    let Some(admin) = postgres_url() else {
        return;
    };
    let db = TestDb::postgres(&admin);
    let (store, ids, upgrades, opened, instance) = second_of_a_group_waiting(&db).await;
    let before = store.work();
    assert_eq!(db.cut_lock_waiters(), 1, "the group's connection");
    drop(instance);
    let kept = [&ids[2], &ids[3]];
    for error in check_answers(&store, &ids, upgrades, &kept, opened).await {
        assert!(error.is_unavailable(), "{error:?}");
    }
    assert_eq!(
        (store.work() - before).commits,
        1,
        "the two still waiting committed together"
    );
    Arc::try_unwrap(store).ok().unwrap().close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_of_a_group_chosen_to_break_a_deadlock_fails_alone_and_the_group_commits() {
    let Some(admin) = postgres_url() else {
        return;
    };
    let db = TestDb::postgres(&admin);
    // Each session checks for a deadlock once, when it has waited this long: the store's
    // sessions (made after this) late enough for the other session's wait to have begun.
    db.execute(
        "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET deadlock_timeout = ''2s''',
                                    current_database()); END $$",
    );
    let (store, ids, upgrades, opened, instance) = second_of_a_group_waiting(&db).await;
    let before = store.work();
    // That session now asks for the account's row: each waits for the other. The group's
    // check comes first (the other session's own comes far later), finds the circle and
    // refuses the second upgrade's statement; the group then commits the first upgrade,
    // which lets the account's row go to the other session.
    let asked = instance.run(
        "SET deadlock_timeout = '30s'; SELECT id FROM accounts WHERE id = 'a' FOR NO KEY UPDATE",
    );
    let granted = tokio::task::spawn_blocking(move || asked.recv().unwrap())
        .await
        .unwrap();
    assert_eq!(granted, Ok(()), "the other session was not the one refused");
    // It lets go of both rows: the two upgrades still waiting go on, together.
    drop(instance);
    let kept = [&ids[0], &ids[2], &ids[3]];
    let errors = check_answers(&store, &ids, upgrades, &kept, opened).await;
    match &errors[..] {
        [StoreError::Database {
            unavailable: true,
            sqlstate: Some(code),
            ..
        }] => assert_eq!(code, "40P01", "a deadlock, answered to be sent again"),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        (store.work() - before).commits,
        2,
        "the group, then the two still waiting together"
    );
    Arc::try_unwrap(store).ok().unwrap().close().await;
}

/// A store whose accounts `a`, `b` and `c` hold `a`, `b` and `c` PREPAID instances.
async fn three_accounts(
    db: &TestDb,
    (a, b, c): (i64, i64, i64),
) -> (Arc<Store>, Arc<Catalog>, [Vec<String>; 3]) {
    let store = Arc::new(db.open().await);
    let catalog = Arc::new(Catalog::builtin());
    let mut ids = Vec::new();
    for (account, count) in [("a", a), ("b", b), ("c", c)] {
        open_account(&store, account, "100000.00").await;
        ids.push(buy_for(&store, &catalog, account, count).await);
    }
    let ids: [Vec<String>; 3] = ids.try_into().unwrap();
    (store, catalog, ids)
}

/// A write of `op` for `account`'s request (D-242), sent at once.
fn on_behalf<O: zenlocal_store::Op>(
    store: &Arc<Store>,
    account: &'static str,
    op: O,
) -> JoinHandle<Result<O::Output, StoreError>> {
    let store = store.clone();
    tokio::spawn(zenlocal_store::for_account(account, async move {
        store.write(op).await
    }))
}

/// An upgrade of the traffic package of `account`'s instance `id`, for its request.
fn upgrade_of(
    store: &Arc<Store>,
    catalog: &Arc<Catalog>,
    account: &'static str,
    id: &str,
) -> Upgrade {
    on_behalf(
        store,
        account,
        traffic_package_of(catalog, account, id, "5"),
    )
}

/// Answers that every upgrade is still held, then lets go of the accounts and answers that
/// each was charged.
async fn charged_once_let_go(upgrades: Vec<Upgrade>, accounts: Held) {
    assert!(upgrades.iter().all(|u| !u.is_finished()), "still held");
    drop(accounts);
    for upgrade in upgrades {
        assert!(upgrade.await.unwrap().unwrap().is_some(), "charged");
    }
}

/// D-242: with every pooled connection held — one by a write of no account waiting for an
/// instance row, twelve by upgrades of `a` (its share), three by upgrades of `c`, each
/// account's first waiting for its row and the others for its turn — and a fourth upgrade
/// of `c` waiting for a connection before `b`'s write does, the connection that comes free
/// goes to `b`, holding fewest, whose write is done while every upgrade is still held.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_that_comes_free_goes_to_the_account_holding_fewest() {
    let Some(admin) = postgres_url() else {
        return;
    };
    let db = TestDb::postgres(&admin);
    let (store, catalog, [a, b, c]) = three_accounts(&db, (13, 1, 4)).await;
    let instance = db.hold_instance_row(&a[12]);
    let cancel = CancelDowngrade {
        account_id: "a".into(),
        asked: Asked {
            service: Service::Bmc,
            item: Item::TrafficPackage,
            alias: false,
        },
        instance_id: a[12].clone(),
    };
    let of_no_account = {
        let store = store.clone();
        tokio::spawn(async move { store.write(cancel).await })
    };
    settle(&db, (1, 1)).await;
    let accounts = db.hold_accounts();
    let mut upgrades: Vec<Upgrade> = a[..12]
        .iter()
        .map(|id| upgrade_of(&store, &catalog, "a", id))
        .collect();
    settle(&db, (2, 13)).await;
    upgrades.extend(
        c[..3]
            .iter()
            .map(|id| upgrade_of(&store, &catalog, "c", id)),
    );
    settle(&db, (3, 15)).await;
    upgrades.push(upgrade_of(&store, &catalog, "c", &c[3]));
    // Nothing in the database shows a write waiting for a connection: looking again lets
    // `c`'s fourth reach its place in the store before `b`'s write does.
    settle(&db, (3, 15)).await;
    let downgrade = on_behalf(&store, "b", traffic_package_of(&catalog, "b", &b[0], "1"));

    drop(instance);
    assert!(of_no_account.await.unwrap().is_err(), "nothing to cancel");
    let done = tokio::time::timeout(Duration::from_secs(30), downgrade).await;
    let order = done.expect("b's write waited behind c's");
    assert!(order.unwrap().unwrap().is_some(), "a downgrade scheduled");
    charged_once_let_go(upgrades, accounts).await;
    Arc::try_unwrap(store).ok().unwrap().close().await;
}

/// D-242: one account's writes hold at most twelve of the sixteen pooled connections
/// however many it sends, so another account's write finds one free while all twelve wait.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_account_holds_no_more_than_its_share_of_the_connections() {
    let Some(admin) = postgres_url() else {
        return;
    };
    let db = TestDb::postgres(&admin);
    let (store, catalog, [a, b, _]) = three_accounts(&db, (17, 1, 0)).await;
    let accounts = db.hold_accounts();
    let upgrades: Vec<Upgrade> = a
        .iter()
        .map(|id| upgrade_of(&store, &catalog, "a", id))
        .collect();
    // Its first waits for its row, eleven for its turn; five wait for a connection.
    settle(&db, (1, 12)).await;
    let downgrade = on_behalf(&store, "b", traffic_package_of(&catalog, "b", &b[0], "1"));
    let done = tokio::time::timeout(Duration::from_secs(30), downgrade).await;
    let order = done.expect("b's write waited for a connection");
    assert!(order.unwrap().unwrap().is_some(), "a downgrade scheduled");
    charged_once_let_go(upgrades, accounts).await;
    Arc::try_unwrap(store).ok().unwrap().close().await;
}
