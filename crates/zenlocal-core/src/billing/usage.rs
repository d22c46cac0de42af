//! POSTPAID usage (D-24): accrued per started hour at the price in force during that
//! hour, settled into the ledger at each UTC day boundary and at terminate; the balance
//! may go negative.

use super::{charge, Billable, Metered};
use crate::account::Account;
use crate::catalog::{Catalog, ChargeType};
use crate::model::{Changes, EventKind, Ids, Order, OrderKind, Subscription};
use crate::{price, Timestamp};
use rust_decimal::Decimal;

/// The next UTC midnight after `t`: when usage is next settled.
pub fn next_utc_midnight(t: Timestamp) -> Timestamp {
    Timestamp((t.seconds().div_euclid(86_400) + 1) * 86_400)
}

/// Accrues the hours started since `since` up to `t` at `hourly`, the list price now in
/// force (D-24). An hour counts once it has started: `inclusive` counts one starting
/// exactly at `t`. Call it before the price changes, so the hours before are at the old
/// price.
pub fn accrue(
    subscription: &mut Subscription,
    since: Timestamp,
    hourly: Decimal,
    t: Timestamp,
    inclusive: bool,
) {
    if subscription.charge_type != ChargeType::Postpaid || t < since {
        return;
    }
    let elapsed = t.seconds() - since.seconds();
    let started = if inclusive {
        elapsed / 3600 + 1
    } else {
        (elapsed + 3599) / 3600
    };
    let new_hours = started - subscription.usage_hours;
    if new_hours > 0 {
        subscription.usage_unsettled += hourly * Decimal::from(new_hours);
        subscription.usage_hours = started;
    }
}

/// Charges the accrued usage at the account's discount (D-24): an order of kind USAGE
/// for the hours since the last settlement, with its ledger entry, through the one
/// charging path (D-134); nothing when it comes to zero. The balance may go negative.
/// Answers the account as it stands after.
pub fn settle<R: Billable>(
    changes: &mut Changes,
    resource: &mut R,
    account: &Account,
    ids: &mut dyn Ids,
    at: Timestamp,
) -> Account {
    let subscription = resource.subscription_mut();
    let list = std::mem::take(&mut subscription.usage_unsettled);
    let since = subscription.usage_settled_at.replace(at);
    let usage = Metered {
        kind: OrderKind::Usage,
        list,
        since: since.unwrap_or_else(|| resource.started_at()),
        what: "POSTPAID usage".into(),
    };
    charge_after_use(changes, resource, account, ids, usage, at)
}

/// Charges what `resource` metered beyond its subscription (D-131): an order of its kind
/// (an instance's TRAFFIC_OVERAGE) with its ledger entry, settled like POSTPAID usage —
/// after use, the balance may go negative. Answers the account as it stands after.
pub fn settle_metered<R: Billable>(
    catalog: &Catalog,
    changes: &mut Changes,
    resource: &mut R,
    account: &Account,
    ids: &mut dyn Ids,
    at: Timestamp,
) -> Account {
    match resource.take_metered(catalog, changes, at) {
        Some(metered) => charge_after_use(changes, resource, account, ids, metered, at),
        None => account.clone(),
    }
}

/// An order line for what was used from `since` to `at`, at the account's discount,
/// charged with its ledger entry; nothing when it comes to zero.
fn charge_after_use<R: Billable>(
    changes: &mut Changes,
    resource: &R,
    account: &Account,
    ids: &mut dyn Ids,
    used: Metered,
    at: Timestamp,
) -> Account {
    let amount = price::charge(used.list, account.discount);
    if amount <= Decimal::ZERO {
        return account.clone();
    }
    let line = Order {
        from: Some(used.since.to_string()),
        to: Some(at.to_string()),
        amount,
        ..Order::new(
            &ids.order_number(),
            resource.account_id(),
            resource.resource(),
            used.kind,
            at,
        )
    };
    let description = format!("{} of {}", used.what, resource.label());
    charge(changes, account, vec![line], &description, at);
    changes
        .accounts
        .last()
        .cloned()
        .unwrap_or_else(|| account.clone())
}

