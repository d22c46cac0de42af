//! A property test of bmc VPCs and subnets (D-220 to D-227) on both stores: random
//! sequences of creating VPCs, subnets in and out of them, moving subnets into VPCs,
//! creating instances in subnets, joining and leaving subnets, releasing instances and
//! deleting subnets and VPCs, over two accounts. After every command:
//!
//! 1. no two ranges of a scope overlap;
//! 2. every subnet's range is held once, in its VPC's scope (inside the VPC's range, of the
//!    VPC's region) or in its account's zone scope, and nothing else is held there;
//! 3. every instance in a subnet holds exactly its shown private address there, and every
//!    address held in a subnet is held by a live instance of the subnet's account;
//! 4. a command that failed changed nothing;
//! 5. each instance holds exactly its own public address of its zone's pool and, in no
//!    subnet, its private one — given back as it joins, a fresh one drawn as it leaves; no
//!    pool address twice; every pool lease by a live instance (D-232, D-233).

use crate::props::{fail, open, refused};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use std::sync::Arc;
use zenlocal_core::instance::{self, CreateFields};
use zenlocal_core::ipam::{self, Scope};
use zenlocal_core::model::{Instance, Lease, Timings};
use zenlocal_core::subnet::{self, Subnet};
use zenlocal_core::vpc::{self, Vpc};
use zenlocal_core::Catalog;
use zenlocal_store::ops::subnets::DeleteSubnet;
use zenlocal_store::ops::vpcs::{
    AssociateSubnetInstances, AssociateVpcSubnet, BmcSubnets, CreateBmcSubnet, CreateVpc,
    DeleteVpc, UnAssociateSubnetInstance,
};
use zenlocal_store::ops::{
    addresses, CreateInstances, Instances, ReleaseInstances, TerminateInstance,
};
use zenlocal_store::Store;
use zenlocal_wire::Service;

const ACCOUNTS: [&str; 2] = ["va", "vb"];
const ZONES: [&str; 2] = ["SEL-A", "FRA-A"];
const REGIONS: [&str; 2] = ["SEL1", "FRA1"];
const CMDS: std::ops::Range<usize> = 20..60;
/// Ranges that overlap one another, so some creates and moves are refused.
const CIDRS: [&str; 5] = [
    "10.0.0.0/29",
    "10.0.0.0/28",
    "10.0.0.8/29",
    "192.168.0.0/29",
    "10.0.1.0/24",
];
const VPC_CIDRS: [&str; 2] = ["10.0.0.0/16", "192.168.0.0/16"];
const ADDRESSES: [&str; 3] = ["10.0.0.2", "10.0.0.5", "192.168.0.3"];
const CASES: u32 = 64;
/// Cases on PostgreSQL, where each case resets one shared database.
const POSTGRES_CASES: u32 = 4;

#[derive(Debug, Clone)]
enum Cmd {
    Vpc {
        account: usize,
        region: usize,
        cidr: usize,
    },
    /// `vpc`, `subnet` and `instance` pick among every one made so far, any account's.
    Subnet {
        account: usize,
        zone: usize,
        cidr: usize,
        vpc: Option<usize>,
    },
    Move {
        account: usize,
        subnet: usize,
        vpc: usize,
    },
    Instances {
        account: usize,
        zone: usize,
        subnet: Option<usize>,
        count: i64,
    },
    Join {
        account: usize,
        subnet: usize,
        instance: usize,
        address: Option<usize>,
    },
    Leave {
        account: usize,
        subnet: usize,
        instance: usize,
    },
    Release {
        account: usize,
        instance: usize,
    },
    DeleteSubnet {
        account: usize,
        subnet: usize,
    },
    DeleteVpc {
        account: usize,
        vpc: usize,
    },
}

