//! Public traffic (docs/decisions.md D-130 to D-133): the meter of each instance, fed by
//! the control plane at the simulated now or by a steady rate that is counted whenever the
//! instance is next touched (a settlement, a plan change, a stop, the control plane) —
//! never by an event per second; the overage above a traffic package's allowance, accrued
//! as the traffic moves; and the monitoring answers' five-minute series.

use crate::catalog::InternetChargeType;
use crate::model::{Instance, InstanceStatus, Item, ItemState, Target, Traffic, TrafficSegment};
use crate::{ApiError, Timestamp};
use rust_decimal::Decimal;

/// GB in a TB of a traffic package (D-131): decimal units, as bytes and bits are counted.
pub const GB_PER_TB: Decimal = Decimal::from_parts(1000, 0, 0, false, 0);
/// A rate of 1 Mbps moves 1 GB in 8000 seconds (10^6 bits/s, 10^9 bytes per GB).
const MBPS_SECONDS_PER_GB: i64 = 8000;
/// Bytes in a GB.
const BYTES_PER_GB: i64 = 1_000_000_000;
/// The monitoring series' step, in seconds (D-132).
pub const STEP: i64 = 300;
/// The most one control-plane call may add, in GB, and the highest steady rate, in Mbps
/// (D-130): far above any server, far below where exact decimals stop being exact.
pub const MAX_GB: Decimal = Decimal::from_parts(1_000_000_000, 0, 0, false, 0);
pub const MAX_MBPS: Decimal = Decimal::from_parts(10_000_000, 0, 0, false, 0);

/// The outbound allowance in force, in GB (D-131): a ByTrafficPackage instance's package
/// (an upgrade counts from the moment it is bought, while it processes; a downgrade only
/// once it applies at the cycle end), zero when it holds none (POSTPAID pays every GB);
/// `None` for ByBandwidth, whose traffic is not metered against anything.
pub fn allowance_gb(i: &Instance) -> Option<Decimal> {
    if i.internet != InternetChargeType::ByTrafficPackage {
        return None;
    }
    let processing = i
        .pending(Item::TrafficPackage)
        .filter(|p| p.state == ItemState::Processing)
        .and_then(|p| match p.target {
            Target::TrafficPackage(tb) => Some(tb),
            _ => None,
        });
    Some(processing.or(i.traffic_package).unwrap_or(Decimal::ZERO) * GB_PER_TB)
}

/// Adds traffic moved at a known allowance: the outbound GB that cross it are overage.
fn add(i: &mut Instance, out_gb: Decimal, in_gb: Decimal) {
    if let Some(allowance) = allowance_gb(i) {
        let before = i.traffic.out_gb;
        let after = before + out_gb;
        i.traffic.overage_gb +=
            (after - allowance).max(Decimal::ZERO) - (before - allowance).max(Decimal::ZERO);
    }
    i.traffic.out_gb += out_gb;
    i.traffic.in_gb += in_gb;
}

fn segment(
    i: &Instance,
    start: Timestamp,
    end: Timestamp,
    out_gb: Decimal,
    in_gb: Decimal,
) -> TrafficSegment {
    TrafficSegment {
        account_id: i.account_id.clone(),
        instance_id: i.id.clone(),
        start,
        end,
        out_gb,
        in_gb,
    }
}

/// Counts the steady rate up to `at` at the allowance in force (D-130): call it before
/// anything that changes the allowance or the rate. The stretch counted, if any, is
/// returned to be kept for the monitoring series.
pub fn meter(i: &mut Instance, at: Timestamp) -> Option<TrafficSegment> {
    let from = i.traffic.counted_to;
    if at <= from {
        return None;
    }
    i.traffic.counted_to = at;
    if i.traffic.out_mbps <= Decimal::ZERO {
        return None;
    }
    let gb = i.traffic.out_mbps * Decimal::from(at.seconds() - from.seconds())
        / Decimal::from(MBPS_SECONDS_PER_GB);
    add(i, gb, Decimal::ZERO);
    Some(segment(i, from, at, gb, Decimal::ZERO))
}

