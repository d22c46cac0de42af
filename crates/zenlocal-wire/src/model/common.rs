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
    #[serde(default, with = "flattened_float_option")]
    pub excess_unit_price: Option<Decimal>,
    #[serde(default, with = "flattened_float_option")]
    pub excess_discount_unit_price: Option<Decimal>,
    pub excess_amount_unit: Option<String>,
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
