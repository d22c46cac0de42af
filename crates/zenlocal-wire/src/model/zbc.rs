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
    /// Only these transaction types: RECHARGE, CONSUME (also written DEDUCTION) or REFUND.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transaction_type: Option<Vec<String>>,
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

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "zbc.DescribeBillDetailRequest")]
#[serde(rename_all = "camelCase")]
pub struct DescribeBillDetailRequest {
    /// Page number, 1-based (default 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_num: Option<i64>,
    /// Page size (default 20; more than 5000 answers 5000).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_size: Option<i64>,
    /// Month of the bill, yyyyMM (default: the current month).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bill_monthly: Option<i64>,
    /// Only the lines of this order number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_sn: Option<String>,
    /// Only the lines of this resource (instance ID).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_id: Option<String>,
    /// Only the lines of this product line, e.g. Compute.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "zbc.DescribeBillDetailResponse")]
#[serde(rename_all = "camelCase")]
pub struct DescribeBillDetailResponse {
    /// Total paid with vouchers over the matching lines (zenlocal has none: 0).
    #[serde(with = "rust_decimal::serde::float")]
    #[schemars(with = "f64")]
    pub total_voucher: Decimal,
    /// Total spend over the matching lines.
    #[serde(with = "rust_decimal::serde::float")]
    #[schemars(with = "f64")]
    pub total_spend: Decimal,
    /// Total paid in cash over the matching lines.
    #[serde(with = "rust_decimal::serde::float")]
    #[schemars(with = "f64")]
    pub total_cash: Decimal,
    /// Total refunded in the month.
    #[serde(with = "rust_decimal::serde::float")]
    #[schemars(with = "f64")]
    pub total_refund: Decimal,
    /// Number of matching lines (all pages).
    pub total_count: i64,
    /// Lines of the requested page, oldest deduction first.
    pub data_set: Vec<BillingDetailInfo>,
}

/// One line of a monthly bill: one order line and the ledger entry that paid it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "zbc.BillingDetailInfo")]
#[serde(rename_all = "camelCase")]
pub struct BillingDetailInfo {
    /// Resource ID (instance ID).
    pub resource_id: Option<String>,
    /// Sub-product, e.g. Bare Metal Instance; null once the instance is released.
    pub product_subitem: Option<String>,
    /// Product line: Compute.
    pub product: String,
    /// Bill amount.
    #[serde(with = "rust_decimal::serde::float")]
    #[schemars(with = "f64")]
    pub amount: Decimal,
    /// Paid with vouchers.
    #[serde(with = "rust_decimal::serde::float")]
    #[schemars(with = "f64")]
    pub voucher: Decimal,
    /// Paid in cash.
    #[serde(with = "rust_decimal::serde::float")]
    #[schemars(with = "f64")]
    pub cash: Decimal,
    /// Subscription (PREPAID), Time pricing (POSTPAID hours) or Data transfer overage.
    pub billing_mode: String,
    /// Order number.
    pub order_sn: Option<String>,
    /// When it was paid, YYYY-MM-DDThh:mm:ssZ.
    pub deduction_time: String,
    /// The instance's name; null once it is released.
    pub label: Option<String>,
    /// The instance's zone; null once it is released.
    pub location: Option<String>,
    /// Month of the bill, yyyyMM.
    pub bill_monthly: i64,
    /// The instance's resource group.
    pub resource_group_id: Option<String>,
    /// The resource group's name.
    pub resource_group_name: Option<String>,
    /// Start of what the line pays for.
    pub start_time: Option<String>,
    /// End of what the line pays for; null for a change paid for the rest of a cycle.
    pub end_time: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "zbc.DescribeMonthlyBillSummaryRequest")]
