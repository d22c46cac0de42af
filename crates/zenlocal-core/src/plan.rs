//! Plan changes (D-10 to D-19): bandwidth, traffic package and (vm) model, each an
//! independent item in one of three states — Enable, Processing (an immediate change
//! under way), WaitToEnable (a PREPAID downgrade scheduled for the cycle end).

use crate::account::{self, Account, TransactionType};
use crate::catalog::{Catalog, ChargeType, InternetChargeType, Offer};
use crate::event::EventKind;
use crate::instance::{self, Changes, Ids, Instance, InstanceStatus, Service, StockDelta, Timings};
use crate::order::{Order, OrderKind, OrderStatus};
use crate::price::{self, Plan};
use crate::time::MONTH_SECONDS;
use crate::{codes, ApiError, Timestamp};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Item {
    Bandwidth,
    TrafficPackage,
    Model,
}

/// A target value of one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "item", content = "value", rename_all = "camelCase")]
pub enum Target {
    Bandwidth(i64),
    TrafficPackage(Decimal),
    Model(String),
}

impl Target {
    pub fn item(&self) -> Item {
        match self {
            Target::Bandwidth(_) => Item::Bandwidth,
            Target::TrafficPackage(_) => Item::TrafficPackage,
            Target::Model(_) => Item::Model,
        }
    }

    fn text(&self) -> String {
        match self {
            Target::Bandwidth(v) => v.to_string(),
            Target::TrafficPackage(v) => v.normalize().to_string(),
            Target::Model(v) => v.clone(),
        }
    }

    fn order_kind(&self) -> OrderKind {
        match self {
            Target::Bandwidth(_) => OrderKind::Bandwidth,
            Target::TrafficPackage(_) => OrderKind::TrafficPackage,
            Target::Model(_) => OrderKind::InstanceType,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ItemState {
    Processing,
    WaitToEnable,
}

impl ItemState {
    pub fn name(self) -> &'static str {
        match self {
            ItemState::Processing => "Processing",
            ItemState::WaitToEnable => "WaitToEnable",
        }
    }
}

/// A change under way or scheduled, with the order it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingChange {
    pub state: ItemState,
    pub target: Target,
    pub order: Option<Order>,
}

/// The value an item has now.
pub fn current(instance: &Instance, item: Item) -> Option<Target> {
    match item {
        Item::Bandwidth => Some(Target::Bandwidth(instance.bandwidth)),
        Item::TrafficPackage => instance.traffic_package.map(Target::TrafficPackage),
        Item::Model => Some(Target::Model(instance.product.clone())),
    }
}

pub fn pending(instance: &Instance, item: Item) -> Option<&PendingChange> {
    instance.pending.iter().find(|p| p.target.item() == item)
}

fn set(instance: &mut Instance, target: &Target) {
    match target {
        Target::Bandwidth(v) => instance.bandwidth = *v,
        Target::TrafficPackage(v) => instance.traffic_package = Some(*v),
        Target::Model(v) => instance.product = v.clone(),
    }
}

/// Which Modify, Cancel or InquiryPrice action is asked, for the codes it answers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Asked {
    pub service: Service,
    pub item: Item,
    /// bmc `CancelInstanceBandwidthDowndegrade`, which has codes of its own (D-18).
    pub alias: bool,
}

fn error(code: codes::Code, message: impl Into<String>) -> ApiError {
    ApiError::new(code, message)
}

fn processing_code(asked: Asked) -> codes::Code {
    match (asked.item, asked.service) {
        (Item::Bandwidth, Service::Bmc) => codes::OPERATION_FAILED_INSTANCE_BANDWIDTH_PROCESSING,
        (Item::Bandwidth, Service::Vm | Service::Zbc) => {
            codes::OPERATION_DENIED_INSTANCE_BANDWIDTH_PROCESSING
        }
        (Item::TrafficPackage, _) => codes::OPERATION_DENIED_INSTANCE_TRAFFIC_PACKAGE_PROCESSING,
        (Item::Model, _) => codes::OPERATION_DENIED_INSTANCE_PLAN_PROCESSING,
    }
}

