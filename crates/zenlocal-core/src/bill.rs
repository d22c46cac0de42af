//! Bills (docs/decisions.md D-135, D-136): read from the orders and the ledger, never kept
//! apart from them. A line of a month's bill is an order line together with the ledger
//! entry that paid it, in the month of the entry on the simulated clock; deposits and
//! refunds are the ledger's money in.

use crate::account::{LedgerEntry, TransactionType};
use crate::catalog::ChargeType;
use crate::model::{Instance, Order, OrderKind};
use crate::view::time_range;
use crate::{ApiError, Timestamp};
use rust_decimal::Decimal;
use std::collections::HashMap;
use zenlocal_wire::model::zbc;
use zenlocal_wire::Service;

/// The product line of every bill line: the page's example bills a bare-metal instance
/// as product Compute, sub-product Bare Metal Instance.
pub const PRODUCT: &str = "Compute";
/// The most lines one page answers (the page: "Maximum value: 5000"; more asked, 5000
/// answered).
const MAX_PAGE: i64 = 5000;

/// The month of `t`, as yyyyMM.
pub fn month_of(t: Timestamp) -> i64 {
    let at = time::OffsetDateTime::from_unix_timestamp(t.seconds())
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    i64::from(at.year()) * 100 + i64::from(u8::from(at.month()))
}

/// The month asked, or the current month of the simulated clock; a month that is not
/// yyyyMM is 400 `INVALID_PARAMETER`.
pub fn month(asked: Option<i64>, now: Timestamp) -> Result<i64, ApiError> {
    match asked {
        None => Ok(month_of(now)),
        Some(m) if (1970..=9999).contains(&(m / 100)) && (1..=12).contains(&(m % 100)) => Ok(m),
        Some(m) => Err(ApiError::invalid_parameter(format!(
            "`billMonthly` must be a month written yyyyMM, e.g. 202601, not {m}"
        ))),
    }
}

fn paging(page_num: Option<i64>, page_size: Option<i64>) -> Result<(usize, usize), ApiError> {
    let size = page_size.unwrap_or(20);
    if size < 1 {
        return Err(ApiError::invalid_parameter("`pageSize` must be at least 1"));
    }
    let num = page_num.unwrap_or(1);
    if num < 1 {
        return Err(ApiError::invalid_parameter("`pageNum` must be at least 1"));
    }
    let size = size.min(MAX_PAGE);
    let offset = (num - 1).saturating_mul(size);
    Ok((usize::try_from(offset).unwrap_or(usize::MAX), size as usize))
}

/// What a bill is read from: an account's orders, ledger and instances.
pub struct Books<'a> {
    pub account_id: &'a str,
    pub orders: &'a [Order],
    pub ledger: &'a [LedgerEntry],
    pub instances: &'a [Instance],
}

