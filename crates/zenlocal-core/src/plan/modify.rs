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

/// Whether a change of `instance` to `target` would be charged at once (D-11, D-12): an
/// immediate upgrade of a PREPAID instance. Only such a change needs the caller's account,
/// so only it reads and locks the account (D-235). A change refused for its target is
/// not charged.
pub fn charges_now(catalog: &Catalog, instance: &Instance, target: &Target) -> bool {
    let Ok(Some((new_offer, _))) = target_plan(catalog, instance, target, true) else {
        return false;
    };
    let Some(old_offer) = instance.offer(catalog) else {
        return false;
    };
    let downgrade = is_downgrade(instance, old_offer, new_offer, target);
    let immediate = is_immediate(instance, downgrade, target, old_offer);
    charged_at_once(instance, downgrade, immediate)
}

fn charged_at_once(instance: &Instance, downgrade: bool, immediate: bool) -> bool {
    instance.billing.charge_type == ChargeType::Prepaid && immediate && !downgrade
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
    price::prorated(difference, instance.billing.expires_at, discount, now)
}

/// The Modify actions (D-11 to D-15). Answers the changes and the order number (`None`
/// for an equal target, D-14, and for a bandwidth change of an instance that is not
/// ByBandwidth, which makes no order). `account`, the caller's, is needed only where
/// [`charges_now`] says so (D-235).
#[allow(clippy::too_many_arguments)]
pub fn modify(
    catalog: &Catalog,
    mut instance: Instance,
    account: Option<&Account>,
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
    // Only a charge needs the account and its balance: a free change goes through on a
    // negative one (POSTPAID balances may be negative, D-24).
    let payer = if charged_at_once(&instance, downgrade, immediate) {
        Some(account.ok_or_else(ApiError::internal)?)
    } else {
        None
    };
    let (_, charge) = match payer {
        Some(payer) => upgrade_amounts(
            &instance,
            old_offer,
            new_offer,
            new_plan,
            payer.discount,
            now,
        ),
        None => (Decimal::ZERO, Decimal::ZERO),
    };
    if let Some(payer) = payer.filter(|_| charge > Decimal::ZERO) {
        billing::check_balance(payer, charge, "change")?;
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
        // The traffic so far is metered at the allowance it had (D-131).
        changes
            .traffic
            .extend(crate::traffic::meter(&mut instance, now));
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
    match payer.filter(|_| charge > Decimal::ZERO) {
        Some(payer) => billing::charge(&mut changes, payer, vec![order], &description, now),
        None => changes.orders.push(order),
    }
    Ok((changes, Some(number)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::TransactionType;
    use crate::model::OrderKind;
    use crate::testing::{
        account, buy, catalog, d, fields, modify as modify_at, with_downgrade, SeqIds, CYCLE_END,
        T0,
    };
    use crate::{codes, time::MONTH_SECONDS};

    fn bmc_prepaid(balance: &str, discount: i64) -> (Instance, Account) {
        let f = fields(Service::Bmc, "PREPAID", "ByBandwidth");
        buy(Service::Bmc, &f, &account(balance, discount))
    }

    /// D-235: only an immediate upgrade of a PREPAID instance is charged at once, so only
    /// it needs the caller's account; any other change goes through without one.
    #[test]
    fn only_an_immediate_prepaid_upgrade_needs_the_account() {
        let (bought, payer) = bmc_prepaid("1000.00", 100);
        let f = fields(Service::Vm, "POSTPAID", "ByBandwidth");
        let (postpaid, _) = buy(Service::Vm, &f, &payer);
        assert!(charges_now(catalog(), &bought, &Target::Bandwidth(30)));
        assert!(!charges_now(catalog(), &bought, &Target::Bandwidth(15)));
        assert!(!charges_now(catalog(), &postpaid, &Target::Bandwidth(25)));
        assert!(!charges_now(
            catalog(),
            &bought,
            &Target::Bandwidth(100_000)
        ));
        let without_account = |instance: &Instance, target: Target| {
            modify(
                catalog(),
                instance.clone(),
                None,
                crate::testing::asked(instance.service, target.item()),
                target,
                Timings::default(),
                &mut SeqIds::default(),
                T0.plus(60),
            )
        };
        let (down, number) = without_account(&bought, Target::Bandwidth(15)).unwrap();
        assert!(number.is_some() && down.ledger.is_empty() && down.accounts.is_empty());
        let (up, _) = without_account(&postpaid, Target::Bandwidth(25)).unwrap();
        assert!(up.ledger.is_empty() && up.accounts.is_empty());
        let e = without_account(&bought, Target::Bandwidth(30)).unwrap_err();
        assert_eq!(e.code, codes::INTERNAL_SERVER_ERROR);
    }

    /// D-12: an upgrade costs the monthly price difference for the rest of the cycle,
    /// times the discount, rounded half-up to cents, taken now with an entry carrying the
    /// order number; D-11: it shows `Processing` until the processing time is over.
    #[test]
    fn an_upgrade_is_charged_for_the_rest_of_the_cycle_and_processes() {
        let (bought, payer) = bmc_prepaid("1000.00", 80);
        assert_eq!(payer.balance, d("824.80"), "219.00 at 80 %");
        let now = T0.plus(10 * 86_400);
        let (changes, number) = modify_at(&bought, &payer, Target::Bandwidth(30), now).unwrap();
        // 10 Mbps x 2.00 a month for 20 of 30 days = 13.333…, at 80 % = 10.67.
        let number = number.unwrap();
        assert_eq!(changes.ledger.len(), 1);
        let entry = &changes.ledger[0];
        assert_eq!(
            (entry.kind, entry.amount, entry.order_number.as_deref()),
            (TransactionType::Consume, d("10.67"), Some(number.as_str()))
        );
        assert_eq!(changes.accounts[0].balance, d("814.13"));
        let order = &changes.orders[0];
        assert_eq!(
            (order.kind, order.status, order.amount),
            (OrderKind::Bandwidth, OrderStatus::Paid, d("10.67"))
        );
        assert_eq!(
            (order.from.as_deref(), order.to.as_deref()),
            (Some("20"), Some("30"))
        );
        let changed = &changes.instances[0];
        assert_eq!(changed.bandwidth, 20, "the old value shows until processed");
        let pending = changed.pending(Item::Bandwidth).unwrap();
        assert_eq!(pending.state, ItemState::Processing);
        assert_eq!(pending.order.as_ref(), Some(order));
        assert_eq!(
            changes.events,
            [(
                now.plus(Timings::default().processing),
                EventKind::ChangeDone {
                    account_id: bought.account_id.clone(),
                    resource: ResourceRef::instance(&bought.id),
                    item: Item::Bandwidth,
                }
            )]
        );
    }

    /// D-7, D-12: the charge is rounded half-up to cents: 0.005 is 0.01, just below it is
    /// 0.00 and takes nothing.
    #[test]
    fn an_upgrade_charge_rounds_half_up_to_cents() {
        let (bought, payer) = bmc_prepaid("1000.00", 100);
        // 1 Mbps x 2.00 a month for 6480 s = 0.005.
        let half = CYCLE_END.plus(-6480);
        let (changes, _) = modify_at(&bought, &payer, Target::Bandwidth(21), half).unwrap();
        assert_eq!(changes.ledger[0].amount, d("0.01"));
        let (changes, _) = modify_at(&bought, &payer, Target::Bandwidth(21), half.plus(1)).unwrap();
        assert!(changes.ledger.is_empty(), "0.0049… rounds to nothing");
        assert_eq!(changes.orders[0].amount.to_string(), "0.00");
    }

    /// D-12: a balance that does not cover the charge refuses it with 403, and nothing
    /// changes.
    #[test]
    fn an_upgrade_the_balance_cannot_pay_is_refused() {
        let (bought, payer) = bmc_prepaid("219.00", 100);
        assert_eq!(payer.balance, d("0.00"));
        let e = modify_at(&bought, &payer, Target::Bandwidth(30), T0.plus(60)).unwrap_err();
        assert_eq!(e.code, codes::OPERATION_DENIED_INSUFFICIENT_BALANCE);
        assert_eq!(e.code.status, 403);
    }

    /// D-13: a PREPAID downgrade is free, its order SCHEDULED for the cycle end, and the
    /// item `WaitToEnable` with the target; the value does not change yet.
    #[test]
    fn a_prepaid_downgrade_is_scheduled_for_the_cycle_end_for_free() {
        let (bought, payer) = bmc_prepaid("1000.00", 100);
        let (changes, number) =
            modify_at(&bought, &payer, Target::Bandwidth(15), T0.plus(3600)).unwrap();
        assert!(changes.ledger.is_empty() && changes.accounts.is_empty());
        assert!(changes.events.is_empty());
        let order = &changes.orders[0];
        assert_eq!(Some(&order.number), number.as_ref());
        assert_eq!(
            (order.status, order.amount, order.effective_at),
            (OrderStatus::Scheduled, d("0.00"), CYCLE_END)
        );
        let changed = &changes.instances[0];
        assert_eq!(changed.bandwidth, 20);
        let pending = changed.pending(Item::Bandwidth).unwrap();
        assert_eq!(
            (pending.state, &pending.target),
            (ItemState::WaitToEnable, &Target::Bandwidth(15))
        );
        assert_eq!(pending.order.as_ref(), Some(order));
    }

    /// D-11: a POSTPAID downgrade, a bmc bandwidth change within the free bandwidth, and a
    /// bandwidth change of an instance that is not ByBandwidth are immediate; the last
    /// makes no order.
    #[test]
    fn some_downgrades_are_immediate() {
        let payer = account("1000.00", 100);
        let f = fields(Service::Vm, "POSTPAID", "ByBandwidth");
        let (postpaid, _) = buy(Service::Vm, &f, &payer);
        let (changes, number) =
            modify_at(&postpaid, &payer, Target::Bandwidth(10), T0.plus(60)).unwrap();
        assert!(number.is_some());
        assert_eq!(changes.orders[0].status, OrderStatus::Paid);
        let state = |c: &Changes, item| c.instances[0].pending(item).map(|p| p.state);
        assert_eq!(
            state(&changes, Item::Bandwidth),
            Some(ItemState::Processing)
        );

        let f = crate::instance::CreateFields {
            bandwidth: Some(8),
            ..fields(Service::Bmc, "PREPAID", "ByBandwidth")
        };
        let (free, payer) = buy(Service::Bmc, &f, &payer);
        // 8 to 5 Mbps, both within bmc M6C's free 10.
        let (changes, _) = modify_at(&free, &payer, Target::Bandwidth(5), T0.plus(60)).unwrap();
        assert_eq!(
            state(&changes, Item::Bandwidth),
            Some(ItemState::Processing)
        );
        assert!(changes.ledger.is_empty());

        let f = fields(Service::Bmc, "PREPAID", "ByTrafficPackage");
        let (traffic, payer) = buy(Service::Bmc, &f, &payer);
        let (changes, number) =
            modify_at(&traffic, &payer, Target::Bandwidth(15), T0.plus(60)).unwrap();
        assert_eq!(number, None);
        assert!(changes.orders.is_empty() && changes.ledger.is_empty());
        let pending = changes.instances[0].pending(Item::Bandwidth).unwrap();
        assert_eq!(
            (pending.state, &pending.order),
            (ItemState::Processing, &None)
        );
    }

    /// D-11: with no processing time an immediate change is done within the request.
    #[test]
    fn with_no_processing_time_a_change_is_done_at_once() {
        let (bought, payer) = bmc_prepaid("1000.00", 100);
        let (changes, _) = modify(
            catalog(),
            bought.clone(),
            Some(&payer),
            crate::testing::asked(Service::Bmc, Item::Bandwidth),
            Target::Bandwidth(30),
            Timings {
                processing: 0,
                ..Timings::default()
            },
            &mut SeqIds::default(),
            T0.plus(60),
        )
        .unwrap();
        let changed = &changes.instances[0];
        assert_eq!((changed.bandwidth, changed.pending.len()), (30, 0));
        assert!(changes.events.is_empty());
    }

    /// D-14: an equal target succeeds with no order, no charge and nothing changed.
    #[test]
    fn an_equal_target_changes_nothing() {
        let (bought, payer) = bmc_prepaid("1000.00", 100);
        let answer = modify_at(&bought, &payer, Target::Bandwidth(20), T0.plus(60)).unwrap();
        assert_eq!(answer, (Changes::default(), None));
    }

    /// D-12: a vm model change is an upgrade or a downgrade by monthly list price, not by
    /// size: c.2c4g (24.00) to g.2c8g (36.00) is charged now, to c.1c2g (12.00) waits.
    #[test]
    fn a_model_change_is_an_upgrade_by_its_monthly_price() {
        let f = fields(Service::Vm, "PREPAID", "ByBandwidth");
        let (bought, payer) = buy(Service::Vm, &f, &account("1000.00", 100));
        let now = T0.plus(MONTH_SECONDS / 2);
        let model = |m: &str| Target::Model(m.to_owned());
        let (up, _) = modify_at(&bought, &payer, model("g.2c8g"), now).unwrap();
        // (36 - 24) for half the cycle; the bandwidth costs the same on both.
        assert_eq!(up.ledger[0].amount, d("6.00"));
        assert_eq!(up.orders[0].kind, OrderKind::InstanceType);
        let (down, _) = modify_at(&bought, &payer, model("c.1c2g"), now).unwrap();
        assert!(down.ledger.is_empty());
        assert_eq!(
            down.instances[0].pending(Item::Model).map(|p| p.state),
            Some(ItemState::WaitToEnable)
        );
    }

    /// D-13 and D-15: a second change of an item with a downgrade scheduled is refused
    /// until the downgrade is cancelled.
    #[test]
    fn a_scheduled_downgrade_blocks_the_next_change_of_its_item() {
        let (scheduled, payer) = with_downgrade(Service::Bmc, 15);
        let e = modify_at(&scheduled, &payer, Target::Bandwidth(12), T0.plus(7200)).unwrap_err();
        assert_eq!(
            e.code,
            codes::OPERATION_DENIED_INSTANCE_EXIST_PLAN_BANDWIDTH
        );
    }
}
