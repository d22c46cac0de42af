//! What a target may be: a traffic package on the 0.05 grid and within the offer (D-16),
//! within the maximum bandwidth, a model the instance may move to (D-18), and an equal
//! target (D-14) — D-15 steps 2 and 9.

use super::checks::error;
use crate::catalog::{Catalog, Offer};
use crate::model::{Instance, Item, Target};
use crate::price::Plan;
use crate::{codes, ApiError};
use rust_decimal::Decimal;

/// Validates a traffic package on the 0.05 grid (D-16): within 1e-9 of a multiple is
/// accepted and stored as that exact multiple.
pub fn traffic_package_on_grid(value: f64) -> Result<Decimal, ApiError> {
    let grid_error = || {
        ApiError::new(
            codes::INVALID_PARAMETER_TRAFFIC_PACKAGE_ERROR,
            format!("`trafficPackageSize` {value} is invalid: it must be a non-negative multiple of 0.05"),
        )
    };
    let exact = crate::money::from_f64(value).ok_or_else(grid_error)?;
    if exact.is_sign_negative() && !exact.is_zero() {
        return Err(grid_error());
    }
    let twenty = Decimal::from(20);
    // A value this large is on no catalog's scale: beyond every maximum.
    let steps = exact.checked_mul(twenty).ok_or_else(|| {
        ApiError::new(
            codes::INVALID_PARAMETER_TRAFFIC_PACKAGE_EXCEED,
            format!("`trafficPackageSize` {value} exceeds the maximum"),
        )
    })?;
    let steps = steps.round();
    let nearest = steps / twenty;
    if (exact - nearest).abs() > Decimal::new(1, 9) {
        return Err(grid_error());
    }
    Ok(nearest.normalize())
}

/// Checks a package against the offer's free and maximum amounts (D-16).
pub fn traffic_package_in_range(package: Decimal, offer: &Offer) -> Result<Decimal, ApiError> {
    if package < offer.free_traffic_package {
        return Err(ApiError::new(
            codes::INVALID_PARAMETER_TRAFFIC_PACKAGE_LESS,
            format!(
                "`trafficPackageSize` {package} TB is below the included {} TB",
                offer.free_traffic_package
            ),
        ));
    }
    if package > offer.max_traffic_package {
        return Err(ApiError::new(
            codes::INVALID_PARAMETER_TRAFFIC_PACKAGE_EXCEED,
            format!(
                "`trafficPackageSize` {package} TB exceeds the maximum {} TB",
                offer.max_traffic_package
            ),
        ));
    }
    Ok(package)
}

/// Series a model may change between (D-18): within one series, or among c, g and m.
fn series_compatible(from: &str, to: &str) -> bool {
    let series = |m: &str| m.split('.').next().unwrap_or("").to_owned();
    let (a, b) = (series(from), series(to));
    a == b || (["c", "g", "m"].contains(&a.as_str()) && ["c", "g", "m"].contains(&b.as_str()))
}

