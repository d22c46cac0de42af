//! One line per (service, action): decode the request for the version asked, run the
//! core rule (through the store when it touches state), encode the answer.

use crate::App;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::HashMap;
use zenlocal_core::account::Account;
use zenlocal_core::instance::{self, CreateFields, CreateSpec, Instance, Power};
use zenlocal_core::plan::{self, Asked, Item, Quote, Target};
use zenlocal_core::view::{self, InstanceFilter};
use zenlocal_core::{describe, ApiError};
use zenlocal_store::ops::{
    CancelDowngrade, CreateInstances, GetAccount, Instances, Ledger, ModifyPlan, OwnedInstance,
    PowerInstances, ReleaseInstances, StockTaken, TerminateInstance,
};
use zenlocal_wire::decode::decode;
use zenlocal_wire::model::common::{
    BandwidthPriceResponse, Empty, InstanceIdRequest, InstanceIdsRequest, OrderNumberResponse,
    TrafficPackagePriceResponse, TrafficPackageRequest,
};
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

async fn account(app: &App, ctx: &Ctx<'_>) -> Result<Account, ApiError> {
    app.store
        .read(GetAccount(ctx.account_id.to_owned()))
        .await?
        .ok_or_else(|| ApiError::auth("the caller's account no longer exists"))
}

async fn instances(app: &App, ctx: &Ctx<'_>, service: Service) -> Result<Vec<Instance>, ApiError> {
    Ok(app
        .store
        .read(Instances {
            account_id: ctx.account_id.to_owned(),
            service,
        })
        .await?)
}

async fn create(app: &App, ctx: &Ctx<'_>, spec: CreateSpec) -> Result<instance::Created, ApiError> {
    Ok(app
        .store
        .write(CreateInstances {
            catalog: app.catalog.clone(),
            account_id: ctx.account_id.to_owned(),
            spec,
            timings: app.config.timings,
        })
        .await?)
}

/// The offer an inquiry prices: the spec was validated against the same catalog.
fn offer_of<'c>(
    app: &'c App,
    spec: &CreateSpec,
) -> Result<&'c zenlocal_core::catalog::Offer, ApiError> {
    app.catalog
        .offer(spec.service, &spec.zone_id, &spec.product)
        .ok_or_else(ApiError::internal)
}

/// The lifecycle actions both services share, by the service's own name.
async fn lifecycle(
    app: &App,
    ctx: &Ctx<'_>,
    service: Service,
    action: Action,
    body: &[u8],
) -> Result<Vec<u8>, ApiError> {
    match action {
        Action::StartInstances | Action::StopInstances => {
            let req: InstanceIdsRequest = decode(body)?;
            let power = if action == Action::StartInstances {
                Power::Start
            } else {
                Power::Stop
            };
            app.store
                .write(PowerInstances {
                    account_id: ctx.account_id.to_owned(),
                    service,
                    ids: req.instance_ids,
                    action: power,
                    timings: app.config.timings,
                })
                .await?;
        }
        Action::TerminateInstance => {
            let req: InstanceIdRequest = decode(body)?;
            app.store
                .write(TerminateInstance {
                    catalog: app.catalog.clone(),
                    account_id: ctx.account_id.to_owned(),
                    service,
                    id: req.instance_id,
                    timings: app.config.timings,
                })
                .await?;
        }
        Action::ReleaseInstances => {
            let req: InstanceIdsRequest = decode(body)?;
            app.store
                .write(ReleaseInstances {
                    account_id: ctx.account_id.to_owned(),
                    service,
                    ids: req.instance_ids,
                })
                .await?;
        }
        _ => return Err(not_found(ctx, action)),
    }
    reply(ctx, &Empty {})
}

async fn owned(
    app: &App,
    ctx: &Ctx<'_>,
    service: Service,
    id: String,
) -> Result<Instance, ApiError> {
    Ok(app
        .store
        .read(OwnedInstance {
            account_id: ctx.account_id.to_owned(),
            service,
            id,
        })
        .await?)
}

