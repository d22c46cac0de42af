//! Changes coming into force: an immediate change when its processing time is over
//! (D-11), the scheduled downgrades at the cycle end (D-13, D-23) — or cancelled there
//! when the instance does not renew.

use crate::model::{
    Changes, Instance, Item, ItemState, OrderStatus, PendingChange, StockDelta, Target,
};
use crate::Timestamp;

/// The instance as it will be once its changes under way finish: a renewal falling within
/// the processing time of a paid change is charged for the plan bought.
pub fn with_processing(instance: &Instance) -> Instance {
    let mut bought = instance.clone();
    for change in instance
        .pending
        .iter()
        .filter(|p| p.state == ItemState::Processing)
    {
        bought.set(&change.target);
    }
    bought
}

/// Applies the scheduled downgrades of an instance at its cycle end (D-13, D-23).
pub fn apply_scheduled(instance: &mut Instance, changes: &mut Changes, at: Timestamp) {
    let scheduled: Vec<PendingChange> = instance
        .pending
        .iter()
        .filter(|p| p.state == ItemState::WaitToEnable)
        .cloned()
        .collect();
    instance
        .pending
        .retain(|p| p.state != ItemState::WaitToEnable);
    for change in scheduled {
        take_effect(instance, &change.target, changes);
        if let Some(mut order) = change.order {
            order.status = OrderStatus::Applied;
            order.effective_at = at;
            changes.orders.push(order);
        }
    }
}

/// Cancels the scheduled downgrades of an instance going to the recycle bin (D-23).
pub fn cancel_scheduled(instance: &mut Instance, changes: &mut Changes, at: Timestamp) {
    for change in instance
        .pending
        .iter()
        .filter(|p| p.state == ItemState::WaitToEnable)
    {
        if let Some(order) = &change.order {
            let mut order = order.clone();
            order.status = OrderStatus::Cancelled;
            order.effective_at = at;
            changes.orders.push(order);
        }
    }
    instance
        .pending
        .retain(|p| p.state != ItemState::WaitToEnable);
}

/// A change comes into force. A model change moves one unit of stock from the old offer
/// to the new one, so that releasing the instance gives back the right one (D-9).
pub(super) fn take_effect(instance: &mut Instance, target: &Target, changes: &mut Changes) {
    if let Target::Model(model) = target {
        for (product, delta) in [(instance.product.clone(), -1), (model.clone(), 1)] {
            changes.stock.push(StockDelta {
                service: instance.service,
                zone_id: instance.zone_id.clone(),
                product,
                delta,
            });
        }
    }
    instance.set(target);
}

/// An immediate change whose processing time is over (D-11); false when the item has no
/// change under way.
pub fn finish(instance: &mut Instance, item: Item, changes: &mut Changes) -> bool {
    let Some(index) = instance
        .pending
        .iter()
        .position(|p| p.state == ItemState::Processing && p.target.item() == item)
    else {
        return false;
    };
    let change = instance.pending.remove(index);
    take_effect(instance, &change.target, changes);
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Instance, OrderKind};
    use crate::testing::{account, buy, fields, modify, with_downgrade, CYCLE_END, T0};
    use zenlocal_wire::Service;

    fn vm() -> Instance {
        let f = fields(Service::Vm, "PREPAID", "ByBandwidth");
        buy(Service::Vm, &f, &account("1000.00", 100)).0
    }

    /// D-11: once processed, the change is the current value; D-9: a model change moves a
    /// unit of stock from the old offer to the new one.
    #[test]
    fn a_processed_model_change_moves_its_stock() {
        let i = vm();
        let payer = account("1000.00", 100);
        let (changes, _) = modify(&i, &payer, Target::Model("g.2c8g".into()), T0.plus(60)).unwrap();
        let mut processing = changes.instances[0].clone();
        let mut done = Changes::default();
        assert!(finish(&mut processing, Item::Model, &mut done));
        assert_eq!(processing.product, "g.2c8g");
        assert!(processing.pending.is_empty());
        let moved: Vec<(&str, i64)> = done
            .stock
            .iter()
            .map(|s| (s.product.as_str(), s.delta))
            .collect();
        assert_eq!(moved, [("c.2c4g", -1), ("g.2c8g", 1)]);
        assert!(
            !finish(&mut processing, Item::Model, &mut done),
            "nothing left"
        );
    }

    /// D-13, D-23: at the cycle end the scheduled downgrades apply and their orders are
    /// APPLIED then; a change still processing is left to finish.
    #[test]
    fn scheduled_downgrades_apply_at_the_cycle_end() {
        let (mut scheduled, payer) = with_downgrade(Service::Vm, 10);
        let (changes, _) = modify(
            &scheduled,
            &payer,
            Target::Model("g.2c8g".into()),
            T0.plus(7200),
        )
        .unwrap();
        scheduled = changes.instances[0].clone();
        let mut applied = Changes::default();
        apply_scheduled(&mut scheduled, &mut applied, CYCLE_END);
        assert_eq!(scheduled.bandwidth, 10);
        assert_eq!(
            scheduled
                .pending
                .iter()
                .map(|p| p.state)
                .collect::<Vec<_>>(),
            [ItemState::Processing]
        );
        let order = &applied.orders[0];
        assert_eq!(
            (order.kind, order.status, order.effective_at),
            (OrderKind::Bandwidth, OrderStatus::Applied, CYCLE_END)
        );
        // The renewal prices the model being bought.
        assert_eq!(with_processing(&scheduled).product, "g.2c8g");
    }

    /// D-23: an instance that does not renew keeps its plan; its downgrades are cancelled.
    #[test]
    fn scheduled_downgrades_are_cancelled_when_not_renewing() {
        let (mut scheduled, _) = with_downgrade(Service::Bmc, 15);
        let mut cancelled = Changes::default();
        cancel_scheduled(&mut scheduled, &mut cancelled, CYCLE_END);
        assert_eq!(scheduled.bandwidth, 20);
        assert!(scheduled.pending.is_empty());
        let order = &cancelled.orders[0];
        assert_eq!(
            (order.status, order.effective_at),
            (OrderStatus::Cancelled, CYCLE_END)
        );
    }
}
