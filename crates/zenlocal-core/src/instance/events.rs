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
        EventKind::CycleEnd { .. } | EventKind::SettleUsage { .. } => {
            if let Some(billed) =
                billing::on_event(catalog, kind, &mut instance, account, timings, ids, at)
            {
                changes = billed;
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
        // Applied where their rows are: the ledger (deposits), the image (D-173), the
        // disk (D-163); an instance has no `Ready` of its own (its provisioning has steps,
        // D-20).
        EventKind::Deposit { .. }
        | EventKind::ImageReady { .. }
        | EventKind::Ready { .. }
        | EventKind::DiskDone { .. } => {}
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{InstanceStatus, Item, ResourceRef, Target};
    use crate::testing::{account, buy, catalog, d, fields, modify, SeqIds, T0};
    use zenlocal_wire::Service;

    fn applied(kind: EventKind, instance: &Instance, at: Timestamp) -> Changes {
        let payer = account("1000.00", 100);
        apply_event(
            catalog(),
            &kind,
            Some(instance.clone()),
            Some(&payer),
            Timings::default(),
            &mut SeqIds::default(),
            at,
        )
    }

    fn postpaid() -> Instance {
        let f = fields(Service::Bmc, "POSTPAID", "ByBandwidth");
        buy(Service::Bmc, &f, &account("1000.00", 100)).0
    }

    /// D-20: a provisioning step applies only while provisioning; a power change only to
    /// the state it left. Either of a released instance changes nothing.
    #[test]
    fn lifecycle_events_apply_only_to_the_state_they_expect() {
        let i = postpaid();
        let resource = ResourceRef::instance(&i.id);
        let provision = EventKind::Provision {
            account_id: i.account_id.clone(),
            resource: resource.clone(),
            status: InstanceStatus::Running,
        };
        let pending = Instance {
            status: InstanceStatus::Creating,
            ..i.clone()
        };
        assert_eq!(
            applied(provision.clone(), &pending, T0).instances[0].status,
            InstanceStatus::Running
        );
        assert_eq!(applied(provision.clone(), &i, T0), Changes::default());
        let done = EventKind::PowerDone {
            account_id: i.account_id.clone(),
            resource,
            from: InstanceStatus::Stopping,
            to: InstanceStatus::Stopped,
        };
        assert_eq!(applied(done, &i, T0), Changes::default());
        let gone = apply_event(
            catalog(),
            &provision,
            None,
            None,
            Timings::default(),
            &mut SeqIds::default(),
            T0,
        );
        assert_eq!(gone, Changes::default());
    }

    /// D-11, D-24: when processing is over the change is in force, and the POSTPAID hours
    /// that started while it was processing are at the old price.
    #[test]
    fn a_change_done_accrues_at_the_old_price_then_takes_effect() {
        let i = postpaid();
        let payer = account("1000.00", 100);
        let (changes, _) = modify(&i, &payer, Target::Bandwidth(30), T0.plus(3590)).unwrap();
        let processing = &changes.instances[0];
        assert_eq!(processing.billing.usage_hours, 1);
        let done = EventKind::ChangeDone {
            account_id: i.account_id.clone(),
            resource: ResourceRef::instance(&i.id),
            item: Item::Bandwidth,
        };
        let changes = applied(done, processing, T0.plus(3595));
        let finished = &changes.instances[0];
        assert_eq!(finished.bandwidth, 30);
        // The second hour, started at 3600, is not yet accrued at 3595.
        assert_eq!(
            (
                finished.billing.usage_hours,
                finished.billing.usage_unsettled
            ),
            (1, d("0.385"))
        );
    }

    /// D-25: the release scheduled when the instance went to the recycle bin releases it.
    #[test]
    fn a_due_release_releases() {
        let recycled = Instance {
            status: InstanceStatus::Recycle,
            ..postpaid()
        };
        let mut recycled = recycled;
        recycled.billing.recycled_at = Some(T0);
        let release = |recycled_at| EventKind::Release {
            account_id: recycled.account_id.clone(),
            resource: ResourceRef::instance(&recycled.id),
            recycled_at,
        };
        let changes = applied(release(T0), &recycled, T0.plus(86_400));
        assert_eq!(changes.released, [ResourceRef::instance(&recycled.id)]);
        assert_eq!(
            applied(release(T0.plus(1)), &recycled, T0),
            Changes::default()
        );
    }
}