/// The instance stops sending (a stop, the recycle bin): the rate is counted up to `at`
/// and ends.
pub fn stop(i: &mut Instance, at: Timestamp) -> Option<TrafficSegment> {
    let counted = meter(i, at);
    i.traffic.out_mbps = Decimal::ZERO;
    counted
}

/// What the control plane records (D-130): traffic moved at `at`, and a new steady rate.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Record {
    pub out_gb: Option<Decimal>,
    pub in_gb: Option<Decimal>,
    pub out_mbps: Option<Decimal>,
}

/// Checks what is asked (D-130): amounts and the rate non-negative and bounded, one of
/// them at least; else 400 `INVALID_PARAMETER` naming the field. Runs before the instance
/// is looked at.
pub fn check(asked: &Record) -> Result<(), ApiError> {
    for (field, value, max) in [
        ("outGb", asked.out_gb, MAX_GB),
        ("inGb", asked.in_gb, MAX_GB),
        ("outMbps", asked.out_mbps, MAX_MBPS),
    ] {
        if let Some(v) = value {
            if v.is_sign_negative() || v > max {
                return Err(ApiError::invalid_parameter(format!(
                    "`{field}` must be between 0 and {max}"
                )));
            }
        }
    }
    if asked == &Record::default() {
        return Err(ApiError::invalid_parameter(
            "give `outGb`, `inGb` or `outMbps`",
        ));
    }
    Ok(())
}

/// Records traffic on a RUNNING instance (D-130): the rate so far is counted first, then
/// the amounts are added at `at`, then the new rate runs from `at`. What [`check`] refuses
/// and an instance that is not RUNNING are 400 `INVALID_PARAMETER`, and nothing changes.
pub fn record(
    i: &mut Instance,
    asked: &Record,
    at: Timestamp,
) -> Result<Vec<TrafficSegment>, ApiError> {
    check(asked)?;
    if i.status != InstanceStatus::Running {
        return Err(ApiError::invalid_parameter(format!(
            "instance `{}` is {}; only a RUNNING instance has traffic",
            i.id,
            i.status.name()
        )));
    }
    let mut segments: Vec<TrafficSegment> = meter(i, at).into_iter().collect();
    let (out_gb, in_gb) = (
        asked.out_gb.unwrap_or_default(),
        asked.in_gb.unwrap_or_default(),
    );
    if !(out_gb.is_zero() && in_gb.is_zero()) {
        add(i, out_gb, in_gb);
        segments.push(segment(i, at, at, out_gb, in_gb));
    }
    if let Some(rate) = asked.out_mbps {
        i.traffic.out_mbps = rate;
    }
    Ok(segments)
}

/// The period's usage as the control plane answers it (D-130).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Usage {
    pub cycle_out_gb: Decimal,
    pub allowance_gb: Option<Decimal>,
    pub overage_gb: Decimal,
}

pub fn usage(i: &Instance) -> Usage {
    Usage {
        cycle_out_gb: i.traffic.out_gb.normalize(),
        allowance_gb: allowance_gb(i).map(|a| a.normalize()),
        overage_gb: i.traffic.overage_gb.normalize(),
    }
}

/// The overage of the period, taken out to be charged (D-131): the rate is counted up to
/// `at` (the stretch is returned in the second place), and the period restarts at `at`.
/// Answers the overage GB and where the period began.
pub fn take_overage(
    i: &mut Instance,
    at: Timestamp,
) -> (Decimal, Timestamp, Option<TrafficSegment>) {
    let counted = meter(i, at);
    let since = i.traffic.since.unwrap_or(i.created_at);
    let overage = i.traffic.overage_gb;
    i.traffic = Traffic {
        out_mbps: i.traffic.out_mbps,
        counted_to: i.traffic.counted_to,
        since: Some(at),
        ..Traffic::default()
    };
    (overage, since, counted)
}

