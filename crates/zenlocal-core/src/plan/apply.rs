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
