//! One line per (service, action): decode the request for the version asked, run the
//! core rule (through the store when it touches state), encode the answer.

use crate::App;
use rust_decimal::Decimal;
use serde::Serialize;
use zenlocal_core::{describe, ApiError};
use zenlocal_store::ops::GetAccount;
use zenlocal_store::StoreError;
use zenlocal_wire::decode::decode;
use zenlocal_wire::model::{bmc, vm, zbc};
use zenlocal_wire::{codes, envelope, Action, Service, Version};

/// What every action knows about its request.
pub struct Ctx<'a> {
    pub request_id: &'a str,
    pub version: Version,
    pub account_id: &'a str,
}

fn reply<T: Serialize>(ctx: &Ctx<'_>, body: &T) -> Result<Vec<u8>, ApiError> {
    envelope::success(ctx.request_id, body).map_err(|e| {
        ApiError::new(
            codes::INTERNAL_SERVER_ERROR,
            format!("encoding the answer: {e}"),
        )
    })
}

pub async fn dispatch(
    app: &App,
    ctx: &Ctx<'_>,
    action: Action,
    body: &[u8],
) -> Result<Vec<u8>, ApiError> {
    let catalog = &app.catalog;
    let version = ctx.version;
    match (version.service(), action) {
        (Service::Bmc, Action::DescribeZones) => {
            let req: bmc::DescribeZonesRequest = decode(body)?;
            reply(ctx, &describe::bmc_zones(catalog, version, &req))
        }
        (Service::Bmc, Action::DescribeInstanceTypes) => {
            let req: bmc::DescribeInstanceTypesRequest = decode(body)?;
            reply(ctx, &describe::bmc_instance_types(catalog, version, &req))
        }
        (Service::Bmc, Action::DescribeAvailableResources) => {
            let req: bmc::DescribeAvailableResourcesRequest = decode(body)?;
            let answer = describe::bmc_available_resources(catalog, &req, |_, offer| offer.stock)?;
            reply(ctx, &answer)
        }
        (Service::Bmc, Action::DescribeImages) => {
            let req: bmc::DescribeImagesRequest = decode(body)?;
            reply(ctx, &describe::bmc_images(catalog, &req))
        }
        (Service::Vm, Action::DescribeZones) => {
            let req: vm::DescribeZonesRequest = decode(body)?;
            reply(ctx, &describe::vm_zones(catalog, version, &req))
        }
        (Service::Vm, Action::DescribeZoneInstanceConfigInfos) => {
            let req: vm::DescribeZoneInstanceConfigInfosRequest = decode(body)?;
            reply(
                ctx,
                &describe::vm_zone_instance_config_infos(catalog, &req)?,
            )
        }
        (Service::Vm, Action::DescribeImages) => {
            let req: vm::DescribeImagesRequest = decode(body)?;
            reply(ctx, &describe::vm_images(catalog, &req)?)
        }
        (Service::Zbc, Action::DescribeCustomerBalance) => {
            let _: zbc::DescribeCustomerBalanceRequest = decode(body)?;
            let account = app
                .store
                .read(GetAccount(ctx.account_id.to_owned()))
                .await
                .map_err(StoreError::into_api)?
                .ok_or_else(|| ApiError::auth("the caller's account no longer exists"))?;
            reply(
                ctx,
                &zbc::DescribeCustomerBalanceResponse {
                    account_uid: account.id,
                    cash_balance: account.balance,
                    credit_value: Decimal::ZERO,
                    purchasing_power: account.balance,
                    order_frozen_amount: Decimal::ZERO,
                },
            )
        }
        (service, action) => Err(ApiError::new(
            codes::INVALID_ACTION_NOT_FOUND,
            format!(
                "action `{}` does not exist on {}",
                action.name(),
                service.name()
            ),
        )),
    }
}