fn exist_plan_code(item: Item) -> codes::Code {
    match item {
        Item::Bandwidth => codes::OPERATION_DENIED_INSTANCE_EXIST_PLAN_BANDWIDTH,
        Item::TrafficPackage => codes::OPERATION_FAILED_INSTANCE_EXIST_PLAN_TRAFFIC_PACKAGE,
        Item::Model => codes::OPERATION_DENIED_INSTANCE_EXIST_PLAN,
    }
}

fn not_exist_code(asked: Asked) -> codes::Code {
    match asked.item {
        Item::TrafficPackage => codes::OPERATION_DENIED_DOWNGRADE_NOT_EXIST_404,
        Item::Bandwidth if asked.alias => {
            codes::OPERATION_FILED_INSTANCE_NOT_EXIST_PLAN_FIX_BANDWIDTH
        }
        Item::Bandwidth | Item::Model => codes::OPERATION_DENIED_DOWNGRADE_NOT_EXIST,
    }
}

/// D-15 steps 4 and 5: the internet charge type and the package the action needs.
/// `modifying_bandwidth` is true for ModifyInstanceBandwidth, which any charge type may
/// call (immediately, D-11).
fn check_network(
    instance: &Instance,
    asked: Asked,
    modifying_bandwidth: bool,
) -> Result<(), ApiError> {
    match asked.item {
        Item::Bandwidth
            if !modifying_bandwidth && instance.internet != InternetChargeType::ByBandwidth =>
        {
            let code = if asked.alias {
                codes::OPERATION_DENIED_INTERNET_CHARGE_TYPE_NOT_BY_FIX_BANDWIDTH
            } else {
                codes::OPERATION_DENIED_INTERNET_CHARGE_TYPE_NOT_SUPPORT
            };
            Err(error(
                code,
                format!("instance `{}` is not ByBandwidth", instance.id),
            ))
        }
        Item::TrafficPackage if instance.internet != InternetChargeType::ByTrafficPackage => {
            Err(error(
                codes::OPERATION_DENIED_INTERNET_CHARGE_TYPE_NOT_SUPPORT,
                format!("instance `{}` is not ByTrafficPackage", instance.id),
            ))
        }
        Item::TrafficPackage if instance.traffic_package.is_none() => Err(error(
            codes::OPERATION_FAILED_INSTANCE_NOT_EXIST_TRAFFIC_PACKAGE,
            format!(
                "instance `{}` holds no traffic package (POSTPAID pays per GB)",
                instance.id
            ),
        )),
        _ => Ok(()),
    }
}

/// D-17 for the Modify actions.
fn check_status(instance: &Instance, item: Item) -> Result<(), ApiError> {
    match item {
        Item::Bandwidth if instance.status != InstanceStatus::Running => Err(error(
            codes::OPERATION_DENIED_INSTANCE_NOT_RUNNING,
            format!(
                "instance `{}` is {}; bandwidth changes need RUNNING",
                instance.id,
                instance.status.name()
            ),
        )),
        Item::TrafficPackage | Item::Model
            if !matches!(
                instance.status,
                InstanceStatus::Running | InstanceStatus::Stopped
            ) =>
        {
            Err(error(
                codes::OPERATION_DENIED_INSTANCE_STATUS_NOT_SUPPORT,
                format!(
                    "instance `{}` is {}; this change needs RUNNING or STOPPED",
                    instance.id,
                    instance.status.name()
                ),
            ))
        }
        _ => Ok(()),
    }
}

/// Series a model may change between (D-18): within one series, or among c, g and m.
fn series_compatible(from: &str, to: &str) -> bool {
    let series = |m: &str| m.split('.').next().unwrap_or("").to_owned();
    let (a, b) = (series(from), series(to));
    a == b || (["c", "g", "m"].contains(&a.as_str()) && ["c", "g", "m"].contains(&b.as_str()))
}

