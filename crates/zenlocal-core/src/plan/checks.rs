//! What a plan-change action checks about the instance before it looks at the target
//! (D-15 steps 4 to 8), and the codes each action answers with (D-17, D-18).

use super::Asked;
use crate::catalog::InternetChargeType;
use crate::model::{Instance, InstanceStatus, Item, ItemState};
use crate::{codes, ApiError};
use zenlocal_wire::Service;

pub(super) fn error(code: codes::Code, message: impl Into<String>) -> ApiError {
    ApiError::new(code, message)
}

/// D-18: the item is `Processing`.
fn processing_code(asked: Asked) -> codes::Code {
    match (asked.item, asked.service) {
        (Item::Bandwidth, Service::Bmc) => codes::OPERATION_FAILED_INSTANCE_BANDWIDTH_PROCESSING,
        (Item::Bandwidth, Service::Vm | Service::Zbc) => {
            codes::OPERATION_DENIED_INSTANCE_BANDWIDTH_PROCESSING
        }
        (Item::TrafficPackage, _) => codes::OPERATION_DENIED_INSTANCE_TRAFFIC_PACKAGE_PROCESSING,
        (Item::Model, _) => codes::OPERATION_DENIED_INSTANCE_PLAN_PROCESSING,
    }
}

/// D-18: the item is `WaitToEnable`.
fn exist_plan_code(item: Item) -> codes::Code {
    match item {
        Item::Bandwidth => codes::OPERATION_DENIED_INSTANCE_EXIST_PLAN_BANDWIDTH,
        Item::TrafficPackage => codes::OPERATION_FAILED_INSTANCE_EXIST_PLAN_TRAFFIC_PACKAGE,
        Item::Model => codes::OPERATION_DENIED_INSTANCE_EXIST_PLAN,
    }
}

/// D-18: a Cancel with nothing scheduled.
pub(super) fn not_exist_code(asked: Asked) -> codes::Code {
    match asked.item {
        Item::TrafficPackage => codes::OPERATION_DENIED_DOWNGRADE_NOT_EXIST_404,
        Item::Bandwidth if asked.alias => {
            codes::OPERATION_FILED_INSTANCE_NOT_EXIST_PLAN_FIX_BANDWIDTH
        }
        Item::Bandwidth | Item::Model => codes::OPERATION_DENIED_DOWNGRADE_NOT_EXIST,
    }
}

/// D-15 steps 4 and 5: the internet charge type and the package the action needs.
/// `modifying_bandwidth` is true for ModifyInstanceBandwidth, which any charge type may
/// call (immediately, D-11).
pub(super) fn check_network(
    instance: &Instance,
    asked: Asked,
    modifying_bandwidth: bool,
) -> Result<(), ApiError> {
    match asked.item {
        Item::Bandwidth
            if !modifying_bandwidth && instance.internet != InternetChargeType::ByBandwidth =>
        {
            let code = if asked.alias {
                codes::OPERATION_DENIED_INTERNET_CHARGE_TYPE_NOT_BY_FIX_BANDWIDTH
            } else {
                codes::OPERATION_DENIED_INTERNET_CHARGE_TYPE_NOT_SUPPORT
            };
            Err(error(
                code,
                format!("instance `{}` is not ByBandwidth", instance.id),
            ))
        }
        Item::TrafficPackage if instance.internet != InternetChargeType::ByTrafficPackage => {
            Err(error(
                codes::OPERATION_DENIED_INTERNET_CHARGE_TYPE_NOT_SUPPORT,
                format!("instance `{}` is not ByTrafficPackage", instance.id),
            ))
        }
        Item::TrafficPackage if instance.traffic_package.is_none() => Err(error(
            codes::OPERATION_FAILED_INSTANCE_NOT_EXIST_TRAFFIC_PACKAGE,
            format!(
                "instance `{}` holds no traffic package (POSTPAID pays per GB)",
                instance.id
            ),
        )),
        _ => Ok(()),
    }
}

/// D-17 for the Modify actions (D-15 step 6).
pub(super) fn check_status(instance: &Instance, item: Item) -> Result<(), ApiError> {
    match item {
        Item::Bandwidth if instance.status != InstanceStatus::Running => Err(error(
            codes::OPERATION_DENIED_INSTANCE_NOT_RUNNING,
            format!(
                "instance `{}` is {}; bandwidth changes need RUNNING",
                instance.id,
                instance.status.name()
            ),
        )),
        Item::TrafficPackage | Item::Model
            if !matches!(
                instance.status,
                InstanceStatus::Running | InstanceStatus::Stopped
            ) =>
        {
            Err(error(
                codes::OPERATION_DENIED_INSTANCE_STATUS_NOT_SUPPORT,
                format!(
                    "instance `{}` is {}; this change needs RUNNING or STOPPED",
                    instance.id,
                    instance.status.name()
                ),
            ))
        }
        _ => Ok(()),
    }
}

