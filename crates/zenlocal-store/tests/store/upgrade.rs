//! A store made by the schema each backend had before the migrations were one list
//! (`legacy/`: SQLite recorded its version in `PRAGMA user_version`, PostgreSQL in
//! `schema_migrations`) opens, keeps every row, and is upgraded once: order lines keep
//! their order, and new ones are numbered after them by the database. A store made by
//! migrations 1 and 2, whose orders and event payloads named only instances, reads them
//! as instance resources and goes on from where it was.

use crate::backend::{self, Open, TestDb};
use rust_decimal::Decimal;
use std::str::FromStr;
use std::sync::Arc;
use zenlocal_core::account::TransactionType;
use zenlocal_core::catalog::Catalog;
use zenlocal_core::instance::{self, CreateFields};
use zenlocal_core::model::{EventKind, OrderKind, OrderStatus, ResourceRef, Timings};
use zenlocal_core::Timestamp;
use zenlocal_store::ops::OwnedInstance;
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
            resource: None,
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
                resource: Some(ResourceRef::instance("i-2")),
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
        assert_eq!(schema_versions(&db), migration_versions(), "{}", db.name());
    }
}

/// The versions of every migration file, `migrations/NNNN_name.sql`, in order: what a
/// store records once it is up to date. A file the runner's list lacks fails the tests
/// that compare them.
fn migration_versions() -> Vec<i64> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/migrations");
    let mut versions: Vec<i64> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".sql"))
        .map(|name| {
            let (number, _) = name.split_once('_').unwrap_or_else(|| panic!("{name}"));
            number.parse().unwrap_or_else(|_| panic!("{name}"))
        })
        .collect();
    versions.sort_unstable();
    assert!(!versions.is_empty(), "no migration in {dir}");
    versions
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

/// The schema as migrations 1 and 2 left it, with the types `Dialect::schema` gives each
/// backend, recorded as those two.
fn schema_2(db: &TestDb) -> String {
    let (decimal, serial) = if db.is_postgres() {
        ("NUMERIC", "BIGSERIAL PRIMARY KEY")
    } else {
        ("TEXT", "INTEGER PRIMARY KEY AUTOINCREMENT")
    };
    let migrations = [
        include_str!("../../migrations/0001_schema.sql"),
        include_str!("../../migrations/0002_orders_seq.sql"),
    ];
    format!(
        "{}
         CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY);
         INSERT INTO schema_migrations (version) VALUES (1), (2);",
        migrations
            .concat()
            .replace("{decimal}", decimal)
            .replace("{serial}", serial)
    )
}

const BOUGHT: Timestamp = Timestamp(1_767_225_600);
const CYCLE_END: Timestamp = Timestamp(1_769_817_600);
const INSTANCE: &str = "1000000000000000002";

/// Rows as schema 2 held them, written by the code of its time: a PREPAID ByTrafficPackage
/// bmc instance bought at [`BOUGHT`] with a 2 TB package, then a downgrade to 1 TB
/// scheduled for its cycle end (the order kept with the pending change) and a bandwidth
/// change still processing; its events, and one event of each other kind of an instance
/// since released.
const SCHEMA_2_ROWS: &str = r#"
INSERT INTO clock (id, mode, offset_seconds, frozen_at) VALUES (1, 'frozen', 0, 1767225700);
INSERT INTO accounts (id, name, balance, discount, created_at)
    VALUES ('acct', 'legacy', '796.00', '100', 1767225600);
INSERT INTO ledger (account_id, time, kind, amount, balance_after, order_number, description)
    VALUES ('acct', 1767225600, 'RECHARGE', '1000.00', '1000.00', NULL, 'opening balance'),
           ('acct', 1767225600, 'CONSUME', '204.00', '796.00', '2000000000000001',
            'create 1 x bmc M6C (1 month(s))');
INSERT INTO instances (id, account_id, service, created_at, data) VALUES ('1000000000000000002', 'acct', 'bmc', 1767225600, '{"id":"1000000000000000002","account_id":"acct","service":"bmc","zone_id":"SEL-A","product":"M6C","name":"legacy","hostname":"hostname","image_id":"img-ubuntu-2204","ipxe_url":null,"key_id":null,"resource_group_id":null,"charge_type":"PREPAID","period":1,"internet":"ByTrafficPackage","bandwidth":10,"traffic_package":"2","status":"RUNNING","created_at":1767225600,"expires_at":1769817600,"auto_renew":true,"recycled_at":null,"private_ip":"10.70.235.243","public_ip":"98.241.77.179","usage_hours":0,"usage_unsettled":"0","tags":[],"pending":[{"state":"WaitToEnable","target":{"item":"trafficPackage","value":"1"},"order":{"number":"2000000000000003","account_id":"acct","instance_id":"1000000000000000002","kind":"TRAFFIC_PACKAGE","from":"2","to":"1","amount":"0.00","status":"SCHEDULED","created_at":1767225700,"effective_at":1769817600}},{"state":"Processing","target":{"item":"bandwidth","value":20},"order":null}]}');
INSERT INTO orders (order_number, instance_id, account_id, kind, from_value, to_value, amount,
                    status, created_at, effective_at) VALUES
    ('2000000000000001', '1000000000000000002', 'acct', 'CREATE', NULL, 'M6C', '204.00', 'PAID',
     1767225600, 1767225600),
    ('2000000000000003', '1000000000000000002', 'acct', 'TRAFFIC_PACKAGE', '2', '1', '0.00',
     'SCHEDULED', 1767225700, 1769817600);
