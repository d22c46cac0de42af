//! Scheduled events (D-28): everything that happens later is a row with a due time,
//! applied in due-time order, each at its own instant. An event of a resource names it by
//! type and id, so that the applier loads the resource of that type.

use super::instance::InstanceStatus;
use super::item::Item;
use super::resource::ResourceRef;
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
        #[serde(flatten)]
        resource: ResourceRef,
        status: InstanceStatus,
    },
    /// A start or stop completes (D-20).
    #[serde(rename_all = "camelCase")]
    PowerDone {
        account_id: String,
        #[serde(flatten)]
        resource: ResourceRef,
        from: InstanceStatus,
        to: InstanceStatus,
    },
    /// The end of a PREPAID cycle (D-23); stale when the resource's expiry moved.
    #[serde(rename_all = "camelCase")]
    CycleEnd {
        account_id: String,
        #[serde(flatten)]
        resource: ResourceRef,
        expires_at: Timestamp,
    },
    /// POSTPAID usage settlement at a UTC day boundary (D-24).
    #[serde(rename_all = "camelCase")]
    SettleUsage {
        account_id: String,
        #[serde(flatten)]
        resource: ResourceRef,
    },
    /// An immediate plan change finishes processing (D-11).
    #[serde(rename_all = "camelCase")]
    ChangeDone {
        account_id: String,
        #[serde(flatten)]
        resource: ResourceRef,
        item: Item,
    },
    /// Automatic release from the recycle bin (D-25).
    #[serde(rename_all = "camelCase")]
    Release {
        account_id: String,
        #[serde(flatten)]
        resource: ResourceRef,
        recycled_at: Timestamp,
    },
    /// A resource bought is made: an elastic IP or block is AVAILABLE (D-142).
    #[serde(rename_all = "camelCase")]
    Ready {
        account_id: String,
        #[serde(flatten)]
        resource: ResourceRef,
    },
    /// A custom image is made: it becomes AVAILABLE, its instance STOPPED again (D-173).
    #[serde(rename_all = "camelCase")]
    ImageReady {
        account_id: String,
        instance_id: String,
        image_id: String,
    },
    /// A disk's CREATING, ATTACHING, DETACHING or RESIZING is over (D-163).
    #[serde(rename_all = "camelCase")]
    DiskDone {
        account_id: String,
        #[serde(flatten)]
        resource: ResourceRef,
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
            EventKind::Ready { .. } => "READY",
            EventKind::DiskDone { .. } => "DISK_DONE",
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
            | EventKind::ImageReady { account_id, .. }
            | EventKind::Ready { account_id, .. }
            | EventKind::DiskDone { account_id, .. } => account_id,
        }
    }

    /// The resource the event concerns, if any.
    pub fn resource(&self) -> Option<&ResourceRef> {
        match self {
            // A deposit concerns an account; an image is made where its row is (D-173).
            EventKind::Deposit { .. } | EventKind::ImageReady { .. } => None,
            EventKind::Provision { resource, .. }
            | EventKind::PowerDone { resource, .. }
            | EventKind::CycleEnd { resource, .. }
            | EventKind::SettleUsage { resource, .. }
            | EventKind::Release { resource, .. }
            | EventKind::ChangeDone { resource, .. }
            | EventKind::Ready { resource, .. }
            | EventKind::DiskDone { resource, .. } => Some(resource),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduledEvent {
    pub id: i64,
    pub due_at: Timestamp,
    pub kind: EventKind,
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

    #[test]
    fn a_resource_event_names_its_resource_by_type_and_id() {
        let e = EventKind::CycleEnd {
            account_id: "7".into(),
            resource: ResourceRef::instance("12"),
            expires_at: Timestamp(99),
        };
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(
            v,
            json!({"kind": "cycleEnd", "accountId": "7", "resourceType": "INSTANCE",
                   "resourceId": "12", "expiresAt": 99})
        );
        assert_eq!(serde_json::from_value::<EventKind>(v).unwrap(), e);
        assert_eq!(e.resource(), Some(&ResourceRef::instance("12")));
    }
}
