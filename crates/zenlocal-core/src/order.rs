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

impl OrderKind {
    pub fn name(self) -> &'static str {
        match self {
            OrderKind::Create => "CREATE",
            OrderKind::Renew => "RENEW",
            OrderKind::Bandwidth => "BANDWIDTH",
            OrderKind::TrafficPackage => "TRAFFIC_PACKAGE",
            OrderKind::InstanceType => "INSTANCE_TYPE",
        }
    }

    pub fn parse(name: &str) -> Option<OrderKind> {
        [
            OrderKind::Create,
            OrderKind::Renew,
            OrderKind::Bandwidth,
            OrderKind::TrafficPackage,
            OrderKind::InstanceType,
        ]
        .into_iter()
        .find(|k| k.name() == name)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum OrderStatus {
    Paid,
    Scheduled,
    Applied,
    Cancelled,
}

impl OrderStatus {
    pub fn name(self) -> &'static str {
        match self {
            OrderStatus::Paid => "PAID",
            OrderStatus::Scheduled => "SCHEDULED",
            OrderStatus::Applied => "APPLIED",
            OrderStatus::Cancelled => "CANCELLED",
        }
    }

    pub fn parse(name: &str) -> Option<OrderStatus> {
        [
            OrderStatus::Paid,
            OrderStatus::Scheduled,
            OrderStatus::Applied,
            OrderStatus::Cancelled,
        ]
        .into_iter()
        .find(|s| s.name() == name)
    }
}

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
