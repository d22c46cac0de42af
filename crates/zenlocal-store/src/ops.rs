//! Commands and queries, each written once over [`Tx`]: the [`Op`] trait, what every
//! command shares (`now`, writing a rule's changes), and the ops that move time and apply
//! due events; the others by what they concern (`accounts`, `instances`, `plan`,
//! `traffic`, `bills`, `disks`).

mod accounts;
pub mod addresses;
mod bills;
mod clocks;
pub mod console;
pub mod disks;
pub mod faults;
pub mod fixtures;
pub mod images;
mod instances;
pub mod ip_blocks;
pub mod key_pairs;
mod operations;
mod plan;
pub mod security_groups;
pub mod subnets;
mod traffic;
pub mod vpcs;

pub use accounts::{
    Deposit, GetAccessKey, GetAccount, GetToken, Ledger, OpenAccount, Orders, ScheduleDeposit,
    SeedDemo,
};
pub use bills::{BookInputs, Books};
pub use clocks::{
    AccountNow, AdvanceTestClock, ClockPass, CreateTestClock, DeleteTestClock, MoveAccount,
    TestClocks, Towards,
};
pub use instances::{
    CreateInstances, CreateVmInstances, Instances, OwnedInstance, PowerInstances, QuoteInputs,
    ReleaseInstances, StockTaken, TerminateInstance,
};
pub use operations::{
    ConsoleUrl, CreateResourceGroup, RebootInstances, RegroupInstances, ReinstallInstance,
    RenameInstances, RenewInstance, ResetInstancesPassword, ResetIpmiPassword, ResourceGroups,
};
pub use plan::{CancelDowngrade, ModifyPlan};
pub use traffic::{HealthInputs, Monitored, MonitoringInputs, RecordTraffic};

use crate::sql::latest_by;
use crate::tx::AccountClock;
use crate::{StoreError, Tx};
use std::collections::HashMap;
use std::sync::Arc;
use zenlocal_core::account::{self, Account};
use zenlocal_core::clock::{Advance, ClockRequest, ClockStart, ClockState};
use zenlocal_core::fault::{self, ServiceFault, ServiceFaultKind};
use zenlocal_core::ipam::Scope;
use zenlocal_core::ipblock;
use zenlocal_core::model::{
    Changes, EventKind, Ids, Instance, InstanceStatus, ResourceType, ScheduledEvent, StockDelta,
    Timings,
};
use zenlocal_core::{disk, instance};
use zenlocal_core::{Catalog, Timestamp};

/// Identifiers of the store (D-4): instance IDs and order numbers growing with time as
/// `node` numbers them (docs/decisions.md D-234), disk IDs drawn at random.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoreIds {
    pub node: u64,
}

impl Ids for StoreIds {
    fn instance_id(&mut self) -> String {
        zenlocal_wire::ids::instance_id(self.node)
    }

    fn order_number(&mut self) -> String {
        zenlocal_wire::ids::order_number(self.node)
    }

    fn disk_id(&mut self) -> String {
        zenlocal_wire::ids::disk_id()
    }
}

