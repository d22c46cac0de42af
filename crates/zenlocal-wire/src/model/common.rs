//! Structures shared by bmc and vm.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Decimal;

/// A price: `Price` in bmc 2022-11-20 and vm 2023-03-13, `PriceItem` (with the fields
/// marked `x-since`) in the 2026 versions.
// The fields `PriceItem` adds sit in `item`, absent for the older versions (§5.6, §9).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Price {
    /// Percentage of list price paid, e.g. 80.0 = 20% off, 100.0 = no discount.
    #[serde(with = "rust_decimal::serde::float")]
    #[schemars(with = "f64")]
    pub discount: Decimal,
    /// PREPAID: total after discount for the whole period; null for POSTPAID.
    #[serde(default, with = "rust_decimal::serde::float_option")]
    #[schemars(with = "Option<f64>")]
    pub discount_price: Option<Decimal>,
    /// PREPAID: list total for the whole period; null for POSTPAID.
    #[serde(default, with = "rust_decimal::serde::float_option")]
    #[schemars(with = "Option<f64>")]
    pub original_price: Option<Decimal>,
    /// POSTPAID: list price per chargeUnit; null for PREPAID or tiered prices.
    #[serde(default, with = "rust_decimal::serde::float_option")]
    #[schemars(with = "Option<f64>")]
    pub unit_price: Option<Decimal>,
    /// POSTPAID: discounted price per chargeUnit; null for PREPAID or tiered prices.
    #[serde(default, with = "rust_decimal::serde::float_option")]
    #[schemars(with = "Option<f64>")]
    pub discount_unit_price: Option<Decimal>,
    /// POSTPAID billing unit: HOUR, DAY or MONTH (95th-percentile billing); null for PREPAID.
    pub charge_unit: Option<String>,
    /// POSTPAID tiered prices; null when the price is not tiered.
    pub step_prices: Option<Vec<StepPrice>>,
    /// The fields `PriceItem` adds (the 2026 versions); `None` for `Price`.
    #[serde(flatten)]
    pub item: Option<PriceItemFields>,
}

/// What `PriceItem` adds to `Price`: a type both services share, so its fields name the
/// version each service added them in.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PriceItemFields {
    /// Unit of the priced amount, e.g. Mbps, LCU; null if none.
    #[schemars(extend("x-since" = {"bmc": "2026-02-01", "vm": "2026-04-01"}))]
    pub amount_unit: Option<String>,
    /// List price per unit of usage beyond the package (e.g. per GB over a traffic package).
    #[serde(default, with = "flattened_float_option")]
    #[schemars(with = "Option<f64>")]
    #[schemars(extend("x-since" = {"bmc": "2026-02-01", "vm": "2026-04-01"}))]
    pub excess_unit_price: Option<Decimal>,
    /// Discounted price per unit of overage.
    #[serde(default, with = "flattened_float_option")]
    #[schemars(with = "Option<f64>")]
    #[schemars(extend("x-since" = {"bmc": "2026-02-01", "vm": "2026-04-01"}))]
    pub excess_discount_unit_price: Option<Decimal>,
    /// Unit of the overage, e.g. GB; null if none.
    #[schemars(extend("x-since" = {"bmc": "2026-02-01", "vm": "2026-04-01"}))]
    pub excess_amount_unit: Option<String>,
    /// STANDARD (list price) or CUSTOMIZED (fixed/contract price).
    #[schemars(extend("x-since" = {"bmc": "2026-02-01", "vm": "2026-04-01"}))]
    pub category: Option<String>,
}

/// `rust_decimal::serde::float_option` for fields of a flattened struct: serde hands them
/// a JSON `null` as a unit, which rust_decimal's visitor refuses, and the refusal made the
/// whole flattened `PriceItemFields` decode as `None` on the client. Same encoding.
mod flattened_float_option {
    use super::Decimal;
    use serde::{Deserialize, Deserializer, Serializer};

