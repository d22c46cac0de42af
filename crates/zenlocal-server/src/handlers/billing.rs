//! The account's balance and ledger (D-7, D-26, D-27).

pub mod zbc {
    use crate::handlers::Cx;
    use rust_decimal::Decimal;
    use zenlocal_core::{view, ApiError};
    use zenlocal_store::ops::Ledger;
    use zenlocal_wire::model::zbc::*;

    pub async fn describe_customer_balance(
        cx: &Cx<'_>,
        _req: DescribeCustomerBalanceRequest,
    ) -> Result<DescribeCustomerBalanceResponse, ApiError> {
        let account = cx.account().await?;
        Ok(DescribeCustomerBalanceResponse {
            account_uid: account.id,
            cash_balance: account.balance,
            credit_value: Decimal::ZERO,
            purchasing_power: account.balance,
            order_frozen_amount: Decimal::ZERO,
        })
    }

    pub async fn describe_transaction_history(
        cx: &Cx<'_>,
        req: DescribeTransactionHistoryRequest,
    ) -> Result<DescribeTransactionHistoryResponse, ApiError> {
        let ledger = cx.query(Ledger(cx.account_id.to_owned())).await?;
        view::transaction_history(cx.account_id, &req, ledger)
    }
}
