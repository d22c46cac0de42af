//! A bmc elastic IP or IP block (docs/decisions.md D-141): public addresses bought as one
//! billable resource, with its subscription (D-22 to D-25) and, for an elastic IP, the
//! instance it is associated with.

use super::resource::{ResourceRef, ResourceType};
use super::subscription::Subscription;
use crate::catalog::IpProduct;
use crate::ipam::Family;
use crate::Timestamp;
use ipnet::IpNet;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use zenlocal_wire::model::common::Tag;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum IpBlockStatus {
    /// Just bought; AVAILABLE after the processing time (D-142).
    Creating,
    Available,
    /// An elastic IP associated with an instance.
    Associated,
    /// Terminated or not renewed; released after the recycle time (D-25).
    Recycle,
}

crate::names::named!(IpBlockStatus, "IP block status" {
    Creating => "CREATING",
    Available => "AVAILABLE",
    Associated => "ASSOCIATED",
    Recycle => "RECYCLE",
});

/// One elastic IP or IP block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IpBlock {
    pub id: String,
    pub account_id: String,
    pub product: IpProduct,
    /// The zone whose public addresses it holds; `None` for a customer's own block.
    pub zone_id: Option<String>,
    /// Its addresses: a `/32` for an elastic IP.
    pub net: IpNet,
    pub name: Option<String>,
    pub status: IpBlockStatus,
    /// The instance an elastic IP is associated with.
    pub instance_id: Option<String>,
    pub resource_group_id: Option<String>,
    #[serde(default)]
    pub tags: Vec<Tag>,
    pub created_at: Timestamp,
    /// A customer's own block (BYOIP): its BYOIP id and the ASN announcing it.
    pub byoip: Option<Byoip>,
    #[serde(flatten)]
    pub billing: Subscription,
}

/// What CreateByoip records of a customer's own block (D-146).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Byoip {
    pub id: String,
    pub asn: i64,
}

impl IpBlock {
    /// How orders and events name it: `EIP` or `CIDR_BLOCK`.
    pub fn resource(&self) -> ResourceRef {
        ResourceRef {
            kind: match self.product {
                IpProduct::Eip => ResourceType::Eip,
                IpProduct::Ipv4Block | IpProduct::Ipv6Block => ResourceType::CidrBlock,
            },
            id: self.id.clone(),
        }
    }

    pub fn family(&self) -> Family {
        Family::of(&self.net)
    }

    /// The units its price is per (D-143): each address of an IPv4 range, an IPv6 block
    /// as a whole.
    pub fn units(&self) -> Decimal {
        units(self.family(), self.net.prefix_len())
    }
}

/// The units an offer prices a range of `prefix` in (D-143).
pub fn units(family: Family, prefix: u8) -> Decimal {
    match family {
        Family::V4 => Decimal::from(1u64 << u32::from(32 - prefix.min(32))),
        Family::V6 => Decimal::ONE,
    }
}
