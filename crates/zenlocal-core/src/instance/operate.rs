//! What is done to an instance besides power and plan changes (D-121 to D-128): reboot,
//! reinstall (bmc ReinstallInstance, vm ResetInstance), a new login or IPMI password,
//! a new name or resource group, a renewal paid now, and the consoles' addresses.
//!
//! An operation on an instance in the recycle bin is refused with
//! `OPERATION_DENIED_INSTANCE_RECYCLED`, one while a plan change is `Processing` with
//! `OPERATION_DENIED_INSTANCE_PLAN_PROCESSING` (D-123); a batch changes whole or not at
//! all (D-21).

use super::spec::{check_hostname, check_instance_name, check_password, image_fits};
use crate::account::Account;
use crate::billing::{self, Billable};
use crate::catalog::{Catalog, ChargeType};
use crate::model::{
    Changes, EventKind, Ids, Instance, InstanceStatus, ItemState, ResourceRef, Setup, Timings,
};
use crate::{codes, price, ApiError, Timestamp};
use rust_decimal::Decimal;
use zenlocal_wire::Service;

fn recycled(i: &Instance) -> Result<(), ApiError> {
    if i.status == InstanceStatus::Recycle {
        return Err(ApiError::new(
            codes::OPERATION_DENIED_INSTANCE_RECYCLED,
            format!("instance `{}` is in the recycle bin", i.id),
        ));
    }
    Ok(())
}

/// Whether the instance is past its creation (D-20).
fn created(i: &Instance) -> Result<(), ApiError> {
    if matches!(i.status, InstanceStatus::Pending | InstanceStatus::Creating) {
        return Err(super::still_creating(&i.id));
    }
    Ok(())
}

/// Every instance of a batch out of the recycle bin, in one of the `allowed` states (else
/// `code`) and with no plan change processing; else none changes (D-21).
fn check_batch(
    instances: &[Instance],
    allowed: &[InstanceStatus],
    code: codes::Code,
) -> Result<(), ApiError> {
    for i in instances {
        recycled(i)?;
        if !allowed.contains(&i.status) {
            let names: Vec<&str> = allowed.iter().map(|s| s.name()).collect();
            return Err(wrong_status(i, code, &names.join(" or ")));
        }
        not_processing(i)?;
    }
    Ok(())
}

/// D-123: while a plan change is processing, the instance is being changed.
fn not_processing(i: &Instance) -> Result<(), ApiError> {
    if let Some(p) = i.pending.iter().find(|p| p.state == ItemState::Processing) {
        return Err(ApiError::new(
            codes::OPERATION_DENIED_INSTANCE_PLAN_PROCESSING,
            format!(
                "instance `{}` is processing a change of its {}",
                i.id,
                match p.target.item() {
                    crate::model::Item::Bandwidth => "bandwidth",
                    crate::model::Item::TrafficPackage => "traffic package",
                    crate::model::Item::Model => "model",
                }
            ),
        ));
    }
    Ok(())
}

fn wrong_status(i: &Instance, code: codes::Code, allowed: &str) -> ApiError {
    ApiError::new(
        code,
        format!(
            "instance `{}` is {}; this takes {allowed} instances only",
            i.id,
            i.status.name()
        ),
    )
}

/// Puts `i` in `through` for `seconds`, then RUNNING (0: RUNNING at once).
fn through_to_running(
    changes: &mut Changes,
    mut i: Instance,
    through: InstanceStatus,
    seconds: i64,
    now: Timestamp,
) {
    if seconds <= 0 {
        i.status = InstanceStatus::Running;
    } else {
        i.status = through;
        changes.events.push((
            now.plus(seconds),
            EventKind::PowerDone {
                account_id: i.account_id.clone(),
                resource: ResourceRef::instance(&i.id),
                from: through,
                to: InstanceStatus::Running,
            },
        ));
    }
    changes.instances.push(i);
}

