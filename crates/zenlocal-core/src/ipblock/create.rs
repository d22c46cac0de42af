//! AllocateEipAddresses, CreateIpv4Block, CreateIpv6Block and their price inquiries
//! (D-142, D-143): what is asked is checked against the catalog, addresses are handed out
//! from the zone's public ranges, PREPAID pays one period up front in one order (a line
//! per elastic IP or block) with one ledger entry, and the first billing event is
//! scheduled.

use super::codes_of;
use crate::account::Account;
use crate::billing;
use crate::catalog::{Catalog, ChargeType, IpOffer, IpProduct};
use crate::instance::MAX_PERIOD;
use crate::ipam::{self, IpamError, Pool, Scope};
use crate::model::{
    units, Changes, EventKind, Ids, IpBlock, IpBlockStatus, Lease, Order, OrderKind, Timings,
};
use crate::{codes, price, ApiError, Timestamp};
use ipnet::IpNet;
use rust_decimal::Decimal;
use zenlocal_wire::model::common::Tag;

/// The raw fields of a purchase or its inquiry.
#[derive(Debug, Clone)]
pub struct PurchaseFields<'a> {
    pub product: IpProduct,
    pub zone_id: &'a str,
    pub charge_type: &'a str,
    pub period: Option<i64>,
    pub netmask: Option<i64>,
    pub count: Option<i64>,
    pub name: Option<&'a str>,
    pub resource_group_id: Option<&'a str>,
    pub tags: &'a [Tag],
}

impl<'a> PurchaseFields<'a> {
    /// The fields every purchase and inquiry names; the rest as not given.
    pub fn new(product: IpProduct, zone_id: &'a str, charge_type: &'a str) -> Self {
        PurchaseFields {
            product,
            zone_id,
            charge_type,
            period: None,
            netmask: None,
            count: None,
            name: None,
            resource_group_id: None,
            tags: &[],
        }
    }
}

/// A validated purchase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Purchase {
    pub product: IpProduct,
    pub zone_id: String,
    pub charge: ChargeType,
    pub period: Option<i64>,
    pub netmask: u8,
    pub count: i64,
    pub name: Option<String>,
    pub resource_group_id: Option<String>,
    pub tags: Vec<Tag>,
}

/// The request fields a product's purchase names: (charge type, its prepaid period).
fn field_names(product: IpProduct) -> (&'static str, &'static str) {
    match product {
        IpProduct::Eip => ("eipChargeType", "eipChargePrepaid.period"),
        IpProduct::Ipv4Block | IpProduct::Ipv6Block => ("chargeType", "chargePrepaid.period"),
    }
}

/// Checks a purchase in the order: charge type, amount, period, name, zone, the zone
/// selling the product, the charge type and the netmask (D-142).
pub fn purchase(catalog: &Catalog, f: &PurchaseFields<'_>) -> Result<Purchase, ApiError> {
    let (charge_field, period_field) = field_names(f.product);
    let charge = ChargeType::parse(f.charge_type).ok_or_else(|| {
        ApiError::invalid_parameter(format!(
            "`{charge_field}` must be PREPAID or POSTPAID, not `{}`",
            f.charge_type
        ))
    })?;
    let count = f.count.unwrap_or(1);
    if !(1..=100).contains(&count) {
        return Err(ApiError::invalid_parameter(
            "`amount` must be between 1 and 100",
        ));
    }
    let period = match charge {
        ChargeType::Prepaid => {
            let period = f
                .period
                .ok_or_else(|| ApiError::missing_parameter(period_field))?;
            if !(1..=MAX_PERIOD).contains(&period) {
                return Err(ApiError::invalid_parameter(format!(
                    "`{period_field}` must be between 1 and {MAX_PERIOD} months"
                )));
            }
            Some(period)
        }
        ChargeType::Postpaid => None,
    };
    if let Some(name) = f.name {
        check_name(name)?;
    }
    if catalog.bmc_zone(f.zone_id).is_none() {
        return Err(ApiError::new(
            codes::INVALID_ZONE_NOT_FOUND,
            format!("zone `{}` does not exist", f.zone_id),
        ));
    }
    let offer = catalog.ip_offer(f.zone_id, f.product).ok_or_else(|| {
        let code = match f.product {
            IpProduct::Eip => codes::INVALID_EIP_TYPE_ZONE_NO_SELL,
            IpProduct::Ipv4Block | IpProduct::Ipv6Block => {
                codes::RESOURCE_INSUFFICIENT_PRODUCT_SOLD_OUT
            }
        };
        ApiError::new(
            code,
            format!(
                "{} are not sold in zone `{}`",
                f.product.plural(),
                f.zone_id
            ),
        )
    })?;
    if !offer.charge_types.contains(&charge) {
        return Err(ApiError::new(
            codes::INVALID_CHARGE_TYPE_NOT_SUPPORT,
            format!(
                "{} in zone `{}` are not sold as {}",
                f.product.plural(),
                f.zone_id,
                charge.name()
            ),
        ));
    }
    let netmask = match f.netmask {
        Some(asked) => asked,
        None => i64::from(offer.netmasks[0]),
    };
    let sold = u8::try_from(netmask)
        .ok()
        .filter(|n| offer.netmasks.contains(n));
    let Some(netmask) = sold else {
        let listed: Vec<String> = offer.netmasks.iter().map(u8::to_string).collect();
        let message = format!(
            "netmask {netmask} is not sold for {} in zone `{}`; sold: {}",
            f.product.plural(),
            f.zone_id,
            listed.join(", ")
        );
        return Err(match f.product {
            IpProduct::Ipv4Block => {
                ApiError::new(codes::OPERATION_DENIED_UNAVAILABLE_NETMASK, message)
            }
            IpProduct::Eip | IpProduct::Ipv6Block => ApiError::invalid_parameter(message),
        });
    };
    Ok(Purchase {
        product: f.product,
        zone_id: f.zone_id.to_owned(),
        charge,
        period,
        netmask,
        count,
        name: f.name.map(str::to_owned),
        resource_group_id: f.resource_group_id.map(str::to_owned),
        tags: f.tags.to_vec(),
    })
}

