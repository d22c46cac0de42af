//! The account's balance and ledger (D-7, D-26, D-27), and the bills read from the ledger
//! and the orders (docs/decisions.md D-135 to D-137).

pub mod zbc {
    use crate::handlers::Cx;
    use rust_decimal::Decimal;
    use zenlocal_core::bill::Books;
    use zenlocal_core::{view, ApiError};
    use zenlocal_store::ops::{BookInputs, Ledger};
    use zenlocal_wire::model::zbc::*;

    /// The caller's books, read in one snapshot.
    async fn books(cx: &Cx<'_>) -> Result<zenlocal_store::ops::Books, ApiError> {
        cx.query(BookInputs {
            account_id: cx.account_id.to_owned(),
        })
        .await
    }

    fn read<'a>(cx: &'a Cx<'_>, b: &'a zenlocal_store::ops::Books) -> Books<'a> {
        Books {
            account_id: cx.account_id,
            orders: &b.orders,
            ledger: &b.ledger,
            instances: &b.instances,
        }
    }

    pub async fn describe_bill_detail(
        cx: &Cx<'_>,
        req: DescribeBillDetailRequest,
    ) -> Result<DescribeBillDetailResponse, ApiError> {
        let b = books(cx).await?;
        read(cx, &b).detail(&req, b.now)
    }

    pub async fn describe_monthly_bill_summary(
        cx: &Cx<'_>,
        req: DescribeMonthlyBillSummaryRequest,
    ) -> Result<DescribeMonthlyBillSummaryResponse, ApiError> {
        let b = books(cx).await?;
        read(cx, &b).summary(&req, b.now)
    }

    pub async fn describe_recharge_refund_history(
        cx: &Cx<'_>,
        req: DescribeRechargeRefundHistoryRequest,
    ) -> Result<DescribeRechargeRefundHistoryResponse, ApiError> {
        let b = books(cx).await?;
        read(cx, &b).recharges(&req)
    }

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
