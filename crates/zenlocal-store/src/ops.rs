//! Commands and queries, each written once over [`Tx`].

pub mod images;
pub mod key_pairs;

use crate::{StoreError, Tx};
use rust_decimal::Decimal;
use std::sync::Arc;
use zenlocal_core::account::{
    self, AccessKey, Account, AccountSpec, LedgerEntry, NewCredentials, OpenedAccount, Token,
};
use zenlocal_core::clock::{Advance, ClockRequest, ClockStart, ClockState};
use zenlocal_core::event::{self, EventKind, ScheduledEvent};
use zenlocal_core::instance::{
    self, Changes, CreateSpec, Created, Ids, Instance, Power, Service, StockDelta, Timings,
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

/// Writes everything a rule decided, in one go; stock rows last and in ascending order,
/// as the lock order asks (D-110).
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
    let mut stock: Vec<&StockDelta> = changes.stock.iter().collect();
    stock.sort_by(|a, b| {
        (a.service.name(), &a.zone_id, &a.product).cmp(&(b.service.name(), &b.zone_id, &b.product))
    });
    for d in stock {
        tx.add_stock_taken(d)?;
    }
    Ok(())
}

/// One unit of work inside a transaction (a savepoint when commits are grouped).
pub trait Op: Send + 'static {
    type Output: Send + 'static;
    /// Whether the op moves time or changes the store as a whole: it then holds the clock
    /// exclusively, and runs while no other write does (D-110).
    const EXCLUSIVE: bool = false;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Self::Output, StoreError>;
}

/// Runs `op` as a write: the clock is held first, as the lock order asks (D-110).
pub(crate) fn run_write<O: Op, T: Tx>(op: O, tx: &mut T) -> Result<O::Output, StoreError> {
    tx.hold_clock(O::EXCLUSIVE)?;
    op.run(tx)
}

fn never_stored() -> StoreError {
    StoreError::internal("the clock was never stored")
}

fn stored_clock<T: Tx>(tx: &mut T) -> Result<ClockState, StoreError> {
    tx.clock()?.ok_or_else(never_stored)
}

/// `now` for a command (D-28, D-110): the stored clock, read inside the command's
/// transaction while the clock is held, and never past an event not yet applied (the
/// scheduler of a running clock applies them a moment late). So every change is dated
/// at or after each event applied before it, and at or before each applied after it.
pub fn now<T: Tx>(tx: &mut T) -> Result<Timestamp, StoreError> {
    let (clock, next_due) = tx.clock_and_next_due()?.ok_or_else(never_stored)?;
    let now = clock.now(crate::real_now());
    Ok(next_due.map_or(now, |due| now.min(due)))
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
}