fn cmd() -> impl Strategy<Value = Cmd> {
    let account = 0..ACCOUNTS.len();
    prop_oneof![
        (account.clone(), 0..REGIONS.len(), 0..VPC_CIDRS.len()).prop_map(
            |(account, region, cidr)| Cmd::Vpc {
                account,
                region,
                cidr
            }
        ),
        (
            account.clone(),
            0..ZONES.len(),
            0..CIDRS.len(),
            proptest::option::of(0..8usize)
        )
            .prop_map(|(account, zone, cidr, vpc)| Cmd::Subnet {
                account,
                zone,
                cidr,
                vpc
            }),
        (account.clone(), 0..8usize, 0..8usize).prop_map(|(account, subnet, vpc)| Cmd::Move {
            account,
            subnet,
            vpc
        }),
        (
            account.clone(),
            0..ZONES.len(),
            proptest::option::weighted(0.3, 0..8usize),
            1..=3i64
        )
            .prop_map(|(account, zone, subnet, count)| Cmd::Instances {
                account,
                zone,
                subnet,
                count
            }),
        (
            account.clone(),
            0..8usize,
            0..16usize,
            proptest::option::weighted(0.3, 0..ADDRESSES.len())
        )
            .prop_map(|(account, subnet, instance, address)| Cmd::Join {
                account,
                subnet,
                instance,
                address
            }),
        (account.clone(), 0..8usize, 0..16usize).prop_map(|(account, subnet, instance)| {
            Cmd::Leave {
                account,
                subnet,
                instance,
            }
        }),
        (account.clone(), 0..16usize)
            .prop_map(|(account, instance)| Cmd::Release { account, instance }),
        (account.clone(), 0..8usize)
            .prop_map(|(account, subnet)| Cmd::DeleteSubnet { account, subnet }),
        (account, 0..8usize).prop_map(|(account, vpc)| Cmd::DeleteVpc { account, vpc }),
    ]
}

/// What the store holds, for the invariants and to see that a refusal changed nothing.
#[derive(Debug, PartialEq)]
struct State {
    vpcs: Vec<Vpc>,
    subnets: Vec<(Subnet, Vec<Lease>)>,
    instances: Vec<Instance>,
    /// The leases of every zone scope and VPC scope.
    ranges: Vec<Lease>,
    /// The leases of the zones' instance pools (D-232, D-233).
    own: Vec<Lease>,
}

struct Sim {
    store: Store,
    catalog: Arc<Catalog>,
    /// Every ID made so far with its account's number, deleted ones too, so commands also
    /// name gone and foreign resources.
    vpcs: Vec<(usize, String)>,
    subnets: Vec<(usize, String)>,
    instances: Vec<(usize, String)>,
}

/// Mostly one of the caller's; every fourth pick any account's.
fn pick(ids: &[(usize, String)], account: usize, n: usize) -> String {
    let mine: Vec<&String> = ids
        .iter()
        .filter(|(a, _)| n.is_multiple_of(4) || *a == account)
        .map(|(_, id)| id)
        .collect();
    mine.get(n % mine.len().max(1))
        .map_or_else(|| "none".to_owned(), |id| (*id).clone())
}

impl Sim {
    async fn state(&self) -> Result<State, TestCaseError> {
        let mut state = State {
            vpcs: Vec::new(),
            subnets: Vec::new(),
            instances: Vec::new(),
            ranges: Vec::new(),
            own: crate::props::own_leases(&self.store, Service::Bmc, &ZONES).await?,
        };
        for account in ACCOUNTS {
            let (mut subnets, mut vpcs, _) = self
                .store
                .read(BmcSubnets {
                    account_id: account.into(),
                })
                .await
                .map_err(fail)?;
            subnets.sort_by(|a, b| a.0.id.cmp(&b.0.id));
            vpcs.sort_by(|a, b| a.id.cmp(&b.id));
            let mut scopes: Vec<Scope> = ZONES
                .iter()
                .map(|zone| subnet::zone_scope(account, zone))
                .collect();
            scopes.extend(self.vpcs.iter().map(|(_, id)| Scope::vpc(id)));
            for scope in scopes {
                let leases = self
                    .store
                    .read(addresses::Leases { scope })
                    .await
                    .map_err(fail)?;
                state
                    .ranges
                    .extend(leases.into_iter().filter(|l| l.account_id == account));
            }
            state.subnets.extend(subnets);
            state.vpcs.extend(vpcs);
            let mut instances = self
                .store
                .read(Instances {
                    account_id: account.into(),
                    service: Service::Bmc,
                })
                .await
                .map_err(fail)?;
            instances.sort_by(|a, b| a.id.cmp(&b.id));
            state.instances.extend(instances);
        }
        Ok(state)
    }

