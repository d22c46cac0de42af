//! An instance's public traffic as metered (docs/decisions.md D-130 to D-133): what moved
//! in the current billing period, the steady rate that keeps moving it, and the overage
//! accrued above the allowance; and the stretches of traffic kept for the monitoring
//! answers.

use crate::Timestamp;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The meter of one instance, stored with it. Counts restart at each settlement of the
/// period (the PREPAID cycle end; each UTC midnight for POSTPAID).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Traffic {
    /// A steady outbound rate in Mbps that time turns into usage; 0 for none.
    pub out_mbps: Decimal,
    /// How far the steady rate has been counted.
    pub counted_to: Timestamp,
    /// Where the period being metered started; `None` before any traffic.
    pub since: Option<Timestamp>,
    /// Outbound GB of the period.
    pub out_gb: Decimal,
    /// Inbound GB of the period.
    pub in_gb: Decimal,
    /// Outbound GB of the period above the allowance in force when they moved, not yet
    /// charged.
    pub overage_gb: Decimal,
}

/// Traffic of one instance over `[start, end]`: spread evenly over it, or all at one
/// instant when `start == end`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrafficSegment {
    pub account_id: String,
    pub instance_id: String,
    pub start: Timestamp,
    pub end: Timestamp,
    pub out_gb: Decimal,
    pub in_gb: Decimal,
}
