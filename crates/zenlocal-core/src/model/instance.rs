//! A bmc or vm instance as stored: its configuration, its status (D-20), its
//! subscription (D-22 to D-25) and its plan items with the changes pending on them
//! (D-11, D-13).

use super::item::{Item, PendingChange, Target};
use super::setup::Setup;
use super::subscription::Subscription;
use super::traffic::Traffic;
use crate::catalog::{Catalog, InternetChargeType, Offer};
use crate::price::Plan;
use crate::Timestamp;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use zenlocal_wire::model::common::Tag;
use zenlocal_wire::Service;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum InstanceStatus {
    Pending,
    Creating,
    Installing,
    Running,
    Stopping,
    Stopped,
    Booting,
    /// vm: CreateImage copies the system disk; nothing else may be done meanwhile (D-173).
    Imaging,
    /// vm: RebootInstances, for the power time (D-121).
    Reboot,
    /// vm: ResetInstance reinstalls the system disk, for the reinstall time (D-122).
    Rebuilding,
    Recycle,
    /// Provisioning failed, as a `provisioningFails` fault makes it (D-199): billed no
    /// more; TerminateInstance deletes it and refunds what it paid.
    CreateFailed,
}

crate::names::named!(InstanceStatus, "instance status" {
    Pending => "PENDING",
    Creating => "CREATING",
    Installing => "INSTALLING",
    Running => "RUNNING",
    Stopping => "STOPPING",
    Stopped => "STOPPED",
    Booting => "BOOTING",
    Imaging => "IMAGING",
    CreateFailed => "CREATE_FAILED",
    Reboot => "REBOOT",
    Rebuilding => "REBUILDING",
    Recycle => "RECYCLE",
});

impl InstanceStatus {
    /// Still being provisioned (D-20).
    pub fn provisioning(self) -> bool {
        matches!(
            self,
            InstanceStatus::Pending | InstanceStatus::Creating | InstanceStatus::Installing
        )
    }
}

/// One bmc or vm instance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instance {
    pub id: String,
    pub account_id: String,
    pub service: Service,
    pub zone_id: String,
    /// The bmc instance type or the vm model.
    pub product: String,
    pub name: String,
    pub hostname: Option<String>,
    pub image_id: Option<String>,
    pub ipxe_url: Option<String>,
    pub key_id: Option<String>,
    pub resource_group_id: Option<String>,
    /// Stored among the instance's own fields, as before billing had a type of its own.
    #[serde(flatten)]
    pub billing: Subscription,
    pub internet: InternetChargeType,
    /// Mbps.
    pub bandwidth: i64,
    /// TB; `None` for ByBandwidth and for POSTPAID ByTrafficPackage (D-22).
    pub traffic_package: Option<Decimal>,
    pub status: InstanceStatus,
    pub created_at: Timestamp,
    /// The subnet's address when the instance is in one (D-154), else a made-up one.
    pub private_ip: String,
    pub public_ip: String,
    /// The subnet it is in: the one it was created in, or a bmc one it joined (D-154,
    /// D-226).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subnet_id: Option<String>,
    /// The vm security groups applied to it, at most two (D-158).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub security_group_ids: Vec<String>,
    #[serde(default)]
    pub tags: Vec<Tag>,
    /// Plan changes under way or scheduled, at most one per item (D-11, D-13).
    #[serde(default)]
    pub pending: Vec<PendingChange>,
    /// What CreateInstances or a reinstall set that no rule reads (D-124).
    #[serde(default)]
    pub setup: Setup,
    /// bmc: whether an IPMI password was set, at creation or since (D-128).
    #[serde(default)]
    pub ipmi_enabled: bool,
    /// Its public traffic (D-130).
    #[serde(default)]
    pub traffic: Traffic,
}

impl Instance {
    pub fn plan(&self) -> Plan {
        Plan {
            internet: self.internet,
            bandwidth: self.bandwidth,
            package: self.traffic_package,
        }
    }

    pub fn offer<'c>(&self, catalog: &'c Catalog) -> Option<&'c Offer> {
        catalog.offer(self.service, &self.zone_id, &self.product)
    }

    /// The value an item has now; `None` for a package the instance does not hold.
    pub fn current(&self, item: Item) -> Option<Target> {
        match item {
            Item::Bandwidth => Some(Target::Bandwidth(self.bandwidth)),
            Item::TrafficPackage => self.traffic_package.map(Target::TrafficPackage),
            Item::Model => Some(Target::Model(self.product.clone())),
        }
    }

    /// The change pending on an item, if any.
    pub fn pending(&self, item: Item) -> Option<&PendingChange> {
        self.pending.iter().find(|p| p.target.item() == item)
    }

    /// Gives an item the target's value.
    pub fn set(&mut self, target: &Target) {
        match target {
            Target::Bandwidth(v) => self.bandwidth = *v,
            Target::TrafficPackage(v) => self.traffic_package = Some(*v),
            Target::Model(v) => self.product = v.clone(),
        }
    }
}
