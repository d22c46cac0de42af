//! vm disks (docs/decisions.md D-160 to D-169): zone resources of a catalog category,
//! bought by CreateDisks (billed on their own, PREPAID or POSTPAID, through the one billing
//! path) or with an instance (system and data disks paid with it, D-160); attached,
//! detached and moved over the disk time, grown by ResizeDisk at the prorated price of
//! the plan changes, and recycled, renewed and released like instances.

use crate::account::Account;
use crate::billing::{self, Billable};
use crate::catalog::{Catalog, ChargeType, DiskOffer};
use crate::describe::page;
use crate::instance::MAX_PERIOD;
use crate::model::{
    Changes, Disk, DiskStatus, DiskType, EventKind, Ids, Instance, InstanceStatus, Order,
    OrderKind, ResourceRef, Subscription, Timings,
};
use crate::plan::Quote;
use crate::{codes, price, ApiError, Timestamp};
use rust_decimal::Decimal;
use std::collections::HashMap;
use zenlocal_wire::model::common::{Tag, TagAssociation};
use zenlocal_wire::model::vm;

/// Data disks an instance may have attached (D-164: "usually 15").
pub const MAX_ATTACHED: usize = 15;
/// Disks one AttachDisks, DetachDisks or ChangeDisksAttach may name (D-164).
pub const MAX_PER_REQUEST: usize = 10;
/// Disks one CreateDisks may buy (D-165).
pub const MAX_AMOUNT: i64 = 50;

impl Billable for Disk {
    fn resource(&self) -> ResourceRef {
        ResourceRef::disk(&self.id)
    }

    fn account_id(&self) -> &str {
        &self.account_id
    }

    fn subscription(&self) -> &Subscription {
        &self.billing
    }

    fn subscription_mut(&mut self) -> &mut Subscription {
        &mut self.billing
    }

    fn started_at(&self) -> Timestamp {
        self.created_at
    }

    fn label(&self) -> String {
        format!("disk {}", self.id)
    }

    /// Its category's price per GB times its size (D-162); a resize under way is paid.
    fn monthly_price(&self, catalog: &Catalog) -> Option<Decimal> {
        let offer = catalog.disk_offer(&self.zone_id, &self.category)?;
        Some(offer.monthly_price_per_gb * Decimal::from(self.size))
    }

    fn hourly_price(&self, catalog: &Catalog) -> Option<Decimal> {
        let offer = catalog.disk_offer(&self.zone_id, &self.category)?;
        Some(offer.hourly_price_per_gb * Decimal::from(self.size))
    }

    /// A disk has no changes waiting for the cycle end: a resize is immediate (D-166).
    fn apply_scheduled(&mut self, _changes: &mut Changes, _at: Timestamp) {}

    fn cancel_scheduled(&mut self, _changes: &mut Changes, _at: Timestamp) {}

    /// In the recycle bin a disk is detached (D-167).
    fn enter_recycle_bin(&mut self) {
        self.status = DiskStatus::Recycled;
        self.instance_id = None;
    }
}

fn error(code: zenlocal_wire::Code, message: String) -> ApiError {
    ApiError::new(code, message)
}

/// A disk name (D-165): 1 to 64 letters, digits, `-` and `.`, starting with a letter or
/// a digit (the CreateDisks page).
pub fn check_name(name: &str) -> Result<(), ApiError> {
    let ok = (1..=64).contains(&name.chars().count())
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
    if ok {
        Ok(())
    } else {
        Err(ApiError::invalid_parameter(format!(
            "`diskName` must be 1 to 64 letters, digits, `-` and `.`, starting with a letter \
             or digit, not `{name}`"
        )))
    }
}

/// The category asked for in a vm zone, or the zone's first (D-162).
pub fn offer<'c>(
    catalog: &'c Catalog,
    zone_id: &str,
    category: Option<&str>,
    field: &str,
) -> Result<&'c DiskOffer, ApiError> {
    if catalog.vm_zone(zone_id).is_none() {
        return Err(error(
            codes::INVALID_ZONE_NOT_FOUND,
            format!("zone `{zone_id}` does not exist"),
        ));
    }
    let found = match category {
        Some(category) => catalog.disk_offer(zone_id, category),
        None => catalog.disk_offers(zone_id).next(),
    };
    found.ok_or_else(|| {
        let sold: Vec<&str> = catalog
            .disk_offers(zone_id)
            .map(|o| o.category.as_str())
            .collect();
        ApiError::invalid_parameter(format!(
            "`{field}` must be a disk category of zone `{zone_id}` ({}), not `{}`",
            sold.join(", "),
            category.unwrap_or("")
        ))
    })
}

fn check_size(offer: &DiskOffer, min: i64, size: i64, field: &str) -> Result<(), ApiError> {
    if (min..=offer.max_size).contains(&size) {
        Ok(())
    } else {
        Err(ApiError::invalid_parameter(format!(
            "`{field}` must be between {min} and {} GB for {} disks, not {size}",
            offer.max_size, offer.category
        )))
    }
}

/// What CreateDisks and InquiryPriceCreateDisks ask for, as sent.
#[derive(Debug, Clone, Default)]
pub struct PurchaseFields<'a> {
    pub zone_id: &'a str,
    pub category: Option<&'a str>,
    pub size: i64,
    pub amount: Option<i64>,
    pub charge_type: &'a str,
    pub period: Option<i64>,
}

/// A disk purchase, checked (D-162, D-165).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Purchase {
    pub zone_id: String,
    pub category: String,
    pub size: i64,
    pub amount: i64,
    pub charge: ChargeType,
    pub period: Option<i64>,
}

/// Checks a purchase in the order of D-165: charge type, period, amount, zone, category,
/// the charge type sold there, size.
pub fn purchase(catalog: &Catalog, f: &PurchaseFields<'_>) -> Result<Purchase, ApiError> {
    let charge = ChargeType::parse(f.charge_type).ok_or_else(|| {
        ApiError::invalid_parameter(format!(
            "`chargeType` must be PREPAID or POSTPAID, not `{}`",
            f.charge_type
        ))
    })?;
    let period = match charge {
        ChargeType::Prepaid => {
            let period = f
                .period
                .ok_or_else(|| ApiError::missing_parameter("chargePrepaid.period"))?;
            if !(1..=MAX_PERIOD).contains(&period) {
                return Err(ApiError::invalid_parameter(format!(
                    "`chargePrepaid.period` must be between 1 and {MAX_PERIOD} months"
                )));
            }
            Some(period)
        }
        ChargeType::Postpaid => None,
    };
    let amount = f.amount.unwrap_or(1);
    if !(1..=MAX_AMOUNT).contains(&amount) {
        return Err(ApiError::invalid_parameter(format!(
            "`diskAmount` must be between 1 and {MAX_AMOUNT}"
        )));
    }
    let offer = offer(catalog, f.zone_id, f.category, "diskCategory")?;
    if !offer.charge_types.contains(&charge) {
        return Err(error(
            codes::INVALID_CHARGE_TYPE_NOT_SUPPORT,
            format!(
                "{} disks are not sold {} in zone `{}`",
                offer.category,
                charge.name(),
                f.zone_id
            ),
        ));
    }
    check_size(offer, offer.min_size, f.size, "diskSize")?;
    Ok(Purchase {
        zone_id: f.zone_id.to_owned(),
        category: offer.category.clone(),
        size: f.size,
        amount,
        charge,
        period,
    })
}