/// The plan and offer the instance would have with `target` (D-15 step 9 limits).
/// Answers `None` when the target equals the current value.
fn target_plan<'c>(
    catalog: &'c Catalog,
    instance: &Instance,
    target: &Target,
    pending_counts: bool,
) -> Result<Option<(&'c Offer, Plan)>, ApiError> {
    let offer = instance.offer(catalog).ok_or_else(|| {
        error(
            codes::INVALID_INSTANCE_TYPE_ZONE_NO_SELL,
            format!(
                "`{}` is no longer sold in zone `{}`",
                instance.product, instance.zone_id
            ),
        )
    })?;
    let mut plan = instance.plan();
    // Changes of the other items that are pending count too: a bandwidth or package must
    // fit the model the instance is moving to, and a model the bandwidth and package it
    // is moving to.
    let pending = |item| pending(instance, item).filter(|_| pending_counts);
    let moving_to = pending(Item::Model).and_then(|p| match &p.target {
        Target::Model(m) => catalog.vm_offer(&instance.zone_id, m),
        _ => None,
    });
    let max_bandwidth = moving_to.map_or(offer.max_bandwidth, |o| {
        o.max_bandwidth.min(offer.max_bandwidth)
    });
    let max_package = moving_to.map_or(offer.max_traffic_package, |o| {
        o.max_traffic_package.min(offer.max_traffic_package)
    });
    match target {
        Target::Bandwidth(v) => {
            if *v > max_bandwidth {
                return Err(error(
                    codes::INVALID_PARAMETER_BANDWIDTH_EXCEED,
                    format!("bandwidth {v} Mbps exceeds the maximum {max_bandwidth} Mbps"),
                ));
            }
            if *v == instance.bandwidth {
                return Ok(None);
            }
            plan.bandwidth = *v;
            Ok(Some((offer, plan)))
        }
        Target::TrafficPackage(v) => {
            instance::traffic_package_in_range(*v, offer)?;
            if *v > max_package {
                return Err(error(
                    codes::INVALID_PARAMETER_TRAFFIC_PACKAGE_EXCEED,
                    format!("`trafficPackageSize` {v} TB exceeds the maximum {max_package} TB"),
                ));
            }
            if Some(*v) == instance.traffic_package {
                return Ok(None);
            }
            plan.package = Some(*v);
            Ok(Some((offer, plan)))
        }
        Target::Model(model) => {
            let unsupported = |why: &str| {
                error(
                    codes::OPERATION_FAILED_INSTANCE_TYPE_UNSUPPORTED,
                    format!("cannot change `{}` to `{model}`: {why}", instance.product),
                )
            };
            if model == &instance.product {
                return Err(error(
                    codes::INVALID_INSTANCE_TYPE_NOT_CHANGED,
                    format!("instance `{}` already is `{model}`", instance.id),
                ));
            }
            let new_offer = catalog
                .vm_offer(&instance.zone_id, model)
                .ok_or_else(|| unsupported("that model is not sold in the instance's zone"))?;
            if !series_compatible(&instance.product, model) {
                return Err(unsupported(
                    "changes between these series are not supported",
                ));
            }
            if !new_offer.sells(instance.charge_type)
                || !new_offer.internet_charge_types.contains(&instance.internet)
            {
                return Err(unsupported(
                    "the model is not sold with this instance's charge types",
                ));
            }
            let bandwidth = match pending(Item::Bandwidth).map(|p| &p.target) {
                Some(Target::Bandwidth(v)) => plan.bandwidth.max(*v),
                _ => plan.bandwidth,
            };
            let package = match pending(Item::TrafficPackage).map(|p| &p.target) {
                Some(Target::TrafficPackage(v)) => plan.package.map(|p| p.max(*v)),
                _ => plan.package,
            };
            if bandwidth > new_offer.max_bandwidth
                || package.is_some_and(|p| p > new_offer.max_traffic_package)
            {
                return Err(unsupported(
                    "the instance's bandwidth or package exceeds the model's maximum",
                ));
            }
            Ok(Some((new_offer, plan)))
        }
    }
}