impl Books<'_> {
    /// Every line of the month, oldest payment first: each order line paid by a CONSUME
    /// entry of the month, and an entry no order explains (a POSTPAID settlement made
    /// before settlements had orders) as a line of its own (D-135).
    pub fn lines(&self, month: i64) -> Vec<zbc::BillingDetailInfo> {
        let mut by_number: HashMap<&str, Vec<&Order>> = HashMap::new();
        for o in self.orders {
            by_number.entry(o.number.as_str()).or_default().push(o);
        }
        let instances: HashMap<&str, &Instance> =
            self.instances.iter().map(|i| (i.id.as_str(), i)).collect();
        let mut lines = Vec::new();
        for e in self.ledger {
            if e.kind != TransactionType::Consume || month_of(e.time) != month {
                continue;
            }
            let paid = e
                .order_number
                .as_deref()
                .and_then(|n| by_number.get(n))
                .map(Vec::as_slice)
                .unwrap_or_default();
            if paid.is_empty() {
                lines.push(unexplained(e, month));
            }
            for o in paid.iter().filter(|o| !o.amount.is_zero()) {
                let instance = o.resource.instance_id().and_then(|id| instances.get(id));
                lines.push(line(o, e, instance.copied(), month));
            }
        }
        lines
    }

    /// The refunds of the month.
    fn refunded(&self, month: i64) -> Decimal {
        self.ledger
            .iter()
            .filter(|e| e.kind == TransactionType::Refund && month_of(e.time) == month)
            .map(|e| e.amount)
            .sum()
    }

    /// DescribeBillDetail (D-135).
    pub fn detail(
        &self,
        req: &zbc::DescribeBillDetailRequest,
        now: Timestamp,
    ) -> Result<zbc::DescribeBillDetailResponse, ApiError> {
        let month = month(req.bill_monthly, now)?;
        let (offset, size) = paging(req.page_num, req.page_size)?;
        let matching: Vec<zbc::BillingDetailInfo> = self
            .lines(month)
            .into_iter()
            .filter(|l| {
                req.order_sn
                    .as_ref()
                    .is_none_or(|n| l.order_sn.as_ref() == Some(n))
                    && req
                        .resource_id
                        .as_ref()
                        .is_none_or(|r| l.resource_id.as_ref() == Some(r))
                    && req.product.as_ref().is_none_or(|p| &l.product == p)
            })
            .collect();
        let spend: Decimal = matching.iter().map(|l| l.amount).sum();
        Ok(zbc::DescribeBillDetailResponse {
            total_voucher: Decimal::ZERO,
            total_spend: spend,
            total_cash: spend,
            total_refund: self.refunded(month),
            total_count: matching.len() as i64,
            data_set: matching.into_iter().skip(offset).take(size).collect(),
        })
    }

    /// DescribeMonthlyBillSummary (D-136): the month's lines summed by product (the
    /// default) or by the instance's resource group, in the order each first appears.
    pub fn summary(
        &self,
        req: &zbc::DescribeMonthlyBillSummaryRequest,
        now: Timestamp,
    ) -> Result<zbc::DescribeMonthlyBillSummaryResponse, ApiError> {
        let month = month(req.bill_monthly, now)?;
        let by_group = match req.summary_type.as_deref() {
            None | Some("PRODUCT") => false,
            Some("RESOURCE_GROUP") => true,
            Some(other) => {
                return Err(ApiError::invalid_parameter(format!(
                    "`summaryType` must be PRODUCT or RESOURCE_GROUP, not `{other}`"
                )))
            }
        };
        let mut groups: Vec<zbc::MonthlyBillSummary> = Vec::new();
        let lines = self.lines(month);
        for l in &lines {
            let key = if by_group {
                (
                    None,
                    l.resource_group_id.clone(),
                    l.resource_group_name.clone(),
                )
            } else {
                (Some(l.product.clone()), None, None)
            };
            let at = groups
                .iter()
                .position(|g| (&g.product, &g.resource_group_id) == (&key.0, &key.1));
            let group = match at {
                Some(at) => &mut groups[at],
                None => {
                    groups.push(zbc::MonthlyBillSummary {
                        product: key.0,
                        resource_group_id: key.1,
                        resource_group_name: key.2,
                        ..Default::default()
                    });
                    groups.last_mut().expect("just pushed")
                }
            };
            group.spend += l.amount;
            group.cash += l.cash;
        }
        let spend: Decimal = lines.iter().map(|l| l.amount).sum();
        Ok(zbc::DescribeMonthlyBillSummaryResponse {
            bill_monthly: month,
            total_spend: spend,
            total_cash: spend,
            total_refund: self.refunded(month),
            total_voucher: Decimal::ZERO,
            summary_info_list: groups,
        })
    }

    /// DescribeRechargeRefundHistory (D-137): the ledger's money in — deposits, the
    /// opening balance included, and refunds — newest first, by state and time.
    pub fn recharges(
        &self,
        req: &zbc::DescribeRechargeRefundHistoryRequest,
    ) -> Result<zbc::DescribeRechargeRefundHistoryResponse, ApiError> {
        const STATES: [&str; 3] = ["PAYING", "PAY_FAILED", "PAY_SUCCESS"];
        let states = req.state.clone().unwrap_or_default();
        if let Some(bad) = states.iter().find(|s| !STATES.contains(&s.as_str())) {
            return Err(ApiError::invalid_parameter(format!(
                "`state` must list PAYING, PAY_FAILED or PAY_SUCCESS, not `{bad}`"
            )));
        }
        let (start, end) = time_range(req.start_time.as_deref(), req.end_time.as_deref())?;
        let (offset, size) = paging(req.page_num, req.page_size)?;
        // Every deposit arrived: each is PAY_SUCCESS.
        let succeeded = states.is_empty() || states.iter().any(|s| s == "PAY_SUCCESS");
        let mut matching: Vec<zbc::RechargeRefundHistory> = self
            .ledger
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                e.kind != TransactionType::Consume
                    && succeeded
                    && start.is_none_or(|s| e.time >= s)
                    && end.is_none_or(|t| e.time < t)
            })
            .map(|(seq, e)| zbc::RechargeRefundHistory {
                transaction_type: e.kind.name().to_owned(),
                amount: e.amount,
                payment_method: match e.kind {
                    TransactionType::Refund => "REFUND",
                    _ => "CONTROL_PLANE",
                }
                .into(),
                // The ledger's own numbering, as DescribeTransactionHistory's `uid`.
                transaction_id: format!("{}-{seq}", self.account_id),
                state: "PAY_SUCCESS".into(),
                transaction_time: e.time.to_string(),
                account_uid: self.account_id.to_owned(),
            })
            .collect();
        matching.reverse();
        Ok(zbc::DescribeRechargeRefundHistoryResponse {
            total_count: matching.len() as i64,
            data_set: matching.into_iter().skip(offset).take(size).collect(),
        })
    }
}

