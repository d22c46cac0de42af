//! Applying an event of an instance that fell due (D-11, D-20, D-23 to D-25):
//! provisioning steps and power changes are the instance's own; cycle ends, daily
//! settlements and releases go through the billing path.

use super::terminate::release;
use crate::account::Account;
use crate::catalog::Catalog;
use crate::model::{Changes, EventKind, Ids, Instance, Timings};
use crate::{billing, plan, Timestamp};

/// Applies an event of `instance` that fell due at `at`. Events that no longer match the
/// instance (released, or its state moved on) change nothing.
pub fn apply_event(
    catalog: &Catalog,
    kind: &EventKind,
    instance: Option<Instance>,
    account: Option<&Account>,
    timings: Timings,
    ids: &mut dyn Ids,
    at: Timestamp,
) -> Changes {
    let mut changes = Changes::default();
    let Some(mut instance) = instance else {
        return changes;
    };
    match kind {
        EventKind::Provision { status, .. } => {
            if instance.status.provisioning() {
                instance.status = *status;
                changes.instances.push(instance);
            }
        }
        EventKind::PowerDone { from, to, .. } => {
            if instance.status == *from {
                instance.status = *to;
                changes.instances.push(instance);
            }
        }
        EventKind::CycleEnd { expires_at, .. } => {
            let ended = account.and_then(|account| {
                billing::cycle_end(
                    catalog,
                    &mut instance,
                    *expires_at,
                    account,
                    timings,
                    ids,
                    at,
                )
            });
            if let Some(ended) = ended {
                changes = ended;
                changes.instances.push(instance);
            }
        }
        EventKind::SettleUsage { .. } => {
            if let Some(settled) = billing::settle_day(catalog, &mut instance, account, at) {
                changes = settled;
                changes.instances.push(instance);
            }
        }
        EventKind::Release { recycled_at, .. } => {
            if billing::releasable(&instance, *recycled_at) {
                if let Ok(released) = release(vec![instance]) {
                    changes = released;
                }
            }
        }
        EventKind::ChangeDone { item, .. } => {
            // POSTPAID: the hours that started while the change was processing were at
            // the old plan (D-24).
            if let Some(hourly) = billing::Billable::hourly_price(&instance, catalog) {
                billing::accrue(
                    &mut instance.billing,
                    instance.created_at,
                    hourly,
                    at,
                    false,
                );
            }
            if plan::finish(&mut instance, *item, &mut changes) {
                changes.instances.push(instance);
            }
        }
        EventKind::Deposit { .. } => {}
    }
    changes
}
