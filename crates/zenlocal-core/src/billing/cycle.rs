//! PREPAID cycles (D-8, D-23): the first event a subscription schedules, and its cycle
//! end — scheduled changes first, then a renewal at the new price, or the recycle bin.

use super::usage::next_utc_midnight;
use super::usage::settle_metered;
use super::{charge, recycle, Billable};
use crate::account::Account;
use crate::catalog::{Catalog, ChargeType};
use crate::model::{Changes, EventKind, Ids, Order, OrderKind, Subscription, Timings};
use crate::time::MONTH_SECONDS;
use crate::{price, Timestamp};
use rust_decimal::Decimal;

/// The event a new subscription of `resource` waits for: its cycle end when PREPAID, its
/// first daily settlement when POSTPAID (D-23, D-24).
pub fn first_event(
    account_id: &str,
    resource: crate::model::ResourceRef,
    subscription: &Subscription,
    now: Timestamp,
) -> (Timestamp, EventKind) {
    match (subscription.charge_type, subscription.expires_at) {
        (ChargeType::Prepaid, Some(expires_at)) => (
            expires_at,
            EventKind::CycleEnd {
                account_id: account_id.to_owned(),
                resource,
                expires_at,
            },
        ),
        _ => (
            next_utc_midnight(now),
            EventKind::SettleUsage {
                account_id: account_id.to_owned(),
                resource,
            },
        ),
    }
}

/// The end of the PREPAID cycle that ends at `expires_at` (D-23). What the cycle metered
/// is charged first, at the allowance it had (D-131); its scheduled changes apply next
/// and the renewal is charged at the price they leave; when it does not
/// renew (`autoRenew` off, the balance short, or no longer sold) it keeps what it has,
/// its scheduled changes are cancelled and it goes to the recycle bin. A cycle end that
/// no longer matches (the expiry moved, or the resource is already recycled) is stale:
/// `None`, nothing changes.
pub fn cycle_end<R: Billable>(
    catalog: &Catalog,
    resource: &mut R,
    expires_at: Timestamp,
    account: &Account,
    timings: Timings,
    ids: &mut dyn Ids,
    at: Timestamp,
) -> Option<Changes> {
    if resource.subscription().expires_at != Some(expires_at) || resource.recycled() {
        return None;
    }
    let mut changes = Changes::default();
    let account = settle_metered(catalog, &mut changes, resource, account, ids, at);
    let account = &account;
    let (renewed, applied, amount) = renewal(catalog, resource, account.discount, at);
    match amount {
        Some(amount) if resource.subscription().auto_renew && amount <= account.balance => {
            *resource = renewed;
            changes.merge(applied);
            renew(&mut changes, resource, account, amount, ids, at);
        }
        _ => recycle(&mut changes, resource, timings, at),
    }
    Some(changes)
}

/// What the cycle end at `at` renews (D-23): the resource with its scheduled changes in
/// force, the changes that brings, and the amount the renewal charges at `discount` —
/// `None` when it is no longer sold. The console shows this amount as the next renewal's
/// price (D-195); [`cycle_end`] charges it.
pub fn renewal<R: Billable>(
    catalog: &Catalog,
    resource: &R,
    discount: Decimal,
    at: Timestamp,
) -> (R, Changes, Option<Decimal>) {
    let period = resource.subscription().period.unwrap_or(1);
    let mut renewed = resource.clone();
    let mut applied = Changes::default();
    renewed.apply_scheduled(&mut applied, at);
    let amount = renewed
        .monthly_price(catalog)
        .map(|monthly| price::charge(monthly * Decimal::from(period), discount));
    (renewed, applied, amount)
}

/// The billing events of a resource that fell due at `at` (D-23, D-24): its cycle end
/// and its daily settlement. `None` for any other event, or when the event is stale.
pub fn on_event<R: Billable>(
    catalog: &Catalog,
    kind: &EventKind,
    resource: &mut R,
    account: Option<&Account>,
    timings: Timings,
    ids: &mut dyn Ids,
    at: Timestamp,
) -> Option<Changes> {
    match kind {
        EventKind::CycleEnd { expires_at, .. } => account.and_then(|account| {
            cycle_end(catalog, resource, *expires_at, account, timings, ids, at)
        }),
        EventKind::SettleUsage { .. } => super::settle_day(catalog, resource, account, ids, at),
        _ => None,
    }
}