fn purchase_offer<'c>(catalog: &'c Catalog, p: &Purchase) -> Result<&'c DiskOffer, ApiError> {
    catalog
        .disk_offer(&p.zone_id, &p.category)
        .ok_or_else(ApiError::internal)
}

/// What one disk of a PREPAID purchase costs for its period: list and paid (D-165).
fn each_prepaid(offer: &DiskOffer, p: &Purchase, discount: Decimal) -> (Decimal, Decimal) {
    let list =
        offer.monthly_price_per_gb * Decimal::from(p.size) * Decimal::from(p.period.unwrap_or(1));
    (list, price::charge(list, discount))
}

/// InquiryPriceCreateDisks (D-165): PREPAID, the list and paid amounts of all the disks
/// for the whole period, exactly what CreateDisks takes; POSTPAID, the hourly price of
/// one disk.
pub fn quote(catalog: &Catalog, p: &Purchase, discount: Decimal) -> Result<Quote, ApiError> {
    let offer = purchase_offer(catalog, p)?;
    Ok(match p.charge {
        ChargeType::Prepaid => {
            let (list, pays) = each_prepaid(offer, p, discount);
            let count = Decimal::from(p.amount);
            Quote::Prepaid {
                list: crate::money::round_cents(list * count),
                pays: pays * count,
            }
        }
        ChargeType::Postpaid => Quote::Hourly {
            unit: offer.hourly_price_per_gb * Decimal::from(p.size),
        },
    })
}

/// What a new disk is called and where it goes, besides what it costs.
#[derive(Debug, Clone, Default)]
pub struct Naming {
    pub name: String,
    pub resource_group_id: Option<String>,
    pub tags: Vec<Tag>,
}

fn can_attach_to(instance: &Instance) -> Result<(), ApiError> {
    match instance.status {
        InstanceStatus::Running | InstanceStatus::Stopped => Ok(()),
        status => Err(error(
            codes::UNSUPPORTED_OPERATION_INSTANCE_STATUS,
            format!(
                "instance `{}` is {status}; disks are attached to RUNNING or STOPPED instances",
                instance.id
            ),
        )),
    }
}

/// Room for `more` data disks on an instance holding `on_instance` (D-164).
fn check_room(instance: &Instance, on_instance: &[Disk], more: usize) -> Result<(), ApiError> {
    let held = on_instance
        .iter()
        .filter(|d| d.kind == DiskType::Data && d.instance_id.as_deref() == Some(&instance.id))
        .count();
    if held + more > MAX_ATTACHED {
        return Err(error(
            codes::LIMIT_EXCEEDED_INSTANCE_CAN_ATTACH,
            format!(
                "instance `{}` holds {held} data disks; {more} more would pass the {MAX_ATTACHED} \
                 it can attach",
                instance.id
            ),
        ));
    }
    Ok(())
}

/// Moves a disk into a transient state for the disk time, or straight to where it
/// settles when the disk time is 0 (D-163).
fn start(
    disk: &mut Disk,
    status: DiskStatus,
    changes: &mut Changes,
    timings: Timings,
    at: Timestamp,
) {
    if timings.disk > 0 {
        disk.status = status;
        changes.events.push((
            at.plus(timings.disk),
            EventKind::DiskDone {
                account_id: disk.account_id.clone(),
                resource: ResourceRef::disk(&disk.id),
            },
        ));
    } else {
        disk.status = settled(disk);
    }
}

/// Where a disk settles when its disk time is over: IN_USE on an instance, else AVAILABLE.
fn settled(disk: &Disk) -> DiskStatus {
    if disk.instance_id.is_some() {
        DiskStatus::InUse
    } else {
        DiskStatus::Available
    }
}

/// CreateDisks (D-165): `amount` portable data disks billed on their own, attached to
/// `attach_to` when given (which holds `on_instance`). PREPAID ones are paid now, one
/// order line per disk; the answer is the changes, the disk IDs and the order number.
#[allow(clippy::too_many_arguments)]
pub fn create(
    catalog: &Catalog,
    account: &Account,
    p: &Purchase,
    naming: &Naming,
    attach_to: Option<(&Instance, &[Disk])>,
    timings: Timings,
    ids: &mut dyn Ids,
    now: Timestamp,
) -> Result<(Changes, Vec<String>, String), ApiError> {
    check_name(&naming.name)?;
    if let Some((instance, on_instance)) = attach_to {
        can_attach_to(instance)?;
        check_room(instance, on_instance, p.amount as usize)?;
    }
    let offer = purchase_offer(catalog, p)?;
    let (_, each) = match p.charge {
        ChargeType::Prepaid => each_prepaid(offer, p, account.discount),
        ChargeType::Postpaid => (Decimal::ZERO, Decimal::ZERO),
    };
    let total = each * Decimal::from(p.amount);
    if total > Decimal::ZERO {
        billing::check_balance(account, total, "purchase")?;
    }
    let number = ids.order_number();
    let subscription = billing::subscribe(p.charge, p.period, now);
    let mut changes = Changes::default();
    let mut lines = Vec::new();
    let mut disk_ids = Vec::new();
    for _ in 0..p.amount {
        let mut disk = Disk {
            id: ids.disk_id(),
            account_id: account.id.clone(),
            zone_id: p.zone_id.clone(),
            name: naming.name.clone(),
            category: p.category.clone(),
            size: p.size,
            kind: DiskType::Data,
            portable: true,
            status: DiskStatus::Creating,
            instance_id: attach_to.map(|(i, _)| i.id.clone()),
            resource_group_id: naming.resource_group_id.clone(),
            created_at: now,
            paid_with: None,
            billing: subscription.clone(),
            tags: naming.tags.clone(),
        };
        start(&mut disk, DiskStatus::Creating, &mut changes, timings, now);
        lines.push(Order {
            to: Some(format!("{} GB {}", p.size, p.category)),
            amount: each,
            ..Order::new(
                &number,
                &account.id,
                disk.resource(),
                OrderKind::Create,
                now,
            )
        });
        changes.events.push(billing::first_event(
            &account.id,
            disk.resource(),
            &subscription,
            now,
        ));
        disk_ids.push(disk.id.clone());
        changes.disks.push(disk);
    }
    if total > Decimal::ZERO {
        let description = format!(
            "create {} x disk {} GB {} ({} month(s))",
            p.amount,
            p.size,
            p.category,
            p.period.unwrap_or(0)
        );
        billing::charge(&mut changes, account, lines, &description, now);
    } else {
        changes.orders.extend(lines);
    }
    Ok((changes, disk_ids, number))
}

/// A disk CreateInstances makes, as asked: category, size in GB, and whether it is
/// portable (a data disk marked `portable`, D-177).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asked {
    pub category: String,
    pub size: i64,
    pub portable: bool,
}

/// The disks of each instance of a CreateInstances (D-160): a system disk and the data
/// disks, checked against the zone's categories before anything is bought.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstanceDisks {
    pub system: Asked,
    pub data: Vec<Asked>,
}

/// What CreateInstances asks of a disk, as sent: category, size in GB, and (data disks)
/// how many and whether portable.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AskedDisk {
    pub category: Option<String>,
    pub size: Option<i64>,
    pub amount: Option<i64>,
    pub portable: Option<bool>,
}

