//! Commands and queries, each written once over [`Tx`].

use crate::{StoreError, Tx};
use rust_decimal::Decimal;
use zenlocal_core::account::{
    self, AccessKey, Account, AccountSpec, LedgerEntry, NewCredentials, OpenedAccount, Token,
};
use zenlocal_core::clock::ClockState;
use zenlocal_core::event::{self, EventKind, ScheduledEvent};
use zenlocal_core::{codes, ApiError, Timestamp};

/// One unit of work inside a transaction (a savepoint when commits are grouped).
pub trait Op: Send + 'static {
    type Output: Send + 'static;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Self::Output, StoreError>;
}

fn account_not_found(id: &str) -> StoreError {
    StoreError::Api(ApiError::new(
        codes::RESOURCE_NOT_FOUND,
        format!("account `{id}` does not exist"),
    ))
}

fn load_account<T: Tx>(tx: &mut T, id: &str) -> Result<Account, StoreError> {
    tx.account(id)?.ok_or_else(|| account_not_found(id))
}

fn write_opened<T: Tx>(tx: &mut T, opened: &OpenedAccount) -> Result<(), StoreError> {
    tx.insert_account(&opened.account)?;
    tx.insert_access_key(&opened.access_key)?;
    tx.insert_token(&opened.token)?;
    if let Some(entry) = &opened.opening {
        tx.insert_ledger(entry)?;
    }
    Ok(())
}

/// Creates an account with its access key, token and opening deposit.
pub struct OpenAccount {
    pub spec: AccountSpec,
    pub credentials: NewCredentials,
    pub now: Timestamp,
}

impl Op for OpenAccount {
    type Output = OpenedAccount;
    fn run<T: Tx>(self, tx: &mut T) -> Result<OpenedAccount, StoreError> {
        let opened = account::open(self.spec, self.credentials, self.now);
        write_opened(tx, &opened)?;
        Ok(opened)
    }
}

/// Opens the demo account (D-30) when the store holds no account at all; answers whether
/// it did.
pub struct SeedDemo {
    pub spec: AccountSpec,
    pub credentials: NewCredentials,
    pub now: Timestamp,
}

impl Op for SeedDemo {
    type Output = Option<OpenedAccount>;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Option<OpenedAccount>, StoreError> {
        if tx.account_count()? > 0 {
            return Ok(None);
        }
        OpenAccount {
            spec: self.spec,
            credentials: self.credentials,
            now: self.now,
        }
        .run(tx)
        .map(Some)
    }
}

/// Credits an account now; answers the account after it.
pub struct Deposit {
    pub account_id: String,
    pub amount: Decimal,
    pub now: Timestamp,
}

impl Op for Deposit {
    type Output = Account;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Account, StoreError> {
        let amount = account::deposit_amount(self.amount)?;
        let current = load_account(tx, &self.account_id)?;
        let (updated, entry) = account::post(
            &current,
            account::TransactionType::Recharge,
            amount,
            None,
            "deposit",
            self.now,
        );
        tx.set_balance(&updated)?;
        tx.insert_ledger(&entry)?;
        Ok(updated)
    }
}

/// Books a deposit for a later instant; answers the event id.
pub struct ScheduleDeposit {
    pub account_id: String,
    pub amount: Decimal,
    pub at: Timestamp,
}

impl Op for ScheduleDeposit {
    type Output = i64;
    fn run<T: Tx>(self, tx: &mut T) -> Result<i64, StoreError> {
        let amount = account::deposit_amount(self.amount)?;
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

/// Applies the earliest event due at or before `upto`, at its own due time, and removes
/// it; answers the event, or `None` when nothing is due.
pub struct ApplyNextDue {
    pub upto: Timestamp,
}

impl Op for ApplyNextDue {
    type Output = Option<ScheduledEvent>;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Option<ScheduledEvent>, StoreError> {
        let Some(due) = tx.next_due_event(self.upto)? else {
            return Ok(None);
        };
        match &due.kind {
            EventKind::Deposit { account_id, amount } => {
                // An account removed since the booking leaves nothing to credit.
                if let Some(current) = tx.account(account_id)? {
                    let (updated, entry) = event::apply_deposit(&current, *amount, due.due_at);
                    tx.set_balance(&updated)?;
                    tx.insert_ledger(&entry)?;
                }
            }
        }
        tx.delete_event(due.id)?;
        Ok(Some(due))
    }
}

pub struct LoadClock;

impl Op for LoadClock {
    type Output = Option<ClockState>;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Option<ClockState>, StoreError> {
        tx.clock()
    }
}

pub struct SaveClock(pub ClockState);

impl Op for SaveClock {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        tx.set_clock(&self.0)
    }
}

/// Empties the store, keeping the clock.
pub struct Reset;

impl Op for Reset {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        tx.clear()
    }
}

pub struct GetAccount(pub String);

impl Op for GetAccount {
    type Output = Option<Account>;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Option<Account>, StoreError> {
        tx.account(&self.0)
    }
}

pub struct GetAccessKey(pub String);

impl Op for GetAccessKey {
    type Output = Option<AccessKey>;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Option<AccessKey>, StoreError> {
        tx.access_key(&self.0)
    }
}

pub struct GetToken(pub String);

impl Op for GetToken {
    type Output = Option<Token>;
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

/// Events not yet applied, in due order.
pub struct PendingEvents;

impl Op for PendingEvents {
    type Output = Vec<ScheduledEvent>;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Vec<ScheduledEvent>, StoreError> {
        tx.pending_events()
    }
}
