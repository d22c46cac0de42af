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
