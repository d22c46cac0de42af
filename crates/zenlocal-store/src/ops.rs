//! Commands and queries, each written once over [`Tx`]: the [`Op`] trait, what every
//! command shares (`now`, writing a rule's changes), and the ops that move time and apply
//! due events; the others by what they concern (`accounts`, `instances`, `plan`).

mod accounts;
pub mod faults;
pub mod images;
mod instances;
pub mod key_pairs;
mod plan;

pub use accounts::{
    Deposit, GetAccessKey, GetAccount, GetToken, Ledger, OpenAccount, Orders, ScheduleDeposit,
    SeedDemo,
};
pub use instances::{
    CreateInstances, Instances, OwnedInstance, PowerInstances, QuoteInputs, ReleaseInstances,
    StockTaken, TerminateInstance,
};
pub use plan::{CancelDowngrade, ModifyPlan};

use crate::{StoreError, Tx};
use std::sync::Arc;
use zenlocal_core::account;
use zenlocal_core::clock::{Advance, ClockRequest, ClockStart, ClockState};
use zenlocal_core::fault::{self, ServiceFaultKind};
use zenlocal_core::instance;
use zenlocal_core::model::{
    Changes, EventKind, Ids, ResourceType, ScheduledEvent, StockDelta, Timings,
};
use zenlocal_core::{Catalog, Timestamp};

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
    for released in &changes.released {
        match released.kind {
            ResourceType::Instance => tx.delete_instance(&released.id)?,
        }
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
                let (updated, entry) = account::scheduled_deposit(&current, *amount, due.due_at);
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
            // A renewal a fault makes short of funds (D-191).
            let fault = match kind {
                EventKind::CycleEnd { resource, .. } => {
                    tx.service_fault_for(ServiceFaultKind::RenewalFails, &resource.id)?
                }
                _ => None,
            };
            let account = match &fault {
                Some(_) => account.as_ref().map(fault::short_of_funds),
                None => account,
            };
            // The resource the event concerns, loaded by its type.
            let changes = match kind.resource() {
                Some(resource) => match resource.kind {
                    ResourceType::Instance => {
                        let instance = tx.instance(&resource.id)?;
                        instance::apply_event(
                            catalog,
                            kind,
                            instance,
                            account.as_ref(),
                            timings,
                            &mut RandomIds,
                            due.due_at,
                        )
                    }
                },
                None => Changes::default(),
            };
            // Used up by a cycle end that applied, not by a stale one.
            if let Some(fault) = fault.filter(|_| !changes.instances.is_empty()) {
                tx.delete_service_fault(&fault.id)?;
            }
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

/// Events not yet applied, in due order.
pub struct PendingEvents;

impl Op for PendingEvents {
    type Output = Vec<ScheduledEvent>;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Vec<ScheduledEvent>, StoreError> {
        tx.pending_events()
    }
}
