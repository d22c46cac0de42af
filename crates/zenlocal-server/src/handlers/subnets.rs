//! Subnets: vm's (docs/decisions.md D-150 to D-154) — create, list, rename and delete, in
//! both vm versions — and bmc's (D-223 to D-227), which may be in a VPC and which
//! instances also join and leave after they are made. Instances join one with
//! CreateInstances' `subnetId`.

pub mod vm {
    use crate::handlers::Cx;
    use zenlocal_core::{subnet, ApiError};
    use zenlocal_store::ops::subnets::{CreateSubnet, DeleteSubnet, RenameSubnets, Subnets};
    use zenlocal_wire::model::common::Empty;
    use zenlocal_wire::model::vm::*;
    use zenlocal_wire::Service;

    pub async fn create_subnet(
        cx: &Cx<'_>,
        req: CreateSubnetRequest,
    ) -> Result<CreateSubnetResponse, ApiError> {
        let subnet_id = cx
            .command(CreateSubnet {
                catalog: cx.app.catalog.clone(),
                account_id: cx.account_id.to_owned(),
                zone_id: req.zone_id,
                name: req.subnet_name,
                cidr_block: req.cidr_block,
                description: req.subnet_description,
            })
            .await?;
        Ok(CreateSubnetResponse { subnet_id })
    }

    pub async fn describe_subnets(
        cx: &Cx<'_>,
        req: DescribeSubnetsRequest,
    ) -> Result<DescribeSubnetsResponse, ApiError> {
        let subnets = cx
            .query(Subnets {
                account_id: cx.account_id.to_owned(),
                service: Service::Vm,
            })
            .await?;
        subnet::describe(subnets, &req, cx.version.is_2026())
    }

    pub async fn modify_subnets_attribute(
        cx: &Cx<'_>,
        req: ModifySubnetsAttributeRequest,
    ) -> Result<Empty, ApiError> {
        cx.command(RenameSubnets {
            account_id: cx.account_id.to_owned(),
            service: Service::Vm,
            in_vpcs: Some(false),
            ids: req.subnet_ids,
            name: req.subnet_name,
        })
        .await?;
        Ok(Empty {})
    }

    pub async fn delete_subnet(cx: &Cx<'_>, req: DeleteSubnetRequest) -> Result<Empty, ApiError> {
        cx.command(DeleteSubnet {
            account_id: cx.account_id.to_owned(),
            service: Service::Vm,
            in_vpcs: Some(false),
            id: req.subnet_id,
        })
        .await?;
        Ok(Empty {})
    }
}

pub mod bmc {
    use crate::handlers::Cx;
    use zenlocal_core::{subnet, ApiError};
    use zenlocal_store::ops::subnets::{DeleteSubnet, RenameSubnets};
    use zenlocal_store::ops::vpcs::{
        AssociateSubnetInstances, AssociateVpcSubnet, BmcSubnets, CreateBmcSubnet,
        UnAssociateSubnetInstance,
    };
    use zenlocal_wire::model::common::Empty;
    use zenlocal_wire::model::vpcs::*;
    use zenlocal_wire::Service;

    pub async fn describe_subnet_available_resources(
        cx: &Cx<'_>,
        req: DescribeSubnetAvailableResourcesRequest,
    ) -> Result<DescribeSubnetAvailableResourcesResponse, ApiError> {
        subnet::available_zones(cx.catalog(), &req)
    }

    pub async fn create_subnet(
        cx: &Cx<'_>,
        req: CreateSubnetRequest,
    ) -> Result<CreateSubnetResponse, ApiError> {
        let subnet_id = cx
            .command(CreateBmcSubnet {
                catalog: cx.app.catalog.clone(),
                account_id: cx.account_id.to_owned(),
                zone_id: req.zone_id,
                name: req.subnet_name,
                cidr_block: req.cidr_block,
                resource_group_id: req.resource_group_id,
                vpc_id: req.vpc_id,
            })
            .await?;
        Ok(CreateSubnetResponse { subnet_id })
    }

    pub async fn describe_subnets(
        cx: &Cx<'_>,
        req: DescribeSubnetsRequest,
    ) -> Result<DescribeSubnetsResponse, ApiError> {
        let (subnets, vpcs, groups) = cx
            .query(BmcSubnets {
                account_id: cx.account_id.to_owned(),
            })
            .await?;
        subnet::describe_bmc(subnets, &vpcs, &groups, &req)
    }

    pub async fn modify_subnets_attribute(
        cx: &Cx<'_>,
        req: ModifySubnetsAttributeRequest,
    ) -> Result<Empty, ApiError> {
        cx.command(RenameSubnets {
            account_id: cx.account_id.to_owned(),
            service: Service::Bmc,
            in_vpcs: None,
            ids: req.subnet_ids,
            name: req.subnet_name,
        })
        .await?;
        Ok(Empty {})
    }

    pub async fn delete_subnet(cx: &Cx<'_>, req: DeleteSubnetRequest) -> Result<Empty, ApiError> {
        cx.command(DeleteSubnet {
            account_id: cx.account_id.to_owned(),
            service: Service::Bmc,
            in_vpcs: None,
            id: req.subnet_id,
        })
        .await?;
        Ok(Empty {})
    }

    pub async fn associate_subnet_instances(
        cx: &Cx<'_>,
        req: AssociateSubnetInstancesRequest,
    ) -> Result<Empty, ApiError> {
        cx.command(AssociateSubnetInstances {
            catalog: cx.app.catalog.clone(),
            account_id: cx.account_id.to_owned(),
            subnet_id: req.subnet_id,
            instances: req
                .subnet_instance_list
                .into_iter()
                .map(|i| (i.instance_id, i.private_ip_address))
                .collect(),
        })
        .await?;
        Ok(Empty {})
    }

    pub async fn un_associate_subnet_instance(
        cx: &Cx<'_>,
        req: UnAssociateSubnetInstanceRequest,
    ) -> Result<Empty, ApiError> {
        cx.command(UnAssociateSubnetInstance {
            catalog: cx.app.catalog.clone(),
            account_id: cx.account_id.to_owned(),
            subnet_id: req.subnet_id,
            instance_id: req.instance_id,
        })
        .await?;
        Ok(Empty {})
    }

    pub async fn associate_vpc_subnet(
        cx: &Cx<'_>,
        req: AssociateVpcSubnetRequest,
    ) -> Result<Empty, ApiError> {
        cx.command(AssociateVpcSubnet {
            catalog: cx.app.catalog.clone(),
            account_id: cx.account_id.to_owned(),
            subnet_id: req.subnet_id,
            vpc_id: req.vpc_id,
        })
        .await?;
        Ok(Empty {})
    }
}
