//! StartInstances and StopInstances (D-20, D-21): a batch changes as a whole or not at
//! all, through STOPPING or BOOTING for the power time.

use crate::model::{Changes, EventKind, Instance, InstanceStatus, ResourceRef, Timings};
use crate::{codes, ApiError, Timestamp};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Power {
    Start,
    Stop,
}

/// Starts or stops every instance of a batch, or none (D-21): each must be STOPPED
/// (start) or RUNNING (stop) and not in the recycle bin.
pub fn power(
    instances: Vec<Instance>,
    action: Power,
    timings: Timings,
    now: Timestamp,
) -> Result<Changes, ApiError> {
    let (from, through, to, code) = match action {
        Power::Start => (
            InstanceStatus::Stopped,
            InstanceStatus::Booting,
            InstanceStatus::Running,
            codes::OPERATION_DENIED_INSTANCE_NOT_STOPPED,
        ),
        Power::Stop => (
            InstanceStatus::Running,
            InstanceStatus::Stopping,
            InstanceStatus::Stopped,
            codes::OPERATION_DENIED_INSTANCE_NOT_RUNNING,
        ),
    };
    for i in &instances {
        if i.status == InstanceStatus::Recycle {
            return Err(ApiError::new(
                codes::OPERATION_DENIED_INSTANCE_RECYCLED,
                format!("instance `{}` is in the recycle bin", i.id),
            ));
        }
        if i.status != from {
            return Err(ApiError::new(
                code,
                format!(
                    "instance `{}` is {}; only {} instances can be {}",
                    i.id,
                    i.status.name(),
                    from.name(),
                    if action == Power::Start {
                        "started"
                    } else {
                        "stopped"
                    }
                ),
            ));
        }
    }
    let mut changes = Changes::default();
    for mut i in instances {
        if timings.power <= 0 {
            i.status = to;
        } else {
            i.status = through;
            changes.events.push((
                now.plus(timings.power),
                EventKind::PowerDone {
                    account_id: i.account_id.clone(),
                    resource: ResourceRef::instance(&i.id),
                    from: through,
                    to,
                },
            ));
        }
        changes.instances.push(i);
    }
    Ok(changes)
}
