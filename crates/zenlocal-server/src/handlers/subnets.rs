//! vm subnets (docs/decisions.md D-150 to D-154): create, list, rename and delete, in both
//! vm versions; instances join one with CreateInstances' `subnetId`.

pub mod vm {
    use crate::handlers::Cx;
    use zenlocal_core::{subnet, ApiError};
    use zenlocal_store::ops::subnets::{CreateSubnet, DeleteSubnet, RenameSubnets, Subnets};
    use zenlocal_wire::model::common::Empty;
    use zenlocal_wire::model::vm::*;

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
            ids: req.subnet_ids,
            name: req.subnet_name,
        })
        .await?;
        Ok(Empty {})
    }

    pub async fn delete_subnet(cx: &Cx<'_>, req: DeleteSubnetRequest) -> Result<Empty, ApiError> {
        cx.command(DeleteSubnet {
            account_id: cx.account_id.to_owned(),
            id: req.subnet_id,
        })
        .await?;
        Ok(Empty {})
    }
}
