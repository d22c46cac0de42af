//! The InquiryPrice actions (D-19): what the matching Modify would take from the balance
//! at that same instant.

use super::checks::{check_network, error};
use super::limits::target_plan;
use super::modify::{is_downgrade, upgrade_amounts};
use super::Asked;
use crate::account::Account;
use crate::catalog::{Catalog, ChargeType, Offer};
use crate::model::{Instance, Item, Target};
use crate::{codes, price, ApiError, Timestamp};
use rust_decimal::Decimal;
use zenlocal_wire::Service;

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
    if instance.billing.charge_type == ChargeType::Postpaid {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{account, asked, buy, catalog, d, fields, modify, with_downgrade, T0};

    fn quoted(instance: &Instance, payer: &Account, target: Target, now: Timestamp) -> Quote {
        let asked = asked(instance.service, target.item());
        quote(catalog(), instance, payer, asked, &target, now)
            .unwrap()
            .0
    }

    /// D-19: a PREPAID inquiry answers what the matching Modify takes from the balance at
    /// that same instant, and the list amount before the discount.
    #[test]
    fn an_inquiry_prices_exactly_what_the_modify_takes() {
        let f = fields(Service::Bmc, "PREPAID", "ByTrafficPackage");
        let (i, payer) = buy(Service::Bmc, &f, &account("1000.00", 80));
        let now = T0.plus(12_345);
        let target = Target::TrafficPackage(d("7.35"));
        let Quote::Prepaid { list, pays } = quoted(&i, &payer, target.clone(), now) else {
            panic!("a PREPAID instance gets a PREPAID quote");
        };
        let (changes, _) = modify(&i, &payer, target, now).unwrap();
        assert_eq!(changes.ledger[0].amount, pays);
        assert_eq!(payer.balance - changes.accounts[0].balance, pays);
        assert!(list > pays, "{list} at 80 % is {pays}");
    }

    /// D-19: a downgrade or an equal target costs nothing now.
    #[test]
    fn a_downgrade_or_an_equal_target_is_quoted_at_zero() {
        let f = fields(Service::Vm, "PREPAID", "ByBandwidth");
        let (i, payer) = buy(Service::Vm, &f, &account("1000.00", 100));
        let zero = Quote::Prepaid {
            list: d("0.00"),
            pays: d("0.00"),
        };
        assert_eq!(quoted(&i, &payer, Target::Bandwidth(5), T0), zero);
        assert_eq!(quoted(&i, &payer, Target::Bandwidth(20), T0), zero);
    }

    /// D-19: POSTPAID answers the hourly price of the component at the target value.
    #[test]
    fn a_postpaid_inquiry_answers_the_hourly_price_at_the_target() {
        let f = fields(Service::Bmc, "POSTPAID", "ByBandwidth");
        let (i, payer) = buy(Service::Bmc, &f, &account("0.00", 100));
        // (30 - 10 free) Mbps x 0.0035 an hour.
        assert_eq!(
            quoted(&i, &payer, Target::Bandwidth(30), T0),
            Quote::Hourly { unit: d("0.07") }
        );
    }

    /// D-15: an inquiry skips the pending-state checks and prices from the current value.
    #[test]
    fn an_inquiry_ignores_pending_changes() {
        let (scheduled, payer) = with_downgrade(Service::Bmc, 15);
        // From 20 Mbps (not 15): 5 Mbps x 2.00 for the whole cycle.
        assert_eq!(
            quoted(&scheduled, &payer, Target::Bandwidth(25), T0),
            Quote::Prepaid {
                list: d("10.00"),
                pays: d("10.00")
            }
        );
    }
}
