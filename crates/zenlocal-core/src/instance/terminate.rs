//! TerminateInstance and ReleaseInstances (D-21, D-25): what an instance's state allows,
//! then the billing path's terminate; release gives the stock back.

use crate::account::Account;
use crate::billing;
use crate::catalog::Catalog;
use crate::model::{Changes, Ids, Instance, InstanceStatus, ResourceRef, StockDelta, Timings};
use crate::{codes, ApiError, Timestamp};

/// TerminateInstance (D-25): refused while the instance is being created or installed,
/// and once it is in the recycle bin; otherwise POSTPAID goes to the recycle bin now with
/// its usage settled, PREPAID stops renewing and goes there at the end of its cycle.
pub fn terminate(
    catalog: &Catalog,
    mut instance: Instance,
    account: &Account,
    timings: Timings,
    ids: &mut dyn Ids,
    now: Timestamp,
) -> Result<Changes, ApiError> {
    match instance.status {
        InstanceStatus::Recycle => {
            return Err(ApiError::new(
                codes::OPERATION_DENIED_INSTANCE_RECYCLED,
                format!("instance `{}` is already in the recycle bin", instance.id),
            ))
        }
        InstanceStatus::Pending | InstanceStatus::Creating => {
            return Err(super::still_creating(&instance.id))
        }
        InstanceStatus::Installing => return Err(super::installing(&instance.id)),
        _ => {}
    }
    let mut changes = Changes::default();
    billing::terminate(
        catalog,
        &mut changes,
        &mut instance,
        account,
        timings,
        ids,
        now,
    );
    changes.instances.push(instance);
    Ok(changes)
}

/// Releases instances for good (D-25): all must be in the recycle bin, or none is
/// released (D-21). Stock goes back to the offer.
pub fn release(instances: Vec<Instance>) -> Result<Changes, ApiError> {
    if let Some(i) = instances
        .iter()
        .find(|i| i.status != InstanceStatus::Recycle)
    {
        return Err(ApiError::new(
            codes::OPERATION_DENIED_INSTANCE_NOT_RECYCLED,
            format!(
                "instance `{}` is {}; only instances in the recycle bin can be released",
                i.id,
                i.status.name()
            ),
        ));
    }
    let mut changes = Changes::default();
    for i in instances {
        changes.stock.push(StockDelta {
            service: i.service,
            zone_id: i.zone_id.clone(),
            product: i.product.clone(),
            delta: -1,
        });
        changes.released.push(ResourceRef::instance(i.id));
    }
    Ok(changes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{account, buy, catalog, fields, timings, SeqIds, T0};
    use zenlocal_wire::Service;

    fn bought(charge: &'static str) -> (Instance, Account) {
        let f = fields(Service::Bmc, charge, "ByBandwidth");
        buy(Service::Bmc, &f, &account("1000.00", 100))
    }

    /// D-25: an instance still being created, installing, or already in the recycle bin
    /// cannot be terminated; each answers its own code.
    #[test]
    fn terminate_needs_a_provisioned_instance() {
        let (i, payer) = bought("POSTPAID");
        for (status, code) in [
            (
                InstanceStatus::Creating,
                codes::OPERATION_DENIED_INSTANCE_CREATING,
            ),
            (
                InstanceStatus::Installing,
                codes::OPERATION_DENIED_INSTANCE_STATUS_INSTALLING,
            ),
            (
                InstanceStatus::Recycle,
                codes::OPERATION_DENIED_INSTANCE_RECYCLED,
            ),
        ] {
            let asked = Instance {
                status,
                ..i.clone()
            };
            let e = terminate(
                catalog(),
                asked,
                &payer,
                timings(),
                &mut SeqIds::default(),
                T0,
            )
            .unwrap_err();
            assert_eq!(e.code, code, "{status:?}");
        }
        let stopped = Instance {
            status: InstanceStatus::Stopped,
            ..i
        };
        let changes = terminate(
            catalog(),
            stopped,
            &payer,
            timings(),
            &mut SeqIds::default(),
            T0,
        )
        .unwrap();
        assert_eq!(changes.instances[0].status, InstanceStatus::Recycle);
    }

    /// D-21, D-25: release takes instances in the recycle bin only, all or none, and
    /// gives their stock back.
    #[test]
    fn release_takes_only_recycled_instances_and_returns_their_stock() {
        let (i, _) = bought("POSTPAID");
        let recycled = Instance {
            status: InstanceStatus::Recycle,
            ..i.clone()
        };
        let e = release(vec![recycled.clone(), i]).unwrap_err();
        assert_eq!(e.code, codes::OPERATION_DENIED_INSTANCE_NOT_RECYCLED);
        let changes = release(vec![recycled.clone()]).unwrap();
        assert_eq!(changes.released, [ResourceRef::instance(&recycled.id)]);
        assert_eq!(
            (changes.stock[0].product.as_str(), changes.stock[0].delta),
            ("M6C", -1)
        );
    }
}
