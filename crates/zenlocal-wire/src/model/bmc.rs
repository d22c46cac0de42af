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
