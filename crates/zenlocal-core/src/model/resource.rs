//! A resource named by its type and id: what an order line or a scheduled event concerns
//! (every billable resource — instances, elastic IPs, IP blocks, disks — is charged through
//! the one billing path, `crate::billing`), and what holds an address (D-140).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ResourceType {
    /// A bmc or vm instance.
    Instance,
    /// A bmc elastic IP (D-141).
    Eip,
    /// A bmc IPv4 or IPv6 block (D-141).
    CidrBlock,
    /// A vm disk billed on its own (D-160).
    Disk,
    /// A subnet (D-150, D-223).
    Subnet,
    /// A vm VPC, holding its range in its zone (D-228).
    Vpc,
}

crate::names::named!(ResourceType, "resource type" {
    Instance => "INSTANCE",
    Eip => "EIP",
    CidrBlock => "CIDR_BLOCK",
    Disk => "DISK",
    Subnet => "SUBNET",
    Vpc => "VPC",
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

    pub fn eip(id: impl Into<String>) -> ResourceRef {
        ResourceRef {
            kind: ResourceType::Eip,
            id: id.into(),
        }
    }

    pub fn cidr_block(id: impl Into<String>) -> ResourceRef {
        ResourceRef {
            kind: ResourceType::CidrBlock,
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
            ResourceType::Eip
            | ResourceType::CidrBlock
            | ResourceType::Disk
            | ResourceType::Subnet
            | ResourceType::Vpc => None,
        }
    }
}