/// Upgrade or downgrade (D-12): by value, and for models by monthly list price.
fn is_downgrade(
    instance: &Instance,
    old_offer: &Offer,
    new_offer: &Offer,
    target: &Target,
) -> bool {
    match target {
        Target::Bandwidth(v) => *v < instance.bandwidth,
        Target::TrafficPackage(v) => instance.traffic_package.is_some_and(|p| *v < p),
        Target::Model(_) => new_offer.monthly_price < old_offer.monthly_price,
    }
}

/// Immediate changes (D-11); everything else is a scheduled PREPAID downgrade.
fn is_immediate(instance: &Instance, downgrade: bool, target: &Target, offer: &Offer) -> bool {
    let within_free = |v: i64| v <= offer.free_bandwidth;
    !downgrade
        || instance.charge_type == ChargeType::Postpaid
        || matches!(target, Target::Bandwidth(v)
            if instance.service == Service::Bmc && within_free(*v) && within_free(instance.bandwidth))
        || (target.item() == Item::Bandwidth
            && instance.internet != InternetChargeType::ByBandwidth)
}

/// The list amount and the amount charged for an immediate PREPAID change now (D-12):
/// the monthly price difference for the rest of the cycle, discounted, rounded to cents.
fn upgrade_amounts(
    instance: &Instance,
    old_offer: &Offer,
    new_offer: &Offer,
    new_plan: Plan,
    discount: Decimal,
    now: Timestamp,
) -> (Decimal, Decimal) {
    if instance.charge_type != ChargeType::Prepaid {
        return (Decimal::ZERO, Decimal::ZERO);
    }
    let difference = price::monthly(new_offer, new_plan).total()
        - price::monthly(old_offer, instance.plan()).total();
    let remaining = instance
        .expires_at
        .map_or(0, |e| (e.seconds() - now.seconds()).max(0));
    let list =
        (difference * Decimal::from(remaining) / Decimal::from(MONTH_SECONDS)).max(Decimal::ZERO);
    (
        crate::money::round_cents(list),
        price::charge(list, discount),
    )
}

