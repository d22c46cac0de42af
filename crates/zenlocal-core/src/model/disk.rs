//! A vm disk as stored (docs/decisions.md D-160 to D-169): a zone resource of a catalog
//! category, a system or data disk, attached to at most one instance, and billed either
//! on its own subscription or with the instance that bought it.

use super::subscription::Subscription;
use crate::Timestamp;
use serde::{Deserialize, Serialize};
use zenlocal_wire::model::common::Tag;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DiskType {
    System,
    Data,
}

crate::names::named!(DiskType, "disk type" {
    System => "SYSTEM",
    Data => "DATA",
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DiskStatus {
    /// Being made, for the disk time (D-163).
    Creating,
    /// Made and attached to no instance.
    Available,
    Attaching,
    /// Attached to its instance.
    InUse,
    Detaching,
    /// ResizeDisk's processing time (D-166).
    Resizing,
    /// In the recycle bin (D-167).
    Recycled,
}

crate::names::named!(DiskStatus, "disk status" {
    Creating => "CREATING",
    Available => "AVAILABLE",
    Attaching => "ATTACHING",
    InUse => "IN_USE",
    Detaching => "DETACHING",
    Resizing => "RESIZING",
    Recycled => "RECYCLED",
});

impl DiskStatus {
    /// A state the disk time ends (D-163).
    pub fn transient(self) -> bool {
        matches!(
            self,
            DiskStatus::Creating
                | DiskStatus::Attaching
                | DiskStatus::Detaching
                | DiskStatus::Resizing
        )
    }
}

/// One vm disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disk {
    pub id: String,
    pub account_id: String,
    pub zone_id: String,
    pub name: String,
    /// A disk category of the zone in the catalog, e.g. `STANDARD`.
    pub category: String,
    /// GB.
    pub size: i64,
    pub kind: DiskType,
    /// Whether it may be detached, and survives its instance's release (D-161).
    pub portable: bool,
    pub status: DiskStatus,
    /// The instance it is attached to, or being attached to.
    pub instance_id: Option<String>,
    pub resource_group_id: Option<String>,
    pub created_at: Timestamp,
    /// The instance whose plan pays for it (D-160); `None` when it is billed on its own.
    pub paid_with: Option<String>,
    /// Its own subscription; unused while `paid_with` is set (D-160).
    pub billing: Subscription,
    #[serde(default)]
    pub tags: Vec<Tag>,
}
