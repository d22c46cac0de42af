//! bmc 2022-11-20 and 2026-02-01.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Decimal;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.DescribeZonesRequest")]
#[serde(rename_all = "camelCase")]
pub struct DescribeZonesRequest {
    /// Language of the zone/city/area names: zh-CN or en-US (default en-US).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accept_language: Option<String>,
    /// Only zones that do (true) or do not (false) support the layer-3 cloud router (SDN).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_cloud_router_available: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.DescribeZonesResponse")]
#[serde(rename_all = "camelCase")]
pub struct DescribeZonesResponse {
    /// Zones available to the account.
    pub zone_set: Vec<Zone>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.Zone")]
#[serde(rename_all = "camelCase")]
pub struct Zone {
    /// Zone ID, e.g. SEL-A.
    pub zone_id: String,
    /// Zone name (language per acceptLanguage).
    pub zone_name: String,
    /// City the zone is in.
    pub city_name: String,
    /// Region (continent-level area) of the zone.
    pub area_name: String,
    /// Whether the zone supports the layer-3 cloud router (SDN).
    pub is_cloud_router_available: bool,
    /// Whether bring-your-own-IP (BYOIP) blocks can be used in the zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-since" = "2026-02-01"))]
    pub is_byoip_enabled: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.DescribeInstanceTypesRequest")]
#[serde(rename_all = "camelCase")]
pub struct DescribeInstanceTypesRequest {
    /// Only models that support this image.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_id: Option<String>,
    /// Only these model IDs (at most 100).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_type_ids: Option<Vec<String>>,
    /// Only models with at least this many CPU cores.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum_cpu_core_count: Option<i64>,
    /// Only models with at most this many CPU cores.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum_cpu_core_count: Option<i64>,
    /// Only models with at least this much memory (GB).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum_memory_size: Option<i64>,
    /// Only models with at most this much memory (GB).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum_memory_size: Option<i64>,
    /// Only models whose bandwidth cap is at least this (Mbps).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum_bandwidth: Option<i64>,
    /// Only models supporting these RAID levels (0, 1, 5, 10).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub support_raids: Option<Vec<i64>>,
    /// Only models that can (true) or cannot (false) join a private subnet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub support_subnet: Option<bool>,
    /// Only models with at least this much disk (GB).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum_disk_size: Option<i64>,
    /// Only models with at most this much disk (GB).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum_disk_size: Option<i64>,
    /// Only high-availability (true) or non-HA (false) models.
    #[serde(rename = "isHA", skip_serializing_if = "Option::is_none")]
    pub is_ha: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.DescribeInstanceTypesResponse")]
#[serde(rename_all = "camelCase")]
pub struct DescribeInstanceTypesResponse {
    /// Models matching the filters.
    pub instance_types: Vec<InstanceType>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.InstanceType")]
#[serde(rename_all = "camelCase")]
pub struct InstanceType {
    /// Model ID, e.g. M6C.
    pub instance_type_id: String,
    /// Human description of the model (usually memory and disks).
    pub description: String,
    /// Number of CPUs (sockets).
    pub cpu_core_count: i64,
    /// CPU model description.
    pub cpu_detail: String,
    /// CPU cores.
    pub cpu_cores: i64,
    /// CPU threads.
    pub cpu_threads: i64,
    /// CPU base frequency, as text (e.g. "2.1 GHz").
    pub base_frequency: String,
    /// Memory in GB.
    pub memory_size: i64,
    /// Highest public outbound bandwidth the model allows (Mbps).
    pub maximum_bandwidth: i64,
    /// RAID levels the model supports.
    pub support_raids: Vec<i64>,
    /// Whether the model can join a private subnet.
    pub support_subnet: bool,
    /// Whether the model is a high-availability (bonded NIC) model.
    #[serde(rename = "isHA")]
    pub is_ha: bool,
    /// Images the model supports; filled only by DescribeInstanceTypes (null inside InstanceInfo).
    pub image_ids: Option<Vec<String>>,
    /// Disk configuration of the model.
    pub disk_info: DiskInfo,
    /// 2026-02-01 only.
    #[serde(flatten)]
    pub vpu: Option<Vpu>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.Vpu")]
#[serde(rename_all = "camelCase")]
pub struct Vpu {
    /// Vendor of the model's VPU (video processing unit) cards; null if none.
    #[schemars(extend("x-since" = "2026-02-01"))]
    pub vpu_vendor: Option<String>,
    /// VPU card model; null if none.
    #[schemars(extend("x-since" = "2026-02-01"))]
    pub vpu_card: Option<String>,
    /// Number of VPU cards; null or 0 if none.
    #[schemars(extend("x-since" = "2026-02-01"))]
    pub vpu_count: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.DiskInfo")]
#[serde(rename_all = "camelCase")]
pub struct DiskInfo {
    /// Usable disk total in GB (slightly below the nominal size; the last custom partition gets the rest).
    pub total_disk_size: i64,
    /// Disk description, e.g. "2 x 960G SSD".
    pub disk_description: String,
    /// Physical disks in RAID/partition order; disk numbers for customRaids count through this list (1-based).
    pub disks: Vec<Disk>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.Disk")]
#[serde(rename_all = "camelCase")]
pub struct Disk {
    /// Size of each disk of this group (GB).
    pub disk_size: i64,
    /// Number of disks of this size.
    pub disk_count: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.DescribeAvailableResourcesRequest")]
#[serde(rename_all = "camelCase")]
pub struct DescribeAvailableResourcesRequest {
    /// Billing model to check availability for: PREPAID or POSTPAID.
    pub instance_charge_type: String,
    /// Only this model.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_type_id: Option<String>,
    /// Only this zone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone_id: Option<String>,
    /// Only offers in this sale state: SELL, SELL_SHORTAGE or SOLD_OUT.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sell_status: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.DescribeAvailableResourcesResponse")]
#[serde(rename_all = "camelCase")]
pub struct DescribeAvailableResourcesResponse {
    /// One entry per (zone, model) offer.
    pub available_resources: Vec<AvailableResource>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.AvailableResource")]
#[serde(rename_all = "camelCase")]
pub struct AvailableResource {
    /// Zone of the offer.
    pub zone_id: String,
    /// Sale state: SELL (stock > 10), SELL_SHORTAGE (stock below 10), SOLD_OUT.
    pub sell_status: String,
    /// Network billing models sold with this offer.
    pub internet_charge_types: Vec<String>,
    /// Model of the offer.
    pub instance_type_id: String,
    /// Highest public outbound bandwidth that can be bought (Mbps).
    pub maximum_bandwidth_out: i64,
    /// Bandwidth included free with ByBandwidth, in Mbps.
    pub default_bandwidth_out: i64,
    /// Traffic package included free with ByTrafficPackage (TB).
    #[serde(with = "rust_decimal::serde::float")]
    #[schemars(with = "f64")]
    pub default_traffic_package_size: Decimal,
    /// Units in stock.
    pub qty: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.DescribeImagesRequest")]
#[serde(rename_all = "camelCase")]
pub struct DescribeImagesRequest {
    /// Only these image IDs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_ids: Option<Vec<String>>,
    /// Only images with this name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_name: Option<String>,
    /// Only this OS family: centos, windows, ubuntu, debian, esxi.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub catalog: Option<String>,
    /// Only PUBLIC_IMAGE or CUSTOM_IMAGE.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_type: Option<String>,
    /// Only windows or linux.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub os_type: Option<String>,
    /// Only images that this model supports.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_type_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.DescribeImagesResponse")]
#[serde(rename_all = "camelCase")]
pub struct DescribeImagesResponse {
    /// Images matching the filters (not paginated).
    pub images: Vec<ImageInfo>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.ImageInfo")]
#[serde(rename_all = "camelCase")]
pub struct ImageInfo {
    /// Image ID.
    pub image_id: String,
    /// Image name, e.g. "CentOS 7.9 64bit".
    pub image_name: String,
    /// OS family: centos, windows, ubuntu, debian, esxi.
    pub catalog: String,
    /// PUBLIC_IMAGE (provided) or CUSTOM_IMAGE (the account's own).
    pub image_type: String,
    /// windows or linux.
    pub os_type: String,
}

pub use super::common::{ChargePrepaid, MarketingInfo, Nic, Price, Tag, TagAssociation};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.CreateInstancesRequest")]
#[serde(rename_all = "camelCase")]
pub struct CreateInstancesRequest {
    /// Zone to create the instances in.
    pub zone_id: String,
    /// PREPAID (monthly, paid up front) or POSTPAID (bmc: needs to be enabled for the account).
    #[schemars(extend("x-cli-value" = "PREPAID|POSTPAID"))]
    pub instance_charge_type: String,
    /// Subscription settings (period); required when instanceChargeType is PREPAID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_charge_prepaid: Option<ChargePrepaid>,
    /// Model ID (from DescribeInstanceTypes / DescribeAvailableResources).
    pub instance_type_id: String,
    /// Image to install; may be omitted to install later (IPMI) or when ipxeUrl is used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_id: Option<String>,
    /// Install over iPXE from this URL instead of an image; "netboot" selects netboot.xyz.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ipxe_url: Option<String>,
    /// Resource group for the instances; omitted = the default group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_group_id: Option<String>,
    /// Display name (default "instance"): at most 64 letters, digits, `-`, `_` and `.`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_name: Option<String>,
    /// Host name (default "hostname"): the same rules as instanceName.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    /// How many instances to create, 1..100 (default 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<i64>,
    /// Root/Administrator password, also the IPMI password; exactly one of password and keyId.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// SSH key pair to install; exactly one of password and keyId (not for Windows).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// Public SSH keys to install.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-until" = "2022-11-20"))]
    pub ssh_keys: Option<Vec<String>>,
    /// Network billing model: ByBandwidth (a bandwidth cap) or ByTrafficPackage (a data package).
    pub internet_charge_type: String,
    /// Public outbound bandwidth cap in Mbps (default 1); range depends on the model.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-cli-value" = "MBPS"))]
    pub internet_max_bandwidth_out: Option<i64>,
    /// Traffic package in TB, only for ByTrafficPackage; default = the free package of the offer.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-cli-value" = "TB"))]
    pub traffic_package_size: Option<f64>,
    /// Private subnet to join.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subnet_id: Option<String>,
    /// Names of the public and private NICs inside the OS.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nic: Option<Nic>,
    /// RAID layout: a quick `raidType` or `customRaids`, not both; omitted = no RAID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub raid_config: Option<RaidConfig>,
    /// Custom partitions of the system disk; needs an imageId.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partitions: Option<Vec<Partition>>,
    /// Script run at first boot (cloud-init user data), at most 32 KB.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_data: Option<String>,
    /// Whether the instance gets a primary public IPv6 address (default true).
    #[serde(rename = "enablePrimaryIPv6", skip_serializing_if = "Option::is_none")]
    pub enable_primary_ipv6: Option<bool>,
    /// Bandwidth cluster the instances join.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cluster_id: Option<String>,
    /// Promotion to apply.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marketing_options: Option<MarketingInfo>,
    /// Whether gateway mode is on (default false).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enable_gateway_mode: Option<bool>,
    /// Tags to attach (keys must be unique).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-cli-alias" = "tag"))]
    pub tags: Option<TagAssociation>,
}

/// A RAID layout.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.RaidConfig")]
#[serde(rename_all = "camelCase")]
pub struct RaidConfig {
    /// Quick RAID over every disk: 0, 1, 5 or 10, as the model supports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raid_type: Option<i64>,
    /// Custom RAID: one array per group of disks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_raids: Option<Vec<CustomRaid>>,
}

/// One array of a custom RAID layout.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.CustomRaid")]
#[serde(rename_all = "camelCase")]
pub struct CustomRaid {
    /// RAID level of the array: 0, 1, 5 or 10.
    pub raid_type: i64,
    /// Disks of the array, numbered from 1 in the model's disk order, ascending.
    pub disk_sequence: Vec<i64>,
}

/// One partition of the system disk.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.Partition")]
#[serde(rename_all = "camelCase")]
pub struct Partition {
    /// File system, e.g. ext4, xfs, swap, NTFS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fs_type: Option<String>,
    /// Mount point (`/`, `/home`; Linux) or drive letter (`C`, `D`; Windows).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fs_path: Option<String>,
    /// Size in GB.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.CreateInstancesResponse")]
#[serde(rename_all = "camelCase")]
pub struct CreateInstancesResponse {
    /// IDs of the new instances; creation goes on asynchronously.
    pub instance_id_set: Vec<String>,
    /// Number of the purchase order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-since" = "2026-02-01"))]
    pub order_number: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.DescribeInstancesRequest")]
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
    /// Only this model.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_type_id: Option<String>,
    /// Only this network billing model.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub internet_charge_type: Option<String>,
    /// Only instances installed from this image.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_id: Option<String>,
    /// Only instances in this subnet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subnet_id: Option<String>,
    /// Only instances in this status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_status: Option<String>,
    /// Name filter; a trailing * makes it a prefix match, otherwise exact.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_name: Option<String>,
    /// Host name filter; a trailing * makes it a prefix match, otherwise exact.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    /// Only instances holding one of these public IPv4 addresses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_ip_addresses: Option<Vec<String>>,
    /// Only instances holding one of these private IPv4 addresses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private_ip_addresses: Option<Vec<String>>,
    /// Page number, 1-based (default 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_num: Option<i64>,
    /// Page size (default 20, max 1000).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_size: Option<i64>,
    /// Only instances having any of these tag keys (at most 20).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag_keys: Option<Vec<String>>,
    /// Only instances having these key/value tags (at most 20).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-cli-alias" = "tag"))]
    pub tags: Option<Vec<Tag>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.DescribeInstancesResponse")]
#[serde(rename_all = "camelCase")]
pub struct DescribeInstancesResponse {
    /// Number of instances matching (all pages).
    pub total_count: i64,
    /// Instances of the requested page.
    pub data_set: Vec<InstanceInfo>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.InstanceInfo")]
#[serde(rename_all = "camelCase")]
pub struct InstanceInfo {
    /// Instance ID.
    pub instance_id: String,
    /// Zone of the instance.
    pub zone_id: String,
    /// Display name.
    pub instance_name: String,
    /// Host name.
    pub hostname: String,
    /// Model ID.
    pub instance_type_id: String,
    /// Model details (InstanceType, imageIds null).
    pub instance_type: Option<InstanceType>,
    /// Installed image ID; null if none.
    pub image_id: Option<String>,
    /// Installed image name; null if none.
    pub image_name: Option<String>,
    /// iPXE URL the OS was installed from; null if not iPXE.
    pub ipxe_url: Option<String>,
    /// Key pair installed; may be null.
    pub key_id: Option<String>,
    /// PREPAID or POSTPAID.
    pub instance_charge_type: String,
    /// Current public outbound bandwidth cap in Mbps; 0 = unlimited up to the model maximum.
    pub bandwidth_out_mbps: Option<i64>,
    /// Network billing model.
    pub internet_charge_type: String,
    /// Subscription length in months; null for POSTPAID.
    pub period: Option<i64>,
    /// Public IPv4 addresses in use (the primary one only if attached to the public NIC).
    pub public_ip_addresses: Vec<String>,
    /// Private IPv4 addresses.
    pub private_ip_addresses: Vec<String>,
    /// Public IPv6 addresses; may be null.
    pub ipv6_addresses: Option<Vec<String>>,
    /// Private subnets the instance is in.
    pub subnet_ids: Option<Vec<String>>,
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
    /// Primary public IPv4 address.
    pub primary_public_ip_address: Option<String>,
    /// Current traffic package in TB; null when not ByTrafficPackage.
    #[serde(default, with = "rust_decimal::serde::float_option")]
    #[schemars(with = "Option<f64>")]
    pub traffic_package_size: Option<Decimal>,
    /// RAID layout as created/reinstalled.
    pub raid_config: Option<RaidConfig>,
    /// Partition layout as created/reinstalled.
    pub partitions: Option<Vec<Partition>>,
    /// NIC names in effect.
    pub nic: Option<Nic>,
    /// Whether the subscription renews at expiredTime; false after TerminateInstance on PREPAID.
    pub auto_renew: bool,
    /// Tags of the instance.
    pub tags: Option<TagAssociation>,
    /// Whether gateway mode is on.
    pub enable_gateway_mode: Option<bool>,
    /// zenlocal: the user data given at creation or reinstall (not a field of the cloud's answer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_data: Option<String>,
    /// zenlocal: the bandwidth cluster given at creation (not a field of the cloud's answer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster_id: Option<String>,
    /// zenlocal: the promotion given at creation (not a field of the cloud's answer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marketing_options: Option<MarketingInfo>,
    /// 2026-02-01 only.
    #[serde(flatten)]
    pub v2026: Option<InstanceInfo2026>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.InstanceInfo2026")]
pub struct InstanceInfo2026 {
    /// Primary public IPv6 address.
    #[serde(rename = "primaryPublicIPv6Address")]
    #[schemars(extend("x-since" = "2026-02-01"))]
    pub primary_public_ipv6_address: Option<String>,
    /// Whether IPMI access is enabled.
    #[serde(rename = "ipmiEnabled")]
    #[schemars(extend("x-since" = "2026-02-01"))]
    pub ipmi_enabled: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.InquiryPriceCreateInstanceRequest")]
#[serde(rename_all = "camelCase")]
pub struct InquiryPriceCreateInstanceRequest {
    /// Zone to price in.
    pub zone_id: String,
    /// Model to price.
    pub instance_type_id: String,
    /// PREPAID or POSTPAID.
    #[schemars(extend("x-cli-value" = "PREPAID|POSTPAID"))]
    pub instance_charge_type: String,
    /// Network billing model to price.
    pub internet_charge_type: String,
    /// Subscription period; required for PREPAID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_charge_prepaid: Option<ChargePrepaid>,
    /// Traffic package in TB (ByTrafficPackage only; default the free package).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-cli-value" = "TB"))]
    pub traffic_package_size: Option<f64>,
    /// Bandwidth cap in Mbps (default 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-cli-value" = "MBPS"))]
    pub internet_max_bandwidth_out: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.InquiryPriceCreateInstanceResponse")]
#[serde(rename_all = "camelCase")]
pub struct InquiryPriceCreateInstanceResponse {
    /// Price of the instance model itself.
    pub instance_price: Price,
    /// Network price items (e.g. bandwidth, or package plus overage).
    pub bandwidth_price: Vec<Price>,
    /// Price of the primary public IP.
    pub primary_ip_price: Price,
}

/// ModifyInstanceBandwidth and InquiryPriceInstanceBandwidth.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.BandwidthRequest")]
#[serde(rename_all = "camelCase")]
pub struct BandwidthRequest {
    /// ID of the instance to act on (from DescribeInstances).
    pub instance_id: String,
    /// Target public outbound bandwidth in Mbps.
    #[schemars(extend("x-cli-value" = "MBPS"))]
    pub bandwidth_out_mbps: i64,
}

/// ReinstallInstance.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.ReinstallInstanceRequest")]
#[serde(rename_all = "camelCase")]
pub struct ReinstallInstanceRequest {
    /// The instance to reinstall.
    pub instance_id: String,
    /// Image to install; omitted = the instance's current image (or its iPXE URL).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_id: Option<String>,
    /// Install over iPXE from this URL instead of an image.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ipxe_url: Option<String>,
    /// Host name; omitted = the current one. The rules of CreateInstances.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    /// New root/Administrator password; at most one of password and keyId (neither: a random one is mailed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// SSH key pair to install instead of a password.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// Public SSH keys to install.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-until" = "2022-11-20"))]
    pub ssh_keys: Option<Vec<String>>,
    /// RAID layout; omitted = none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub raid_config: Option<RaidConfig>,
    /// Custom partitions of the system disk.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partitions: Option<Vec<Partition>>,
    /// NIC names inside the OS.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nic: Option<Nic>,
    /// Script run at first boot, at most 32 KB.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_data: Option<String>,
}

/// ResetInstanceIpmiPassword.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.ResetInstanceIpmiPasswordRequest")]
#[serde(rename_all = "camelCase")]
pub struct ResetInstanceIpmiPasswordRequest {
    /// The instance whose IPMI password to set.
    pub instance_id: String,
    /// The new IPMI password, by CreateInstances' password rules; never shown again.
    pub password: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.DescribeManagedInstancesRequest")]
#[serde(rename_all = "camelCase")]
pub struct DescribeManagedInstancesRequest {
    /// Only these managed instances (at most 100).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_ids: Option<Vec<String>>,
    /// Only this name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_name: Option<String>,
    /// Only this public IP address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    /// Only this private IP address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lan_ip: Option<String>,
    /// Only this location.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fac_name: Option<String>,
    /// Only this city.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city_code: Option<String>,
    /// Page number, 1-based (default 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_num: Option<i64>,
    /// Page size (default 20, max 1000).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_size: Option<i64>,
    /// Only this resource group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_group_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.DescribeManagedInstancesResponse")]
#[serde(rename_all = "camelCase")]
pub struct DescribeManagedInstancesResponse {
    /// Number of managed instances matching (all pages).
    pub total_count: i64,
    /// Managed instances of the requested page.
    pub data_set: Vec<ManagedInstanceInfo>,
}

/// A server of the customer's that Zenlayer manages in one of its locations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.ManagedInstanceInfo")]
#[serde(rename_all = "camelCase")]
pub struct ManagedInstanceInfo {
    /// Managed instance ID.
    pub instance_id: String,
    /// Its name.
    pub instance_name: String,
    /// Location name.
    pub fac_name: String,
    /// Public IP addresses.
    pub ips: Vec<String>,
    /// Private IP addresses.
    pub lan_ips: Vec<String>,
    /// Creation time, YYYY-MM-DDThh:mm:ssZ (UTC).
    pub create_time: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.DescribeInstancesMonitorHealthRequest")]
#[serde(rename_all = "camelCase")]
pub struct DescribeInstancesMonitorHealthRequest {
    /// The instances, 1 to 100.
    pub instance_ids: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.DescribeInstancesMonitorHealthResponse")]
#[serde(rename_all = "camelCase")]
pub struct DescribeInstancesMonitorHealthResponse {
    /// The hardware health of each instance, in the order asked.
    pub monitor_health_list: Vec<InstanceHealth>,
}

/// The hardware health of one bare-metal instance.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.InstanceHealth")]
#[serde(rename_all = "camelCase")]
pub struct InstanceHealth {
    /// Instance ID.
    pub instance_id: String,
    /// CPU status: NORMAL or ABNORMAL.
    pub cpu_status: String,
    /// Disk status: NORMAL or ABNORMAL.
    pub disk_status: String,
    /// Whether the IPMI interface answers ping: NORMAL or ABNORMAL.
    pub ipmi_ping: String,
    /// IPMI status: NORMAL or ABNORMAL.
    pub ipmi_status: String,
    /// Memory status: NORMAL or ABNORMAL.
    pub memory_status: String,
    /// Power supply status: NORMAL or ABNORMAL.
    pub psu_status: String,
    /// Public port status: UP while the instance runs, else DOWN.
    pub wan_port_status: String,
    /// Fan status: NORMAL or ABNORMAL.
    pub fan_status: String,
    /// Server brand.
    pub server_brand: String,
    /// Server model: the instance type.
    pub server_model: String,
    /// CPU temperature, in `tempUnit`; null while the instance is off.
    pub cpu_temp: Option<i64>,
    /// First CPU's temperature.
    pub cpu0_temp: Option<i64>,
    /// Second CPU's temperature.
    pub cpu1_temp: Option<i64>,
    /// Third CPU's temperature; null on two-socket servers.
    pub cpu2_temp: Option<i64>,
    /// Air inlet temperature.
    pub inlet_temp: Option<i64>,
    /// Unit of the temperatures: C.
    pub temp_unit: String,
}
