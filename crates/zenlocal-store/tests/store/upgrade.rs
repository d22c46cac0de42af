//! A store made by the schema each backend had before the migrations were one list
//! (`legacy/`: SQLite recorded its version in `PRAGMA user_version`, PostgreSQL in
//! `schema_migrations`) opens, keeps every row, and is upgraded once: order lines keep
//! their order, and new ones are numbered after them by the database.

use crate::backend::{self, Open, TestDb};
use rust_decimal::Decimal;
use std::str::FromStr;
use std::sync::Arc;
use zenlocal_core::account::TransactionType;
use zenlocal_core::catalog::Catalog;
use zenlocal_core::event::EventKind;
use zenlocal_core::instance::{self, CreateFields, Timings};
use zenlocal_core::order::{OrderKind, OrderStatus};
use zenlocal_core::Timestamp;
use zenlocal_store::ops::{
    CreateInstances, GetAccessKey, GetAccount, GetToken, Ledger, Orders, PendingEvents,
};
use zenlocal_store::Store;
use zenlocal_wire::Service;

const SQLITE: [&str; 2] = [
    include_str!("legacy/sqlite_0001_foundation.sql"),
    include_str!("legacy/sqlite_0002_instances.sql"),
];
const POSTGRES: &str = include_str!("legacy/postgres_0001_schema.sql");

/// Rows as the stores wrote them before: order lines inserted out of their `seq` order.
fn legacy_rows() -> String {
    let event = serde_json::to_string(&EventKind::Deposit {
        account_id: "acct".into(),
        amount: Decimal::from_str("5.00").unwrap(),
    })
    .unwrap();
    format!(
        "INSERT INTO clock (id, mode, offset_seconds, frozen_at) VALUES (1, 'frozen', 0, 5000);
         INSERT INTO accounts (id, name, balance, discount, created_at)
             VALUES ('acct', 'legacy', '1000.00', '90', 100);
         INSERT INTO access_keys (id, account_id, password, enabled)
             VALUES ('AK-legacy', 'acct', 'pw', TRUE);
         INSERT INTO tokens (token, account_id, expires_at) VALUES ('tok-legacy', 'acct', NULL);
         INSERT INTO ledger (account_id, time, kind, amount, balance_after, order_number,
                             description)
             VALUES ('acct', 100, 'RECHARGE', '1000.00', '1000.00', NULL, 'opening');
         INSERT INTO orders (order_number, instance_id, account_id, kind, from_value, to_value,
                             amount, status, created_at, effective_at, seq) VALUES
             ('N2', 'i-1', 'acct', 'RENEW', NULL, NULL, '10.00', 'PAID', 300, 300, 2),
             ('N1', 'i-1', 'acct', 'CREATE', NULL, 'M6C', '20.00', 'PAID', 200, 200, 1),
             ('N3', 'i-2', 'acct', 'BANDWIDTH', '10', '20', '0', 'SCHEDULED', 400, 500, 3);
         INSERT INTO scheduled_events (due_at, kind, account_id, payload)
             VALUES (9000, 'deposit', 'acct', '{event}');
         INSERT INTO stock (service, zone_id, product, taken) VALUES ('bmc', 'SEL-A', 'M6C', 2);"
    )
}

/// The database as the old migrations left it, holding [`legacy_rows`].
fn legacy(db: &TestDb) {
    let schema = if db.is_postgres() {
        format!(
            "{POSTGRES}
             CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY);
             INSERT INTO schema_migrations (version) VALUES (1);"
        )
    } else {
        format!("{}{}PRAGMA user_version = 2;", SQLITE[0], SQLITE[1])
    };
    db.execute(&format!("{schema}\n{}", legacy_rows()));
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

async fn order_numbers(store: &Store) -> Vec<String> {
    let orders = store
        .read(Orders {
            account_id: Some("acct".into()),
            instance_id: None,
        })
        .await
        .unwrap();
    orders.into_iter().map(|o| o.number).collect()
}