impl Op for OpenAccount {
    type Output = OpenedAccount;
    fn run<T: Tx>(self, tx: &mut T) -> Result<OpenedAccount, StoreError> {
        let opened = account::open(self.spec, self.credentials, now(tx)?);
        write_opened(tx, &opened)?;
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
        }
        .run(tx)?;
        for spec in self.instances {
            CreateInstances {
                catalog: self.catalog.clone(),
                account_id: opened.account.id.clone(),
                spec,
                timings: self.timings,
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
}

impl Op for CreateInstances {
    type Output = Created;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Created, StoreError> {
        let now = now(tx)?;
        let account = load_account_api(tx, &self.account_id)?;
        let offer_stock = self
            .catalog
            .offer(self.spec.service, &self.spec.zone_id, &self.spec.product)
            .map_or(0, |o| o.stock);
        // What a vm instance installs, in this transaction (D-172, D-176).
        if self.spec.service == Service::Vm {
            images::check_vm_create(tx, &self.catalog, &account.id, &self.spec)?;
        }
        let taken = tx.stock_taken(self.spec.service, &self.spec.zone_id, &self.spec.product)?;
        let (changes, created) = instance::create(
            &self.catalog,
            &account,
            &self.spec,
            offer_stock - taken,
            self.timings,
            &mut RandomIds,
            now,
        )?;
        write_changes(tx, &changes)?;
        Ok(created)
    }
}

/// The caller's instances of one service.
pub struct Instances {
    pub account_id: String,
    pub service: Service,
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
    service: Service,
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
    pub service: Service,
    pub ids: Vec<String>,
    pub action: Power,
    pub timings: Timings,
}

impl Op for PowerInstances {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        let now = now(tx)?;
        let ids = instance::batch_ids(&self.ids)?;
        let instances = load_owned(tx, &self.account_id, self.service, &ids)?;
        let changes = instance::power(instances, self.action, self.timings, now)?;
        write_changes(tx, &changes)
    }
}

/// TerminateInstance (D-25).
pub struct TerminateInstance {
    pub catalog: Arc<Catalog>,
    pub account_id: String,
    pub service: Service,
    pub id: String,
    pub timings: Timings,
}

impl Op for TerminateInstance {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        let now = now(tx)?;
        // The account before the instance: the lock order (D-110).
        let account = load_account_api(tx, &self.account_id)?;
        let mut found = load_owned(
            tx,
            &self.account_id,
            self.service,
            std::slice::from_ref(&self.id),
        )?;
        let instance = found.remove(0);
        let changes = instance::terminate(&self.catalog, instance, &account, self.timings, now)?;
        write_changes(tx, &changes)
    }
}