/// How a line of an order kind is billed.
fn billing_mode(kind: OrderKind) -> &'static str {
    match kind {
        OrderKind::Usage => "Time pricing",
        OrderKind::TrafficOverage => "Data transfer overage",
        OrderKind::Create
        | OrderKind::Renew
        | OrderKind::Bandwidth
        | OrderKind::TrafficPackage
        | OrderKind::InstanceType
        | OrderKind::DiskSize
        | OrderKind::Refund => "Subscription",
    }
}

fn line(
    o: &Order,
    paid: &LedgerEntry,
    instance: Option<&Instance>,
    month: i64,
) -> zbc::BillingDetailInfo {
    let time = |text: &Option<String>| {
        text.as_deref()
            .and_then(Timestamp::parse_rfc3339)
            .map(|t| t.to_string())
    };
    // A purchase or a renewal names its period; a change is paid for the rest of a cycle
    // from when it was made.
    let (start, end) = match (time(&o.from), time(&o.to)) {
        (Some(s), e) => (Some(s), e),
        (None, _) => (
            Some(o.created_at.to_string()),
            instance_period_end(o, instance),
        ),
    };
    zbc::BillingDetailInfo {
        resource_id: Some(o.resource.id.clone()),
        product_subitem: instance.map(|i| {
            match i.service {
                Service::Bmc => "Bare Metal Instance",
                _ => "Virtual Machine Instance",
            }
            .to_owned()
        }),
        product: PRODUCT.into(),
        amount: o.amount,
        voucher: Decimal::ZERO,
        cash: o.amount,
        billing_mode: billing_mode(o.kind).into(),
        order_sn: Some(o.number.clone()),
        deduction_time: paid.time.to_string(),
        label: instance.map(|i| i.name.clone()),
        location: instance.map(|i| i.zone_id.clone()),
        bill_monthly: month,
        resource_group_id: instance.and_then(|i| i.resource_group_id.clone()),
        resource_group_name: None,
        start_time: start,
        end_time: end,
    }
}

