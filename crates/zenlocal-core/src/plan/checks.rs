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
