//! vm disks (docs/decisions.md D-160 to D-169): bought on their own or with an instance,
//! attached, detached and moved, grown, renewed, recycled and released.

pub mod vm {
    use crate::handlers::Cx;
    use zenlocal_core::disk::{self, Naming, PurchaseFields};
    use zenlocal_core::plan::Quote;
    use zenlocal_core::{view, ApiError};
    use zenlocal_store::ops::disks::{
        AttachDisks, CreateDisks, DetachDisks, DiskEdit, DisksAsked, DisksView, ModifyDisks,
        ReleaseDisk, RenewDisk, ResizeDisk, TerminateDisk,
    };
    use zenlocal_wire::model::common::Empty;
    use zenlocal_wire::model::vm::*;

    pub async fn create_disks(
        cx: &Cx<'_>,
        req: CreateDisksRequest,
    ) -> Result<CreateDisksResponse, ApiError> {
        disk::check_name(&req.disk_name)?;
        let (disk_ids, order_number) = cx
            .command(CreateDisks {
                catalog: cx.app.catalog.clone(),
                account_id: cx.account_id.to_owned(),
                asked: DisksAsked {
                    charge_type: req.charge_type,
                    period: req.charge_prepaid.map(|p| p.period),
                    size: req.disk_size,
                    category: req.disk_category,
                    zone_id: req.zone_id,
                    amount: req.disk_amount,
                },
                naming: Naming {
                    name: req.disk_name,
                    resource_group_id: req.resource_group_id,
                    tags: req.tags.map(|t| t.tags).unwrap_or_default(),
                },
                instance_id: req.instance_id,
                timings: cx.app.config.timings,
            })
            .await?;
        Ok(CreateDisksResponse {
            disk_ids,
            order_number,
        })
    }

    pub async fn inquiry_price_create_disks(
        cx: &Cx<'_>,
        req: InquiryPriceCreateDisksRequest,
    ) -> Result<InquiryPriceCreateDisksResponse, ApiError> {
        let purchase = disk::purchase(
            cx.catalog(),
            &PurchaseFields {
                zone_id: &req.zone_id,
                category: req.disk_category.as_deref(),
                size: req.disk_size,
                amount: req.disk_amount,
                charge_type: &req.charge_type,
                period: req.charge_prepaid.map(|p| p.period),
            },
        )?;
        let discount = cx.account().await?.discount;
        let data_disk_price = match disk::quote(cx.catalog(), &purchase, discount)? {
            Quote::Prepaid { list, pays } => view::prepaid_item(cx.version, discount, list, pays),
            Quote::Hourly { unit } => view::hourly_item(cx.version, discount, unit, Some("GB")),
        };
        Ok(InquiryPriceCreateDisksResponse { data_disk_price })
    }

    pub async fn describe_disks(
        cx: &Cx<'_>,
        req: DescribeDisksRequest,
    ) -> Result<DescribeDisksResponse, ApiError> {
        let (disks, instances) = cx
            .query(DisksView {
                account_id: cx.account_id.to_owned(),
            })
            .await?;
        disk::describe(&req, disks, &instances)
    }

    pub async fn describe_disk_category(
        cx: &Cx<'_>,
        req: DescribeDiskCategoryRequest,
    ) -> Result<DescribeDiskCategoryResponse, ApiError> {
        disk::categories(cx.catalog(), &req)
    }

    async fn attach(cx: &Cx<'_>, req: AttachDisksRequest, moving: bool) -> Result<Empty, ApiError> {
        cx.command(AttachDisks {
            account_id: cx.account_id.to_owned(),
            ids: req.disk_ids,
            instance_id: req.instance_id,
            moving,
            timings: cx.app.config.timings,
        })
        .await?;
        Ok(Empty {})
    }

    pub async fn attach_disks(cx: &Cx<'_>, req: AttachDisksRequest) -> Result<Empty, ApiError> {
        attach(cx, req, false).await
    }

    pub async fn change_disks_attach(
        cx: &Cx<'_>,
        req: AttachDisksRequest,
    ) -> Result<Empty, ApiError> {
        attach(cx, req, true).await
    }

    pub async fn detach_disks(cx: &Cx<'_>, req: DetachDisksRequest) -> Result<Empty, ApiError> {
        cx.command(DetachDisks {
            account_id: cx.account_id.to_owned(),
            ids: req.disk_ids,
            timings: cx.app.config.timings,
        })
        .await?;
        Ok(Empty {})
    }

    async fn modify(cx: &Cx<'_>, ids: Vec<String>, edit: DiskEdit) -> Result<Empty, ApiError> {
        cx.command(ModifyDisks {
            account_id: cx.account_id.to_owned(),
            ids,
            edit,
        })
        .await?;
        Ok(Empty {})
    }

    pub async fn modify_disks_attributes(
        cx: &Cx<'_>,
        req: ModifyDisksAttributesRequest,
    ) -> Result<Empty, ApiError> {
        modify(cx, req.disk_ids, DiskEdit::Name(req.disk_name)).await
    }

    pub async fn modify_disks_resource_group(
        cx: &Cx<'_>,
        req: ModifyDisksResourceGroupRequest,
    ) -> Result<Empty, ApiError> {
        modify(
            cx,
            req.disk_ids,
            DiskEdit::ResourceGroup(req.resource_group_id),
        )
        .await
    }

    pub async fn resize_disk(cx: &Cx<'_>, req: ResizeDiskRequest) -> Result<Empty, ApiError> {
        cx.command(ResizeDisk {
            catalog: cx.app.catalog.clone(),
            account_id: cx.account_id.to_owned(),
            id: req.disk_id,
            size: req.disk_size,
            timings: cx.app.config.timings,
        })
        .await?;
        Ok(Empty {})
    }

    pub async fn renew_disk(
        cx: &Cx<'_>,
        req: DiskIdRequest,
    ) -> Result<RenewDiskResponse, ApiError> {
        let order_number = cx
            .command(RenewDisk {
                catalog: cx.app.catalog.clone(),
                account_id: cx.account_id.to_owned(),
                id: req.disk_id,
            })
            .await?;
        Ok(RenewDiskResponse { order_number })
    }

    pub async fn terminate_disk(cx: &Cx<'_>, req: DiskIdRequest) -> Result<Empty, ApiError> {
        cx.command(TerminateDisk {
            catalog: cx.app.catalog.clone(),
            account_id: cx.account_id.to_owned(),
            id: req.disk_id,
            timings: cx.app.config.timings,
        })
        .await?;
        Ok(Empty {})
    }

    pub async fn release_disk(cx: &Cx<'_>, req: DiskIdRequest) -> Result<Empty, ApiError> {
        cx.command(ReleaseDisk {
            account_id: cx.account_id.to_owned(),
            id: req.disk_id,
        })
        .await?;
        Ok(Empty {})
    }
}
