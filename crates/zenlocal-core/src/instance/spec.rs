//! What a CreateInstances or InquiryPriceCreateInstance request asks for, checked
//! against the catalog in a fixed order (D-9, D-16, D-22, ZENLAYER-API.md §7.1).

use crate::catalog::{Catalog, ChargeType, InternetChargeType};
use crate::model::Setup;
use crate::plan::{traffic_package_in_range, traffic_package_on_grid};
use crate::price::Plan;
use crate::{codes, ApiError};
use zenlocal_wire::model::common::Tag;
use zenlocal_wire::Service;

/// A validated CreateInstances or InquiryPriceCreateInstance request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateSpec {
    pub service: Service,
    pub zone_id: String,
    pub product: String,
    pub image_id: Option<String>,
    pub ipxe_url: Option<String>,
    pub name: String,
    pub hostname: Option<String>,
    pub key_id: Option<String>,
    /// The subnet the instances join (D-154, D-227), checked in the create's transaction.
    pub subnet_id: Option<String>,
    /// The vm security group applied to the instances (D-158), checked likewise.
    pub security_group_id: Option<String>,
    pub resource_group_id: Option<String>,
    pub charge: ChargeType,
    pub period: Option<i64>,
    pub plan: Plan,
    pub count: i64,
    pub tags: Vec<Tag>,
    /// What no other rule reads, checked (D-124).
    pub setup: Setup,
    /// Whether a password (not a key pair) logs in: a bmc instance's IPMI password too.
    pub password_set: bool,
}

/// The raw fields shared by both services' create and inquiry requests.
#[derive(Debug, Clone, Default)]
pub struct CreateFields<'a> {
    pub zone_id: &'a str,
    pub product: &'a str,
    pub image_id: Option<&'a str>,
    pub ipxe_url: Option<&'a str>,
    pub name: Option<&'a str>,
    pub hostname: Option<&'a str>,
    pub password: Option<&'a str>,
    pub key_id: Option<&'a str>,
    pub subnet_id: Option<&'a str>,
    pub security_group_id: Option<&'a str>,
    pub resource_group_id: Option<&'a str>,
    pub charge_type: &'a str,
    pub period: Option<i64>,
    pub internet_charge_type: &'a str,
    pub bandwidth: Option<i64>,
    pub traffic_package: Option<f64>,
    pub count: Option<i64>,
    pub tags: &'a [Tag],
    /// What no other rule reads, as given (CreateInstances only).
    pub setup: Option<&'a Setup>,
    /// CreateInstances checks login and names; InquiryPrice does not take them.
    pub creating: bool,
}

/// The longest account of periods a PREPAID purchase may cover, in months.
pub const MAX_PERIOD: i64 = 36;

fn internet_charge_type(value: &str) -> Result<InternetChargeType, ApiError> {
    match value {
        "ByBandwidth" => Ok(InternetChargeType::ByBandwidth),
        "ByTrafficPackage" => Ok(InternetChargeType::ByTrafficPackage),
        other => Err(ApiError::invalid_parameter(format!(
            "`internetChargeType` must be ByBandwidth or ByTrafficPackage, not `{other}`"
        ))),
    }
}

/// An instance's name (`instanceName`): the rule of [`check_name`].
pub(crate) fn check_instance_name(name: &str) -> Result<(), ApiError> {
    check_name(
        name,
        "instanceName",
        codes::INVALID_PARAMETER_INSTANCE_NAME_EXCEED,
        codes::INVALID_PARAMETER,
    )
}

/// A bmc host name: the rule of [`check_name`], with its own codes.
pub(crate) fn check_hostname(hostname: &str) -> Result<(), ApiError> {
    check_name(
        hostname,
        "hostname",
        codes::INVALID_PARAMETER_HOSTNAME_EXCEED,
        codes::INVALID_PARAMETER_HOSTNAME_MALFORMED,
    )
}

fn check_name(
    value: &str,
    field: &str,
    too_long: codes::Code,
    malformed: codes::Code,
) -> Result<(), ApiError> {
    if value.chars().count() > 64 {
        return Err(ApiError::new(
            too_long,
            format!("`{field}` is longer than 64 characters"),
        ));
    }
    let ok = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'));
    if !ok {
        return Err(ApiError::new(
            malformed,
            format!("`{field}` may hold only letters, digits, `-`, `_` and `.`"),
        ));
    }
    Ok(())
}