/// CreateInstances' `systemDisk` and `dataDisks`, as sent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AskedDisks {
    pub system: AskedDisk,
    pub data: Vec<AskedDisk>,
}

/// Checks CreateInstances' `systemDisk` and `dataDisks` (D-160): known categories of the
/// zone, a system disk of at least the image's size (its default), data disks within the
/// category's limits, at most 10 data disk specs and 15 data disks.
pub fn instance_disks(
    catalog: &Catalog,
    zone_id: &str,
    image_size: i64,
    asked: &AskedDisks,
) -> Result<InstanceDisks, ApiError> {
    let (system, data) = (&asked.system, &asked.data);
    let offer_of =
        |category: &Option<String>, field| offer(catalog, zone_id, category.as_deref(), field);
    let system_offer = offer_of(&system.category, "systemDisk.diskCategory")?;
    let system_size = system.size.unwrap_or(image_size.max(system_offer.min_size));
    check_size(
        system_offer,
        image_size.max(system_offer.min_size),
        system_size,
        "systemDisk.diskSize",
    )?;
    if data.len() > 10 {
        return Err(ApiError::invalid_parameter(
            "`dataDisks` may hold at most 10 disk specs",
        ));
    }
    let mut disks = Vec::new();
    for f in data {
        let data_offer = offer_of(&f.category, "dataDisks.diskCategory")?;
        let size = f
            .size
            .ok_or_else(|| ApiError::missing_parameter("dataDisks.diskSize"))?;
        check_size(data_offer, data_offer.min_size, size, "dataDisks.diskSize")?;
        let amount = f.amount.unwrap_or(1);
        if !(1..=MAX_ATTACHED as i64).contains(&amount) {
            return Err(ApiError::invalid_parameter(format!(
                "`dataDisks.diskAmount` must be between 1 and {MAX_ATTACHED}"
            )));
        }
        for _ in 0..amount {
            disks.push(Asked {
                category: data_offer.category.clone(),
                size,
                portable: f.portable.unwrap_or(false),
            });
        }
    }
    if disks.len() > MAX_ATTACHED {
        return Err(ApiError::invalid_parameter(format!(
            "`dataDisks` ask for {} disks; an instance holds at most {MAX_ATTACHED}",
            disks.len()
        )));
    }
    Ok(InstanceDisks {
        system: Asked {
            category: system_offer.category.clone(),
            size: system_size,
            portable: false,
        },
        data: disks,
    })
}

/// The disk rows of new instances (D-160): each instance's system disk and data disks,
/// attached to it and paid with it, there as soon as the instance is; a data disk is
/// portable when asked so (D-177).
/// Answers them per instance, data disks after the system disk.
pub fn for_instances(
    instances: &[Instance],
    asked: &InstanceDisks,
    ids: &mut dyn Ids,
) -> Vec<Disk> {
    let mut disks = Vec::new();
    for instance in instances {
        let each = std::iter::once((DiskType::System, &asked.system))
            .chain(asked.data.iter().map(|a| (DiskType::Data, a)));
        for (n, (kind, a)) in each.enumerate() {
            let name = match kind {
                DiskType::System => format!("{}-system", instance.name),
                DiskType::Data => format!("{}-data-{n}", instance.name),
            };
            disks.push(Disk {
                id: ids.disk_id(),
                account_id: instance.account_id.clone(),
                zone_id: instance.zone_id.clone(),
                name,
                category: a.category.clone(),
                size: a.size,
                kind,
                portable: a.portable,
                status: DiskStatus::InUse,
                instance_id: Some(instance.id.clone()),
                resource_group_id: instance.resource_group_id.clone(),
                created_at: instance.created_at,
                paid_with: Some(instance.id.clone()),
                billing: instance.billing.clone(),
                tags: Vec::new(),
            });
        }
    }
    disks
}

/// The disks of an instance released for good at `now` (D-161): those not portable go
/// with it; portable ones attached to it stay, AVAILABLE, and one it paid for is billed on
/// its own from then (D-177).
pub fn instance_released(instance_id: &str, disks: Vec<Disk>, now: Timestamp) -> Changes {
    let mut changes = Changes::default();
    for mut disk in disks {
        if disk.instance_id.as_deref() != Some(instance_id) {
            continue;
        }
        if !disk.portable {
            changes.released.push(ResourceRef::disk(&disk.id));
        } else {
            disk.instance_id = None;
            disk.status = DiskStatus::Available;
            leave_payer(&mut disk, &mut changes, now);
            changes.disks.push(disk);
        }
    }
    changes
}

/// A portable disk bought with its instance that leaves it at `now` — detached, moved or
/// outliving it — stops being paid with it: from then it is a POSTPAID disk on its own bill,
/// its hours counted from the one that holds `now` and settled daily (D-177, D-24). A disk
/// billed on its own already is left alone.
pub fn leave_payer(disk: &mut Disk, changes: &mut Changes, now: Timestamp) {
    if disk.paid_with.take().is_none() {
        return;
    }
    let mut billing = billing::subscribe(ChargeType::Postpaid, None, now);
    // Accrual counts started hours from the disk's creation: those before the one holding
    // `now` were the instance's.
    billing.usage_hours = (now.seconds() - disk.created_at.seconds()).max(0) / 3600;
    billing.usage_settled_at = Some(now);
    disk.billing = billing;
    changes.events.push(billing::first_event(
        &disk.account_id,
        disk.resource(),
        &disk.billing,
        now,
    ));
}

/// Validates a batch of disk IDs: 1 to `max`, duplicates removed, sorted.
pub fn batch_ids(ids: &[String], max: usize) -> Result<Vec<String>, ApiError> {
    if ids.is_empty() || ids.len() > max {
        return Err(ApiError::invalid_parameter(format!(
            "`diskIds` must name 1 to {max} disks"
        )));
    }
    let mut unique = ids.to_vec();
    unique.sort_unstable();
    unique.dedup();
    Ok(unique)
}

/// The disk if it belongs to `account_id`; another account's is reported as missing (D-6).
pub fn owned(disk: Option<Disk>, account_id: &str, id: &str) -> Result<Disk, ApiError> {
    disk.filter(|d| d.account_id == account_id).ok_or_else(|| {
        error(
            codes::INVALID_DISK_NOT_FOUND,
            format!("disk `{id}` does not exist"),
        )
    })
}

fn not_portable(disk: &Disk) -> ApiError {
    let why = match (disk.kind, &disk.paid_with) {
        (DiskType::System, _) => "a system disk",
        (DiskType::Data, Some(_)) => "bought with its instance",
        (DiskType::Data, None) => "not portable",
    };
    error(
        codes::INVALID_DISK_NOT_PORTABLE,
        format!(
            "disk `{}` is {why}: it cannot be detached or moved",
            disk.id
        ),
    )
}

fn status_error(disk: &Disk, wanted: &str) -> ApiError {
    error(
        codes::UNSUPPORTED_OPERATION_DISK_STATUS,
        format!("disk `{}` is {}; it must be {wanted}", disk.id, disk.status),
    )
}

fn same_zone(disk: &Disk, instance: &Instance) -> Result<(), ApiError> {
    if disk.zone_id != instance.zone_id {
        return Err(error(
            codes::INVALID_DISK_AND_INSTANCE_ZONE_MISMATCHED,
            format!(
                "disk `{}` is in zone `{}`, instance `{}` in `{}`",
                disk.id, disk.zone_id, instance.id, instance.zone_id
            ),
        ));
    }
    Ok(())
}

