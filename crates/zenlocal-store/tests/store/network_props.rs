//! A property test of vm subnets and security groups (D-150 to D-158) on both stores:
//! random sequences of creating subnets, groups and instances in them, applying and
//! taking off groups, releasing instances and deleting subnets and groups, over two
//! accounts. After every command:
//!
//! 1. no address is held twice in a scope, and no two ranges of a scope overlap;
//! 2. every instance in a subnet holds exactly its shown private address there, and every
//!    address held in a subnet is held by a live instance of the subnet's account;
//! 3. every subnet range is held once in its account's zone scope;
//! 4. every group an instance has is a live group of its account, two at most;
//! 5. a command that failed changed nothing;
//! 6. each instance holds exactly its own public address of its zone's pool and, in no
//!    subnet, its private one; no pool address twice; every pool lease by a live instance
//!    (D-232, D-233).

use crate::props::{fail, open, refused};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use std::collections::HashSet;
use std::sync::Arc;
use zenlocal_core::instance::{self, CreateFields};
use zenlocal_core::ipam;
use zenlocal_core::model::{Instance, Lease, Timings};
use zenlocal_core::security_group::SecurityGroup;
use zenlocal_core::subnet::{self, Subnet};
use zenlocal_core::Catalog;
use zenlocal_store::ops::security_groups::{
    CreateSecurityGroup, DeleteSecurityGroup, LinkInstance, SecurityGroups,
};
use zenlocal_store::ops::subnets::{CreateSubnet, DeleteSubnet, Subnets};
use zenlocal_store::ops::{
    addresses, CreateInstances, Instances, ReleaseInstances, TerminateInstance,
};
use zenlocal_store::Store;
use zenlocal_wire::Service;

const ACCOUNTS: [&str; 2] = ["na", "nb"];
const ZONES: [&str; 2] = ["asia-east-1a", "asia-southeast-1a"];
const CMDS: std::ops::Range<usize> = 20..60;
/// Ranges that overlap one another, so some creates are refused.
const CIDRS: [&str; 5] = [
    "10.0.0.0/29",
    "10.0.0.0/28",
    "10.0.0.8/29",
    "192.168.0.0/29",
    "172.16.0.0/24",
];
const CASES: u32 = 32;
/// Cases on PostgreSQL, where each case resets one shared database.
const POSTGRES_CASES: u32 = 6;

#[derive(Debug, Clone)]
enum Cmd {
    Subnet {
        account: usize,
        zone: usize,
        cidr: usize,
    },
    Group {
        account: usize,
    },
    /// `subnet` and `group` pick among every one made so far, any account's.
    Instances {
        account: usize,
        zone: usize,
        subnet: usize,
        group: Option<usize>,
        count: i64,
    },
    Link {
        account: usize,
        group: usize,
        instance: usize,
        on: bool,
    },
    Release {
        account: usize,
        instance: usize,
    },
    DeleteSubnet {
        account: usize,
        subnet: usize,
    },
    DeleteGroup {
        account: usize,
        group: usize,
    },
}

fn cmd() -> impl Strategy<Value = Cmd> {
    let account = 0..ACCOUNTS.len();
    prop_oneof![
        (account.clone(), 0..ZONES.len(), 0..CIDRS.len()).prop_map(|(account, zone, cidr)| {
            Cmd::Subnet {
                account,
                zone,
                cidr,
            }
        }),
        account.clone().prop_map(|account| Cmd::Group { account }),
        (
            account.clone(),
            0..ZONES.len(),
            0..8usize,
            proptest::option::of(0..8usize),
            1..=4i64
        )
            .prop_map(|(account, zone, subnet, group, count)| Cmd::Instances {
                account,
                zone,
                subnet,
                group,
                count
            }),
        (account.clone(), 0..8usize, 0..16usize, any::<bool>()).prop_map(
            |(account, group, instance, on)| Cmd::Link {
                account,
                group,
                instance,
                on
            }
        ),
        (account.clone(), 0..16usize)
            .prop_map(|(account, instance)| Cmd::Release { account, instance }),
        (account.clone(), 0..8usize)
            .prop_map(|(account, subnet)| Cmd::DeleteSubnet { account, subnet }),
        (account, 0..8usize).prop_map(|(account, group)| Cmd::DeleteGroup { account, group }),
    ]
}

