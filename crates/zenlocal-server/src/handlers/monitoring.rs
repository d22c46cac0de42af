//! Monitoring (docs/decisions.md D-130 to D-133): an instance's public traffic as the
//! meter recorded it, a virtual machine's CPU, a bare-metal server's hardware health.

use crate::handlers::Cx;
use zenlocal_core::{view, ApiError};
use zenlocal_store::ops::{Monitored, MonitoringInputs};
use zenlocal_wire::model::common::{InstanceTrafficResponse, InstanceWindowRequest};

/// The caller's instance of the service, its traffic over the window, and `now`.
async fn monitored(cx: &Cx<'_>, req: InstanceWindowRequest) -> Result<Monitored, ApiError> {
    cx.query(MonitoringInputs {
        account_id: cx.account_id.to_owned(),
        service: cx.service(),
        instance_id: req.instance_id,
        start_time: req.start_time,
        end_time: req.end_time,
    })
    .await
}

/// DescribeInstanceTraffic of both services (D-132).
pub async fn describe_instance_traffic(
    cx: &Cx<'_>,
    req: InstanceWindowRequest,
) -> Result<InstanceTrafficResponse, ApiError> {
    let (now, window, instance, stretches) = monitored(cx, req).await?;
    Ok(view::instance_traffic(&instance, stretches, window, now))
}

pub mod bmc {
    pub use super::describe_instance_traffic;
    use crate::handlers::Cx;
    use zenlocal_core::{view, ApiError};
    use zenlocal_store::ops::HealthInputs;
    use zenlocal_wire::model::bmc::*;
    use zenlocal_wire::model::common::{InstanceTrafficResponse, InstanceWindowRequest};

    /// A managed instance is one of the caller's bare-metal instances (D-133).
    pub async fn describe_managed_instance_traffic(
        cx: &Cx<'_>,
        req: InstanceWindowRequest,
    ) -> Result<InstanceTrafficResponse, ApiError> {
        describe_instance_traffic(cx, req).await
    }

    pub async fn describe_instances_monitor_health(
        cx: &Cx<'_>,
        req: DescribeInstancesMonitorHealthRequest,
    ) -> Result<DescribeInstancesMonitorHealthResponse, ApiError> {
        let instances = cx
            .query(HealthInputs {
                account_id: cx.account_id.to_owned(),
                ids: req.instance_ids,
            })
            .await?;
        Ok(DescribeInstancesMonitorHealthResponse {
            monitor_health_list: instances.iter().map(view::instance_health).collect(),
        })
    }
}

pub mod vm {
    pub use super::describe_instance_traffic;
    use super::monitored;
    use crate::handlers::Cx;
    use zenlocal_core::{view, ApiError};
    use zenlocal_wire::model::common::InstanceWindowRequest;
    use zenlocal_wire::model::vm::DescribeInstanceCpuMonitorResponse;

    pub async fn describe_instance_cpu_monitor(
        cx: &Cx<'_>,
        req: InstanceWindowRequest,
    ) -> Result<DescribeInstanceCpuMonitorResponse, ApiError> {
        let (now, window, instance, _) = monitored(cx, req).await?;
        Ok(view::cpu_monitor(&instance, window, now))
    }
}
