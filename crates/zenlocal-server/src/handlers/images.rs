//! vm custom images (docs/decisions.md D-173 to D-176): made from a stopped instance,
//! counted against the zone's quota, renamed and deleted. DescribeImages, which lists
//! them beside the catalog's, is a catalog action.

use crate::handlers::Cx;
use zenlocal_core::image::Image;
use zenlocal_core::ApiError;
use zenlocal_store::ops::images::Images;

/// The caller's custom images, deleted ones included.
pub async fn own_images(cx: &Cx<'_>) -> Result<Vec<Image>, ApiError> {
    cx.query(Images {
        account_id: cx.account_id.to_owned(),
    })
    .await
}

pub mod vm {
    use super::own_images;
    use crate::handlers::Cx;
    use zenlocal_core::{image, ApiError};
    use zenlocal_store::ops::images::{CreateImage, DeleteImages, ModifyImages};
    use zenlocal_wire::model::common::Empty;
    use zenlocal_wire::model::vm::*;

    pub async fn create_image(
        cx: &Cx<'_>,
        req: CreateImageRequest,
    ) -> Result<CreateImageResponse, ApiError> {
        let image_id = cx
            .command(CreateImage {
                catalog: cx.app.catalog.clone(),
                account_id: cx.account_id.to_owned(),
                instance_id: req.instance_id,
                name: req.image_name,
                description: req.image_description,
                timings: cx.app.config.timings,
            })
            .await?;
        Ok(CreateImageResponse { image_id })
    }

    pub async fn describe_image_quota(
        cx: &Cx<'_>,
        req: DescribeImageQuotaRequest,
    ) -> Result<DescribeImageQuotaResponse, ApiError> {
        image::quota(
            cx.catalog(),
            &own_images(cx).await?,
            req.zone_ids.as_deref(),
        )
    }

    pub async fn modify_images_attributes(
        cx: &Cx<'_>,
        req: ModifyImagesAttributesRequest,
    ) -> Result<Empty, ApiError> {
        cx.command(ModifyImages {
            account_id: cx.account_id.to_owned(),
            ids: req.image_ids,
            name: req.image_name,
            description: req.image_description,
        })
        .await?;
        Ok(Empty {})
    }

    pub async fn delete_images(cx: &Cx<'_>, req: DeleteImagesRequest) -> Result<Empty, ApiError> {
        cx.command(DeleteImages {
            account_id: cx.account_id.to_owned(),
            ids: req.image_ids,
        })
        .await?;
        Ok(Empty {})
    }
}