/// The Modify actions (D-11 to D-15). Answers the changes and the order number (`None`
/// for an equal target, D-14).
#[allow(clippy::too_many_arguments)]
pub fn modify(
    catalog: &Catalog,
    mut instance: Instance,
    account: &Account,
    asked: Asked,
    target: Target,
    timings: Timings,
    ids: &mut dyn Ids,
    now: Timestamp,
) -> Result<(Changes, Option<String>), ApiError> {
    check_network(&instance, asked, asked.item == Item::Bandwidth)?;
    check_status(&instance, asked.item)?;
    match pending(&instance, asked.item).map(|p| p.state) {
        Some(ItemState::Processing) => {
            return Err(error(
                processing_code(asked),
                format!("a change of instance `{}` is being processed", instance.id),
            ))
        }
        Some(ItemState::WaitToEnable) => {
            return Err(error(
                exist_plan_code(asked.item),
                format!(
                    "instance `{}` has a scheduled downgrade; cancel it first",
                    instance.id
                ),
            ))
        }
        None => {}
    }
    let Some((new_offer, new_plan)) = target_plan(catalog, &instance, &target, true)? else {
        return Ok((Changes::default(), None));
    };
    let old_offer = instance.offer(catalog).ok_or_else(ApiError::internal)?;
    let downgrade = is_downgrade(&instance, old_offer, new_offer, &target);
    let immediate = is_immediate(&instance, downgrade, &target, old_offer);
    let (_, charge) = if immediate && !downgrade {
        upgrade_amounts(
            &instance,
            old_offer,
            new_offer,
            new_plan,
            account.discount,
            now,
        )
    } else {
        (Decimal::ZERO, Decimal::ZERO)
    };
    // Only a charge needs the balance: a free change goes through on a negative one
    // (POSTPAID balances may be negative, D-24).
    if charge > Decimal::ZERO && charge > account.balance {
        return Err(error(
            codes::OPERATION_DENIED_INSUFFICIENT_BALANCE,
            format!(
                "the balance {} does not cover the {charge} this change costs",
                account.balance
            ),
        ));
    }
    // A bandwidth change of an instance that is not ByBandwidth is immediate and makes
    // no order (section 6.0, D-11).
    let ordered =
        !(asked.item == Item::Bandwidth && instance.internet != InternetChargeType::ByBandwidth);
    let number = ids.order_number();
    let from = current(&instance, asked.item).map(|t| t.text());
    let mut changes = Changes::default();
    let mut order = Order {
        number: number.clone(),
        account_id: instance.account_id.clone(),
        instance_id: instance.id.clone(),
        kind: target.order_kind(),
        from,
        to: Some(target.text()),
        amount: crate::money::round_cents(charge),
        status: OrderStatus::Paid,
        created_at: now,
        effective_at: now,
    };
    if immediate {
        // POSTPAID: the hours started so far are at the old price (D-24).
        instance::accrue(&mut instance, old_offer, now, true);
        if charge > Decimal::ZERO {
            let (updated, entry) = account::post(
                account,
                TransactionType::Consume,
                charge,
                Some(number.clone()),
                &format!("{} change of {}", target.order_kind().name(), instance.id),
                now,
            );
            changes.accounts.push(updated);
            changes.ledger.push(entry);
        }
        if timings.processing <= 0 {
            take_effect(&mut instance, &target, &mut changes);
        } else {
            instance.pending.push(PendingChange {
                state: ItemState::Processing,
                target: target.clone(),
                order: ordered.then(|| order.clone()),
            });
            changes.events.push((
                now.plus(timings.processing),
                EventKind::ChangeDone {
                    account_id: instance.account_id.clone(),
                    instance_id: instance.id.clone(),
                    item: asked.item,
                },
            ));
        }
    } else {
        order.status = OrderStatus::Scheduled;
        order.effective_at = instance.expires_at.unwrap_or(now);
        instance.pending.push(PendingChange {
            state: ItemState::WaitToEnable,
            target: target.clone(),
            order: Some(order.clone()),
        });
    }
    changes.instances.push(instance);
    if !ordered {
        return Ok((changes, None));
    }
    changes.orders.push(order);
    Ok((changes, Some(number)))
}

/// The Cancel…Downgrade actions (D-15: steps 4, 5, 6 and 8).
pub fn cancel(mut instance: Instance, asked: Asked, now: Timestamp) -> Result<Changes, ApiError> {
    check_network(&instance, asked, false)?;
    if instance.status == InstanceStatus::Recycle {
        return Err(error(
            codes::OPERATION_DENIED_INSTANCE_RECYCLED,
            format!("instance `{}` is in the recycle bin", instance.id),
        ));
    }
    let Some(index) = instance
        .pending
        .iter()
        .position(|p| p.target.item() == asked.item && p.state == ItemState::WaitToEnable)
    else {
        return Err(error(
            not_exist_code(asked),
            format!(
                "instance `{}` has no scheduled downgrade of this kind",
                instance.id
            ),
        ));
    };
    let removed = instance.pending.remove(index);
    let mut changes = Changes::default();
    if let Some(mut order) = removed.order {
        order.status = OrderStatus::Cancelled;
        order.effective_at = now;
        changes.orders.push(order);
    }
    changes.instances.push(instance);
    Ok(changes)
}

/// A price answer of InquiryPrice (D-19).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Quote {
    /// PREPAID: the list amount and what it would cost now (0 for a downgrade or equal).
    Prepaid { list: Decimal, pays: Decimal },
    /// POSTPAID: the hourly price of the component at the target value.
    Hourly { unit: Decimal },
}