/// `bandwidthOutMbps` (bmc) or `internetMaxBandwidthOut` (vm), checked before the instance
/// is looked up (D-15 step 2).
fn bandwidth_request(service: Service, body: &[u8]) -> Result<(String, i64), ApiError> {
    let (id, value, field) = match service {
        Service::Bmc => {
            let req: bmc::BandwidthRequest = decode(body)?;
            (req.instance_id, req.bandwidth_out_mbps, "bandwidthOutMbps")
        }
        Service::Vm | Service::Zbc => {
            let req: vm::BandwidthRequest = decode(body)?;
            (
                req.instance_id,
                req.internet_max_bandwidth_out,
                "internetMaxBandwidthOut",
            )
        }
    };
    if value < 1 {
        return Err(ApiError::invalid_parameter(format!(
            "`{field}` must be at least 1"
        )));
    }
    Ok((id, value))
}

/// `trafficPackageSize` on the 0.05 grid (D-16), checked before the instance is looked up.
fn package_request(body: &[u8]) -> Result<(String, Decimal), ApiError> {
    let req: TrafficPackageRequest = decode(body)?;
    Ok((
        req.instance_id,
        instance::traffic_package_on_grid(req.traffic_package_size)?,
    ))
}

/// The plan-change actions of both services (D-10 to D-19).
async fn plan_change(
    app: &App,
    ctx: &Ctx<'_>,
    service: Service,
    action: Action,
    body: &[u8],
) -> Result<Vec<u8>, ApiError> {
    let asked = |item, alias| Asked {
        service,
        item,
        alias,
    };
    let modify = |asked: Asked, instance_id: String, target: Target| ModifyPlan {
        catalog: app.catalog.clone(),
        account_id: ctx.account_id.to_owned(),
        asked,
        instance_id,
        target,
        timings: app.config.timings,
    };
    let cancel = |asked: Asked, body: &[u8]| -> Result<CancelDowngrade, ApiError> {
        let req: InstanceIdRequest = decode(body)?;
        Ok(CancelDowngrade {
            account_id: ctx.account_id.to_owned(),
            asked,
            instance_id: req.instance_id,
        })
    };
    match action {
        Action::ModifyInstanceBandwidth => {
            let (id, value) = bandwidth_request(service, body)?;
            let op = modify(asked(Item::Bandwidth, false), id, Target::Bandwidth(value));
            let order_number = app.store.write(op).await?;
            reply(ctx, &OrderNumberResponse { order_number })
        }
        Action::ModifyInstanceTrafficPackage => {
            let (id, value) = package_request(body)?;
            let op = modify(
                asked(Item::TrafficPackage, false),
                id,
                Target::TrafficPackage(value),
            );
            let order_number = app.store.write(op).await?;
            reply(ctx, &OrderNumberResponse { order_number })
        }
        Action::ModifyInstanceType => {
            let req: vm::ModifyInstanceTypeRequest = decode(body)?;
            let op = modify(
                asked(Item::Model, false),
                req.instance_id,
                Target::Model(req.instance_type_id),
            );
            let order_number = app.store.write(op).await?;
            reply(ctx, &OrderNumberResponse { order_number })
        }
        Action::CancelInstanceBandwidthDowngrade
        | Action::CancelInstanceBandwidthDowndegrade
        | Action::CancelInstanceTrafficPackageDowngrade
        | Action::CancelInstanceDowngrade => {
            let asked = match action {
                Action::CancelInstanceBandwidthDowngrade => asked(Item::Bandwidth, false),
                Action::CancelInstanceBandwidthDowndegrade => asked(Item::Bandwidth, true),
                Action::CancelInstanceTrafficPackageDowngrade => asked(Item::TrafficPackage, false),
                _ => asked(Item::Model, false),
            };
            app.store.write(cancel(asked, body)?).await?;
            reply(ctx, &Empty {})
        }
        Action::InquiryPriceInstanceBandwidth | Action::InquiryPriceInstanceTrafficPackage => {
            let (id, target, item) = if action == Action::InquiryPriceInstanceBandwidth {
                let (id, value) = bandwidth_request(service, body)?;
                (id, Target::Bandwidth(value), Item::Bandwidth)
            } else {
                let (id, value) = package_request(body)?;
                (id, Target::TrafficPackage(value), Item::TrafficPackage)
            };
            let now = app.now().await?;
            let instance = owned(app, ctx, service, id).await?;
            let account = account(app, ctx).await?;
            let discount = account.discount;
            let (quote, offer) = plan::quote(
                &app.catalog,
                &instance,
                &account,
                asked(item, false),
                &target,
                now,
            )?;
            let mut items = vec![match quote {
                Quote::Prepaid { list, pays } => {
                    view::prepaid_item(ctx.version, discount, list, pays)
                }
                Quote::Hourly { unit } => {
                    view::hourly_item(ctx.version, discount, unit, Some("Mbps"))
                }
            }];
            if item == Item::Bandwidth {
                return reply(
                    ctx,
                    &BandwidthPriceResponse {
                        bandwidth_price: items,
                    },
                );
            }
            if ctx.version.is_2026() {
                items.push(view::overage_item(discount, offer.overage_price_per_gb));
            }
            reply(
                ctx,
                &TrafficPackagePriceResponse {
                    traffic_package_price: items,
                },
            )
        }
        Action::DescribeInstanceInternetStatus => {
            let req: InstanceIdRequest = decode(body)?;
            let instance = owned(app, ctx, service, req.instance_id).await?;
            reply(ctx, &view::internet_status(&instance))
        }
        Action::DescribeInstanceTypeStatus => {
            let req: InstanceIdRequest = decode(body)?;
            let instance = owned(app, ctx, service, req.instance_id).await?;
            reply(ctx, &view::type_status(&instance))
        }
        _ => Err(not_found(ctx, action)),
    }
}

