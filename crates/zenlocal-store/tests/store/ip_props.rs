//! A property test of addresses (docs/decisions.md D-140 to D-147): random sequences of
//! buying elastic IPs and IP blocks, associating, binding, terminating, releasing and
//! renewing them, creating, terminating and releasing instances, and moving the clock,
//! run against a store (SQLite in memory, and PostgreSQL when configured). After every
//! command:
//!
//! 1. no address is held twice: the ranges of a scope never overlap, and no two zones'
//!    public scopes share one;
//! 2. every reference points at a live resource: each elastic IP or block holds exactly
//!    its own range in its zone; an associated elastic IP names an instance that exists
//!    and is not in the recycle bin; every range is held by a resource that exists, a
//!    block address by an instance out of the recycle bin;
//! 3. the balance is the signed sum of the ledger;
//! 4. each instance holds exactly its own public and private address of its zone's pools,
//!    no pool address twice, every pool lease by a live instance, none inside an elastic
//!    IP or block (D-232, D-233).

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use rust_decimal::Decimal;
use std::sync::Arc;
use zenlocal_core::account::{AccountSpec, NewCredentials};
use zenlocal_core::catalog::IpProduct;
use zenlocal_core::instance::{self, CreateFields};
use zenlocal_core::ipam::{self, Scope};
use zenlocal_core::ipblock::{self, Kind, PurchaseFields};
use zenlocal_core::model::{
    Instance, InstanceStatus, IpBlock, IpBlockStatus, ResourceType, Timings,
};
use zenlocal_core::{ApiError, Catalog, Timestamp};
use zenlocal_store::ops::addresses::Leases;
use zenlocal_store::ops::ip_blocks::{
    AssociateEip, BindBlockIps, CreateIpBlocks, IpBlocks, ReleaseIpBlocks, RenewIpBlock,
    TerminateIpBlock, UnassociateEip,
};
use zenlocal_store::ops::{
    CreateInstances, GetAccount, Instances, Ledger, OpenAccount, ReleaseInstances, Reset,
    TerminateInstance,
};
use zenlocal_store::{Store, StoreError};
use zenlocal_wire::Service;

const START: Timestamp = Timestamp(1_767_225_600);
const CASES: u32 = 32;
const POSTGRES_CASES: u32 = 8;
const ZONES: [&str; 2] = ["SEL-A", "LAX-A"];

#[derive(Debug, Clone)]
enum Cmd {
    Buy {
        product: u8,
        zone: usize,
        prepaid: bool,
        count: i64,
    },
    Server {
        zone: usize,
    },
    Associate {
        eip: usize,
        server: usize,
    },
    Unassociate {
        eip: usize,
    },
    Bind {
        block: usize,
        server: usize,
        offset: u8,
    },
    Terminate {
        pick: usize,
    },
    Release {
        pick: usize,
    },
    Renew {
        pick: usize,
    },
    TerminateServer {
        server: usize,
    },
    ReleaseServer {
        server: usize,
    },
    Advance {
        hours: i64,
    },
}

fn cmd() -> impl Strategy<Value = Cmd> {
    prop_oneof![
        3 => (0u8..3, 0usize..2, any::<bool>(), 1i64..4).prop_map(|(product, zone, prepaid, count)| {
            Cmd::Buy { product, zone, prepaid, count }
        }),
        1 => (0usize..2).prop_map(|zone| Cmd::Server { zone }),
        2 => (any::<usize>(), any::<usize>()).prop_map(|(eip, server)| Cmd::Associate { eip, server }),
        1 => any::<usize>().prop_map(|eip| Cmd::Unassociate { eip }),
        2 => (any::<usize>(), any::<usize>(), 0u8..8)
            .prop_map(|(block, server, offset)| Cmd::Bind { block, server, offset }),
        1 => any::<usize>().prop_map(|pick| Cmd::Terminate { pick }),
        1 => any::<usize>().prop_map(|pick| Cmd::Release { pick }),
        1 => any::<usize>().prop_map(|pick| Cmd::Renew { pick }),
        1 => any::<usize>().prop_map(|server| Cmd::TerminateServer { server }),
        1 => any::<usize>().prop_map(|server| Cmd::ReleaseServer { server }),
        2 => prop_oneof![Just(0i64), 1i64..30, Just(24 * 31)].prop_map(|hours| Cmd::Advance { hours }),
    ]
}