/// Writes everything a rule decided, in one go; stock rows last and in ascending order,
/// as the lock order asks (D-110).
pub fn write_changes<T: Tx>(tx: &mut T, changes: &Changes) -> Result<(), StoreError> {
    for a in latest_by(&changes.accounts.iter().collect::<Vec<_>>(), |a| {
        a.id.as_str()
    }) {
        tx.set_balance(a)?;
    }
    tx.insert_ledger(&changes.ledger)?;
    tx.put_instances(&changes.instances.iter().collect::<Vec<_>>())?;
    for i in &changes.instances {
        // An instance in the recycle bin has let go of its addresses (D-144, D-145).
        if i.status == InstanceStatus::Recycle {
            ip_blocks::detach_instance(tx, &i.id)?;
        }
    }
    for b in &changes.ip_blocks {
        tx.put_ip_block(b)?;
    }
    for d in &changes.disks {
        tx.put_disk(d)?;
    }
    for released in &changes.released {
        tx.delete_leases_of(released)?;
        match released.kind {
            ResourceType::Instance => {
                ip_blocks::detach_instance(tx, &released.id)?;
                tx.delete_instance(&released.id)?;
            }
            ResourceType::Eip | ResourceType::CidrBlock => {
                tx.delete_leases_in(&Scope::block(&released.id))?;
                tx.delete_ip_block(&released.id)?;
            }
            ResourceType::Disk => tx.delete_disk(&released.id)?,
            ResourceType::Subnet => tx.delete_subnet(&released.id)?,
            ResourceType::Vpc => tx.delete_vpc(&released.id)?,
        }
    }
    for lease in &changes.freed {
        tx.delete_lease(lease)?;
    }
    tx.insert_leases(&changes.leases)?;
    tx.put_orders(&changes.orders)?;
    tx.insert_events(&changes.events)?;
    let mut stock: Vec<&StockDelta> = changes.stock.iter().collect();
    stock.sort_by(|a, b| {
        (a.service.name(), &a.zone_id, &a.product).cmp(&(b.service.name(), &b.zone_id, &b.product))
    });
    for d in stock {
        tx.add_stock_taken(d)?;
    }
    for t in &changes.traffic {
        tx.insert_traffic(t)?;
    }
    Ok(())
}

/// One unit of work inside a transaction (a savepoint when commits are grouped).
pub trait Op: Send + Sized + 'static {
    type Output: Send + 'static;
    /// Whether the op moves time or changes the store as a whole: it then holds the clock
    /// exclusively, and runs while no other write does (D-110).
    const EXCLUSIVE: bool = false;
    /// How to copy the op if it is a point read: run as a read, it runs one statement that
    /// reads a row by key. Handing such a read to a thread of the blocking pool and back
    /// costs more than the read itself, so it runs on the asking task's thread: on SQLite
    /// when a reader connection is idle; on PostgreSQL always, its statement sent on a
    /// connection shared by the point reads of the process, which is why it runs twice (once
    /// to learn its statement, and a copy with the rows that statement answered).
    const POINT_READ: Option<fn(&Self) -> Self> = None;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Self::Output, StoreError>;
}

fn never_stored() -> StoreError {
    StoreError::internal("the clock was never stored")
}

fn stored_clock<T: Tx>(tx: &mut T) -> Result<ClockState, StoreError> {
    tx.clock()?.ok_or_else(never_stored)
}

/// `now` for a command of an account (D-28, D-110): its clock, read inside the command's
/// transaction while the global clock is held, and never past an event of that clock not
/// yet applied (the scheduler of a running clock applies them a moment late). So every
/// change is dated at or after each event applied before it, and at or before each
/// applied after it. An account on a test clock reads that clock (D-181).
pub fn now<T: Tx>(tx: &mut T, account_id: &str) -> Result<Timestamp, StoreError> {
    account_now(tx.clock_of(account_id)?)
}

/// [`now`] and the instance `instance_id` in one statement: locked where `lock` and the
/// backend locks rows, else as last committed (D-235).
pub fn now_and_instance<T: Tx>(
    tx: &mut T,
    account_id: &str,
    instance_id: &str,
    lock: bool,
) -> Result<(Timestamp, Option<Instance>), StoreError> {
    let (clock, instance) = tx.clock_and_instance(account_id, instance_id, lock)?;
    Ok((account_now(clock)?, instance))
}

/// `now` on an account's clock: never past the clock's next event not yet applied.
fn account_now(clock: Option<AccountClock>) -> Result<Timestamp, StoreError> {
    let (now, next_due) = match clock.ok_or_else(never_stored)? {
        AccountClock::Test(clock, next_due) => (clock.now, next_due),
        AccountClock::Global(clock, next_due) => (clock.now(crate::real_now()), next_due),
    };
    Ok(next_due.map_or(now, |due| now.min(due)))
}