/// RebootInstances (D-121): every instance STOPPED or RUNNING, else 403
/// `OPERATION_DENIED_INSTANCE_STATUS`; bmc goes through BOOTING, vm through REBOOT, for
/// the power time, then RUNNING.
pub fn reboot(
    instances: Vec<Instance>,
    timings: Timings,
    now: Timestamp,
) -> Result<Changes, ApiError> {
    check_batch(
        &instances,
        &[InstanceStatus::Stopped, InstanceStatus::Running],
        codes::OPERATION_DENIED_INSTANCE_STATUS,
    )?;
    let mut changes = Changes::default();
    for i in instances {
        let through = match i.service {
            Service::Bmc => InstanceStatus::Booting,
            Service::Vm | Service::Zbc => InstanceStatus::Reboot,
        };
        through_to_running(&mut changes, i, through, timings.power, now);
    }
    Ok(changes)
}

/// What ReinstallInstance or ResetInstance asks for; an omitted image, host name or name
/// keeps the instance's own (D-122).
#[derive(Debug, Clone, Default)]
pub struct Reinstall {
    pub image_id: Option<String>,
    /// bmc: install over iPXE instead of an image.
    pub ipxe_url: Option<String>,
    pub hostname: Option<String>,
    /// vm 2026.
    pub name: Option<String>,
    pub password: Option<String>,
    pub key_id: Option<String>,
    /// The disk and boot layout of the new installation: bmc `raidConfig`, `partitions`,
    /// `nic`, `userData`; vm `nic`, `initScript`. Only those fields are read.
    pub setup: Setup,
}

/// ReinstallInstance (bmc) and ResetInstance (vm), D-122. The request is checked first
/// (login, names, image, layout), then the state: bmc STOPPED or RUNNING (CREATING and
/// INSTALLING have their own codes), vm STOPPED. The instance is INSTALLING (bmc) or
/// REBUILDING (vm) for the reinstall time, then RUNNING.
pub fn reinstall(
    catalog: &Catalog,
    mut instance: Instance,
    asked: &Reinstall,
    timings: Timings,
    now: Timestamp,
) -> Result<Changes, ApiError> {
    let service = instance.service;
    if asked.password.is_some() && asked.key_id.is_some() {
        return Err(ApiError::new(
            codes::INVALID_PARAMETER_INSTANCE_LOGIN_CONFLICT,
            "give either `password` or `keyId`, not both",
        ));
    }
    if let Some(password) = &asked.password {
        check_password(service, password)?;
    }
    if let Some(hostname) = &asked.hostname {
        check_hostname(hostname)?;
    }
    if let Some(name) = &asked.name {
        check_instance_name(name)?;
    }
    // iPXE replaces the image; an image replaces iPXE; neither keeps what was installed.
    let (image_id, ipxe_url) = match (asked.image_id.as_deref(), asked.ipxe_url.as_deref()) {
        (Some(image), _) => (Some(image.to_owned()), None),
        (None, Some(url)) => (None, Some(url.to_owned())),
        (None, None) => (instance.image_id.clone(), instance.ipxe_url.clone()),
    };
    if let Some(image) = asked.image_id.as_deref() {
        let known = image_fits(catalog, service, &instance.product, image);
        if !known {
            return Err(ApiError::new(
                codes::INVALID_IMAGE_NOT_FOUND,
                format!("image `{image}` does not exist for `{}`", instance.product),
            ));
        }
    }
    let mut setup = instance.setup.clone();
    match service {
        Service::Bmc => {
            setup.raid_config = asked.setup.raid_config.clone();
            setup.partitions = asked.setup.partitions.clone();
            setup.user_data = asked.setup.user_data.clone();
        }
        Service::Vm | Service::Zbc => {
            setup.init_script = asked.setup.init_script.clone();
        }
    }
    if asked.setup.nic.is_some() {
        setup.nic = asked.setup.nic.clone();
    }
    let layout = Setup {
        nic: asked.setup.nic.clone(),
        raid_config: setup.raid_config.clone(),
        partitions: setup.partitions.clone(),
        ..Setup::default()
    };
    if service == Service::Bmc {
        super::setup::check(
            catalog,
            service,
            &instance.zone_id,
            &instance.product,
            image_id.as_deref(),
            &layout,
        )?;
    } else if let Some(nic) = &layout.nic {
        super::setup::check_nic(service, nic)?;
    }
    recycled(&instance)?;
    let through = match service {
        Service::Bmc => {
            match instance.status {
                InstanceStatus::Pending | InstanceStatus::Creating => {
                    return Err(super::still_creating(&instance.id))
                }
                InstanceStatus::Installing => return Err(super::installing(&instance.id)),
                InstanceStatus::Running | InstanceStatus::Stopped => {}
                _ => {
                    return Err(wrong_status(
                        &instance,
                        codes::OPERATION_DENIED_INSTANCE_STATUS,
                        "STOPPED or RUNNING",
                    ))
                }
            }
            InstanceStatus::Installing
        }
        Service::Vm | Service::Zbc => {
            if instance.status != InstanceStatus::Stopped {
                return Err(wrong_status(
                    &instance,
                    codes::OPERATION_DENIED_INSTANCE_NOT_STOPPED,
                    "STOPPED",
                ));
            }
            InstanceStatus::Rebuilding
        }
    };
    not_processing(&instance)?;
    instance.image_id = image_id;
    instance.ipxe_url = ipxe_url;
    if let Some(hostname) = &asked.hostname {
        instance.hostname = Some(hostname.clone());
    }
    if let Some(name) = &asked.name {
        instance.name = name.clone();
    }
    // The login installed now: a key pair, or a password (given, or mailed) instead.
    instance.key_id = asked.key_id.clone();
    if service == Service::Bmc && asked.password.is_some() {
        instance.ipmi_enabled = true;
    }
    instance.setup = setup;
    let mut changes = Changes::default();
    through_to_running(&mut changes, instance, through, timings.reinstall, now);
    Ok(changes)
}

