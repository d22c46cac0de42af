//! What the web console reads (D-193): the clock, pages of accounts and instances, and
//! one instance with what its timeline shows. Reads only; every page is one snapshot.

use super::global_now;
use crate::{Op, StoreError, Tx};
use zenlocal_core::account::{Account, LedgerEntry};
use zenlocal_core::model::{Instance, Order, ResourceRef};
use zenlocal_core::Timestamp;

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

/// A page of accounts, oldest first, and how many there are.
pub struct AccountsPage {
    pub limit: i64,
    pub offset: i64,
}

impl Op for AccountsPage {
    type Output = (i64, Vec<Account>);
    fn run<T: Tx>(self, tx: &mut T) -> Result<Self::Output, StoreError> {
        Ok((
            tx.account_count()?,
            tx.accounts_page(self.limit, self.offset)?,
        ))
    }
}

/// One account as its page shows it.
pub struct AccountOverview {
    pub account: Account,
    pub ledger: Vec<LedgerEntry>,
    pub instance_count: i64,
    pub instances: Vec<Instance>,
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
            account,
        }))
    }
}

/// One instance, of whichever account, with that account and the instance's order lines
/// oldest first; `None` when there is no such instance.
pub struct InstancePage(pub String);

impl Op for InstancePage {
    type Output = Option<(Instance, Account, Vec<Order>)>;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Self::Output, StoreError> {
        let Some(instance) = tx.instance(&self.0)? else {
            return Ok(None);
        };
        let account = tx.account(&instance.account_id)?.ok_or_else(|| {
            StoreError::internal(format!("instance {} has no account", instance.id))
        })?;
        let orders = tx.orders(None, Some(&ResourceRef::instance(&instance.id)))?;
        Ok(Some((instance, account, orders)))
    }
}
