//! PREPAID cycles (D-8, D-23): the first event a subscription schedules, and its cycle
//! end — scheduled changes first, then a renewal at the new price, or the recycle bin.

use super::usage::next_utc_midnight;
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

/// The end of the PREPAID cycle that ends at `expires_at` (D-23). Its scheduled changes
/// apply first and the renewal is charged at the price they leave; when it does not
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
    let period = resource.subscription().period.unwrap_or(1);
    let mut renewed = resource.clone();
    let mut applied = Changes::default();
    renewed.apply_scheduled(&mut applied, at);
    let amount = renewed
        .monthly_price(catalog)
        .map(|monthly| price::charge(monthly * Decimal::from(period), account.discount));
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

/// Renews for one more period, paying `amount` now (D-23): a RENEW order from `at` to
/// the new expiry with its ledger entry, and the next cycle end scheduled.
pub fn renew<R: Billable>(
    changes: &mut Changes,
    resource: &mut R,
    account: &Account,
    amount: Decimal,
    ids: &mut dyn Ids,
    at: Timestamp,
) {
    let period = resource.subscription().period.unwrap_or(1);
    let next = at.plus(period * MONTH_SECONDS);
    let line = Order {
        from: Some(at.to_string()),
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
