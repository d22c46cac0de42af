//! Instances of both services and their lifecycle (D-20 to D-25): creation with its
//! charge, power, terminate and release, and the billing that time drives — provisioning
//! steps, PREPAID cycle ends and renewals, POSTPAID usage settled daily.
//!
//! Every function returns the [`Changes`] to write; the store writes them in one
//! transaction.

use crate::account::{self, Account, LedgerEntry, TransactionType};
use crate::catalog::{Catalog, ChargeType, InternetChargeType, Offer};
use crate::event::EventKind;
use crate::order::{Order, OrderKind, OrderStatus};
use crate::price::{self, Plan};
use crate::time::MONTH_SECONDS;
use crate::{codes, ApiError, Timestamp};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
pub use zenlocal_wire::model::common::Tag;
pub use zenlocal_wire::Service;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum InstanceStatus {
    Pending,
    Creating,
    Installing,
    Running,
    Stopping,
    Stopped,
    Booting,
    /// vm: CreateImage copies the system disk; nothing else may be done meanwhile (D-173).
    Imaging,
    Recycle,
}

impl InstanceStatus {
    pub const ALL: [InstanceStatus; 9] = [
        InstanceStatus::Pending,
        InstanceStatus::Creating,
        InstanceStatus::Installing,
        InstanceStatus::Running,
        InstanceStatus::Stopping,
        InstanceStatus::Stopped,
        InstanceStatus::Booting,
        InstanceStatus::Imaging,
        InstanceStatus::Recycle,
    ];

    pub fn name(self) -> &'static str {
        match self {
            InstanceStatus::Pending => "PENDING",
            InstanceStatus::Creating => "CREATING",
            InstanceStatus::Installing => "INSTALLING",
            InstanceStatus::Running => "RUNNING",
            InstanceStatus::Stopping => "STOPPING",
            InstanceStatus::Stopped => "STOPPED",
            InstanceStatus::Booting => "BOOTING",
            InstanceStatus::Imaging => "IMAGING",
            InstanceStatus::Recycle => "RECYCLE",
        }
    }

    pub fn parse(name: &str) -> Option<InstanceStatus> {
        InstanceStatus::ALL.into_iter().find(|s| s.name() == name)
    }

    fn provisioning(self) -> bool {
        matches!(
            self,
            InstanceStatus::Pending | InstanceStatus::Creating | InstanceStatus::Installing
        )
    }
}

/// One bmc or vm instance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instance {
    pub id: String,
    pub account_id: String,
    pub service: Service,
    pub zone_id: String,
    /// The bmc instance type or the vm model.
    pub product: String,
    pub name: String,
    pub hostname: Option<String>,
    pub image_id: Option<String>,
    pub ipxe_url: Option<String>,
    pub key_id: Option<String>,
    pub resource_group_id: Option<String>,
    pub charge_type: ChargeType,
    /// Months per cycle, PREPAID only.
    pub period: Option<i64>,
    pub internet: InternetChargeType,
    /// Mbps.
    pub bandwidth: i64,
    /// TB; `None` for ByBandwidth and for POSTPAID ByTrafficPackage (D-22).
    pub traffic_package: Option<Decimal>,
    pub status: InstanceStatus,
    pub created_at: Timestamp,
    /// End of the current PREPAID cycle (D-8).
    pub expires_at: Option<Timestamp>,
    pub auto_renew: bool,
    pub recycled_at: Option<Timestamp>,
    pub private_ip: String,
    pub public_ip: String,
    /// POSTPAID: hours started since creation that have been accrued (D-24).
    pub usage_hours: i64,
    /// POSTPAID: list amount accrued and not yet settled into the ledger.
    pub usage_unsettled: Decimal,
    #[serde(default)]
    pub tags: Vec<Tag>,
    /// Plan changes under way or scheduled, at most one per item (D-11, D-13).
    #[serde(default)]
    pub pending: Vec<crate::plan::PendingChange>,
}

