//! Zones, models, offers and images: answers from the catalog (D-9), plus the stock taken
//! for DescribeAvailableResources and the caller's custom images for vm DescribeImages.

use crate::handlers::Cx;
use std::collections::HashMap;
use zenlocal_core::catalog::Offer;
use zenlocal_core::ApiError;
use zenlocal_store::ops::StockTaken;
use zenlocal_wire::Service;

/// What is left of each offer of `service` in a zone: its stock less what is taken.
pub async fn stock_left(
    cx: &Cx<'_>,
    service: Service,
) -> Result<impl Fn(&str, &Offer) -> i64, ApiError> {
    let taken: HashMap<(String, String), i64> = cx
        .query(StockTaken)
        .await?
        .into_iter()
        .filter(|(s, ..)| *s == service)
        .map(|(_, zone, product, taken)| ((zone, product), taken))
        .collect();
    Ok(move |zone: &str, offer: &Offer| {
        let used = taken
            .get(&(zone.to_owned(), offer.product.clone()))
            .copied()
            .unwrap_or(0);
        (offer.stock - used).max(0)
    })
}

pub mod bmc {
    use super::stock_left;
    use crate::handlers::Cx;
    use zenlocal_core::{describe, ApiError};
    use zenlocal_wire::model::bmc::*;
    use zenlocal_wire::Service;

    pub async fn describe_zones(
        cx: &Cx<'_>,
        req: DescribeZonesRequest,
    ) -> Result<DescribeZonesResponse, ApiError> {
        Ok(describe::bmc_zones(cx.catalog(), cx.version, &req))
    }

    pub async fn describe_instance_types(
        cx: &Cx<'_>,
        req: DescribeInstanceTypesRequest,
    ) -> Result<DescribeInstanceTypesResponse, ApiError> {
        Ok(describe::bmc_instance_types(cx.catalog(), cx.version, &req))
    }

    pub async fn describe_available_resources(
        cx: &Cx<'_>,
        req: DescribeAvailableResourcesRequest,
    ) -> Result<DescribeAvailableResourcesResponse, ApiError> {
        let stock = stock_left(cx, Service::Bmc).await?;
        describe::bmc_available_resources(cx.catalog(), &req, stock)
    }

    pub async fn describe_images(
        cx: &Cx<'_>,
        req: DescribeImagesRequest,
    ) -> Result<DescribeImagesResponse, ApiError> {
        describe::bmc_images(cx.catalog(), &req)
    }
}

pub mod vm {
    use crate::handlers::images::own_images;
    use crate::handlers::Cx;
    use zenlocal_core::{describe, image, ApiError};
    use zenlocal_wire::model::vm::*;

    pub async fn describe_zones(
        cx: &Cx<'_>,
        req: DescribeZonesRequest,
    ) -> Result<DescribeZonesResponse, ApiError> {
        Ok(describe::vm_zones(cx.catalog(), cx.version, &req))
    }

    pub async fn describe_zone_instance_config_infos(
        cx: &Cx<'_>,
        req: DescribeZoneInstanceConfigInfosRequest,
    ) -> Result<DescribeZoneInstanceConfigInfosResponse, ApiError> {
        describe::vm_zone_instance_config_infos(cx.catalog(), &req)
    }

    /// The catalog's images and the caller's custom ones (D-176).
    pub async fn describe_images(
        cx: &Cx<'_>,
        req: DescribeImagesRequest,
    ) -> Result<DescribeImagesResponse, ApiError> {
        let custom = image::listed(&own_images(cx).await?, req.zone_id.as_deref());
        describe::vm_images(cx.catalog(), &custom, &req)
    }
}