/// Password rules: 8 to 16 characters with an upper-case letter, a lower-case letter, a
/// digit and a special character of the service's set (§7.1).
pub(crate) fn check_password(service: Service, password: &str) -> Result<(), ApiError> {
    let specials = match service {
        Service::Bmc => "~!@$^*-_=+",
        Service::Vm | Service::Zbc => "!@#$%^&*~()-+=",
    };
    let len = password.chars().count();
    let allowed = password
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || specials.contains(c));
    let classes = [
        password.chars().any(|c| c.is_ascii_uppercase()),
        password.chars().any(|c| c.is_ascii_lowercase()),
        password.chars().any(|c| c.is_ascii_digit()),
        password.chars().any(|c| specials.contains(c)),
    ];
    if !(8..=16).contains(&len) || !allowed || classes.contains(&false) {
        return Err(ApiError::new(
            codes::INVALID_PARAMETER_VALUE_PASSWORD_MALFORMED,
            format!(
                "`password` must be 8 to 16 characters with an upper-case letter, a lower-case letter, a digit and one of `{specials}`"
            ),
        ));
    }
    Ok(())
}

/// Whether `image` installs on `product`: a bmc image of the catalog for the model, a vm
/// image of the catalog, or an ID of a custom image, which is the account's and is looked
/// up in the command's own transaction (D-176).
pub(crate) fn image_fits(catalog: &Catalog, service: Service, product: &str, image: &str) -> bool {
    match service {
        Service::Bmc => catalog.bmc.images.iter().any(|i| {
            i.id == image
                && (i.instance_types.is_empty() || i.instance_types.iter().any(|t| t == product))
        }),
        Service::Vm => {
            catalog.vm.images.iter().any(|i| i.id == image) || crate::image::is_custom_id(image)
        }
        Service::Zbc => false,
    }
}

