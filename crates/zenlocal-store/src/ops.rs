//! Commands and queries, each written once over [`Tx`].

use crate::{StoreError, Tx};
use rust_decimal::Decimal;
use std::sync::Arc;
use zenlocal_core::account::{
    self, AccessKey, Account, AccountSpec, LedgerEntry, NewCredentials, OpenedAccount, Token,
};
use zenlocal_core::clock::ClockState;
use zenlocal_core::event::{self, EventKind, ScheduledEvent};
use zenlocal_core::instance::{
    self, Changes, CreateSpec, Created, Ids, Instance, Power, ServiceName, Timings,
};
use zenlocal_core::order::Order;
use zenlocal_core::plan::{self, Asked, Target};
use zenlocal_core::{codes, ApiError, Catalog, Timestamp};

/// Identifiers drawn at random (D-4).
pub struct RandomIds;

impl Ids for RandomIds {
    fn instance_id(&mut self) -> String {
        zenlocal_wire::ids::instance_id()
    }

    fn order_number(&mut self) -> String {
        zenlocal_wire::ids::order_number()
    }
}

/// Writes everything a rule decided, in one go.
pub fn write_changes<T: Tx>(tx: &mut T, changes: &Changes) -> Result<(), StoreError> {
    for a in &changes.accounts {
        tx.set_balance(a)?;
    }
    for e in &changes.ledger {
        tx.insert_ledger(e)?;
    }
    for i in &changes.instances {
        tx.put_instance(i)?;
    }
    for id in &changes.released {
        tx.delete_instance(id)?;
    }
    for o in &changes.orders {
        tx.put_order(o)?;
    }
    for (due, kind) in &changes.events {
        tx.insert_event(*due, kind)?;
    }
    for d in &changes.stock {
        tx.add_stock_taken(d)?;
    }
    Ok(())
}

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

/// Opens the demo account (D-30) when the store holds no account at all, and creates its
/// instances through the same rule as CreateInstances; answers whether it did.
pub struct SeedDemo {
    pub spec: AccountSpec,
    pub credentials: NewCredentials,
    pub catalog: Arc<Catalog>,
    pub instances: Vec<CreateSpec>,
    pub timings: Timings,
    pub now: Timestamp,
}

impl Op for SeedDemo {
    type Output = Option<OpenedAccount>;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Option<OpenedAccount>, StoreError> {
        if tx.account_count()? > 0 {
            return Ok(None);
        }
        let opened = OpenAccount {
            spec: self.spec,
            credentials: self.credentials,
            now: self.now,
        }
        .run(tx)?;
        for spec in self.instances {
            CreateInstances {
                catalog: self.catalog.clone(),
                account_id: opened.account.id.clone(),
                spec,
                timings: self.timings,
                now: self.now,
            }
            .run(tx)?;
        }
        Ok(Some(opened))
    }
}

fn load_account_api<T: Tx>(tx: &mut T, id: &str) -> Result<Account, StoreError> {
    tx.account(id)?
        .ok_or_else(|| StoreError::Api(ApiError::auth("the caller's account no longer exists")))
}

/// CreateInstances (D-20, D-22).
pub struct CreateInstances {
    pub catalog: Arc<Catalog>,
    pub account_id: String,
    pub spec: CreateSpec,
    pub timings: Timings,
    pub now: Timestamp,
}

impl Op for CreateInstances {
    type Output = Created;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Created, StoreError> {
        let account = load_account_api(tx, &self.account_id)?;
        let offer_stock = match self.spec.service {
            ServiceName::Bmc => self
                .catalog
                .bmc_offer(&self.spec.zone_id, &self.spec.product),
            ServiceName::Vm => self
                .catalog
                .vm_offer(&self.spec.zone_id, &self.spec.product),
        }
        .map_or(0, |o| o.stock);
        let taken = tx.stock_taken(self.spec.service, &self.spec.zone_id, &self.spec.product)?;
        let (changes, created) = instance::create(
            &self.catalog,
            &account,
            &self.spec,
            offer_stock - taken,
            self.timings,
            &mut RandomIds,
            self.now,
        )?;
        write_changes(tx, &changes)?;
        Ok(created)
    }
}

