//! The store against real databases — a SQLite file, and PostgreSQL when
//! `ZENLOCAL_TEST_POSTGRES_URL` is set (`backend`): concurrent writes acknowledged and
//! durable across a reopen, a failing command rolling back alone, point reads, scheduled
//! events in due order; addresses never held twice (`addresses`); a released instance's
//! traffic gone with it (`traffic`); a store made by the old schema
//! upgraded (`upgrade`); the work of applying due events independent of the store's size
//! (`work`); and property tests of the ledger (`ledger_props`), of plan changes
//! (`plan_props`), of addresses (`ip_props`), of vm subnets and security groups
//! (`network_props`) and of bmc VPCs and subnets (`vpc_props`) over random command
//! sequences.

mod addresses;
mod backend;
mod carried;
mod ip_props;
mod ledger_props;
mod network_props;
mod plan_props;
mod props;
mod together;
mod traffic;
mod upgrade;
mod vpc_props;
mod work;

use backend::Open;
use rust_decimal::Decimal;
use std::str::FromStr;
use std::sync::Arc;
use zenlocal_core::account::{AccountSpec, NewCredentials, TransactionType};
use zenlocal_core::clock::{Advance, ClockMode, ClockState};
use zenlocal_core::model::Timings;
use zenlocal_core::{codes, Catalog, Timestamp};
use zenlocal_store::ops::{
    ApplyDue, Deposit, GetAccessKey, GetAccount, GetToken, Ledger, OpenAccount, PendingEvents,
    SaveClock, ScheduleDeposit, Until,
};
use zenlocal_store::{Store, StoreError};

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