/// ReleaseInstances (D-21, D-25).
pub struct ReleaseInstances {
    pub account_id: String,
    pub service: Service,
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
    pub service: Service,
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

/// What an InquiryPrice prices from, read from one snapshot with no clock held and no row
/// locked: `now` as a command would read it, the caller's instance and account (D-19).
pub struct QuoteInputs {
    pub account_id: String,
    pub service: Service,
    pub instance_id: String,
}

impl Op for QuoteInputs {
    type Output = (Timestamp, Instance, Account);
    fn run<T: Tx>(self, tx: &mut T) -> Result<Self::Output, StoreError> {
        let now = now(tx)?;
        let instance = OwnedInstance {
            account_id: self.account_id.clone(),
            service: self.service,
            id: self.instance_id,
        }
        .run(tx)?;
        let account = load_account_api(tx, &self.account_id)?;
        Ok((now, instance, account))
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
}

impl Op for ModifyPlan {
    type Output = Option<String>;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Option<String>, StoreError> {
        let now = now(tx)?;
        // The account before the instance: the lock order (D-110).
        let account = load_account_api(tx, &self.account_id)?;
        let instance = OwnedInstance {
            account_id: self.account_id.clone(),
            service: self.asked.service,
            id: self.instance_id,
        }
        .run(tx)?;
        let (changes, order_number) = plan::modify(
            &self.catalog,
            instance,
            &account,
            self.asked,
            self.target,
            self.timings,
            &mut RandomIds,
            now,
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
}

impl Op for CancelDowngrade {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        let now = now(tx)?;
        let instance = OwnedInstance {
            account_id: self.account_id,
            service: self.asked.service,
            id: self.instance_id,
        }
        .run(tx)?;
        let changes = plan::cancel(instance, self.asked, now)?;
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
    type Output = Vec<(Service, String, String, i64)>;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Self::Output, StoreError> {
        tx.all_stock_taken()
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
        let now = now(tx)?;
        let current = load_account(tx, &self.account_id)?;
        let (updated, entry) = account::deposit(&current, self.amount, now)?;
        tx.set_balance(&updated)?;
        tx.insert_ledger(&entry)?;
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
        let now = now(tx)?;
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

/// How far applying due events goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Until {
    /// What is due by the stored now: the scheduler's pass.
    Now,
    /// An advance asked for (D-28): checked against the stored now, which then moves to
    /// its target.
    Advance(Advance),
    /// On towards a target an earlier pass worked out (see [`Applied::target`]).
    Target(Timestamp),
}

/// What one pass of [`ApplyDue`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// The events applied, in order.
    pub events: Vec<ScheduledEvent>,
    /// The clock as committed with them.
    pub clock: ClockState,
    /// `now` as committed.
    pub now: Timestamp,
    /// Where the pass was going; `Until::Target` carries on from there.
    pub target: Timestamp,
    /// Nothing due by the target is left, and the clock has reached it.
    pub done: bool,
}

/// Applies the events due by the target in due order (ties by id), each at its own due
/// time, up to `limit` of them in one transaction, and removes them; events that applying
/// schedules within the range are applied too. The stored clock moves with them, in the
/// same transaction: to the target once nothing due by it is left, else to the last event
/// applied, so no command is ever dated before an event already applied (D-28, D-110).
pub struct ApplyDue {
    pub until: Until,
    pub limit: usize,
    pub catalog: Arc<Catalog>,
    pub timings: Timings,
}

impl Op for ApplyDue {
    type Output = Applied;
    const EXCLUSIVE: bool = true;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Applied, StoreError> {
        let clock = stored_clock(tx)?;
        let real = crate::real_now();
        let now = clock.now(real);
        let target = match self.until {
            Until::Now => now,
            Until::Advance(advance) => advance.target(now)?,
            Until::Target(target) => target,
        };
        let mut events = Vec::new();
        while events.len() < self.limit {
            let Some(due) = tx.next_due_event(target)? else {
                break;
            };
            apply_one(tx, &due, &self.catalog, self.timings)?;
            tx.delete_event(due.id)?;
            events.push(due);
        }
        let done = events.len() < self.limit;
        let reached = match events.last() {
            Some(last) if !done => last.due_at,
            _ => target,
        };
        let clock = if reached > now {
            let moved = clock.advanced_to(real, reached)?;
            tx.set_clock(&moved)?;
            moved
        } else {
            clock
        };
        Ok(Applied {
            events,
            now: clock.now(real),
            clock,
            target,
            done,
        })
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
        EventKind::ImageReady {
            image_id,
            instance_id,
            ..
        } => images::apply_ready(tx, image_id, instance_id),
        kind => {
            let account = tx.account(kind.account_id())?;
            let instance = match kind.instance_id() {
                Some(id) => tx.instance(id)?,
                None => None,
            };
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

/// Whether an event is due by the stored now: one read, no lock, so that a scheduler
/// with nothing to do never holds the clock exclusively.
pub struct AnythingDue;

impl Op for AnythingDue {
    type Output = bool;
    fn run<T: Tx>(self, tx: &mut T) -> Result<bool, StoreError> {
        Ok(tx.clock_and_next_due()?.is_some_and(|(clock, next_due)| {
            next_due.is_some_and(|due| due <= clock.now(crate::real_now()))
        }))
    }
}

/// The stored clock, if it was ever stored.
pub struct LoadClock;

impl Op for LoadClock {
    type Output = Option<ClockState>;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Option<ClockState>, StoreError> {
        tx.clock()
    }
}

/// The clock at start (D-28): what `--clock` asks for, resumed from the stored clock and
/// never earlier, however many replicas start at once; answers the clock as stored and
/// why it is what it is (D-103).
pub struct StartClock(pub ClockRequest);

impl Op for StartClock {
    type Output = ClockStart;
    const EXCLUSIVE: bool = true;
    fn run<T: Tx>(self, tx: &mut T) -> Result<ClockStart, StoreError> {
        let stored = tx.clock()?;
        let start = ClockState::start(self.0, stored, crate::real_now());
        if stored != Some(start.state) {
            tx.set_clock(&start.state)?;
        }
        Ok(start)
    }
}

/// Sets the stored clock outright, backwards too: for tests that replay a store from a
/// fixed instant.
pub struct SaveClock(pub ClockState);

impl Op for SaveClock {
    type Output = ();
    const EXCLUSIVE: bool = true;
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
    const EXCLUSIVE: bool = true;
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