fn failed(e: StoreError) -> TestCaseError {
    TestCaseError::fail(format!("store failed: {e}"))
}

/// A refusal by a rule is part of the game; anything else fails the case.
fn business<T>(result: Result<T, StoreError>) -> Result<Result<T, ApiError>, TestCaseError> {
    match result {
        Ok(v) => Ok(Ok(v)),
        Err(StoreError::Api(e)) => Ok(Err(e)),
        Err(other) => Err(failed(other)),
    }
}

struct Sim {
    store: Store,
    catalog: Arc<Catalog>,
    timings: Timings,
    now: Timestamp,
    /// Every id made so far, released ones included (a pick of a released one is a
    /// command the store refuses).
    blocks: Vec<(String, Kind)>,
    servers: Vec<String>,
}

const ACCOUNT: &str = "acct";

impl Sim {
    async fn open(url: &str) -> Result<Sim, TestCaseError> {
        let url = url.to_owned();
        let store = std::thread::spawn(move || Store::open(&url))
            .join()
            .map_err(|_| TestCaseError::fail("opening the store panicked"))?
            .map_err(failed)?;
        store.write(Reset { clock: None }).await.map_err(failed)?;
        crate::backend::freeze_at(&store, START)
            .await
            .map_err(failed)?;
        store
            .write(OpenAccount {
                spec: AccountSpec::new(ACCOUNT, Decimal::new(50_000, 2), None)
                    .map_err(|e| TestCaseError::fail(format!("{e:?}")))?,
                credentials: NewCredentials {
                    account_id: ACCOUNT.into(),
                    access_key_id: "AK".into(),
                    access_key_password: "pw".into(),
                    token: "tok".into(),
                },
                clock_id: None,
            })
            .await
            .map_err(failed)?;
        Ok(Sim {
            store,
            catalog: Arc::new(Catalog::builtin()),
            timings: Timings {
                provisioning: 0,
                ..Timings::default()
            },
            now: START,
            blocks: Vec::new(),
            servers: Vec::new(),
        })
    }

    fn pick_block(&self, pick: usize, kind: Option<Kind>) -> Option<(String, Kind)> {
        let candidates: Vec<&(String, Kind)> = self
            .blocks
            .iter()
            .filter(|(_, k)| kind.is_none_or(|want| *k == want))
            .collect();
        (!candidates.is_empty()).then(|| candidates[pick % candidates.len()].clone())
    }

    fn pick_server(&self, pick: usize) -> Option<String> {
        (!self.servers.is_empty()).then(|| self.servers[pick % self.servers.len()].clone())
    }

