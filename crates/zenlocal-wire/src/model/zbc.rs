//! zbc 2024-08-09.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Decimal;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "zbc.DescribeCustomerBalanceRequest")]
pub struct DescribeCustomerBalanceRequest {}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "zbc.DescribeCustomerBalanceResponse")]
#[serde(rename_all = "camelCase")]
pub struct DescribeCustomerBalanceResponse {
    /// Account (team) ID.
    pub account_uid: String,
    /// Cash balance in USD; may be negative.
    #[serde(with = "rust_decimal::serde::float")]
    #[schemars(with = "f64")]
    pub cash_balance: Decimal,
    /// Credit limit in USD.
    #[serde(with = "rust_decimal::serde::float")]
    #[schemars(with = "f64")]
    pub credit_value: Decimal,
    /// Spendable amount (cash balance plus credit).
    #[serde(with = "rust_decimal::serde::float")]
    #[schemars(with = "f64")]
    pub purchasing_power: Decimal,
    /// Amount held for pending orders.
    #[serde(with = "rust_decimal::serde::float")]
    #[schemars(with = "f64")]
    pub order_frozen_amount: Decimal,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "zbc.DescribeTransactionHistoryRequest")]
#[serde(rename_all = "camelCase")]
pub struct DescribeTransactionHistoryRequest {
    /// Page number, 1-based (default 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_num: Option<i64>,
    /// Page size (max 10000).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_size: Option<i64>,
    /// Only these transaction types (array; see TransactionType enum).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transaction_type: Option<String>,
    /// Window start, YYYY-MM-DDThh:mm:ssZ; default one month ago; not earlier than 3 months ago.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-cli-value" = "TIME"))]
    pub start_time: Option<String>,
    /// Window end, YYYY-MM-DDThh:mm:ssZ; default now.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-cli-value" = "TIME"))]
    pub end_time: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "zbc.DescribeTransactionHistoryResponse")]
#[serde(rename_all = "camelCase")]
pub struct DescribeTransactionHistoryResponse {
    /// Total money in over the filtered entries.
    #[serde(with = "rust_decimal::serde::float")]
    #[schemars(with = "f64")]
    pub income_sum: Decimal,
    /// Total money out over the filtered entries.
    #[serde(with = "rust_decimal::serde::float")]
    #[schemars(with = "f64")]
    pub expenditure_sum: Decimal,
    /// Number of entries matching (all pages).
    pub total_count: i64,
    /// Entries of the requested page.
    pub data_set: Vec<TransactionHistory>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "zbc.TransactionHistory")]
#[serde(rename_all = "camelCase")]
pub struct TransactionHistory {
    /// Account (team) ID.
    pub account_uid: String,
    /// Transaction record ID (UUID).
    pub uid: String,
    /// Time of the transaction, YYYY-MM-DDThh:mm:ssZ.
    pub transaction_time: String,
    /// Order number the entry belongs to; null for deposits.
    pub order_sn: Option<String>,
    /// Free-text description.
    pub description: String,
    /// Type of the entry (see enum).
    pub transaction_type: String,
    /// How it was paid, e.g. ZenPoint.
    pub payment_method: Option<String>,
    /// Amount of the entry (positive).
    #[serde(with = "rust_decimal::serde::float")]
    #[schemars(with = "f64")]
    pub amount: Decimal,
    /// Cash balance after the entry.
    #[serde(with = "rust_decimal::serde::float")]
    #[schemars(with = "f64")]
    pub cash_balance: Decimal,
    /// INCOME or EXPENDITURE.
    pub trade_type: Option<String>,
    /// Reference number of the underlying trade.
    pub trade_no: Option<String>,
}
