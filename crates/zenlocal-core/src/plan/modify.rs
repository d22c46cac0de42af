//! The Modify actions (D-11 to D-15): an upgrade is charged at once for the rest of the
//! cycle and comes into force after the processing time; a PREPAID downgrade is free and
//! scheduled for the cycle end; an equal target changes nothing.

use super::apply::take_effect;
use super::checks::{check_network, check_pending, check_status};
use super::limits::target_plan;
use super::Asked;
use crate::account::Account;
use crate::billing;
use crate::catalog::{Catalog, ChargeType, InternetChargeType, Offer};
use crate::model::{
    Changes, EventKind, Ids, Instance, Item, ItemState, Order, OrderStatus, PendingChange,
    ResourceRef, Target, Timings,
};
use crate::price::{self, Plan};
use crate::time::MONTH_SECONDS;
use crate::{ApiError, Timestamp};
use rust_decimal::Decimal;
use zenlocal_wire::Service;

/// Upgrade or downgrade (D-12): by value, and for models by monthly list price.
pub(super) fn is_downgrade(
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
        || instance.billing.charge_type == ChargeType::Postpaid
        || matches!(target, Target::Bandwidth(v)
            if instance.service == Service::Bmc && within_free(*v) && within_free(instance.bandwidth))
        || (target.item() == Item::Bandwidth
            && instance.internet != InternetChargeType::ByBandwidth)
}

/// The list amount and the amount charged for an immediate PREPAID change now (D-12):
/// the monthly price difference for the rest of the cycle, discounted, rounded to cents.
pub(super) fn upgrade_amounts(
    instance: &Instance,
    old_offer: &Offer,
    new_offer: &Offer,
    new_plan: Plan,
    discount: Decimal,
    now: Timestamp,
) -> (Decimal, Decimal) {
    if instance.billing.charge_type != ChargeType::Prepaid {
        return (Decimal::ZERO, Decimal::ZERO);
    }
    let difference = price::monthly(new_offer, new_plan).total()
        - price::monthly(old_offer, instance.plan()).total();
    let remaining = instance
        .billing
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
/// for an equal target, D-14, and for a bandwidth change of an instance that is not
/// ByBandwidth, which makes no order).
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
    check_pending(&instance, asked)?;
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
    if charge > Decimal::ZERO {
        billing::check_balance(account, charge, "change")?;
    }
    // A bandwidth change of an instance that is not ByBandwidth is immediate and makes
    // no order (section 6.0, D-11); its price does not depend on the bandwidth, so it
    // costs nothing.
    let ordered =
        !(asked.item == Item::Bandwidth && instance.internet != InternetChargeType::ByBandwidth);
    let number = ids.order_number();
    let mut changes = Changes::default();
    let mut order = Order {
        from: instance.current(asked.item).map(|t| t.text()),
        to: Some(target.text()),
        amount: crate::money::round_cents(charge),
        ..Order::new(
            &number,
            &instance.account_id,
            ResourceRef::instance(&instance.id),
            target.order_kind(),
            now,
        )
    };
    if immediate {
        // POSTPAID: the hours started so far are at the old price (D-24).
        let hourly = price::hourly(old_offer, instance.plan()).total();
        billing::accrue(
            &mut instance.billing,
            instance.created_at,
            hourly,
            now,
            true,
        );
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
                    resource: ResourceRef::instance(&instance.id),
                    item: asked.item,
                },
            ));
        }
    } else {
        order.status = OrderStatus::Scheduled;
        order.effective_at = instance.billing.expires_at.unwrap_or(now);
        instance.pending.push(PendingChange {
            state: ItemState::WaitToEnable,
            target: target.clone(),
            order: Some(order.clone()),
        });
    }
    let description = format!("{} change of {}", target.order_kind().name(), instance.id);
    changes.instances.push(instance);
    if !ordered {
        return Ok((changes, None));
    }
    if charge > Decimal::ZERO {
        billing::charge(&mut changes, account, vec![order], &description, now);
    } else {
        changes.orders.push(order);
    }
    Ok((changes, Some(number)))
}
