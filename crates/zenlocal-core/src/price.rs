//! Plan prices (D-10) and their discounted amounts (D-7, D-12).

use crate::catalog::{InternetChargeType, Offer};
use crate::money::round_cents;
use rust_decimal::{Decimal, RoundingStrategy};

/// A plan: what an instance is configured with, enough to price it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    pub internet: InternetChargeType,
    pub bandwidth: i64,
    /// TB; `None` when the instance holds no package.
    pub package: Option<Decimal>,
}

/// A price split into the model and the network component (D-22).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split {
    pub model: Decimal,
    pub network: Decimal,
}

impl Split {
    pub fn total(self) -> Decimal {
        self.model + self.network
    }

    pub fn times(self, factor: Decimal) -> Split {
        Split {
            model: self.model * factor,
            network: self.network * factor,
        }
    }
}

fn above(value: Decimal, free: Decimal) -> Decimal {
    (value - free).max(Decimal::ZERO)
}

/// The monthly list price of a plan: model + bandwidth above the free amount (ByBandwidth)
/// or package above the free package (ByTrafficPackage).
pub fn monthly(offer: &Offer, plan: Plan) -> Split {
    let network = match plan.internet {
        InternetChargeType::ByBandwidth => {
            above(
                Decimal::from(plan.bandwidth),
                Decimal::from(offer.free_bandwidth),
            ) * offer.bandwidth_price_monthly
        }
        InternetChargeType::ByTrafficPackage => {
            above(
                plan.package.unwrap_or(offer.free_traffic_package),
                offer.free_traffic_package,
            ) * offer.traffic_package_price_monthly
        }
    };
    Split {
        model: offer.monthly_price,
        network,
    }
}

/// The hourly list price of a POSTPAID plan. A POSTPAID ByTrafficPackage instance holds no
/// package and pays per GB instead (D-22), so its network component is zero.
pub fn hourly(offer: &Offer, plan: Plan) -> Split {
    let network = match plan.internet {
        InternetChargeType::ByBandwidth => {
            above(
                Decimal::from(plan.bandwidth),
                Decimal::from(offer.free_bandwidth),
            ) * offer.bandwidth_price_hourly
        }
        InternetChargeType::ByTrafficPackage => Decimal::ZERO,
    };
    Split {
        model: offer.hourly_price,
        network,
    }
}

/// What a change of a monthly price costs now for the rest of a PREPAID cycle ending at
/// `expires_at` (D-12): the monthly difference times the share of a 30-day month left,
/// never below zero; answers the list amount rounded to cents and what the account pays
/// for it. Plan upgrades and disk resizes (D-166) are charged by this one rule.
pub fn prorated(
    monthly_difference: Decimal,
    expires_at: Option<crate::Timestamp>,
    discount: Decimal,
    now: crate::Timestamp,
) -> (Decimal, Decimal) {
    let remaining = expires_at.map_or(0, |e| (e.seconds() - now.seconds()).max(0));
    let list = (monthly_difference * Decimal::from(remaining)
        / Decimal::from(crate::time::MONTH_SECONDS))
    .max(Decimal::ZERO);
    (round_cents(list), charge(list, discount))
}

/// What an account pays for a list amount: its discount applied, rounded half-up to cents.
pub fn charge(list: Decimal, discount: Decimal) -> Decimal {
    round_cents(list * discount / Decimal::ONE_HUNDRED)
}

/// A unit price after discount, kept to 4 decimals (D-7).
pub fn unit(list: Decimal, discount: Decimal) -> Decimal {
    (list * discount / Decimal::ONE_HUNDRED)
        .round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Catalog;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    /// D-10: the model's price plus the network above the free amount.
    #[test]
    fn monthly_counts_only_what_is_above_the_free_amount() {
        let c = Catalog::builtin();
        let offer = c.bmc_offer("SEL-A", "M6C").unwrap();
        let at_free = Plan {
            internet: InternetChargeType::ByBandwidth,
            bandwidth: offer.free_bandwidth,
            package: None,
        };
        assert_eq!(monthly(offer, at_free).network, Decimal::ZERO);
        let below = Plan {
            bandwidth: 1,
            ..at_free
        };
        assert_eq!(monthly(offer, below).network, Decimal::ZERO);
        let more = Plan {
            bandwidth: offer.free_bandwidth + 5,
            ..at_free
        };
        assert_eq!(
            monthly(offer, more).network,
            offer.bandwidth_price_monthly * d("5")
        );
        let package = Plan {
            internet: InternetChargeType::ByTrafficPackage,
            bandwidth: 1,
            package: Some(offer.free_traffic_package + d("1.5")),
        };
        assert_eq!(
            monthly(offer, package).network,
            offer.traffic_package_price_monthly * d("1.5")
        );
        assert_eq!(monthly(offer, package).model, offer.monthly_price);
    }

    /// D-10, D-22: hourly, a POSTPAID ByTrafficPackage instance pays per GB instead of for
    /// a package, so only its model is priced by the hour.
    #[test]
    fn hourly_prices_bandwidth_but_no_package() {
        let c = Catalog::builtin();
        let offer = c.bmc_offer("SEL-A", "M6C").unwrap();
        let bandwidth = Plan {
            internet: InternetChargeType::ByBandwidth,
            bandwidth: offer.free_bandwidth + 10,
            package: None,
        };
        assert_eq!(
            hourly(offer, bandwidth).network,
            offer.bandwidth_price_hourly * d("10")
        );
        let traffic = Plan {
            internet: InternetChargeType::ByTrafficPackage,
            ..bandwidth
        };
        assert_eq!(hourly(offer, traffic).network, Decimal::ZERO);
        assert_eq!(hourly(offer, traffic).model, offer.hourly_price);
    }

    /// D-12, D-166: a monthly difference is charged for the share of the cycle left, and
    /// nothing once the cycle is over or when the price falls.
    #[test]
    fn a_difference_is_prorated_over_the_rest_of_the_cycle() {
        use crate::Timestamp;
        let end = Timestamp(crate::time::MONTH_SECONDS);
        let half = Timestamp(crate::time::MONTH_SECONDS / 2);
        assert_eq!(
            prorated(d("10"), Some(end), d("100"), half),
            (d("5.00"), d("5.00"))
        );
        assert_eq!(
            prorated(d("10"), Some(end), d("80"), half),
            (d("5.00"), d("4.00"))
        );
        assert_eq!(
            prorated(d("10"), Some(end), d("100"), end.plus(1)).1,
            d("0.00")
        );
        assert_eq!(prorated(d("-10"), Some(end), d("100"), half).1, d("0.00"));
        assert_eq!(prorated(d("10"), None, d("100"), half).1, d("0.00"));
    }

    /// D-7, D-12: the discount applies to the list amount, rounded half-up to cents; a
    /// unit price keeps 4 decimals.
    #[test]
    fn discounts_round_half_up() {
        assert_eq!(charge(d("10.005"), d("100")), d("10.01"));
        assert_eq!(charge(d("199"), d("80")), d("159.20"));
        assert_eq!(unit(d("0.0035"), d("85")), d("0.003"));
    }
}