async fn open_account(store: &Store, id: &str, balance: &str) {
    store
        .write(OpenAccount {
            clock_id: None,
            spec: AccountSpec::new(id, d(balance), None).unwrap(),
            credentials: NewCredentials {
                account_id: id.into(),
                access_key_id: format!("AK-{id}"),
                access_key_password: "pw".into(),
                token: format!("tok-{id}"),
            },
        })
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_writes_are_acknowledged_and_survive_a_reopen() {
    for db in backend::all() {
        let store = Arc::new(db.open().await);
        open_account(&store, "a", "0").await;
        let mut tasks = Vec::new();
        for _ in 0..300 {
            let store = store.clone();
            tasks.push(tokio::spawn(async move {
                store
                    .write(Deposit {
                        account_id: "a".into(),
                        amount: d("1.25"),
                    })
                    .await
            }));
        }
        let mut acknowledged = 0;
        for t in tasks {
            t.await.unwrap().unwrap();
            acknowledged += 1;
        }
        assert_eq!(acknowledged, 300);
        Arc::try_unwrap(store).ok().unwrap().close().await;

        let store = db.open().await;
        let account = store.read(GetAccount("a".into())).await.unwrap().unwrap();
        assert_eq!(account.balance, d("375.00"), "{}", db.name());
        let ledger = store.read(Ledger("a".into())).await.unwrap();
        assert_eq!(ledger.len(), 300);
        let sum: Decimal = ledger.iter().map(|e| e.kind.signed(e.amount)).sum();
        assert_eq!(sum, account.balance);
        store.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_command_rolls_back_alone() {
    for db in backend::all() {
        let store = Arc::new(db.open().await);
        open_account(&store, "a", "10").await;
        let mut tasks = Vec::new();
        for i in 0..50 {
            let store = store.clone();
            let account_id = if i % 5 == 0 { "missing" } else { "a" };
            tasks.push(tokio::spawn(async move {
                store
                    .write(Deposit {
                        account_id: account_id.into(),
                        amount: d("1"),
                    })
                    .await
            }));
        }
        let mut failures = 0;
        for t in tasks {
            match t.await.unwrap() {
                Ok(_) => {}
                Err(StoreError::Api(e)) => {
                    assert_eq!(e.code, codes::RESOURCE_NOT_FOUND);
                    failures += 1;
                }
                Err(e) => panic!("{}: unexpected {e}", db.name()),
            }
        }
        assert_eq!(failures, 10);
        let account = store.read(GetAccount("a".into())).await.unwrap().unwrap();
        assert_eq!(account.balance, d("50"), "{}", db.name());
        Arc::try_unwrap(store).ok().unwrap().close().await;
    }
}

/// On PostgreSQL a write's statements whose answers nothing waits for are sent with the
/// commit: one the database refuses there (an account opened twice) fails the command whole,
/// and the connection serves the commands after it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_the_database_refuses_at_its_commit_changes_nothing() {
    for db in backend::all() {
        let store = db.open().await;
        open_account(&store, "a", "10").await;
        let refused = store
            .write(OpenAccount {
                clock_id: None,
                spec: AccountSpec::new("a", d("99"), None).unwrap(),
                credentials: NewCredentials {
                    account_id: "a".into(),
                    access_key_id: "AK-again".into(),
                    access_key_password: "pw".into(),
                    token: "tok-again".into(),
                },
            })
            .await
            .err();
        assert!(
            matches!(
                refused,
                Some(StoreError::Database {
                    unavailable: false,
                    ..
                })
            ),
            "{}: {refused:?}",
            db.name()
        );
        assert!(store
            .read(GetAccessKey("AK-again".into()))
            .await
            .unwrap()
            .is_none());
        assert!(store
            .read(GetToken("tok-again".into()))
            .await
            .unwrap()
            .is_none());
        for _ in 0..20 {
            store
                .write(Deposit {
                    account_id: "a".into(),
                    amount: d("1"),
                })
                .await
                .unwrap();
        }
        let account = store.read(GetAccount("a".into())).await.unwrap().unwrap();
        assert_eq!(account.balance, d("30.00"), "{}", db.name());
        let ledger = store.read(Ledger("a".into())).await.unwrap();
        let sum: Decimal = ledger.iter().map(|e| e.kind.signed(e.amount)).sum();
        assert_eq!(sum, account.balance, "{}", db.name());
        store.close().await;
    }
}

/// Point reads (`Op::POINT_READ`) run on the asking task: on PostgreSQL on connections the
/// process's point reads share. They answer what was committed, and on PostgreSQL a lost
/// shared connection fails the reads on it as unavailable and is made again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn point_reads_answer_what_was_committed_and_outlive_lost_connections() {
    for db in backend::all() {
        let store = db.open().await;
        open_account(&store, "a", "10").await;
        let key = store.read(GetAccessKey("AK-a".into())).await.unwrap();
        assert_eq!(key.map(|k| k.account_id).as_deref(), Some("a"));
        let token = store.read(GetToken("tok-a".into())).await.unwrap();
        assert_eq!(token.map(|t| t.account_id).as_deref(), Some("a"));
        assert!(store.read(GetAccount("b".into())).await.unwrap().is_none());
        store
            .write(Deposit {
                account_id: "a".into(),
                amount: d("2.5"),
            })
            .await
            .unwrap();
        assert_eq!(
            balance_of_a(&store).await.unwrap(),
            d("12.5"),
            "{}",
            db.name()
        );
        if db.is_postgres() {
            // Both shared connections are cut: each read fails as unavailable at most once,
            // on a connection lost while in use, then reads answer again.
            db.cut_connections();
            let mut failed = 0;
            let answered = loop {
                match balance_of_a(&store).await {
                    Ok(balance) => break balance,
                    Err(e) if e.is_unavailable() && failed < 2 => failed += 1,
                    Err(e) => panic!("after {failed} failures: {e}"),
                }
            };
            assert_eq!(answered, d("12.5"));
        }
        store.close().await;
    }
}

/// D-238: on PostgreSQL, identical point reads in flight together share one statement.
/// While a read of account `a` waits (for a lock held on its table), four more reads of
/// `a` wait unsent for the next statement and share it, and a read of `b` is sent at once:
/// three statements for six reads, each answered its own account. A current-thread
/// runtime runs the spawned reads in order, so the four have joined before `b` is seen
/// waiting.
#[tokio::test]
async fn identical_point_reads_in_flight_share_the_next_statement() {
    let Some(admin) = zenlocal_testkit::postgres_url() else {
        return;
    };
    let db = backend::TestDb::postgres(&admin);
    let store = Arc::new(db.open().await);
    open_account(&store, "a", "10").await;
    open_account(&store, "b", "20").await;
    let read = |id: &'static str| {
        let store = store.clone();
        tokio::spawn(async move { store.read(GetAccount(id.into())).await })
    };
    let held = db.hold_account_reads();
    let before = store.work();
    let first = read("a");
    together::settle(&db, (1, 1)).await;
    let same: Vec<_> = (0..4).map(|_| read("a")).collect();
    let other = read("b");
    together::settle(&db, (2, 1)).await;
    drop(held);
    for read in std::iter::once(first).chain(same) {
        let account = read.await.unwrap().unwrap().unwrap();
        assert_eq!((account.id.as_str(), account.balance), ("a", d("10")));
    }
    let account = other.await.unwrap().unwrap().unwrap();
    assert_eq!((account.id.as_str(), account.balance), ("b", d("20")));
    assert_eq!((store.work() - before).statements, 3);
}

