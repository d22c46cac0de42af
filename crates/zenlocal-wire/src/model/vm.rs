//! vm 2023-03-13 and 2026-04-01.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.DescribeZonesRequest")]
#[serde(rename_all = "camelCase")]
pub struct DescribeZonesRequest {
    /// Only these zone IDs; omitted = all zones.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone_ids: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.DescribeZonesResponse")]
#[serde(rename_all = "camelCase")]
pub struct DescribeZonesResponse {
    /// Zones available to the account.
    pub zone_set: Vec<ZoneInfo>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.ZoneInfo")]
#[serde(rename_all = "camelCase")]
pub struct ZoneInfo {
    /// Zone ID, e.g. FRA-A.
    pub zone_id: String,
    /// Zone name.
    pub zone_name: String,
    /// Whether instances in the zone can use security groups.
    pub support_security_group: bool,
    /// Network type the zone offers: CLASSICS (classic) or VPC.
    pub support_network_type: String,
    /// Whether public IPv6 is offered in the zone.
    pub support_ipv6: bool,
    /// Whether CPU passthrough can be enabled in the zone.
    pub support_cpu_pass_through: bool,
    /// Network line of the zone, e.g. BGP, CN2, Cogent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-since" = "2026-04-01"))]
    pub network_line_type: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.DescribeZoneInstanceConfigInfosRequest")]
#[serde(rename_all = "camelCase")]
pub struct DescribeZoneInstanceConfigInfosRequest {
    /// Billing model to list models for: PREPAID or POSTPAID.
    pub instance_charge_type: String,
    /// Only this zone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone_id: Option<String>,
    /// Only this model ID, e.g. c.1c2g.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_type: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.DescribeZoneInstanceConfigInfosResponse")]
#[serde(rename_all = "camelCase")]
pub struct DescribeZoneInstanceConfigInfosResponse {
    /// One entry per (zone, model) sold with that billing model.
    pub instance_type_quota_set: Vec<InstanceTypeQuotaItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.InstanceTypeQuotaItem")]
#[serde(rename_all = "camelCase")]
pub struct InstanceTypeQuotaItem {
    /// Zone of the offer.
    pub zone_id: String,
    /// Model ID (used by CreateInstances.instanceType and ModifyInstanceType.instanceTypeId), e.g. c.4c8g.
    pub instance_type: String,
    /// Model display name, e.g. "Compute Optimized 4C8G".
    pub instance_type_name: String,
    /// vCPUs.
    pub cpu_count: i64,
    /// Memory in GiB.
    pub memory: i64,
    /// CPU frequency, as text.
    pub frequency: String,
    /// Highest public outbound bandwidth of the model (Mbps); -1 = no speed limit offered.
    pub internet_max_bandwidth_out_limit: i64,
    /// Network billing models sold with this model.
    pub internet_charge_types: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.DescribeImagesRequest")]
#[serde(rename_all = "camelCase")]
pub struct DescribeImagesRequest {
    /// Zone whose images to list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone_id: Option<String>,
    /// Only these image IDs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_ids: Option<Vec<String>>,
    /// Only images with this name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_name: Option<String>,
    /// Only this OS family, e.g. CentOS, Ubuntu, Windows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Only PUBLIC_IMAGE or CUSTOM_IMAGE.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_type: Option<String>,
    /// Only windows or linux.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub os_type: Option<String>,
    /// Only images in this state: CREATING, AVAILABLE, UNAVAILABLE.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_status: Option<String>,
    /// Page number, 1-based (default 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_num: Option<i64>,
    /// Page size (default 20, max 1000).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_size: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.DescribeImagesResponse")]
#[serde(rename_all = "camelCase")]
pub struct DescribeImagesResponse {
    /// Number of images matching (all pages).
    pub total_count: i64,
    /// Images of the requested page.
    pub data_set: Vec<ImageInfo>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.ImageInfo")]
#[serde(rename_all = "camelCase")]
pub struct ImageInfo {
    /// Image ID.
    pub image_id: String,
    /// Image name, e.g. "CentOS 7.9 64bit".
    pub image_name: String,
    /// PUBLIC_IMAGE (provided) or CUSTOM_IMAGE (the account's own).
    pub image_type: String,
    /// Image size in GB, as a string (e.g. "20").
    pub image_size: String,
    /// Description; null when unset.
    pub image_description: Option<String>,
    /// OS version, e.g. "18.04".
    pub image_version: String,
    /// Image state: CREATING, AVAILABLE or UNAVAILABLE.
    pub image_status: String,
    /// OS family, e.g. CentOS, Ubuntu, Windows.
    pub category: String,
    /// windows or linux.
    pub os_type: String,
}

pub use super::common::{
    ChargePostpaid, ChargePrepaid, MarketingInfo, Nic, Price, Tag, TagAssociation,
};
use super::Decimal;

mod disks;
pub use disks::*;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.SystemDisk")]
#[serde(rename_all = "camelCase")]
pub struct SystemDisk {
    /// System disk ID; output only (DescribeInstances).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disk_id: Option<String>,
    /// System disk size in GB.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-cli-alias" = "system-disk-size", "x-cli-value" = "GB"))]
    pub disk_size: Option<i64>,
    /// Disk category: STANDARD or SSD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-cli-alias" = "system-disk-category"))]
    pub disk_category: Option<String>,
}

/// A data disk a request asks for: [`DataDisk`] without the price only answers carry, so
/// that a request holds nothing decoded leniently (D-113).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.DataDiskSpec")]
#[serde(rename_all = "camelCase")]
pub struct DataDiskSpec {
    /// Data disk ID; output only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disk_id: Option<String>,
    /// Data disk name; output only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disk_name: Option<String>,
    /// Data disk size in GB.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disk_size: Option<i64>,
    /// Input only: how many disks of this spec.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-since" = "2026-04-01"))]
    pub disk_amount: Option<i64>,
    /// Disk category: STANDARD or SSD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disk_category: Option<String>,
    /// Whether the disk may be detached and outlive the instance (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub portable: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.DataDisk")]
#[serde(rename_all = "camelCase")]
pub struct DataDisk {
    /// Data disk ID; output only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disk_id: Option<String>,
    /// Data disk name; output only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disk_name: Option<String>,
    /// Data disk size in GB.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disk_size: Option<i64>,
    /// Input only: how many disks of this spec.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-since" = "2026-04-01"))]
    pub disk_amount: Option<i64>,
    /// Disk category: STANDARD or SSD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disk_category: Option<String>,
    /// Whether the disk may be detached and outlive the instance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub portable: Option<bool>,
    /// Output only (InquiryPriceCreateInstance.dataDiskPrices): price of this disk spec.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-since" = "2026-04-01"))]
    pub disk_price: Option<Price>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.CreateInstancesRequest")]
#[serde(rename_all = "camelCase")]
pub struct CreateInstancesRequest {
    /// Zone to create the instances in.
    pub zone_id: String,
    /// Image to install (from DescribeImages).
    pub image_id: String,
    /// Model ID (from DescribeZoneInstanceConfigInfos), e.g. c.1c2g.
    pub instance_type: String,
    /// Display name (default "instance"): at most 64 letters, digits, `-`, `_` and `.`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_name: Option<String>,
    /// Login password, 8-16 chars with lower, upper, digit and one of !@#$%^&*~()-+=; exactly one of password and keyId.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// SSH key pair to install; exactly one of password and keyId (not for Windows).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// Resource group for the instances; omitted = the default group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_group_id: Option<String>,
    /// PREPAID (monthly, paid up front) or POSTPAID (pay as you go).
    #[schemars(extend("x-cli-value" = "PREPAID|POSTPAID"))]
    pub instance_charge_type: String,
    /// Subscription settings (period); required when instanceChargeType is PREPAID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_charge_prepaid: Option<ChargePrepaid>,
    /// Postpaid settings (period).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-since" = "2026-04-01"))]
    pub instance_charge_postpaid: Option<ChargePostpaid>,
    /// Network billing model: ByBandwidth (a bandwidth cap) or ByTrafficPackage (a data package).
    pub internet_charge_type: String,
    /// Traffic package in TB, only for ByTrafficPackage; default = the free package of the offer.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-cli-value" = "TB"))]
    pub traffic_package_size: Option<f64>,
    /// Public outbound bandwidth cap in Mbps (default 1); range depends on the model.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-cli-value" = "MBPS"))]
    pub internet_max_bandwidth_out: Option<i64>,
    /// How many instances to create, 1..100 (default 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_count: Option<i64>,
    /// System disk size/category; omitted = the minimum the image needs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system_disk: Option<SystemDisk>,
    /// Data disks created with (and tied to) each instance, at most 10.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_disks: Option<Vec<DataDiskSpec>>,
    /// Subnet the instances join (CreateSubnet), in the same zone: each gets a private
    /// address of it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subnet_id: Option<String>,
    /// Security group of the caller (CreateSecurityGroup) applied to the instances.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub security_group_id: Option<String>,
    /// Names of the public and private NICs inside the OS.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nic: Option<Nic>,
    /// Whether the instances get a public IPv4 address (default true).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enable_ipv4: Option<bool>,
    /// Whether the instances get a public IPv6 address (default false).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enable_ipv6: Option<bool>,
    /// Whether the host CPU's features are passed through (default false).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cpu_pass_through: Option<bool>,
    /// Script run at first boot, at most 32 KB.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub init_script: Option<String>,
    /// Bandwidth cluster the instances join.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cluster_id: Option<String>,
    /// NIC model: Virtio (default) or Vf.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network_mode: Option<String>,
    /// Whether disk space is allocated in full at creation (default false).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disk_pre_allocated: Option<bool>,
    /// IPv4 CIDR block the public addresses come from.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-since" = "2026-04-01"))]
    pub cidr_block_id: Option<String>,
    /// First address to take from cidrBlockId; needs cidrBlockId.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-since" = "2026-04-01"))]
    pub start_cidr_ipv4: Option<String>,
    /// Promotion to apply.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marketing_options: Option<MarketingInfo>,
    /// Tags to attach (keys must be unique).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-cli-alias" = "tag"))]
    pub tags: Option<TagAssociation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.CreateInstancesResponse")]
#[serde(rename_all = "camelCase")]
pub struct CreateInstancesResponse {
    /// Number of the purchase order.
    pub order_number: Option<String>,
    /// IDs of the new instances; creation goes on asynchronously.
    pub instance_id_set: Vec<String>,
    /// Per new instance, the IDs of the data disks created with it; empty array when none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-since" = "2026-04-01"))]
    pub instances: Option<Vec<CreatedInstance>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.CreatedInstance")]
#[serde(rename_all = "camelCase")]
pub struct CreatedInstance {
    /// Instance ID.
    pub instance_id: String,
    /// IDs of the data disks created with that instance.
    pub disk_id_set: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.DescribeInstancesRequest")]
#[serde(rename_all = "camelCase")]
pub struct DescribeInstancesRequest {
    /// Only these instance IDs (at most 100).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_ids: Option<Vec<String>>,
    /// Only instances in this zone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone_id: Option<String>,
    /// Only this resource group; omitted = every group the caller can see.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_group_id: Option<String>,
    /// Only this model, e.g. c.1c2g.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_type: Option<String>,
    /// Only this network billing model.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub internet_charge_type: Option<String>,
    /// Only instances installed from this image.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_id: Option<String>,
    /// Only instances using this key pair.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// Only instances in this subnet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subnet_id: Option<String>,
    /// Only instances in this status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_status: Option<String>,
    /// Name filter; a trailing * makes it a prefix match, otherwise exact.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_name: Option<String>,
    /// Only instances in this security group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub security_group_id: Option<String>,
    /// Only instances holding one of these public IPv4 addresses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_ip_addresses: Option<Vec<String>>,
    /// Only instances holding one of these private IPv4 addresses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private_ip_addresses: Option<Vec<String>>,
    /// Page size (default 20, max 1000).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_size: Option<i64>,
    /// Page number, 1-based (default 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_num: Option<i64>,
    /// Only instances having any of these tag keys (at most 20).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag_keys: Option<Vec<String>>,
    /// Only instances having these key/value tags (at most 20).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-cli-alias" = "tag"))]
    pub tags: Option<Vec<Tag>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.DescribeInstancesResponse")]
#[serde(rename_all = "camelCase")]
pub struct DescribeInstancesResponse {
    /// Number of instances matching (all pages).
    pub total_count: i64,
    /// Instances of the requested page.
    pub data_set: Vec<InstanceInfo>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.InstanceInfo")]
#[serde(rename_all = "camelCase")]
pub struct InstanceInfo {
    /// Instance ID.
    pub instance_id: String,
    /// Zone of the instance.
    pub zone_id: String,
    /// Display name.
    pub instance_name: String,
    /// Model ID, e.g. c.1c2g.
    pub instance_type: String,
    /// vCPUs of the model.
    pub cpu_count: i64,
    /// Memory of the model in GiB.
    pub memory: i64,
    /// Installed image ID; null if none.
    pub image_id: Option<String>,
    /// Installed image name; null if none.
    pub image_name: Option<String>,
    /// PREPAID or POSTPAID.
    pub instance_charge_type: String,
    /// Current public outbound bandwidth cap in Mbps; 0 = unlimited up to the model maximum.
    pub internet_max_bandwidth_out: Option<i64>,
    /// Network billing model.
    pub internet_charge_type: String,
    /// Subscription length in months; null for POSTPAID.
    pub period: Option<i64>,
    /// Public IPv4 addresses in use (the primary one only if attached to the public NIC).
    pub public_ip_addresses: Vec<String>,
    /// Public IPv6 addresses.
    pub public_ipv6_addresses: Option<Vec<String>>,
    /// Private IPv4 addresses.
    pub private_ip_addresses: Vec<String>,
    /// Subnet the instance is in.
    pub subnet_id: Option<String>,
    /// Creation time, YYYY-MM-DDThh:mm:ssZ (UTC).
    pub create_time: String,
    /// End of the paid period (PREPAID), YYYY-MM-DDThh:mm:ssZ; null for POSTPAID.
    pub expired_time: Option<String>,
    /// Resource group ID.
    pub resource_group_id: Option<String>,
    /// Resource group name.
    pub resource_group_name: Option<String>,
    /// Instance status (see enum).
    pub instance_status: String,
    /// Current traffic package in TB; null when not ByTrafficPackage.
    #[serde(default, with = "rust_decimal::serde::float_option")]
    #[schemars(with = "Option<f64>")]
    pub traffic_package_size: Option<Decimal>,
    /// Security groups the instance is in.
    pub security_group_ids: Option<Vec<String>>,
    /// System disk.
    pub system_disk: Option<SystemDisk>,
    /// Attached data disks.
    pub data_disks: Option<Vec<DataDisk>>,
    /// Whether the subscription renews at expiredTime; false after TerminateInstance on PREPAID.
    pub auto_renew: bool,
    /// Key pair installed; may be null.
    pub key_id: Option<String>,
    /// NIC names in effect.
    pub nic: Option<Nic>,
    /// Tags of the instance.
    pub tags: Option<TagAssociation>,
    /// zenlocal: the rest of what CreateInstances set (not fields of the cloud's answer).
    #[serde(flatten)]
    pub setup: InstanceSetup,
}

/// What vm CreateInstances sets that no rule reads, as given (D-124); zenlocal shows it
/// in DescribeInstances, the cloud's answer has no such fields.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.InstanceSetup")]
#[serde(rename_all = "camelCase")]
pub struct InstanceSetup {
    /// zenlocal: whether the instance has a public IPv4 address.
    #[serde(default)]
    pub enable_ipv4: bool,
    /// zenlocal: whether the instance has a public IPv6 address.
    #[serde(default)]
    pub enable_ipv6: bool,
    /// zenlocal: whether the host CPU's features are passed through.
    #[serde(default)]
    pub cpu_pass_through: bool,
    /// zenlocal: the first-boot script given at creation or reset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub init_script: Option<String>,
    /// zenlocal: the bandwidth cluster given at creation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster_id: Option<String>,
    /// zenlocal: Virtio or Vf.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_mode: Option<String>,
    /// zenlocal: whether disk space was allocated in full.
    #[serde(default)]
    pub disk_pre_allocated: bool,
    /// zenlocal: the IPv4 CIDR block given at creation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cidr_block_id: Option<String>,
    /// zenlocal: the first address asked of cidrBlockId.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_cidr_ipv4: Option<String>,
    /// zenlocal: the promotion given at creation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marketing_options: Option<MarketingInfo>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.InquiryPriceCreateInstanceRequest")]
#[serde(rename_all = "camelCase")]
pub struct InquiryPriceCreateInstanceRequest {
    /// Zone to price in.
    pub zone_id: String,
    /// Image.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-since" = "2026-04-01"))]
    pub image_id: Option<String>,
    /// Model to price, e.g. c.1c2g.
    pub instance_type: String,
    /// PREPAID or POSTPAID.
    #[schemars(extend("x-cli-value" = "PREPAID|POSTPAID"))]
    pub instance_charge_type: String,
    /// Subscription period; required for PREPAID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_charge_prepaid: Option<ChargePrepaid>,
    /// Postpaid settings.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-since" = "2026-04-01"))]
    pub instance_charge_postpaid: Option<ChargePostpaid>,
    /// Network billing model to price.
    pub internet_charge_type: String,
    /// Traffic package in TB (ByTrafficPackage only; default the free package).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-cli-value" = "TB"))]
    pub traffic_package_size: Option<f64>,
    /// Bandwidth cap in Mbps (default 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-cli-value" = "MBPS"))]
    pub internet_max_bandwidth_out: Option<i64>,
    /// How many instances.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-since" = "2026-04-01"))]
    pub instance_count: Option<i64>,
    /// System disk to price.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system_disk: Option<SystemDisk>,
    /// Data disks to price.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_disks: Option<Vec<DataDiskSpec>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.InquiryPriceCreateInstanceResponse")]
#[serde(rename_all = "camelCase")]
pub struct InquiryPriceCreateInstanceResponse {
    /// Price of the instance model itself.
    pub instance_price: Price,
    /// Network price items (e.g. bandwidth, or package plus overage).
    pub bandwidth_price: Vec<Price>,
    /// Price of the public IP.
    pub eip_price: Option<Price>,
    /// Price of the system disk.
    pub system_disk_price: Option<Price>,
    /// Price of all data disks together (only discountPrice/originalPrice meaningful with several specs).
    pub data_disk_price: Option<Price>,
    /// Price per data-disk spec, merged by size and category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-since" = "2026-04-01"))]
    pub data_disk_prices: Option<Vec<DataDisk>>,
}

/// ModifyInstanceBandwidth and InquiryPriceInstanceBandwidth.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.BandwidthRequest")]
#[serde(rename_all = "camelCase")]
pub struct BandwidthRequest {
    /// ID of the instance to act on (from DescribeInstances).
    pub instance_id: String,
    /// Target public outbound bandwidth in Mbps.
    #[schemars(extend("x-cli-value" = "MBPS"))]
    pub internet_max_bandwidth_out: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.ModifyInstanceTypeRequest")]
#[serde(rename_all = "camelCase")]
pub struct ModifyInstanceTypeRequest {
    /// ID of the instance to act on (from DescribeInstances).
    pub instance_id: String,
    /// Target model ID (the instanceType value of DescribeZoneInstanceConfigInfos), e.g. c.2c4g.
    pub instance_type_id: String,
}

/// DescribeInstanceTypeStatus (§5.5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.InstanceTypeStatus")]
#[serde(rename_all = "camelCase")]
pub struct InstanceTypeStatus {
    /// Instance ID.
    pub instance_id: String,
    /// Instance name.
    pub instance_name: String,
    /// Model in force now.
    pub instance_type: String,
    /// Target model of the pending/in-flight change; null when none.
    pub modified_instance_type: Option<String>,
    /// Model item state: Enable, Processing or WaitToEnable.
    pub modified_instance_type_status: String,
}

// ---- key pairs (2023-03-13 only) and custom images ------------------------------------

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.ImportKeyPairRequest")]
#[serde(rename_all = "camelCase")]
pub struct ImportKeyPairRequest {
    /// Key pair name, unique in the account: 2-32 letters, digits, `-` and `_`.
    pub key_name: String,
    /// 1 to 5 OpenSSH public keys, one per line: ssh-rsa, ssh-ed25519 or ecdsa-sha2-nistp256/384/521.
    pub public_key: String,
    /// Description, at most 255 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.ImportKeyPairResponse")]
#[serde(rename_all = "camelCase")]
pub struct ImportKeyPairResponse {
    /// ID of the new key pair, e.g. key-zCcHQB9u.
    pub key_id: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.DescribeKeyPairsRequest")]
#[serde(rename_all = "camelCase")]
pub struct DescribeKeyPairsRequest {
    /// Only these key pair IDs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_ids: Option<Vec<String>>,
    /// Only key pairs whose name contains this text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_name: Option<String>,
    /// Page number, 1-based (default 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_num: Option<i64>,
    /// Page size (default 20, max 1000).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_size: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.DescribeKeyPairsResponse")]
#[serde(rename_all = "camelCase")]
pub struct DescribeKeyPairsResponse {
    /// Number of key pairs matching (all pages).
    pub total_count: i64,
    /// Key pairs of the requested page, newest first.
    pub data_set: Vec<KeyPair>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.KeyPair")]
#[serde(rename_all = "camelCase")]
pub struct KeyPair {
    /// Key pair ID.
    pub key_id: String,
    /// Key pair name.
    pub key_name: String,
    /// The public keys as imported, one per line.
    pub public_key: String,
    /// Description; empty when unset.
    pub key_description: String,
    /// Import time, YYYY-MM-DDThh:mm:ssZ (UTC).
    pub create_time: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.ModifyKeyPairAttributeRequest")]
#[serde(rename_all = "camelCase")]
pub struct ModifyKeyPairAttributeRequest {
    /// Key pair to change.
    pub key_id: String,
    /// New description, at most 255 characters; omitted = unchanged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_description: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.DeleteKeyPairsRequest")]
#[serde(rename_all = "camelCase")]
pub struct DeleteKeyPairsRequest {
    /// Key pairs to delete, 1 to 100; instances using them keep working.
    pub key_ids: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.CreateImageRequest")]
#[serde(rename_all = "camelCase")]
pub struct CreateImageRequest {
    /// STOPPED instance whose system disk becomes the image.
    pub instance_id: String,
    /// Image name: 2-24 letters, digits, Chinese characters, `-` and `_`.
    pub image_name: String,
    /// Description, at most 255 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.CreateImageResponse")]
#[serde(rename_all = "camelCase")]
pub struct CreateImageResponse {
    /// ID of the new image; it is CREATING until it becomes AVAILABLE.
    pub image_id: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.DescribeImageQuotaRequest")]
#[serde(rename_all = "camelCase")]
pub struct DescribeImageQuotaRequest {
    /// Zones to report; omitted = every zone that makes custom images.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone_ids: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.DescribeImageQuotaResponse")]
#[serde(rename_all = "camelCase")]
pub struct DescribeImageQuotaResponse {
    /// One item per zone.
    pub images: Vec<ImageQuotaInfo>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.ImageQuotaInfo")]
#[serde(rename_all = "camelCase")]
pub struct ImageQuotaInfo {
    /// Zone ID.
    pub zone_id: String,
    /// Custom images the account has in the zone, CREATING ones included.
    pub count: i64,
    /// Most custom images the account may have in the zone.
    pub max_count: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.ModifyImagesAttributesRequest")]
#[serde(rename_all = "camelCase")]
pub struct ModifyImagesAttributesRequest {
    /// Custom images to change, 1 to 100; all get the same values.
    pub image_ids: Vec<String>,
    /// New name: 2-24 letters, digits, Chinese characters, `-` and `_`; omitted = unchanged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_name: Option<String>,
    /// New description, at most 255 characters; omitted = unchanged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_description: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.DeleteImagesRequest")]
#[serde(rename_all = "camelCase")]
pub struct DeleteImagesRequest {
    /// Custom images to delete, 1 to 100; instances made from them keep running.
    pub image_ids: Vec<String>,
}

/// ResetInstance.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.ResetInstanceRequest")]
#[serde(rename_all = "camelCase")]
pub struct ResetInstanceRequest {
    /// The STOPPED instance to reinstall.
    pub instance_id: String,
    /// Image to install (public, or a custom image of the zone); omitted = the current one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_id: Option<String>,
    /// New login password; at most one of password and keyId (neither: a random one is mailed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// SSH key pair to install instead of a password.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// New display name; omitted = the current one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-since" = "2026-04-01"))]
    pub instance_name: Option<String>,
    /// Public NIC name inside the OS.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wan_name: Option<String>,
    /// Private NIC name inside the OS.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lan_name: Option<String>,
    /// Script run at first boot, at most 32 KB.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-since" = "2026-04-01"))]
    pub init_script: Option<String>,
}

/// ResetInstancesPassword.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.ResetInstancesPasswordRequest")]
#[serde(rename_all = "camelCase")]
pub struct ResetInstancesPasswordRequest {
    /// The STOPPED instances, 1 to 100.
    pub instance_ids: Vec<String>,
    /// The new login password, by CreateInstances' rules; never shown again.
    pub password: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.DescribeInstancesStatusRequest")]
#[serde(rename_all = "camelCase")]
pub struct DescribeInstancesStatusRequest {
    /// Only these instances (at most 100).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_ids: Option<Vec<String>>,
    /// Page size (default 20, max 1000).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_size: Option<i64>,
    /// Page number, 1-based (default 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_num: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.DescribeInstancesStatusResponse")]
#[serde(rename_all = "camelCase")]
pub struct DescribeInstancesStatusResponse {
    /// Number of instances matching (all pages).
    pub total_count: i64,
    /// The status of each instance of the page.
    pub data_set: Vec<InstanceStatusInfo>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.InstanceStatus")]
#[serde(rename_all = "camelCase")]
pub struct InstanceStatusInfo {
    /// Instance ID.
    pub instance_id: String,
    /// Its status, as in DescribeInstances.
    pub instance_status: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.DescribeVmInventoryCapacityRequest")]
#[serde(rename_all = "camelCase")]
pub struct DescribeVmInventoryCapacityRequest {
    /// Only this zone; omitted = every zone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.DescribeVmInventoryCapacityResponse")]
#[serde(rename_all = "camelCase")]
pub struct DescribeVmInventoryCapacityResponse {
    /// One entry per zone.
    pub data_set: Vec<VmInventoryCapacityInfo>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.VmInventoryCapacityInfo")]
#[serde(rename_all = "camelCase")]
pub struct VmInventoryCapacityInfo {
    /// Zone ID.
    pub zone_id: String,
    /// Tier of the vCPUs still for sale in the zone: HIGH, MEDIUM, LOW or NONE (D-127).
    pub capacity: String,
}

/// CPU utilization of a virtual machine over a window, a point every five minutes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.DescribeInstanceCpuMonitorResponse")]
#[serde(rename_all = "camelCase")]
pub struct DescribeInstanceCpuMonitorResponse {
    /// One point per five minutes of the window the instance existed in.
    pub data_list: Vec<InstanceCpuMonitorData>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.InstanceCpuMonitorData")]
pub struct InstanceCpuMonitorData {
    /// CPU utilization as a fraction of 1, e.g. "0.0089".
    pub cpu: String,
    /// YYYY-MM-DDThh:mm:ssZ, a multiple of five minutes.
    pub time: String,
}

// ---- subnets ------------------------------------------------------------------------

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.CreateSubnetRequest")]
#[serde(rename_all = "camelCase")]
pub struct CreateSubnetRequest {
    /// Zone of the subnet.
    pub zone_id: String,
    /// 2 to 63 letters, digits, `-` and `.`, starting and ending with a letter or a digit.
    pub subnet_name: String,
    /// IPv4 range: 10.0.0.0/24, 172.16.0.0/24, 192.168.0.0/24 or a part of one, /29 at
    /// the narrowest; it may not overlap another subnet of the account in the zone.
    pub cidr_block: String,
    /// Description, at most 255 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subnet_description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.CreateSubnetResponse")]
#[serde(rename_all = "camelCase")]
pub struct CreateSubnetResponse {
    /// ID of the new subnet, Available at once.
    pub subnet_id: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.DescribeSubnetsRequest")]
#[serde(rename_all = "camelCase")]
pub struct DescribeSubnetsRequest {
    /// Only these subnet IDs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subnet_ids: Option<Vec<String>>,
    /// Only subnets whose name contains this text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subnet_name: Option<String>,
    /// Only subnets of this range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cidr_block: Option<String>,
    /// Only subnets in this zone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone_id: Option<String>,
    /// Only subnets in this status (they are all Available).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subnet_status: Option<String>,
    /// Page number, 1-based (default 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_num: Option<i64>,
    /// Page size (default 20, max 1000).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_size: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.DescribeSubnetsResponse")]
#[serde(rename_all = "camelCase")]
pub struct DescribeSubnetsResponse {
    /// Number of subnets matching (all pages).
    pub total_count: i64,
    /// Subnets of the requested page, newest first.
    pub data_set: Vec<SubnetInfo>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.SubnetInfo")]
#[serde(rename_all = "camelCase")]
pub struct SubnetInfo {
    /// Subnet ID.
    pub subnet_id: String,
    /// Zone of the subnet.
    pub zone_id: String,
    /// Subnet name.
    pub subnet_name: String,
    /// Available.
    pub subnet_status: String,
    /// The subnet's range.
    pub cidr_block: String,
    /// The subnet's ranges: its one range.
    pub cidr_block_list: Vec<String>,
    /// Addresses held by instances.
    pub usage_ip_count: i64,
    /// Addresses instances can hold: the range less network, gateway and broadcast.
    pub total_ip_count: i64,
    /// Creation time, UTC.
    pub create_time: String,
    /// Instances in the subnet.
    pub instance_id_list: Vec<String>,
    /// Description.
    pub subnet_description: String,
    /// Whether it is the zone's default subnet: never.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-since" = "2026-04-01"))]
    pub is_default: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.ModifySubnetsAttributeRequest")]
#[serde(rename_all = "camelCase")]
pub struct ModifySubnetsAttributeRequest {
    /// Subnets to rename, all or none.
    pub subnet_ids: Vec<String>,
    /// New name, as CreateSubnet's.
    pub subnet_name: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.DeleteSubnetRequest")]
#[serde(rename_all = "camelCase")]
pub struct DeleteSubnetRequest {
    /// Subnet to delete; it must have no instances.
    pub subnet_id: String,
}

// ---- VPCs (2023-03-13) -----------------------------------------------------------------

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.CreateVpcRequest")]
#[serde(rename_all = "camelCase")]
pub struct CreateVpcRequest {
    /// Zone of the VPC: one whose network type is VPC.
    pub zone_id: String,
    /// 2 to 63 letters, digits, `-` and `.`, starting and ending with a letter or a digit.
    pub vpc_name: String,
    /// IPv4 range: 10.0.0.0/24, 172.16.0.0/24, 192.168.0.0/24 or a part of one, /29 at
    /// the narrowest; it may not overlap another range of the account in the zone.
    pub vpc_cidr_block: String,
    /// Name of the VPC's first subnet, as vpcName.
    pub subnet_name: String,
    /// Range of the VPC's first subnet, inside vpcCidrBlock, /29 at the narrowest.
    pub subnet_cidr_block: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.CreateVpcResponse")]
#[serde(rename_all = "camelCase")]
pub struct CreateVpcResponse {
    /// ID of the new VPC, Available at once with its first subnet.
    pub vpc_id: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.DescribeVpcsRequest")]
#[serde(rename_all = "camelCase")]
pub struct DescribeVpcsRequest {
    /// Only these VPC IDs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc_ids: Option<Vec<String>>,
    /// Only VPCs of this range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cidr_block: Option<String>,
    /// Only VPCs in this zone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone_id: Option<String>,
    /// Only VPCs in this status (they are all Available).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc_status: Option<String>,
    /// Only VPCs whose name contains this text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc_name: Option<String>,
    /// Page size (default 20, max 1000).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_size: Option<i64>,
    /// Page number, 1-based (default 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_num: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.DescribeVpcsResponse")]
#[serde(rename_all = "camelCase")]
pub struct DescribeVpcsResponse {
    /// Number of VPCs matching (all pages).
    pub total_count: i64,
    /// VPCs of the requested page, newest first.
    pub data_set: Vec<VpcNetworkInfo>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.VpcNetworkInfo")]
#[serde(rename_all = "camelCase")]
pub struct VpcNetworkInfo {
    /// VPC ID.
    pub vpc_id: String,
    /// Zone of the VPC.
    pub zone_id: String,
    /// VPC name.
    pub vpc_name: String,
    /// Available.
    pub vpc_status: String,
    /// The VPC's range.
    pub cidr_block: String,
    /// Its subnets.
    pub subnet_id_list: Vec<String>,
    /// Creation time, UTC.
    pub create_time: String,
    /// Whether it is the zone's default VPC: never.
    pub is_default: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.ModifyVpcsAttributeRequest")]
#[serde(rename_all = "camelCase")]
pub struct ModifyVpcsAttributeRequest {
    /// VPCs to rename, all or none.
    pub vpc_ids: Vec<String>,
    /// New name, as CreateVpc's.
    pub vpc_name: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.DeleteVpcRequest")]
#[serde(rename_all = "camelCase")]
pub struct DeleteVpcRequest {
    /// VPC to delete with its subnets; none may have instances.
    pub vpc_id: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.CreateVpcSubnetRequest")]
#[serde(rename_all = "camelCase")]
pub struct CreateVpcSubnetRequest {
    /// Range inside the VPC's, /29 at the narrowest, clear of its other subnets.
    pub cidr_block: String,
    /// As CreateSubnet's.
    pub subnet_name: String,
    /// VPC of the subnet; the subnet is in its zone.
    pub vpc_id: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.CreateVpcSubnetResponse")]
#[serde(rename_all = "camelCase")]
pub struct CreateVpcSubnetResponse {
    /// ID of the new subnet, Available at once.
    pub subnet_id: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.DescribeVpcSubnetsRequest")]
#[serde(rename_all = "camelCase")]
pub struct DescribeVpcSubnetsRequest {
    /// Only these subnet IDs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subnet_ids: Option<Vec<String>>,
    /// Only subnets of this range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cidr_block: Option<String>,
    /// Only subnets of this VPC.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
    /// Only subnets in this status (they are all Available).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subnet_status: Option<String>,
    /// Only subnets whose name contains this text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subnet_name: Option<String>,
    /// Page size (default 20, max 1000).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_size: Option<i64>,
    /// Page number, 1-based (default 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_num: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.DescribeVpcSubnetsResponse")]
#[serde(rename_all = "camelCase")]
pub struct DescribeVpcSubnetsResponse {
    /// Number of subnets matching (all pages).
    pub total_count: i64,
    /// Subnets of the requested page, newest first.
    pub data_set: Vec<VpcSubnetInfo>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.VpcSubnetInfo")]
#[serde(rename_all = "camelCase")]
pub struct VpcSubnetInfo {
    /// Subnet ID.
    pub subnet_id: String,
    /// Its VPC.
    pub vpc_id: String,
    /// Subnet name.
    pub subnet_name: String,
    /// Available.
    pub subnet_status: String,
    /// The subnet's range.
    pub cidr_block: String,
    /// Instances in the subnet.
    pub instance_id_list: Vec<String>,
    /// Creation time, UTC.
    pub create_time: String,
    /// Addresses held by instances.
    pub usage_ip_count: i64,
    /// Addresses instances can hold: the range less network, gateway and broadcast.
    pub total_ip_count: i64,
    /// Whether it is the VPC's default subnet: never.
    pub is_default: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.ModifyVpcSubnetsAttributeRequest")]
#[serde(rename_all = "camelCase")]
pub struct ModifyVpcSubnetsAttributeRequest {
    /// VPC subnets to rename, all or none.
    pub subnet_ids: Vec<String>,
    /// New name, as CreateSubnet's.
    pub subnet_name: String,
}

// ---- security groups ----------------------------------------------------------------

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.RuleInfo")]
#[serde(rename_all = "camelCase")]
pub struct RuleInfo {
    /// ingress (inbound) or egress (outbound).
    pub direction: String,
    /// accept, the only policy (default accept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<String>,
    /// 1 to 100 (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-since" = "2026-04-01"))]
    pub priority: Option<i64>,
    /// tcp, udp, icmp or all (case sensitive).
    pub ip_protocol: String,
    /// start/end from 1 to 65535 for tcp and udp, e.g. 22/22; -1/-1 for icmp and all.
    pub port_range: String,
    /// IPv4 or IPv6 range the rule concerns, e.g. 0.0.0.0/0.
    pub cidr_ip: String,
    /// Description, at most 255 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.CreateSecurityGroupRequest")]
#[serde(rename_all = "camelCase")]
pub struct CreateSecurityGroupRequest {
    /// 1 to 64 characters.
    pub security_group_name: String,
    /// Description, at most 255 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Its first rules; none if omitted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule_infos: Option<Vec<RuleInfo>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.CreateSecurityGroupResponse")]
#[serde(rename_all = "camelCase")]
pub struct CreateSecurityGroupResponse {
    /// ID of the new security group, AVAILABLE at once.
    pub security_group_id: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.DescribeSecurityGroupsRequest")]
#[serde(rename_all = "camelCase")]
pub struct DescribeSecurityGroupsRequest {
    /// Only these security group IDs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub security_group_ids: Option<Vec<String>>,
    /// Only groups whose name contains this text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub security_group_name: Option<String>,
    /// Page number, 1-based (default 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_num: Option<i64>,
    /// Page size (default 20, max 1000).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_size: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.DescribeSecurityGroupsResponse")]
#[serde(rename_all = "camelCase")]
pub struct DescribeSecurityGroupsResponse {
    /// Number of groups matching (all pages).
    pub total_count: i64,
    /// Groups of the requested page, newest first.
    pub data_set: Vec<SecurityGroupInfo>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.SecurityGroupInfo")]
#[serde(rename_all = "camelCase")]
pub struct SecurityGroupInfo {
    /// Security group ID.
    pub security_group_id: String,
    /// Name.
    pub security_group_name: String,
    /// AVAILABLE.
    pub security_group_status: String,
    /// Creation time, UTC.
    pub create_time: String,
    /// Description.
    pub description: String,
    /// Instances it is applied to.
    pub instance_ids: Vec<String>,
    /// Whether it is the default group: never.
    pub is_default: bool,
    /// Its rules, in the order they were added.
    pub rule_infos: Vec<RuleInfo>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.ModifySecurityGroupsAttributeRequest")]
#[serde(rename_all = "camelCase")]
pub struct ModifySecurityGroupsAttributeRequest {
    /// Groups to change, all or none.
    pub security_group_ids: Vec<String>,
    /// New name; omitted = unchanged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub security_group_name: Option<String>,
    /// New description; omitted = unchanged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.SecurityGroupIdRequest")]
#[serde(rename_all = "camelCase")]
pub struct SecurityGroupIdRequest {
    /// Security group ID.
    pub security_group_id: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.AuthorizeSecurityGroupRuleRequest")]
#[serde(rename_all = "camelCase")]
pub struct AuthorizeSecurityGroupRuleRequest {
    /// Security group to add the rule to.
    pub security_group_id: String,
    /// ingress (inbound) or egress (outbound).
    pub direction: String,
    /// accept, the only policy (default accept).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy: Option<String>,
    /// 1 to 100 (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-since" = "2026-04-01"))]
    pub priority: Option<i64>,
    /// tcp, udp, icmp or all (case sensitive).
    pub ip_protocol: String,
    /// start/end from 1 to 65535 for tcp and udp, e.g. 22/22; -1/-1 for icmp and all.
    pub port_range: String,
    /// IPv4 or IPv6 range the rule concerns, e.g. 0.0.0.0/0.
    pub cidr_ip: String,
    /// Description, at most 255 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.SecurityGroupRulesRequest")]
#[serde(rename_all = "camelCase")]
pub struct SecurityGroupRulesRequest {
    /// Security group whose rules change.
    pub security_group_id: String,
    /// The rules to add, to take out, or (ConfigureSecurityGroupRules) the whole new set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule_infos: Option<Vec<RuleInfo>>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.SecurityGroupInstanceRequest")]
#[serde(rename_all = "camelCase")]
pub struct SecurityGroupInstanceRequest {
    /// Security group ID.
    pub security_group_id: String,
    /// Instance ID.
    pub instance_id: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.DescribeInstanceAvailableSecurityGroupResourcesResponse")]
#[serde(rename_all = "camelCase")]
pub struct DescribeInstanceAvailableSecurityGroupResourcesResponse {
    /// The caller's groups the instance does not have yet.
    pub instance_available_security_groups: Vec<InstanceAvailableSecurityGroup>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.InstanceAvailableSecurityGroup")]
#[serde(rename_all = "camelCase")]
pub struct InstanceAvailableSecurityGroup {
    /// Security group ID.
    pub security_group_id: String,
    /// Name.
    pub security_group_name: String,
    /// Whether it is the default group: never.
    pub is_default: bool,
}
