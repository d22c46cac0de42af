//! A property test of the ledger (D-22 to D-25, D-27): random command sequences over one
//! or two accounts run against a `:memory:` store with a simulated clock, and after every
//! command the ledger invariants are checked:
//!
//! 1. the balance is the signed sum of the ledger, and every `balance_after` is the
//!    running sum at its entry;
//! 2. no charge is applied twice: an order number appears in at most one ledger entry,
//!    and that entry's amount is what its order lines add up to (and every paid order
//!    with a non-zero total is in the ledger);
//! 3. a command that failed changed nothing;
//! 4. a charge with an order number (create, renewal) never leaves the balance below
//!    zero; only POSTPAID settlement may;
//! 5. a PREPAID instance is renewed at most once per cycle end passed since creation;
//! 6. traffic overage (docs/decisions.md D-131) is billed exactly once per billing period
//!    — the PREPAID cycle, the POSTPAID day or its stretch to terminate — and only for the
//!    outbound GB of the period above the allowance: one TRAFFIC_OVERAGE line per period
//!    that has some, for what a simpler model of the traffic recorded says, none otherwise;
//! 7. the bills equal the ledger: each month's bill lines add up to its CONSUME entries
//!    (D-135).
//!
//! A charge made after use (POSTPAID usage, traffic overage: D-24, D-131, D-134) may take
//! the balance below zero; every other charge may not. Traffic is recorded as amounts at
//! instants; steady rates are left to the unit and API tests.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestError, TestRunner};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use zenlocal_core::account::{Account, AccountSpec, LedgerEntry, NewCredentials, TransactionType};
use zenlocal_core::bill::{month_of, Books};
use zenlocal_core::catalog::ChargeType;
use zenlocal_core::instance::{self, CreateFields, Power};
use zenlocal_core::model::{
    EventKind, Instance, Order, OrderKind, OrderStatus, ScheduledEvent, Timings,
};
use zenlocal_core::time::MONTH_SECONDS;
use zenlocal_core::traffic::{self, Record};
use zenlocal_core::{codes, ApiError, Catalog, Timestamp};
use zenlocal_core::{money, price};
use zenlocal_store::ops::{
    CreateInstances, Deposit, GetAccount, Instances, Ledger, OpenAccount, Orders, PendingEvents,
    PowerInstances, RecordTraffic, ReleaseInstances, Reset, StockTaken, TerminateInstance,
};
use zenlocal_store::{Store, StoreError};
use zenlocal_wire::Service;

/// 2026-01-01T00:00:00Z.
const START: Timestamp = Timestamp(1_767_225_600);
/// Events applied per `ApplyDue` transaction while advancing.
const APPLY_LIMIT: usize = 40;
const CASES: u32 = 64;

// ------------------------------------------------------------------ commands

#[derive(Debug, Clone, Copy)]
enum Product {
    BmcM6C,
    BmcM7D,
    VmC1c2g,
    VmC2c4g,
}

impl Product {
    fn service(self) -> Service {
        match self {
            Product::BmcM6C | Product::BmcM7D => Service::Bmc,
            Product::VmC1c2g | Product::VmC2c4g => Service::Vm,
        }
    }

