//! The simulated clock as requests read it (D-28), and the loop that moves it while
//! applying due events in order, a transaction per chunk of events (D-115). Commands read
//! `now` inside their own transaction (`zenlocal_store::ops::now`); this is the clock for
//! answers that only read.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};
use tokio::sync::Mutex;
use zenlocal_core::clock::{Advance, ClockMode, ClockRequest, ClockStart, ClockState};
use zenlocal_core::model::Timings;
use zenlocal_core::{ApiError, Catalog, Timestamp};
use zenlocal_store::ops::{
    AdvanceTestClock, AdvancingTo, AnythingDue, ApplyDue, LoadClock, Reset, StartClock, Towards,
    Until,
};
use zenlocal_store::{real_now, Store, StoreError};

/// Events applied per transaction while catching up: one commit (one fsync) for many.
const EVENTS_PER_COMMIT: usize = 2048;
/// How often a long advance says how far it got.
const PROGRESS_EVERY: Duration = Duration::from_secs(2);

/// How far the advance in progress in this process got (D-115).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Where it goes.
    pub to: Timestamp,
    /// Events applied so far.
    pub events_applied: u64,
}

pub struct Clock {
    /// The clock as last read or moved; for a store no other process shares, the clock.
    state: RwLock<ClockState>,
    /// What applying instance events needs.
    catalog: Arc<Catalog>,
    timings: Timings,
    /// One pass at a time in this process, so that advances by seconds add up even when
    /// one takes several transactions.
    applying: Mutex<()>,
    /// One advance of a test clock at a time in this process, for the same reason (D-183).
    applying_test: Mutex<()>,
    /// The advance in progress, once it took more than one transaction.
    progress: RwLock<Option<Progress>>,
    /// Set when the server stops: an advance stops after the transaction it is in.
    stopping: Arc<AtomicBool>,
}

/// Forgets the progress of an advance however it ends.
struct Finished<'c>(&'c Clock);

impl Drop for Finished<'_> {
    fn drop(&mut self) {
        *self.0.progress.write().unwrap_or_else(|p| p.into_inner()) = None;
    }
}

