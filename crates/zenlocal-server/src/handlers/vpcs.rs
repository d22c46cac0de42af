//! bmc VPCs (docs/decisions.md D-220 to D-222): the availability regions, and VPCs made,
//! listed, renamed and deleted in both bmc versions; their subnets are in `subnets`.

pub mod bmc {
    use crate::handlers::Cx;
    use zenlocal_core::{vpc, ApiError};
    use zenlocal_store::ops::vpcs::{CreateVpc, DeleteVpc, RenameVpcs, Vpcs};
    use zenlocal_wire::model::common::Empty;
    use zenlocal_wire::model::vpcs::*;

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