    #[derive(Deserialize)]
    #[serde(transparent)]
    struct Float(#[serde(with = "rust_decimal::serde::float")] Decimal);

    pub fn serialize<S: Serializer>(value: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        rust_decimal::serde::float_option::serialize(value, s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        Ok(Option::<Float>::deserialize(d)?.map(|f| f.0))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct StepPrice {
    /// Lower bound of the tier.
    #[serde(with = "rust_decimal::serde::float")]
    #[schemars(with = "f64")]
    pub step_start: Decimal,
    /// Upper bound of the tier; null for the last tier.
    #[serde(default, with = "rust_decimal::serde::float_option")]
    #[schemars(with = "Option<f64>")]
    pub step_end: Option<Decimal>,
    /// List unit price in the tier.
    #[serde(with = "rust_decimal::serde::float")]
    #[schemars(with = "f64")]
    pub unit_price: Decimal,
    /// Discounted unit price in the tier.
    #[serde(with = "rust_decimal::serde::float")]
    #[schemars(with = "f64")]
    pub discount_unit_price: Decimal,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChargePrepaid {
    /// Subscription length in months (>= 1).
    #[schemars(extend("x-cli-alias" = "period", "x-cli-value" = "MONTHS"))]
    pub period: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChargePostpaid {
    /// Postpaid duration in months.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-cli-alias" = "postpaid-period", "x-cli-value" = "MONTHS"))]
    pub period: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Tag {
    /// Tag key (bmc 1-128 chars, vm 1-64).
    pub key: String,
    /// Tag value (bmc 1-128 chars, vm 1-64).
    pub value: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TagAssociation {
    /// Key/value pairs to attach.
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Nic {
    /// Public NIC name (bmc: 4-10 letters/digits, starts with a letter, default wan0 or bond0 on HA; vm: 4-15 lower-case letters/digits, default eth0).
    pub wan_name: Option<String>,
    /// Private NIC name (bmc: default lan0 or bond1 on HA; vm: default eth1); must differ from wanName.
    pub lan_name: Option<String>,
}

/// A promotion a purchase asks for (`marketingOptions`); kept as given (D-124).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct MarketingInfo {
    /// Discount code to apply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount_code: Option<String>,
    /// Whether to pay with a proof-of-concept voucher.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub use_poc_voucher: Option<bool>,
}

/// ModifyInstancesAttribute, both services.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ModifyInstancesAttributeRequest {
    /// The instances to rename, 1 to 100.
    pub instance_ids: Vec<String>,
    /// The new display name: at most 64 letters, digits, `-`, `_` and `.`.
    pub instance_name: String,
}

/// ModifyInstancesResourceGroup, both services.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ModifyInstancesResourceGroupRequest {
    /// The instances to move, 1 to 100.
    pub instance_ids: Vec<String>,
    /// The resource group of the account to move them to.
    pub resource_group_id: String,
}

/// The answer of DescribeVncUrl and DescribeInstanceIpmiUrl.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UrlResponse {
    /// The console address; it holds a one-time token.
    pub url: String,
}

/// StartInstances, StopInstances and ReleaseInstances.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct InstanceIdsRequest {
    /// The instances to act on, 1 to 100.
    pub instance_ids: Vec<String>,
    /// vm StopInstances: cut the power instead of a clean shutdown (default true); ignored elsewhere.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub force_shutdown: Option<bool>,
}

/// Every action that names one instance.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct InstanceIdRequest {
    /// Instance to move to the recycle bin / unsubscribe.
    pub instance_id: String,
}

/// The answer of actions with no output fields.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Empty {}

/// The answer of the Modify actions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct OrderNumberResponse {
    /// Number of the change order; null when nothing was ordered (the target equals the current value).
    pub order_number: Option<String>,
}

/// ModifyInstanceTrafficPackage and InquiryPriceInstanceTrafficPackage, both services.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TrafficPackageRequest {
    /// ID of the instance to act on (from DescribeInstances).
    pub instance_id: String,
    /// Target traffic package in TB, a multiple of 0.05.
    #[schemars(extend("x-cli-value" = "TB"))]
    pub traffic_package_size: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct BandwidthPriceResponse {
    /// Price items of the change (one item).
    pub bandwidth_price: Vec<Price>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TrafficPackagePriceResponse {
    /// Price items: the package, and in 2026 versions a second item with the overage price per GB.
    pub traffic_package_price: Vec<Price>,
}

/// DescribeInstanceInternetStatus (§5.4), the same in every version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct InstanceInternetStatus {
    /// Instance ID.
    pub instance_id: String,
    /// Instance name.
    pub instance_name: String,
    /// Bandwidth in force now (Mbps).
    pub internet_max_bandwidth_out: Option<i64>,
    /// Target of the pending/in-flight bandwidth change; null when none.
    pub modified_internet_max_bandwidth_out: Option<i64>,
    /// Bandwidth item state: Enable, Processing or WaitToEnable (next cycle).
    pub modified_bandwidth_status: Option<String>,
    /// Traffic package in force now (TB); null when the instance has none.
    #[serde(default, with = "rust_decimal::serde::float_option")]
    #[schemars(with = "Option<f64>")]
    pub traffic_package_size: Option<Decimal>,
    /// Target of the pending/in-flight package change (TB); null when none.
    #[serde(default, with = "rust_decimal::serde::float_option")]
    #[schemars(with = "Option<f64>")]
    pub modified_traffic_package_size: Option<Decimal>,
    /// Traffic package item state: Enable, Processing or WaitToEnable.
    pub modified_traffic_package_status: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_price_item_with_null_excess_prices_decodes_its_item_fields() {
        let json = r#"{"discount":100.0,"discountPrice":199.0,"originalPrice":199.0,"unitPrice":null,"discountUnitPrice":null,"chargeUnit":null,"stepPrices":null,"amountUnit":"Mbps","excessUnitPrice":null,"excessDiscountUnitPrice":0.01,"excessAmountUnit":null,"category":"STANDARD"}"#;
        let price: Price = serde_json::from_str(json).unwrap();
        let item = price.item.as_ref().unwrap();
        assert_eq!(item.category.as_deref(), Some("STANDARD"));
        assert_eq!(item.amount_unit.as_deref(), Some("Mbps"));
        assert_eq!(item.excess_unit_price, None);
        assert_eq!(
            item.excess_discount_unit_price,
            Some("0.01".parse().unwrap())
        );
        assert_eq!(serde_json::to_string(&price).unwrap(), json);
    }
}

/// DescribeInstanceTraffic (bmc, vm), bmc DescribeManagedInstanceTraffic and vm
/// DescribeInstanceCpuMonitor: one instance over a window of at most 24 hours within the
/// last 30 days.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct InstanceWindowRequest {
    /// The instance.
    pub instance_id: String,
    /// Window start, UTC, YYYY-MM-DDThh:mm:ssZ.
    #[schemars(extend("x-cli-value" = "TIME"))]
    pub start_time: String,
    /// Window end, UTC, YYYY-MM-DDThh:mm:ssZ; at most 24 hours after the start.
    #[schemars(extend("x-cli-value" = "TIME"))]
    pub end_time: String,
}

/// The public traffic of an instance over a window, a point every five minutes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct InstanceTrafficResponse {
    /// The average rates over the five minutes ending at each point of the window.
    pub data_list: Vec<InstanceTrafficData>,
    /// Inbound 95th percentile of the points, in `unit`.
    pub in95: i64,
    /// Time of the inbound 95th-percentile point.
    pub in95_time: Option<String>,
    /// Inbound average, in `unit`.
    pub in_avg: i64,
    /// Inbound maximum, in `unit`.
    pub in_max: i64,
    /// Inbound minimum, in `unit`.
    pub in_min: i64,
    /// Inbound data transfer over the window, in `totalUnit`.
    pub in_total: i64,
    /// The larger of the two 95th percentiles, in Mbps.
    #[serde(with = "rust_decimal::serde::float")]
    #[schemars(with = "f64")]
    pub max_bandwidth95_value_mbps: Decimal,
    /// Outbound 95th percentile of the points, in `unit`.
    pub out95: i64,
    /// Time of the outbound 95th-percentile point.
    pub out95_time: Option<String>,
    /// Outbound average, in `unit`.
    pub out_avg: i64,
    /// Outbound maximum, in `unit`.
    pub out_max: i64,
    /// Outbound minimum, in `unit`.
    pub out_min: i64,
    /// Outbound data transfer over the window, in `totalUnit`.
    pub out_total: i64,
    /// Unit of the totals: B (bytes).
    pub total_unit: String,
    /// Unit of the rates: bps.
    pub unit: String,
}

/// One point of a traffic series.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct InstanceTrafficData {
    /// Inbound rate, bps, averaged over the five minutes ending at `time`.
    #[serde(rename = "internetRX")]
    pub internet_rx: i64,
    /// Outbound rate, bps, averaged over the five minutes ending at `time`.
    #[serde(rename = "internetTX")]
    pub internet_tx: i64,
    /// YYYY-MM-DDThh:mm:ssZ, a multiple of five minutes.
    pub time: String,
}