impl Instance {
    pub fn plan(&self) -> Plan {
        Plan {
            internet: self.internet,
            bandwidth: self.bandwidth,
            package: self.traffic_package,
        }
    }

    pub fn offer<'c>(&self, catalog: &'c Catalog) -> Option<&'c Offer> {
        catalog.offer(self.service, &self.zone_id, &self.product)
    }
}

/// How long the simulated machinery takes, in seconds (D-20, D-25); 0 = at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timings {
    pub provisioning: i64,
    pub power: i64,
    pub recycle: i64,
    /// How long an immediate plan change shows `Processing` (D-11).
    pub processing: i64,
    /// How long CreateImage takes: the image is CREATING, the instance IMAGING (D-173).
    pub imaging: i64,
}

impl Default for Timings {
    fn default() -> Self {
        Timings {
            provisioning: 10,
            power: 5,
            recycle: 24 * 3600,
            processing: 5,
            imaging: 10,
        }
    }
}

/// Fresh identifiers, supplied by the caller so that the rules stay pure.
pub trait Ids {
    fn instance_id(&mut self) -> String;
    fn order_number(&mut self) -> String;
}

/// A stock change of one offer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StockDelta {
    pub service: Service,
    pub zone_id: String,
    pub product: String,
    pub delta: i64,
}

/// Everything one command writes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    pub accounts: Vec<Account>,
    pub ledger: Vec<LedgerEntry>,
    pub instances: Vec<Instance>,
    pub released: Vec<String>,
    pub orders: Vec<Order>,
    pub events: Vec<(Timestamp, EventKind)>,
    pub stock: Vec<StockDelta>,
}

fn not_found(id: &str) -> ApiError {
    ApiError::new(
        codes::INVALID_INSTANCE_NOT_FOUND,
        format!("instance `{id}` does not exist"),
    )
}

/// The instance if it belongs to `account_id`; another account's instance is reported
/// exactly like a missing one (D-6).
pub fn owned(instance: Option<Instance>, account_id: &str, id: &str) -> Result<Instance, ApiError> {
    instance
        .filter(|i| i.account_id == account_id)
        .ok_or_else(|| not_found(id))
}

// ------------------------------------------------------------------ creation

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
    pub resource_group_id: Option<String>,
    pub charge: ChargeType,
    pub period: Option<i64>,
    pub plan: Plan,
    pub count: i64,
    pub tags: Vec<Tag>,
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
    pub resource_group_id: Option<&'a str>,
    pub charge_type: &'a str,
    pub period: Option<i64>,
    pub internet_charge_type: &'a str,
    pub bandwidth: Option<i64>,
    pub traffic_package: Option<f64>,
    pub count: Option<i64>,
    pub tags: &'a [Tag],
    /// CreateInstances checks login and names; InquiryPrice does not take them.
    pub creating: bool,
}

/// The longest account of periods a PREPAID purchase may cover, in months.
pub const MAX_PERIOD: i64 = 36;

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

fn internet_charge_type(value: &str) -> Result<InternetChargeType, ApiError> {
    match value {
        "ByBandwidth" => Ok(InternetChargeType::ByBandwidth),
        "ByTrafficPackage" => Ok(InternetChargeType::ByTrafficPackage),
        other => Err(ApiError::invalid_parameter(format!(
            "`internetChargeType` must be ByBandwidth or ByTrafficPackage, not `{other}`"
        ))),
    }
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
fn check_password(service: Service, password: &str) -> Result<(), ApiError> {
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
        let fits = match service {
            Service::Bmc => catalog.bmc.images.iter().any(|i| {
                i.id == image
                    && (i.instance_types.is_empty()
                        || i.instance_types.iter().any(|t| t == f.product))
            }),
            // A custom image is the account's: it is looked up in the create's own
            // transaction (D-176).
            Service::Vm => {
                catalog.vm.images.iter().any(|i| i.id == image) || crate::image::is_custom_id(image)
            }
            Service::Zbc => false,
        };
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
        check_name(
            name,
            "instanceName",
            codes::INVALID_PARAMETER_INSTANCE_NAME_EXCEED,
            codes::INVALID_PARAMETER,
        )?;
        if let Some(hostname) = hostname {
            check_name(
                hostname,
                "hostname",
                codes::INVALID_PARAMETER_HOSTNAME_EXCEED,
                codes::INVALID_PARAMETER_HOSTNAME_MALFORMED,
            )?;
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
    })
}