/// A monitoring query's window (D-132): both ends RFC 3339, start at or before end, at
/// most 24 hours apart, and start within the last 30 days.
pub fn window(start: &str, end: &str, now: Timestamp) -> Result<(Timestamp, Timestamp), ApiError> {
    let parse = |field: &str, text: &str| {
        Timestamp::parse_rfc3339(text).ok_or_else(|| {
            ApiError::invalid_parameter(format!(
                "`{field}` must be a UTC time such as 2026-01-31T00:00:00Z"
            ))
        })
    };
    let (s, e) = (parse("startTime", start)?, parse("endTime", end)?);
    if e < s {
        return Err(ApiError::invalid_parameter(
            "`endTime` must not be before `startTime`",
        ));
    }
    if e.seconds() - s.seconds() > 86_400 {
        return Err(ApiError::invalid_parameter(
            "`startTime` and `endTime` may be at most 24 hours apart",
        ));
    }
    if s.seconds() < now.seconds() - 30 * 86_400 {
        return Err(ApiError::invalid_parameter(
            "`startTime` must be within the last 30 days",
        ));
    }
    Ok((s, e))
}

/// The points of a window (D-132): every multiple of five minutes in it, up to `now` and
/// from the instance's creation on.
pub fn points(
    window: (Timestamp, Timestamp),
    created: Timestamp,
    now: Timestamp,
) -> Vec<Timestamp> {
    let first = window.0.seconds().max(created.seconds());
    let first = first + (STEP - first.rem_euclid(STEP)) % STEP;
    let last = window.1.min(now).seconds();
    (first..=last)
        .step_by(STEP as usize)
        .map(Timestamp)
        .collect()
}

/// One point of the traffic series: the average rates over the five minutes ending at
/// `time`, and the bytes moved then.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sample {
    pub time: Timestamp,
    pub in_bytes: Decimal,
    pub out_bytes: Decimal,
}

impl Sample {
    pub fn in_bps(&self) -> i64 {
        bps(self.in_bytes)
    }

    pub fn out_bps(&self) -> i64 {
        bps(self.out_bytes)
    }
}

fn bps(bytes: Decimal) -> i64 {
    use rust_decimal::prelude::ToPrimitive;
    (bytes * Decimal::from(8) / Decimal::from(STEP))
        .round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        .to_i64()
        .unwrap_or(i64::MAX)
}

/// The traffic in each five minutes ending at `points` (D-132): a stretch counts in
/// proportion to its overlap, an instant in the five minutes that end at or after it.
pub fn series(segments: &[TrafficSegment], points: &[Timestamp]) -> Vec<Sample> {
    points
        .iter()
        .map(|&t| {
            let (lo, hi) = (t.seconds() - STEP, t.seconds());
            let (mut in_gb, mut out_gb) = (Decimal::ZERO, Decimal::ZERO);
            for s in segments {
                let (a, b) = (s.start.seconds(), s.end.seconds());
                let share = if a == b {
                    if lo < a && a <= hi {
                        Decimal::ONE
                    } else {
                        continue;
                    }
                } else {
                    let overlap = b.min(hi) - a.max(lo);
                    if overlap <= 0 {
                        continue;
                    }
                    Decimal::from(overlap) / Decimal::from(b - a)
                };
                in_gb += s.in_gb * share;
                out_gb += s.out_gb * share;
            }
            let bytes = Decimal::from(BYTES_PER_GB);
            Sample {
                time: t,
                in_bytes: in_gb * bytes,
                out_bytes: out_gb * bytes,
            }
        })
        .collect()
}

/// The stretch of the steady rate not yet counted, from where counting stopped to `now`,
/// for the series to show what the meter will count.
pub fn pending_stretch(i: &Instance, now: Timestamp) -> Option<TrafficSegment> {
    let mut running = i.clone();
    meter(&mut running, now)
}

/// Statistics of one direction of a series (D-132): average, extremes and the 95th
/// percentile (the samples sorted, the top 5 % discarded, the highest left) with the time
/// of its sample.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    pub avg: i64,
    pub max: i64,
    pub min: i64,
    pub p95: i64,
    pub p95_time: Option<Timestamp>,
}