/// `now` on the global clock, as [`now`] reads it for an account on it.
pub fn global_now<T: Tx>(tx: &mut T) -> Result<Timestamp, StoreError> {
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
    /// On towards the target of an advance a stopped server left unfinished (D-115); what
    /// is due by now when none was.
    Resume,
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

/// Due events read through the index per statement.
const EVENTS_PER_READ: usize = 256;

/// Applies the events due by the target in due order (ties by id), each at its own due
/// time, up to `limit` of them in one transaction, and removes them; events that applying
/// schedules within the range are applied too. The events are read through the index on
/// due time a chunk at a time, with the accounts and instances they concern (D-115). The
/// stored clock moves with them, in the same transaction: to the target once nothing due
/// by it is left, else to the last event applied, so no command is ever dated before an
/// event already applied, and the clock is never ahead of an event not yet applied (D-28,
/// D-110). An advance that takes more than one pass stores its target with the first and
/// clears it with the last, so that a restart resumes it (D-115).
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
            Until::Resume => tx.advancing_to()?.unwrap_or(now),
        };
        let Due {
            events,
            done,
            reached,
        } = apply_due(tx, None, target, self.limit, &self.catalog, self.timings)?;
        let clock = if reached > now {
            let moved = clock.advanced_to(real, reached)?;
            tx.set_clock(&moved)?;
            moved
        } else {
            clock
        };
        if self.until != Until::Now {
            let unfinished = (!done).then_some(target);
            if tx.advancing_to()? != unfinished {
                tx.set_advancing_to(unfinished)?;
            }
        }
        Ok(Applied {
            events,
            now: clock.now(real),
            clock,
            target,
            done,
        })
    }
}

/// What [`apply_due`] did.
pub(crate) struct Due {
    /// The events applied, in order.
    pub events: Vec<ScheduledEvent>,
    /// Nothing due by the target is left.
    pub done: bool,
    /// Where the clock goes: the target once done, else the last event applied.
    pub reached: Timestamp,
}

/// Applies the events of one clock (`None`: the global one) due by `target`, as
/// [`ApplyDue`] describes, up to `limit` of them.
pub(crate) fn apply_due<T: Tx>(
    tx: &mut T,
    clock_id: Option<&str>,
    target: Timestamp,
    limit: usize,
    catalog: &Catalog,
    timings: Timings,
) -> Result<Due, StoreError> {
    let mut events = Vec::new();
    while events.len() < limit {
        let chunk = (limit - events.len()).min(EVENTS_PER_READ);
        let read = match clock_id {
            Some(id) => tx.clock_due_events(id, target, chunk)?,
            None => tx.due_events(target, chunk)?,
        };
        if read.is_empty() {
            break;
        }
        let mut rows = Rows::load(tx, &read)?;
        let mut applied = Vec::with_capacity(read.len());
        // The earliest event scheduled meanwhile: one due before an event read comes
        // first, so the rest are read again after it.
        let mut scheduled: Option<Timestamp> = None;
        for due in &read {
            if scheduled.is_some_and(|s| s < due.due_at) {
                break;
            }
            let more = apply_one(tx, due, &mut rows, catalog, timings)?;
            scheduled = scheduled.into_iter().chain(more).min();
            applied.push(due.id);
        }
        rows.flush(tx)?;
        tx.delete_events(&applied)?;
        events.extend(read.into_iter().take(applied.len()));
    }
    let done = events.len() < limit;
    let reached = match events.last() {
        Some(last) if !done => last.due_at,
        _ => target,
    };
    Ok(Due {
        events,
        done,
        reached,
    })
}

/// The accounts and instances a chunk of due events concerns, read in a statement per
/// `sql::KEYS` ids instead of one per event, and kept as the events change them;
/// a row not read with the chunk is read when asked for. What the events write is kept
/// too, where it may wait, and written at the end of the chunk in a statement per
/// `sql::ROWS` rows (D-115).
struct Rows {
    accounts: HashMap<String, Option<Account>>,
    instances: HashMap<String, Option<Instance>>,
    /// The oldest `renewalFails` fault of each instance that has one (D-191), read once
    /// for the chunk: there are few, and a cycle end need not ask again.
    renewal_faults: HashMap<String, ServiceFault>,
    /// Changes not written yet, in the order they were made.
    pending: Changes,
}