/// What the store holds, for the invariants and to see that a refusal changed nothing.
#[derive(Debug, PartialEq)]
struct State {
    subnets: Vec<(Subnet, Vec<Lease>)>,
    groups: Vec<SecurityGroup>,
    instances: Vec<Instance>,
    zone_leases: Vec<Lease>,
    /// The leases of the zones' instance pools (D-232, D-233).
    own: Vec<Lease>,
}

struct Sim {
    store: Store,
    catalog: Arc<Catalog>,
    /// Every ID made so far with its account's number, deleted ones too, so commands also
    /// name gone and foreign resources.
    subnets: Vec<(usize, String)>,
    groups: Vec<(usize, String)>,
    instances: Vec<(usize, String)>,
}

impl Sim {
    async fn state(&self) -> Result<State, TestCaseError> {
        let mut state = State {
            subnets: Vec::new(),
            groups: Vec::new(),
            instances: Vec::new(),
            zone_leases: Vec::new(),
            own: crate::props::own_leases(&self.store, Service::Vm, &ZONES).await?,
        };
        for account in ACCOUNTS {
            let mut subnets = self
                .store
                .read(Subnets {
                    account_id: account.into(),
                    service: Service::Vm,
                })
                .await
                .map_err(fail)?;
            subnets.sort_by(|a, b| a.0.id.cmp(&b.0.id));
            state.subnets.extend(subnets);
            let (mut groups, _) = self
                .store
                .read(SecurityGroups {
                    account_id: account.into(),
                })
                .await
                .map_err(fail)?;
            groups.sort_by(|a, b| a.id.cmp(&b.id));
            state.groups.extend(groups);
            let mut instances = self
                .store
                .read(Instances {
                    account_id: account.into(),
                    service: Service::Vm,
                })
                .await
                .map_err(fail)?;
            instances.sort_by(|a, b| a.id.cmp(&b.id));
            state.instances.extend(instances);
            for zone in ZONES {
                let scope = subnet::zone_scope(account, zone);
                let leases = self
                    .store
                    .read(addresses::Leases { scope })
                    .await
                    .map_err(fail)?;
                state.zone_leases.extend(leases);
            }
        }
        Ok(state)
    }