fn not_found(ctx: &Ctx<'_>, action: Action) -> ApiError {
    ApiError::new(
        codes::INVALID_ACTION_NOT_FOUND,
        format!(
            "action `{}` does not exist on {}",
            action.name(),
            ctx.version.service().name()
        ),
    )
}

fn bmc_fields<'a>(
    req: &'a bmc::CreateInstancesRequest,
    tags: &'a [zenlocal_wire::model::common::Tag],
) -> CreateFields<'a> {
    CreateFields {
        zone_id: &req.zone_id,
        product: &req.instance_type_id,
        image_id: req.image_id.as_deref(),
        ipxe_url: req.ipxe_url.as_deref(),
        name: req.instance_name.as_deref(),
        hostname: req.hostname.as_deref(),
        password: req.password.as_deref(),
        key_id: req.key_id.as_deref().or_else(|| {
            req.ssh_keys
                .as_ref()
                .and_then(|k| k.first())
                .map(String::as_str)
        }),
        resource_group_id: req.resource_group_id.as_deref(),
        charge_type: &req.instance_charge_type,
        period: req.instance_charge_prepaid.as_ref().map(|p| p.period),
        internet_charge_type: &req.internet_charge_type,
        bandwidth: req.internet_max_bandwidth_out,
        traffic_package: req.traffic_package_size,
        count: req.amount,
        tags,
        creating: true,
    }
}

