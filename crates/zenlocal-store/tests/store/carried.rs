//! D-244: on PostgreSQL a write that holds no account's turn leaves its last statements and
//! its commit to go first in the next message its thread sends, and is answered once that
//! message has been answered; with no command to take, the thread sends them alone. Each
//! write is answered its own outcome, whichever message carried it. Runs when
//! `ZENLOCAL_TEST_POSTGRES_URL` is set (CI sets it).

use crate::backend::{Open, TestDb};
use crate::open_account;
use crate::work::{buy, traffic_package};
use std::collections::BTreeSet;
use std::sync::Arc;
use zenlocal_core::catalog::Catalog;
use zenlocal_core::model::OrderKind;
use zenlocal_store::ops::Orders;
use zenlocal_store::Store;
use zenlocal_testkit::postgres_url;
use zenlocal_wire::error::describe;

/// The instances whose traffic-package downgrades are sent at once.
const WRITES: usize = 48;

/// The instances of account `a` with a traffic-package order line.
async fn ordered(store: &Store) -> BTreeSet<String> {
    let orders = store
        .read(Orders {
            account_id: Some("a".into()),
            resource: None,
        })
        .await
        .unwrap();
    (orders.into_iter())
        .filter(|o| o.kind == OrderKind::TrafficPackage)
        .map(|o| o.resource.id)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_with_no_command_after_it_is_committed_when_answered() {
    let Some(admin) = postgres_url() else {
        return;
    };
    let db = TestDb::postgres(&admin);
    let store = db.open().await;
    let catalog = Arc::new(Catalog::builtin());
    open_account(&store, "a", "100000.00").await;
    let id = buy(&store, &catalog, 1).await.remove(0);
    let before = store.work();
    // Answered though no command follows to carry its commit.
    let answered = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        store.write(traffic_package(&catalog, &id, "1")),
    );
    answered.await.expect("answered").unwrap();
    let work = store.work() - before;
    assert_eq!((work.commits, work.carried), (1, 0), "{work:?}");
    // Nothing is left open, and another replica sees the change.
    assert_eq!(db.sessions_waiting_and_idle(), (0, 0));
    let replica = db.open().await;
    assert_eq!(ordered(&replica).await, BTreeSet::from([id]));
    replica.close().await;
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commits_carried_by_the_next_command_are_answered_each_its_own_outcome() {
    let Some(admin) = postgres_url() else {
        return;
    };
    let db = TestDb::postgres(&admin);
    let store = Arc::new(db.open().await);
    let catalog = Arc::new(Catalog::builtin());
    open_account(&store, "a", "100000.00").await;
    let ids = buy(&store, &catalog, WRITES as i64).await;
    // Every third instance's order line is refused by the database itself, when the
    // write's last statements are sent: with its commit, after the write was run.
    let refused: BTreeSet<String> = ids.iter().step_by(3).cloned().collect();
    let list = (refused.iter())
        .map(|id| format!("'{id}'"))
        .collect::<Vec<_>>()
        .join(", ");
    db.execute(&format!(
        "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
           IF NEW.resource_id IN ({list}) THEN RAISE EXCEPTION 'refused by the test'; END IF; \
           RETURN NEW; END $$; \
         CREATE TRIGGER refuse BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION refuse();"
    ));
    let before = store.work();
    let writes: Vec<_> = (ids.iter().cloned())
        .map(|id| {
            let (store, op) = (store.clone(), traffic_package(&catalog, &id, "1"));
            tokio::spawn(async move { (id, store.write(op).await) })
        })
        .collect();
    for write in writes {
        let answered = tokio::time::timeout(std::time::Duration::from_secs(30), write);
        let (id, answer) = answered.await.expect("answered").unwrap();
        match answer {
            Ok(_) => assert!(!refused.contains(&id), "{id} was answered as written"),
            Err(e) => {
                assert!(refused.contains(&id), "{id}: {}", describe(&e));
                assert!(
                    describe(&e).contains("refused by the test"),
                    "{}",
                    describe(&e)
                );
            }
        }
    }
    let work = store.work() - before;
    assert_eq!(work.commits as usize, WRITES - refused.len(), "{work:?}");
    assert!(
        work.carried > 0,
        "no commit went with another command: {work:?}"
    );
    let written: BTreeSet<String> = ids
        .iter()
        .filter(|id| !refused.contains(*id))
        .cloned()
        .collect();
    assert_eq!(ordered(&store).await, written);
    assert_eq!(db.sessions_waiting_and_idle(), (0, 0));
    Arc::try_unwrap(store).ok().unwrap().close().await;
}
