//! The money rules that do not care what is billed (D-8, D-12, D-22 to D-25, D-27): the
//! one place an order and the ledger entry that pays it are made, the end of a PREPAID
//! cycle (apply the scheduled changes, then renew or recycle), POSTPAID usage accrued per
//! started hour and settled daily, the recycle bin. A resource takes part by implementing
//! [`Billable`]; instances do today, and every billable resource added later is charged,
//! renewed and recycled through these same functions.

mod charge;
mod cycle;
mod recycle;
mod usage;

pub use charge::{charge, check_balance, refund};
pub use cycle::{cycle_end, first_event, on_event, renew, renewal};
pub use recycle::{recycle, releasable, terminate};
pub use usage::{accrue, next_utc_midnight, settle, settle_day, settle_metered};

use crate::catalog::{Catalog, ChargeType};
use crate::model::{Changes, OrderKind, ResourceRef, Subscription};
use crate::time::MONTH_SECONDS;
use crate::Timestamp;
use rust_decimal::Decimal;

/// What differs per billable resource; everything else about its money is this module's.
pub trait Billable: Clone {
    fn resource(&self) -> ResourceRef;
    fn account_id(&self) -> &str;
    fn subscription(&self) -> &Subscription;
    fn subscription_mut(&mut self) -> &mut Subscription;
    /// Where POSTPAID hours are counted from (D-24): the creation.
    fn started_at(&self) -> Timestamp;
    /// How the ledger names it, e.g. `bmc 1234567890123456789`.
    fn label(&self) -> String;
    /// The monthly list price a renewal charges (D-10, D-23); `None` when it is no
    /// longer sold.
    fn monthly_price(&self, catalog: &Catalog) -> Option<Decimal>;
    /// The hourly list price in force (D-10, D-24); `None` when it is no longer sold.
    fn hourly_price(&self, catalog: &Catalog) -> Option<Decimal>;
    /// Brings its changes scheduled for the cycle end into force (D-13), recording their
    /// orders as applied.
    fn apply_scheduled(&mut self, changes: &mut Changes, at: Timestamp);
    /// Drops its scheduled changes, recording their orders as cancelled (D-23).
    fn cancel_scheduled(&mut self, changes: &mut Changes, at: Timestamp);
    /// Its own status in the recycle bin (an instance's RECYCLE); the subscription's
    /// part is [`recycle()`]'s.
    fn enter_recycle_bin(&mut self);

    /// Usage metered beyond what the subscription pays for, counted up to `at` and taken
    /// out to be charged now: an instance's traffic overage (D-131). What metering records
    /// goes in `changes`; `None` when nothing is owed.
    fn take_metered(
        &mut self,
        _catalog: &Catalog,
        _changes: &mut Changes,
        _at: Timestamp,
    ) -> Option<Metered> {
        None
    }

    /// Whether it is in the recycle bin (D-25).
    fn recycled(&self) -> bool {
        self.subscription().recycled_at.is_some()
    }
}

/// Metered usage to charge: its order kind, its list amount, since when it was metered
/// and what it was (for the ledger's description).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Metered {
    pub kind: OrderKind,
    pub list: Decimal,
    pub since: Timestamp,
    pub what: String,
}

/// The subscription of a resource bought at `now` (D-8, D-22): PREPAID runs `period`
/// months and renews itself; POSTPAID accrues from now.
pub fn subscribe(charge_type: ChargeType, period: Option<i64>, now: Timestamp) -> Subscription {
    Subscription {
        charge_type,
        period,
        expires_at: period.map(|months| now.plus(months * MONTH_SECONDS)),
        auto_renew: charge_type == ChargeType::Prepaid,
        recycled_at: None,
        usage_hours: 0,
        usage_unsettled: Decimal::ZERO,
        usage_settled_at: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::T0;

    /// D-8, D-22: PREPAID runs `period` months of 30 days and renews itself; POSTPAID has
    /// no cycle and accrues from the start.
    #[test]
    fn a_subscription_starts_with_its_charge_type() {
        let prepaid = subscribe(ChargeType::Prepaid, Some(3), T0);
        assert_eq!(prepaid.expires_at, Some(T0.plus(90 * 86_400)));
        assert!(prepaid.auto_renew);
        let postpaid = subscribe(ChargeType::Postpaid, None, T0);
        assert_eq!((postpaid.expires_at, postpaid.auto_renew), (None, false));
        assert_eq!(
            (postpaid.usage_hours, postpaid.usage_unsettled),
            (0, Decimal::ZERO)
        );
    }
}
