//! VPCs: bmc's (docs/decisions.md D-220 to D-222) — the availability regions, and VPCs
//! made, listed, renamed and deleted in both bmc versions; their subnets are in
//! `subnets` — and vm's with their subnets (D-228 to D-231), in vm 2023-03-13 only, as in
//! the SDK.

pub mod bmc {
    use crate::handlers::Cx;
    use zenlocal_core::{vpc, ApiError};
    use zenlocal_store::ops::vpcs::{CreateVpc, DeleteVpc, RenameVpcs, Vpcs};
    use zenlocal_wire::model::common::Empty;
    use zenlocal_wire::model::vpcs::*;
    use zenlocal_wire::Service;

    pub async fn describe_vpc_available_regions(
        cx: &Cx<'_>,
        req: DescribeVpcAvailableRegionsRequest,
    ) -> Result<DescribeVpcAvailableRegionsResponse, ApiError> {
        vpc::describe_regions(cx.catalog(), &req)
    }

    pub async fn create_vpc(
        cx: &Cx<'_>,
        req: CreateVpcRequest,
    ) -> Result<CreateVpcResponse, ApiError> {
        let vpc_id = cx
            .command(CreateVpc {
                catalog: cx.app.catalog.clone(),
                account_id: cx.account_id.to_owned(),
                region_id: req.vpc_region_id,
                name: req.vpc_name,
                cidr_block: req.cidr_block,
                resource_group_id: req.resource_group_id,
                tags: req.tags.map(|t| t.tags).unwrap_or_default(),
            })
            .await?;
        Ok(CreateVpcResponse { vpc_id })
    }

    pub async fn describe_vpcs(
        cx: &Cx<'_>,
        req: DescribeVpcsRequest,
    ) -> Result<DescribeVpcsResponse, ApiError> {
        let (vpcs, groups) = cx
            .query(Vpcs {
                account_id: cx.account_id.to_owned(),
            })
            .await?;
        vpc::describe(cx.catalog(), &groups, vpcs, &req)
    }

    pub async fn modify_vpcs_attribute(
        cx: &Cx<'_>,
        req: ModifyVpcsAttributeRequest,
    ) -> Result<Empty, ApiError> {
        cx.command(RenameVpcs {
            account_id: cx.account_id.to_owned(),
            service: Service::Bmc,
            ids: req.vpc_ids,
            name: req.vpc_name,
        })
        .await?;
        Ok(Empty {})
    }

    pub async fn delete_vpc(cx: &Cx<'_>, req: DeleteVpcRequest) -> Result<Empty, ApiError> {
        cx.command(DeleteVpc {
            account_id: cx.account_id.to_owned(),
            id: req.vpc_id,
        })
        .await?;
        Ok(Empty {})
    }
}

pub mod vm {
    use crate::handlers::Cx;
    use zenlocal_core::{subnet, ApiError};
    use zenlocal_store::ops::subnets::{DeleteSubnet, RenameSubnets, Subnets};
    use zenlocal_store::ops::vpcs::{
        CreateVmVpc, CreateVpcSubnet, DeleteVmVpc, RenameVpcs, VmVpcs,
    };
    use zenlocal_wire::model::common::Empty;
    use zenlocal_wire::model::vm::*;
    use zenlocal_wire::Service;

    pub async fn create_vpc(
        cx: &Cx<'_>,
        req: CreateVpcRequest,
    ) -> Result<CreateVpcResponse, ApiError> {
        let vpc_id = cx
            .command(CreateVmVpc {
                catalog: cx.app.catalog.clone(),
                account_id: cx.account_id.to_owned(),
                zone_id: req.zone_id,
                name: req.vpc_name,
                cidr_block: req.vpc_cidr_block,
                subnet_name: req.subnet_name,
                subnet_cidr_block: req.subnet_cidr_block,
            })
            .await?;
        Ok(CreateVpcResponse { vpc_id })
    }

    pub async fn describe_vpcs(
        cx: &Cx<'_>,
        req: DescribeVpcsRequest,
    ) -> Result<DescribeVpcsResponse, ApiError> {
        let (vpcs, subnets) = cx
            .query(VmVpcs {
                account_id: cx.account_id.to_owned(),
            })
            .await?;
        subnet::describe_vm_vpcs(vpcs, &subnets, &req)
    }

    pub async fn modify_vpcs_attribute(
        cx: &Cx<'_>,
        req: ModifyVpcsAttributeRequest,
    ) -> Result<Empty, ApiError> {
        cx.command(RenameVpcs {
            account_id: cx.account_id.to_owned(),
            service: Service::Vm,
            ids: req.vpc_ids,
            name: req.vpc_name,
        })
        .await?;
        Ok(Empty {})
    }

    pub async fn delete_vpc(cx: &Cx<'_>, req: DeleteVpcRequest) -> Result<Empty, ApiError> {
        cx.command(DeleteVmVpc {
            account_id: cx.account_id.to_owned(),
            id: req.vpc_id,
        })
        .await?;
        Ok(Empty {})
    }

    pub async fn create_vpc_subnet(
        cx: &Cx<'_>,
        req: CreateVpcSubnetRequest,
    ) -> Result<CreateVpcSubnetResponse, ApiError> {
        let subnet_id = cx
            .command(CreateVpcSubnet {
                account_id: cx.account_id.to_owned(),
                vpc_id: req.vpc_id,
                name: req.subnet_name,
                cidr_block: req.cidr_block,
            })
            .await?;
        Ok(CreateVpcSubnetResponse { subnet_id })
    }

    pub async fn describe_vpc_subnets(
        cx: &Cx<'_>,
        req: DescribeVpcSubnetsRequest,
    ) -> Result<DescribeVpcSubnetsResponse, ApiError> {
        let subnets = cx
            .query(Subnets {
                account_id: cx.account_id.to_owned(),
                service: Service::Vm,
            })
            .await?;
        subnet::describe_in_vpcs(subnets, &req)
    }

    pub async fn modify_vpc_subnets_attribute(
        cx: &Cx<'_>,
        req: ModifyVpcSubnetsAttributeRequest,
    ) -> Result<Empty, ApiError> {
        cx.command(RenameSubnets {
            account_id: cx.account_id.to_owned(),
            service: Service::Vm,
            in_vpcs: Some(true),
            ids: req.subnet_ids,
            name: req.subnet_name,
        })
        .await?;
        Ok(Empty {})
    }

    pub async fn delete_vpc_subnet(
        cx: &Cx<'_>,
        req: DeleteSubnetRequest,
    ) -> Result<Empty, ApiError> {
        cx.command(DeleteSubnet {
            account_id: cx.account_id.to_owned(),
            service: Service::Vm,
            in_vpcs: Some(true),
            id: req.subnet_id,
        })
        .await?;
        Ok(Empty {})
    }
}
