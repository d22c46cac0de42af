//! D-237: on PostgreSQL the charged changes of one account that wait for its turn commit
//! in one transaction, each in a savepoint of its own: one the database refuses is undone
//! alone, the others are kept, and each is answered once the commit is. Runs when
//! `ZENLOCAL_TEST_POSTGRES_URL` is set (CI sets it).

use crate::backend::{Open, TestDb};
use crate::work::{buy, traffic_package};
use crate::{d, open_account};
use std::sync::Arc;
use std::time::Duration;
use zenlocal_core::catalog::Catalog;
use zenlocal_core::model::{OrderKind, ResourceRef};
use zenlocal_store::ops::{GetAccount, Ledger, Orders};
use zenlocal_store::StoreError;
use zenlocal_testkit::postgres_url;

const UPGRADES: usize = 4;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upgrades_of_one_account_waiting_together_commit_once_and_fail_alone() {
    let Some(admin) = postgres_url() else {
        return;
    };
    let db = TestDb::postgres(&admin);
    let store = Arc::new(db.open().await);
    let catalog = Arc::new(Catalog::builtin());
    open_account(&store, "a", "100000.00").await;
    let ids = buy(&store, &catalog, UPGRADES as i64).await;
    let opened = store.read(GetAccount("a".into())).await.unwrap().unwrap();
    let entries = store.read(Ledger("a".into())).await.unwrap().len();
    // The database refuses the order lines of every other upgrade, when they are written.
    let refused: Vec<&String> = ids.iter().skip(1).step_by(2).collect();
    db.execute(&format!(
        "ALTER TABLE orders ADD CONSTRAINT refused
         CHECK (kind = 'CREATE' OR resource_id NOT IN ('{}', '{}')) NOT VALID",
        refused[0], refused[1]
    ));
    // The first upgrade to lock the account waits on PostgreSQL for its instance; the
    // others wait for the account's turn in the store, each idle in its transaction, as
    // the session holding the instances is. The poll waits for a state of the database,
    // which no frozen clock stands in for; five looks in a row tell it from the moment
    // between two statements.
    let held = db.hold_instance_rows();
    let upgrades: Vec<_> = ids
        .iter()
        .map(|id| {
            let (store, op) = (store.clone(), traffic_package(&catalog, id, "5"));
            tokio::spawn(async move { store.write(op).await })
        })
        .collect();
    let (mut sessions, mut seen) = ((0, 0), 0);
    for _ in 0..500 {
        sessions = db.sessions_waiting_and_idle();
        seen = if sessions == (1, UPGRADES as i64) {
            seen + 1
        } else {
            0
        };
        if seen == 5 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(
        sessions,
        (1, UPGRADES as i64),
        "(waiting for a lock, idle in a transaction)"
    );
    let before = store.work();
    drop(held);
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
        let changes: Vec<_> = orders
            .iter()
            .filter(|o| o.kind == OrderKind::TrafficPackage)
            .collect();
        if refused.contains(&id) {
            match answer {
                Err(StoreError::Database {
                    unavailable: false,
                    sqlstate: Some(code),
                    ..
                }) => assert_eq!(code, "23514", "a check constraint refused it"),
                other => panic!("{id}: {other:?}"),
            }
            assert!(changes.is_empty(), "{id}: nothing of it is kept");
        } else {
            let number = answer.unwrap().expect("charged: an order number");
            assert_eq!(changes.len(), 1, "{id}");
            assert_eq!(changes[0].number, number);
            assert!(changes[0].amount > d("0"), "{id}: charged");
            charged += changes[0].amount;
        }
    }
    assert_eq!(
        (store.work() - before).commits,
        1,
        "every upgrade waiting at once committed together"
    );
    let account = store.read(GetAccount("a".into())).await.unwrap().unwrap();
    assert_eq!(account.balance, opened.balance - charged);
    let ledger = store.read(Ledger("a".into())).await.unwrap();
    let mut running = d("0");
    for entry in &ledger {
        running += entry.kind.signed(entry.amount);
        assert_eq!(entry.balance_after, running, "{entry:?}");
    }
    assert_eq!(running, account.balance, "balance = ledger sum");
    assert_eq!(
        ledger.len(),
        entries + UPGRADES - refused.len(),
        "an entry for each upgrade kept"
    );
    Arc::try_unwrap(store).ok().unwrap().close().await;
}
