//! The Cancel…Downgrade actions (D-13, D-15, D-18): a scheduled downgrade is dropped and
//! its order cancelled; the item is `Enable` again.

use super::checks::{check_network, error, not_exist_code};
use super::Asked;
use crate::model::{Changes, Instance, InstanceStatus, ItemState, OrderStatus};
use crate::{codes, ApiError, Timestamp};

/// D-15 steps 4, 5, 6 and 8: while an immediate change is `Processing` nothing is
/// scheduled, so it answers the `…DOWNGRADE_NOT_EXIST` code.
pub fn cancel(mut instance: Instance, asked: Asked, now: Timestamp) -> Result<Changes, ApiError> {
    check_network(&instance, asked, false)?;
    if instance.status == InstanceStatus::Recycle {
        return Err(error(
            codes::OPERATION_DENIED_INSTANCE_RECYCLED,
            format!("instance `{}` is in the recycle bin", instance.id),
        ));
    }
    let Some(index) = instance
        .pending
        .iter()
        .position(|p| p.target.item() == asked.item && p.state == ItemState::WaitToEnable)
    else {
        return Err(error(
            not_exist_code(asked),
            format!(
                "instance `{}` has no scheduled downgrade of this kind",
                instance.id
            ),
        ));
    };
    let removed = instance.pending.remove(index);
    let mut changes = Changes::default();
    if let Some(mut order) = removed.order {
        order.status = OrderStatus::Cancelled;
        order.effective_at = now;
        changes.orders.push(order);
    }
    changes.instances.push(instance);
    Ok(changes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Item, Target};
    use crate::testing::{account, asked, buy, d, fields, modify, with_downgrade, T0};
    use zenlocal_wire::Service;

    /// D-13: cancelling a scheduled downgrade cancels its order now and leaves the item
    /// `Enable`.
    #[test]
    fn a_cancelled_downgrade_cancels_its_order() {
        let (scheduled, _) = with_downgrade(Service::Bmc, 15);
        let now = T0.plus(7200);
        let changes = cancel(scheduled, asked(Service::Bmc, Item::Bandwidth), now).unwrap();
        let order = &changes.orders[0];
        assert_eq!(
            (order.status, order.effective_at, order.amount),
            (OrderStatus::Cancelled, now, d("0.00"))
        );
        let instance = &changes.instances[0];
        assert!(instance.pending.is_empty());
        assert_eq!(instance.bandwidth, 20);
    }

    /// D-18: with nothing scheduled each Cancel answers its own code and status; D-15: an
    /// immediate change still `Processing` is nothing scheduled.
    #[test]
    fn nothing_scheduled_answers_each_actions_code() {
        let payer = account("1000.00", 100);
        let f = fields(Service::Bmc, "PREPAID", "ByTrafficPackage");
        let (traffic, payer) = buy(Service::Bmc, &f, &payer);
        let e = cancel(
            traffic.clone(),
            asked(Service::Bmc, Item::TrafficPackage),
            T0,
        )
        .unwrap_err();
        assert_eq!(
            (e.code, e.code.status),
            (codes::OPERATION_DENIED_DOWNGRADE_NOT_EXIST_404, 404)
        );
        let alias = Asked {
            alias: true,
            ..asked(Service::Bmc, Item::Bandwidth)
        };
        let e = cancel(traffic, alias, T0).unwrap_err();
        assert_eq!(
            e.code,
            codes::OPERATION_DENIED_INTERNET_CHARGE_TYPE_NOT_BY_FIX_BANDWIDTH
        );

        let f = fields(Service::Bmc, "PREPAID", "ByBandwidth");
        let (bandwidth, payer) = buy(Service::Bmc, &f, &payer);
        let e = cancel(bandwidth.clone(), alias, T0).unwrap_err();
        assert_eq!(
            e.code,
            codes::OPERATION_FILED_INSTANCE_NOT_EXIST_PLAN_FIX_BANDWIDTH
        );
        let (changes, _) = modify(&bandwidth, &payer, Target::Bandwidth(30), T0.plus(60)).unwrap();
        let processing = changes.instances[0].clone();
        let e = cancel(
            processing,
            asked(Service::Bmc, Item::Bandwidth),
            T0.plus(61),
        )
        .unwrap_err();
        assert_eq!(
            (e.code, e.code.status),
            (codes::OPERATION_DENIED_DOWNGRADE_NOT_EXIST, 403)
        );

        let f = fields(Service::Vm, "PREPAID", "ByBandwidth");
        let (vm, _) = buy(Service::Vm, &f, &payer);
        let e = cancel(vm, asked(Service::Vm, Item::Model), T0).unwrap_err();
        assert_eq!(
            (e.code, e.code.status),
            (codes::OPERATION_DENIED_DOWNGRADE_NOT_EXIST, 403)
        );
    }

    /// D-17: any status but RECYCLE may cancel.
    #[test]
    fn an_instance_in_the_recycle_bin_cancels_nothing() {
        let (mut scheduled, _) = with_downgrade(Service::Vm, 10);
        scheduled.status = InstanceStatus::Stopping;
        assert!(cancel(scheduled.clone(), asked(Service::Vm, Item::Bandwidth), T0).is_ok());
        scheduled.status = InstanceStatus::Recycle;
        let e = cancel(scheduled, asked(Service::Vm, Item::Bandwidth), T0).unwrap_err();
        assert_eq!(e.code, codes::OPERATION_DENIED_INSTANCE_RECYCLED);
    }
}