/// vm ResetInstancesPassword (D-126): every instance STOPPED (else 400
/// `OPERATION_DENIED_INSTANCE_NOT_STOPPED`, the page's status); the password is checked
/// as CreateInstances checks it and kept nowhere; each instance then starts (BOOTING for
/// the power time, then RUNNING): "After the password is reset, the instance will be
/// automatically restarted".
pub fn reset_password(
    instances: Vec<Instance>,
    password: &str,
    timings: Timings,
    now: Timestamp,
) -> Result<Changes, ApiError> {
    check_password(Service::Vm, password)?;
    check_batch(
        &instances,
        &[InstanceStatus::Stopped],
        codes::OPERATION_DENIED_INSTANCE_NOT_STOPPED_400,
    )?;
    let mut changes = Changes::default();
    for i in instances {
        through_to_running(&mut changes, i, InstanceStatus::Booting, timings.power, now);
    }
    Ok(changes)
}

/// ModifyInstancesAttribute (D-125): one name, by CreateInstances' rule, for every
/// instance of the batch, in any state.
pub fn rename(instances: Vec<Instance>, name: &str) -> Result<Changes, ApiError> {
    check_instance_name(name)?;
    let mut changes = Changes::default();
    for mut i in instances {
        i.name = name.to_owned();
        changes.instances.push(i);
    }
    Ok(changes)
}

/// ModifyInstancesResourceGroup (D-125): every instance of the batch into the group, which
/// the caller checked is the account's.
pub fn regroup(instances: Vec<Instance>, group_id: &str) -> Changes {
    let mut changes = Changes::default();
    for mut i in instances {
        i.resource_group_id = Some(group_id.to_owned());
        changes.instances.push(i);
    }
    changes
}