pub fn stats(samples: &[(Timestamp, i64)]) -> Stats {
    if samples.is_empty() {
        return Stats::default();
    }
    let n = samples.len() as i64;
    let mut sorted: Vec<i64> = samples.iter().map(|(_, v)| *v).collect();
    sorted.sort_unstable();
    // The highest sample left once the top 5 % are discarded: index ceil(0.95 n) - 1.
    let index = ((n * 95 + 99) / 100 - 1).max(0) as usize;
    let p95 = sorted[index];
    let sum: i128 = sorted.iter().map(|v| i128::from(*v)).sum();
    Stats {
        avg: ((sum + i128::from(n) / 2) / i128::from(n)) as i64,
        max: sorted[sorted.len() - 1],
        min: sorted[0],
        p95,
        p95_time: samples.iter().find(|(_, v)| *v == p95).map(|(t, _)| *t),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{account, buy, d, fields, T0};
    use zenlocal_wire::Service;

    fn running(charge: &'static str, internet: &'static str) -> Instance {
        let f = fields(Service::Bmc, charge, internet);
        let mut i = buy(Service::Bmc, &f, &account("10000.00", 100)).0;
        i.status = InstanceStatus::Running;
        i
    }

    fn asked(out: &str, rate: Option<&str>) -> Record {
        Record {
            out_gb: Some(d(out)),
            in_gb: None,
            out_mbps: rate.map(d),
        }
    }

    /// D-131: a package of N TB allows N x 1000 GB; a POSTPAID ByTrafficPackage instance
    /// holds none and is allowed nothing; ByBandwidth is not metered.
    #[test]
    fn the_allowance_is_the_package_in_gb() {
        let prepaid = running("PREPAID", "ByTrafficPackage");
        assert_eq!(
            allowance_gb(&prepaid),
            Some(prepaid.traffic_package.unwrap() * d("1000"))
        );
        assert_eq!(
            allowance_gb(&running("POSTPAID", "ByTrafficPackage")),
            Some(Decimal::ZERO)
        );
        assert_eq!(allowance_gb(&running("PREPAID", "ByBandwidth")), None);
    }

    /// D-130, D-131: only outbound GB above the allowance in force are overage, counted
    /// once as they cross it.
    #[test]
    fn overage_is_what_crosses_the_allowance() {
        let mut i = running("PREPAID", "ByTrafficPackage");
        let allowance = allowance_gb(&i).unwrap();
        record(&mut i, &asked(&(allowance - d("10")).to_string(), None), T0).unwrap();
        assert_eq!(i.traffic.overage_gb, Decimal::ZERO);
        let inbound = Record {
            in_gb: Some(d("500")),
            ..Record::default()
        };
        record(&mut i, &inbound, T0).unwrap();
        assert_eq!(i.traffic.overage_gb, Decimal::ZERO, "inbound never counts");
        record(&mut i, &asked("25.5", None), T0.plus(1)).unwrap();
        assert_eq!(i.traffic.overage_gb, d("15.5"));
        record(&mut i, &asked("1", None), T0.plus(2)).unwrap();
        assert_eq!(usage(&i).overage_gb, d("16.5"));
        assert_eq!(usage(&i).cycle_out_gb, allowance + d("16.5"));
    }

    /// D-130: a steady rate becomes usage when the meter is next read, with no event per
    /// second: 40 Mbps for an hour is 18 GB; a stop ends it.
    #[test]
    fn a_steady_rate_is_counted_when_read() {
        let mut i = running("POSTPAID", "ByTrafficPackage");
        let segments = record(
            &mut i,
            &Record {
                out_mbps: Some(d("40")),
                ..Record::default()
            },
            T0,
        )
        .unwrap();
        assert!(segments.is_empty());
        let stretch = meter(&mut i, T0.plus(3600)).unwrap();
        assert_eq!(
            (stretch.start, stretch.end, stretch.out_gb),
            (T0, T0.plus(3600), d("18"))
        );
        assert_eq!(i.traffic.overage_gb, d("18"), "POSTPAID pays every GB");
        assert_eq!(meter(&mut i, T0.plus(3600)), None, "counted once");
        stop(&mut i, T0.plus(7200)).unwrap();
        assert_eq!(i.traffic.out_gb, d("36"));
        assert_eq!(meter(&mut i, T0.plus(9000)), None);
    }

    /// D-130: nothing is recorded on an instance that is not RUNNING, or for a negative
    /// or absent amount; the message names the field.
    #[test]
    fn bad_traffic_is_refused() {
        let mut i = running("PREPAID", "ByTrafficPackage");
        let e = record(&mut i, &asked("-1", None), T0).unwrap_err();
        assert!(e.message.contains("outGb"), "{}", e.message);
        assert_eq!(e.code.status, 400);
        let rate = Record {
            out_mbps: Some(d("10000001")),
            ..Record::default()
        };
        assert!(record(&mut i, &rate, T0)
            .unwrap_err()
            .message
            .contains("outMbps"));
        assert!(record(&mut i, &Record::default(), T0).is_err());
        i.status = InstanceStatus::Stopped;
        assert!(record(&mut i, &asked("1", None), T0)
            .unwrap_err()
            .message
            .contains("RUNNING"));
        assert_eq!(i.traffic, Traffic::default());
    }

    /// D-131: taking the overage restarts the period at that instant.
    #[test]
    fn taking_the_overage_restarts_the_period() {
        let mut i = running("POSTPAID", "ByTrafficPackage");
        record(&mut i, &asked("3", Some("8")), T0).unwrap();
        let (over, since, counted) = take_overage(&mut i, T0.plus(1000));
        assert_eq!((over, since), (d("4"), i.created_at));
        assert_eq!(counted.unwrap().out_gb, d("1"));
        assert_eq!(usage(&i).cycle_out_gb, Decimal::ZERO);
        assert_eq!(i.traffic.since, Some(T0.plus(1000)));
        assert_eq!(i.traffic.out_mbps, d("8"), "the rate runs on");
    }

    /// D-132: points every five minutes of the window, up to now; a stretch counts in
    /// proportion, an instant in the five minutes ending at or after it; the 95th
    /// percentile discards the top 5 %.
    #[test]
    fn the_series_has_a_point_every_five_minutes() {
        let base = Timestamp(1_767_225_600);
        let pts = points((base.plus(36), base.plus(1236)), base, base.plus(900));
        assert_eq!(pts, [base.plus(300), base.plus(600), base.plus(900)]);
        let seg = |start: i64, end: i64, out: &str| TrafficSegment {
            account_id: "a".into(),
            instance_id: "i".into(),
            start: base.plus(start),
            end: base.plus(end),
            out_gb: d(out),
            in_gb: Decimal::ZERO,
        };
        let samples = series(&[seg(0, 600, "6"), seg(600, 600, "1")], &pts);
        assert_eq!(samples[0].out_bytes, d("3000000000"));
        assert_eq!(samples[1].out_bytes, d("4000000000"));
        assert_eq!(samples[1].out_bps(), 106_666_667);
        assert_eq!(samples[2].out_bytes, Decimal::ZERO);
        let values: Vec<(Timestamp, i64)> = (0..20).map(|k| (Timestamp(k), k)).collect();
        let s = stats(&values);
        assert_eq!(
            (s.p95, s.p95_time, s.max, s.min, s.avg),
            (18, Some(Timestamp(18)), 19, 0, 10)
        );
    }

    /// D-132: a window is at most a day, in order, and within the last 30 days.
    #[test]
    fn a_window_is_checked() {
        let now = T0.plus(40 * 86_400);
        let at = |t: Timestamp| t.to_string();
        assert!(window(&at(now.plus(-3600)), &at(now), now).is_ok());
        for (s, e, field) in [
            ("yesterday", at(now), "startTime"),
            (&at(now) as &str, at(now.plus(-1)), "endTime"),
            (&at(now.plus(-86_401)), at(now), "24 hours"),
            (
                &at(now.plus(-31 * 86_400)),
                at(now.plus(-31 * 86_400 + 60)),
                "30 days",
            ),
        ] {
            let e = window(s, &e, now).unwrap_err();
            assert!(e.message.contains(field), "{}", e.message);
        }
    }
}
