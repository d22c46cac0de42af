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

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DescribeTransactionHistoryRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_num: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_size: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transaction_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_time: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DescribeTransactionHistoryResponse {
    #[serde(with = "rust_decimal::serde::float")]
    pub income_sum: Decimal,
    #[serde(with = "rust_decimal::serde::float")]
    pub expenditure_sum: Decimal,
    pub total_count: i64,
    pub data_set: Vec<TransactionHistory>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TransactionHistory {
    pub account_uid: String,
    pub uid: String,
    pub transaction_time: String,
    pub order_sn: Option<String>,
    pub description: String,
    pub transaction_type: String,
    pub payment_method: Option<String>,
    #[serde(with = "rust_decimal::serde::float")]
    pub amount: Decimal,
    #[serde(with = "rust_decimal::serde::float")]
    pub cash_balance: Decimal,
    pub trade_type: Option<String>,
    pub trade_no: Option<String>,
}