/// A POSTPAID bmc instance, which writes one CREATE order line.
async fn create_instance(store: &Store) -> String {
    let catalog = Arc::new(Catalog::builtin());
    let fields = CreateFields {
        zone_id: "SEL-A",
        product: "M6C",
        image_id: Some("img-ubuntu-2204"),
        name: Some("upgraded"),
        password: Some("Passw0rd-x"),
        charge_type: "POSTPAID",
        internet_charge_type: "ByBandwidth",
        bandwidth: Some(10),
        count: Some(1),
        creating: true,
        ..Default::default()
    };
    let spec = instance::create_spec(&catalog, Service::Bmc, &fields).unwrap();
    let created = store
        .write(CreateInstances {
            catalog,
            account_id: "acct".into(),
            spec,
            timings: Timings::default(),
        })
        .await
        .unwrap();
    created.order_number
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_made_by_the_old_schema_opens_keeps_its_rows_and_upgrades_once() {
    for db in backend::all() {
        legacy(&db);
        let store = db.open().await;

        let account = store
            .read(GetAccount("acct".into()))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (account.balance, account.discount, account.created_at),
            (d("1000.00"), d("90"), Timestamp(100)),
            "{}",
            db.name()
        );
        let key = store.read(GetAccessKey("AK-legacy".into())).await.unwrap();
        assert!(key.is_some_and(|k| k.enabled && k.account_id == "acct"));
        let token = store.read(GetToken("tok-legacy".into())).await.unwrap();
        assert_eq!(token.unwrap().expires_at, None);
        let ledger = store.read(Ledger("acct".into())).await.unwrap();
        assert_eq!(ledger.len(), 1);
        assert_eq!(ledger[0].kind, TransactionType::Recharge);
        let pending = store.read(PendingEvents).await.unwrap();
        assert_eq!(pending.len(), 1);
        assert_eq!(pending[0].due_at, Timestamp(9_000));

        // Order lines in their old order, then a new one after them.
        assert_eq!(
            order_numbers(&store).await,
            ["N1", "N2", "N3"],
            "{}",
            db.name()
        );
        let orders = store
            .read(Orders {
                account_id: None,
                instance_id: Some("i-2".into()),
            })
            .await
            .unwrap();
        assert_eq!(orders.len(), 1);
        assert_eq!(
            (orders[0].kind, orders[0].status, orders[0].amount),
            (OrderKind::Bandwidth, OrderStatus::Scheduled, d("0.00"))
        );
        let new = create_instance(&store).await;
        assert_eq!(
            order_numbers(&store).await,
            ["N1", "N2", "N3", new.as_str()],
            "{}",
            db.name()
        );
        store.close().await;

        // Opened again: nothing is migrated twice.
        let store = db.open().await;
        assert_eq!(
            order_numbers(&store).await,
            ["N1", "N2", "N3", new.as_str()]
        );
        store.close().await;
        assert_eq!(schema_versions(&db), [1, 2, 3, 4], "{}", db.name());
    }
}

/// What `schema_migrations` records, read behind the store's back.
fn schema_versions(db: &TestDb) -> Vec<i64> {
    const SQL: &str = "SELECT version FROM schema_migrations ORDER BY version";
    let url = db.url();
    if db.is_postgres() {
        std::thread::spawn(move || {
            let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
            let rows = client.query(SQL, &[]).unwrap();
            rows.iter().map(|r| i64::from(r.get::<_, i32>(0))).collect()
        })
        .join()
        .unwrap()
    } else {
        let conn = rusqlite::Connection::open(url).unwrap();
        let mut statement = conn.prepare(SQL).unwrap();
        let versions = statement.query_map([], |r| r.get(0)).unwrap();
        versions.collect::<Result<_, _>>().unwrap()
    }
}

/// A SQLite file from before instances were stored is refused with a message saying so,
/// and left as it was.
#[tokio::test]
async fn a_sqlite_file_older_than_any_upgrade_is_refused_and_left_alone() {
    let db = TestDb::sqlite();
    db.execute(&format!("{}PRAGMA user_version = 1;", SQLITE[0]));
    let url = db.url();
    let err = tokio::task::spawn_blocking(move || Store::open(&url))
        .await
        .unwrap()
        .err()
        .expect("an early file is refused");
    assert!(err.to_string().contains("early zenlocal"), "{err}");
    let conn = rusqlite::Connection::open(db.url()).unwrap();
    let tables: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE name = 'schema_migrations'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(tables, 0);
}