/// What a PREPAID purchase of `spec` costs the account, split as InquiryPrice shows it:
/// the network share is the rounded total less the rounded model share, so the parts add
/// up to exactly the charge (D-22).
pub fn purchase_price(
    offer: &Offer,
    spec: &CreateSpec,
    discount: Decimal,
) -> (price::Split, price::Split) {
    let months = Decimal::from(spec.period.unwrap_or(1) * spec.count);
    let list = price::monthly(offer, spec.plan).times(months);
    let total = price::charge(list.total(), discount);
    let model = price::charge(list.model, discount);
    (
        list,
        price::Split {
            model,
            network: total - model,
        },
    )
}

fn ip_from(id: &str, first: u8) -> String {
    let digits: u64 = id.bytes().fold(0u64, |acc, b| {
        acc.wrapping_mul(31).wrapping_add(u64::from(b))
    });
    format!(
        "{first}.{}.{}.{}",
        (digits >> 16) & 0xff,
        (digits >> 8) & 0xff,
        (digits & 0xfe) + 1
    )
}

/// The answer of CreateInstances.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    pub instance_ids: Vec<String>,
    pub order_number: String,
}

/// Creates `spec.count` instances: stock is taken, PREPAID is charged one period up front
/// with one order and one ledger entry (D-22), and provisioning is scheduled (D-20).
/// `stock_left` is what remains of the offer.
pub fn create(
    catalog: &Catalog,
    account: &Account,
    spec: &CreateSpec,
    stock_left: i64,
    timings: Timings,
    ids: &mut dyn Ids,
    now: Timestamp,
) -> Result<(Changes, Created), ApiError> {
    let offer = catalog
        .offer(spec.service, &spec.zone_id, &spec.product)
        .ok_or_else(|| {
            ApiError::new(
                codes::INVALID_INSTANCE_TYPE_ZONE_NO_SELL,
                format!("`{}` is not sold in zone `{}`", spec.product, spec.zone_id),
            )
        })?;
    if stock_left < spec.count {
        return Err(ApiError::new(
            codes::RESOURCE_INSUFFICIENT_PRODUCT_SOLD_OUT,
            format!(
                "only {} of `{}` left in zone `{}`",
                stock_left.max(0),
                spec.product,
                spec.zone_id
            ),
        ));
    }
    let total = match spec.charge {
        ChargeType::Prepaid => purchase_price(offer, spec, account.discount).1.total(),
        ChargeType::Postpaid => Decimal::ZERO,
    };
    if total > account.balance {
        return Err(ApiError::new(
            codes::OPERATION_DENIED_INSUFFICIENT_BALANCE,
            format!(
                "the balance {} does not cover the {} this purchase costs",
                account.balance, total
            ),
        ));
    }
    let order_number = ids.order_number();
    let mut changes = Changes::default();
    let expires_at = spec.period.map(|months| now.plus(months * MONTH_SECONDS));
    let share = price::charge(total / Decimal::from(spec.count), Decimal::ONE_HUNDRED);
    let mut instance_ids = Vec::with_capacity(spec.count as usize);
    for n in 0..spec.count {
        let id = ids.instance_id();
        let instance = Instance {
            id: id.clone(),
            account_id: account.id.clone(),
            service: spec.service,
            zone_id: spec.zone_id.clone(),
            product: spec.product.clone(),
            name: spec.name.clone(),
            hostname: spec.hostname.clone(),
            image_id: spec.image_id.clone(),
            ipxe_url: spec.ipxe_url.clone(),
            key_id: spec.key_id.clone(),
            resource_group_id: spec.resource_group_id.clone(),
            charge_type: spec.charge,
            period: spec.period,
            internet: spec.plan.internet,
            bandwidth: spec.plan.bandwidth,
            traffic_package: spec.plan.package,
            status: InstanceStatus::Pending,
            created_at: now,
            expires_at,
            auto_renew: spec.charge == ChargeType::Prepaid,
            recycled_at: None,
            private_ip: ip_from(&id, 10),
            public_ip: ip_from(&id.chars().rev().collect::<String>(), 98),
            usage_hours: 0,
            usage_unsettled: Decimal::ZERO,
            tags: spec.tags.clone(),
            pending: Vec::new(),
        };
        // The last line takes the rounding remainder, so the lines add up to the charge.
        let amount = if n + 1 == spec.count {
            total - share * Decimal::from(spec.count - 1)
        } else {
            share
        };
        changes.orders.push(Order {
            number: order_number.clone(),
            account_id: account.id.clone(),
            instance_id: id.clone(),
            kind: OrderKind::Create,
            from: None,
            to: Some(spec.product.clone()),
            amount,
            status: OrderStatus::Paid,
            created_at: now,
            effective_at: now,
        });
        schedule_provisioning(&mut changes, instance, timings, now);
        instance_ids.push(id);
    }
    if let (ChargeType::Prepaid, Some(expires_at)) = (spec.charge, expires_at) {
        for id in &instance_ids {
            changes.events.push((
                expires_at,
                EventKind::CycleEnd {
                    account_id: account.id.clone(),
                    instance_id: id.clone(),
                    expires_at,
                },
            ));
        }
    } else {
        for id in &instance_ids {
            changes.events.push((
                next_utc_midnight(now),
                EventKind::SettleUsage {
                    account_id: account.id.clone(),
                    instance_id: id.clone(),
                },
            ));
        }
    }
    if total > Decimal::ZERO {
        let (updated, entry) = account::post(
            account,
            TransactionType::Consume,
            total,
            Some(order_number.clone()),
            &format!(
                "create {} x {} {} ({} month(s))",
                spec.count,
                spec.service.name(),
                spec.product,
                spec.period.unwrap_or(0)
            ),
            now,
        );
        changes.accounts.push(updated);
        changes.ledger.push(entry);
    }
    changes.stock.push(StockDelta {
        service: spec.service,
        zone_id: spec.zone_id.clone(),
        product: spec.product.clone(),
        delta: spec.count,
    });
    Ok((
        changes,
        Created {
            instance_ids,
            order_number,
        },
    ))
}