impl Rows {
    fn load<T: Tx>(tx: &mut T, events: &[ScheduledEvent]) -> Result<Rows, StoreError> {
        let mut account_ids: Vec<&str> = events.iter().map(|e| e.kind.account_id()).collect();
        let mut instance_ids: Vec<&str> = events
            .iter()
            .filter_map(|e| e.kind.resource())
            .filter(|r| r.kind == ResourceType::Instance)
            .map(|r| r.id.as_str())
            .collect();
        for ids in [&mut account_ids, &mut instance_ids] {
            ids.sort_unstable();
            ids.dedup();
        }
        // The lock order: accounts, then instances in ascending id (D-110).
        let mut accounts: HashMap<_, _> = account_ids
            .iter()
            .map(|id| (id.to_string(), None))
            .collect();
        for a in tx.accounts_by_id(&account_ids)? {
            accounts.insert(a.id.clone(), Some(a));
        }
        let mut instances: HashMap<_, _> = instance_ids
            .iter()
            .map(|id| (id.to_string(), None))
            .collect();
        for i in tx.instances_by_id(&instance_ids)? {
            instances.insert(i.id.clone(), Some(i));
        }
        let mut renewal_faults = HashMap::new();
        for f in tx.service_faults()? {
            if let (ServiceFaultKind::RenewalFails, Some(instance_id)) =
                (f.kind, f.instance_id.clone())
            {
                renewal_faults.entry(instance_id).or_insert(f);
            }
        }
        Ok(Rows {
            accounts,
            instances,
            renewal_faults,
            pending: Changes::default(),
        })
    }

    fn account<T: Tx>(&self, tx: &mut T, id: &str) -> Result<Option<Account>, StoreError> {
        match self.accounts.get(id) {
            Some(known) => Ok(known.clone()),
            None => tx.account(id),
        }
    }

    fn instance<T: Tx>(&self, tx: &mut T, id: &str) -> Result<Option<Instance>, StoreError> {
        match self.instances.get(id) {
            Some(known) => Ok(known.clone()),
            None => tx.instance(id),
        }
    }

    /// Writes what an event changed, or keeps it to write with the chunk, and keeps the
    /// rows; answers the earliest due time of the events it scheduled.
    fn write<T: Tx>(
        &mut self,
        tx: &mut T,
        changes: Changes,
    ) -> Result<Option<Timestamp>, StoreError> {
        for a in &changes.accounts {
            self.accounts.insert(a.id.clone(), Some(a.clone()));
        }
        for i in &changes.instances {
            self.instances.insert(i.id.clone(), Some(i.clone()));
        }
        for released in &changes.released {
            if released.kind == ResourceType::Instance {
                self.instances.insert(released.id.clone(), None);
            }
        }
        let scheduled = changes.events.iter().map(|(due, _)| *due).min();
        if may_wait(&changes) {
            self.pending.merge(changes);
        } else {
            self.flush(tx)?;
            write_changes(tx, &changes)?;
        }
        Ok(scheduled)
    }

    /// Writes the changes kept so far: before anything reads a row they may hold, and at
    /// the end of the chunk.
    fn flush<T: Tx>(&mut self, tx: &mut T) -> Result<(), StoreError> {
        write_changes(tx, &std::mem::take(&mut self.pending))
    }
}

/// Whether an event's changes may wait for the end of its chunk: they only set balances,
/// add ledger lines, order lines, events and stock deltas, and update instances still in
/// use — rows the chunk keeps in memory or nothing reads before it ends. Releases,
/// addresses, disks, traffic and the recycle bin are written at once, after what waits.
fn may_wait(changes: &Changes) -> bool {
    let Changes {
        accounts: _,
        ledger: _,
        instances,
        ip_blocks,
        disks,
        released,
        freed,
        leases,
        orders: _,
        events: _,
        stock: _,
        traffic,
    } = changes;
    ip_blocks.is_empty()
        && disks.is_empty()
        && released.is_empty()
        && freed.is_empty()
        && leases.is_empty()
        && traffic.is_empty()
        && instances
            .iter()
            .all(|i| i.status != InstanceStatus::Recycle)
}

