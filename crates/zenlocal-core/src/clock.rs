//! The rules of simulated time (D-28). Reading the real clock is the caller's job: every
//! function here takes the real time as an argument.

use crate::{codes, ApiError, Timestamp};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClockMode {
    /// Wall clock plus an offset that only advancing grows.
    System,
    /// Stands still except when advanced.
    Frozen,
}

crate::names::named!(ClockMode, "clock mode" {
    System => "system",
    Frozen => "frozen",
});

/// The clock as stored: enough to compute `now` from the real time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockState {
    pub mode: ClockMode,
    /// Seconds added to the real time in `System` mode.
    pub offset: i64,
    /// The instant in `Frozen` mode.
    pub frozen_at: Timestamp,
}

/// The furthest one advance may jump: 100 years.
pub const MAX_ADVANCE_SECONDS: i64 = 100 * 365 * 86_400;

/// Where an advance goes (D-28).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Advance {
    /// This many seconds on from the clock the advance finds.
    By(i64),
    /// This instant.
    To(Timestamp),
}

impl Advance {
    /// The instant an advance from `now` goes to: never before `now`, at most
    /// [`MAX_ADVANCE_SECONDS`] after it; the message names the field.
    pub fn target(self, now: Timestamp) -> Result<Timestamp, ApiError> {
        let target = match self {
            Advance::By(seconds) => {
                if !(0..=MAX_ADVANCE_SECONDS).contains(&seconds) {
                    return Err(ApiError::invalid_parameter(format!(
                        "`seconds` must be between 0 and {MAX_ADVANCE_SECONDS}"
                    )));
                }
                now.plus(seconds)
            }
            Advance::To(target) => target,
        };
        if target < now {
            return Err(ApiError::invalid_parameter(format!(
                "the clock never goes backwards: `to` {target} is before now {now}"
            )));
        }
        if target.seconds() - now.seconds() > MAX_ADVANCE_SECONDS {
            return Err(ApiError::invalid_parameter(format!(
                "an advance may cover at most {MAX_ADVANCE_SECONDS} seconds (100 years)"
            )));
        }
        Ok(target)
    }
}

/// What `--clock` asks for at start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockRequest {
    System,
    Frozen(Option<Timestamp>),
}

impl ClockRequest {
    /// Parses `system`, `frozen` or `frozen=RFC3339`.
    pub fn parse(text: &str) -> Result<ClockRequest, String> {
        match text.trim() {
            "system" => Ok(ClockRequest::System),
            "frozen" => Ok(ClockRequest::Frozen(None)),
            other => match other.strip_prefix("frozen=") {
                Some(at) => Timestamp::parse_rfc3339(at)
                    .map(|t| ClockRequest::Frozen(Some(t)))
                    .ok_or_else(|| {
                        format!("`{at}` is not an RFC 3339 instant, e.g. 2026-01-01T00:00:00Z")
                    }),
                None => Err(format!(
                    "`{other}` is not a clock: use system, frozen or frozen=RFC3339"
                )),
            },
        }
    }
}

/// The clock a start settled on, and why: what the start-up banner states (D-103).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClockStart {
    pub state: ClockState,
    pub origin: ClockOrigin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockOrigin {
    /// As `--clock` asked: a store without a clock, or a frozen instant at or after the
    /// store's time.
    Requested,
    /// Where the store's clock had got to: `--clock frozen` without an instant, or
    /// `system` on a store whose time was advanced past the wall clock.
    Resumed,
    /// `--clock frozen=T` with `T` before the store's time, which never goes back (D-28).
    StoredIsLater { requested: Timestamp },
}

impl ClockState {
    pub fn now(&self, real: Timestamp) -> Timestamp {
        match self.mode {
            ClockMode::System => real.plus(self.offset),
            ClockMode::Frozen => self.frozen_at,
        }
    }