/// AttachDisks (D-164): each disk portable, AVAILABLE, in the instance's zone; then the
/// instance RUNNING or STOPPED with room for them. All or none.
pub fn attach(
    disks: Vec<Disk>,
    instance: &Instance,
    on_instance: &[Disk],
    timings: Timings,
    now: Timestamp,
) -> Result<Changes, ApiError> {
    for disk in &disks {
        if !disk.portable {
            return Err(not_portable(disk));
        }
        if disk.instance_id.is_some() {
            return Err(error(
                codes::UNSUPPORTED_OPERATION_DISK_ATTACHED,
                format!(
                    "disk `{}` is already attached to instance `{}`",
                    disk.id,
                    disk.instance_id.as_deref().unwrap_or_default()
                ),
            ));
        }
        if disk.status != DiskStatus::Available {
            return Err(status_error(disk, "AVAILABLE"));
        }
        same_zone(disk, instance)?;
    }
    can_attach_to(instance)?;
    check_room(instance, on_instance, disks.len())?;
    let mut changes = Changes::default();
    for mut disk in disks {
        disk.instance_id = Some(instance.id.clone());
        start(&mut disk, DiskStatus::Attaching, &mut changes, timings, now);
        changes.disks.push(disk);
    }
    Ok(changes)
}

/// The one instance the disks of a DetachDisks are attached to (D-164), checked: each
/// disk portable and IN_USE, all on one instance.
pub fn detached_from(disks: &[Disk]) -> Result<String, ApiError> {
    let mut on = None;
    for disk in disks {
        if !disk.portable {
            return Err(not_portable(disk));
        }
        if disk.status != DiskStatus::InUse {
            return Err(status_error(disk, "IN_USE"));
        }
        let instance = disk.instance_id.clone().ok_or_else(ApiError::internal)?;
        match &on {
            None => on = Some(instance),
            Some(first) if *first != instance => {
                return Err(ApiError::invalid_parameter(
                    "`diskIds` must name disks attached to one instance",
                ))
            }
            Some(_) => {}
        }
    }
    on.ok_or_else(ApiError::internal)
}

/// DetachDisks (D-164), after [`detached_from`]: the instance RUNNING or STOPPED.
pub fn detach(
    disks: Vec<Disk>,
    instance: &Instance,
    timings: Timings,
    now: Timestamp,
) -> Result<Changes, ApiError> {
    can_attach_to(instance)?;
    let mut changes = Changes::default();
    for mut disk in disks {
        disk.instance_id = None;
        leave_payer(&mut disk, &mut changes, now);
        start(&mut disk, DiskStatus::Detaching, &mut changes, timings, now);
        changes.disks.push(disk);
    }
    Ok(changes)
}

/// ChangeDisksAttach (D-164): each disk portable, IN_USE on another instance of the
/// target's zone; then the target RUNNING or STOPPED with room for them.
pub fn change_attach(
    disks: Vec<Disk>,
    instance: &Instance,
    on_instance: &[Disk],
    timings: Timings,
    now: Timestamp,
) -> Result<Changes, ApiError> {
    for disk in &disks {
        if !disk.portable {
            return Err(not_portable(disk));
        }
        if disk.status != DiskStatus::InUse {
            return Err(status_error(disk, "IN_USE"));
        }
        if disk.instance_id.as_deref() == Some(&instance.id) {
            return Err(status_error(disk, "attached to another instance"));
        }
        same_zone(disk, instance)?;
    }
    let mut left = Changes::default();
    let disks = disks
        .into_iter()
        .map(|mut d| {
            leave_payer(&mut d, &mut left, now);
            Disk {
                instance_id: None,
                status: DiskStatus::Available,
                ..d
            }
        })
        .collect();
    let mut changes = attach(disks, instance, on_instance, timings, now)?;
    changes.events.extend(left.events);
    Ok(changes)
}

/// ModifyDisksAttributes (D-168): a new name for each.
pub fn rename(disks: Vec<Disk>, name: &str) -> Result<Vec<Disk>, ApiError> {
    check_name(name)?;
    Ok(disks
        .into_iter()
        .map(|d| Disk {
            name: name.to_owned(),
            ..d
        })
        .collect())
}

/// ModifyDisksResourceGroup (D-168).
pub fn regroup(disks: Vec<Disk>, resource_group_id: &str) -> Result<Vec<Disk>, ApiError> {
    if resource_group_id.is_empty() {
        return Err(ApiError::missing_parameter("resourceGroupId"));
    }
    Ok(disks
        .into_iter()
        .map(|d| Disk {
            resource_group_id: Some(resource_group_id.to_owned()),
            ..d
        })
        .collect())
}

fn system_type(disk: &Disk) -> Result<(), ApiError> {
    if disk.kind == DiskType::System {
        return Err(error(
            codes::UNSUPPORTED_OPERATION_DISK_SYSTEM_TYPE,
            format!("disk `{}` is a system disk; only data disks are", disk.id),
        ));
    }
    Ok(())
}

fn own_bill(disk: &Disk) -> Result<(), ApiError> {
    if let Some(instance) = &disk.paid_with {
        return Err(error(
            codes::UNSUPPORTED_OPERATION_INSTANCE_CHARGE_TYPE,
            format!(
                "disk `{}` is paid with instance `{instance}`; it changes with its plan",
                disk.id
            ),
        ));
    }
    Ok(())
}

fn not_recycled(disk: &Disk) -> Result<(), ApiError> {
    if disk.status == DiskStatus::Recycled {
        return Err(error(
            codes::UNSUPPORTED_OPERATION_DISK_BEING_RECYCLE,
            format!("disk `{}` is in the recycle bin", disk.id),
        ));
    }
    Ok(())
}

/// A disk whose category the catalog in force no longer sells in its zone.
fn no_longer_sold(disk: &Disk) -> ApiError {
    ApiError::invalid_parameter(format!(
        "{} disks are no longer sold in zone `{}`",
        disk.category, disk.zone_id
    ))
}

/// What ResizeDisk takes now (D-166), after its checks: PREPAID, the monthly price of the
/// added GB for the rest of the cycle, prorated by the plan changes' rule (D-12); POSTPAID,
/// nothing now and the hourly price at the new size from the next hour.
pub fn resize_quote(
    catalog: &Catalog,
    disk: &Disk,
    account: &Account,
    size: i64,
    now: Timestamp,
) -> Result<Quote, ApiError> {
    system_type(disk)?;
    own_bill(disk)?;
    not_recycled(disk)?;
    if !matches!(disk.status, DiskStatus::Available | DiskStatus::InUse) {
        return Err(status_error(disk, "AVAILABLE or IN_USE"));
    }
    let offer = catalog
        .disk_offer(&disk.zone_id, &disk.category)
        .ok_or_else(|| no_longer_sold(disk))?;
    if size <= disk.size {
        return Err(ApiError::invalid_parameter(format!(
            "`diskSize` must be larger than the {} GB of disk `{}`: a disk only grows",
            disk.size, disk.id
        )));
    }
    check_size(offer, disk.size, size, "diskSize")?;
    Ok(match disk.billing.charge_type {
        ChargeType::Prepaid => {
            let difference = offer.monthly_price_per_gb * Decimal::from(size - disk.size);
            let (list, pays) =
                price::prorated(difference, disk.billing.expires_at, account.discount, now);
            Quote::Prepaid { list, pays }
        }
        ChargeType::Postpaid => Quote::Hourly {
            unit: offer.hourly_price_per_gb * Decimal::from(size),
        },
    })
}

