//! Accounts, their credentials, ledger and deposits, the demo account (D-30), and order
//! lines (D-29).

use super::instances::{CreateInstances, CreateVmInstances};
use super::{global_now, now, Op};
use crate::{StoreError, Tx};
use rust_decimal::Decimal;
use std::sync::Arc;
use zenlocal_core::account::{
    self, AccessKey, Account, AccountSpec, LedgerEntry, NewCredentials, OpenedAccount, Token,
};
use zenlocal_core::disk::AskedDisks;
use zenlocal_core::instance::CreateSpec;
use zenlocal_core::model::{EventKind, Order, ResourceRef, Timings};
use zenlocal_core::{codes, ApiError, Catalog, Timestamp};
use zenlocal_wire::Service;

fn account_not_found(id: &str) -> StoreError {
    StoreError::Api(ApiError::new(
        codes::RESOURCE_NOT_FOUND,
        format!("account `{id}` does not exist"),
    ))
}

pub(super) fn load_account<T: Tx>(tx: &mut T, id: &str) -> Result<Account, StoreError> {
    tx.account(id)?.ok_or_else(|| account_not_found(id))
}

fn write_opened<T: Tx>(tx: &mut T, opened: &OpenedAccount) -> Result<(), StoreError> {
    tx.insert_account(&opened.account)?;
    tx.insert_access_key(&opened.access_key)?;
    tx.insert_token(&opened.token)?;
    if let Some(entry) = &opened.opening {
        tx.insert_ledger(std::slice::from_ref(entry))?;
    }
    Ok(())
}

/// Creates an account with its access key, token and opening deposit, on a test clock
/// when one is named (D-181): then it opens at that clock's now.
pub struct OpenAccount {
    pub spec: AccountSpec,
    pub credentials: NewCredentials,
    pub clock_id: Option<String>,
}

impl Op for OpenAccount {
    type Output = OpenedAccount;
    fn run<T: Tx>(self, tx: &mut T) -> Result<OpenedAccount, StoreError> {
        let now = match &self.clock_id {
            Some(id) => super::clocks::load_test_clock(tx, id)?.now,
            None => global_now(tx)?,
        };
        let opened = account::open(self.spec, self.credentials, now);
        write_opened(tx, &opened)?;
        if let Some(id) = &self.clock_id {
            tx.set_account_clock(&opened.account.id, Some(id))?;
        }
        Ok(opened)
    }
}

/// Opens the demo account (D-30) when the store holds no account at all, and creates its
/// instances through the same rule as CreateInstances; answers whether it did. Exclusive,
/// so that replicas starting together seed once.
pub struct SeedDemo {
    pub spec: AccountSpec,
    pub credentials: NewCredentials,
    pub catalog: Arc<Catalog>,
    pub instances: Vec<CreateSpec>,
    pub timings: Timings,
}

impl Op for SeedDemo {
    type Output = Option<OpenedAccount>;
    const EXCLUSIVE: bool = true;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Option<OpenedAccount>, StoreError> {
        if tx.account_count()? > 0 {
            return Ok(None);
        }
        let opened = OpenAccount {
            spec: self.spec,
            credentials: self.credentials,
            clock_id: None,
        }
        .run(tx)?;
        for spec in self.instances {
            let vm = spec.service == Service::Vm;
            let create = CreateInstances {
                catalog: self.catalog.clone(),
                account_id: opened.account.id.clone(),
                spec,
                timings: self.timings,
            };
            if vm {
                // A vm has its system disk (D-160).
                CreateVmInstances {
                    create,
                    disks: AskedDisks::default(),
                }
                .run(tx)?;
            } else {
                create.run(tx)?;
            }
        }
        Ok(Some(opened))
    }
}

/// The account of the caller of an action: gone since it was authenticated, it is refused
/// as authentication is.
pub(super) fn caller_account<T: Tx>(tx: &mut T, id: &str) -> Result<Account, StoreError> {
    tx.account(id)?.ok_or_else(no_account)
}

/// The caller's account is gone (deleted since its credentials were checked).
pub(super) fn no_account() -> StoreError {
    StoreError::Api(ApiError::auth("the caller's account no longer exists"))
}

/// Order lines, oldest first (D-29).
pub struct Orders {
    pub account_id: Option<String>,
    pub resource: Option<ResourceRef>,
}

impl Op for Orders {
    type Output = Vec<Order>;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Vec<Order>, StoreError> {
        tx.orders(self.account_id.as_deref(), self.resource.as_ref())
    }
}

/// Credits an account now; answers the account after it (D-112).
pub struct Deposit {
    pub account_id: String,
    pub amount: Decimal,
}

impl Op for Deposit {
    type Output = Account;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Account, StoreError> {
        let now = now(tx, &self.account_id)?;
        let current = load_account(tx, &self.account_id)?;
        let (updated, entry) = account::deposit(&current, self.amount, now)?;
        tx.set_balance(&updated)?;
        tx.insert_ledger(&[entry])?;
        Ok(updated)
    }
}

/// Books a deposit for an instant after now; answers the event id.
pub struct ScheduleDeposit {
    pub account_id: String,
    pub amount: Decimal,
    pub at: Timestamp,
}

impl Op for ScheduleDeposit {
    type Output = i64;
    fn run<T: Tx>(self, tx: &mut T) -> Result<i64, StoreError> {
        let now = now(tx, &self.account_id)?;
        let amount = account::deposit_amount(self.amount)?;
        if self.at <= now {
            return Err(ApiError::invalid_parameter(format!(
                "`at` must be an instant after now ({now}), got {}",
                self.at
            ))
            .into());
        }
        load_account(tx, &self.account_id)?;
        tx.insert_event(
            self.at,
            &EventKind::Deposit {
                account_id: self.account_id,
                amount,
            },
        )
    }
}

#[derive(Clone)]
pub struct GetAccount(pub String);

impl Op for GetAccount {
    type Output = Option<Account>;
    const POINT_READ: Option<fn(&Self) -> Self> = Some(Self::clone);
    fn run<T: Tx>(self, tx: &mut T) -> Result<Option<Account>, StoreError> {
        tx.account(&self.0)
    }
}

#[derive(Clone)]
pub struct GetAccessKey(pub String);

impl Op for GetAccessKey {
    type Output = Option<AccessKey>;
    const POINT_READ: Option<fn(&Self) -> Self> = Some(Self::clone);
    fn run<T: Tx>(self, tx: &mut T) -> Result<Option<AccessKey>, StoreError> {
        tx.access_key(&self.0)
    }
}

#[derive(Clone)]
pub struct GetToken(pub String);

impl Op for GetToken {
    type Output = Option<Token>;
    const POINT_READ: Option<fn(&Self) -> Self> = Some(Self::clone);
    fn run<T: Tx>(self, tx: &mut T) -> Result<Option<Token>, StoreError> {
        tx.token(&self.0)
    }
}

/// An account's ledger, oldest first.
pub struct Ledger(pub String);

impl Op for Ledger {
    type Output = Vec<LedgerEntry>;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Vec<LedgerEntry>, StoreError> {
        tx.ledger(&self.0)
    }
}
