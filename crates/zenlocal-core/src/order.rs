//! Orders: what was bought, changed or renewed, and for how much (D-29).

use crate::Timestamp;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum OrderKind {
    Create,
    Renew,
    Bandwidth,
    TrafficPackage,
    InstanceType,
}

crate::names::named!(OrderKind, "order kind" {
    Create => "CREATE",
    Renew => "RENEW",
    Bandwidth => "BANDWIDTH",
    TrafficPackage => "TRAFFIC_PACKAGE",
    InstanceType => "INSTANCE_TYPE",
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum OrderStatus {
    Paid,
    Scheduled,
    Applied,
    Cancelled,
}

crate::names::named!(OrderStatus, "order status" {
    Paid => "PAID",
    Scheduled => "SCHEDULED",
    Applied => "APPLIED",
    Cancelled => "CANCELLED",
});

/// One order line: an order number covers every instance of one CreateInstances call,
/// with a line (and its share of the amount) per instance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    pub number: String,
    pub account_id: String,
    pub instance_id: String,
    pub kind: OrderKind,
    pub from: Option<String>,
    pub to: Option<String>,
    pub amount: Decimal,
    pub status: OrderStatus,
    pub created_at: Timestamp,
    pub effective_at: Timestamp,
}
