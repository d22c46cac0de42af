//! bmc 2022-11-20 and 2026-02-01.

use serde::{Deserialize, Serialize};

use super::Decimal;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DescribeZonesRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accept_language: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_cloud_router_available: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DescribeZonesResponse {
    pub zone_set: Vec<Zone>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Zone {
    pub zone_id: String,
    pub zone_name: String,
    pub city_name: String,
    pub area_name: String,
    pub is_cloud_router_available: bool,
    /// 2026-02-01 only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_byoip_enabled: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DescribeInstanceTypesRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_type_ids: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum_cpu_core_count: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum_cpu_core_count: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum_memory_size: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum_memory_size: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum_bandwidth: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub support_raids: Option<Vec<i64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub support_subnet: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum_disk_size: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum_disk_size: Option<i64>,
    #[serde(rename = "isHA", skip_serializing_if = "Option::is_none")]
    pub is_ha: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DescribeInstanceTypesResponse {
    pub instance_types: Vec<InstanceType>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InstanceType {
    pub instance_type_id: String,
    pub description: String,
    pub cpu_core_count: i64,
    pub cpu_detail: String,
    pub cpu_cores: i64,
    pub cpu_threads: i64,
    pub base_frequency: String,
    pub memory_size: i64,
    pub maximum_bandwidth: i64,
    pub support_raids: Vec<i64>,
    pub support_subnet: bool,
    #[serde(rename = "isHA")]
    pub is_ha: bool,
    /// Filled by DescribeInstanceTypes only; null inside InstanceInfo.
    pub image_ids: Option<Vec<String>>,
    pub disk_info: DiskInfo,
    /// 2026-02-01 only.
    #[serde(flatten)]
    pub vpu: Option<Vpu>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Vpu {
    pub vpu_vendor: Option<String>,
    pub vpu_card: Option<String>,
    pub vpu_count: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DiskInfo {
    pub total_disk_size: i64,
    pub disk_description: String,
    pub disks: Vec<Disk>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Disk {
    pub disk_size: i64,
    pub disk_count: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DescribeAvailableResourcesRequest {
    pub instance_charge_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_type_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sell_status: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DescribeAvailableResourcesResponse {
    pub available_resources: Vec<AvailableResource>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AvailableResource {
    pub zone_id: String,
    pub sell_status: String,
    pub internet_charge_types: Vec<String>,
    pub instance_type_id: String,
    pub maximum_bandwidth_out: i64,
    pub default_bandwidth_out: i64,
    #[serde(with = "rust_decimal::serde::float")]
    pub default_traffic_package_size: Decimal,
    pub qty: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DescribeImagesRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_ids: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub catalog: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub os_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_type_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DescribeImagesResponse {
    pub images: Vec<ImageInfo>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImageInfo {
    pub image_id: String,
    pub image_name: String,
    pub catalog: String,
    pub image_type: String,
    pub os_type: String,
}

pub use super::common::{ChargePrepaid, Nic, Price, Tag, TagAssociation};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateInstancesRequest {
    pub zone_id: String,
    pub instance_charge_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_charge_prepaid: Option<ChargePrepaid>,
    pub instance_type_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ipxe_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_group_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// 2022-11-20 only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ssh_keys: Option<Vec<String>>,
    pub internet_charge_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub internet_max_bandwidth_out: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub traffic_package_size: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subnet_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nic: Option<Nic>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<TagAssociation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateInstancesResponse {
    pub instance_id_set: Vec<String>,
    /// 2026-02-01 only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_number: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DescribeInstancesRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_ids: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_group_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_type_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub internet_charge_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subnet_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_ip_addresses: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private_ip_addresses: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_num: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_size: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag_keys: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DescribeInstancesResponse {
    pub total_count: i64,
    pub data_set: Vec<InstanceInfo>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InstanceInfo {
    pub instance_id: String,
    pub zone_id: String,
    pub instance_name: String,
    pub hostname: String,
    pub instance_type_id: String,
    pub instance_type: Option<InstanceType>,
    pub image_id: Option<String>,
    pub image_name: Option<String>,
    pub ipxe_url: Option<String>,
    pub key_id: Option<String>,
    pub instance_charge_type: String,
    pub bandwidth_out_mbps: Option<i64>,
    pub internet_charge_type: String,
    pub period: Option<i64>,
    pub public_ip_addresses: Vec<String>,
    pub private_ip_addresses: Vec<String>,
    pub ipv6_addresses: Option<Vec<String>>,
    pub subnet_ids: Option<Vec<String>>,
    pub create_time: String,
    pub expired_time: Option<String>,
    pub resource_group_id: Option<String>,
    pub resource_group_name: Option<String>,
    pub instance_status: String,
    pub primary_public_ip_address: Option<String>,
    #[serde(default, with = "rust_decimal::serde::float_option")]
    pub traffic_package_size: Option<Decimal>,
    pub raid_config: Option<serde_json::Value>,
    pub partitions: Option<serde_json::Value>,
    pub nic: Option<Nic>,
    pub auto_renew: bool,
    pub tags: Option<TagAssociation>,
    pub enable_gateway_mode: Option<bool>,
    /// 2026-02-01 only.
    #[serde(flatten)]
    pub v2026: Option<InstanceInfo2026>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct InstanceInfo2026 {
    #[serde(rename = "primaryPublicIPv6Address")]
    pub primary_public_ipv6_address: Option<String>,
    #[serde(rename = "ipmiEnabled")]
    pub ipmi_enabled: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InquiryPriceCreateInstanceRequest {
    pub zone_id: String,
    pub instance_type_id: String,
    pub instance_charge_type: String,
    pub internet_charge_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_charge_prepaid: Option<ChargePrepaid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub traffic_package_size: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub internet_max_bandwidth_out: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InquiryPriceCreateInstanceResponse {
    pub instance_price: Price,
    pub bandwidth_price: Vec<Price>,
    pub primary_ip_price: Price,
}

/// ModifyInstanceBandwidth and InquiryPriceInstanceBandwidth.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BandwidthRequest {
    pub instance_id: String,
    pub bandwidth_out_mbps: i64,
}