    /// The clock at start: what `--clock` asks for, but never earlier than the time a
    /// previous run on the same store had reached; and why it is what it is.
    pub fn start(request: ClockRequest, stored: Option<ClockState>, real: Timestamp) -> ClockStart {
        let stored_now = stored.map(|s| s.now(real));
        let wanted = match request {
            ClockRequest::System => real,
            ClockRequest::Frozen(Some(t)) => t,
            ClockRequest::Frozen(None) => stored_now.unwrap_or(real),
        };
        let now = stored_now.map_or(wanted, |s| s.max(wanted));
        let origin = match (request, stored_now) {
            (_, None) => ClockOrigin::Requested,
            (ClockRequest::Frozen(None), Some(_)) => ClockOrigin::Resumed,
            (ClockRequest::Frozen(Some(t)), Some(s)) if t < s => {
                ClockOrigin::StoredIsLater { requested: t }
            }
            (ClockRequest::System, Some(s)) if s > real => ClockOrigin::Resumed,
            _ => ClockOrigin::Requested,
        };
        let state = match request {
            ClockRequest::System => ClockState {
                mode: ClockMode::System,
                offset: now.seconds() - real.seconds(),
                frozen_at: now,
            },
            ClockRequest::Frozen(_) => ClockState {
                mode: ClockMode::Frozen,
                offset: 0,
                frozen_at: now,
            },
        };
        ClockStart { state, origin }
    }

    /// The same clock moved forward so that `now` is `target`.
    pub fn advanced_to(&self, real: Timestamp, target: Timestamp) -> Result<ClockState, ApiError> {
        let now = self.now(real);
        if target < now {
            return Err(ApiError::new(
                codes::INVALID_PARAMETER,
                format!("the clock never goes backwards: `to` {target} is before now {now}"),
            ));
        }
        Ok(match self.mode {
            ClockMode::System => ClockState {
                offset: self.offset + (target.seconds() - now.seconds()),
                frozen_at: target,
                ..*self
            },
            ClockMode::Frozen => ClockState {
                frozen_at: target,
                ..*self
            },
        })
    }
}

/// A test clock (D-181): a named frozen clock of its own. The accounts on it read `now`
/// from it, and advancing it applies only their events; the global clock stays the default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestClock {
    pub id: String,
    pub name: String,
    /// Where it stands; it moves only when advanced.
    pub now: Timestamp,
    /// The real time it was made at; clocks are listed oldest first.
    pub created_at: Timestamp,
}