#[serde(rename_all = "camelCase")]
pub struct DescribeMonthlyBillSummaryRequest {
    /// PRODUCT (default) or RESOURCE_GROUP.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-cli-value" = "PRODUCT|RESOURCE_GROUP"))]
    pub summary_type: Option<String>,
    /// Month of the bill, yyyyMM (default: the current month).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bill_monthly: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "zbc.DescribeMonthlyBillSummaryResponse")]
#[serde(rename_all = "camelCase")]
pub struct DescribeMonthlyBillSummaryResponse {
    /// Month of the bill, yyyyMM.
    pub bill_monthly: i64,
    /// Total spend of the month.
    #[serde(with = "rust_decimal::serde::float")]
    #[schemars(with = "f64")]
    pub total_spend: Decimal,
    /// Total paid in cash.
    #[serde(with = "rust_decimal::serde::float")]
    #[schemars(with = "f64")]
    pub total_cash: Decimal,
    /// Total refunded.
    #[serde(with = "rust_decimal::serde::float")]
    #[schemars(with = "f64")]
    pub total_refund: Decimal,
    /// Total paid with vouchers (0).
    #[serde(with = "rust_decimal::serde::float")]
    #[schemars(with = "f64")]
    pub total_voucher: Decimal,
    /// One line per product, or per resource group.
    pub summary_info_list: Vec<MonthlyBillSummary>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "zbc.MonthlyBillSummary")]
#[serde(rename_all = "camelCase")]
pub struct MonthlyBillSummary {
    /// Product line (by product); null by resource group.
    pub product: Option<String>,
    /// Resource group name (by resource group); null by product.
    pub resource_group_name: Option<String>,
    /// Spend.
    #[serde(with = "rust_decimal::serde::float")]
    #[schemars(with = "f64")]
    pub spend: Decimal,
    /// Paid with vouchers.
    #[serde(with = "rust_decimal::serde::float")]
    #[schemars(with = "f64")]
    pub voucher: Decimal,
    /// Paid in cash.
    #[serde(with = "rust_decimal::serde::float")]
    #[schemars(with = "f64")]
    pub cash: Decimal,
    /// Resource group ID (by resource group); null by product.
    pub resource_group_id: Option<String>,
    /// Refunded.
    #[serde(with = "rust_decimal::serde::float")]
    #[schemars(with = "f64")]
    pub refund: Decimal,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "zbc.DescribeRechargeRefundHistoryRequest")]
#[serde(rename_all = "camelCase")]
pub struct DescribeRechargeRefundHistoryRequest {
    /// Page number, 1-based (default 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_num: Option<i64>,
    /// Page size (default 20; more than 5000 answers 5000).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_size: Option<i64>,
    /// Only these states: PAYING, PAY_FAILED, PAY_SUCCESS.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<Vec<String>>,
    /// Window start, YYYY-MM-DDThh:mm:ssZ (inclusive).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-cli-value" = "TIME"))]
    pub start_time: Option<String>,
    /// Window end, YYYY-MM-DDThh:mm:ssZ (exclusive).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-cli-value" = "TIME"))]
    pub end_time: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "zbc.DescribeRechargeRefundHistoryResponse")]
#[serde(rename_all = "camelCase")]
pub struct DescribeRechargeRefundHistoryResponse {
    /// Number of matching recharges and refunds (all pages).
    pub total_count: i64,
    /// Recharges and refunds of the requested page, newest first.
    pub data_set: Vec<RechargeRefundHistory>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "zbc.RechargeRefundHistory")]
#[serde(rename_all = "camelCase")]
pub struct RechargeRefundHistory {
    /// RECHARGE or REFUND.
    pub transaction_type: String,
    /// Amount.
    #[serde(with = "rust_decimal::serde::float")]
    #[schemars(with = "f64")]
    pub amount: Decimal,
    /// How the money came: CONTROL_PLANE for a deposit through /_zenlocal/.
    pub payment_method: String,
    /// Transaction ID.
    pub transaction_id: String,
    /// PAY_SUCCESS.
    pub state: String,
    /// When it arrived, YYYY-MM-DDThh:mm:ssZ.
    pub transaction_time: String,
    /// Account (team) ID.
    pub account_uid: String,
}