/// The plan and offer the instance would have with `target` (D-15 step 9). Answers
/// `None` when the target equals the current value (D-14); a vm model equal to the
/// current one is refused instead. With `pending_counts`, the changes pending on the
/// other items bound the target too.
pub(super) fn target_plan<'c>(
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
    let pending = |item| instance.pending(item).filter(|_| pending_counts);
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
            traffic_package_in_range(*v, offer)?;
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
            if !new_offer.sells(instance.billing.charge_type)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ItemState;
    use crate::testing::{account, buy, catalog, d, fields, modify, T0};
    use zenlocal_wire::Service;

    /// D-16: within 1e-9 of a multiple of 0.05 is that exact multiple; anything else, or a
    /// negative value, is 400 `…TRAFFIC_PACKAGE_ERROR`.
    #[test]
    fn a_package_is_on_the_decimal_grid() {
        assert_eq!(traffic_package_on_grid(1.15).unwrap(), d("1.15"));
        assert_eq!(
            traffic_package_on_grid(0.15000000000000002).unwrap(),
            d("0.15")
        );
        assert_eq!(traffic_package_on_grid(2.0).unwrap().to_string(), "2");
        assert_eq!(traffic_package_on_grid(0.0).unwrap(), Decimal::ZERO);
        for off in [1.151, -0.05, 0.01, f64::NAN] {
            let e = traffic_package_on_grid(off).unwrap_err();
            assert_eq!(
                e.code,
                codes::INVALID_PARAMETER_TRAFFIC_PACKAGE_ERROR,
                "{off}"
            );
            assert_eq!(e.code.status, 400);
            assert!(e.message.contains("trafficPackageSize"), "{}", e.message);
        }
        // Too large to count in steps of 0.05: beyond every maximum.
        assert_eq!(
            traffic_package_on_grid(5e27).unwrap_err().code,
            codes::INVALID_PARAMETER_TRAFFIC_PACKAGE_EXCEED
        );
    }

    /// D-16: at least the offer's free package, at most its maximum.
    #[test]
    fn a_package_is_within_the_offer() {
        let offer = catalog().bmc_offer("SEL-A", "M6C").unwrap();
        assert_eq!(
            traffic_package_in_range(d("0.95"), offer).unwrap_err().code,
            codes::INVALID_PARAMETER_TRAFFIC_PACKAGE_LESS
        );
        assert_eq!(
            traffic_package_in_range(d("200.05"), offer)
                .unwrap_err()
                .code,
            codes::INVALID_PARAMETER_TRAFFIC_PACKAGE_EXCEED
        );
        assert_eq!(traffic_package_in_range(d("1"), offer).unwrap(), d("1"));
        assert_eq!(traffic_package_in_range(d("200"), offer).unwrap(), d("200"));
    }

    /// D-14, D-18: an equal vm model is 403 `INVALID_INSTANCE_TYPE_NOT_CHANGED`; a model of
    /// another series than c, g and m, or not sold in the zone, is 400
    /// `OPERATION_FAILED_INSTANCE_TYPE_UNSUPPORTED`; within c, g and m it is allowed.
    #[test]
    fn a_model_may_move_within_its_series_or_among_c_g_and_m() {
        let payer = account("1000.00", 100);
        let (i, payer) = buy(
            Service::Vm,
            &fields(Service::Vm, "PREPAID", "ByBandwidth"),
            &payer,
        );
        let to = |m: &str| modify(&i, &payer, Target::Model(m.into()), T0.plus(60));
        let e = to("c.2c4g").unwrap_err();
        assert_eq!(
            (e.code, e.code.status),
            (codes::INVALID_INSTANCE_TYPE_NOT_CHANGED, 403)
        );
        for unsupported in ["s.1c1g", "h.4c8g", "c.99c99g"] {
            let e = to(unsupported).unwrap_err();
            assert_eq!(
                (e.code, e.code.status),
                (codes::OPERATION_FAILED_INSTANCE_TYPE_UNSUPPORTED, 400),
                "{unsupported}"
            );
        }
        assert!(to("g.2c8g").is_ok() && to("c.4c8g").is_ok());
        assert!(series_compatible("m.2c16g", "c.1c2g"));
        assert!(!series_compatible("s.1c1g", "c.1c2g"));
    }

    /// D-15 step 9: a change pending on another item bounds the target — a bandwidth must
    /// fit the model the instance is moving to.
    #[test]
    fn a_pending_model_change_bounds_a_bandwidth_change() {
        let payer = account("1000.00", 100);
        let (i, payer) = buy(
            Service::Vm,
            &fields(Service::Vm, "PREPAID", "ByBandwidth"),
            &payer,
        );
        // c.2c4g (max 500 Mbps) down to c.1c2g (max 200 Mbps), scheduled.
        let (changes, _) = modify(&i, &payer, Target::Model("c.1c2g".into()), T0.plus(60)).unwrap();
        let moving = &changes.instances[0];
        assert_eq!(
            moving.pending(Item::Model).map(|p| p.state),
            Some(ItemState::WaitToEnable)
        );
        let e = modify(moving, &payer, Target::Bandwidth(300), T0.plus(120)).unwrap_err();
        assert_eq!(e.code, codes::INVALID_PARAMETER_BANDWIDTH_EXCEED);
        assert!(modify(&i, &payer, Target::Bandwidth(300), T0.plus(120)).is_ok());
    }
}