/// ResizeDisk (D-166): charged [`resize_quote`], the new size in force at once and paid
/// for by every later renewal; the disk is RESIZING for the disk time. Answers the
/// changes and the order number.
#[allow(clippy::too_many_arguments)]
pub fn resize(
    catalog: &Catalog,
    mut disk: Disk,
    account: &Account,
    size: i64,
    timings: Timings,
    ids: &mut dyn Ids,
    now: Timestamp,
) -> Result<(Changes, String), ApiError> {
    let quote = resize_quote(catalog, &disk, account, size, now)?;
    let pays = match quote {
        Quote::Prepaid { pays, .. } => pays,
        Quote::Hourly { .. } => Decimal::ZERO,
    };
    if pays > Decimal::ZERO {
        billing::check_balance(account, pays, "resize")?;
    }
    // POSTPAID: the hours started so far are at the old size (D-24).
    if let Some(hourly) = disk.hourly_price(catalog) {
        billing::accrue(&mut disk.billing, disk.created_at, hourly, now, true);
    }
    let number = ids.order_number();
    let order = Order {
        from: Some(disk.size.to_string()),
        to: Some(size.to_string()),
        amount: crate::money::round_cents(pays),
        ..Order::new(
            &number,
            &disk.account_id,
            disk.resource(),
            OrderKind::DiskSize,
            now,
        )
    };
    let description = format!("resize of disk {} to {size} GB", disk.id);
    disk.size = size;
    let mut changes = Changes::default();
    start(&mut disk, DiskStatus::Resizing, &mut changes, timings, now);
    changes.disks.push(disk);
    if pays > Decimal::ZERO {
        billing::charge(&mut changes, account, vec![order], &description, now);
    } else {
        changes.orders.push(order);
    }
    Ok((changes, number))
}

/// RenewDisk (D-167): a PREPAID data disk a cycle end put in the recycle bin is bought
/// back for another period at its price, AVAILABLE and renewing itself again.
pub fn renew(
    catalog: &Catalog,
    mut disk: Disk,
    account: &Account,
    ids: &mut dyn Ids,
    now: Timestamp,
) -> Result<(Changes, String), ApiError> {
    system_type(&disk)?;
    if disk.status != DiskStatus::Recycled
        || disk.billing.charge_type != ChargeType::Prepaid
        || disk.paid_with.is_some()
    {
        return Err(status_error(&disk, "a PREPAID disk in the recycle bin"));
    }
    let period = disk.billing.period.unwrap_or(1);
    let monthly = disk
        .monthly_price(catalog)
        .ok_or_else(|| no_longer_sold(&disk))?;
    let amount = price::charge(monthly * Decimal::from(period), account.discount);
    billing::check_balance(account, amount, "renewal")?;
    let mut changes = Changes::default();
    billing::renew(&mut changes, &mut disk, account, amount, ids, now);
    let number = changes
        .orders
        .last()
        .map(|o| o.number.clone())
        .ok_or_else(ApiError::internal)?;
    disk.billing.recycled_at = None;
    disk.billing.auto_renew = true;
    disk.status = DiskStatus::Available;
    changes.disks.push(disk);
    Ok((changes, number))
}

/// TerminateDisk (D-167): a detached POSTPAID data disk billed on its own goes to the
/// recycle bin now, its usage settled.
pub fn terminate(
    catalog: &Catalog,
    mut disk: Disk,
    account: &Account,
    timings: Timings,
    ids: &mut dyn Ids,
    now: Timestamp,
) -> Result<Changes, ApiError> {
    system_type(&disk)?;
    not_recycled(&disk)?;
    if disk.paid_with.is_none() && disk.billing.charge_type == ChargeType::Prepaid {
        return Err(error(
            codes::UNSUPPORTED_OPERATION_INSTANCE_CHARGE_TYPE,
            format!(
                "disk `{}` is PREPAID: it is returned when its subscription ends",
                disk.id
            ),
        ));
    }
    if let Some(instance) = &disk.instance_id {
        return Err(error(
            codes::UNSUPPORTED_OPERATION_DISK_ATTACHED,
            format!(
                "disk `{}` is attached to instance `{instance}`; detach it first",
                disk.id
            ),
        ));
    }
    if disk.status != DiskStatus::Available {
        return Err(status_error(&disk, "AVAILABLE"));
    }
    let mut changes = Changes::default();
    billing::terminate(catalog, &mut changes, &mut disk, account, timings, ids, now);
    changes.disks.push(disk);
    Ok(changes)
}

/// ReleaseDisk (D-167): a data disk in the recycle bin, gone for good.
pub fn release(disk: &Disk) -> Result<Changes, ApiError> {
    system_type(disk)?;
    if disk.status != DiskStatus::Recycled {
        return Err(error(
            codes::UNSUPPORTED_OPERATION_DISK_NOT_BEING_RECYCLE,
            format!(
                "disk `{}` is {}; only disks in the recycle bin can be released",
                disk.id, disk.status
            ),
        ));
    }
    Ok(Changes {
        released: vec![ResourceRef::disk(&disk.id)],
        ..Changes::default()
    })
}

/// Applies an event of a disk that fell due at `at` (D-163, D-167): the end of its disk
/// time, and the billing path's cycle ends, daily settlements and releases. Events that
/// no longer match the disk change nothing.
pub fn apply_event(
    catalog: &Catalog,
    kind: &EventKind,
    disk: Option<Disk>,
    account: Option<&Account>,
    timings: Timings,
    ids: &mut dyn Ids,
    at: Timestamp,
) -> Changes {
    let mut changes = Changes::default();
    let Some(mut disk) = disk else {
        return changes;
    };
    match kind {
        EventKind::DiskDone { .. } if disk.status.transient() => {
            disk.status = settled(&disk);
            changes.disks.push(disk);
        }
        EventKind::CycleEnd { expires_at, .. } => {
            let ended = account.and_then(|account| {
                billing::cycle_end(catalog, &mut disk, *expires_at, account, timings, ids, at)
            });
            if let Some(ended) = ended {
                changes = ended;
                changes.disks.push(disk);
            }
        }
        EventKind::SettleUsage { .. } => {
            if let Some(settled) = billing::settle_day(catalog, &mut disk, account, ids, at) {
                changes = settled;
                changes.disks.push(disk);
            }
        }
        EventKind::Release { recycled_at, .. } if billing::releasable(&disk, *recycled_at) => {
            changes.released.push(ResourceRef::disk(&disk.id));
        }
        _ => {}
    }
    changes
}

