//! Control-plane bodies that the server and the Rust client share (README "The control
//! plane"). Amounts are decimal strings.

use serde::{Deserialize, Serialize};

/// `POST /_zenlocal/instances/{instanceId}/traffic` (docs/decisions.md D-130): traffic
/// moved now, and a steady outbound rate that time turns into usage (`"0"` stops it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TrafficRecord {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub out_gb: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_gb: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub out_mbps: Option<String>,
}

/// The answer: the current billing period's outbound GB, the allowance in force (null
/// for ByBandwidth, which has none) and the overage accrued so far, in GB.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TrafficUsage {
    pub instance_id: String,
    pub cycle_out_gb: String,
    pub allowance_gb: Option<String>,
    pub overage_gb: String,
}

/// A test clock (docs/decisions.md D-181), as `POST`/`GET /_zenlocal/clocks` answer it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TestClockView {
    pub clock_id: String,
    pub name: String,
    /// RFC 3339.
    pub now: String,
}

/// `GET /_zenlocal/clocks`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestClockList {
    pub clocks: Vec<TestClockView>,
}

/// What an advance answers, of the global clock or a test clock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Advanced {
    /// RFC 3339.
    pub now: String,
    pub events_applied: u64,
}