/// The daily settlement at a UTC midnight (D-24): the hours started so far are accrued
/// and settled, then what was metered (D-131), and the next settlement is scheduled. A
/// resource in the recycle bin was settled when it went there: `None`, nothing changes.
pub fn settle_day<R: Billable>(
    catalog: &Catalog,
    resource: &mut R,
    account: Option<&Account>,
    ids: &mut dyn Ids,
    at: Timestamp,
) -> Option<Changes> {
    if resource.recycled() {
        return None;
    }
    let mut changes = Changes::default();
    if let (Some(hourly), Some(account)) = (resource.hourly_price(catalog), account) {
        let since = resource.started_at();
        accrue(resource.subscription_mut(), since, hourly, at, false);
        let account = settle(&mut changes, resource, account, ids, at);
        settle_metered(catalog, &mut changes, resource, &account, ids, at);
    }
    changes.events.push((
        next_utc_midnight(at),
        EventKind::SettleUsage {
            account_id: resource.account_id().to_owned(),
            resource: resource.resource(),
        },
    ));
    Some(changes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::TransactionType;
    use crate::model::OrderStatus;
    use crate::model::{Instance, InstanceStatus};
    use crate::testing::{account, buy, catalog, d, fields, SeqIds, T0};
    use zenlocal_wire::Service;

    /// bmc M6C POSTPAID at 20 Mbps: 0.35 + (20 - 10) x 0.0035 = 0.385 an hour.
    fn postpaid() -> Instance {
        let f = fields(Service::Bmc, "POSTPAID", "ByBandwidth");
        buy(Service::Bmc, &f, &account("0.00", 100)).0
    }

    fn accrued(i: &Instance, t: Timestamp, inclusive: bool) -> (i64, Decimal) {
        let mut billing = i.billing.clone();
        accrue(&mut billing, i.created_at, d("0.385"), t, inclusive);
        (billing.usage_hours, billing.usage_unsettled)
    }

    /// D-24: an hour counts once it has started; `inclusive` counts the one starting at
    /// that very instant (terminate, a price change).
    #[test]
    fn usage_accrues_per_started_hour() {
        let i = postpaid();
        assert_eq!(accrued(&i, T0, false), (0, Decimal::ZERO));
        assert_eq!(accrued(&i, T0, true), (1, d("0.385")));
        assert_eq!(accrued(&i, T0.plus(1), false), (1, d("0.385")));
        assert_eq!(accrued(&i, T0.plus(3600), false), (1, d("0.385")));
        assert_eq!(accrued(&i, T0.plus(3600), true), (2, d("0.770")));
        assert_eq!(accrued(&i, T0.plus(-1), true), (0, Decimal::ZERO));
    }

    /// D-24: hours are accrued at the price in force while they run; PREPAID accrues none.
    #[test]
    fn usage_accrues_at_the_price_in_force() {
        let i = postpaid();
        let mut billing = i.billing.clone();
        accrue(&mut billing, i.created_at, d("0.385"), T0.plus(3600), false);
        accrue(
            &mut billing,
            i.created_at,
            d("1.000"),
            T0.plus(3 * 3600),
            false,
        );
        assert_eq!(billing.usage_hours, 3);
        assert_eq!(billing.usage_unsettled, d("2.385"));
        let mut prepaid = billing.clone();
        prepaid.charge_type = ChargeType::Prepaid;
        accrue(&mut prepaid, i.created_at, d("1"), T0.plus(9 * 3600), false);
        assert_eq!(
            prepaid,
            Subscription {
                charge_type: ChargeType::Prepaid,
                ..billing
            }
        );
    }

    /// D-24, D-134: settling charges the accrued amount at the discount, rounded half-up,
    /// as a USAGE order for the hours since the last settlement; the balance may go
    /// negative.
    #[test]
    fn settling_charges_usage_and_may_go_negative() {
        let mut i = postpaid();
        i.billing.usage_unsettled = d("1.155");
        let mut changes = Changes::default();
        let after = settle(
            &mut changes,
            &mut i,
            &account("0.00", 80),
            &mut SeqIds::default(),
            T0.plus(3 * 3600),
        );
        let entry = &changes.ledger[0];
        let order = &changes.orders[0];
        assert_eq!(
            (entry.kind, entry.amount, entry.order_number.clone()),
            (
                TransactionType::Consume,
                d("0.92"),
                Some(order.number.clone())
            )
        );
        assert_eq!(
            (order.kind, order.status, order.amount),
            (OrderKind::Usage, OrderStatus::Paid, d("0.92"))
        );
        assert_eq!(
            (order.from.clone(), order.to.clone()),
            (
                Some(i.created_at.to_string()),
                Some(T0.plus(3 * 3600).to_string())
            )
        );
        assert_eq!(after.balance, d("-0.92"));
        assert_eq!(entry.description, format!("POSTPAID usage of bmc {}", i.id));
        assert_eq!(changes.accounts[0].balance, d("-0.92"));
        assert_eq!(i.billing.usage_unsettled, Decimal::ZERO);
        assert_eq!(i.billing.usage_settled_at, Some(T0.plus(3 * 3600)));
        let mut nothing = Changes::default();
        settle(
            &mut nothing,
            &mut i,
            &account("0.00", 80),
            &mut SeqIds::default(),
            T0.plus(4 * 3600),
        );
        assert_eq!(
            nothing,
            Changes::default(),
            "nothing accrued, nothing posted"
        );
    }

    /// D-24: at each UTC midnight the day's hours are settled and the next settlement
    /// scheduled; an instance in the recycle bin was settled when it went there.
    #[test]
    fn usage_is_settled_at_each_utc_midnight() {
        let mut i = postpaid();
        let midnight = next_utc_midnight(T0);
        assert_eq!(midnight, T0.plus(86_400));
        assert_eq!(next_utc_midnight(T0.plus(1)), midnight);
        let payer = account("100.00", 100);
        let changes = settle_day(
            catalog(),
            &mut i,
            Some(&payer),
            &mut SeqIds::default(),
            midnight,
        )
        .unwrap();
        assert_eq!(changes.ledger[0].amount, d("9.24"), "24 hours at 0.385");
        assert_eq!(changes.events[0].0, midnight.plus(86_400));
        assert!(matches!(changes.events[0].1, EventKind::SettleUsage { .. }));
        i.status = InstanceStatus::Recycle;
        assert_eq!(
            settle_day(
                catalog(),
                &mut i,
                Some(&payer),
                &mut SeqIds::default(),
                midnight.plus(86_400)
            ),
            None
        );
    }
}
