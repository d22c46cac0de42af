//! Plan changes (D-10 to D-19): Modify (upgrades charged now, PREPAID downgrades at the
//! cycle end), Cancel…Downgrade, InquiryPrice and the status of pending changes. Every
//! action but the bandwidth ones (whose field differs) is the same on both services.

use crate::handlers::Cx;
use zenlocal_core::model::{Instance, Item, Target};
use zenlocal_core::plan::{self, Asked, Quote};
use zenlocal_core::view;
use zenlocal_core::ApiError;
use zenlocal_store::ops::{CancelDowngrade, ModifyPlan, OwnedInstance, QuoteInputs};
use zenlocal_wire::model::common::{
    BandwidthPriceResponse, Empty, InstanceIdRequest, InstanceInternetStatus, OrderNumberResponse,
    Price, TrafficPackagePriceResponse, TrafficPackageRequest,
};

fn asked(cx: &Cx<'_>, item: Item) -> Asked {
    Asked {
        service: cx.service(),
        item,
        alias: false,
    }
}

async fn modify(
    cx: &Cx<'_>,
    asked: Asked,
    instance_id: String,
    target: Target,
) -> Result<OrderNumberResponse, ApiError> {
    let order_number = cx
        .command(ModifyPlan {
            catalog: cx.app.catalog.clone(),
            account_id: cx.account_id.to_owned(),
            asked,
            instance_id,
            target,
            timings: cx.app.config.timings,
        })
        .await?;
    Ok(OrderNumberResponse { order_number })
}

async fn cancel(cx: &Cx<'_>, asked: Asked, req: InstanceIdRequest) -> Result<Empty, ApiError> {
    cx.command(CancelDowngrade {
        account_id: cx.account_id.to_owned(),
        asked,
        instance_id: req.instance_id,
    })
    .await?;
    Ok(Empty {})
}

/// What the matching Modify would take at this instant (D-19): one item, and for a
/// traffic package in the 2026 versions the overage price per GB.
async fn quote(
    cx: &Cx<'_>,
    item: Item,
    instance_id: String,
    target: Target,
) -> Result<Vec<Price>, ApiError> {
    let (now, instance, account) = cx
        .query(QuoteInputs {
            account_id: cx.account_id.to_owned(),
            service: cx.service(),
            instance_id,
        })
        .await?;
    let discount = account.discount;
    let (quote, offer) = plan::quote(
        cx.catalog(),
        &instance,
        &account,
        asked(cx, item),
        &target,
        now,
    )?;
    let mut items = vec![match quote {
        Quote::Prepaid { list, pays } => view::prepaid_item(cx.version, discount, list, pays),
        Quote::Hourly { unit } => view::hourly_item(cx.version, discount, unit, Some("Mbps")),
    }];
    if item == Item::TrafficPackage && cx.version.is_2026() {
        items.push(view::overage_item(discount, offer.overage_price_per_gb));
    }
    Ok(items)
}

/// A bandwidth target, checked before the instance is looked up (D-15 step 2); `field`
/// is the service's name for it.
fn bandwidth(field: &str, value: i64) -> Result<Target, ApiError> {
    if value < 1 {
        return Err(ApiError::invalid_parameter(format!(
            "`{field}` must be at least 1"
        )));
    }
    Ok(Target::Bandwidth(value))
}

/// `trafficPackageSize` on the 0.05 grid (D-16), checked before the instance is looked up.
fn package(req: &TrafficPackageRequest) -> Result<Target, ApiError> {
    Ok(Target::TrafficPackage(plan::traffic_package_on_grid(
        req.traffic_package_size,
    )?))
}

async fn owned(cx: &Cx<'_>, req: InstanceIdRequest) -> Result<Instance, ApiError> {
    cx.query(OwnedInstance {
        account_id: cx.account_id.to_owned(),
        service: cx.service(),
        id: req.instance_id,
    })
    .await
}

pub async fn cancel_instance_bandwidth_downgrade(
    cx: &Cx<'_>,
    req: InstanceIdRequest,
) -> Result<Empty, ApiError> {
    cancel(cx, asked(cx, Item::Bandwidth), req).await
}

pub async fn modify_instance_traffic_package(
    cx: &Cx<'_>,
    req: TrafficPackageRequest,
) -> Result<OrderNumberResponse, ApiError> {
    let target = package(&req)?;
    modify(cx, asked(cx, Item::TrafficPackage), req.instance_id, target).await
}

