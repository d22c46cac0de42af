//! Operations and attributes of instances (docs/decisions.md D-121 to D-129): reboot,
//! reinstall, passwords, names and resource groups, renewal, consoles, and the status and
//! capacity lists. Reboot, rename and regroup are the same on both services.

use crate::handlers::Cx;
use zenlocal_core::instance::{Console, Reinstall};
use zenlocal_core::resource_group::ResourceGroup;
use zenlocal_core::ApiError;
use zenlocal_store::ops::{
    ConsoleUrl, RebootInstances, RegroupInstances, ReinstallInstance, RenameInstances,
    ResourceGroups,
};
use zenlocal_wire::model::common::{
    Empty, InstanceIdRequest, InstanceIdsRequest, ModifyInstancesAttributeRequest,
    ModifyInstancesResourceGroupRequest, UrlResponse,
};

/// The caller's resource groups, the default one first (D-125).
pub async fn own_groups(cx: &Cx<'_>) -> Result<Vec<ResourceGroup>, ApiError> {
    cx.query(ResourceGroups {
        account_id: cx.account_id.to_owned(),
        control: false,
    })
    .await
}

pub async fn reboot_instances(cx: &Cx<'_>, req: InstanceIdsRequest) -> Result<Empty, ApiError> {
    cx.command(RebootInstances {
        account_id: cx.account_id.to_owned(),
        service: cx.service(),
        ids: req.instance_ids,
        timings: cx.app.config.timings,
    })
    .await?;
    Ok(Empty {})
}

pub async fn modify_instances_attribute(
    cx: &Cx<'_>,
    req: ModifyInstancesAttributeRequest,
) -> Result<Empty, ApiError> {
    cx.command(RenameInstances {
        account_id: cx.account_id.to_owned(),
        service: cx.service(),
        ids: req.instance_ids,
        name: req.instance_name,
    })
    .await?;
    Ok(Empty {})
}

pub async fn modify_instances_resource_group(
    cx: &Cx<'_>,
    req: ModifyInstancesResourceGroupRequest,
) -> Result<Empty, ApiError> {
    cx.command(RegroupInstances {
        account_id: cx.account_id.to_owned(),
        service: cx.service(),
        ids: req.instance_ids,
        group_id: req.resource_group_id,
    })
    .await?;
    Ok(Empty {})
}

async fn reinstall(cx: &Cx<'_>, instance_id: String, asked: Reinstall) -> Result<Empty, ApiError> {
    cx.command(ReinstallInstance {
        catalog: cx.app.catalog.clone(),
        account_id: cx.account_id.to_owned(),
        service: cx.service(),
        instance_id,
        asked,
        timings: cx.app.config.timings,
    })
    .await?;
    Ok(Empty {})
}

async fn console(
    cx: &Cx<'_>,
    req: InstanceIdRequest,
    console: Console,
) -> Result<UrlResponse, ApiError> {
    let url = cx
        .query(ConsoleUrl {
            account_id: cx.account_id.to_owned(),
            service: cx.service(),
            instance_id: req.instance_id,
            console,
        })
        .await?;
    Ok(UrlResponse { url })
}

pub mod bmc {
    use super::*;
    pub use super::{
        modify_instances_attribute, modify_instances_resource_group, reboot_instances,
    };
    use zenlocal_core::describe;
    use zenlocal_core::model::Setup;
    use zenlocal_store::ops::{RenewInstance, ResetIpmiPassword};
    use zenlocal_wire::model::bmc::*;

    pub async fn reinstall_instance(
        cx: &Cx<'_>,
        req: ReinstallInstanceRequest,
    ) -> Result<Empty, ApiError> {
        let key_id = req
            .key_id
            .or_else(|| req.ssh_keys.and_then(|keys| keys.into_iter().next()));
        let asked = Reinstall {
            image_id: req.image_id,
            ipxe_url: req.ipxe_url,
            hostname: req.hostname,
            name: None,
            password: req.password,
            key_id,
            setup: Setup {
                nic: req.nic,
                raid_config: req.raid_config,
                partitions: req.partitions,
                user_data: req.user_data,
                ..Setup::default()
            },
        };
        reinstall(cx, req.instance_id, asked).await
    }

