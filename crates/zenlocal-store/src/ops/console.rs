//! What the web console reads (D-193): the clock, pages of accounts, instances, orders
//! and ledger entries, one instance with what its timeline shows, an account's networks
//! and disks, and the test clocks. Reads only; every page is one snapshot.

use super::global_now;
use crate::tx::OrderFilter;
use crate::{Op, StoreError, Tx};
use zenlocal_core::account::{Account, LedgerEntry};
use zenlocal_core::clock::TestClock;
use zenlocal_core::model::{Disk, Instance, IpBlock, Order, ResourceRef};
use zenlocal_core::security_group::SecurityGroup;
use zenlocal_core::subnet::Subnet;
use zenlocal_core::vpc::Vpc;
use zenlocal_core::Timestamp;
use zenlocal_wire::Service;

/// `now` as a command reads it, and when the earliest event not yet applied is due.
pub struct ClockView;

impl Op for ClockView {
    type Output = (Timestamp, Option<Timestamp>);
    fn run<T: Tx>(self, tx: &mut T) -> Result<Self::Output, StoreError> {
        let now = global_now(tx)?;
        let next = tx.clock_and_next_due()?.and_then(|(_, due)| due);
        Ok((now, next))
    }
}

/// A page of accounts, oldest first, each with its test clock (`None` on the global
/// clock), and how many there are.
pub struct AccountsPage {
    pub limit: i64,
    pub offset: i64,
}

impl Op for AccountsPage {
    type Output = (i64, Vec<(Account, Option<TestClock>)>);
    fn run<T: Tx>(self, tx: &mut T) -> Result<Self::Output, StoreError> {
        let total = tx.account_count()?;
        let mut accounts = Vec::new();
        for a in tx.accounts_page(self.limit, self.offset)? {
            let clock = tx.account_test_clock(&a.id)?.map(|(c, _)| c);
            accounts.push((a, clock));
        }
        Ok((total, accounts))
    }
}

/// One account as its page shows it.
pub struct AccountOverview {
    pub account: Account,
    pub ledger: Vec<LedgerEntry>,
    pub instance_count: i64,
    pub instances: Vec<Instance>,
    /// Its test clock and when that clock's next event is due; `None` on the global clock.
    pub clock: Option<(TestClock, Option<Timestamp>)>,
}

/// An account, its ledger and a page of its instances; `None` when there is no such account.
pub struct AccountPage {
    pub account_id: String,
    pub limit: i64,
    pub offset: i64,
}

impl Op for AccountPage {
    type Output = Option<AccountOverview>;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Self::Output, StoreError> {
        let Some(account) = tx.account(&self.account_id)? else {
            return Ok(None);
        };
        Ok(Some(AccountOverview {
            ledger: tx.ledger(&account.id)?,
            instance_count: tx.instance_count(&account.id)?,
            instances: tx.instances_page(&account.id, self.limit, self.offset)?,
            clock: tx.account_test_clock(&account.id)?,
            account,
        }))
    }
}

/// One instance as its page shows it.
pub struct InstanceOverview {
    pub instance: Instance,
    pub account: Account,
    /// Its order lines, oldest first.
    pub orders: Vec<Order>,
    /// The account's test clock; `None` on the global clock.
    pub clock: Option<TestClock>,
}

/// One instance, of whichever account, with that account, its clock and the instance's
/// order lines; `None` when there is no such instance.
pub struct InstancePage(pub String);

impl Op for InstancePage {
    type Output = Option<InstanceOverview>;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Self::Output, StoreError> {
        let Some(instance) = tx.instance(&self.0)? else {
            return Ok(None);
        };
        let account = tx.account(&instance.account_id)?.ok_or_else(|| {
            StoreError::internal(format!("instance {} has no account", instance.id))
        })?;
        let orders = tx.orders(None, Some(&ResourceRef::instance(&instance.id)))?;
        let clock = tx.account_test_clock(&account.id)?.map(|(c, _)| c);
        Ok(Some(InstanceOverview {
            instance,
            account,
            orders,
            clock,
        }))
    }
}

/// A page of the order lines a filter selects, oldest first, and how many it selects.
pub struct OrdersPage {
    pub filter: OrderFilter,
    pub limit: i64,
    pub offset: i64,
}

impl Op for OrdersPage {
    type Output = (i64, Vec<Order>);
    fn run<T: Tx>(self, tx: &mut T) -> Result<Self::Output, StoreError> {
        Ok((
            tx.order_count(&self.filter)?,
            tx.orders_page(&self.filter, self.limit, self.offset)?,
        ))
    }
}

/// A page of an account's ledger entries of one kind (or all), oldest first, and how many
/// there are.
pub struct LedgerPage {
    pub account_id: String,
    pub kind: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

impl Op for LedgerPage {
    type Output = (i64, Vec<LedgerEntry>);
    fn run<T: Tx>(self, tx: &mut T) -> Result<Self::Output, StoreError> {
        let kind = self.kind.as_deref();
        Ok((
            tx.ledger_count(&self.account_id, kind)?,
            tx.ledger_page(&self.account_id, kind, self.limit, self.offset)?,
        ))
    }
}

/// An account's networks: bmc elastic IPs and IP blocks, vm subnets and security groups.
pub struct Networks {
    pub account: Account,
    pub ip_blocks: Vec<IpBlock>,
    /// bmc's VPCs, then vm's.
    pub vpcs: Vec<Vpc>,
    /// bmc's subnets, then vm's.
    pub subnets: Vec<Subnet>,
    pub security_groups: Vec<SecurityGroup>,
}

/// An account with its networks; `None` when there is no such account.
pub struct NetworksPage(pub String);

impl Op for NetworksPage {
    type Output = Option<Networks>;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Self::Output, StoreError> {
        let Some(account) = tx.account(&self.0)? else {
            return Ok(None);
        };
        Ok(Some(Networks {
            ip_blocks: tx.ip_blocks(&account.id)?,
            vpcs: [Service::Bmc, Service::Vm]
                .into_iter()
                .map(|service| tx.vpcs(&account.id, service))
                .collect::<Result<Vec<_>, _>>()?
                .concat(),
            subnets: [Service::Bmc, Service::Vm]
                .into_iter()
                .map(|service| tx.subnets(&account.id, service))
                .collect::<Result<Vec<_>, _>>()?
                .concat(),
            security_groups: tx.security_groups(&account.id)?,
            account,
        }))
    }
}

/// An account with its disks; `None` when there is no such account.
pub struct DisksPage(pub String);

impl Op for DisksPage {
    type Output = Option<(Account, Vec<Disk>)>;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Self::Output, StoreError> {
        let Some(account) = tx.account(&self.0)? else {
            return Ok(None);
        };
        let disks = tx.disks(&account.id)?;
        Ok(Some((account, disks)))
    }
}

/// A test clock as its page shows it: the clock, the ids of its accounts and when its
/// earliest event not yet applied is due.
pub struct ClockOverview {
    pub clock: TestClock,
    pub accounts: Vec<String>,
    pub next_due: Option<Timestamp>,
}

/// Every test clock, oldest first.
pub struct ClocksPage;

impl Op for ClocksPage {
    type Output = Vec<ClockOverview>;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Self::Output, StoreError> {
        tx.test_clocks()?
            .into_iter()
            .map(|clock| {
                Ok(ClockOverview {
                    accounts: tx.clock_accounts(&clock.id)?,
                    next_due: tx.clock_next_due(&clock.id)?,
                    clock,
                })
            })
            .collect()
    }
}
