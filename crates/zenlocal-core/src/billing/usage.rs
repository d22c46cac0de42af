//! POSTPAID usage (D-24): accrued per started hour at the price in force during that
//! hour, settled into the ledger at each UTC day boundary and at terminate; the balance
//! may go negative.

use super::Billable;
use crate::account::{self, Account, TransactionType};
use crate::catalog::{Catalog, ChargeType};
use crate::model::{Changes, EventKind, Subscription};
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

/// Posts the accrued usage into the ledger at the account's discount (D-24); nothing
/// when it comes to zero. The balance may go negative.
pub fn settle<R: Billable>(
    changes: &mut Changes,
    resource: &mut R,
    account: &Account,
    at: Timestamp,
) {
    let subscription = resource.subscription_mut();
    let amount = price::charge(subscription.usage_unsettled, account.discount);
    subscription.usage_unsettled = Decimal::ZERO;
    if amount > Decimal::ZERO {
        let (updated, entry) = account::post(
            account,
            TransactionType::Consume,
            amount,
            None,
            &format!("POSTPAID usage of {}", resource.label()),
            at,
        );
        changes.accounts.push(updated);
        changes.ledger.push(entry);
    }
}

/// The daily settlement at a UTC midnight (D-24): the hours started so far are accrued
/// and settled, and the next settlement is scheduled. A resource in the recycle bin was
/// settled when it went there: `None`, nothing changes.
pub fn settle_day<R: Billable>(
    catalog: &Catalog,
    resource: &mut R,
    account: Option<&Account>,
    at: Timestamp,
) -> Option<Changes> {
    if resource.recycled() {
        return None;
    }
    let mut changes = Changes::default();
    if let (Some(hourly), Some(account)) = (resource.hourly_price(catalog), account) {
        let since = resource.started_at();
        accrue(resource.subscription_mut(), since, hourly, at, false);
        settle(&mut changes, resource, account, at);
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