    pub async fn renew_instance(cx: &Cx<'_>, req: InstanceIdRequest) -> Result<Empty, ApiError> {
        cx.command(RenewInstance {
            catalog: cx.app.catalog.clone(),
            account_id: cx.account_id.to_owned(),
            instance_id: req.instance_id,
        })
        .await?;
        Ok(Empty {})
    }

    pub async fn describe_managed_instances(
        _cx: &Cx<'_>,
        req: DescribeManagedInstancesRequest,
    ) -> Result<DescribeManagedInstancesResponse, ApiError> {
        describe::bmc_managed_instances(&req)
    }

    pub async fn describe_instance_ipmi_url(
        cx: &Cx<'_>,
        req: InstanceIdRequest,
    ) -> Result<UrlResponse, ApiError> {
        console(cx, req, Console::Ipmi).await
    }

    pub async fn reset_instance_ipmi_password(
        cx: &Cx<'_>,
        req: ResetInstanceIpmiPasswordRequest,
    ) -> Result<Empty, ApiError> {
        cx.command(ResetIpmiPassword {
            account_id: cx.account_id.to_owned(),
            instance_id: req.instance_id,
            password: req.password,
        })
        .await?;
        Ok(Empty {})
    }
}

pub mod vm {
    use super::*;
    pub use super::{
        modify_instances_attribute, modify_instances_resource_group, reboot_instances,
    };
    use zenlocal_core::model::Setup;
    use zenlocal_core::{describe, view};
    use zenlocal_store::ops::ResetInstancesPassword;
    use zenlocal_wire::model::common::Nic;
    use zenlocal_wire::model::vm::*;
    use zenlocal_wire::Service;

    pub async fn reset_instance(cx: &Cx<'_>, req: ResetInstanceRequest) -> Result<Empty, ApiError> {
        let nic = (req.wan_name.is_some() || req.lan_name.is_some()).then_some(Nic {
            wan_name: req.wan_name,
            lan_name: req.lan_name,
        });
        let asked = Reinstall {
            image_id: req.image_id,
            ipxe_url: None,
            hostname: None,
            name: req.instance_name,
            password: req.password,
            key_id: req.key_id,
            setup: Setup {
                nic,
                init_script: req.init_script,
                ..Setup::default()
            },
        };
        reinstall(cx, req.instance_id, asked).await
    }

    pub async fn reset_instances_password(
        cx: &Cx<'_>,
        req: ResetInstancesPasswordRequest,
    ) -> Result<Empty, ApiError> {
        cx.command(ResetInstancesPassword {
            account_id: cx.account_id.to_owned(),
            ids: req.instance_ids,
            password: req.password,
            timings: cx.app.config.timings,
        })
        .await?;
        Ok(Empty {})
    }

    pub async fn describe_instances_status(
        cx: &Cx<'_>,
        req: DescribeInstancesStatusRequest,
    ) -> Result<DescribeInstancesStatusResponse, ApiError> {
        let instances = crate::handlers::instances::owned_instances(cx).await?;
        view::vm_instances_status(instances, &req)
    }

    pub async fn describe_vnc_url(
        cx: &Cx<'_>,
        req: InstanceIdRequest,
    ) -> Result<UrlResponse, ApiError> {
        console(cx, req, Console::Vnc).await
    }

    pub async fn describe_vm_inventory_capacity(
        cx: &Cx<'_>,
        req: DescribeVmInventoryCapacityRequest,
    ) -> Result<DescribeVmInventoryCapacityResponse, ApiError> {
        let stock = crate::handlers::catalog::stock_left(cx, Service::Vm).await?;
        describe::vm_inventory_capacity(cx.catalog(), req.zone_id.as_deref(), stock)
    }
}
