//! Plan items (D-11 to D-13): bandwidth, traffic package and (vm) model, each with its
//! own state, and the change pending on one.

use super::order::{Order, OrderKind};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Item {
    Bandwidth,
    TrafficPackage,
    Model,
}

/// A target value of one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "item", content = "value", rename_all = "camelCase")]
pub enum Target {
    Bandwidth(i64),
    TrafficPackage(Decimal),
    Model(String),
}

impl Target {
    pub fn item(&self) -> Item {
        match self {
            Target::Bandwidth(_) => Item::Bandwidth,
            Target::TrafficPackage(_) => Item::TrafficPackage,
            Target::Model(_) => Item::Model,
        }
    }

    /// The value as an order shows it in `from` and `to`.
    pub fn text(&self) -> String {
        match self {
            Target::Bandwidth(v) => v.to_string(),
            Target::TrafficPackage(v) => v.normalize().to_string(),
            Target::Model(v) => v.clone(),
        }
    }

    pub fn order_kind(&self) -> OrderKind {
        match self {
            Target::Bandwidth(_) => OrderKind::Bandwidth,
            Target::TrafficPackage(_) => OrderKind::TrafficPackage,
            Target::Model(_) => OrderKind::InstanceType,
        }
    }
}

/// The state of an item with a change pending; with none it is `Enable`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ItemState {
    /// An immediate change under way (D-11).
    Processing,
    /// A PREPAID downgrade scheduled for the cycle end (D-13).
    WaitToEnable,
}

impl ItemState {
    pub fn name(self) -> &'static str {
        match self {
            ItemState::Processing => "Processing",
            ItemState::WaitToEnable => "WaitToEnable",
        }
    }
}

/// A change under way or scheduled, with the order it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingChange {
    pub state: ItemState,
    pub target: Target,
    pub order: Option<Order>,
}