/// Adds to `changes` what releasing its instances at `now` does to their disks: they go
/// with them, but for the portable ones (D-161, D-177). Call it before writing them.
pub fn release_disks<T: Tx>(
    tx: &mut T,
    changes: &mut Changes,
    now: Timestamp,
) -> Result<(), StoreError> {
    let instances: Vec<String> = changes
        .released
        .iter()
        .filter(|r| r.kind == ResourceType::Instance)
        .map(|r| r.id.clone())
        .collect();
    for id in instances {
        let disks = tx.instance_disks(&id)?;
        changes.merge(disk::instance_released(&id, disks, now));
    }
    Ok(())
}

/// Applies one due event; answers the earliest due time of the events it scheduled.
fn apply_one<T: Tx>(
    tx: &mut T,
    due: &ScheduledEvent,
    rows: &mut Rows,
    catalog: &Catalog,
    timings: Timings,
) -> Result<Option<Timestamp>, StoreError> {
    match &due.kind {
        EventKind::Deposit { account_id, amount } => {
            // An account removed since the booking leaves nothing to credit.
            let Some(current) = rows.account(tx, account_id)? else {
                return Ok(None);
            };
            let (updated, entry) = account::scheduled_deposit(&current, *amount, due.due_at);
            let changes = Changes {
                accounts: vec![updated],
                ledger: vec![entry],
                ..Changes::default()
            };
            rows.write(tx, changes)
        }
        EventKind::ImageReady {
            image_id,
            instance_id,
            ..
        } => {
            // Written where the image is: the instance is read again when next asked for.
            rows.flush(tx)?;
            rows.instances.remove(instance_id);
            images::apply_ready(tx, image_id, instance_id)?;
            Ok(None)
        }
        kind => {
            let account = rows.account(tx, kind.account_id())?;
            // The resource the event concerns, loaded by its type.
            let changes = match kind.resource() {
                Some(resource) => match resource.kind {
                    ResourceType::Instance => {
                        let instance = rows.instance(tx, &resource.id)?;
                        // A renewal a fault makes short of funds (D-191).
                        let fault_id = match kind {
                            EventKind::CycleEnd { .. } => {
                                rows.renewal_faults.get(&resource.id).map(|f| f.id.clone())
                            }
                            _ => None,
                        };
                        let short = fault_id
                            .as_ref()
                            .and(account.as_ref())
                            .map(fault::short_of_funds);
                        let mut changes = instance::apply_event(
                            catalog,
                            kind,
                            instance,
                            short.as_ref().or(account.as_ref()),
                            timings,
                            &mut tx.ids()?,
                            due.due_at,
                        );
                        release_disks(tx, &mut changes, due.due_at)?;
                        // Used up by a cycle end that applied, not by a stale one.
                        if let Some(id) = fault_id.filter(|_| !changes.instances.is_empty()) {
                            tx.delete_service_fault(&id)?;
                            rows.renewal_faults.remove(&resource.id);
                        }
                        changes
                    }
                    ResourceType::Eip | ResourceType::CidrBlock => {
                        rows.flush(tx)?;
                        let block = tx.ip_block(&resource.id)?;
                        ipblock::apply_event(
                            catalog,
                            kind,
                            block,
                            account.as_ref(),
                            timings,
                            &mut tx.ids()?,
                            due.due_at,
                        )
                    }
                    ResourceType::Disk => {
                        rows.flush(tx)?;
                        let disk = tx.disk(&resource.id)?;
                        disk::apply_event(
                            catalog,
                            kind,
                            disk,
                            account.as_ref(),
                            timings,
                            &mut tx.ids()?,
                            due.due_at,
                        )
                    }
                    // No event concerns a subnet or a VPC: neither is billed nor timed
                    // (D-151, D-228).
                    ResourceType::Subnet | ResourceType::Vpc => Changes::default(),
                },
                None => Changes::default(),
            };
            rows.write(tx, changes)
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

/// Where an advance a stopped server left unfinished goes, if one did (D-115).
pub struct AdvancingTo;

impl Op for AdvancingTo {
    type Output = Option<Timestamp>;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Option<Timestamp>, StoreError> {
        tx.advancing_to()
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
        // An advance left unfinished went towards events that are gone (D-115).
        tx.set_advancing_to(None)?;
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