/// DescribeDiskCategory (D-162): per zone (the one asked, or every vm zone selling
/// disks), the categories sold with the charge type asked.
pub fn categories(
    catalog: &Catalog,
    req: &vm::DescribeDiskCategoryRequest,
) -> Result<vm::DescribeDiskCategoryResponse, ApiError> {
    let charge = req
        .instance_charge_type
        .as_deref()
        .map(crate::describe::charge_type)
        .transpose()?;
    if let Some(zone) = &req.zone_id {
        if catalog.vm_zone(zone).is_none() {
            return Err(error(
                codes::INVALID_ZONE_NOT_FOUND,
                format!("zone `{zone}` does not exist"),
            ));
        }
    }
    let zones = catalog
        .vm
        .zones
        .iter()
        .filter(|z| req.zone_id.as_ref().is_none_or(|id| *id == z.id));
    let category_zone_set = zones
        .filter_map(|z| {
            let category_set: Vec<String> = catalog
                .disk_offers(&z.id)
                .filter(|o| charge.is_none_or(|c| o.charge_types.contains(&c)))
                .filter(|o| req.disk_category.as_ref().is_none_or(|c| *c == o.category))
                .map(|o| o.category.clone())
                .collect();
            (!category_set.is_empty()).then(|| vm::DiskCategory {
                zone_id: z.id.clone(),
                category_set,
            })
        })
        .collect();
    Ok(vm::DescribeDiskCategoryResponse { category_zone_set })
}

/// One disk as DescribeDisks shows it (D-169): a disk paid with its instance shows the
/// instance's billing, as long as the instance is there.
pub fn info(disk: &Disk, instances: &HashMap<&str, &Instance>) -> vm::DiskInfo {
    let attached = disk
        .instance_id
        .as_deref()
        .and_then(|id| instances.get(id).copied());
    let billing = disk
        .paid_with
        .as_deref()
        .and_then(|id| instances.get(id))
        .map_or(&disk.billing, |i| &i.billing);
    vm::DiskInfo {
        disk_id: disk.id.clone(),
        disk_name: disk.name.clone(),
        zone_id: disk.zone_id.clone(),
        disk_type: disk.kind.name().to_owned(),
        portable: disk.portable,
        disk_category: disk.category.clone(),
        disk_size: disk.size,
        disk_status: disk.status.name().to_owned(),
        instance_id: disk.instance_id.clone(),
        instance_name: attached.map(|i| i.name.clone()),
        charge_type: billing.charge_type.name().to_owned(),
        create_time: disk.created_at.to_string(),
        expired_time: billing.expires_at.map(|t| t.to_string()),
        period: billing.period,
        auto_renew: billing.auto_renew,
        tags: Some(TagAssociation {
            tags: disk.tags.clone(),
        }),
    }
}