INSERT INTO scheduled_events (due_at, kind, account_id, payload) VALUES
    (1769817600, 'CYCLE_END', 'acct', '{"kind":"cycleEnd","accountId":"acct","instanceId":"1000000000000000002","expiresAt":1769817600}'),
    (1767225805, 'CHANGE_DONE', 'acct', '{"kind":"changeDone","accountId":"acct","instanceId":"1000000000000000002","item":"bandwidth"}'),
    (1767225710, 'PROVISION', 'acct', '{"kind":"provision","accountId":"acct","instanceId":"1000000000000000009","status":"RUNNING"}'),
    (1767225720, 'POWER_DONE', 'acct', '{"kind":"powerDone","accountId":"acct","instanceId":"1000000000000000009","from":"STOPPING","to":"STOPPED"}'),
    (1767225730, 'SETTLE_USAGE', 'acct', '{"kind":"settleUsage","accountId":"acct","instanceId":"1000000000000000009"}'),
    (1767225740, 'RELEASE', 'acct', '{"kind":"release","accountId":"acct","instanceId":"1000000000000000009","recycledAt":1767225600}');
INSERT INTO stock (service, zone_id, product, taken) VALUES ('bmc', 'SEL-A', 'M6C', 1);
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_of_instance_orders_and_events_reads_them_as_instance_resources() {
    for db in backend::all() {
        db.execute(&format!("{}\n{SCHEMA_2_ROWS}", schema_2(&db)));
        let store = db.open().await;
        let instance = ResourceRef::instance(INSTANCE);

        // Every event payload decodes, naming the instance it named.
        let pending = store.read(PendingEvents).await.unwrap();
        assert_eq!(pending.len(), 6, "{}", db.name());
        let gone = ResourceRef::instance("1000000000000000009");
        for event in &pending {
            let expected = match event.kind {
                EventKind::CycleEnd { .. } | EventKind::ChangeDone { .. } => &instance,
                _ => &gone,
            };
            assert_eq!(event.kind.resource(), Some(expected), "{}", db.name());
        }
        // The order kept with the pending downgrade names the instance too.
        let stored = store
            .read(OwnedInstance {
                account_id: "acct".into(),
                service: Service::Bmc,
                id: INSTANCE.into(),
            })
            .await
            .unwrap();
        let kept = stored.pending[0].order.as_ref().unwrap();
        assert_eq!(
            (kept.number.as_str(), &kept.resource),
            ("2000000000000003", &instance)
        );

        // Time goes on from there: the bandwidth change finishes, the cycle end applies
        // the downgrade and renews at its price (199.00 for M6C with the free package).
        let catalog = Arc::new(Catalog::builtin());
        backend::advance_to(&store, CYCLE_END, 40, &catalog, Timings::default())
            .await
            .unwrap();
        let orders = store
            .read(Orders {
                account_id: Some("acct".into()),
                resource: Some(instance.clone()),
            })
            .await
            .unwrap();
        let lines: Vec<_> = orders
            .iter()
            .map(|o| (o.kind, o.status, o.amount, o.effective_at))
            .collect();
        assert_eq!(
            lines,
            [
                (OrderKind::Create, OrderStatus::Paid, d("204.00"), BOUGHT),
                (
                    OrderKind::TrafficPackage,
                    OrderStatus::Applied,
                    d("0.00"),
                    CYCLE_END
                ),
                (OrderKind::Renew, OrderStatus::Paid, d("199.00"), CYCLE_END),
            ],
            "{}",
            db.name()
        );
        assert!(orders.iter().all(|o| o.resource == instance));
        let renewed = store
            .read(OwnedInstance {
                account_id: "acct".into(),
                service: Service::Bmc,
                id: INSTANCE.into(),
            })
            .await
            .unwrap();
        assert_eq!(
            (
                renewed.bandwidth,
                renewed.traffic_package,
                renewed.pending.len()
            ),
            (20, Some(d("1")), 0)
        );
        let account = store
            .read(GetAccount("acct".into()))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(account.balance, d("597.00"), "{}", db.name());
        store.close().await;
        assert_eq!(schema_versions(&db), migration_versions(), "{}", db.name());
    }
}

/// D-234: each store opened on one database (as each replica opens it) numbers orders as
/// a node of its own, and a store's numbers grow in the order the orders were made.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stores_sharing_a_database_number_orders_as_nodes_of_their_own() {
    for db in backend::all() {
        legacy(&db);
        let first = db.open().await;
        let second = db.open().await;
        let mut numbers = Vec::new();
        for store in [&first, &second, &first, &second] {
            numbers.push(create_instance(store).await);
        }
        assert!(
            numbers
                .iter()
                .all(|n| n.len() == 16 && n.bytes().all(|b| b.is_ascii_digit())),
            "{numbers:?}"
        );
        let node = |n: &String| n[14..].to_owned();
        assert_eq!(node(&numbers[0]), node(&numbers[2]), "{}", db.name());
        assert_eq!(node(&numbers[1]), node(&numbers[3]), "{}", db.name());
        assert_ne!(node(&numbers[0]), node(&numbers[1]), "{}", db.name());
        assert!(
            numbers[0] < numbers[2] && numbers[1] < numbers[3],
            "{numbers:?}"
        );
        let listed = order_numbers(&first).await;
        let created: Vec<&String> = listed.iter().filter(|n| numbers.contains(n)).collect();
        assert_eq!(created.len(), 4, "{}: {listed:?}", db.name());
        first.close().await;
        second.close().await;
    }
}