/// The steps of provisioning (D-20): PENDING, then CREATING, for bmc INSTALLING, then
/// RUNNING after the provisioning time; with no provisioning time RUNNING at once.
fn schedule_provisioning(
    changes: &mut Changes,
    mut instance: Instance,
    timings: Timings,
    now: Timestamp,
) {
    let p = timings.provisioning;
    if p <= 0 {
        instance.status = InstanceStatus::Running;
        changes.instances.push(instance);
        return;
    }
    let mut steps = vec![(p / 5, InstanceStatus::Creating)];
    if instance.service == Service::Bmc {
        steps.push((p / 2, InstanceStatus::Installing));
    }
    steps.push((p, InstanceStatus::Running));
    let mut last = 0;
    for (offset, status) in steps {
        if offset > last || status == InstanceStatus::Running {
            changes.events.push((
                now.plus(offset),
                EventKind::Provision {
                    account_id: instance.account_id.clone(),
                    instance_id: instance.id.clone(),
                    status,
                },
            ));
            last = offset;
        }
    }
    changes.instances.push(instance);
}

pub fn next_utc_midnight(t: Timestamp) -> Timestamp {
    Timestamp((t.seconds().div_euclid(86_400) + 1) * 86_400)
}

// ------------------------------------------------------------------ power