/// A display name: at most 64 characters (CreateIpv4Block page).
pub(super) fn check_name(name: &str) -> Result<(), ApiError> {
    if name.chars().count() > 64 {
        return Err(ApiError::invalid_parameter(
            "`name` is longer than 64 characters",
        ));
    }
    Ok(())
}

/// What a purchase costs (D-143): PREPAID, the whole period of every one of them, list
/// and paid (the account's discount applied, rounded to cents); POSTPAID, the hourly list
/// price of all of them together.
pub fn purchase_price(offer: &IpOffer, p: &Purchase, discount: Decimal) -> (Decimal, Decimal) {
    let per_block = units(p.product.family(), p.netmask);
    let count = Decimal::from(p.count);
    match p.charge {
        ChargeType::Prepaid => {
            let months = Decimal::from(p.period.unwrap_or(1));
            let list = offer.monthly_price * per_block * months * count;
            (list, price::charge(list, discount))
        }
        ChargeType::Postpaid => (offer.hourly_price * per_block * count, Decimal::ZERO),
    }
}

/// The answer of a purchase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    pub ids: Vec<String>,
    pub order_number: String,
}

/// Buys `p.count` elastic IPs or blocks: `pool` is the zone's public addresses and `held`
/// what the zone's scope holds (read after holding it, D-140).
#[allow(clippy::too_many_arguments)]
pub fn create(
    catalog: &Catalog,
    account: &Account,
    p: &Purchase,
    pool: &Pool,
    held: &[IpNet],
    timings: Timings,
    ids: &mut dyn Ids,
    now: Timestamp,
) -> Result<(Changes, Created), ApiError> {
    let offer = catalog
        .ip_offer(&p.zone_id, p.product)
        .ok_or_else(ApiError::internal)?;
    let count = usize::try_from(p.count).map_err(|_| ApiError::internal())?;
    let nets =
        ipam::allocate(&pool.of(p.product.family()), held, p.netmask, count).map_err(|e| {
            let code = match (p.product, &e) {
                (IpProduct::Ipv4Block, IpamError::Exhausted { .. }) => {
                    codes::OPERATION_DENIED_NETMASK_OUT_OF_STOCK
                }
                _ => codes::RESOURCE_INSUFFICIENT_PRODUCT_SOLD_OUT,
            };
            ApiError::new(code, format!("zone `{}`: {e}", p.zone_id))
        })?;
    let total = match p.charge {
        ChargeType::Prepaid => purchase_price(offer, p, account.discount).1,
        ChargeType::Postpaid => Decimal::ZERO,
    };
    billing::check_balance(account, total, "purchase")?;
    let order_number = ids.order_number();
    let subscription = billing::subscribe(p.charge, p.period, now);
    let share = price::charge(total / Decimal::from(p.count), Decimal::ONE_HUNDRED);
    let scope = Scope::zone(&p.zone_id);
    let ready = timings.processing > 0;
    let mut changes = Changes::default();
    let mut lines = Vec::with_capacity(count);
    let mut made = Vec::with_capacity(count);
    for (n, net) in nets.into_iter().enumerate() {
        let block = IpBlock {
            id: ids.instance_id(),
            account_id: account.id.clone(),
            product: p.product,
            zone_id: Some(p.zone_id.clone()),
            net,
            name: p.name.clone(),
            status: if ready {
                IpBlockStatus::Creating
            } else {
                IpBlockStatus::Available
            },
            instance_id: None,
            resource_group_id: p.resource_group_id.clone(),
            tags: p.tags.clone(),
            created_at: now,
            byoip: None,
            billing: subscription.clone(),
        };
        // The last line takes the rounding remainder, so the lines add up to the charge.
        let amount = if n + 1 == count {
            total - share * Decimal::from(p.count - 1)
        } else {
            share
        };
        lines.push(Order {
            to: Some(net.to_string()),
            amount,
            ..Order::new(
                &order_number,
                &account.id,
                block.resource(),
                OrderKind::Create,
                now,
            )
        });
        changes.leases.push(Lease {
            scope: scope.clone(),
            net,
            account_id: account.id.clone(),
            holder: block.resource(),
        });
        if ready {
            changes.events.push((
                now.plus(timings.processing),
                EventKind::Ready {
                    account_id: account.id.clone(),
                    resource: block.resource(),
                },
            ));
        }
        changes.events.push(billing::first_event(
            &account.id,
            block.resource(),
            &subscription,
            now,
        ));
        made.push(block.id.clone());
        changes.ip_blocks.push(block);
    }
    if total > Decimal::ZERO {
        let description = format!(
            "create {} x {} /{} in {} ({} month(s))",
            p.count,
            codes_of(p.product).what,
            p.netmask,
            p.zone_id,
            p.period.unwrap_or(0)
        );
        billing::charge(&mut changes, account, lines, &description, now);
    } else {
        changes.orders.extend(lines);
    }
    Ok((
        changes,
        Created {
            ids: made,
            order_number,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::TransactionType;
    use crate::model::OrderStatus;
    use crate::testing::{account, catalog, d, SeqIds, CYCLE_END, T0};

    pub(crate) fn fields(product: IpProduct, charge: &'static str) -> PurchaseFields<'static> {
        PurchaseFields {
            period: (charge == "PREPAID").then_some(1),
            ..PurchaseFields::new(product, "SEL-A", charge)
        }
    }

    fn bought(
        p: &Purchase,
        payer: &Account,
        held: &[IpNet],
    ) -> Result<(Changes, Created), ApiError> {
        let pool = catalog().public_pool("SEL-A").unwrap();
        create(
            catalog(),
            payer,
            p,
            &pool,
            held,
            Timings::default(),
            &mut SeqIds::default(),
            T0,
        )
    }

    /// D-142: a purchase is checked in order, each failure with its documented code.
    #[test]
    fn a_purchase_is_checked_in_order() {
        let eip = fields(IpProduct::Eip, "PREPAID");
        let cases: Vec<(PurchaseFields<'_>, codes::Code)> = vec![
            (
                PurchaseFields {
                    charge_type: "MONTHLY",
                    ..eip.clone()
                },
                codes::INVALID_PARAMETER,
            ),
            (
                PurchaseFields {
                    count: Some(101),
                    ..eip.clone()
                },
                codes::INVALID_PARAMETER,
            ),
            (
                PurchaseFields {
                    period: None,
                    ..eip.clone()
                },
                codes::MISSING_PARAMETER,
            ),
            (
                PurchaseFields {
                    zone_id: "NOWHERE",
                    ..eip.clone()
                },
                codes::INVALID_ZONE_NOT_FOUND,
            ),
            (
                PurchaseFields {
                    netmask: Some(30),
                    ..eip.clone()
                },
                codes::INVALID_PARAMETER,
            ),
            (
                PurchaseFields {
                    netmask: Some(24),
                    ..fields(IpProduct::Ipv4Block, "POSTPAID")
                },
                codes::OPERATION_DENIED_UNAVAILABLE_NETMASK,
            ),
            (
                PurchaseFields {
                    zone_id: "FRA-A",
                    ..fields(IpProduct::Ipv6Block, "POSTPAID")
                },
                codes::RESOURCE_INSUFFICIENT_PRODUCT_SOLD_OUT,
            ),
        ];
        for (f, code) in cases {
            let e = purchase(catalog(), &f).unwrap_err();
            assert_eq!(e.code, code, "{f:?}: {}", e.message);
        }
        let p = purchase(catalog(), &eip).unwrap();
        assert_eq!((p.netmask, p.count, p.period), (32, 1, Some(1)));
    }

    /// D-142, D-143: PREPAID pays every address of every block for the whole period up
    /// front, in one order with a line per block and one ledger entry; each block holds
    /// the lowest free aligned range of the zone and is CREATING until the processing
    /// time is over.
    #[test]
    fn prepaid_blocks_pay_up_front_and_hold_their_addresses() {
        let p = purchase(
            catalog(),
            &PurchaseFields {
                netmask: Some(29),
                count: Some(2),
                ..fields(IpProduct::Ipv4Block, "PREPAID")
            },
        )
        .unwrap();
        let held = vec![ipam::parse_cidr("198.51.100.3/32").unwrap()];
        let (changes, created) = bought(&p, &account("1000.00", 100), &held).unwrap();
        // 2 blocks x 8 addresses x 2.50 for one month.
        assert_eq!(changes.ledger[0].amount, d("40.00"));
        assert_eq!(changes.ledger[0].kind, TransactionType::Consume);
        assert_eq!(
            changes.ledger[0].order_number.as_ref(),
            Some(&created.order_number)
        );
        let nets: Vec<String> = changes.leases.iter().map(|l| l.net.to_string()).collect();
        assert_eq!(nets, ["198.51.100.8/29", "198.51.100.16/29"]);
        assert!(changes
            .leases
            .iter()
            .all(|l| l.scope == Scope::zone("SEL-A")));
        let lines: Vec<Decimal> = changes.orders.iter().map(|o| o.amount).collect();
        assert_eq!(lines, [d("20.00"), d("20.00")]);
        assert!(changes.orders.iter().all(|o| o.status == OrderStatus::Paid));
        for b in &changes.ip_blocks {
            assert_eq!(b.status, IpBlockStatus::Creating);
            assert_eq!(b.billing.expires_at, Some(CYCLE_END));
        }
        assert!(changes
            .events
            .iter()
            .any(|(due, kind)| *due == T0.plus(5) && matches!(kind, EventKind::Ready { .. })));
        assert_eq!(created.ids.len(), 2);
    }

    /// D-143: POSTPAID pays nothing up front; a balance short of a PREPAID purchase, or a
    /// zone without the addresses asked, buys nothing.
    #[test]
    fn a_purchase_needs_the_balance_and_the_addresses() {
        let postpaid = purchase(catalog(), &fields(IpProduct::Eip, "POSTPAID")).unwrap();
        let (changes, _) = bought(&postpaid, &account("0.00", 100), &[]).unwrap();
        assert!(changes.ledger.is_empty());
        assert_eq!(changes.orders[0].amount, Decimal::ZERO);
        let prepaid = purchase(catalog(), &fields(IpProduct::Eip, "PREPAID")).unwrap();
        let e = bought(&prepaid, &account("2.99", 100), &[]).unwrap_err();
        assert_eq!(e.code, codes::OPERATION_DENIED_INSUFFICIENT_BALANCE);
        let all = vec![ipam::parse_cidr("198.51.100.0/25").unwrap()];
        let e = bought(&postpaid, &account("0.00", 100), &all).unwrap_err();
        assert_eq!(
            (e.code, e.code.status),
            (codes::RESOURCE_INSUFFICIENT_PRODUCT_SOLD_OUT, 400)
        );
    }

    /// D-143: the inquiry prices exactly what the purchase takes: the discount applied
    /// once to the whole list amount.
    #[test]
    fn the_price_is_what_the_purchase_takes() {
        let p = purchase(
            catalog(),
            &PurchaseFields {
                count: Some(3),
                period: Some(2),
                ..fields(IpProduct::Eip, "PREPAID")
            },
        )
        .unwrap();
        let offer = catalog().ip_offer("SEL-A", IpProduct::Eip).unwrap();
        let payer = Account {
            discount: d("66.67"),
            ..account("1000.00", 100)
        };
        let (list, paid) = purchase_price(offer, &p, payer.discount);
        assert_eq!((list, paid), (d("18.00"), d("12.00")));
        let (changes, _) = bought(&p, &payer, &[]).unwrap();
        assert_eq!(changes.ledger[0].amount, paid);
    }
}