/// Validates a create or inquiry request against the catalog, in the order: charge
/// types, zone, product, offer, image, amounts, names and login.
pub fn create_spec(
    catalog: &Catalog,
    service: Service,
    f: &CreateFields<'_>,
) -> Result<CreateSpec, ApiError> {
    let charge = crate::describe::charge_type(f.charge_type)?;
    let internet = internet_charge_type(f.internet_charge_type)?;
    let count = f.count.unwrap_or(1);
    if !(1..=100).contains(&count) {
        let field = match service {
            Service::Bmc => "amount",
            Service::Vm | Service::Zbc => "instanceCount",
        };
        return Err(ApiError::invalid_parameter(format!(
            "`{field}` must be between 1 and 100"
        )));
    }
    let period = match charge {
        ChargeType::Prepaid => {
            let period = f
                .period
                .ok_or_else(|| ApiError::missing_parameter("instanceChargePrepaid.period"))?;
            if !(1..=MAX_PERIOD).contains(&period) {
                return Err(ApiError::invalid_parameter(format!(
                    "`instanceChargePrepaid.period` must be between 1 and {MAX_PERIOD} months"
                )));
            }
            Some(period)
        }
        ChargeType::Postpaid => None,
    };
    let zone_known = match service {
        Service::Bmc => catalog.bmc_zone(f.zone_id).is_some(),
        Service::Vm => catalog.vm_zone(f.zone_id).is_some(),
        Service::Zbc => false,
    };
    if !zone_known {
        return Err(ApiError::new(
            codes::INVALID_ZONE_NOT_FOUND,
            format!("zone `{}` does not exist", f.zone_id),
        ));
    }
    let (product_known, product_field) = match service {
        Service::Bmc => (
            catalog.bmc_instance_type(f.product).is_some(),
            "instanceTypeId",
        ),
        Service::Vm => (catalog.vm_model(f.product).is_some(), "instanceType"),
        Service::Zbc => (false, "instanceType"),
    };
    if !product_known {
        return Err(ApiError::new(
            codes::INVALID_INSTANCE_TYPE_NOT_FOUND,
            format!("`{product_field}` `{}` does not exist", f.product),
        ));
    }
    let offer = catalog
        .offer(service, f.zone_id, f.product)
        .ok_or_else(|| {
            ApiError::new(
                codes::INVALID_INSTANCE_TYPE_ZONE_NO_SELL,
                format!("`{}` is not sold in zone `{}`", f.product, f.zone_id),
            )
        })?;
    if !offer.sells(charge) {
        return Err(ApiError::new(
            codes::INVALID_CHARGE_TYPE_NOT_SUPPORT,
            format!(
                "`{}` in zone `{}` is not sold as {}",
                f.product,
                f.zone_id,
                charge.name()
            ),
        ));
    }
    if !offer.internet_charge_types.contains(&internet) {
        return Err(ApiError::new(
            codes::INVALID_INSTANCE_BANDWIDTH_ZONE_NO_SELL,
            format!(
                "`internetChargeType` {} is not sold for `{}` in zone `{}`",
                internet.name(),
                f.product,
                f.zone_id
            ),
        ));
    }
    if let Some(image) = f.image_id {
        let fits = image_fits(catalog, service, f.product, image);
        if !fits {
            return Err(ApiError::new(
                codes::INVALID_IMAGE_NOT_FOUND,
                format!("image `{image}` does not exist for `{}`", f.product),
            ));
        }
    }
    let bandwidth = f.bandwidth.unwrap_or(1);
    if bandwidth < 1 {
        return Err(ApiError::invalid_parameter(
            "`internetMaxBandwidthOut` must be at least 1",
        ));
    }
    if bandwidth > offer.max_bandwidth {
        return Err(ApiError::new(
            codes::INVALID_BANDWIDTH_VALUE_EXCEED_MAXIMUM,
            format!(
                "`internetMaxBandwidthOut` {bandwidth} exceeds the maximum {} Mbps",
                offer.max_bandwidth
            ),
        ));
    }
    let package = match (internet, charge) {
        (InternetChargeType::ByTrafficPackage, ChargeType::Prepaid) => {
            let package = match f.traffic_package {
                Some(value) => traffic_package_on_grid(value)?,
                None => offer.free_traffic_package,
            };
            Some(traffic_package_in_range(package, offer)?)
        }
        // POSTPAID ByTrafficPackage pays per GB and holds no package (D-22).
        _ => None,
    };
    let name = f.name.unwrap_or("instance");
    let hostname = match service {
        Service::Bmc => Some(f.hostname.unwrap_or("hostname")),
        Service::Vm | Service::Zbc => None,
    };
    if f.creating {
        check_instance_name(name)?;
        if let Some(hostname) = hostname {
            check_hostname(hostname)?;
        }
        match (f.password, f.key_id) {
            (Some(_), Some(_)) => {
                return Err(ApiError::new(
                    codes::INVALID_PARAMETER_INSTANCE_LOGIN_CONFLICT,
                    "give either `password` or `keyId`, not both",
                ))
            }
            (None, None) => return Err(ApiError::missing_parameter("password` or `keyId")),
            (Some(password), None) => check_password(service, password)?,
            (None, Some(_)) => {}
        }
        if let Some(setup) = f.setup {
            super::setup::check(catalog, service, f.zone_id, f.product, f.image_id, setup)?;
        }
    }
    Ok(CreateSpec {
        service,
        zone_id: f.zone_id.to_owned(),
        product: f.product.to_owned(),
        image_id: f.image_id.map(str::to_owned),
        ipxe_url: f.ipxe_url.map(str::to_owned),
        name: name.to_owned(),
        hostname: hostname.map(str::to_owned),
        key_id: f.key_id.map(str::to_owned),
        subnet_id: f.subnet_id.map(str::to_owned),
        security_group_id: f.security_group_id.map(str::to_owned),
        resource_group_id: f.resource_group_id.map(str::to_owned),
        charge,
        period,
        plan: Plan {
            internet,
            bandwidth,
            package,
        },
        count,
        tags: f.tags.to_vec(),
        setup: f.setup.cloned().unwrap_or_default(),
        password_set: f.password.is_some(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{catalog, d, fields};

    fn spec(service: Service, f: &CreateFields<'_>) -> Result<CreateSpec, ApiError> {
        create_spec(catalog(), service, f)
    }

    /// D-22: PREPAID needs a period of 1 to 36 months; POSTPAID takes none.
    #[test]
    fn prepaid_needs_a_period() {
        let f = fields(Service::Bmc, "PREPAID", "ByBandwidth");
        assert_eq!(spec(Service::Bmc, &f).unwrap().period, Some(1));
        let none = CreateFields {
            period: None,
            ..f.clone()
        };
        let e = spec(Service::Bmc, &none).unwrap_err();
        assert_eq!(e.code, codes::MISSING_PARAMETER);
        assert!(
            e.message.contains("instanceChargePrepaid.period"),
            "{}",
            e.message
        );
        let long = CreateFields {
            period: Some(MAX_PERIOD + 1),
            ..f
        };
        assert_eq!(
            spec(Service::Bmc, &long).unwrap_err().code,
            codes::INVALID_PARAMETER
        );
        let postpaid = fields(Service::Vm, "POSTPAID", "ByBandwidth");
        assert_eq!(spec(Service::Vm, &postpaid).unwrap().period, None);
    }

    /// D-16, D-22: a PREPAID ByTrafficPackage instance holds a package on the grid and in
    /// the offer's range (the free one when none is asked); a POSTPAID one holds none.
    #[test]
    fn the_package_is_held_only_by_prepaid() {
        let f = fields(Service::Vm, "PREPAID", "ByTrafficPackage");
        assert_eq!(spec(Service::Vm, &f).unwrap().plan.package, Some(d("3")));
        let free = CreateFields {
            traffic_package: None,
            ..f.clone()
        };
        assert_eq!(spec(Service::Vm, &free).unwrap().plan.package, Some(d("1")));
        let off = CreateFields {
            traffic_package: Some(1.01),
            ..f.clone()
        };
        assert_eq!(
            spec(Service::Vm, &off).unwrap_err().code,
            codes::INVALID_PARAMETER_TRAFFIC_PACKAGE_ERROR
        );
        let over = CreateFields {
            traffic_package: Some(100.05),
            ..f
        };
        assert_eq!(
            spec(Service::Vm, &over).unwrap_err().code,
            codes::INVALID_PARAMETER_TRAFFIC_PACKAGE_EXCEED
        );
        let postpaid = fields(Service::Vm, "POSTPAID", "ByTrafficPackage");
        assert_eq!(spec(Service::Vm, &postpaid).unwrap().plan.package, None);
    }

    /// D-9: the zone, the product, the offer and the image must exist; the message names
    /// what does not.
    #[test]
    fn the_catalog_must_sell_what_is_asked() {
        let f = fields(Service::Bmc, "PREPAID", "ByBandwidth");
        let cases = [
            (
                CreateFields {
                    zone_id: "NOWHERE",
                    ..f.clone()
                },
                codes::INVALID_ZONE_NOT_FOUND,
            ),
            (
                CreateFields {
                    product: "M0",
                    ..f.clone()
                },
                codes::INVALID_INSTANCE_TYPE_NOT_FOUND,
            ),
            (
                CreateFields {
                    image_id: Some("img-none"),
                    ..f.clone()
                },
                codes::INVALID_IMAGE_NOT_FOUND,
            ),
            (
                CreateFields {
                    bandwidth: Some(1001),
                    ..f.clone()
                },
                codes::INVALID_BANDWIDTH_VALUE_EXCEED_MAXIMUM,
            ),
            (
                CreateFields {
                    internet_charge_type: "ByTraffic",
                    ..f.clone()
                },
                codes::INVALID_PARAMETER,
            ),
            (
                CreateFields {
                    count: Some(101),
                    ..f
                },
                codes::INVALID_PARAMETER,
            ),
        ];
        for (asked, code) in cases {
            assert_eq!(
                spec(Service::Bmc, &asked).unwrap_err().code,
                code,
                "{asked:?}"
            );
        }
    }

    /// ZENLAYER-API.md §7.1: a password of 8 to 16 characters with an upper-case letter,
    /// a lower-case letter, a digit and one of the service's special characters; a
    /// password or a key, not both. InquiryPrice checks neither.
    #[test]
    fn creating_checks_the_login() {
        let f = fields(Service::Bmc, "PREPAID", "ByBandwidth");
        for bad in [
            "Sh0rt!",
            "Waytoolong-Passw0rd",
            "alllowercase1!",
            "NoSpecial123",
            "Has#Hash1",
        ] {
            let weak = CreateFields {
                password: Some(bad),
                ..f.clone()
            };
            let e = spec(Service::Bmc, &weak).unwrap_err();
            assert_eq!(
                e.code,
                codes::INVALID_PARAMETER_VALUE_PASSWORD_MALFORMED,
                "{bad}"
            );
            assert!(e.message.contains("`password`"), "{}", e.message);
        }
        // `#` is special for vm.
        let vm = CreateFields {
            password: Some("Has#Hash1"),
            ..fields(Service::Vm, "PREPAID", "ByBandwidth")
        };
        assert!(spec(Service::Vm, &vm).is_ok());
        let both = CreateFields {
            key_id: Some("key-1"),
            ..f.clone()
        };
        assert_eq!(
            spec(Service::Bmc, &both).unwrap_err().code,
            codes::INVALID_PARAMETER_INSTANCE_LOGIN_CONFLICT
        );
        let inquiry = CreateFields {
            password: None,
            creating: false,
            ..f
        };
        assert!(spec(Service::Bmc, &inquiry).is_ok());
    }
}