impl TestClock {
    /// A new test clock; the name is 1 to 64 characters (D-181).
    pub fn new(
        id: String,
        name: &str,
        now: Timestamp,
        real: Timestamp,
    ) -> Result<TestClock, ApiError> {
        let length = name.chars().count();
        if !(1..=64).contains(&length) {
            return Err(ApiError::invalid_parameter(
                "`name` must be 1 to 64 characters",
            ));
        }
        Ok(TestClock {
            id,
            name: name.to_string(),
            now,
            created_at: real,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const REAL: Timestamp = Timestamp(1_800_000_000);

    #[test]
    fn parses_requests() {
        assert_eq!(ClockRequest::parse("system").unwrap(), ClockRequest::System);
        assert_eq!(
            ClockRequest::parse("frozen").unwrap(),
            ClockRequest::Frozen(None)
        );
        assert_eq!(
            ClockRequest::parse("frozen=2026-01-01T00:00:00Z").unwrap(),
            ClockRequest::Frozen(Some(Timestamp(1_767_225_600)))
        );
        assert!(ClockRequest::parse("frozen=yesterday").is_err());
        assert!(ClockRequest::parse("fast").is_err());
    }

    #[test]
    fn frozen_stands_still_and_system_follows_the_wall() {
        let frozen =
            ClockState::start(ClockRequest::Frozen(Some(Timestamp(100))), None, REAL).state;
        assert_eq!(frozen.now(REAL.plus(50)), Timestamp(100));
        let system = ClockState::start(ClockRequest::System, None, REAL).state;
        assert_eq!(system.now(REAL.plus(50)), REAL.plus(50));
    }

    #[test]
    fn advancing_never_goes_backwards() {
        let c = ClockState::start(ClockRequest::Frozen(Some(Timestamp(100))), None, REAL).state;
        assert!(c.advanced_to(REAL, Timestamp(99)).is_err());
        assert_eq!(
            c.advanced_to(REAL, Timestamp(160)).unwrap().now(REAL),
            Timestamp(160)
        );
        let s = ClockState::start(ClockRequest::System, None, REAL).state;
        let s = s.advanced_to(REAL, REAL.plus(86_400)).unwrap();
        assert_eq!(s.now(REAL.plus(10)), REAL.plus(86_410));
    }

    #[test]
    fn the_start_says_why_the_clock_is_what_it_is() {
        // D-103: the banner states the clock in force and why.
        let stored = ClockState {
            mode: ClockMode::Frozen,
            offset: 0,
            frozen_at: Timestamp(5_000),
        };
        let start = |request, stored| ClockState::start(request, stored, REAL).origin;
        let frozen = |t| ClockRequest::Frozen(Some(Timestamp(t)));
        assert_eq!(start(frozen(10), None), ClockOrigin::Requested);
        assert_eq!(start(frozen(9_000), Some(stored)), ClockOrigin::Requested);
        assert_eq!(start(frozen(5_000), Some(stored)), ClockOrigin::Requested);
        assert_eq!(
            start(frozen(10), Some(stored)),
            ClockOrigin::StoredIsLater {
                requested: Timestamp(10)
            }
        );
        assert_eq!(
            start(ClockRequest::Frozen(None), Some(stored)),
            ClockOrigin::Resumed
        );
        assert_eq!(
            start(ClockRequest::System, Some(stored)),
            ClockOrigin::Requested
        );
        let advanced = ClockState {
            mode: ClockMode::System,
            offset: 3_600,
            frozen_at: REAL,
        };
        assert_eq!(
            start(ClockRequest::System, Some(advanced)),
            ClockOrigin::Resumed
        );
    }

    #[test]
    fn an_advance_goes_forward_by_at_most_100_years() {
        let now = Timestamp(1_000);
        assert_eq!(Advance::By(60).target(now).unwrap(), Timestamp(1_060));
        assert_eq!(Advance::By(0).target(now).unwrap(), now);
        assert_eq!(
            Advance::To(Timestamp(5_000)).target(now).unwrap(),
            Timestamp(5_000)
        );
        for refused in [
            Advance::By(-1),
            Advance::By(MAX_ADVANCE_SECONDS + 1),
            Advance::To(Timestamp(999)),
            Advance::To(now.plus(MAX_ADVANCE_SECONDS + 1)),
        ] {
            let e = refused.target(now).unwrap_err();
            assert_eq!(e.code, codes::INVALID_PARAMETER, "{refused:?}");
        }
    }

    #[test]
    fn a_restart_resumes_where_time_was() {
        let stored = ClockState {
            mode: ClockMode::Frozen,
            offset: 0,
            frozen_at: Timestamp(5_000),
        };
        // An earlier frozen instant does not move time back.
        let c = ClockState::start(
            ClockRequest::Frozen(Some(Timestamp(10))),
            Some(stored),
            REAL,
        )
        .state;
        assert_eq!(c.now(REAL), Timestamp(5_000));
        // A later one moves it forward.
        let c = ClockState::start(
            ClockRequest::Frozen(Some(Timestamp(9_000))),
            Some(stored),
            REAL,
        )
        .state;
        assert_eq!(c.now(REAL), Timestamp(9_000));
        // System mode keeps an advanced offset.
        let advanced = ClockState::start(ClockRequest::System, None, REAL)
            .state
            .advanced_to(REAL, REAL.plus(3_600))
            .unwrap();
        let c = ClockState::start(ClockRequest::System, Some(advanced), REAL.plus(10)).state;
        assert_eq!(c.now(REAL.plus(10)), REAL.plus(3_610));
    }
}

#[cfg(test)]
mod test_clock_tests {
    use super::*;

    /// D-181: a test clock needs a name of 1 to 64 characters.
    #[test]
    fn a_test_clock_needs_a_name() {
        let at = Timestamp(1_800_000_000);
        assert!(TestClock::new("clk-1".into(), "", at, at).is_err());
        assert!(TestClock::new("clk-1".into(), &"x".repeat(65), at, at).is_err());
        let clock = TestClock::new("clk-1".into(), "ci", at, at).unwrap();
        assert_eq!(clock.now, at);
    }
}
