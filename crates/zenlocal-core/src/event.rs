//! Scheduled events (D-28): everything that happens later is a row with a due time,
//! applied in due-time order, each at its own instant.

use crate::account::{self, Account, LedgerEntry, TransactionType};
use crate::instance::InstanceStatus;
use crate::Timestamp;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// What an event does when it falls due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum EventKind {
    /// A deposit booked for a future instant (`POST /_zenlocal/accounts/{id}/deposit`
    /// with `at`), e.g. to simulate a top-up arriving mid-cycle.
    #[serde(rename_all = "camelCase")]
    Deposit { account_id: String, amount: Decimal },
    /// The next provisioning step of a new instance (D-20).
    #[serde(rename_all = "camelCase")]
    Provision {
        account_id: String,
        instance_id: String,
        status: InstanceStatus,
    },
    /// A start or stop completes (D-20).
    #[serde(rename_all = "camelCase")]
    PowerDone {
        account_id: String,
        instance_id: String,
        from: InstanceStatus,
        to: InstanceStatus,
    },
    /// The end of a PREPAID cycle (D-23); stale when the instance's expiry moved.
    #[serde(rename_all = "camelCase")]
    CycleEnd {
        account_id: String,
        instance_id: String,
        expires_at: Timestamp,
    },
    /// POSTPAID usage settlement at a UTC day boundary (D-24).
    #[serde(rename_all = "camelCase")]
    SettleUsage {
        account_id: String,
        instance_id: String,
    },
    /// An immediate plan change finishes processing (D-11).
    #[serde(rename_all = "camelCase")]
    ChangeDone {
        account_id: String,
        instance_id: String,
        item: crate::plan::Item,
    },
    /// Automatic release from the recycle bin (D-25).
    #[serde(rename_all = "camelCase")]
    Release {
        account_id: String,
        instance_id: String,
        recycled_at: Timestamp,
    },
    /// A custom image is made: it becomes AVAILABLE, its instance STOPPED again (D-173).
    #[serde(rename_all = "camelCase")]
    ImageReady {
        account_id: String,
        instance_id: String,
        image_id: String,
    },
}

impl EventKind {
    pub fn name(&self) -> &'static str {
        match self {
            EventKind::Deposit { .. } => "DEPOSIT",
            EventKind::Provision { .. } => "PROVISION",
            EventKind::PowerDone { .. } => "POWER_DONE",
            EventKind::CycleEnd { .. } => "CYCLE_END",
            EventKind::SettleUsage { .. } => "SETTLE_USAGE",
            EventKind::Release { .. } => "RELEASE",
            EventKind::ChangeDone { .. } => "CHANGE_DONE",
            EventKind::ImageReady { .. } => "IMAGE_READY",
        }
    }

    /// The account the event belongs to.
    pub fn account_id(&self) -> &str {
        match self {
            EventKind::Deposit { account_id, .. }
            | EventKind::Provision { account_id, .. }
            | EventKind::PowerDone { account_id, .. }
            | EventKind::CycleEnd { account_id, .. }
            | EventKind::SettleUsage { account_id, .. }
            | EventKind::Release { account_id, .. }
            | EventKind::ChangeDone { account_id, .. }
            | EventKind::ImageReady { account_id, .. } => account_id,
        }
    }

    /// The instance the event concerns, if any.
    pub fn instance_id(&self) -> Option<&str> {
        match self {
            EventKind::Deposit { .. } => None,
            EventKind::Provision { instance_id, .. }
            | EventKind::PowerDone { instance_id, .. }
            | EventKind::CycleEnd { instance_id, .. }
            | EventKind::SettleUsage { instance_id, .. }
            | EventKind::Release { instance_id, .. }
            | EventKind::ChangeDone { instance_id, .. }
            | EventKind::ImageReady { instance_id, .. } => Some(instance_id),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduledEvent {
    pub id: i64,
    pub due_at: Timestamp,
    pub kind: EventKind,
}

/// The ledger effect of a deposit falling due at `at`.
pub fn apply_deposit(account: &Account, amount: Decimal, at: Timestamp) -> (Account, LedgerEntry) {
    account::post(
        account,
        TransactionType::Recharge,
        amount,
        None,
        "scheduled deposit",
        at,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn payload_is_tagged_json() {
        let e = EventKind::Deposit {
            account_id: "7".into(),
            amount: Decimal::new(1250, 2),
        };
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(
            v,
            json!({"kind": "deposit", "accountId": "7", "amount": "12.50"})
        );
        assert_eq!(serde_json::from_value::<EventKind>(v).unwrap(), e);
    }
}