    async fn run(&mut self, cmd: &Cmd) -> Result<bool, TestCaseError> {
        // Mostly one of the caller's; every fourth pick any account's.
        let pick = |ids: &[(usize, String)], account: usize, n: usize| {
            let mine: Vec<&String> = ids
                .iter()
                .filter(|(a, _)| n.is_multiple_of(4) || *a == account)
                .map(|(_, id)| id)
                .collect();
            mine.get(n % mine.len().max(1))
                .map_or_else(|| "none".to_owned(), |id| (*id).clone())
        };
        let done = match cmd.clone() {
            Cmd::Subnet {
                account,
                zone,
                cidr,
            } => {
                let made = refused(
                    self.store
                        .write(CreateSubnet {
                            catalog: self.catalog.clone(),
                            account_id: ACCOUNTS[account].into(),
                            zone_id: ZONES[zone].into(),
                            name: "net-1".into(),
                            cidr_block: CIDRS[cidr].into(),
                            description: None,
                        })
                        .await,
                )?;
                made.map(|id| self.subnets.push((account, id))).is_some()
            }
            Cmd::Group { account } => {
                let made = refused(
                    self.store
                        .write(CreateSecurityGroup {
                            account_id: ACCOUNTS[account].into(),
                            name: "web".into(),
                            description: None,
                            rules: Vec::new(),
                        })
                        .await,
                )?;
                made.map(|id| self.groups.push((account, id))).is_some()
            }
            Cmd::Instances {
                account,
                zone,
                subnet,
                group,
                count,
            } => {
                let subnet_id = pick(&self.subnets, account, subnet);
                let group_id = group.map(|g| pick(&self.groups, account, g));
                let fields = CreateFields {
                    zone_id: ZONES[zone],
                    product: "c.1c2g",
                    image_id: Some("ubuntu_22_04_x64"),
                    password: Some("Passw0rd-x"),
                    subnet_id: Some(&subnet_id),
                    security_group_id: group_id.as_deref(),
                    charge_type: "POSTPAID",
                    internet_charge_type: "ByBandwidth",
                    count: Some(count),
                    creating: true,
                    ..Default::default()
                };
                let spec =
                    instance::create_spec(&self.catalog, Service::Vm, &fields).map_err(fail)?;
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
            Cmd::Link {
                account,
                group,
                instance,
                on,
            } => refused(
                self.store
                    .write(LinkInstance {
                        account_id: ACCOUNTS[account].into(),
                        group_id: pick(&self.groups, account, group),
                        instance_id: pick(&self.instances, account, instance),
                        associate: on,
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
                            service: Service::Vm,
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
                                service: Service::Vm,
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
                        service: Service::Vm,
                        in_vpcs: Some(false),
                        id: pick(&self.subnets, account, subnet),
                    })
                    .await,
            )?
            .is_some(),
            Cmd::DeleteGroup { account, group } => refused(
                self.store
                    .write(DeleteSecurityGroup {
                        account_id: ACCOUNTS[account].into(),
                        id: pick(&self.groups, account, group),
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

fn check(state: &State) -> Result<(), TestCaseError> {
    crate::props::check_own_addresses(&state.instances, &state.own)?;
    let live_groups: HashSet<(&str, &str)> = state
        .groups
        .iter()
        .map(|g| (g.account_id.as_str(), g.id.as_str()))
        .collect();
    // 1 and 3: the ranges of each scope are apart; each subnet's range is held once.
    let mut scopes: Vec<&[Lease]> = state.subnets.iter().map(|(_, l)| l.as_slice()).collect();
    scopes.push(&state.zone_leases);
    for leases in scopes {
        for (n, a) in leases.iter().enumerate() {
            for b in &leases[..n] {
                if a.scope == b.scope && ipam::overlaps(&a.net, &b.net) {
                    return Err(fail(format!("{a:?} overlaps {b:?}")));
                }
            }
        }
    }
    for (s, _) in &state.subnets {
        let held: Vec<&Lease> = state
            .zone_leases
            .iter()
            .filter(|l| l.holder == s.holder())
            .collect();
        prop_assert_eq!(held.len(), 1, "subnet {} range held {:?}", &s.id, held);
        prop_assert_eq!(held[0].net, s.cidr);
    }
    prop_assert_eq!(state.zone_leases.len(), state.subnets.len());
    // 2: instance addresses and subnet leases match one for one.
    for (s, leases) in &state.subnets {
        let members: Vec<&Instance> = state
            .instances
            .iter()
            .filter(|i| i.subnet_id.as_deref() == Some(s.id.as_str()))
            .collect();
        prop_assert_eq!(leases.len(), members.len(), "subnet {}", &s.id);
        for i in members {
            prop_assert_eq!(&i.account_id, &s.account_id);
            let held = leases
                .iter()
                .find(|l| l.holder.instance_id() == Some(i.id.as_str()))
                .ok_or_else(|| fail(format!("{} holds nothing in {}", i.id, s.id)))?;
            prop_assert_eq!(held.net.addr().to_string(), i.private_ip.clone());
            prop_assert!(s.cidr.contains(&held.net.addr()));
        }
    }
    for i in &state.instances {
        // 2: a subnet an instance is in is live (it cannot be deleted while used).
        if let Some(id) = &i.subnet_id {
            prop_assert!(
                state.subnets.iter().any(|(s, _)| &s.id == id),
                "{} in gone {}",
                i.id,
                id
            );
        }
        // 4: groups live and of its account, two at most.
        prop_assert!(i.security_group_ids.len() <= 2);
        for g in &i.security_group_ids {
            prop_assert!(
                live_groups.contains(&(i.account_id.as_str(), g.as_str())),
                "{} has gone or foreign group {}",
                i.id,
                g
            );
        }
    }
    Ok(())
}

async fn run_case(url: &str, cmds: &[Cmd]) -> Result<(), TestCaseError> {
    let mut sim = Sim {
        store: open(url, &ACCOUNTS, "10000").await?,
        catalog: Arc::new(Catalog::builtin()),
        subnets: Vec::new(),
        groups: Vec::new(),
        instances: Vec::new(),
    };
    for cmd in cmds {
        let before = sim.state().await?;
        let done = sim.run(cmd).await?;
        let after = sim.state().await?;
        if !done {
            prop_assert_eq!(&before, &after, "refused {:?} changed the store", cmd);
        }
        check(&after)?;
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

/// D-150 to D-158: the invariants hold after every command of random sequences, on each
/// store; a refused command changes nothing.
#[test]
fn subnets_groups_and_instances_keep_their_references() {
    check_properties(":memory:", CASES);
    if let Some(admin) = zenlocal_testkit::postgres_url() {
        let db = crate::backend::TestDb::postgres(&admin);
        check_properties(&db.url(), POSTGRES_CASES);
    }
}
