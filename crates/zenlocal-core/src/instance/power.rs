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
        if action == Power::Stop {
            // A stopped instance sends nothing: its rate is counted up to now (D-130).
            changes.traffic.extend(crate::traffic::stop(&mut i, now));
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instance::batch_ids;
    use crate::testing::{account, buy, fields, T0};
    use zenlocal_wire::Service;

    fn running() -> Instance {
        let f = fields(Service::Vm, "POSTPAID", "ByBandwidth");
        buy(Service::Vm, &f, &account("0.00", 100)).0
    }

    /// D-20: a stop goes through STOPPING for the power time, then STOPPED; with no power
    /// time it is done at once.
    #[test]
    fn a_stop_takes_the_power_time() {
        let changes = power(vec![running()], Power::Stop, Timings::default(), T0).unwrap();
        let i = &changes.instances[0];
        assert_eq!(i.status, InstanceStatus::Stopping);
        assert_eq!(
            changes.events,
            [(
                T0.plus(5),
                EventKind::PowerDone {
                    account_id: i.account_id.clone(),
                    resource: ResourceRef::instance(&i.id),
                    from: InstanceStatus::Stopping,
                    to: InstanceStatus::Stopped,
                }
            )]
        );
        let at_once = Timings {
            power: 0,
            ..Timings::default()
        };
        let changes = power(vec![running()], Power::Stop, at_once, T0).unwrap();
        assert_eq!(changes.instances[0].status, InstanceStatus::Stopped);
        assert!(changes.events.is_empty());
    }

    /// D-21: a batch changes whole or not at all: one instance in the wrong state refuses
    /// it, with the state's code.
    #[test]
    fn a_batch_changes_whole_or_not_at_all() {
        let mut stopped = running();
        stopped.status = InstanceStatus::Stopped;
        let e = power(
            vec![stopped.clone(), running()],
            Power::Start,
            Timings::default(),
            T0,
        )
        .unwrap_err();
        assert_eq!(e.code, codes::OPERATION_DENIED_INSTANCE_NOT_STOPPED);
        let mut recycled = running();
        recycled.status = InstanceStatus::Recycle;
        let e = power(
            vec![running(), recycled],
            Power::Stop,
            Timings::default(),
            T0,
        )
        .unwrap_err();
        assert_eq!(e.code, codes::OPERATION_DENIED_INSTANCE_RECYCLED);
        assert_eq!(
            batch_ids(&["9".into(), "1".into(), "9".into()]).unwrap(),
            ["1", "9"]
        );
        assert!(batch_ids(&[]).is_err());
        assert!(batch_ids(&vec!["1".to_owned(); 101]).is_err());
    }
}