/// Renews for one more period, paying `amount` at `at` (D-23, D-127): a RENEW order for
/// the period that follows the current expiry (at the cycle end, that is `at`; a renewal
/// asked for earlier pays the next period ahead; one brought back from the recycle bin
/// after its expiry starts its period at `at`, D-147) with its ledger entry, and the cycle
/// end of the new expiry scheduled; the old one's event goes stale.
pub fn renew<R: Billable>(
    changes: &mut Changes,
    resource: &mut R,
    account: &Account,
    amount: Decimal,
    ids: &mut dyn Ids,
    at: Timestamp,
) {
    let period = resource.subscription().period.unwrap_or(1);
    let from = resource
        .subscription()
        .expires_at
        .map_or(at, |expiry| expiry.max(at));
    let next = from.plus(period * MONTH_SECONDS);
    let line = Order {
        from: Some(from.to_string()),
        to: Some(next.to_string()),
        amount,
        ..Order::new(
            &ids.order_number(),
            resource.account_id(),
            resource.resource(),
            OrderKind::Renew,
            at,
        )
    };
    let description = format!("renew {} ({period} month(s))", resource.label());
    charge(changes, account, vec![line], &description, at);
    resource.subscription_mut().expires_at = Some(next);
    changes.events.push((
        next,
        EventKind::CycleEnd {
            account_id: resource.account_id().to_owned(),
            resource: resource.resource(),
            expires_at: next,
        },
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::TransactionType;
    use crate::model::{Instance, InstanceStatus, OrderStatus, ResourceRef};
    use crate::testing::{account, buy, catalog, d, fields, with_downgrade, SeqIds, CYCLE_END, T0};
    use zenlocal_wire::Service;

    fn bmc_prepaid() -> (Instance, Account) {
        let f = fields(Service::Bmc, "PREPAID", "ByBandwidth");
        buy(Service::Bmc, &f, &account("1000.00", 100))
    }

    fn end(instance: &mut Instance, payer: &Account) -> Option<Changes> {
        cycle_end(
            catalog(),
            instance,
            CYCLE_END,
            payer,
            Timings::default(),
            &mut SeqIds::default(),
            CYCLE_END,
        )
    }

    /// D-8, D-23: a cycle end with `autoRenew` and the balance to pay renews for one more
    /// period at the plan price: a RENEW order for the new cycle with its ledger entry, the
    /// expiry moved on, and the next cycle end scheduled.
    #[test]
    fn a_cycle_end_renews_at_the_plan_price() {
        let (mut i, payer) = bmc_prepaid();
        let changes = end(&mut i, &payer).unwrap();
        let next = CYCLE_END.plus(MONTH_SECONDS);
        let order = &changes.orders[0];
        assert_eq!(
            (order.kind, order.status, order.amount),
            (OrderKind::Renew, OrderStatus::Paid, d("219.00"))
        );
        assert_eq!(
            (order.from.clone(), order.to.clone()),
            (Some(CYCLE_END.to_string()), Some(next.to_string()))
        );
        let entry = &changes.ledger[0];
        assert_eq!(
            (entry.kind, entry.amount, entry.order_number.as_ref()),
            (TransactionType::Consume, d("219.00"), Some(&order.number))
        );
        assert_eq!(
            entry.description,
            format!("renew bmc {} (1 month(s))", i.id)
        );
        assert_eq!(changes.accounts[0].balance, d("562.00"));
        assert_eq!(i.billing.expires_at, Some(next));
        assert_eq!(
            changes.events,
            [(
                next,
                EventKind::CycleEnd {
                    account_id: i.account_id.clone(),
                    resource: ResourceRef::instance(&i.id),
                    expires_at: next,
                }
            )]
        );
    }

    /// D-13, D-23: the scheduled downgrades apply first, and the renewal is charged at the
    /// price they leave.
    #[test]
    fn a_cycle_end_applies_the_downgrades_then_renews_at_their_price() {
        let (mut i, payer) = with_downgrade(Service::Bmc, 15);
        let changes = end(&mut i, &payer).unwrap();
        assert_eq!(i.bandwidth, 15);
        let lines: Vec<_> = changes.orders.iter().map(|o| (o.kind, o.status)).collect();
        assert_eq!(
            lines,
            [
                (OrderKind::Bandwidth, OrderStatus::Applied),
                (OrderKind::Renew, OrderStatus::Paid)
            ]
        );
        // 199.00 + (15 - 10) Mbps x 2.00.
        assert_eq!(changes.ledger[0].amount, d("209.00"));
    }

    /// D-23, D-195: the renewal's price, as the console shows it ahead of the cycle end,
    /// is what the cycle end then charges, scheduled downgrades in force; the instance
    /// itself is left as it was.
    #[test]
    fn the_renewal_price_ahead_is_what_the_cycle_end_charges() {
        let (mut i, payer) = with_downgrade(Service::Bmc, 15);
        let before = i.clone();
        let (renewed, applied, amount) = renewal(catalog(), &i, payer.discount, CYCLE_END);
        assert_eq!(i, before);
        assert_eq!((renewed.bandwidth, applied.orders.len()), (15, 1));
        let changes = end(&mut i, &payer).unwrap();
        assert_eq!(amount, Some(changes.ledger[0].amount));
        assert_eq!(amount, Some(d("209.00")));
    }

    /// D-23: a balance that cannot pay the renewal, or `autoRenew` off, sends the instance
    /// to the recycle bin with its plan: its downgrades are cancelled, nothing is charged,
    /// and its release is scheduled after the recycle time.
    #[test]
    fn a_cycle_end_that_cannot_renew_recycles() {
        let (scheduled, _) = with_downgrade(Service::Bmc, 15);
        let mut i = scheduled.clone();
        let changes = end(&mut i, &account("208.99", 100)).unwrap();
        assert_eq!(
            (
                i.status,
                i.bandwidth,
                i.billing.recycled_at,
                i.billing.auto_renew
            ),
            (InstanceStatus::Recycle, 20, Some(CYCLE_END), false)
        );
        assert!(changes.ledger.is_empty() && changes.accounts.is_empty());
        assert_eq!(changes.orders[0].status, OrderStatus::Cancelled);
        assert_eq!(
            changes.events,
            [(
                CYCLE_END.plus(Timings::default().recycle),
                EventKind::Release {
                    account_id: i.account_id.clone(),
                    resource: ResourceRef::instance(&i.id),
                    recycled_at: CYCLE_END,
                }
            )]
        );

        let mut not_renewing = scheduled;
        not_renewing.billing.auto_renew = false;
        end(&mut not_renewing, &account("1000.00", 100)).unwrap();
        assert_eq!(not_renewing.status, InstanceStatus::Recycle);
    }

    /// D-131: the cycle's overage is charged first, at the allowance of the ending cycle
    /// and the account's discount, then the renewal; the next cycle starts with none.
    #[test]
    fn a_cycle_end_charges_the_overage_before_renewing() {
        let mut f = fields(Service::Bmc, "PREPAID", "ByTrafficPackage");
        f.traffic_package = Some(2.0);
        let (mut i, _) = buy(Service::Bmc, &f, &account("1000.00", 100));
        i.status = InstanceStatus::Running;
        let sent = crate::traffic::Record {
            out_gb: Some(d("2500")),
            ..Default::default()
        };
        crate::traffic::record(&mut i, &sent, T0.plus(60)).unwrap();
        let changes = end(&mut i, &account("1000.00", 80)).unwrap();
        let lines: Vec<_> = changes.orders.iter().map(|o| (o.kind, o.amount)).collect();
        // 500 GB at 0.01 and 204.00, both at 80 %.
        assert_eq!(
            lines,
            [
                (OrderKind::TrafficOverage, d("4.00")),
                (OrderKind::Renew, d("163.20"))
            ]
        );
        assert_eq!(changes.ledger[1].balance_after, d("832.80"));
        assert_eq!(crate::traffic::usage(&i).overage_gb, Decimal::ZERO);
        assert_eq!(i.traffic.since, Some(CYCLE_END));
    }

    /// D-23: a cycle end whose instance moved on (a later expiry, or the recycle bin) is
    /// stale and changes nothing.
    #[test]
    fn a_stale_cycle_end_changes_nothing() {
        let (i, payer) = bmc_prepaid();
        let mut later = i.clone();
        later.billing.expires_at = Some(CYCLE_END.plus(1));
        assert_eq!(end(&mut later, &payer), None);
        let mut recycled = i;
        recycled.status = InstanceStatus::Recycle;
        assert_eq!(end(&mut recycled, &payer), None);
    }

    /// D-23, D-24: a PREPAID subscription waits for its cycle end, a POSTPAID one for its
    /// first settlement at the next UTC midnight.
    #[test]
    fn a_subscription_waits_for_its_first_event() {
        let (i, _) = bmc_prepaid();
        let (due, kind) = first_event(&i.account_id, ResourceRef::instance(&i.id), &i.billing, T0);
        assert_eq!(due, CYCLE_END);
        assert!(matches!(kind, EventKind::CycleEnd { expires_at, .. } if expires_at == CYCLE_END));
        let postpaid = super::super::subscribe(ChargeType::Postpaid, None, T0.plus(5));
        let (due, kind) = first_event("a", ResourceRef::instance("1"), &postpaid, T0.plus(5));
        assert_eq!(due, T0.plus(86_400));
        assert!(matches!(kind, EventKind::SettleUsage { .. }));
    }
}
