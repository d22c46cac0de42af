//! Structures shared by bmc and vm.

use serde::{Deserialize, Serialize};

use super::Decimal;

/// `Price` (bmc 2022-11-20, vm 2023-03-13) and `PriceItem` (the 2026 versions): the
/// fields `PriceItem` adds sit in `item`, absent for the older versions (§5.6, §9).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Price {
    #[serde(with = "rust_decimal::serde::float")]
    pub discount: Decimal,
    #[serde(default, with = "rust_decimal::serde::float_option")]
    pub discount_price: Option<Decimal>,
    #[serde(default, with = "rust_decimal::serde::float_option")]
    pub original_price: Option<Decimal>,
    #[serde(default, with = "rust_decimal::serde::float_option")]
    pub unit_price: Option<Decimal>,
    #[serde(default, with = "rust_decimal::serde::float_option")]
    pub discount_unit_price: Option<Decimal>,
    pub charge_unit: Option<String>,
    pub step_prices: Option<Vec<StepPrice>>,
    #[serde(flatten)]
    pub item: Option<PriceItemFields>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PriceItemFields {
    pub amount_unit: Option<String>,
    #[serde(default, with = "rust_decimal::serde::float_option")]
    pub excess_unit_price: Option<Decimal>,
    #[serde(default, with = "rust_decimal::serde::float_option")]
    pub excess_discount_unit_price: Option<Decimal>,
    pub excess_amount_unit: Option<String>,
    pub category: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StepPrice {
    #[serde(with = "rust_decimal::serde::float")]
    pub step_start: Decimal,
    #[serde(default, with = "rust_decimal::serde::float_option")]
    pub step_end: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::float")]
    pub unit_price: Decimal,
    #[serde(with = "rust_decimal::serde::float")]
    pub discount_unit_price: Decimal,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChargePrepaid {
    pub period: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChargePostpaid {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Tag {
    pub key: String,
    pub value: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TagAssociation {
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Nic {
    pub wan_name: Option<String>,
    pub lan_name: Option<String>,
}

/// StartInstances, StopInstances and ReleaseInstances.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InstanceIdsRequest {
    pub instance_ids: Vec<String>,
    /// vm StopInstances only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub force_shutdown: Option<bool>,
}

/// Every action that names one instance.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InstanceIdRequest {
    pub instance_id: String,
}

/// The answer of actions with no output fields.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Empty {}

/// The answer of the Modify actions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderNumberResponse {
    pub order_number: Option<String>,
}

/// ModifyInstanceTrafficPackage and InquiryPriceInstanceTrafficPackage, both services.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TrafficPackageRequest {
    pub instance_id: String,
    pub traffic_package_size: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BandwidthPriceResponse {
    pub bandwidth_price: Vec<Price>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TrafficPackagePriceResponse {
    pub traffic_package_price: Vec<Price>,
}

/// DescribeInstanceInternetStatus (§5.4), the same in every version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InstanceInternetStatus {
    pub instance_id: String,
    pub instance_name: String,
    pub internet_max_bandwidth_out: Option<i64>,
    pub modified_internet_max_bandwidth_out: Option<i64>,
    pub modified_bandwidth_status: Option<String>,
    #[serde(default, with = "rust_decimal::serde::float_option")]
    pub traffic_package_size: Option<Decimal>,
    #[serde(default, with = "rust_decimal::serde::float_option")]
    pub modified_traffic_package_size: Option<Decimal>,
    pub modified_traffic_package_status: Option<String>,
}