pub async fn cancel_instance_traffic_package_downgrade(
    cx: &Cx<'_>,
    req: InstanceIdRequest,
) -> Result<Empty, ApiError> {
    cancel(cx, asked(cx, Item::TrafficPackage), req).await
}

pub async fn inquiry_price_instance_traffic_package(
    cx: &Cx<'_>,
    req: TrafficPackageRequest,
) -> Result<TrafficPackagePriceResponse, ApiError> {
    let target = package(&req)?;
    let traffic_package_price = quote(cx, Item::TrafficPackage, req.instance_id, target).await?;
    Ok(TrafficPackagePriceResponse {
        traffic_package_price,
    })
}

pub async fn describe_instance_internet_status(
    cx: &Cx<'_>,
    req: InstanceIdRequest,
) -> Result<InstanceInternetStatus, ApiError> {
    Ok(view::internet_status(&owned(cx, req).await?))
}

pub mod bmc {
    use super::*;
    pub use super::{
        cancel_instance_bandwidth_downgrade, cancel_instance_traffic_package_downgrade,
        describe_instance_internet_status, inquiry_price_instance_traffic_package,
        modify_instance_traffic_package,
    };
    use zenlocal_wire::model::bmc::BandwidthRequest;

    pub async fn modify_instance_bandwidth(
        cx: &Cx<'_>,
        req: BandwidthRequest,
    ) -> Result<OrderNumberResponse, ApiError> {
        let target = bandwidth("bandwidthOutMbps", req.bandwidth_out_mbps)?;
        modify(cx, asked(cx, Item::Bandwidth), req.instance_id, target).await
    }

    /// Seed 001's spelling, with its own codes (D-18).
    pub async fn cancel_instance_bandwidth_downdegrade(
        cx: &Cx<'_>,
        req: InstanceIdRequest,
    ) -> Result<Empty, ApiError> {
        let alias = Asked {
            alias: true,
            ..asked(cx, Item::Bandwidth)
        };
        cancel(cx, alias, req).await
    }

    pub async fn inquiry_price_instance_bandwidth(
        cx: &Cx<'_>,
        req: BandwidthRequest,
    ) -> Result<BandwidthPriceResponse, ApiError> {
        let target = bandwidth("bandwidthOutMbps", req.bandwidth_out_mbps)?;
        let bandwidth_price = quote(cx, Item::Bandwidth, req.instance_id, target).await?;
        Ok(BandwidthPriceResponse { bandwidth_price })
    }
}

pub mod vm {
    use super::*;
    pub use super::{
        cancel_instance_bandwidth_downgrade, cancel_instance_traffic_package_downgrade,
        describe_instance_internet_status, inquiry_price_instance_traffic_package,
        modify_instance_traffic_package,
    };
    use zenlocal_wire::model::vm::{
        BandwidthRequest, InstanceTypeStatus, ModifyInstanceTypeRequest,
    };

    pub async fn modify_instance_bandwidth(
        cx: &Cx<'_>,
        req: BandwidthRequest,
    ) -> Result<OrderNumberResponse, ApiError> {
        let target = bandwidth("internetMaxBandwidthOut", req.internet_max_bandwidth_out)?;
        modify(cx, asked(cx, Item::Bandwidth), req.instance_id, target).await
    }

    pub async fn inquiry_price_instance_bandwidth(
        cx: &Cx<'_>,
        req: BandwidthRequest,
    ) -> Result<BandwidthPriceResponse, ApiError> {
        let target = bandwidth("internetMaxBandwidthOut", req.internet_max_bandwidth_out)?;
        let bandwidth_price = quote(cx, Item::Bandwidth, req.instance_id, target).await?;
        Ok(BandwidthPriceResponse { bandwidth_price })
    }

    pub async fn modify_instance_type(
        cx: &Cx<'_>,
        req: ModifyInstanceTypeRequest,
    ) -> Result<OrderNumberResponse, ApiError> {
        let target = Target::Model(req.instance_type_id);
        modify(cx, asked(cx, Item::Model), req.instance_id, target).await
    }

    pub async fn cancel_instance_downgrade(
        cx: &Cx<'_>,
        req: InstanceIdRequest,
    ) -> Result<Empty, ApiError> {
        cancel(cx, asked(cx, Item::Model), req).await
    }

    pub async fn describe_instance_type_status(
        cx: &Cx<'_>,
        req: InstanceIdRequest,
    ) -> Result<InstanceTypeStatus, ApiError> {
        Ok(view::type_status(&owned(cx, req).await?))
    }
}
