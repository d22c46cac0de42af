//! Orders: what was bought, changed or renewed, for which resource, and for how much
//! (D-29).

use super::resource::ResourceRef;
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
    /// POSTPAID hours settled (D-24, D-134).
    Usage,
    /// Outbound traffic above the allowance (D-131).
    TrafficOverage,
    /// ResizeDisk (D-166).
    DiskSize,
    /// What an instance whose creation failed had paid, given back (D-199).
    Refund,
}

crate::names::named!(OrderKind, "order kind" {
    Create => "CREATE",
    Renew => "RENEW",
    Bandwidth => "BANDWIDTH",
    TrafficPackage => "TRAFFIC_PACKAGE",
    InstanceType => "INSTANCE_TYPE",
    Usage => "USAGE",
    TrafficOverage => "TRAFFIC_OVERAGE",
    DiskSize => "DISK_SIZE",
    Refund => "REFUND",
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
    /// What the line buys, changes or renews.
    #[serde(flatten)]
    pub resource: ResourceRef,
    pub kind: OrderKind,
    pub from: Option<String>,
    pub to: Option<String>,
    pub amount: Decimal,
    pub status: OrderStatus,
    pub created_at: Timestamp,
    pub effective_at: Timestamp,
}

impl Order {
    /// A line of order `number` for `resource`, PAID at `at` for nothing: the caller sets
    /// what it is for (`from`, `to`), its amount, and a later status.
    pub fn new(
        number: &str,
        account_id: &str,
        resource: ResourceRef,
        kind: OrderKind,
        at: Timestamp,
    ) -> Order {
        Order {
            number: number.to_owned(),
            account_id: account_id.to_owned(),
            resource,
            kind,
            from: None,
            to: None,
            amount: Decimal::ZERO,
            status: OrderStatus::Paid,
            created_at: at,
            effective_at: at,
        }
    }
}