/// RenewInstance (D-127): a PREPAID instance pays one more period now, at its plan's
/// price, through the renewal of the billing path (an order of kind RENEW and its ledger
/// entry), and its expiry moves one period on. Refused in the recycle bin, for POSTPAID
/// (403 `INVALID_CHARGE_TYPE_NOT_SUPPORT`), while a plan change is processing or a
/// downgrade waits for the cycle end (403 `OPERATION_DENIED_INSTANCE_EXIST_PLAN`: the
/// period paid would not be the plan it gets), and when the balance does not cover it.
pub fn renew(
    catalog: &Catalog,
    mut instance: Instance,
    account: &Account,
    ids: &mut dyn Ids,
    now: Timestamp,
) -> Result<Changes, ApiError> {
    recycled(&instance)?;
    if instance.billing.charge_type != ChargeType::Prepaid {
        return Err(ApiError::new(
            codes::INVALID_CHARGE_TYPE_NOT_SUPPORT,
            format!(
                "instance `{}` is POSTPAID: only PREPAID instances renew",
                instance.id
            ),
        ));
    }
    not_processing(&instance)?;
    if instance
        .pending
        .iter()
        .any(|p| p.state == ItemState::WaitToEnable)
    {
        return Err(ApiError::new(
            codes::OPERATION_DENIED_INSTANCE_EXIST_PLAN,
            format!(
                "instance `{}` has a downgrade scheduled for the cycle end; cancel it to renew now",
                instance.id
            ),
        ));
    }
    let period = instance.billing.period.unwrap_or(1);
    let monthly = instance
        .monthly_price(catalog)
        .ok_or_else(ApiError::internal)?;
    let amount = price::charge(monthly * Decimal::from(period), account.discount);
    billing::check_balance(account, amount, "renewal")?;
    let mut changes = Changes::default();
    billing::renew(&mut changes, &mut instance, account, amount, ids, now);
    changes.instances.push(instance);
    Ok(changes)
}

/// The consoles (D-128): IPMI of a bmc instance, VNC of a vm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Console {
    Ipmi,
    Vnc,
}

/// The address of an instance's console, holding `token`. IPMI answers once the instance
/// is created (403 `OPERATION_DENIED_INSTANCE_CREATING` before), VNC only while it is
/// RUNNING (403 `OPERATION_DENIED_INSTANCE_NOT_RUNNING`); neither in the recycle bin.
pub fn console_url(instance: &Instance, console: Console, token: &str) -> Result<String, ApiError> {
    recycled(instance)?;
    let zone = instance.zone_id.to_ascii_lowercase();
    match console {
        Console::Ipmi => {
            created(instance)?;
            Ok(format!(
                "https://ipmi-{zone}.zenlocal.invalid/console/{}?tk={token}",
                instance.id
            ))
        }
        Console::Vnc => {
            if instance.status != InstanceStatus::Running {
                return Err(wrong_status(
                    instance,
                    codes::OPERATION_DENIED_INSTANCE_NOT_RUNNING,
                    "RUNNING",
                ));
            }
            Ok(format!(
                "https://vnc-{zone}.zenlocal.invalid/?instanceId={}&tk={token}",
                instance.id
            ))
        }
    }
}