/// A CREATE line of a PREPAID instance pays its first period: to the end of that period
/// while the instance has not renewed since; other lines leave the end open.
fn instance_period_end(o: &Order, instance: Option<&Instance>) -> Option<String> {
    let i = instance?;
    (o.kind == OrderKind::Create && i.billing.charge_type == ChargeType::Prepaid)
        .then(|| {
            i.billing
                .period
                .map(|months| o.created_at.plus(months * crate::time::MONTH_SECONDS))
        })
        .flatten()
        .map(|t| t.to_string())
}

fn unexplained(e: &LedgerEntry, month: i64) -> zbc::BillingDetailInfo {
    zbc::BillingDetailInfo {
        resource_id: None,
        product_subitem: None,
        product: PRODUCT.into(),
        amount: e.amount,
        voucher: Decimal::ZERO,
        cash: e.amount,
        billing_mode: "Time pricing".into(),
        order_sn: e.order_number.clone(),
        deduction_time: e.time.to_string(),
        label: None,
        location: None,
        bill_monthly: month,
        resource_group_id: None,
        resource_group_name: None,
        start_time: None,
        end_time: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::{self, Account};
    use crate::billing;
    use crate::model::{Changes, Ids, OrderKind};
    use crate::testing::{account, buy_changes, d, fields, SeqIds, CYCLE_END, T0};
    use crate::traffic::{self, Record};

    /// A PREPAID ByTrafficPackage bmc bought at T0 (204.00: 199.00 and 1 TB above the
    /// free one), renewed at its cycle end after 500 GB of overage (5.00), and a deposit.
    fn books() -> (Account, Vec<Order>, Vec<LedgerEntry>, Vec<Instance>) {
        let payer = account("1000.00", 100);
        let mut f = fields(Service::Bmc, "PREPAID", "ByTrafficPackage");
        f.traffic_package = Some(2.0);
        let (mut changes, _) = buy_changes(Service::Bmc, &f, &payer);
        let mut i = changes.instances[0].clone();
        i.status = crate::model::InstanceStatus::Running;
        let record = Record {
            out_gb: Some(d("2500")),
            ..Record::default()
        };
        traffic::record(&mut i, &record, T0.plus(60)).unwrap();
        let paid = changes.accounts.last().unwrap().clone();
        let (deposited, entry) = account::deposit(&paid, d("50.00"), T0.plus(120)).unwrap();
        changes.ledger.push(entry);
        // Order numbers after the purchase's.
        let mut ids = SeqIds::default();
        for _ in 0..10 {
            ids.order_number();
        }
        let end = billing::cycle_end(
            crate::testing::catalog(),
            &mut i,
            CYCLE_END,
            &deposited,
            crate::model::Timings::default(),
            &mut ids,
            CYCLE_END,
        )
        .unwrap();
        let mut all = Changes::default();
        all.merge(changes);
        all.merge(end);
        (deposited, all.orders, all.ledger, vec![i])
    }

    /// D-135: a month's lines are its charges with their order lines, oldest first;
    /// 2026-01-31 (the cycle end) is still January.
    #[test]
    fn a_bill_is_the_months_charges_with_their_orders() {
        let (payer, orders, ledger, instances) = books();
        let books = Books {
            account_id: &payer.id,
            orders: &orders,
            ledger: &ledger,
            instances: &instances,
        };
        let lines = books.lines(202601);
        let seen: Vec<(&str, Decimal, Option<&str>)> = lines
            .iter()
            .map(|l| (l.billing_mode.as_str(), l.amount, l.end_time.as_deref()))
            .collect();
        assert_eq!(
            seen,
            [
                ("Subscription", d("204.00"), Some("2026-01-31T00:00:00Z")),
                (
                    "Data transfer overage",
                    d("5.00"),
                    Some("2026-01-31T00:00:00Z")
                ),
                ("Subscription", d("204.00"), Some("2026-03-02T00:00:00Z")),
            ]
        );
        assert_eq!(
            lines[0].product_subitem.as_deref(),
            Some("Bare Metal Instance")
        );
        assert_eq!(lines[0].location.as_deref(), Some("SEL-A"));
        assert!(books.lines(202602).is_empty());
        let overage = &orders
            .iter()
            .find(|o| o.kind == OrderKind::TrafficOverage)
            .unwrap()
            .number;
        let asked = zbc::DescribeBillDetailRequest {
            order_sn: Some(overage.clone()),
            bill_monthly: Some(202601),
            ..Default::default()
        };
        let detail = books.detail(&asked, T0).unwrap();
        assert_eq!((detail.total_count, detail.total_spend), (1, d("5.00")));
        let paged = zbc::DescribeBillDetailRequest {
            page_num: Some(2),
            page_size: Some(2),
            ..Default::default()
        };
        let page = books.detail(&paged, T0).unwrap();
        assert_eq!((page.total_count, page.data_set.len()), (3, 1));
        assert_eq!(page.total_spend, d("413.00"));
    }

    /// D-135, D-136: the month is yyyyMM, the default the clock's; the summary groups by
    /// product unless asked by resource group.
    #[test]
    fn months_and_summaries() {
        assert_eq!(month_of(T0), 202601);
        assert_eq!(month(None, CYCLE_END.plus(86_400)), Ok(202602));
        for bad in [202613, 202600, 12] {
            assert!(month(Some(bad), T0)
                .unwrap_err()
                .message
                .contains("billMonthly"));
        }
        let (payer, orders, ledger, instances) = books();
        let books = Books {
            account_id: &payer.id,
            orders: &orders,
            ledger: &ledger,
            instances: &instances,
        };
        let by_product = books.summary(&Default::default(), T0).unwrap();
        assert_eq!(by_product.total_spend, d("413.00"));
        assert_eq!(by_product.summary_info_list.len(), 1);
        assert_eq!(
            by_product.summary_info_list[0].product.as_deref(),
            Some(PRODUCT)
        );
        let asked = zbc::DescribeMonthlyBillSummaryRequest {
            summary_type: Some("RESOURCE_GROUP".into()),
            bill_monthly: None,
        };
        let by_group = books.summary(&asked, T0).unwrap();
        assert_eq!(by_group.summary_info_list[0].product, None);
        let wrong = zbc::DescribeMonthlyBillSummaryRequest {
            summary_type: Some("ZONE".into()),
            bill_monthly: None,
        };
        assert!(books.summary(&wrong, T0).is_err());
    }

    /// D-137: money in is the opening deposit and later deposits, newest first.
    #[test]
    fn money_in_is_the_deposits() {
        let (payer, orders, ledger, instances) = books();
        let books = Books {
            account_id: &payer.id,
            orders: &orders,
            ledger: &ledger,
            instances: &instances,
        };
        let all = books.recharges(&Default::default()).unwrap();
        let seen: Vec<(String, Decimal, String)> = all
            .data_set
            .iter()
            .map(|r| (r.transaction_type.clone(), r.amount, r.state.clone()))
            .collect();
        assert_eq!(
            seen,
            [("RECHARGE".into(), d("50.00"), "PAY_SUCCESS".into())]
        );
        let paying = zbc::DescribeRechargeRefundHistoryRequest {
            state: Some(vec!["PAYING".into()]),
            ..Default::default()
        };
        assert_eq!(books.recharges(&paying).unwrap().total_count, 0);
        let bad = zbc::DescribeRechargeRefundHistoryRequest {
            state: Some(vec!["PAID".into()]),
            ..Default::default()
        };
        assert!(books.recharges(&bad).is_err());
    }
}
