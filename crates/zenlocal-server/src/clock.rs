//! The one source of `now` (D-28), and the loop that applies due events in order.

use std::sync::{Arc, RwLock};
use std::time::{SystemTime, UNIX_EPOCH};
use tokio::sync::{RwLock as AsyncRwLock, RwLockReadGuard};
use zenlocal_core::clock::{ClockMode, ClockRequest, ClockStart, ClockState};
use zenlocal_core::instance::Timings;
use zenlocal_core::{ApiError, Catalog, Timestamp};
use zenlocal_store::ops::{AdvanceClock, ApplyDue, LoadClock, Reset, SaveClock};

/// Events applied per transaction while catching up: one commit (one fsync) for many.
const EVENTS_PER_COMMIT: usize = 512;
use zenlocal_store::{Store, StoreError};

/// The real wall clock. Authentication uses it (D-3); domain time never does directly.
pub fn real_now() -> Timestamp {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    Timestamp(secs)
}

/// The furthest one advance may jump: 100 years.
pub const MAX_ADVANCE_SECONDS: i64 = 100 * 365 * 86_400;

/// Where an advance goes.
#[derive(Debug, Clone, Copy)]
pub enum Advance {
    By(i64),
    To(Timestamp),
}

pub struct Clock {
    state: RwLock<ClockState>,
    /// What applying instance events needs.
    catalog: Arc<Catalog>,
    timings: Timings,
    /// Serialises advancing and the scheduler's passes, so events apply once, in order.
    applying: AsyncRwLock<()>,
}

impl Clock {
    /// The clock at start: what `--clock` asks for, resumed from the store (D-28), and
    /// why it is what it is (D-103).
    pub async fn start(
        request: ClockRequest,
        store: &Store,
        catalog: Arc<Catalog>,
        timings: Timings,
    ) -> Result<(Clock, ClockStart), StoreError> {
        let stored = store.read(LoadClock).await?;
        let start = ClockState::start(request, stored, real_now());
        store.write(SaveClock(start.state)).await?;
        let clock = Clock {
            state: RwLock::new(start.state),
            catalog,
            timings,
            applying: AsyncRwLock::new(()),
        };
        Ok((clock, start))
    }

    /// Empties the store; with `request`, the clock starts over as on a new store — the
    /// way back from a stored time later than wanted (D-103). Answers the clock in force.
    pub async fn reset(
        &self,
        store: &Store,
        request: Option<ClockRequest>,
    ) -> Result<ClockState, StoreError> {
        let _guard = self.applying.write().await;
        let clock = request.map(|r| ClockState::start(r, None, real_now()).state);
        store.write(Reset { clock }).await?;
        if let Some(state) = clock {
            self.set(state);
        }
        Ok(self.state())
    }

    /// The simulated now. A store shared by several replicas holds the clock, so it is
    /// read from there and every replica agrees (D-28); otherwise the copy in memory is
    /// the clock.
    pub async fn now(&self, store: &Store) -> Result<Timestamp, StoreError> {
        if store.is_shared() {
            if let Some(state) = store.read(LoadClock).await? {
                self.set(state);
            }
        }
        Ok(self.state().now(real_now()))
    }

    /// The mode as last read.
    pub fn mode(&self) -> ClockMode {
        self.state().mode
    }

    fn set(&self, state: ClockState) {
        *self.state.write().unwrap_or_else(|p| p.into_inner()) = state;
    }

    fn state(&self) -> ClockState {
        *self.state.read().unwrap_or_else(|p| p.into_inner())
    }

    /// Applies every event due up to `upto`, each at its own instant, in due order;
    /// answers how many were applied.
    async fn apply_due(&self, store: &Store, upto: Timestamp) -> Result<u64, StoreError> {
        let mut applied = 0;
        loop {
            let batch = store
                .write(ApplyDue {
                    upto,
                    limit: EVENTS_PER_COMMIT,
                    catalog: self.catalog.clone(),
                    timings: self.timings,
                })
                .await?;
            applied += batch.len() as u64;
            if batch.len() < EVENTS_PER_COMMIT {
                break;
            }
        }
        Ok(applied)
    }

    /// Moves the clock forward, applying what falls due on the way, and only then answers
    /// (D-28). The target is worked out under the lock, so concurrent advances add up.
    pub async fn advance(&self, store: &Store, to: Advance) -> Result<u64, ApiError> {
        let _guard = self.applying.write().await;
        let now = self.now(store).await?;
        let target = match to {
            Advance::By(seconds) => now.plus(seconds),
            Advance::To(target) => target,
        };
        if target.seconds() - now.seconds() > MAX_ADVANCE_SECONDS {
            return Err(ApiError::invalid_parameter(format!(
                "an advance may cover at most {MAX_ADVANCE_SECONDS} seconds (100 years)"
            )));
        }
        // Refused here when `target` is before now; nothing is applied then.
        self.state().advanced_to(real_now(), target)?;
        let applied = self.apply_due(store, target).await?;
        let state = store
            .write(AdvanceClock {
                target,
                real: real_now(),
            })
            .await?;
        self.set(state);
        Ok(applied)
    }

    /// `now` for a request that writes, with a guard to hold until its change is
    /// committed: advancing waits for it, so no change is stamped with a time the clock
    /// has already left behind.
    pub async fn for_write(
        &self,
        store: &Store,
    ) -> Result<(Timestamp, RwLockReadGuard<'_, ()>), StoreError> {
        let guard = self.applying.read().await;
        Ok((self.now(store).await?, guard))
    }

    /// One pass of the scheduler: applies what is due by now.
    pub async fn tick(&self, store: &Store) -> Result<u64, StoreError> {
        let _guard = self.applying.write().await;
        let now = self.now(store).await?;
        self.apply_due(store, now).await
    }
}
