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
