//! vm 2023-03-13 and 2026-04-01.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DescribeZonesRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone_ids: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DescribeZonesResponse {
    pub zone_set: Vec<ZoneInfo>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ZoneInfo {
    pub zone_id: String,
    pub zone_name: String,
    pub support_security_group: bool,
    pub support_network_type: String,
    pub support_ipv6: bool,
    pub support_cpu_pass_through: bool,
    /// 2026-04-01 only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_line_type: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DescribeZoneInstanceConfigInfosRequest {
    pub instance_charge_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_type: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DescribeZoneInstanceConfigInfosResponse {
    pub instance_type_quota_set: Vec<InstanceTypeQuotaItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InstanceTypeQuotaItem {
    pub zone_id: String,
    pub instance_type: String,
    pub instance_type_name: String,
    pub cpu_count: i64,
    pub memory: i64,
    pub frequency: String,
    pub internet_max_bandwidth_out_limit: i64,
    pub internet_charge_types: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DescribeImagesRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_ids: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub os_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_num: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_size: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DescribeImagesResponse {
    pub total_count: i64,
    pub data_set: Vec<ImageInfo>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImageInfo {
    pub image_id: String,
    pub image_name: String,
    pub image_type: String,
    pub image_size: i64,
    pub image_description: Option<String>,
    pub image_version: String,
    pub image_status: String,
    pub category: String,
    pub os_type: String,
}

pub use super::common::{ChargePostpaid, ChargePrepaid, Nic, Price, Tag, TagAssociation};
use super::Decimal;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SystemDisk {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disk_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disk_size: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disk_category: Option<String>,
}

/// A data disk a request asks for: [`DataDisk`] without the price only answers carry, so
/// that a request holds nothing decoded leniently (D-113).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DataDiskSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disk_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disk_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disk_size: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disk_amount: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disk_category: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DataDisk {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disk_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disk_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disk_size: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disk_amount: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disk_category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disk_price: Option<Price>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateInstancesRequest {
    pub zone_id: String,
    pub image_id: String,
    pub instance_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_group_id: Option<String>,
    pub instance_charge_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_charge_prepaid: Option<ChargePrepaid>,
    /// 2026-04-01 only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_charge_postpaid: Option<ChargePostpaid>,
    pub internet_charge_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub traffic_package_size: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub internet_max_bandwidth_out: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_count: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system_disk: Option<SystemDisk>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_disks: Option<Vec<DataDiskSpec>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subnet_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub security_group_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nic: Option<Nic>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<TagAssociation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateInstancesResponse {
    pub order_number: Option<String>,
    pub instance_id_set: Vec<String>,
    /// 2026-04-01 only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instances: Option<Vec<CreatedInstance>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreatedInstance {
    pub instance_id: String,
    pub disk_id_set: Vec<String>,
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
    pub instance_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub internet_charge_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subnet_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub security_group_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_ip_addresses: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private_ip_addresses: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_size: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_num: Option<i64>,
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
    pub instance_type: String,
    pub cpu_count: i64,
    pub memory: i64,
    pub image_id: Option<String>,
    pub image_name: Option<String>,
    pub instance_charge_type: String,
    pub internet_max_bandwidth_out: Option<i64>,
    pub internet_charge_type: String,
    pub period: Option<i64>,
    pub public_ip_addresses: Vec<String>,
    pub public_ipv6_addresses: Option<Vec<String>>,
    pub private_ip_addresses: Vec<String>,
    pub subnet_id: Option<String>,
    pub create_time: String,
    pub expired_time: Option<String>,
    pub resource_group_id: Option<String>,
    pub resource_group_name: Option<String>,
    pub instance_status: String,
    #[serde(default, with = "rust_decimal::serde::float_option")]
    pub traffic_package_size: Option<Decimal>,
    pub security_group_ids: Option<Vec<String>>,
    pub system_disk: Option<SystemDisk>,
    pub data_disks: Option<Vec<DataDisk>>,
    pub auto_renew: bool,
    pub key_id: Option<String>,
    pub nic: Option<Nic>,
    pub tags: Option<TagAssociation>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InquiryPriceCreateInstanceRequest {
    pub zone_id: String,
    /// 2026-04-01 only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_id: Option<String>,
    pub instance_type: String,
    pub instance_charge_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_charge_prepaid: Option<ChargePrepaid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_charge_postpaid: Option<ChargePostpaid>,
    pub internet_charge_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub traffic_package_size: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub internet_max_bandwidth_out: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_count: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system_disk: Option<SystemDisk>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_disks: Option<Vec<DataDiskSpec>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InquiryPriceCreateInstanceResponse {
    pub instance_price: Price,
    pub bandwidth_price: Vec<Price>,
    pub eip_price: Option<Price>,
    pub system_disk_price: Option<Price>,
    pub data_disk_price: Option<Price>,
    /// 2026-04-01 only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_disk_prices: Option<Vec<DataDisk>>,
}

/// ModifyInstanceBandwidth and InquiryPriceInstanceBandwidth.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BandwidthRequest {
    pub instance_id: String,
    pub internet_max_bandwidth_out: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ModifyInstanceTypeRequest {
    pub instance_id: String,
    pub instance_type_id: String,
}

/// DescribeInstanceTypeStatus (§5.5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InstanceTypeStatus {
    pub instance_id: String,
    pub instance_name: String,
    pub instance_type: String,
    pub modified_instance_type: Option<String>,
    pub modified_instance_type_status: String,
}