/// What the matching Modify would take from the balance at `now` (D-19): steps 4, 5 and 9
/// of D-15 apply; the state of pending changes is ignored.
pub fn quote<'c>(
    catalog: &'c Catalog,
    instance: &Instance,
    account: &Account,
    asked: Asked,
    target: &Target,
    now: Timestamp,
) -> Result<(Quote, &'c Offer), ApiError> {
    check_network(instance, asked, false)?;
    let offer = instance.offer(catalog).ok_or_else(|| {
        // vm InquiryPriceInstanceBandwidth answers this with 404 (ZENLAYER-API.md D23).
        let code = if (asked.service, asked.item) == (Service::Vm, Item::Bandwidth) {
            codes::INVALID_INSTANCE_TYPE_ZONE_NO_SELL_404
        } else {
            codes::INVALID_INSTANCE_TYPE_ZONE_NO_SELL
        };
        error(
            code,
            format!(
                "`{}` is not for sale in zone `{}`",
                instance.product, instance.zone_id
            ),
        )
    })?;
    // Priced from the current values as if nothing were pending (D-15).
    let planned = target_plan(catalog, instance, target, false)?;
    if instance.charge_type == ChargeType::Postpaid {
        let plan = planned.map_or(instance.plan(), |(_, plan)| plan);
        return Ok((
            Quote::Hourly {
                unit: price::hourly(offer, plan).network,
            },
            offer,
        ));
    }
    let zero = Quote::Prepaid {
        list: crate::money::round_cents(Decimal::ZERO),
        pays: crate::money::round_cents(Decimal::ZERO),
    };
    let Some((new_offer, new_plan)) = planned else {
        return Ok((zero, offer));
    };
    if is_downgrade(instance, offer, new_offer, target) {
        return Ok((zero, offer));
    }
    let (list, pays) = upgrade_amounts(instance, offer, new_offer, new_plan, account.discount, now);
    Ok((Quote::Prepaid { list, pays }, offer))
}

/// The instance as it will be once its changes under way finish: a renewal falling within
/// the processing time of a paid change is charged for the plan bought.
pub fn with_processing(instance: &Instance) -> Instance {
    let mut bought = instance.clone();
    for change in instance
        .pending
        .iter()
        .filter(|p| p.state == ItemState::Processing)
    {
        set(&mut bought, &change.target);
    }
    bought
}

/// Applies the scheduled downgrades of an instance at its cycle end (D-13, D-23).
pub fn apply_scheduled(instance: &mut Instance, changes: &mut Changes, at: Timestamp) {
    let scheduled: Vec<PendingChange> = instance
        .pending
        .iter()
        .filter(|p| p.state == ItemState::WaitToEnable)
        .cloned()
        .collect();
    instance
        .pending
        .retain(|p| p.state != ItemState::WaitToEnable);
    for change in scheduled {
        take_effect(instance, &change.target, changes);
        if let Some(mut order) = change.order {
            order.status = OrderStatus::Applied;
            order.effective_at = at;
            changes.orders.push(order);
        }
    }
}

/// Cancels the scheduled downgrades of an instance going to the recycle bin (D-23).
pub fn cancel_scheduled(instance: &mut Instance, changes: &mut Changes, at: Timestamp) {
    for change in instance
        .pending
        .iter()
        .filter(|p| p.state == ItemState::WaitToEnable)
    {
        if let Some(order) = &change.order {
            let mut order = order.clone();
            order.status = OrderStatus::Cancelled;
            order.effective_at = at;
            changes.orders.push(order);
        }
    }
    instance
        .pending
        .retain(|p| p.state != ItemState::WaitToEnable);
}

/// A change comes into force. A model change moves one unit of stock from the old offer
/// to the new one, so that releasing the instance gives back the right one (D-9).
fn take_effect(instance: &mut Instance, target: &Target, changes: &mut Changes) {
    if let Target::Model(model) = target {
        for (product, delta) in [(instance.product.clone(), -1), (model.clone(), 1)] {
            changes.stock.push(StockDelta {
                service: instance.service,
                zone_id: instance.zone_id.clone(),
                product,
                delta,
            });
        }
    }
    set(instance, target);
}

/// An immediate change whose processing time is over (D-11).
pub fn finish(instance: &mut Instance, item: Item, changes: &mut Changes) -> bool {
    let Some(index) = instance
        .pending
        .iter()
        .position(|p| p.state == ItemState::Processing && p.target.item() == item)
    else {
        return false;
    };
    let change = instance.pending.remove(index);
    take_effect(instance, &change.target, changes);
    true
}