/// Point reads that find their connection not made yet, all at once, make one per shared
/// connection between them, not one each; where making it fails, the reads are answered
/// that failure, and later reads connect again.
#[tokio::test]
async fn point_reads_arriving_at_once_make_each_shared_connection_once() {
    let Some(admin) = zenlocal_testkit::postgres_url() else {
        return;
    };
    let db = backend::TestDb::postgres(&admin);
    let store = Arc::new(db.open().await);
    let ids: Vec<String> = (0..8).map(|n| format!("a{n}")).collect();
    for id in &ids {
        open_account(&store, id, "10").await;
    }
    // Different rows, so that no read waits for another's statement (D-238).
    let read_all = || -> Vec<_> {
        ids.iter()
            .map(|id| {
                let (store, id) = (store.clone(), id.clone());
                tokio::spawn(async move { store.read(GetAccount(id)).await })
            })
            .collect()
    };
    db.allow_connections(false);
    for read in read_all() {
        // The database's refusal, "not currently accepting connections": away, so 503.
        let error = read.await.unwrap().unwrap_err();
        assert!(
            matches!(&error, StoreError::Database { sqlstate: Some(code), unavailable: true, .. } if code == "55000"),
            "{error:?}"
        );
        let cause = std::error::Error::source(&error).map(ToString::to_string);
        assert!(
            cause.is_some_and(|c| c.starts_with("connecting for the point reads")),
            "{error:?}"
        );
    }
    db.allow_connections(true);
    let before = db.sessions();
    // Held in the database, every read is in flight at once: two sessions wait for the
    // table, beside the one holding it.
    let held = db.hold_account_reads();
    let reads = read_all();
    together::settle(&db, (2, 1)).await;
    assert_eq!(db.sessions() - before, 3);
    drop(held);
    for read in reads {
        assert_eq!(read.await.unwrap().unwrap().unwrap().balance, d("10"));
    }
}

async fn balance_of_a(store: &Store) -> Result<Decimal, StoreError> {
    Ok(store.read(GetAccount("a".into())).await?.unwrap().balance)
}

#[tokio::test]
async fn due_events_apply_in_order_each_at_its_own_instant() {
    for db in backend::all() {
        let store = db.open().await;
        open_account(&store, "a", "0").await;
        for (at, amount) in [(5_000, "3"), (3_000, "1"), (4_000, "2"), (9_000, "4")] {
            store
                .write(ScheduleDeposit {
                    account_id: "a".into(),
                    amount: d(amount),
                    at: Timestamp(at),
                })
                .await
                .unwrap();
        }
        let catalog = Arc::new(Catalog::builtin());
        let mut applied = Vec::new();
        // Two events per transaction: the batches still apply in due order, and the clock
        // moves with each, to the last event applied and then to the target.
        let mut until = Until::Advance(Advance::To(Timestamp(6_000)));
        let mut clocks = Vec::new();
        loop {
            let pass = store
                .write(ApplyDue {
                    until,
                    limit: 2,
                    catalog: catalog.clone(),
                    timings: Timings::default(),
                })
                .await
                .unwrap();
            applied.extend(pass.events.iter().map(|e| e.due_at));
            clocks.push(pass.now);
            if pass.done {
                break;
            }
            until = Until::Target(pass.target);
        }
        assert_eq!(
            applied,
            [Timestamp(3_000), Timestamp(4_000), Timestamp(5_000)],
            "{}",
            db.name()
        );
        assert_eq!(clocks, [Timestamp(4_000), Timestamp(6_000)]);
        let ledger = store.read(Ledger("a".into())).await.unwrap();
        let seen: Vec<(Timestamp, Decimal, Decimal)> = ledger
            .iter()
            .map(|e| (e.time, e.amount, e.balance_after))
            .collect();
        assert_eq!(
            seen,
            [
                (Timestamp(3_000), d("1"), d("1")),
                (Timestamp(4_000), d("2"), d("3")),
                (Timestamp(5_000), d("3"), d("6")),
            ]
        );
        assert!(ledger.iter().all(|e| e.kind == TransactionType::Recharge));
        let pending = store.read(PendingEvents).await.unwrap();
        assert_eq!(pending.len(), 1);
        assert_eq!(pending[0].due_at, Timestamp(9_000));
        store.close().await;
    }
}

