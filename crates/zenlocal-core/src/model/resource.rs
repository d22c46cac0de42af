//! What an order line or a scheduled event concerns: a billable resource, named by its
//! type and id. Every billable resource is charged through the one billing path
//! (`crate::billing`): instances and disks.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ResourceType {
    /// A bmc or vm instance.
    Instance,
    /// A vm disk billed on its own (D-160).
    Disk,
}

crate::names::named!(ResourceType, "resource type" {
    Instance => "INSTANCE",
    Disk => "DISK",
});

/// A resource by type and id. Stored flattened into the rows and payloads that name it,
/// as `resourceType` and `resourceId`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ResourceRef {
    #[serde(rename = "resourceType")]
    pub kind: ResourceType,
    #[serde(rename = "resourceId")]
    pub id: String,
}

impl ResourceRef {
    pub fn instance(id: impl Into<String>) -> ResourceRef {
        ResourceRef {
            kind: ResourceType::Instance,
            id: id.into(),
        }
    }

    pub fn disk(id: impl Into<String>) -> ResourceRef {
        ResourceRef {
            kind: ResourceType::Disk,
            id: id.into(),
        }
    }

    /// The instance's id, when the resource is an instance.
    pub fn instance_id(&self) -> Option<&str> {
        match self.kind {
            ResourceType::Instance => Some(&self.id),
            ResourceType::Disk => None,
        }
    }
}
