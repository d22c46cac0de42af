//! Test clocks (docs/decisions.md D-181 to D-183): making, listing and deleting them,
//! putting an account on one, and advancing one, which applies only its accounts' events.

use super::{apply_due, global_now, Op};
use crate::{StoreError, Tx};
use std::sync::Arc;
use zenlocal_core::clock::{Advance, TestClock};
use zenlocal_core::model::{StockDelta, Timings};
use zenlocal_core::{codes, ApiError, Catalog, Timestamp};
use zenlocal_wire::Service;

fn clock_not_found(id: &str) -> StoreError {
    StoreError::Api(ApiError::new(
        codes::RESOURCE_NOT_FOUND,
        format!("test clock `{id}` does not exist"),
    ))
}

pub(super) fn load_test_clock<T: Tx>(tx: &mut T, id: &str) -> Result<TestClock, StoreError> {
    tx.test_clock(id)?.ok_or_else(|| clock_not_found(id))
}

/// `POST /_zenlocal/clocks`: a test clock standing at `at`, or at the global clock's now.
pub struct CreateTestClock {
    pub id: String,
    pub name: String,
    pub at: Option<Timestamp>,
}

impl Op for CreateTestClock {
    type Output = TestClock;
    fn run<T: Tx>(self, tx: &mut T) -> Result<TestClock, StoreError> {
        let at = match self.at {
            Some(at) => at,
            None => global_now(tx)?,
        };
        let clock = TestClock::new(self.id, &self.name, at, crate::real_now())?;
        tx.put_test_clock(&clock)?;
        Ok(clock)
    }
}

/// The simulated now of an account: its test clock's, or the global clock's (D-181).
pub struct AccountNow(pub String);

impl Op for AccountNow {
    type Output = Timestamp;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Timestamp, StoreError> {
        super::now(tx, &self.0)
    }
}

/// Every test clock, oldest first.
pub struct TestClocks;

impl Op for TestClocks {
    type Output = Vec<TestClock>;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Vec<TestClock>, StoreError> {
        tx.test_clocks()
    }
}

/// Deletes a test clock with its accounts and all they own, as Stripe's test clocks go
/// (D-182); their instances' stock is given back. Exclusive, so that no command of those
/// accounts is half-way meanwhile.
pub struct DeleteTestClock {
    pub id: String,
}

impl Op for DeleteTestClock {
    type Output = ();
    const EXCLUSIVE: bool = true;
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        load_test_clock(tx, &self.id)?;
        for account_id in tx.clock_accounts(&self.id)? {
            for service in [Service::Bmc, Service::Vm] {
                for i in tx.instances(&account_id, service)? {
                    tx.add_stock_taken(&StockDelta {
                        service: i.service,
                        zone_id: i.zone_id,
                        product: i.product,
                        delta: -1,
                    })?;
                }
            }
        }
        tx.delete_test_clock(&self.id)
    }
}

/// Puts an account on a test clock, or back on the global one (`None`), while it owns no
/// instance and no event is pending for it (D-182): its history stays as it was.
pub struct MoveAccount {
    pub account_id: String,
    pub clock_id: Option<String>,
}

impl Op for MoveAccount {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        super::accounts::load_account(tx, &self.account_id)?;
        if let Some(id) = &self.clock_id {
            load_test_clock(tx, id)?;
        }
        if tx.owns_anything(&self.account_id)? {
            return Err(ApiError::invalid_parameter(format!(
                "`clockId`: account `{}` owns instances or pending events; only an account \
                 that owns nothing moves to another clock",
                self.account_id
            ))
            .into());
        }
        tx.set_account_clock(&self.account_id, self.clock_id.as_deref())
    }
}

/// Where one pass of [`AdvanceTestClock`] goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Towards {
    /// An advance asked for, from the clock's now (D-28).
    Advance(Advance),
    /// On towards the target an earlier pass worked out.
    Target(Timestamp),
}

/// What one pass of [`AdvanceTestClock`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClockPass {
    pub events_applied: u64,
    /// The clock's now as committed.
    pub now: Timestamp,
    pub target: Timestamp,
    /// Nothing due by the target is left, and the clock has reached it.
    pub done: bool,
}

/// Advances a test clock: applies its accounts' events due by the target, in due order,
/// each at its own instant, as the global clock's [`super::ApplyDue`] does, up to `limit`
/// in one transaction, and moves the clock with them (D-183). It holds the global clock
/// exclusively, as every move of time does, so no command of any account is half-way.
pub struct AdvanceTestClock {
    pub clock_id: String,
    pub towards: Towards,
    pub limit: usize,
    pub catalog: Arc<Catalog>,
    pub timings: Timings,
}

impl Op for AdvanceTestClock {
    type Output = ClockPass;
    const EXCLUSIVE: bool = true;
    fn run<T: Tx>(self, tx: &mut T) -> Result<ClockPass, StoreError> {
        let mut clock = load_test_clock(tx, &self.clock_id)?;
        let target = match self.towards {
            Towards::Advance(advance) => advance.target(clock.now)?,
            Towards::Target(target) => target,
        };
        let due = apply_due(
            tx,
            Some(&self.clock_id),
            target,
            self.limit,
            &self.catalog,
            self.timings,
        )?;
        let reached = due.reached;
        if reached > clock.now {
            clock.now = reached;
            tx.put_test_clock(&clock)?;
        }
        Ok(ClockPass {
            events_applied: due.events.len() as u64,
            now: clock.now,
            target,
            done: due.done,
        })
    }
}
