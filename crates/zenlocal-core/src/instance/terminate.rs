//! TerminateInstance and ReleaseInstances (D-21, D-25): what an instance's state allows,
//! then the billing path's terminate; release gives the stock back.

use crate::account::Account;
use crate::billing;
use crate::catalog::Catalog;
use crate::model::{
    Changes, Ids, Instance, InstanceStatus, Order, OrderKind, OrderStatus, ResourceRef, StockDelta,
    Timings,
};
use crate::{codes, ApiError, Timestamp};
use rust_decimal::Decimal;

/// TerminateInstance (D-25): refused while the instance is being created or installed,
/// and once it is in the recycle bin; otherwise POSTPAID goes to the recycle bin now with
/// its usage settled, PREPAID stops renewing and goes there at the end of its cycle. An
/// instance whose creation failed is released at once and `paid` — what its orders took —
/// refunded (D-199).
pub fn terminate(
    catalog: &Catalog,
    mut instance: Instance,
    account: &Account,
    paid: &[Order],
    timings: Timings,
    ids: &mut dyn Ids,
    now: Timestamp,
) -> Result<Changes, ApiError> {
    match instance.status {
        InstanceStatus::CreateFailed => {
            return Ok(failed_released(instance, account, paid, ids, now))
        }
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

/// TerminateInstance of a CREATE_FAILED instance (D-199, the TerminateInstance page: "an
/// instance in CREATE_FAILED is deleted directly and PREPAID payments are refunded"): it
/// is released now, its stock given back, and the PAID lines of its orders are refunded in
/// one REFUND order, a line per line refunded, with one REFUND ledger entry.
fn failed_released(
    instance: Instance,
    account: &Account,
    paid: &[Order],
    ids: &mut dyn Ids,
    now: Timestamp,
) -> Changes {
    let number = ids.order_number();
    let lines: Vec<Order> = paid
        .iter()
        .filter(|o| {
            o.status == OrderStatus::Paid
                && o.amount > Decimal::ZERO
                && o.resource == ResourceRef::instance(&instance.id)
        })
        .map(|o| Order {
            from: Some(o.number.clone()),
            amount: o.amount,
            ..Order::new(
                &number,
                &instance.account_id,
                o.resource.clone(),
                OrderKind::Refund,
                now,
            )
        })
        .collect();
    let mut changes = Changes::default();
    let id = instance.id.clone();
    gone(&mut changes, instance);
    if !lines.is_empty() {
        let description = format!("refund of instance {id}, its creation failed");
        billing::refund(&mut changes, account, lines, &description, now);
    }
    changes
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
        gone(&mut changes, i);
    }
    Ok(changes)
}

/// An instance released for good: its stock goes back to the offer.
fn gone(changes: &mut Changes, i: Instance) {
    changes.stock.push(StockDelta {
        service: i.service,
        zone_id: i.zone_id.clone(),
        product: i.product.clone(),
        delta: -1,
    });
    changes.released.push(ResourceRef::instance(i.id));
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
                &[],
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
            &[],
            timings(),
            &mut SeqIds::default(),
            T0,
        )
        .unwrap();
        assert_eq!(changes.instances[0].status, InstanceStatus::Recycle);
    }

    /// D-199: terminating an instance whose creation failed releases it at once and
    /// refunds what its orders took, in a REFUND order and a REFUND ledger entry.
    #[test]
    fn a_failed_instance_is_released_and_refunded_d199() {
        let payer = account("1000.00", 100);
        let f = fields(Service::Bmc, "PREPAID", "ByBandwidth");
        let (changes, _) = crate::testing::buy_changes(Service::Bmc, &f, &payer);
        let failed = Instance {
            status: InstanceStatus::CreateFailed,
            ..changes.instances[0].clone()
        };
        let paid_now = changes.accounts.last().unwrap().clone();
        let created = changes.orders.clone();
        let taken = created[0].amount;
        assert!(taken > Decimal::ZERO);
        let ended = terminate(
            catalog(),
            failed.clone(),
            &paid_now,
            &created,
            timings(),
            &mut SeqIds::default(),
            T0.plus(60),
        )
        .unwrap();
        assert_eq!(ended.released, [ResourceRef::instance(&failed.id)]);
        assert_eq!(ended.stock[0].delta, -1);
        assert_eq!(ended.orders.len(), 1);
        assert_eq!(
            (ended.orders[0].kind, ended.orders[0].amount),
            (OrderKind::Refund, taken)
        );
        assert_eq!(
            ended.ledger[0].kind,
            crate::account::TransactionType::Refund
        );
        assert_eq!(ended.accounts[0].balance, payer.balance);
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