/// Validates a batch of instance ids (D-21): 1 to 100, duplicates removed, sorted so that
/// every command locks instances in the same order.
pub fn batch_ids(ids: &[String]) -> Result<Vec<String>, ApiError> {
    if ids.is_empty() || ids.len() > 100 {
        return Err(ApiError::invalid_parameter(
            "`instanceIds` must name 1 to 100 instances",
        ));
    }
    let mut unique = ids.to_vec();
    unique.sort_unstable();
    unique.dedup();
    Ok(unique)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Power {
    Start,
    Stop,
}

/// Starts or stops every instance of a batch, or none (D-21): each must be STOPPED
/// (start) or RUNNING (stop) and not in the recycle bin.
pub fn power(
    instances: Vec<Instance>,
    action: Power,
    timings: Timings,
    now: Timestamp,
) -> Result<Changes, ApiError> {
    let (from, through, to, code) = match action {
        Power::Start => (
            InstanceStatus::Stopped,
            InstanceStatus::Booting,
            InstanceStatus::Running,
            codes::OPERATION_DENIED_INSTANCE_NOT_STOPPED,
        ),
        Power::Stop => (
            InstanceStatus::Running,
            InstanceStatus::Stopping,
            InstanceStatus::Stopped,
            codes::OPERATION_DENIED_INSTANCE_NOT_RUNNING,
        ),
    };
    for i in &instances {
        if i.status == InstanceStatus::Recycle {
            return Err(ApiError::new(
                codes::OPERATION_DENIED_INSTANCE_RECYCLED,
                format!("instance `{}` is in the recycle bin", i.id),
            ));
        }
        if i.status != from {
            return Err(ApiError::new(
                code,
                format!(
                    "instance `{}` is {}; only {} instances can be {}",
                    i.id,
                    i.status.name(),
                    from.name(),
                    if action == Power::Start {
                        "started"
                    } else {
                        "stopped"
                    }
                ),
            ));
        }
    }
    let mut changes = Changes::default();
    for mut i in instances {
        if timings.power <= 0 {
            i.status = to;
        } else {
            i.status = through;
            changes.events.push((
                now.plus(timings.power),
                EventKind::PowerDone {
                    account_id: i.account_id.clone(),
                    instance_id: i.id.clone(),
                    from: through,
                    to,
                },
            ));
        }
        changes.instances.push(i);
    }
    Ok(changes)
}

// ------------------------------------------------------------------ POSTPAID usage

/// Accrues the hours started up to `t` at the plan price now in force (D-24). An hour
/// counts once it has started: `inclusive` counts one starting exactly at `t`.
pub fn accrue(instance: &mut Instance, offer: &Offer, t: Timestamp, inclusive: bool) {
    if instance.charge_type != ChargeType::Postpaid || t < instance.created_at {
        return;
    }
    let elapsed = t.seconds() - instance.created_at.seconds();
    let started = if inclusive {
        elapsed / 3600 + 1
    } else {
        (elapsed + 3599) / 3600
    };
    let new_hours = started - instance.usage_hours;
    if new_hours > 0 {
        instance.usage_unsettled +=
            price::hourly(offer, instance.plan()).total() * Decimal::from(new_hours);
        instance.usage_hours = started;
    }
}

/// Posts the accrued usage into the ledger (D-24); the balance may go negative.
fn settle(
    instance: &mut Instance,
    account: &Account,
    at: Timestamp,
) -> Option<(Account, LedgerEntry)> {
    let amount = price::charge(instance.usage_unsettled, account.discount);
    instance.usage_unsettled = Decimal::ZERO;
    (amount > Decimal::ZERO).then(|| {
        account::post(
            account,
            TransactionType::Consume,
            amount,
            None,
            &format!(
                "POSTPAID usage of {} {}",
                instance.service.name(),
                instance.id
            ),
            at,
        )
    })
}

// ------------------------------------------------------------------ terminate and release

fn to_recycle(changes: &mut Changes, instance: &mut Instance, at: Timestamp, timings: Timings) {
    crate::plan::cancel_scheduled(instance, changes, at);
    instance.status = InstanceStatus::Recycle;
    instance.recycled_at = Some(at);
    instance.auto_renew = false;
    changes.events.push((
        at.plus(timings.recycle),
        EventKind::Release {
            account_id: instance.account_id.clone(),
            instance_id: instance.id.clone(),
            recycled_at: at,
        },
    ));
}

/// TerminateInstance (D-25): POSTPAID goes to the recycle bin now with its usage settled;
/// PREPAID stops renewing and goes there at the end of its cycle.
pub fn terminate(
    catalog: &Catalog,
    mut instance: Instance,
    account: &Account,
    timings: Timings,
    now: Timestamp,
) -> Result<Changes, ApiError> {
    match instance.status {
        InstanceStatus::Recycle => {
            return Err(ApiError::new(
                codes::OPERATION_DENIED_INSTANCE_RECYCLED,
                format!("instance `{}` is already in the recycle bin", instance.id),
            ))
        }
        InstanceStatus::Pending | InstanceStatus::Creating => {
            return Err(ApiError::new(
                codes::OPERATION_DENIED_INSTANCE_CREATING,
                format!("instance `{}` is still being created", instance.id),
            ))
        }
        InstanceStatus::Installing => {
            return Err(ApiError::new(
                codes::OPERATION_DENIED_INSTANCE_STATUS_INSTALLING,
                format!(
                    "instance `{}` is installing its operating system",
                    instance.id
                ),
            ))
        }
        _ => {}
    }
    let mut changes = Changes::default();
    match instance.charge_type {
        ChargeType::Prepaid => instance.auto_renew = false,
        ChargeType::Postpaid => {
            if let Some(offer) = instance.offer(catalog) {
                accrue(&mut instance, offer, now, true);
            }
            if let Some((updated, entry)) = settle(&mut instance, account, now) {
                changes.accounts.push(updated);
                changes.ledger.push(entry);
            }
            to_recycle(&mut changes, &mut instance, now, timings);
        }
    }
    changes.instances.push(instance);
    Ok(changes)
}

/// Releases instances for good (D-25): all must be in the recycle bin, or none is
/// released (D-21). Stock goes back to the offer.
pub fn release(instances: Vec<Instance>) -> Result<Changes, ApiError> {
    if let Some(i) = instances
        .iter()
        .find(|i| i.status != InstanceStatus::Recycle)
    {
        return Err(ApiError::new(
            codes::OPERATION_DENIED_INSTANCE_NOT_RECYCLED,
            format!(
                "instance `{}` is {}; only instances in the recycle bin can be released",
                i.id,
                i.status.name()
            ),
        ));
    }
    let mut changes = Changes::default();
    for i in instances {
        changes.stock.push(StockDelta {
            service: i.service,
            zone_id: i.zone_id.clone(),
            product: i.product.clone(),
            delta: -1,
        });
        changes.released.push(i.id);
    }
    Ok(changes)
}

// ------------------------------------------------------------------ events

/// Applies an instance event that fell due at `at`. Events that no longer match the
/// instance (released, or its state moved on) change nothing.
pub fn apply_event(
    catalog: &Catalog,
    kind: &EventKind,
    instance: Option<Instance>,
    account: Option<&Account>,
    timings: Timings,
    ids: &mut dyn Ids,
    at: Timestamp,
) -> Changes {
    let mut changes = Changes::default();
    let Some(mut instance) = instance else {
        return changes;
    };
    match kind {
        EventKind::Provision { status, .. } => {
            if instance.status.provisioning() {
                instance.status = *status;
                changes.instances.push(instance);
            }
        }
        EventKind::PowerDone { from, to, .. } => {
            if instance.status == *from {
                instance.status = *to;
                changes.instances.push(instance);
            }
        }
        EventKind::CycleEnd { expires_at, .. } => {
            if instance.expires_at == Some(*expires_at)
                && instance.status != InstanceStatus::Recycle
            {
                if let Some(account) = account {
                    cycle_end(catalog, &mut changes, instance, account, timings, ids, at);
                }
            }
        }
        EventKind::SettleUsage { .. } => {
            if instance.status != InstanceStatus::Recycle {
                if let (Some(offer), Some(account)) = (instance.offer(catalog), account) {
                    accrue(&mut instance, offer, at, false);
                    if let Some((updated, entry)) = settle(&mut instance, account, at) {
                        changes.accounts.push(updated);
                        changes.ledger.push(entry);
                    }
                }
                changes.events.push((
                    next_utc_midnight(at),
                    EventKind::SettleUsage {
                        account_id: instance.account_id.clone(),
                        instance_id: instance.id.clone(),
                    },
                ));
                changes.instances.push(instance);
            }
        }
        EventKind::Release { recycled_at, .. } => {
            if instance.status == InstanceStatus::Recycle
                && instance.recycled_at == Some(*recycled_at)
            {
                if let Ok(released) = release(vec![instance]) {
                    changes = released;
                }
            }
        }
        EventKind::ChangeDone { item, .. } => {
            // POSTPAID: the hours that started while the change was processing were at
            // the old plan (D-24).
            if let Some(offer) = instance.offer(catalog) {
                accrue(&mut instance, offer, at, false);
            }
            if crate::plan::finish(&mut instance, *item, &mut changes) {
                changes.instances.push(instance);
            }
        }
        // Applied where their rows are: the ledger (deposits), the image (D-173).
        EventKind::Deposit { .. } | EventKind::ImageReady { .. } => {}
    }
    changes
}

/// The end of a PREPAID cycle (D-23): renew at the plan price when `autoRenew` and the
/// balance allows, else to the recycle bin.
fn cycle_end(
    catalog: &Catalog,
    changes: &mut Changes,
    mut instance: Instance,
    account: &Account,
    timings: Timings,
    ids: &mut dyn Ids,
    at: Timestamp,
) {
    let period = instance.period.unwrap_or(1);
    // Scheduled downgrades apply first and the renewal is charged at the new plan's price;
    // an instance that does not renew keeps its plan and its downgrades are cancelled.
    let mut renewed = instance.clone();
    let mut applied = Changes::default();
    crate::plan::apply_scheduled(&mut renewed, &mut applied, at);
    let bought = crate::plan::with_processing(&renewed);
    let renewal = bought.offer(catalog).map(|offer| {
        price::charge(
            price::monthly(offer, bought.plan()).total() * Decimal::from(period),
            account.discount,
        )
    });
    match renewal {
        Some(amount) if instance.auto_renew && amount <= account.balance => {
            instance = renewed;
            changes.orders.append(&mut applied.orders);
            changes.stock.append(&mut applied.stock);
            let next = at.plus(period * MONTH_SECONDS);
            let number = ids.order_number();
            let (updated, entry) = account::post(
                account,
                TransactionType::Consume,
                amount,
                Some(number.clone()),
                &format!(
                    "renew {} {} ({} month(s))",
                    instance.service.name(),
                    instance.id,
                    period
                ),
                at,
            );
            changes.accounts.push(updated);
            changes.ledger.push(entry);
            changes.orders.push(Order {
                number,
                account_id: instance.account_id.clone(),
                instance_id: instance.id.clone(),
                kind: OrderKind::Renew,
                from: Some(at.to_string()),
                to: Some(next.to_string()),
                amount,
                status: OrderStatus::Paid,
                created_at: at,
                effective_at: at,
            });
            instance.expires_at = Some(next);
            changes.events.push((
                next,
                EventKind::CycleEnd {
                    account_id: instance.account_id.clone(),
                    instance_id: instance.id.clone(),
                    expires_at: next,
                },
            ));
        }
        _ => to_recycle(changes, &mut instance, at, timings),
    }
    changes.instances.push(instance);
}