    fn zone_and_id(self) -> (&'static str, &'static str) {
        match self {
            Product::BmcM6C => ("SEL-A", "M6C"),
            Product::BmcM7D => ("FRA-A", "M7D"),
            Product::VmC1c2g => ("asia-east-1a", "c.1c2g"),
            Product::VmC2c4g => ("asia-east-1a", "c.2c4g"),
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Charge {
    /// Months per cycle.
    Prepaid(i64),
    Postpaid,
}

#[derive(Debug, Clone, Copy)]
enum Net {
    /// Mbps.
    Bandwidth(i64),
    /// `None`: the free package; `Some(k)`: 2 + k/4 TB (above every offer's free amount).
    Traffic(Option<u8>),
}

#[derive(Debug, Clone, Copy)]
enum Step {
    Seconds(i64),
    Hours(i64),
    Days(i64),
}

impl Step {
    fn seconds(self) -> i64 {
        match self {
            Step::Seconds(s) => s,
            Step::Hours(h) => h * 3600,
            Step::Days(d) => d * 86_400,
        }
    }
}

/// Instances are picked by index into those created so far (modulo their number), so
/// that shrinking keeps every command meaningful.
#[derive(Debug, Clone)]
enum Cmd {
    Create {
        account: usize,
        product: Product,
        charge: Charge,
        net: Net,
        count: i64,
    },
    /// `foreign`: asked by the other account (D-6: not found).
    Terminate {
        pick: usize,
        foreign: bool,
    },
    Release {
        picks: Vec<usize>,
    },
    Power {
        picks: Vec<usize>,
        stop: bool,
    },
    Deposit {
        account: usize,
        cents: i64,
    },
    /// Outbound and inbound traffic of an instance, in tenths of a GB, at now (D-130).
    Traffic {
        pick: usize,
        out_tenths: i64,
        in_tenths: i64,
    },
    Advance(Step),
}

#[derive(Debug, Clone)]
struct Opening {
    cents: i64,
    discount: Option<Decimal>,
}

#[derive(Debug, Clone)]
struct Case {
    accounts: Vec<Opening>,
    cmds: Vec<Cmd>,
}

fn opening() -> impl Strategy<Value = Opening> {
    (
        prop_oneof![
            // Small balances: PREPAID creates are refused for insufficient balance.
            3 => 0..=5_000i64,
            3 => 0..=100_000i64,
            2 => 100_000..=2_000_000i64,
        ],
        prop_oneof![
            3 => Just(None),
            1 => Just(Some(Decimal::new(80, 0))),
            1 => Just(Some(Decimal::new(6667, 2))),
        ],
    )
        .prop_map(|(cents, discount)| Opening { cents, discount })
}

fn product() -> impl Strategy<Value = Product> {
    prop_oneof![
        Just(Product::BmcM6C),
        Just(Product::BmcM7D),
        Just(Product::VmC1c2g),
        Just(Product::VmC2c4g),
    ]
}

fn charge() -> impl Strategy<Value = Charge> {
    prop_oneof![(1..=3i64).prop_map(Charge::Prepaid), Just(Charge::Postpaid)]
}

fn net() -> impl Strategy<Value = Net> {
    prop_oneof![
        (1..=60i64).prop_map(Net::Bandwidth),
        proptest::option::of(0..=20u8).prop_map(Net::Traffic),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (1..=600i64).prop_map(Step::Seconds),
        (1..=48i64).prop_map(Step::Hours),
        (1..=95i64).prop_map(Step::Days),
    ]
}

/// Mostly one instance, sometimes a batch (D-21: all or nothing).
fn picks() -> impl Strategy<Value = Vec<usize>> {
    prop_oneof![
        3 => proptest::collection::vec(0..64usize, 1..=1),
        1 => proptest::collection::vec(0..64usize, 2..=3),
    ]
}

fn cmd() -> impl Strategy<Value = Cmd> {
    prop_oneof![
        4 => (0..2usize, product(), charge(), net(), 1..=3i64).prop_map(
            |(account, product, charge, net, count)| Cmd::Create {
                account,
                product,
                charge,
                net,
                count,
            }
        ),
        2 => (0..64usize, proptest::bool::weighted(0.1))
            .prop_map(|(pick, foreign)| Cmd::Terminate { pick, foreign }),
        1 => picks().prop_map(|picks| Cmd::Release { picks }),
        1 => (picks(), any::<bool>()).prop_map(|(picks, stop)| Cmd::Power { picks, stop }),
        1 => (0..2usize, 1..=500_000i64).prop_map(|(account, cents)| Cmd::Deposit { account, cents }),
        3 => (0..64usize, 0..=40_000i64, 0..=1_000i64).prop_map(|(pick, out_tenths, in_tenths)| {
            Cmd::Traffic { pick, out_tenths, in_tenths }
        }),
        3 => step().prop_map(Cmd::Advance),
    ]
}

fn case() -> impl Strategy<Value = Case> {
    (
        proptest::collection::vec(opening(), 1..=2),
        proptest::collection::vec(cmd(), 1..=40),
    )
        .prop_map(|(accounts, cmds)| Case { accounts, cmds })
}

// ------------------------------------------------------------------ coverage

/// Counted over every run, so that the test fails loudly if the generator stops reaching
/// the paths the invariants are about.
static INSUFFICIENT: AtomicUsize = AtomicUsize::new(0);
static RENEWALS: AtomicUsize = AtomicUsize::new(0);
static SETTLEMENTS: AtomicUsize = AtomicUsize::new(0);
static NEGATIVE_BALANCES: AtomicUsize = AtomicUsize::new(0);
static TERMINATED: AtomicUsize = AtomicUsize::new(0);
static RELEASED: AtomicUsize = AtomicUsize::new(0);
static FAILED: AtomicUsize = AtomicUsize::new(0);
static OVERAGES: AtomicUsize = AtomicUsize::new(0);

fn bump(counter: &AtomicUsize, by: usize) {
    counter.fetch_add(by, Ordering::Relaxed);
}

// ------------------------------------------------------------------ the simulation

fn store_failed(e: StoreError) -> TestCaseError {
    TestCaseError::fail(format!("store failed: {e}"))
}

/// A command's answer: refused by a business rule, or done. Anything else fails the case.
fn business(result: Result<(), StoreError>) -> Result<Result<(), ApiError>, TestCaseError> {
    match result {
        Ok(()) => Ok(Ok(())),
        Err(StoreError::Api(e)) => Ok(Err(e)),
        Err(e) => Err(store_failed(e)),
    }
}

/// An instance as created, kept after it is released.
#[derive(Debug, Clone)]
struct Tracked {
    id: String,
    account: usize,
    service: Service,
    charge: ChargeType,
    period: Option<i64>,
    created_at: Timestamp,
    /// The outbound allowance in GB (D-131); `None` when not metered (ByBandwidth).
    allowance: Option<Decimal>,
    /// The offer's overage price per GB.
    per_gb: Decimal,
    /// Outbound GB recorded, with when: (time, command index).
    sent: Vec<((Timestamp, usize), Decimal)>,
    /// The ends of its billing periods: settlements at (time, index of the command that
    /// made them).
    settled: Vec<(Timestamp, usize)>,
}

/// Everything the store holds that a command may change.
#[derive(Debug, Clone, Default, PartialEq)]
struct Snapshot {
    accounts: Vec<Account>,
    ledgers: Vec<Vec<LedgerEntry>>,
    /// Both services, by id.
    instances: Vec<Vec<Instance>>,
    orders: Vec<Vec<Order>>,
    events: Vec<ScheduledEvent>,
    stock: Vec<(Service, String, String, i64)>,
}

impl Snapshot {
    /// The first part that differs, for a readable failure.
    fn difference(&self, other: &Snapshot) -> Option<String> {
        fn diff<T: PartialEq + std::fmt::Debug>(what: &str, a: &T, b: &T) -> Option<String> {
            (a != b).then(|| format!("{what} changed:\n before: {a:?}\n after:  {b:?}"))
        }
        diff("accounts", &self.accounts, &other.accounts)
            .or_else(|| diff("ledgers", &self.ledgers, &other.ledgers))
            .or_else(|| diff("instances", &self.instances, &other.instances))
            .or_else(|| diff("orders", &self.orders, &other.orders))
            .or_else(|| diff("scheduled events", &self.events, &other.events))
            .or_else(|| diff("stock taken", &self.stock, &other.stock))
    }
}

struct Sim {
    store: Store,
    catalog: Arc<Catalog>,
    timings: Timings,
    now: Timestamp,
    accounts: Vec<String>,
    instances: Vec<Tracked>,
    /// The index of the command being run.
    step: usize,
}

impl Sim {
    /// A store on `url`, emptied, with the case's accounts opened.
    async fn open(url: &str, openings: &[Opening]) -> Result<Sim, TestCaseError> {
        let url = url.to_owned();
        // Opening PostgreSQL blocks: not on the thread that drives this case's runtime.
        let store = std::thread::spawn(move || Store::open(&url))
            .join()
            .map_err(|_| TestCaseError::fail("opening the store panicked"))?
            .map_err(store_failed)?;
        store
            .write(Reset { clock: None })
            .await
            .map_err(store_failed)?;
        crate::backend::freeze_at(&store, START)
            .await
            .map_err(store_failed)?;
        let mut accounts = Vec::new();
        for (n, o) in openings.iter().enumerate() {
            let id = format!("acct-{n}");
            let spec = AccountSpec::new(&id, Decimal::new(o.cents, 2), o.discount)
                .map_err(|e| TestCaseError::fail(format!("bad opening {o:?}: {e:?}")))?;
            store
                .write(OpenAccount {
                    clock_id: None,
                    spec,
                    credentials: NewCredentials {
                        account_id: id.clone(),
                        access_key_id: format!("AK-{id}"),
                        access_key_password: "pw".into(),
                        token: format!("tok-{id}"),
                    },
                })
                .await
                .map_err(store_failed)?;
            accounts.push(id);
        }
        Ok(Sim {
            store,
            catalog: Arc::new(Catalog::builtin()),
            timings: Timings::default(),
            now: START,
            accounts,
            instances: Vec::new(),
            step: 0,
        })
    }

    async fn snapshot(&self) -> Result<Snapshot, TestCaseError> {
        let mut s = Snapshot::default();
        for id in &self.accounts {
            let account = self
                .store
                .read(GetAccount(id.clone()))
                .await
                .map_err(store_failed)?
                .ok_or_else(|| TestCaseError::fail(format!("account {id} vanished")))?;
            s.accounts.push(account);
            s.ledgers.push(
                self.store
                    .read(Ledger(id.clone()))
                    .await
                    .map_err(store_failed)?,
            );
            let mut instances = Vec::new();
            for service in [Service::Bmc, Service::Vm] {
                instances.extend(
                    self.store
                        .read(Instances {
                            account_id: id.clone(),
                            service,
                        })
                        .await
                        .map_err(store_failed)?,
                );
            }
            instances.sort_by(|a, b| a.id.cmp(&b.id));
            s.instances.push(instances);
            s.orders.push(
                self.store
                    .read(Orders {
                        account_id: Some(id.clone()),
                        resource: None,
                    })
                    .await
                    .map_err(store_failed)?,
            );
        }
        s.events = self.store.read(PendingEvents).await.map_err(store_failed)?;
        let mut stock = self.store.read(StockTaken).await.map_err(store_failed)?;
        stock.sort_by(|a, b| (a.0.name(), &a.1, &a.2).cmp(&(b.0.name(), &b.1, &b.2)));
        s.stock = stock;
        Ok(s)
    }

    fn account(&self, n: usize) -> usize {
        n % self.accounts.len()
    }

    /// A settlement of `id`'s bill at `at`, by the command being run: its billing period
    /// ends (D-131).
    fn settled(&mut self, id: &str, at: Timestamp) {
        let key = (at, self.step);
        if let Some(t) = self.instances.iter_mut().find(|t| t.id == id) {
            t.settled.push(key);
        }
    }

    /// The tracked instances picked by `picks`, or none when nothing was created yet.
    fn picked(&self, picks: &[usize]) -> Vec<Tracked> {
        if self.instances.is_empty() {
            return Vec::new();
        }
        picks
            .iter()
            .map(|p| self.instances[p % self.instances.len()].clone())
            .collect()
    }

    /// Runs one command; answers whether a business rule refused it.
    async fn run(
        &mut self,
        cmd: &Cmd,
        before: &Snapshot,
    ) -> Result<Result<(), ApiError>, TestCaseError> {
        match cmd {
            Cmd::Create {
                account,
                product,
                charge,
                net,
                count,
            } => {
                self.create(
                    self.account(*account),
                    *product,
                    *charge,
                    *net,
                    *count,
                    before,
                )
                .await
            }
            Cmd::Terminate { pick, foreign } => {
                let Some(target) = self.picked(&[*pick]).pop() else {
                    return Ok(Ok(()));
                };
                let asker = if *foreign {
                    (target.account + 1) % self.accounts.len()
                } else {
                    target.account
                };
                let result = business(
                    self.store
                        .write(TerminateInstance {
                            catalog: self.catalog.clone(),
                            account_id: self.accounts[asker].clone(),
                            service: target.service,
                            id: target.id.clone(),
                            timings: self.timings,
                        })
                        .await,
                )?;
                if result.is_ok() {
                    prop_assert_eq!(asker, target.account, "another account terminated it");
                    bump(&TERMINATED, 1);
                    if target.charge == ChargeType::Postpaid {
                        self.settled(&target.id, self.now);
                    }
                }
                Ok(result)
            }
            Cmd::Release { picks } => {
                let targets = self.picked(picks);
                let Some(first) = targets.first() else {
                    return Ok(Ok(()));
                };
                let result = business(
                    self.store
                        .write(ReleaseInstances {
                            account_id: self.accounts[first.account].clone(),
                            service: first.service,
                            ids: targets.iter().map(|t| t.id.clone()).collect(),
                        })
                        .await,
                )?;
                if result.is_ok() {
                    bump(&RELEASED, 1);
                }
                Ok(result)
            }
            Cmd::Power { picks, stop } => {
                let targets = self.picked(picks);
                let Some(first) = targets.first() else {
                    return Ok(Ok(()));
                };
                business(
                    self.store
                        .write(PowerInstances {
                            account_id: self.accounts[first.account].clone(),
                            service: first.service,
                            ids: targets.iter().map(|t| t.id.clone()).collect(),
                            action: if *stop { Power::Stop } else { Power::Start },
                            timings: self.timings,
                        })
                        .await,
                )
            }
            Cmd::Deposit { account, cents } => {
                let n = self.account(*account);
                let amount = Decimal::new(*cents, 2);
                let updated = self
                    .store
                    .write(Deposit {
                        account_id: self.accounts[n].clone(),
                        amount,
                    })
                    .await
                    .map_err(store_failed)?;
                prop_assert_eq!(updated.balance, before.accounts[n].balance + amount);
                Ok(Ok(()))
            }
            Cmd::Traffic {
                pick,
                out_tenths,
                in_tenths,
            } => {
                let Some(target) = self.picked(&[*pick]).pop() else {
                    return Ok(Ok(()));
                };
                let out_gb = Decimal::new(*out_tenths, 1);
                let result = business(
                    self.store
                        .write(RecordTraffic {
                            instance_id: target.id.clone(),
                            record: Record {
                                out_gb: Some(out_gb),
                                in_gb: Some(Decimal::new(*in_tenths, 1)),
                                out_mbps: None,
                            },
                        })
                        .await
                        .map(|_| ()),
                )?;
                if result.is_ok() {
                    let key = (self.now, self.step);
                    if let Some(t) = self.instances.iter_mut().find(|t| t.id == target.id) {
                        t.sent.push((key, out_gb));
                    }
                }
                Ok(result)
            }
            Cmd::Advance(step) => {
                let upto = self.now.plus(step.seconds());
                let applied = crate::backend::advance_to(
                    &self.store,
                    upto,
                    APPLY_LIMIT,
                    &self.catalog,
                    self.timings,
                )
                .await
                .map_err(store_failed)?;
                for e in &applied {
                    prop_assert!(
                        e.due_at > self.now && e.due_at <= upto,
                        "event {:?} applied while advancing {} -> {}",
                        e,
                        self.now,
                        upto
                    );
                    if let EventKind::CycleEnd { resource, .. }
                    | EventKind::SettleUsage { resource, .. } = &e.kind
                    {
                        self.settled(&resource.id, e.due_at);
                    }
                }
                self.now = upto;
                Ok(Ok(()))
            }
        }
    }

    async fn create(
        &mut self,
        account: usize,
        product: Product,
        charge: Charge,
        net: Net,
        count: i64,
        before: &Snapshot,
    ) -> Result<Result<(), ApiError>, TestCaseError> {
        let service = product.service();
        let (zone_id, product_id) = product.zone_and_id();
        let (charge_type, period) = match charge {
            Charge::Prepaid(months) => ("PREPAID", Some(months)),
            Charge::Postpaid => ("POSTPAID", None),
        };
        let (internet, bandwidth, package) = match net {
            Net::Bandwidth(mbps) => ("ByBandwidth", Some(mbps), None),
            Net::Traffic(steps) => (
                "ByTrafficPackage",
                None,
                steps.map(|k| 2.0 + f64::from(k) * 0.25),
            ),
        };
        let fields = CreateFields {
            zone_id,
            product: product_id,
            name: Some("prop"),
            password: Some("Passw0rd-x"),
            charge_type,
            period,
            internet_charge_type: internet,
            bandwidth,
            traffic_package: package,
            count: Some(count),
            creating: true,
            ..Default::default()
        };
        let spec = instance::create_spec(&self.catalog, service, &fields)
            .map_err(|e| TestCaseError::fail(format!("generated an invalid create: {e:?}")))?;
        let offer = self
            .catalog
            .offer(service, zone_id, product_id)
            .ok_or_else(|| TestCaseError::fail(format!("{product_id} not sold in {zone_id}")))?;
        let balance = before.accounts[account].balance;
        let cost = match spec.charge {
            ChargeType::Prepaid => {
                instance::purchase_price(offer, &spec, before.accounts[account].discount)
                    .1
                    .total()
            }
            ChargeType::Postpaid => Decimal::ZERO,
        };
        let answer = self
            .store
            .write(CreateInstances {
                catalog: self.catalog.clone(),
                account_id: self.accounts[account].clone(),
                spec: spec.clone(),
                timings: self.timings,
            })
            .await;
        match answer {
            Ok(created) => {
                prop_assert!(
                    cost <= balance,
                    "a create costing {} went through on a balance of {}",
                    cost,
                    balance
                );
                prop_assert_eq!(created.instance_ids.len() as i64, count);
                let after = self
                    .store
                    .read(GetAccount(self.accounts[account].clone()))
                    .await
                    .map_err(store_failed)?
                    .ok_or_else(|| TestCaseError::fail("account vanished"))?;
                prop_assert_eq!(
                    after.balance,
                    balance - cost,
                    "create charged the wrong amount"
                );
                let made = self
                    .store
                    .read(Instances {
                        account_id: self.accounts[account].clone(),
                        service,
                    })
                    .await
                    .map_err(store_failed)?;
                for id in created.instance_ids {
                    let instance = made
                        .iter()
                        .find(|i| i.id == id)
                        .ok_or_else(|| TestCaseError::fail("a created instance is missing"))?;
                    self.instances.push(Tracked {
                        id,
                        account,
                        service,
                        charge: spec.charge,
                        period: spec.period,
                        created_at: self.now,
                        allowance: traffic::allowance_gb(instance),
                        per_gb: offer.overage_price_per_gb,
                        sent: Vec::new(),
                        settled: Vec::new(),
                    });
                }
                Ok(Ok(()))
            }
            Err(StoreError::Api(e)) => {
                if e.code == codes::OPERATION_DENIED_INSUFFICIENT_BALANCE {
                    prop_assert!(
                        cost > balance,
                        "refused for balance: cost {} on a balance of {}",
                        cost,
                        balance
                    );
                    bump(&INSUFFICIENT, 1);
                } else {
                    return Err(TestCaseError::fail(format!(
                        "create refused unexpectedly: {e:?}"
                    )));
                }
                Ok(Err(e))
            }
            Err(e) => Err(store_failed(e)),
        }
    }

    /// Invariants 1, 2, 4, 5, 6 and 7 on the store as it is now.
    fn check(&self, s: &Snapshot) -> Result<(), TestCaseError> {
        // Charges made after use (D-24, D-131, D-134), which may go below zero.
        let after_use: std::collections::HashSet<&str> = s
            .orders
            .iter()
            .flatten()
            .filter(|o| matches!(o.kind, OrderKind::Usage | OrderKind::TrafficOverage))
            .map(|o| o.number.as_str())
            .collect();
        // 1 and 4: per account, the ledger adds up to the balance, entry by entry.
        for (account, ledger) in s.accounts.iter().zip(&s.ledgers) {
            let mut running = Decimal::ZERO;
            let mut last_time = START;
            for e in ledger {
                prop_assert_eq!(&e.account_id, &account.id);
                prop_assert!(e.amount > Decimal::ZERO, "non-positive amount in {:?}", e);
                prop_assert_eq!(
                    e.amount.round_dp(2),
                    e.amount,
                    "amount not in cents: {:?}",
                    e
                );
                prop_assert!(
                    e.time >= last_time && e.time <= self.now,
                    "entry out of time order (last {}, now {}): {:?}",
                    last_time,
                    self.now,
                    e
                );
                last_time = e.time;
                running += e.kind.signed(e.amount);
                prop_assert_eq!(
                    e.balance_after,
                    running,
                    "balance_after is not the running sum at {:?}",
                    e
                );
                if e.order_number
                    .as_deref()
                    .is_some_and(|n| !after_use.contains(n))
                {
                    prop_assert!(
                        e.balance_after >= Decimal::ZERO,
                        "a charge took the balance below zero: {:?}",
                        e
                    );
                }
            }
            prop_assert_eq!(
                account.balance,
                running,
                "balance of {} is not the sum of its ledger",
                &account.id
            );
            if account.balance < Decimal::ZERO {
                bump(&NEGATIVE_BALANCES, 1);
            }
        }

        // 2: an order number is charged at most once, for what its lines add up to.
        let mut lines: HashMap<&str, Vec<&Order>> = HashMap::new();
        for o in s.orders.iter().flatten() {
            lines.entry(o.number.as_str()).or_default().push(o);
        }
        let mut charged: HashMap<&str, usize> = HashMap::new();
        for e in s.ledgers.iter().flatten() {
            let Some(number) = e.order_number.as_deref() else {
                continue;
            };
            let seen = charged.entry(number).or_default();
            *seen += 1;
            prop_assert!(*seen == 1, "order {} charged more than once", number);
            let Some(own) = lines.get(number) else {
                return Err(TestCaseError::fail(format!(
                    "ledger entry without order lines: {:?}",
                    e
                )));
            };
            let total: Decimal = own.iter().map(|o| o.amount).sum();
            prop_assert_eq!(
                total,
                e.amount,
                "order {} lines vs its ledger entry",
                number
            );
            prop_assert!(
                own.iter().all(|o| o.account_id == e.account_id),
                "order {} lines belong to another account",
                number
            );
        }
        for (number, own) in &lines {
            let total: Decimal = own.iter().map(|o| o.amount).sum();
            if own.iter().all(|o| o.status == OrderStatus::Paid) && total > Decimal::ZERO {
                prop_assert!(
                    charged.contains_key(number),
                    "paid order {} of {} is not in the ledger",
                    number,
                    total
                );
            }
        }

        self.check_overage(s)?;
        // 7: each month's bill is that month's charges (D-135).
        for (n, ledger) in s.ledgers.iter().enumerate() {
            let books = Books {
                account_id: &s.accounts[n].id,
                orders: &s.orders[n],
                ledger,
                instances: &s.instances[n],
            };
            let mut months: Vec<i64> = ledger.iter().map(|e| month_of(e.time)).collect();
            months.dedup();
            for month in months {
                let charged: Decimal = ledger
                    .iter()
                    .filter(|e| e.kind == TransactionType::Consume && month_of(e.time) == month)
                    .map(|e| e.amount)
                    .sum();
                let billed: Decimal = books.lines(month).iter().map(|l| l.amount).sum();
                prop_assert_eq!(billed, charged, "the bill of {} is not its charges", month);
            }
        }

        // 5: at most one renewal per cycle end passed.
        let mut renewals: HashMap<&str, i64> = HashMap::new();
        for o in s.orders.iter().flatten() {
            if o.kind == OrderKind::Renew {
                *renewals.entry(o.resource.id.as_str()).or_default() += 1;
            }
        }
        for (id, count) in &renewals {
            let Some(t) = self.instances.iter().find(|t| t.id == *id) else {
                return Err(TestCaseError::fail(format!(
                    "renewal of an instance never created: {}",
                    id
                )));
            };
            let Some(period) = t.period.filter(|_| t.charge == ChargeType::Prepaid) else {
                return Err(TestCaseError::fail(format!(
                    "a POSTPAID instance was renewed: {:?}",
                    t
                )));
            };
            let cycle_ends =
                (self.now.seconds() - t.created_at.seconds()) / (period * MONTH_SECONDS);
            prop_assert!(
                *count <= cycle_ends,
                "{} renewed {} times after {} cycle end(s)",
                id,
                count,
                cycle_ends
            );
        }
        Ok(())
    }
}

impl Sim {
    /// 6: per instance, one TRAFFIC_OVERAGE line per billing period with overage, for
    /// exactly the GB above the allowance at the account's discount, and no other.
    fn check_overage(&self, s: &Snapshot) -> Result<(), TestCaseError> {
        for t in &self.instances {
            let lines: Vec<&Order> = s
                .orders
                .iter()
                .flatten()
                .filter(|o| o.kind == OrderKind::TrafficOverage && o.resource.id == t.id)
                .collect();
            let Some(allowance) = t.allowance else {
                prop_assert!(lines.is_empty(), "ByBandwidth paid overage: {:?}", lines);
                continue;
            };
            let discount = s.accounts[t.account].discount;
            let mut settled = t.settled.clone();
            settled.sort();
            let mut expected = 0;
            let mut start = (t.created_at, 0usize);
            for end in settled {
                let sent: Decimal = t
                    .sent
                    .iter()
                    .filter(|(at, _)| start < *at && *at < end)
                    .map(|(_, gb)| *gb)
                    .sum();
                let over = (sent - allowance).max(Decimal::ZERO);
                let amount = price::charge(over * t.per_gb, discount);
                let period = (Some(start.0.to_string()), Some(end.0.to_string()));
                let billed: Vec<&&Order> = lines
                    .iter()
                    .filter(|o| (o.from.clone(), o.to.clone()) == period)
                    .collect();
                if amount > Decimal::ZERO {
                    expected += 1;
                    prop_assert_eq!(billed.len(), 1, "overage of {} up to {}", &t.id, end.0);
                    prop_assert_eq!(
                        billed[0].amount,
                        money::round_cents(amount),
                        "{} GB over {} GB",
                        sent,
                        allowance
                    );
                } else {
                    prop_assert!(
                        billed.is_empty(),
                        "overage billed for {} GB within {}",
                        sent,
                        allowance
                    );
                }
                start = end;
            }
            prop_assert_eq!(
                lines.len(),
                expected,
                "overage lines of {}: {:?}",
                &t.id,
                lines
            );
        }
        Ok(())
    }
}

async fn run_case(url: &str, case: &Case) -> Result<(), TestCaseError> {
    let mut sim = Sim::open(url, &case.accounts).await?;
    let result = drive(&mut sim, case).await;
    sim.store.close().await;
    result
}

async fn drive(sim: &mut Sim, case: &Case) -> Result<(), TestCaseError> {
    let mut before = sim.snapshot().await?;
    sim.check(&before)?;
    for (n, cmd) in case.cmds.iter().enumerate() {
        sim.step = n + 1;
        let outcome = sim.run(cmd, &before).await?;
        let after = sim.snapshot().await?;
        sim.check(&after).map_err(|e| match e {
            TestCaseError::Fail(reason) => {
                TestCaseError::fail(format!("after command #{n} {cmd:?}: {}", reason.message()))
            }
            reject => reject,
        })?;
        if let Err(refused) = outcome {
            bump(&FAILED, 1);
            if let Some(diff) = before.difference(&after) {
                prop_assert!(
                    false,
                    "command #{} {:?} failed ({:?}) but changed the store: {}",
                    n,
                    cmd,
                    refused,
                    diff
                );
            }
        }
        before = after;
    }
    let renewals = before
        .orders
        .iter()
        .flatten()
        .filter(|o| o.kind == OrderKind::Renew)
        .count();
    bump(&RENEWALS, renewals);
    let settled = |kind: OrderKind| {
        before
            .orders
            .iter()
            .flatten()
            .filter(|o| o.kind == kind)
            .count()
    };
    bump(&SETTLEMENTS, settled(OrderKind::Usage));
    bump(&OVERAGES, settled(OrderKind::TrafficOverage));
    Ok(())
}

/// Cases on PostgreSQL, where each case resets one shared database.
const POSTGRES_CASES: u32 = 16;

#[test]
fn ledger_sums_to_balance_charges_once_and_failed_commands_change_nothing() {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(CASES);
    check_ledger_properties(":memory:", cases);
    if let Some(admin) = zenlocal_testkit::postgres_url() {
        let db = crate::backend::TestDb::postgres(&admin);
        check_ledger_properties(&db.url(), POSTGRES_CASES.min(cases));
    }
}

fn check_ledger_properties(url: &str, cases: u32) {
    let mut runner = TestRunner::new(Config {
        cases,
        // No regressions file: the shrunk case is printed instead.
        failure_persistence: None,
        ..Config::default()
    });
    let outcome = runner.run(&case(), |case| {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| TestCaseError::fail(format!("runtime: {e}")))?;
        rt.block_on(run_case(url, &case))
    });
    match outcome {
        Ok(()) => {}
        Err(TestError::Fail(reason, case)) => {
            let cmds: Vec<String> = case
                .cmds
                .iter()
                .enumerate()
                .map(|(n, c)| format!("  #{n} {c:?}"))
                .collect();
            panic!(
                "{reason}\nminimal failing case:\naccounts: {:?}\ncommands:\n{}",
                case.accounts,
                cmds.join("\n")
            )
        }
        Err(TestError::Abort(reason)) => panic!("aborted: {reason}"),
    }
    let count = |c: &AtomicUsize| c.load(Ordering::Relaxed);
    eprintln!(
        "{cases} cases: {} creates refused for balance, {} renewals, {} POSTPAID settlements, \
         {} overages, {} negative balances seen, {} terminates, {} releases, {} refused commands",
        count(&INSUFFICIENT),
        count(&RENEWALS),
        count(&SETTLEMENTS),
        count(&OVERAGES),
        count(&NEGATIVE_BALANCES),
        count(&TERMINATED),
        count(&RELEASED),
        count(&FAILED),
    );
    // The generator must reach the paths the invariants are about.
    assert!(
        count(&INSUFFICIENT) > 0,
        "no create was refused for balance"
    );
    assert!(count(&RENEWALS) > 0, "no PREPAID renewal happened");
    assert!(count(&SETTLEMENTS) > 0, "no POSTPAID usage was settled");
    assert!(count(&OVERAGES) > 0, "no traffic overage was billed");
    assert!(count(&FAILED) > 0, "no command was refused");
}
