//! zbc 2024-08-09.

use serde::{Deserialize, Serialize};

use super::Decimal;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DescribeCustomerBalanceRequest {}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DescribeCustomerBalanceResponse {
    pub account_uid: String,
    #[serde(with = "rust_decimal::serde::float")]
    pub cash_balance: Decimal,
    #[serde(with = "rust_decimal::serde::float")]
    pub credit_value: Decimal,
    #[serde(with = "rust_decimal::serde::float")]
    pub purchasing_power: Decimal,
    #[serde(with = "rust_decimal::serde::float")]
    pub order_frozen_amount: Decimal,
}