/// ResetInstanceIpmiPassword (D-128): the password is checked as bmc CreateInstances
/// checks it and kept nowhere; the instance's IPMI is enabled from then on.
pub fn reset_ipmi_password(mut instance: Instance, password: &str) -> Result<Changes, ApiError> {
    check_password(Service::Bmc, password)?;
    recycled(&instance)?;
    created(&instance)?;
    instance.ipmi_enabled = true;
    Ok(Changes {
        instances: vec![instance],
        ..Changes::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::TransactionType;
    use crate::model::{OrderKind, PendingChange, Target};
    use crate::testing::{account, buy, catalog, d, fields, SeqIds, CYCLE_END, T0};
    use crate::time::MONTH_SECONDS;

    fn running(service: Service) -> Instance {
        let f = fields(service, "PREPAID", "ByBandwidth");
        buy(service, &f, &account("1000.00", 100)).0
    }

    fn with_status(service: Service, status: InstanceStatus) -> Instance {
        Instance {
            status,
            ..running(service)
        }
    }

    fn done(i: &Instance, from: InstanceStatus, at: Timestamp) -> (Timestamp, EventKind) {
        (
            at,
            EventKind::PowerDone {
                account_id: i.account_id.clone(),
                resource: ResourceRef::instance(&i.id),
                from,
                to: InstanceStatus::Running,
            },
        )
    }

    /// D-121: bmc reboots through BOOTING, vm through REBOOT, for the power time, from
    /// STOPPED or RUNNING; other states and the recycle bin refuse the whole batch.
    #[test]
    fn a_reboot_goes_through_its_service_state() {
        for (service, through) in [
            (Service::Bmc, InstanceStatus::Booting),
            (Service::Vm, InstanceStatus::Reboot),
        ] {
            let stopped = with_status(service, InstanceStatus::Stopped);
            let changes = reboot(vec![stopped.clone()], Timings::default(), T0).unwrap();
            assert_eq!(changes.instances[0].status, through);
            assert_eq!(changes.events, [done(&stopped, through, T0.plus(5))]);
            let at_once = Timings {
                power: 0,
                ..Timings::default()
            };
            let changes = reboot(vec![running(service)], at_once, T0).unwrap();
            assert_eq!(changes.instances[0].status, InstanceStatus::Running);
            let e = reboot(
                vec![
                    running(service),
                    with_status(service, InstanceStatus::Stopping),
                ],
                Timings::default(),
                T0,
            )
            .unwrap_err();
            assert_eq!(e.code, codes::OPERATION_DENIED_INSTANCE_STATUS);
            assert_eq!(e.code.status, 403);
            let e = reboot(
                vec![with_status(service, InstanceStatus::Recycle)],
                Timings::default(),
                T0,
            )
            .unwrap_err();
            assert_eq!(e.code, codes::OPERATION_DENIED_INSTANCE_RECYCLED);
        }
    }

    fn processing(service: Service) -> Instance {
        let mut i = running(service);
        i.pending.push(PendingChange {
            state: ItemState::Processing,
            target: Target::Bandwidth(30),
            order: None,
        });
        i
    }

    /// D-123: while a plan change processes, reboot, reinstall, a new password and a
    /// renewal are refused with the plan-processing code.
    #[test]
    fn a_processing_change_refuses_operations() {
        let e = reboot(vec![processing(Service::Bmc)], Timings::default(), T0).unwrap_err();
        assert_eq!(e.code, codes::OPERATION_DENIED_INSTANCE_PLAN_PROCESSING);
        let e = reinstall(
            catalog(),
            processing(Service::Bmc),
            &Reinstall::default(),
            Timings::default(),
            T0,
        )
        .unwrap_err();
        assert_eq!(e.code, codes::OPERATION_DENIED_INSTANCE_PLAN_PROCESSING);
        let mut stopped = processing(Service::Vm);
        stopped.status = InstanceStatus::Stopped;
        let e = reset_password(vec![stopped], "Passw0rd-x", Timings::default(), T0).unwrap_err();
        assert_eq!(e.code, codes::OPERATION_DENIED_INSTANCE_PLAN_PROCESSING);
        let e = renew(
            catalog(),
            processing(Service::Bmc),
            &account("1000.00", 100),
            &mut SeqIds::default(),
            T0,
        )
        .unwrap_err();
        assert_eq!(e.code, codes::OPERATION_DENIED_INSTANCE_PLAN_PROCESSING);
    }

    /// D-122: a bmc reinstall is INSTALLING for the reinstall time, keeps the image and
    /// host name it is not given, and lays the disks out anew; creating and installing
    /// instances have their own codes.
    #[test]
    fn a_bmc_reinstall_installs_for_the_reinstall_time() {
        let mut i = running(Service::Bmc);
        i.setup.user_data = Some("old".into());
        let asked = Reinstall {
            key_id: Some("key-1".into()),
            ..Reinstall::default()
        };
        let changes = reinstall(catalog(), i.clone(), &asked, Timings::default(), T0).unwrap();
        let after = &changes.instances[0];
        assert_eq!(after.status, InstanceStatus::Installing);
        assert_eq!(
            (after.image_id.as_deref(), after.hostname.as_deref()),
            (i.image_id.as_deref(), i.hostname.as_deref())
        );
        assert_eq!(after.key_id.as_deref(), Some("key-1"));
        assert_eq!(after.setup.user_data, None);
        assert_eq!(
            changes.events,
            [done(&i, InstanceStatus::Installing, T0.plus(10))]
        );
        for (status, code) in [
            (
                InstanceStatus::Creating,
                codes::OPERATION_DENIED_INSTANCE_CREATING,
            ),
            (
                InstanceStatus::Installing,
                codes::OPERATION_DENIED_INSTANCE_STATUS_INSTALLING,
            ),
            (
                InstanceStatus::Booting,
                codes::OPERATION_DENIED_INSTANCE_STATUS,
            ),
            (
                InstanceStatus::Recycle,
                codes::OPERATION_DENIED_INSTANCE_RECYCLED,
            ),
        ] {
            let e = reinstall(
                catalog(),
                with_status(Service::Bmc, status),
                &asked,
                Timings::default(),
                T0,
            )
            .unwrap_err();
            assert_eq!(e.code, code, "{status:?}");
        }
        let both = Reinstall {
            password: Some("Passw0rd-x".into()),
            key_id: Some("key-1".into()),
            ..Reinstall::default()
        };
        let e = reinstall(catalog(), i.clone(), &both, Timings::default(), T0).unwrap_err();
        assert_eq!(e.code, codes::INVALID_PARAMETER_INSTANCE_LOGIN_CONFLICT);
        let unknown = Reinstall {
            image_id: Some("img-nope".into()),
            ..Reinstall::default()
        };
        let e = reinstall(catalog(), i, &unknown, Timings::default(), T0).unwrap_err();
        assert_eq!(e.code, codes::INVALID_IMAGE_NOT_FOUND);
    }

    /// D-122: a vm reset takes a STOPPED instance only and is REBUILDING, then RUNNING.
    #[test]
    fn a_vm_reset_rebuilds_a_stopped_instance() {
        let stopped = with_status(Service::Vm, InstanceStatus::Stopped);
        let asked = Reinstall {
            image_id: Some("debian_12_x64".into()),
            name: Some("again".into()),
            ..Reinstall::default()
        };
        let changes =
            reinstall(catalog(), stopped.clone(), &asked, Timings::default(), T0).unwrap();
        let after = &changes.instances[0];
        assert_eq!(after.status, InstanceStatus::Rebuilding);
        assert_eq!(after.name, "again");
        assert_eq!(after.image_id.as_deref(), Some("debian_12_x64"));
        assert_eq!(
            changes.events,
            [done(&stopped, InstanceStatus::Rebuilding, T0.plus(10))]
        );
        let e = reinstall(
            catalog(),
            running(Service::Vm),
            &asked,
            Timings::default(),
            T0,
        )
        .unwrap_err();
        assert_eq!(e.code, codes::OPERATION_DENIED_INSTANCE_NOT_STOPPED);
        assert_eq!(e.code.status, 403);
    }

    /// D-126: a new vm password needs STOPPED instances (400, the page's status), is
    /// checked, never echoed, and the instances start.
    #[test]
    fn a_new_password_starts_stopped_instances() {
        let stopped = with_status(Service::Vm, InstanceStatus::Stopped);
        let changes =
            reset_password(vec![stopped.clone()], "Passw0rd-x", Timings::default(), T0).unwrap();
        assert_eq!(changes.instances[0].status, InstanceStatus::Booting);
        assert_eq!(
            changes.events,
            [done(&stopped, InstanceStatus::Booting, T0.plus(5))]
        );
        assert!(!format!("{changes:?}").contains("Passw0rd-x"));
        let e = reset_password(
            vec![running(Service::Vm)],
            "Passw0rd-x",
            Timings::default(),
            T0,
        )
        .unwrap_err();
        assert_eq!(e.code, codes::OPERATION_DENIED_INSTANCE_NOT_STOPPED_400);
        assert_eq!(e.code.status, 400);
        let e = reset_password(vec![stopped], "weak-secret", Timings::default(), T0).unwrap_err();
        assert_eq!(e.code, codes::INVALID_PARAMETER_VALUE_PASSWORD_MALFORMED);
        assert!(!e.message.contains("weak-secret"), "{}", e.message);
    }

    /// D-125: a rename checks the name once for the batch.
    #[test]
    fn a_rename_names_every_instance() {
        let changes = rename(vec![running(Service::Bmc), running(Service::Bmc)], "web-1").unwrap();
        assert!(changes.instances.iter().all(|i| i.name == "web-1"));
        let e = rename(vec![running(Service::Bmc)], &"x".repeat(65)).unwrap_err();
        assert_eq!(e.code, codes::INVALID_PARAMETER_INSTANCE_NAME_EXCEED);
        let changes = regroup(vec![running(Service::Vm)], "rg-a");
        assert_eq!(
            changes.instances[0].resource_group_id.as_deref(),
            Some("rg-a")
        );
    }

    /// D-127: a renewal charges one period at the plan price now, through a RENEW order
    /// and its ledger entry, and moves the expiry a period on; the old cycle end is stale.
    #[test]
    fn a_renewal_pays_the_next_period_now() {
        let payer = account("1000.00", 100);
        let i = running(Service::Bmc);
        let monthly = i.monthly_price(catalog()).unwrap();
        let changes = renew(
            catalog(),
            i.clone(),
            &payer,
            &mut SeqIds::default(),
            T0.plus(86_400),
        )
        .unwrap();
        let renewed = &changes.instances[0];
        assert_eq!(
            renewed.billing.expires_at,
            Some(CYCLE_END.plus(MONTH_SECONDS))
        );
        assert_eq!(changes.orders.len(), 1);
        let order = &changes.orders[0];
        assert_eq!(order.kind, OrderKind::Renew);
        assert_eq!(order.amount, monthly);
        assert_eq!(order.from.as_deref(), Some(CYCLE_END.to_string().as_str()));
        assert_eq!(changes.ledger[0].kind, TransactionType::Consume);
        assert_eq!(changes.ledger[0].amount, monthly);
        assert_eq!(changes.accounts[0].balance, d("1000.00") - monthly);
        let next = CYCLE_END.plus(MONTH_SECONDS);
        assert!(changes.events.iter().any(|(at, e)| *at == next
            && matches!(e, EventKind::CycleEnd { expires_at, .. } if *expires_at == next)));
    }

    /// D-127: POSTPAID, a scheduled downgrade and a short balance refuse a renewal.
    #[test]
    fn a_renewal_is_refused_with_its_codes() {
        let payer = account("1000.00", 100);
        let f = fields(Service::Bmc, "POSTPAID", "ByBandwidth");
        let postpaid = buy(Service::Bmc, &f, &payer).0;
        let mut ids = SeqIds::default();
        let e = renew(catalog(), postpaid, &payer, &mut ids, T0).unwrap_err();
        assert_eq!(e.code, codes::INVALID_CHARGE_TYPE_NOT_SUPPORT);
        let mut scheduled = running(Service::Bmc);
        scheduled.pending.push(PendingChange {
            state: ItemState::WaitToEnable,
            target: Target::Bandwidth(10),
            order: None,
        });
        let e = renew(catalog(), scheduled, &payer, &mut ids, T0).unwrap_err();
        assert_eq!(e.code, codes::OPERATION_DENIED_INSTANCE_EXIST_PLAN);
        let e = renew(
            catalog(),
            running(Service::Bmc),
            &account("1.00", 100),
            &mut ids,
            T0,
        )
        .unwrap_err();
        assert_eq!(e.code, codes::OPERATION_DENIED_INSUFFICIENT_BALANCE);
    }

    /// D-128: IPMI once created, VNC while RUNNING, neither in the recycle bin.
    #[test]
    fn consoles_answer_in_their_states() {
        let url = console_url(&running(Service::Vm), Console::Vnc, "tok").unwrap();
        assert!(url.ends_with("tk=tok"), "{url}");
        let stopped = with_status(Service::Vm, InstanceStatus::Stopped);
        let e = console_url(&stopped, Console::Vnc, "tok").unwrap_err();
        assert_eq!(e.code, codes::OPERATION_DENIED_INSTANCE_NOT_RUNNING);
        let creating = with_status(Service::Bmc, InstanceStatus::Creating);
        let e = console_url(&creating, Console::Ipmi, "tok").unwrap_err();
        assert_eq!(e.code, codes::OPERATION_DENIED_INSTANCE_CREATING);
        assert!(console_url(
            &with_status(Service::Bmc, InstanceStatus::Stopped),
            Console::Ipmi,
            "t"
        )
        .is_ok());
        let e = reset_ipmi_password(
            with_status(Service::Bmc, InstanceStatus::Recycle),
            "Passw0rd-x",
        )
        .unwrap_err();
        assert_eq!(e.code, codes::OPERATION_DENIED_INSTANCE_RECYCLED);
        let mut keyed = running(Service::Bmc);
        keyed.ipmi_enabled = false;
        let changes = reset_ipmi_password(keyed, "Passw0rd-x").unwrap();
        assert!(changes.instances[0].ipmi_enabled);
    }
}