    async fn run(&mut self, cmd: &Cmd) -> Result<(), TestCaseError> {
        let account_id = ACCOUNT.to_owned();
        match cmd {
            Cmd::Buy {
                product,
                zone,
                prepaid,
                count,
            } => {
                let product =
                    [IpProduct::Eip, IpProduct::Ipv4Block, IpProduct::Ipv6Block][*product as usize];
                let charge = if *prepaid && product != IpProduct::Ipv6Block {
                    "PREPAID"
                } else {
                    "POSTPAID"
                };
                let fields = PurchaseFields {
                    period: Some(1),
                    count: Some(*count),
                    ..PurchaseFields::new(product, ZONES[*zone], charge)
                };
                let Ok(purchase) = ipblock::purchase(&self.catalog, &fields) else {
                    return Ok(());
                };
                let made = business(
                    self.store
                        .write(CreateIpBlocks {
                            catalog: self.catalog.clone(),
                            account_id,
                            purchase,
                            timings: self.timings,
                        })
                        .await,
                )?;
                if let Ok(created) = made {
                    let kind = ipblock::Kind::of(product);
                    self.blocks
                        .extend(created.ids.into_iter().map(|id| (id, kind)));
                }
            }
            Cmd::Server { zone } => {
                let f = CreateFields {
                    zone_id: ZONES[*zone],
                    product: "M6C",
                    image_id: Some("img-ubuntu-2204"),
                    password: Some("Passw0rd-x"),
                    charge_type: "POSTPAID",
                    internet_charge_type: "ByBandwidth",
                    bandwidth: Some(20),
                    creating: true,
                    ..Default::default()
                };
                let spec = instance::create_spec(&self.catalog, Service::Bmc, &f)
                    .map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
                let made = business(
                    self.store
                        .write(CreateInstances {
                            catalog: self.catalog.clone(),
                            account_id,
                            spec,
                            timings: self.timings,
                        })
                        .await,
                )?;
                if let Ok(created) = made {
                    self.servers.extend(created.instance_ids);
                }
            }
            Cmd::Associate { eip, server } => {
                if let (Some((eip_id, _)), Some(instance_id)) = (
                    self.pick_block(*eip, Some(Kind::Eip)),
                    self.pick_server(*server),
                ) {
                    let op = AssociateEip {
                        account_id,
                        eip_id,
                        instance_id,
                    };
                    business(self.store.write(op).await)?.ok();
                }
            }
            Cmd::Unassociate { eip } => {
                if let Some((eip_id, _)) = self.pick_block(*eip, Some(Kind::Eip)) {
                    let op = UnassociateEip { account_id, eip_id };
                    business(self.store.write(op).await)?.ok();
                }
            }
            Cmd::Bind {
                block,
                server,
                offset,
            } => {
                let picked = self.pick_block(*block, Some(Kind::CidrBlock));
                if let (Some((block_id, _)), Some(instance_id)) =
                    (picked, self.pick_server(*server))
                {
                    let read = self
                        .store
                        .read(IpBlocks {
                            account_id: account_id.clone(),
                        })
                        .await
                        .map_err(failed)?;
                    let Some(b) = read.blocks.iter().find(|b| b.id == block_id) else {
                        return Ok(());
                    };
                    let ip = match b.net {
                        ipnet::IpNet::V4(net) => {
                            std::net::Ipv4Addr::from(u32::from(net.network()) + u32::from(*offset))
                                .to_string()
                        }
                        ipnet::IpNet::V6(net) => std::net::Ipv6Addr::from(
                            u128::from(net.network()) + u128::from(*offset),
                        )
                        .to_string(),
                    };
                    let op = BindBlockIps {
                        account_id,
                        block_id,
                        binds: vec![(instance_id, ip)],
                    };
                    business(self.store.write(op).await)?.ok();
                }
            }
            Cmd::Terminate { pick } => {
                if let Some((id, kind)) = self.pick_block(*pick, None) {
                    let op = TerminateIpBlock {
                        catalog: self.catalog.clone(),
                        account_id,
                        kind,
                        id,
                        timings: self.timings,
                    };
                    business(self.store.write(op).await)?.ok();
                }
            }
            Cmd::Release { pick } => {
                if let Some((id, kind)) = self.pick_block(*pick, None) {
                    let op = ReleaseIpBlocks {
                        account_id,
                        kind,
                        ids: vec![id],
                        field: "ids",
                    };
                    business(self.store.write(op).await)?.ok();
                }
            }
            Cmd::Renew { pick } => {
                if let Some((id, kind)) = self.pick_block(*pick, None) {
                    let op = RenewIpBlock {
                        catalog: self.catalog.clone(),
                        account_id,
                        kind,
                        id,
                    };
                    business(self.store.write(op).await)?.ok();
                }
            }
            Cmd::TerminateServer { server } => {
                if let Some(id) = self.pick_server(*server) {
                    let op = TerminateInstance {
                        catalog: self.catalog.clone(),
                        account_id,
                        service: Service::Bmc,
                        id,
                        timings: self.timings,
                    };
                    business(self.store.write(op).await)?.ok();
                }
            }
            Cmd::ReleaseServer { server } => {
                if let Some(id) = self.pick_server(*server) {
                    let op = ReleaseInstances {
                        account_id,
                        service: Service::Bmc,
                        ids: vec![id],
                    };
                    business(self.store.write(op).await)?.ok();
                }
            }
            Cmd::Advance { hours } => {
                self.now = self.now.plus(hours * 3600);
                crate::backend::advance_to(&self.store, self.now, 40, &self.catalog, self.timings)
                    .await
                    .map_err(failed)?;
            }
        }
        Ok(())
    }

