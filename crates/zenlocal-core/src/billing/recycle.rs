//! The recycle bin (D-23, D-25): where a resource goes when it stops being paid for, and
//! from which it is released after the recycle time.

use super::usage::{accrue, settle, settle_metered};
use super::Billable;
use crate::account::Account;
use crate::catalog::{Catalog, ChargeType};
use crate::model::{Changes, EventKind, Ids, Timings};
use crate::Timestamp;

/// Sends `resource` to the recycle bin at `at`: its scheduled changes are cancelled, it
/// no longer renews, and its release is scheduled after the recycle time (D-23, D-25).
pub fn recycle<R: Billable>(
    changes: &mut Changes,
    resource: &mut R,
    timings: Timings,
    at: Timestamp,
) {
    resource.cancel_scheduled(changes, at);
    resource.enter_recycle_bin();
    let subscription = resource.subscription_mut();
    subscription.recycled_at = Some(at);
    subscription.auto_renew = false;
    changes.events.push((
        at.plus(timings.recycle),
        EventKind::Release {
            account_id: resource.account_id().to_owned(),
            resource: resource.resource(),
            recycled_at: at,
        },
    ));
}

/// Ends a subscription at the customer's request (D-25): PREPAID stops renewing and runs
/// to the end of its cycle; POSTPAID has its usage and what it metered up to now settled
/// (D-131) and goes to the recycle bin now. Whether the resource may be terminated in its
/// state is its own rule.
pub fn terminate<R: Billable>(
    catalog: &Catalog,
    changes: &mut Changes,
    resource: &mut R,
    account: &Account,
    timings: Timings,
    ids: &mut dyn Ids,
    now: Timestamp,
) {
    match resource.subscription().charge_type {
        ChargeType::Prepaid => resource.subscription_mut().auto_renew = false,
        ChargeType::Postpaid => {
            if let Some(hourly) = resource.hourly_price(catalog) {
                let since = resource.started_at();
                accrue(resource.subscription_mut(), since, hourly, now, true);
            }
            let account = settle(changes, resource, account, ids, now);
            settle_metered(catalog, changes, resource, &account, ids, now);
            recycle(changes, resource, timings, now);
        }
    }
}

/// Whether the release scheduled when `resource` went to the recycle bin at
/// `recycled_at` is still due: it has not left the bin since (D-25).
pub fn releasable<R: Billable>(resource: &R, recycled_at: Timestamp) -> bool {
    resource.recycled() && resource.subscription().recycled_at == Some(recycled_at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Instance, InstanceStatus};
    use crate::testing::{account, buy, catalog, d, fields, SeqIds, T0};
    use zenlocal_wire::Service;

    fn bought(charge: &'static str) -> (Instance, Account) {
        let f = fields(Service::Bmc, charge, "ByBandwidth");
        buy(Service::Bmc, &f, &account("1000.00", 100))
    }

    /// D-25: terminating PREPAID stops renewal only; the instance runs to its expiry.
    #[test]
    fn terminating_prepaid_stops_renewal() {
        let (mut i, payer) = bought("PREPAID");
        let mut changes = Changes::default();
        terminate(
            catalog(),
            &mut changes,
            &mut i,
            &payer,
            Timings::default(),
            &mut SeqIds::default(),
            T0.plus(60),
        );
        assert_eq!(changes, Changes::default());
        assert_eq!(
            (i.billing.auto_renew, i.status),
            (false, InstanceStatus::Running)
        );
    }

    /// D-24, D-25: terminating POSTPAID settles the hours started up to now, the current
    /// one included, and sends it to the recycle bin, released after the recycle time.
    #[test]
    fn terminating_postpaid_settles_and_recycles_now() {
        let (mut i, payer) = bought("POSTPAID");
        let now = T0.plus(5400);
        let mut changes = Changes::default();
        terminate(
            catalog(),
            &mut changes,
            &mut i,
            &payer,
            Timings::default(),
            &mut SeqIds::default(),
            now,
        );
        assert_eq!(changes.ledger[0].amount, d("0.77"), "2 hours at 0.385");
        assert_eq!(
            (i.status, i.billing.recycled_at),
            (InstanceStatus::Recycle, Some(now))
        );
        let (due, kind) = &changes.events[0];
        assert_eq!(*due, now.plus(24 * 3600));
        assert!(matches!(kind, EventKind::Release { recycled_at, .. } if *recycled_at == now));
        assert!(releasable(&i, now));
        assert!(
            !releasable(&i, now.plus(1)),
            "a release from another stay in the bin"
        );
        let (running, _) = bought("POSTPAID");
        assert!(!releasable(&running, now));
    }
}