fn vm_fields<'a>(
    req: &'a vm::CreateInstancesRequest,
    tags: &'a [zenlocal_wire::model::common::Tag],
) -> CreateFields<'a> {
    CreateFields {
        zone_id: &req.zone_id,
        product: &req.instance_type,
        image_id: Some(&req.image_id),
        name: req.instance_name.as_deref(),
        password: req.password.as_deref(),
        key_id: req.key_id.as_deref(),
        resource_group_id: req.resource_group_id.as_deref(),
        charge_type: &req.instance_charge_type,
        period: req.instance_charge_prepaid.as_ref().map(|p| p.period),
        internet_charge_type: &req.internet_charge_type,
        bandwidth: req.internet_max_bandwidth_out,
        traffic_package: req.traffic_package_size,
        count: req.instance_count,
        tags,
        creating: true,
        ..Default::default()
    }
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
        (
            Service::Bmc | Service::Vm,
            Action::StartInstances
            | Action::StopInstances
            | Action::TerminateInstance
            | Action::ReleaseInstances,
        ) => {
            let service = version.service();
            lifecycle(app, ctx, service, action, body).await
        }
        (
            Service::Bmc | Service::Vm,
            Action::ModifyInstanceBandwidth
            | Action::CancelInstanceBandwidthDowngrade
            | Action::CancelInstanceBandwidthDowndegrade
            | Action::InquiryPriceInstanceBandwidth
            | Action::ModifyInstanceTrafficPackage
            | Action::CancelInstanceTrafficPackageDowngrade
            | Action::InquiryPriceInstanceTrafficPackage
            | Action::DescribeInstanceInternetStatus
            | Action::ModifyInstanceType
            | Action::CancelInstanceDowngrade
            | Action::DescribeInstanceTypeStatus,
        ) => {
            let service = version.service();
            plan_change(app, ctx, service, action, body).await
        }
        (Service::Bmc, Action::CreateInstances) => {
            let req: bmc::CreateInstancesRequest = decode(body)?;
            let tags = req.tags.clone().map(|t| t.tags).unwrap_or_default();
            let spec = instance::create_spec(catalog, Service::Bmc, &bmc_fields(&req, &tags))?;
            let created = create(app, ctx, spec).await?;
            reply(
                ctx,
                &bmc::CreateInstancesResponse {
                    instance_id_set: created.instance_ids,
                    order_number: version.is_2026().then_some(created.order_number),
                },
            )
        }
        (Service::Vm, Action::CreateInstances) => {
            let req: vm::CreateInstancesRequest = decode(body)?;
            let tags = req.tags.clone().map(|t| t.tags).unwrap_or_default();
            let spec = instance::create_spec(catalog, Service::Vm, &vm_fields(&req, &tags))?;
            let created = create(app, ctx, spec).await?;
            let instances = version.is_2026().then(|| {
                created
                    .instance_ids
                    .iter()
                    .map(|id| vm::CreatedInstance {
                        instance_id: id.clone(),
                        disk_id_set: Vec::new(),
                    })
                    .collect()
            });
            reply(
                ctx,
                &vm::CreateInstancesResponse {
                    order_number: Some(created.order_number),
                    instance_id_set: created.instance_ids,
                    instances,
                },
            )
        }
        (Service::Bmc, Action::DescribeInstances) => {
            let req: bmc::DescribeInstancesRequest = decode(body)?;
            let filter = InstanceFilter {
                instance_ids: req.instance_ids.as_deref(),
                zone_id: req.zone_id.as_deref(),
                resource_group_id: req.resource_group_id.as_deref(),
                product: req.instance_type_id.as_deref(),
                internet_charge_type: req.internet_charge_type.as_deref(),
                image_id: req.image_id.as_deref(),
                unmodelled: req.subnet_id.is_some(),
                status: req.instance_status.as_deref(),
                name: req.instance_name.as_deref(),
                hostname: req.hostname.as_deref(),
                public_ips: req.public_ip_addresses.as_deref(),
                private_ips: req.private_ip_addresses.as_deref(),
                tag_keys: req.tag_keys.as_deref(),
                tags: req.tags.as_deref(),
                page_num: req.page_num,
                page_size: req.page_size,
                ..Default::default()
            };
            let (total_count, page) = filter.select(instances(app, ctx, Service::Bmc).await?)?;
            reply(
                ctx,
                &bmc::DescribeInstancesResponse {
                    total_count,
                    data_set: page
                        .iter()
                        .map(|i| view::bmc_instance_info(catalog, version, i))
                        .collect(),
                },
            )
        }
        (Service::Vm, Action::DescribeInstances) => {
            let req: vm::DescribeInstancesRequest = decode(body)?;
            let filter = InstanceFilter {
                instance_ids: req.instance_ids.as_deref(),
                zone_id: req.zone_id.as_deref(),
                resource_group_id: req.resource_group_id.as_deref(),
                product: req.instance_type.as_deref(),
                internet_charge_type: req.internet_charge_type.as_deref(),
                image_id: req.image_id.as_deref(),
                key_id: req.key_id.as_deref(),
                unmodelled: req.subnet_id.is_some() || req.security_group_id.is_some(),
                status: req.instance_status.as_deref(),
                name: req.instance_name.as_deref(),
                public_ips: req.public_ip_addresses.as_deref(),
                private_ips: req.private_ip_addresses.as_deref(),
                tag_keys: req.tag_keys.as_deref(),
                tags: req.tags.as_deref(),
                page_num: req.page_num,
                page_size: req.page_size,
                ..Default::default()
            };
            let (total_count, page) = filter.select(instances(app, ctx, Service::Vm).await?)?;
            reply(
                ctx,
                &vm::DescribeInstancesResponse {
                    total_count,
                    data_set: page
                        .iter()
                        .map(|i| view::vm_instance_info(catalog, i))
                        .collect(),
                },
            )
        }
        (Service::Bmc, Action::InquiryPriceCreateInstance) => {
            let req: bmc::InquiryPriceCreateInstanceRequest = decode(body)?;
            let fields = CreateFields {
                zone_id: &req.zone_id,
                product: &req.instance_type_id,
                charge_type: &req.instance_charge_type,
                period: req.instance_charge_prepaid.as_ref().map(|p| p.period),
                internet_charge_type: &req.internet_charge_type,
                bandwidth: req.internet_max_bandwidth_out,
                traffic_package: req.traffic_package_size,
                ..Default::default()
            };
            let spec = instance::create_spec(catalog, Service::Bmc, &fields)?;
            let discount = account(app, ctx).await?.discount;
            let offer = offer_of(app, &spec)?;
            reply(
                ctx,
                &view::bmc_create_inquiry(version, offer, &spec, discount),
            )
        }
        (Service::Vm, Action::InquiryPriceCreateInstance) => {
            let req: vm::InquiryPriceCreateInstanceRequest = decode(body)?;
            let fields = CreateFields {
                zone_id: &req.zone_id,
                product: &req.instance_type,
                image_id: req.image_id.as_deref(),
                charge_type: &req.instance_charge_type,
                period: req.instance_charge_prepaid.as_ref().map(|p| p.period),
                internet_charge_type: &req.internet_charge_type,
                bandwidth: req.internet_max_bandwidth_out,
                traffic_package: req.traffic_package_size,
                count: req.instance_count,
                ..Default::default()
            };
            let spec = instance::create_spec(catalog, Service::Vm, &fields)?;
            let discount = account(app, ctx).await?.discount;
            let offer = offer_of(app, &spec)?;
            reply(
                ctx,
                &view::vm_create_inquiry(version, offer, &spec, discount),
            )
        }
        (Service::Zbc, Action::DescribeTransactionHistory) => {
            let req: zbc::DescribeTransactionHistoryRequest = decode(body)?;
            let ledger = app.store.read(Ledger(ctx.account_id.to_owned())).await?;
            reply(
                ctx,
                &view::transaction_history(ctx.account_id, &req, ledger)?,
            )
        }
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
            let taken: HashMap<(String, String), i64> = app
                .store
                .read(StockTaken)
                .await?
                .into_iter()
                .filter(|(service, ..)| *service == Service::Bmc)
                .map(|(_, zone, product, taken)| ((zone, product), taken))
                .collect();
            let answer = describe::bmc_available_resources(catalog, &req, |zone, offer| {
                let used = taken
                    .get(&(zone.to_owned(), offer.product.clone()))
                    .copied()
                    .unwrap_or(0);
                (offer.stock - used).max(0)
            })?;
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
            let account = account(app, ctx).await?;
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