    async fn check(&self) -> Result<(), TestCaseError> {
        let read = self
            .store
            .read(IpBlocks {
                account_id: ACCOUNT.into(),
            })
            .await
            .map_err(failed)?;
        let instances: Vec<Instance> = self
            .store
            .read(Instances {
                account_id: ACCOUNT.into(),
                service: Service::Bmc,
            })
            .await
            .map_err(failed)?;
        let live = |id: &str| {
            instances
                .iter()
                .any(|i| i.id == id && i.status != InstanceStatus::Recycle)
        };
        let blocks: Vec<&IpBlock> = read.blocks.iter().collect();
        // 1. and 2.: the public scopes of the zones.
        let mut public = Vec::new();
        for zone in ZONES {
            let held = self
                .store
                .read(Leases {
                    scope: Scope::zone(zone),
                })
                .await
                .map_err(failed)?;
            for (n, a) in held.iter().enumerate() {
                for b in &held[n + 1..] {
                    prop_assert!(
                        !ipam::overlaps(&a.net, &b.net),
                        "{} and {} in {zone}",
                        a.net,
                        b.net
                    );
                }
                let holder = blocks.iter().find(|b| b.resource() == a.holder);
                prop_assert!(
                    holder.is_some_and(|b| b.net == a.net),
                    "{} in {zone} is held by {:?}, which does not hold it",
                    a.net,
                    a.holder
                );
            }
            public.extend(held);
        }
        for b in &blocks {
            let own = public
                .iter()
                .filter(|l| l.holder == b.resource() && l.net == b.net)
                .count();
            prop_assert_eq!(own, 1, "{:?} holds its range {} times", b.id, own);
            if let Some(instance_id) = &b.instance_id {
                prop_assert!(
                    live(instance_id),
                    "{} is associated with gone {instance_id}",
                    b.id
                );
                prop_assert_eq!(b.status, IpBlockStatus::Associated);
            }
            let bound: Vec<_> = read
                .bound
                .iter()
                .filter(|l| l.scope == Scope::block(&b.id))
                .collect();
            for (n, a) in bound.iter().enumerate() {
                prop_assert!(
                    b.net.contains(&a.net.network()),
                    "{} bound outside {}",
                    a.net,
                    b.net
                );
                prop_assert_eq!(a.holder.kind, ResourceType::Instance);
                prop_assert!(
                    live(&a.holder.id),
                    "{} bound to gone {}",
                    a.net,
                    a.holder.id
                );
                for c in &bound[n + 1..] {
                    prop_assert!(!ipam::overlaps(&a.net, &c.net), "{} bound twice", a.net);
                }
            }
        }
        // 4. Instances' own addresses (D-232, D-233), none inside an elastic IP or block.
        let own = crate::props::own_leases(&self.store, Service::Bmc, &ZONES).await?;
        crate::props::check_own_addresses(&instances, &own)?;
        for l in &own {
            prop_assert!(
                !public.iter().any(|p| ipam::overlaps(&p.net, &l.net)),
                "{} is an instance's and an elastic IP's or block's",
                l.net
            );
        }
        // 3.
        let account = self
            .store
            .read(GetAccount(ACCOUNT.into()))
            .await
            .map_err(failed)?
            .ok_or_else(|| TestCaseError::fail("the account vanished"))?;
        let ledger = self
            .store
            .read(Ledger(ACCOUNT.into()))
            .await
            .map_err(failed)?;
        let sum: Decimal = ledger.iter().map(|e| e.kind.signed(e.amount)).sum();
        prop_assert_eq!(sum, account.balance);
        Ok(())
    }
}

async fn run_case(url: &str, cmds: &[Cmd]) -> Result<(), TestCaseError> {
    let mut sim = Sim::open(url).await?;
    for cmd in cmds {
        sim.run(cmd).await?;
        sim.check()
            .await
            .map_err(|e| TestCaseError::fail(format!("after {cmd:?}: {e}")))?;
    }
    sim.store.close().await;
    Ok(())
}

fn check_properties(url: &str, cases: u32) {
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let outcome = runner.run(&prop::collection::vec(cmd(), 1..40), |cmds| {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| TestCaseError::fail(format!("runtime: {e}")))?;
        rt.block_on(run_case(url, &cmds))
    });
    if let Err(e) = outcome {
        panic!("{url}: {e}");
    }
}

/// D-140 to D-147: no address held twice, every reference live, the balance the ledger's
/// sum, whatever the sequence of commands.
#[test]
fn addresses_are_never_held_twice_and_references_stay_live() {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(CASES);
    check_properties(":memory:", cases);
    if let Some(admin) = zenlocal_testkit::postgres_url() {
        let db = crate::backend::TestDb::postgres(&admin);
        check_properties(&db.url(), POSTGRES_CASES.min(cases));
    }
}