#[tokio::test]
async fn scheduling_for_an_unknown_account_or_bad_amount_writes_nothing() {
    for db in backend::all() {
        let store = db.open().await;
        open_account(&store, "a", "0").await;
        let err = store
            .write(ScheduleDeposit {
                account_id: "nobody".into(),
                amount: d("1"),
                at: Timestamp(2_000),
            })
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Api(e) if e.code == codes::RESOURCE_NOT_FOUND));
        let err = store
            .write(ScheduleDeposit {
                account_id: "a".into(),
                amount: d("-1"),
                at: Timestamp(2_000),
            })
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Api(e) if e.code == codes::INVALID_PARAMETER));
        assert!(store.read(PendingEvents).await.unwrap().is_empty());
        store.close().await;
    }
}

/// Without `ZENLOCAL_TEST_POSTGRES_URL` the PostgreSQL variants are skipped, and the test
/// binary says so on the terminal even though the harness captures test output: run one
/// test of this binary in a child process and read what it printed.
#[test]
fn skipped_postgres_variants_say_so_and_how_to_run_them() {
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "a_failing_command_rolls_back_alone",
            "--test-threads=1",
        ])
        .env_remove(zenlocal_testkit::POSTGRES_URL_VAR)
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("PostgreSQL variants").count(), 1, "{stderr}");
    assert!(
        stderr.contains("ZENLOCAL_TEST_POSTGRES_URL=postgres://"),
        "{stderr}"
    );
}

/// D-110: a clock that ran past an event the scheduler has not applied yet (a running
/// clock between two passes) dates a command at that event, not later, so the ledger
/// still chains in time order once the event applies.
#[tokio::test]
async fn a_command_is_never_dated_past_an_event_not_yet_applied() {
    for db in backend::all() {
        let store = db.open().await;
        open_account(&store, "a", "0").await;
        store
            .write(ScheduleDeposit {
                account_id: "a".into(),
                amount: d("1"),
                at: Timestamp(2_000),
            })
            .await
            .unwrap();
        store
            .write(SaveClock(ClockState {
                mode: ClockMode::Frozen,
                offset: 0,
                frozen_at: Timestamp(3_000),
            }))
            .await
            .unwrap();
        store
            .write(Deposit {
                account_id: "a".into(),
                amount: d("10"),
            })
            .await
            .unwrap();
        let pass = store
            .write(ApplyDue {
                until: Until::Now,
                limit: 10,
                catalog: Arc::new(Catalog::builtin()),
                timings: Timings::default(),
            })
            .await
            .unwrap();
        assert_eq!(pass.events.len(), 1, "{}", db.name());
        assert_eq!(pass.now, Timestamp(3_000));
        let ledger = store.read(Ledger("a".into())).await.unwrap();
        let seen: Vec<(Timestamp, Decimal, Decimal)> = ledger
            .iter()
            .map(|e| (e.time, e.amount, e.balance_after))
            .collect();
        assert_eq!(
            seen,
            [
                (Timestamp(2_000), d("10.00"), d("10.00")),
                (Timestamp(2_000), d("1"), d("11.00")),
            ],
            "{}",
            db.name()
        );
        // Once nothing is pending, commands are dated at the clock again.
        store
            .write(Deposit {
                account_id: "a".into(),
                amount: d("1"),
            })
            .await
            .unwrap();
        let ledger = store.read(Ledger("a".into())).await.unwrap();
        assert_eq!(ledger.last().unwrap().time, Timestamp(3_000));
        store.close().await;
    }
}