    async fn run(&mut self, cmd: &Cmd) -> Result<bool, TestCaseError> {
        let done = match cmd.clone() {
            Cmd::Vpc {
                account,
                region,
                cidr,
            } => {
                let made = refused(
                    self.store
                        .write(CreateVpc {
                            catalog: self.catalog.clone(),
                            account_id: ACCOUNTS[account].into(),
                            region_id: REGIONS[region].into(),
                            name: "net".into(),
                            cidr_block: VPC_CIDRS[cidr].into(),
                            resource_group_id: None,
                            tags: Vec::new(),
                        })
                        .await,
                )?;
                made.map(|id| self.vpcs.push((account, id))).is_some()
            }
            Cmd::Subnet {
                account,
                zone,
                cidr,
                vpc,
            } => {
                let made = refused(
                    self.store
                        .write(CreateBmcSubnet {
                            catalog: self.catalog.clone(),
                            account_id: ACCOUNTS[account].into(),
                            zone_id: ZONES[zone].into(),
                            name: "sub".into(),
                            cidr_block: CIDRS[cidr].into(),
                            resource_group_id: None,
                            vpc_id: vpc.map(|v| pick(&self.vpcs, account, v)),
                        })
                        .await,
                )?;
                made.map(|id| self.subnets.push((account, id))).is_some()
            }
            Cmd::Move {
                account,
                subnet,
                vpc,
            } => refused(
                self.store
                    .write(AssociateVpcSubnet {
                        catalog: self.catalog.clone(),
                        account_id: ACCOUNTS[account].into(),
                        subnet_id: pick(&self.subnets, account, subnet),
                        vpc_id: pick(&self.vpcs, account, vpc),
                    })
                    .await,
            )?
            .is_some(),
            Cmd::Instances {
                account,
                zone,
                subnet,
                count,
            } => {
                let subnet_id = subnet.map(|s| pick(&self.subnets, account, s));
                let fields = CreateFields {
                    zone_id: ZONES[zone],
                    product: "M6C",
                    image_id: Some("img-ubuntu-2204"),
                    password: Some("Passw0rd-x"),
                    subnet_id: subnet_id.as_deref(),
                    charge_type: "POSTPAID",
                    internet_charge_type: "ByBandwidth",
                    bandwidth: Some(20),
                    count: Some(count),
                    creating: true,
                    ..Default::default()
                };
                let spec =
                    instance::create_spec(&self.catalog, Service::Bmc, &fields).map_err(fail)?;
                let made = refused(
                    self.store
                        .write(CreateInstances {
                            catalog: self.catalog.clone(),
                            account_id: ACCOUNTS[account].into(),
                            spec,
                            timings: timings(),
                        })
                        .await,
                )?;
                made.map(|c| {
                    self.instances
                        .extend(c.instance_ids.into_iter().map(|id| (account, id)))
                })
                .is_some()
            }
            Cmd::Join {
                account,
                subnet,
                instance,
                address,
            } => refused(
                self.store
                    .write(AssociateSubnetInstances {
                        catalog: self.catalog.clone(),
                        account_id: ACCOUNTS[account].into(),
                        subnet_id: pick(&self.subnets, account, subnet),
                        instances: vec![(
                            pick(&self.instances, account, instance),
                            address.map(|a| ADDRESSES[a].to_owned()),
                        )],
                    })
                    .await,
            )?
            .is_some(),
            Cmd::Leave {
                account,
                subnet,
                instance,
            } => refused(
                self.store
                    .write(UnAssociateSubnetInstance {
                        catalog: self.catalog.clone(),
                        account_id: ACCOUNTS[account].into(),
                        subnet_id: pick(&self.subnets, account, subnet),
                        instance_id: pick(&self.instances, account, instance),
                    })
                    .await,
            )?
            .is_some(),
            Cmd::Release { account, instance } => {
                let id = pick(&self.instances, account, instance);
                let terminated = refused(
                    self.store
                        .write(TerminateInstance {
                            catalog: self.catalog.clone(),
                            account_id: ACCOUNTS[account].into(),
                            service: Service::Bmc,
                            id: id.clone(),
                            timings: timings(),
                        })
                        .await,
                )?;
                if terminated.is_some() {
                    refused(
                        self.store
                            .write(ReleaseInstances {
                                account_id: ACCOUNTS[account].into(),
                                service: Service::Bmc,
                                ids: vec![id],
                            })
                            .await,
                    )?;
                }
                terminated.is_some()
            }
            Cmd::DeleteSubnet { account, subnet } => refused(
                self.store
                    .write(DeleteSubnet {
                        account_id: ACCOUNTS[account].into(),
                        service: Service::Bmc,
                        in_vpcs: None,
                        id: pick(&self.subnets, account, subnet),
                    })
                    .await,
            )?
            .is_some(),
            Cmd::DeleteVpc { account, vpc } => refused(
                self.store
                    .write(DeleteVpc {
                        account_id: ACCOUNTS[account].into(),
                        id: pick(&self.vpcs, account, vpc),
                    })
                    .await,
            )?
            .is_some(),
        };
        Ok(done)
    }
}

fn timings() -> Timings {
    Timings {
        provisioning: 0,
        power: 0,
        ..Timings::default()
    }
}

