//! A bmc or vm instance as stored: its configuration, its status (D-20), its
//! subscription (D-22 to D-25) and its plan items with the changes pending on them
//! (D-11, D-13).

use super::item::{Item, PendingChange, Target};
use super::setup::Setup;
use super::subscription::Subscription;
use super::traffic::Traffic;
use crate::catalog::{Catalog, ChargeType, InternetChargeType, Offer};
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
#[serde(from = "StoredInstance")]
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

/// An instance as stored: [`Instance`] with the fields of its [`Subscription`] among its
/// own, read through this struct instead of `#[serde(flatten)]`, which gathers every field
/// of the object in a buffer of its own (allocating each name and value) before reading
/// any: reading an instance took twice as long.
#[derive(Deserialize)]
struct StoredInstance {
    id: String,
    account_id: String,
    service: Service,
    zone_id: String,
    product: String,
    name: String,
    hostname: Option<String>,
    image_id: Option<String>,
    ipxe_url: Option<String>,
    key_id: Option<String>,
    resource_group_id: Option<String>,
    charge_type: ChargeType,
    period: Option<i64>,
    expires_at: Option<Timestamp>,
    auto_renew: bool,
    recycled_at: Option<Timestamp>,
    usage_hours: i64,
    usage_unsettled: Decimal,
    #[serde(default)]
    usage_settled_at: Option<Timestamp>,
    internet: InternetChargeType,
    bandwidth: i64,
    traffic_package: Option<Decimal>,
    status: InstanceStatus,
    created_at: Timestamp,
    private_ip: String,
    public_ip: String,
    #[serde(default)]
    subnet_id: Option<String>,
    #[serde(default)]
    security_group_ids: Vec<String>,
    #[serde(default)]
    tags: Vec<Tag>,
    #[serde(default)]
    pending: Vec<PendingChange>,
    #[serde(default)]
    setup: Setup,
    #[serde(default)]
    ipmi_enabled: bool,
    #[serde(default)]
    traffic: Traffic,
}

impl From<StoredInstance> for Instance {
    fn from(s: StoredInstance) -> Instance {
        Instance {
            id: s.id,
            account_id: s.account_id,
            service: s.service,
            zone_id: s.zone_id,
            product: s.product,
            name: s.name,
            hostname: s.hostname,
            image_id: s.image_id,
            ipxe_url: s.ipxe_url,
            key_id: s.key_id,
            resource_group_id: s.resource_group_id,
            billing: Subscription {
                charge_type: s.charge_type,
                period: s.period,
                expires_at: s.expires_at,
                auto_renew: s.auto_renew,
                recycled_at: s.recycled_at,
                usage_hours: s.usage_hours,
                usage_unsettled: s.usage_unsettled,
                usage_settled_at: s.usage_settled_at,
            },
            internet: s.internet,
            bandwidth: s.bandwidth,
            traffic_package: s.traffic_package,
            status: s.status,
            created_at: s.created_at,
            private_ip: s.private_ip,
            public_ip: s.public_ip,
            subnet_id: s.subnet_id,
            security_group_ids: s.security_group_ids,
            tags: s.tags,
            pending: s.pending,
            setup: s.setup,
            ipmi_enabled: s.ipmi_enabled,
            traffic: s.traffic,
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{account, buy, fields};

    /// Stored instances read back as written, the subscription's fields among the
    /// instance's own; fields added since the first stores may be absent.
    #[test]
    fn an_instance_reads_back_as_stored() {
        for (service, charge, internet) in [
            (Service::Bmc, "PREPAID", "ByTrafficPackage"),
            (Service::Vm, "POSTPAID", "ByBandwidth"),
        ] {
            let f = fields(service, charge, internet);
            let mut i = buy(service, &f, &account("10000.00", 100)).0;
            i.billing.usage_settled_at = Some(Timestamp(7));
            i.security_group_ids = vec!["sg-1".into()];
            let json = serde_json::to_value(&i).unwrap();
            assert_eq!(json["charge_type"], charge);
            assert!(json.get("billing").is_none());
            assert_eq!(serde_json::from_value::<Instance>(json.clone()).unwrap(), i);
            let mut old = json;
            for absent in [
                "usage_settled_at",
                "subnet_id",
                "security_group_ids",
                "tags",
                "pending",
                "setup",
                "ipmi_enabled",
                "traffic",
            ] {
                old.as_object_mut().unwrap().remove(absent);
            }
            old["unknown_field"] = serde_json::json!(1);
            let read: Instance = serde_json::from_value(old).unwrap();
            assert_eq!(read.billing.usage_settled_at, None);
            assert!(read.security_group_ids.is_empty() && read.pending.is_empty());
            assert_eq!(read.billing.charge_type, i.billing.charge_type);
        }
    }
}