/// DescribeDisks (D-169): the caller's disks, filtered, newest first (then by ID), paged
/// as D-26.
pub fn describe(
    req: &vm::DescribeDisksRequest,
    mut disks: Vec<Disk>,
    instances: &[Instance],
) -> Result<vm::DescribeDisksResponse, ApiError> {
    let (offset, size) = page(req.page_num, req.page_size)?;
    if req.disk_ids.as_ref().is_some_and(|ids| ids.len() > 100) {
        return Err(ApiError::invalid_parameter(
            "`diskIds` must name at most 100 disks",
        ));
    }
    let keep = |d: &Disk| {
        req.disk_ids.as_ref().is_none_or(|ids| ids.contains(&d.id))
            && req
                .disk_name
                .as_ref()
                .is_none_or(|n| d.name.contains(n.as_str()))
            && req
                .disk_status
                .as_ref()
                .is_none_or(|s| s == d.status.name())
            && req.disk_type.as_ref().is_none_or(|t| t == d.kind.name())
            && req.disk_size.is_none_or(|s| s == d.size)
            && req.disk_category.as_ref().is_none_or(|c| *c == d.category)
            && req.portable.is_none_or(|p| p == d.portable)
            && req
                .instance_id
                .as_ref()
                .is_none_or(|i| d.instance_id.as_ref() == Some(i))
            && req.zone_id.as_ref().is_none_or(|z| *z == d.zone_id)
            && req
                .resource_group_id
                .as_ref()
                .is_none_or(|g| d.resource_group_id.as_ref() == Some(g))
            && req
                .tag_keys
                .as_ref()
                .is_none_or(|keys| d.tags.iter().any(|t| keys.contains(&t.key)))
            && req
                .tags
                .as_ref()
                .is_none_or(|tags| tags.iter().all(|t| d.tags.contains(t)))
    };
    disks.retain(keep);
    disks.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(a.id.cmp(&b.id)));
    let by_id: HashMap<&str, &Instance> = instances.iter().map(|i| (i.id.as_str(), i)).collect();
    Ok(vm::DescribeDisksResponse {
        total_count: disks.len() as i64,
        data_set: disks
            .iter()
            .skip(offset)
            .take(size)
            .map(|d| info(d, &by_id))
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::TransactionType;
    use crate::model::OrderStatus;
    use crate::testing::{account, buy, catalog, d, fields, SeqIds, CYCLE_END, T0};
    use crate::time::MONTH_SECONDS;
    use zenlocal_wire::Service;

    fn asked(charge_type: &'static str, size: i64, amount: i64) -> Purchase {
        purchase(
            catalog(),
            &PurchaseFields {
                zone_id: "asia-east-1a",
                category: Some("SSD"),
                size,
                amount: Some(amount),
                charge_type,
                period: (charge_type == "PREPAID").then_some(1),
            },
        )
        .unwrap()
    }

    fn naming() -> Naming {
        Naming {
            name: "data-1".into(),
            ..Naming::default()
        }
    }

    /// Buys disks at T0 with the disk time done at once (D-163).
    fn bought(p: &Purchase, payer: &Account, attach_to: Option<(&Instance, &[Disk])>) -> Changes {
        let timings = Timings {
            disk: 0,
            ..Timings::default()
        };
        create(
            catalog(),
            payer,
            p,
            &naming(),
            attach_to,
            timings,
            &mut SeqIds::default(),
            T0,
        )
        .unwrap()
        .0
    }

    fn vm() -> Instance {
        buy(
            Service::Vm,
            &fields(Service::Vm, "PREPAID", "ByBandwidth"),
            &account("1000.00", 100),
        )
        .0
    }

    /// D-165: InquiryPriceCreateDisks quotes exactly what CreateDisks takes: a line per
    /// disk, the category's price per GB times the size and the period, discounted.
    #[test]
    fn a_disk_purchase_is_charged_what_its_inquiry_quotes() {
        let p = asked("PREPAID", 100, 3);
        let payer = account("100.00", 80);
        let Quote::Prepaid { list, pays } = quote(catalog(), &p, payer.discount).unwrap() else {
            panic!("PREPAID");
        };
        assert_eq!((list, pays), (d("30.00"), d("24.00")));
        let changes = bought(&p, &payer, None);
        assert_eq!(changes.ledger[0].amount, pays);
        assert_eq!(changes.ledger[0].kind, TransactionType::Consume);
        assert_eq!(changes.orders.len(), 3);
        assert!(changes
            .orders
            .iter()
            .all(|o| o.resource.kind == crate::model::ResourceType::Disk));
        assert_eq!(changes.disks.len(), 3);
        assert!(changes
            .disks
            .iter()
            .all(|d| d.status == DiskStatus::Available && d.portable));
        let postpaid = bought(&asked("POSTPAID", 100, 1), &payer, None);
        assert!(postpaid.ledger.is_empty());
        assert_eq!(postpaid.orders[0].amount, Decimal::ZERO);
    }

    /// D-165: a purchase is checked before anything is bought, in the documented order.
    #[test]
    fn a_bad_purchase_names_its_field() {
        let f = |zone, category, size, charge| PurchaseFields {
            zone_id: zone,
            category,
            size,
            amount: None,
            charge_type: charge,
            period: Some(1),
        };
        let code = |f: PurchaseFields<'_>| purchase(catalog(), &f).unwrap_err().code;
        assert_eq!(
            code(f("nowhere", None, 50, "PREPAID")),
            codes::INVALID_ZONE_NOT_FOUND
        );
        assert_eq!(
            code(f("asia-east-1a", Some("GOLD"), 50, "PREPAID")),
            codes::INVALID_PARAMETER
        );
        assert_eq!(
            code(f("asia-east-2a", Some("SSD"), 50, "PREPAID")),
            codes::INVALID_PARAMETER
        );
        assert_eq!(
            code(f("asia-east-1a", None, 10, "PREPAID")),
            codes::INVALID_PARAMETER
        );
        assert_eq!(
            code(f("asia-east-1a", None, 50, "MONTHLY")),
            codes::INVALID_PARAMETER
        );
        let standard = purchase(catalog(), &f("asia-east-1a", None, 50, "POSTPAID")).unwrap();
        assert_eq!(standard.category, "STANDARD", "the zone's first category");
        assert!(check_name("9-data.disk").is_ok());
        assert!(check_name("-data").is_err() && check_name("").is_err());
    }

    /// D-164: attaching across zones, a disk that is not portable, an attached disk and
    /// a full instance are refused with the pages' codes; detaching a system disk too.
    #[test]
    fn attaching_follows_the_pages_rules() {
        let instance = vm();
        let timings = Timings::default();
        let free = bought(&asked("POSTPAID", 50, 1), &account("0.00", 100), None).disks;
        let attached = attach(free.clone(), &instance, &[], timings, T0).unwrap();
        assert_eq!(attached.disks[0].status, DiskStatus::Attaching);
        assert_eq!(
            attached.disks[0].instance_id.as_deref(),
            Some(instance.id.as_str())
        );
        let elsewhere = Disk {
            zone_id: "asia-southeast-1a".into(),
            ..free[0].clone()
        };
        let code = |disks: Vec<Disk>, on: &[Disk]| {
            attach(disks, &instance, on, timings, T0).unwrap_err().code
        };
        assert_eq!(
            code(vec![elsewhere], &[]),
            codes::INVALID_DISK_AND_INSTANCE_ZONE_MISMATCHED
        );
        let system = for_instances(
            std::slice::from_ref(&instance),
            &instance_disks(catalog(), &instance.zone_id, 20, &AskedDisks::default()).unwrap(),
            &mut SeqIds(50),
        );
        assert_eq!(code(system.clone(), &[]), codes::INVALID_DISK_NOT_PORTABLE);
        assert_eq!(
            code(attached.disks.clone(), &[]),
            codes::UNSUPPORTED_OPERATION_DISK_ATTACHED
        );
        let full: Vec<Disk> = (0..MAX_ATTACHED)
            .map(|n| Disk {
                id: format!("d{n}"),
                ..attached.disks[0].clone()
            })
            .collect();
        assert_eq!(code(free, &full), codes::LIMIT_EXCEEDED_INSTANCE_CAN_ATTACH);
        assert_eq!(
            detached_from(&system).unwrap_err().code,
            codes::INVALID_DISK_NOT_PORTABLE
        );
    }

    /// D-166: ResizeDisk only grows; PREPAID pays the added GB for the rest of the cycle by
    /// the plan changes' proration, as its quote says, and is RESIZING for the disk time.
    #[test]
    fn a_resize_is_charged_the_prorated_difference() {
        let payer = account("100.00", 100);
        let disk = bought(&asked("PREPAID", 100, 1), &payer, None)
            .disks
            .remove(0);
        let half = T0.plus(MONTH_SECONDS / 2);
        let quoted = resize_quote(catalog(), &disk, &payer, 200, half).unwrap();
        // 100 GB more at 0.10 a month, for half a month.
        assert_eq!(
            quoted,
            Quote::Prepaid {
                list: d("5.00"),
                pays: d("5.00")
            }
        );
        let (changes, number) = resize(
            catalog(),
            disk.clone(),
            &payer,
            200,
            Timings::default(),
            &mut SeqIds(9),
            half,
        )
        .unwrap();
        assert_eq!(changes.ledger[0].amount, d("5.00"));
        let order = &changes.orders[0];
        assert_eq!(
            (order.kind, order.number.as_str()),
            (OrderKind::DiskSize, number.as_str())
        );
        assert_eq!(
            (order.from.as_deref(), order.to.as_deref()),
            (Some("100"), Some("200"))
        );
        let grown = &changes.disks[0];
        assert_eq!((grown.size, grown.status), (200, DiskStatus::Resizing));
        assert_eq!(grown.monthly_price(catalog()), Some(d("20.00")));
        for smaller in [100, 50] {
            let e = resize_quote(catalog(), &disk, &payer, smaller, half).unwrap_err();
            assert_eq!(e.code, codes::INVALID_PARAMETER);
        }
        let poor = account("4.99", 100);
        let e = resize(
            catalog(),
            disk,
            &poor,
            200,
            Timings::default(),
            &mut SeqIds(9),
            half,
        )
        .unwrap_err();
        assert_eq!(e.code, codes::OPERATION_DENIED_INSUFFICIENT_BALANCE);
    }

    /// D-160, D-166: a disk paid with its instance changes with the instance's plan.
    #[test]
    fn a_disk_bought_with_its_instance_is_not_billed_on_its_own() {
        let instance = vm();
        let asked_disks = AskedDisks {
            system: AskedDisk::default(),
            data: vec![AskedDisk {
                category: Some("SSD".into()),
                size: Some(40),
                amount: Some(2),
                portable: None,
            }],
        };
        let checked = instance_disks(catalog(), &instance.zone_id, 20, &asked_disks).unwrap();
        let disks = for_instances(std::slice::from_ref(&instance), &checked, &mut SeqIds(70));
        assert_eq!(disks.len(), 3);
        assert_eq!(disks[0].kind, DiskType::System);
        let payer = account("100.00", 100);
        let code = |d: &Disk| {
            resize_quote(catalog(), d, &payer, 100, T0)
                .unwrap_err()
                .code
        };
        assert_eq!(
            code(&disks[0]),
            codes::UNSUPPORTED_OPERATION_DISK_SYSTEM_TYPE
        );
        assert_eq!(
            code(&disks[1]),
            codes::UNSUPPORTED_OPERATION_INSTANCE_CHARGE_TYPE
        );
        let e = terminate(
            catalog(),
            disks[1].clone(),
            &payer,
            Timings::default(),
            &mut SeqIds::default(),
            T0,
        )
        .unwrap_err();
        assert_eq!(e.code, codes::UNSUPPORTED_OPERATION_DISK_ATTACHED);
        let too_small = AskedDisks {
            system: AskedDisk {
                size: Some(10),
                ..AskedDisk::default()
            },
            data: Vec::new(),
        };
        let e = instance_disks(catalog(), &instance.zone_id, 20, &too_small).unwrap_err();
        assert!(e.message.contains("systemDisk.diskSize"), "{}", e.message);
    }

    /// D-161: releasing an instance releases the disks paid with it; a portable disk
    /// attached to it stays, AVAILABLE.
    #[test]
    fn a_portable_disk_survives_its_instance() {
        let instance = vm();
        let own = bought(
            &asked("POSTPAID", 50, 1),
            &account("0.00", 100),
            Some((&instance, &[])),
        )
        .disks;
        assert_eq!(own[0].status, DiskStatus::InUse);
        let checked =
            instance_disks(catalog(), &instance.zone_id, 20, &AskedDisks::default()).unwrap();
        let mut disks = for_instances(std::slice::from_ref(&instance), &checked, &mut SeqIds(80));
        disks.extend(own);
        let changes = instance_released(&instance.id, disks.clone(), T0.plus(86_400));
        assert_eq!(changes.released, vec![ResourceRef::disk(&disks[0].id)]);
        assert_eq!(changes.disks[0].id, disks[1].id);
        assert_eq!(
            (
                changes.disks[0].status,
                changes.disks[0].instance_id.clone()
            ),
            (DiskStatus::Available, None)
        );
    }

    /// D-177: a data disk CreateInstances makes `portable` is paid with its instance while
    /// on it, outlives its release, and is then a POSTPAID disk on its own bill from the
    /// hour that holds the release; a disk that is not portable goes with the instance.
    #[test]
    fn a_portable_disk_bought_with_its_instance_outlives_it_on_its_own_bill_d177() {
        let instance = vm();
        let asked = AskedDisks {
            system: AskedDisk::default(),
            data: vec![AskedDisk {
                size: Some(50),
                portable: Some(true),
                ..AskedDisk::default()
            }],
        };
        let checked = instance_disks(catalog(), &instance.zone_id, 20, &asked).unwrap();
        let disks = for_instances(std::slice::from_ref(&instance), &checked, &mut SeqIds(90));
        let (system, data) = (&disks[0], &disks[1]);
        assert_eq!((system.portable, data.portable), (false, true));
        assert_eq!(data.paid_with.as_deref(), Some(instance.id.as_str()));
        // Released at 20:30 of its 31st day: billed on its own from 20:00.
        let released_at = instance.created_at.plus(30 * 86_400 + 20 * 3600 + 1800);
        let changes = instance_released(&instance.id, disks.clone(), released_at);
        assert_eq!(changes.released, vec![ResourceRef::disk(&system.id)]);
        let mut kept = changes.disks[0].clone();
        assert_eq!(
            (kept.id.as_str(), kept.status, kept.instance_id.as_deref()),
            (data.id.as_str(), DiskStatus::Available, None)
        );
        assert_eq!(
            (kept.paid_with.as_deref(), kept.billing.charge_type),
            (None, ChargeType::Postpaid)
        );
        let midnight = instance.created_at.plus(31 * 86_400);
        assert_eq!(
            changes.events,
            vec![(
                midnight,
                EventKind::SettleUsage {
                    account_id: kept.account_id.clone(),
                    resource: ResourceRef::disk(&kept.id),
                }
            )]
        );
        let payer = account("10.00", 100);
        let settled = billing::settle_day(
            catalog(),
            &mut kept,
            Some(&payer),
            &mut SeqIds(95),
            midnight,
        )
        .unwrap();
        let hourly = kept.hourly_price(catalog()).unwrap();
        assert_eq!(settled.orders[0].kind, OrderKind::Usage);
        assert_eq!(settled.orders[0].amount, hourly * Decimal::from(4));
    }

    /// D-167: TerminateDisk takes a detached POSTPAID disk to the recycle bin, usage
    /// settled; a PREPAID disk goes there at its cycle end if not renewed, detached, and
    /// RenewDisk buys it back; ReleaseDisk takes only disks in the bin.
    #[test]
    fn disks_are_recycled_renewed_and_released() {
        let payer = account("100.00", 100);
        let postpaid = bought(&asked("POSTPAID", 100, 1), &payer, None)
            .disks
            .remove(0);
        assert_eq!(
            release(&postpaid).unwrap_err().code,
            codes::UNSUPPORTED_OPERATION_DISK_NOT_BEING_RECYCLE
        );
        let ended = terminate(
            catalog(),
            postpaid,
            &payer,
            Timings::default(),
            &mut SeqIds::default(),
            T0.plus(5400),
        )
        .unwrap();
        // Two hours started of 100 GB at 0.0002.
        assert_eq!(ended.ledger[0].amount, d("0.04"));
        assert_eq!(ended.disks[0].status, DiskStatus::Recycled);
        assert!(release(&ended.disks[0]).is_ok());

        let prepaid = bought(&asked("PREPAID", 100, 1), &payer, None)
            .disks
            .remove(0);
        assert_eq!(
            terminate(
                catalog(),
                prepaid.clone(),
                &payer,
                Timings::default(),
                &mut SeqIds::default(),
                T0
            )
            .unwrap_err()
            .code,
            codes::UNSUPPORTED_OPERATION_INSTANCE_CHARGE_TYPE
        );
        let mut expiring = Disk {
            instance_id: Some("1".into()),
            status: DiskStatus::InUse,
            ..prepaid
        };
        let broke = account("0.00", 100);
        let ended = apply_event(
            catalog(),
            &EventKind::CycleEnd {
                account_id: broke.id.clone(),
                resource: expiring.resource(),
                expires_at: CYCLE_END,
            },
            Some(expiring.clone()),
            Some(&broke),
            Timings::default(),
            &mut SeqIds(90),
            CYCLE_END,
        );
        expiring = ended.disks[0].clone();
        assert_eq!(
            (expiring.status, expiring.instance_id.clone()),
            (DiskStatus::Recycled, None)
        );
        let (renewed, number) =
            renew(catalog(), expiring, &payer, &mut SeqIds(95), CYCLE_END).unwrap();
        assert_eq!(renewed.ledger[0].amount, d("10.00"));
        let line = &renewed.orders[0];
        assert_eq!(
            (line.kind, line.status, &line.number),
            (OrderKind::Renew, OrderStatus::Paid, &number)
        );
        assert_eq!(renewed.disks[0].status, DiskStatus::Available);
        assert_eq!(
            renewed.disks[0].billing.expires_at,
            Some(CYCLE_END.plus(MONTH_SECONDS))
        );
    }

    /// D-163: the disk time ends where the disk settles; a stale end changes nothing.
    #[test]
    fn the_disk_time_ends_in_a_settled_state() {
        let p = asked("POSTPAID", 50, 1);
        let (changes, _, _) = create(
            catalog(),
            &account("0.00", 100),
            &p,
            &naming(),
            None,
            Timings::default(),
            &mut SeqIds::default(),
            T0,
        )
        .unwrap();
        let creating = changes.disks[0].clone();
        assert_eq!(creating.status, DiskStatus::Creating);
        let done = |disk: &Disk| {
            apply_event(
                catalog(),
                &EventKind::DiskDone {
                    account_id: disk.account_id.clone(),
                    resource: disk.resource(),
                },
                Some(disk.clone()),
                None,
                Timings::default(),
                &mut SeqIds::default(),
                T0.plus(5),
            )
        };
        assert_eq!(done(&creating).disks[0].status, DiskStatus::Available);
        let available = done(&creating).disks.remove(0);
        assert!(done(&available).disks.is_empty());
    }
}