fn check(catalog: &Catalog, state: &State) -> Result<(), TestCaseError> {
    crate::props::check_own_addresses(&state.instances, &state.own)?;
    // 1: the ranges of each scope are apart.
    let mut scopes: Vec<&[Lease]> = state.subnets.iter().map(|(_, l)| l.as_slice()).collect();
    scopes.push(&state.ranges);
    for leases in scopes {
        for (n, a) in leases.iter().enumerate() {
            for b in &leases[..n] {
                if a.scope == b.scope && ipam::overlaps(&a.net, &b.net) {
                    return Err(fail(format!("{a:?} overlaps {b:?}")));
                }
            }
        }
    }
    // 2: each subnet's range is held once, where its VPC says, and nothing else is.
    for (s, _) in &state.subnets {
        let held: Vec<&Lease> = state
            .ranges
            .iter()
            .filter(|l| l.holder == s.holder())
            .collect();
        prop_assert_eq!(held.len(), 1, "subnet {} range held {:?}", &s.id, held);
        prop_assert_eq!(&held[0].scope, &s.range_scope());
        prop_assert_eq!(held[0].net, s.cidr);
        if let Some(id) = &s.vpc_id {
            let v = state
                .vpcs
                .iter()
                .find(|v| &v.id == id)
                .ok_or_else(|| fail(format!("{} in gone VPC {id}", s.id)))?;
            prop_assert_eq!(&v.account_id, &s.account_id);
            prop_assert!(v.cidr.contains(&s.cidr));
            let region = vpc::region_of(catalog, &s.zone_id).map(|r| r.id);
            prop_assert_eq!(region.as_deref(), Some(v.location.as_str()));
        }
    }
    prop_assert_eq!(state.ranges.len(), state.subnets.len());
    // 3: instance addresses and subnet leases match one for one.
    for (s, leases) in &state.subnets {
        let members: Vec<&Instance> = state
            .instances
            .iter()
            .filter(|i| i.subnet_id.as_deref() == Some(s.id.as_str()))
            .collect();
        prop_assert_eq!(leases.len(), members.len(), "subnet {}", &s.id);
        for i in members {
            prop_assert_eq!(&i.account_id, &s.account_id);
            prop_assert_eq!(&i.zone_id, &s.zone_id);
            let held = leases
                .iter()
                .find(|l| l.holder.instance_id() == Some(i.id.as_str()))
                .ok_or_else(|| fail(format!("{} holds nothing in {}", i.id, s.id)))?;
            prop_assert_eq!(held.net.addr().to_string(), i.private_ip.clone());
            prop_assert!(s.pool().ranges[0].contains(&held.net.addr()));
            prop_assert!(!s.pool().reserved.contains(&held.net.addr()));
        }
    }
    for i in &state.instances {
        if let Some(id) = &i.subnet_id {
            prop_assert!(
                state.subnets.iter().any(|(s, _)| &s.id == id),
                "{} in gone {}",
                i.id,
                id
            );
        }
    }
    Ok(())
}

async fn run_case(url: &str, cmds: &[Cmd]) -> Result<(), TestCaseError> {
    let mut sim = Sim {
        store: open(url, &ACCOUNTS, "100000").await?,
        catalog: Arc::new(Catalog::builtin()),
        vpcs: Vec::new(),
        subnets: Vec::new(),
        instances: Vec::new(),
    };
    for cmd in cmds {
        let before = sim.state().await?;
        let done = sim.run(cmd).await?;
        let after = sim.state().await?;
        if !done {
            prop_assert_eq!(&before, &after, "refused {:?} changed the store", cmd);
        }
        check(&sim.catalog, &after)?;
    }
    sim.store.close().await;
    Ok(())
}

fn check_properties(url: &str, cases: u32) {
    let mut runner = TestRunner::new(Config {
        cases,
        // No regressions file: the shrunk case is printed instead.
        failure_persistence: None,
        ..Config::default()
    });
    let outcome = runner.run(&proptest::collection::vec(cmd(), CMDS), |cmds| {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(fail)?;
        rt.block_on(run_case(url, &cmds))
    });
    if let Err(e) = outcome {
        panic!("{url}: {e}");
    }
}

/// D-220 to D-227: the invariants hold after every command of random sequences, on each
/// store; a refused command changes nothing.
#[test]
fn vpcs_subnets_and_instances_keep_their_references() {
    check_properties(":memory:", CASES);
    if let Some(admin) = zenlocal_testkit::postgres_url() {
        let db = crate::backend::TestDb::postgres(&admin);
        check_properties(&db.url(), POSTGRES_CASES);
    }
}