/// The caller's instances of one service.
pub struct Instances {
    pub account_id: String,
    pub service: ServiceName,
}

impl Op for Instances {
    type Output = Vec<Instance>;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Vec<Instance>, StoreError> {
        tx.instances(&self.account_id, self.service)
    }
}

/// Loads the caller's instances of one service by id; any other is not found (D-6).
fn load_owned<T: Tx>(
    tx: &mut T,
    account_id: &str,
    service: ServiceName,
    ids: &[String],
) -> Result<Vec<Instance>, StoreError> {
    let mut found = Vec::with_capacity(ids.len());
    for id in ids {
        let instance = tx.instance(id)?.filter(|i| i.service == service);
        found.push(instance::owned(instance, account_id, id)?);
    }
    Ok(found)
}

/// StartInstances / StopInstances (D-20, D-21).
pub struct PowerInstances {
    pub account_id: String,
    pub service: ServiceName,
    pub ids: Vec<String>,
    pub action: Power,
    pub timings: Timings,
    pub now: Timestamp,
}

impl Op for PowerInstances {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        let ids = instance::batch_ids(&self.ids)?;
        let instances = load_owned(tx, &self.account_id, self.service, &ids)?;
        let changes = instance::power(instances, self.action, self.timings, self.now)?;
        write_changes(tx, &changes)
    }
}

/// TerminateInstance (D-25).
pub struct TerminateInstance {
    pub catalog: Arc<Catalog>,
    pub account_id: String,
    pub service: ServiceName,
    pub id: String,
    pub timings: Timings,
    pub now: Timestamp,
}

impl Op for TerminateInstance {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        let mut found = load_owned(
            tx,
            &self.account_id,
            self.service,
            std::slice::from_ref(&self.id),
        )?;
        let account = load_account_api(tx, &self.account_id)?;
        let instance = found.remove(0);
        let changes =
            instance::terminate(&self.catalog, instance, &account, self.timings, self.now)?;
        write_changes(tx, &changes)
    }
}

/// ReleaseInstances (D-21, D-25).
pub struct ReleaseInstances {
    pub account_id: String,
    pub service: ServiceName,
    pub ids: Vec<String>,
}

impl Op for ReleaseInstances {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        let ids = instance::batch_ids(&self.ids)?;
        let instances = load_owned(tx, &self.account_id, self.service, &ids)?;
        let changes = instance::release(instances)?;
        write_changes(tx, &changes)
    }
}

/// One of the caller's instances of a service; any other is not found (D-6).
pub struct OwnedInstance {
    pub account_id: String,
    pub service: ServiceName,
    pub id: String,
}

impl Op for OwnedInstance {
    type Output = Instance;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Instance, StoreError> {
        let mut found = load_owned(
            tx,
            &self.account_id,
            self.service,
            std::slice::from_ref(&self.id),
        )?;
        Ok(found.remove(0))
    }
}

/// The Modify actions (D-11 to D-15); answers the order number, `None` for an equal
/// target (D-14).
pub struct ModifyPlan {
    pub catalog: Arc<Catalog>,
    pub account_id: String,
    pub asked: Asked,
    pub instance_id: String,
    pub target: Target,
    pub timings: Timings,
    pub now: Timestamp,
}

impl Op for ModifyPlan {
    type Output = Option<String>;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Option<String>, StoreError> {
        let instance = OwnedInstance {
            account_id: self.account_id.clone(),
            service: self.asked.service,
            id: self.instance_id,
        }
        .run(tx)?;
        let account = load_account_api(tx, &self.account_id)?;
        let (changes, order_number) = plan::modify(
            &self.catalog,
            instance,
            &account,
            self.asked,
            self.target,
            self.timings,
            &mut RandomIds,
            self.now,
        )?;
        write_changes(tx, &changes)?;
        Ok(order_number)
    }
}

/// The Cancel…Downgrade actions (D-15, D-18).
pub struct CancelDowngrade {
    pub account_id: String,
    pub asked: Asked,
    pub instance_id: String,
    pub now: Timestamp,
}