/// D-15 steps 7 and 8: an item with a change pending takes no other.
pub(super) fn check_pending(instance: &Instance, asked: Asked) -> Result<(), ApiError> {
    match instance.pending(asked.item).map(|p| p.state) {
        Some(ItemState::Processing) => Err(error(
            processing_code(asked),
            format!("a change of instance `{}` is being processed", instance.id),
        )),
        Some(ItemState::WaitToEnable) => Err(error(
            exist_plan_code(asked.item),
            format!(
                "instance `{}` has a scheduled downgrade; cancel it first",
                instance.id
            ),
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use crate::account::Account;
    use crate::codes::{self, Code};
    use crate::model::{Instance, InstanceStatus, Target};
    use crate::testing::{account, buy, fields, modify, with_downgrade, T0};
    use crate::Timestamp;
    use rust_decimal::Decimal;
    use zenlocal_wire::Service;

    fn bought(
        service: Service,
        charge: &'static str,
        internet: &'static str,
    ) -> (Instance, Account) {
        buy(
            service,
            &fields(service, charge, internet),
            &account("1000.00", 100),
        )
    }

    fn refused(instance: &Instance, payer: &Account, target: Target) -> Code {
        modify(instance, payer, target, T0.plus(60))
            .unwrap_err()
            .code
    }

    fn stopped(mut instance: Instance, status: InstanceStatus) -> Instance {
        instance.status = status;
        instance
    }

    /// D-17: a bandwidth change needs RUNNING; a package or model change RUNNING or
    /// STOPPED.
    #[test]
    fn each_change_needs_its_statuses() {
        let (i, payer) = bought(Service::Bmc, "PREPAID", "ByTrafficPackage");
        let package = Target::TrafficPackage(Decimal::from(5));
        let stopped_i = stopped(i.clone(), InstanceStatus::Stopped);
        assert_eq!(
            refused(&stopped_i, &payer, Target::Bandwidth(30)),
            codes::OPERATION_DENIED_INSTANCE_NOT_RUNNING
        );
        assert!(modify(&stopped_i, &payer, package.clone(), T0.plus(60)).is_ok());
        let stopping = stopped(i, InstanceStatus::Stopping);
        assert_eq!(
            refused(&stopping, &payer, package),
            codes::OPERATION_DENIED_INSTANCE_STATUS_NOT_SUPPORT
        );
        let (vm, payer) = bought(Service::Vm, "PREPAID", "ByBandwidth");
        let booting = stopped(vm, InstanceStatus::Booting);
        assert_eq!(
            refused(&booting, &payer, Target::Model("g.2c8g".into())),
            codes::OPERATION_DENIED_INSTANCE_STATUS_NOT_SUPPORT
        );
    }

    /// D-15: the internet charge type (step 4) and the package (step 5) are checked before
    /// the status (step 6).
    #[test]
    fn the_charge_type_and_package_come_before_the_status() {
        let (by_bandwidth, payer) = bought(Service::Bmc, "PREPAID", "ByBandwidth");
        let stopping = stopped(by_bandwidth, InstanceStatus::Stopping);
        let package = Target::TrafficPackage(Decimal::from(5));
        let e = modify(&stopping, &payer, package.clone(), T0.plus(60)).unwrap_err();
        assert_eq!(
            e.code,
            codes::OPERATION_DENIED_INTERNET_CHARGE_TYPE_NOT_SUPPORT
        );
        assert_eq!(e.code.status, 403);
        // POSTPAID ByTrafficPackage pays per GB and holds no package (D-18, D-22).
        let (postpaid, payer) = bought(Service::Vm, "POSTPAID", "ByTrafficPackage");
        let stopping = stopped(postpaid, InstanceStatus::Stopping);
        assert_eq!(
            refused(&stopping, &payer, package),
            codes::OPERATION_FAILED_INSTANCE_NOT_EXIST_TRAFFIC_PACKAGE
        );
    }

    /// D-15 steps 7 and 9, D-18: an item that is `Processing` answers its service's
    /// processing code, even for a target equal to the current value.
    #[test]
    fn processing_comes_before_the_equal_target() {
        for (service, code) in [
            (
                Service::Bmc,
                codes::OPERATION_FAILED_INSTANCE_BANDWIDTH_PROCESSING,
            ),
            (
                Service::Vm,
                codes::OPERATION_DENIED_INSTANCE_BANDWIDTH_PROCESSING,
            ),
        ] {
            let (i, payer) = bought(service, "PREPAID", "ByBandwidth");
            let (changes, _) = modify(&i, &payer, Target::Bandwidth(30), T0.plus(60)).unwrap();
            let processing = &changes.instances[0];
            assert_eq!(refused(processing, &payer, Target::Bandwidth(20)), code);
        }
    }

    /// D-15 step 8, D-18: an item with a downgrade scheduled answers its `…EXIST_PLAN…`
    /// code.
    #[test]
    fn a_scheduled_downgrade_answers_the_exist_plan_code() {
        let (scheduled, payer) = with_downgrade(Service::Vm, 10);
        assert_eq!(
            refused(&scheduled, &payer, Target::Bandwidth(40)),
            codes::OPERATION_DENIED_INSTANCE_EXIST_PLAN_BANDWIDTH
        );
    }

    /// D-15 steps 9 and 10: a target beyond the limits is refused as such, even when the
    /// balance could not pay for it either.
    #[test]
    fn limits_come_before_the_balance() {
        let f = fields(Service::Bmc, "PREPAID", "ByBandwidth");
        let (i, broke) = buy(Service::Bmc, &f, &account("219.00", 100));
        let e = modify(&i, &broke, Target::Bandwidth(1001), Timestamp(T0.0 + 60)).unwrap_err();
        assert_eq!(e.code, codes::INVALID_PARAMETER_BANDWIDTH_EXCEED);
        assert_eq!(
            refused(&i, &broke, Target::Bandwidth(1000)),
            codes::OPERATION_DENIED_INSUFFICIENT_BALANCE
        );
    }
}