impl Clock {
    /// The clock at start: what `--clock` asks for, resumed from the store (D-28), and
    /// why it is what it is (D-103).
    pub async fn start(
        request: ClockRequest,
        store: &Store,
        catalog: Arc<Catalog>,
        timings: Timings,
        stopping: Arc<AtomicBool>,
    ) -> Result<(Clock, ClockStart), StoreError> {
        let start = store.write(StartClock(request)).await?;
        let clock = Clock {
            state: RwLock::new(start.state),
            catalog,
            timings,
            applying: Mutex::new(()),
            applying_test: Mutex::new(()),
            progress: RwLock::new(None),
            stopping,
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
        let _one = self.applying.lock().await;
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
        if let Some(state) = store.clock_others_may_move().await? {
            self.set(state);
        }
        Ok(self.state().now(real_now()))
    }

    /// The simulated now as this process last read or moved the clock, without asking
    /// the store: for the journal (D-186).
    pub fn cached_now(&self) -> Timestamp {
        self.state().now(real_now())
    }

    /// Runs `work`, which replaces the store as a whole (a snapshot restored, D-190),
    /// while no advance or scheduler pass of this process runs, then takes the stored
    /// clock as the clock.
    pub async fn replacing<T>(
        &self,
        store: &Store,
        work: impl std::future::Future<Output = Result<T, StoreError>>,
    ) -> Result<(T, ClockState), StoreError> {
        let _one = self.applying.lock().await;
        let out = work.await?;
        let state = store
            .read(LoadClock)
            .await?
            .ok_or_else(|| StoreError::internal("the restored store holds no clock"))?;
        self.set(state);
        Ok((out, state))
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

    /// The advance in progress in this process, if one is (D-115).
    pub fn progress(&self) -> Option<Progress> {
        *self.progress.read().unwrap_or_else(|p| p.into_inner())
    }

    /// Applies every event due up to where `until` goes, each at its own instant, in due
    /// order, moving the stored clock with them, a transaction per chunk; answers how many
    /// were applied and the `now` the last transaction committed. A long one logs how far
    /// it got, and stops after the chunk it is in when the server stops; the store keeps
    /// its target, and the next start resumes it (D-115).
    async fn apply(&self, store: &Store, until: Until) -> Result<(u64, Timestamp), StoreError> {
        let _one = self.applying.lock().await;
        let _finished = Finished(self);
        let mut until = until;
        let mut applied = 0;
        let mut said = Instant::now();
        loop {
            let pass = store
                .write(ApplyDue {
                    until,
                    limit: EVENTS_PER_COMMIT,
                    catalog: self.catalog.clone(),
                    timings: self.timings,
                })
                .await?;
            self.set(pass.clock);
            applied += pass.events.len() as u64;
            if pass.done {
                if said.elapsed() >= PROGRESS_EVERY {
                    tracing::info!(events_applied = applied, now = %pass.now, "advance done");
                }
                return Ok((applied, pass.now));
            }
            *self.progress.write().unwrap_or_else(|p| p.into_inner()) = Some(Progress {
                to: pass.target,
                events_applied: applied,
            });
            if said.elapsed() >= PROGRESS_EVERY {
                said = Instant::now();
                tracing::info!(
                    events_applied = applied,
                    now = %pass.now,
                    to = %pass.target,
                    "advancing the clock"
                );
            }
            if self.stopping.load(Ordering::SeqCst) {
                tracing::info!(
                    events_applied = applied,
                    now = %pass.now,
                    to = %pass.target,
                    "advance stopped with the server; it resumes when the server starts again"
                );
                return Err(StoreError::Unavailable(format!(
                    "the server is stopping; the advance stopped at {} and resumes towards {} \
                     when the server starts again",
                    pass.now, pass.target
                )));
            }
            until = Until::Target(pass.target);
        }
    }

    /// Resumes an advance a stopped server left unfinished, if one is (D-115).
    pub async fn resume(&self, store: &Store) -> Result<(), StoreError> {
        let Some(target) = store.read(AdvancingTo).await? else {
            return Ok(());
        };
        tracing::info!(to = %target, "resuming the advance left unfinished");
        let (applied, now) = self.apply(store, Until::Resume).await?;
        tracing::info!(events_applied = applied, %now, "the advance left unfinished is done");
        Ok(())
    }

    /// Moves the clock forward, applying what falls due on the way, and only then answers
    /// (D-28): how many events were applied, and the `now` it committed.
    pub async fn advance(&self, store: &Store, to: Advance) -> Result<(u64, Timestamp), ApiError> {
        Ok(self.apply(store, Until::Advance(to)).await?)
    }

    /// Advances a test clock (D-183): applies its accounts' events due on the way, in
    /// order, each at its own instant, a transaction per chunk, and only then answers how
    /// many were applied and the clock's `now`.
    pub async fn advance_test(
        &self,
        store: &Store,
        clock_id: &str,
        to: Advance,
    ) -> Result<(u64, Timestamp), ApiError> {
        let _one = self.applying_test.lock().await;
        let mut towards = Towards::Advance(to);
        let mut applied = 0;
        loop {
            let pass = store
                .write(AdvanceTestClock {
                    clock_id: clock_id.to_string(),
                    towards,
                    limit: EVENTS_PER_COMMIT,
                    catalog: self.catalog.clone(),
                    timings: self.timings,
                })
                .await?;
            applied += pass.events_applied;
            if pass.done {
                return Ok((applied, pass.now));
            }
            if self.stopping.load(Ordering::SeqCst) {
                return Err(StoreError::Unavailable(format!(
                    "the server is stopping; test clock `{clock_id}` stopped at {}",
                    pass.now
                ))
                .into());
            }
            towards = Towards::Target(pass.target);
        }
    }

    /// One pass of the scheduler: applies what is due by now, if anything is.
    pub async fn tick(&self, store: &Store) -> Result<u64, StoreError> {
        if !store.read(AnythingDue).await? {
            return Ok(0);
        }
        Ok(self.apply(store, Until::Now).await?.0)
    }
}