impl Op for CancelDowngrade {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        let instance = OwnedInstance {
            account_id: self.account_id,
            service: self.asked.service,
            id: self.instance_id,
        }
        .run(tx)?;
        let changes = plan::cancel(instance, self.asked, self.now)?;
        write_changes(tx, &changes)
    }
}

/// Order lines, oldest first (D-29).
pub struct Orders {
    pub account_id: Option<String>,
    pub instance_id: Option<String>,
}

impl Op for Orders {
    type Output = Vec<Order>;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Vec<Order>, StoreError> {
        tx.orders(self.account_id.as_deref(), self.instance_id.as_deref())
    }
}

/// Stock taken per offer: (service, zone, product, taken).
pub struct StockTaken;

impl Op for StockTaken {
    type Output = Vec<(ServiceName, String, String, i64)>;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Self::Output, StoreError> {
        tx.all_stock_taken()
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

/// Applies the events due at or before `upto` in due order (ties by id), each at its own
/// due time, up to `limit` of them in one transaction, and removes them; events that
/// applying schedules within the range are applied too. Answers those applied, in order:
/// fewer than `limit` means nothing due is left.
pub struct ApplyDue {
    pub upto: Timestamp,
    pub limit: usize,
    pub catalog: Arc<Catalog>,
    pub timings: Timings,
}

impl Op for ApplyDue {
    type Output = Vec<ScheduledEvent>;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Vec<ScheduledEvent>, StoreError> {
        tx.lock_scheduler()?;
        let mut applied = Vec::new();
        while applied.len() < self.limit {
            let Some(due) = tx.next_due_event(self.upto)? else {
                break;
            };
            apply_one(tx, &due, &self.catalog, self.timings)?;
            tx.delete_event(due.id)?;
            applied.push(due);
        }
        Ok(applied)
    }
}

fn apply_one<T: Tx>(
    tx: &mut T,
    due: &ScheduledEvent,
    catalog: &Catalog,
    timings: Timings,
) -> Result<(), StoreError> {
    match &due.kind {
        EventKind::Deposit { account_id, amount } => {
            // An account removed since the booking leaves nothing to credit.
            if let Some(current) = tx.account(account_id)? {
                let (updated, entry) = event::apply_deposit(&current, *amount, due.due_at);
                tx.set_balance(&updated)?;
                tx.insert_ledger(&entry)?;
            }
            Ok(())
        }
        kind => {
            let instance = match kind.instance_id() {
                Some(id) => tx.instance(id)?,
                None => None,
            };
            let account = tx.account(kind.account_id())?;
            let changes = instance::apply_event(
                catalog,
                kind,
                instance,
                account.as_ref(),
                timings,
                &mut RandomIds,
                due.due_at,
            );
            write_changes(tx, &changes)
        }
    }
}

pub struct LoadClock;

impl Op for LoadClock {
    type Output = Option<ClockState>;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Option<ClockState>, StoreError> {
        tx.clock()
    }
}

/// Moves the stored clock forward to `target` (never back, however many replicas advance
/// at once); answers the clock as stored.
pub struct AdvanceClock {
    pub target: Timestamp,
    /// The real wall clock, which `System` mode adds its offset to.
    pub real: Timestamp,
}

impl Op for AdvanceClock {
    type Output = ClockState;
    fn run<T: Tx>(self, tx: &mut T) -> Result<ClockState, StoreError> {
        let current = tx
            .clock()?
            .ok_or_else(|| StoreError::internal("the clock was never stored"))?;
        if current.now(self.real) >= self.target {
            return Ok(current);
        }
        let next = current.advanced_to(self.real, self.target)?;
        tx.set_clock(&next)?;
        Ok(next)
    }
}

pub struct SaveClock(pub ClockState);

impl Op for SaveClock {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        tx.set_clock(&self.0)
    }
}

/// Empties the store, keeping the clock unless `clock` starts it over (D-103).
pub struct Reset {
    pub clock: Option<ClockState>,
}

impl Op for Reset {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        tx.clear()?;
        match &self.clock {
            Some(clock) => tx.set_clock(clock),
            None => Ok(()),
        }
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
