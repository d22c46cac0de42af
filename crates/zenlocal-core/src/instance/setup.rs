//! Checks of what CreateInstances, ReinstallInstance and ResetInstance set that no other
//! rule reads (D-124): NIC names, RAID and partitions (bmc), the vm network and disk
//! options. What passes is kept as given ([`Setup`]).

use crate::catalog::{BmcInstanceType, Catalog};
use crate::model::Setup;
use crate::{codes, ApiError};
use std::collections::HashSet;
use std::net::Ipv4Addr;
use zenlocal_wire::model::bmc::{Partition, RaidConfig};
use zenlocal_wire::model::common::Nic;
use zenlocal_wire::Service;

/// Data disks one vm instance may be created with (CreateInstances page: "up to 10").
pub const MAX_DATA_DISKS: i64 = 10;

/// Checks a [`Setup`] for an instance of `product` in `zone_id`, installed from
/// `image_id` (none: IPMI or iPXE), in the order: NIC names, RAID, partitions, the vm
/// options.
pub fn check(
    catalog: &Catalog,
    service: Service,
    zone_id: &str,
    product: &str,
    image_id: Option<&str>,
    setup: &Setup,
) -> Result<(), ApiError> {
    if let Some(nic) = &setup.nic {
        check_nic(service, nic)?;
    }
    match service {
        Service::Bmc => {
            let model = catalog
                .bmc_instance_type(product)
                .ok_or_else(ApiError::internal)?;
            if let Some(raid) = &setup.raid_config {
                check_raid(model, raid)?;
            }
            if let Some(partitions) = &setup.partitions {
                check_partitions(catalog, model, image_id, partitions)?;
            }
        }
        Service::Vm => check_vm(catalog, zone_id, setup)?,
        Service::Zbc => {}
    }
    Ok(())
}

/// NIC names (the `nic` field of both services): bmc 4 to 10 letters or digits starting
/// with a letter, vm 4 to 15 lower-case letters or digits; the two names must differ,
/// an omitted one counting as its default (bmc `wan0`/`lan0`, vm `eth0`/`eth1`).
pub fn check_nic(service: Service, nic: &Nic) -> Result<(), ApiError> {
    let bmc = service == Service::Bmc;
    let (defaults, rule) = if bmc {
        (
            ("wan0", "lan0"),
            "4 to 10 letters or digits, starting with a letter",
        )
    } else {
        (("eth0", "eth1"), "4 to 15 lower-case letters or digits")
    };
    let valid = |n: &str| {
        if bmc {
            (4..=10).contains(&n.len())
                && n.starts_with(|c: char| c.is_ascii_alphabetic())
                && n.chars().all(|c| c.is_ascii_alphanumeric())
        } else {
            (4..=15).contains(&n.len())
                && n.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        }
    };
    for (field, name) in [
        ("nic.wanName", &nic.wan_name),
        ("nic.lanName", &nic.lan_name),
    ] {
        if let Some(name) = name {
            if !valid(name) {
                return Err(ApiError::new(
                    codes::INVALID_PARAMETER_NIC_NAME_MALFORMED,
                    format!("`{field}` `{name}` is not a NIC name: {rule}"),
                ));
            }
        }
    }
    let wan = nic.wan_name.as_deref().unwrap_or(defaults.0);
    let lan = nic.lan_name.as_deref().unwrap_or(defaults.1);
    if wan == lan {
        return Err(ApiError::new(
            codes::INVALID_PARAMETER_NIC_NAME_CONFLICT,
            format!("`nic.wanName` and `nic.lanName` are both `{wan}`"),
        ));
    }
    Ok(())
}

/// Disks a RAID level needs: RAID 0 one or more, RAID 1 exactly two, RAID 5 three or
/// more, RAID 10 four or more and an even number.
fn raid_fits(level: i64, disks: usize) -> bool {
    match level {
        0 => disks >= 1,
        1 => disks == 2,
        5 => disks >= 3,
        10 => disks >= 4 && disks.is_multiple_of(2),
        _ => false,
    }
}

fn raid_supported(model: &BmcInstanceType, level: i64) -> Result<(), ApiError> {
    if model.raids.contains(&level) {
        return Ok(());
    }
    Err(ApiError::new(
        codes::INVALID_INSTANCE_TYPE_RAID_NOT_SUPPORT,
        format!(
            "`{}` does not support RAID {level}; it supports {:?}",
            model.id, model.raids
        ),
    ))
}

/// `raidConfig`: a quick `raidType` over every disk of the model, or `customRaids`, not
/// both; each level one the model supports; a custom array's disks numbered from 1 up to
/// the model's disk count, ascending, each disk in one array only, as many as the level
/// needs.
fn check_raid(model: &BmcInstanceType, raid: &RaidConfig) -> Result<(), ApiError> {
    let disks: i64 = model.disks.iter().map(|d| d.count).sum();
    match (raid.raid_type, &raid.custom_raids) {
        (Some(_), Some(_)) => Err(ApiError::new(
            codes::INVALID_RAID_CONFIG_FAST_CUSTOM_CONFLICT,
            "give `raidConfig.raidType` or `raidConfig.customRaids`, not both",
        )),
        (None, None) => Err(ApiError::missing_parameter(
            "raidConfig.raidType` or `raidConfig.customRaids",
        )),
        (Some(level), None) => {
            raid_supported(model, level)?;
            if !raid_fits(level, disks as usize) {
                return Err(ApiError::new(
                    codes::INVALID_PARAMETER_VALUE_RAID_DISK_MISMATCH,
                    format!(
                        "RAID {level} does not fit the {disks} disks of `{}`",
                        model.id
                    ),
                ));
            }
            Ok(())
        }
        (None, Some(arrays)) => {
            let mut used = HashSet::new();
            for array in arrays {
                raid_supported(model, array.raid_type)?;
                let seq = &array.disk_sequence;
                if seq.windows(2).any(|w| w[0] >= w[1]) {
                    if seq.windows(2).any(|w| w[0] == w[1]) {
                        return Err(duplicate_disk());
                    }
                    return Err(ApiError::new(
                        codes::INVALID_PARAMETER_VALUE_RAID_DISK_DISORDER,
                        format!("`diskSequence` {seq:?} must be in ascending order"),
                    ));
                }
                if let Some(n) = seq.iter().find(|n| !(1..=disks).contains(*n)) {
                    return Err(ApiError::new(
                        codes::INVALID_PARAMETER_VALUE_RAID_DISK_SEQUENCE_RANGE,
                        format!(
                            "disk {n} does not exist: `{}` has disks 1 to {disks}",
                            model.id
                        ),
                    ));
                }
                if !seq.iter().all(|n| used.insert(*n)) {
                    return Err(duplicate_disk());
                }
                if !raid_fits(array.raid_type, seq.len()) {
                    return Err(ApiError::new(
                        codes::INVALID_PARAMETER_VALUE_RAID_DISK_MISMATCH,
                        format!(
                            "RAID {} does not fit {} disk(s)",
                            array.raid_type,
                            seq.len()
                        ),
                    ));
                }
            }
            Ok(())
        }
    }
}

fn duplicate_disk() -> ApiError {
    ApiError::new(
        codes::INVALID_PARAMETER_VALUE_RAID_DISK_SEQUENCE_DUPLICATE,
        "a disk appears twice in `raidConfig.customRaids`",
    )
}

fn partition_error(code: codes::Code, message: impl Into<String>) -> ApiError {
    ApiError::new(code, message)
}

/// `partitions`: only with an image ("Custom partition are only supported for specific
/// operating system"); each with a file system and a size of at least 1 GB; Linux paths
/// absolute and `/` among them, Windows drive letters in alphabetical order from `C`;
/// no path twice; together no larger than the model's disks.
fn check_partitions(
    catalog: &Catalog,
    model: &BmcInstanceType,
    image_id: Option<&str>,
    partitions: &[Partition],
) -> Result<(), ApiError> {
    let image = image_id
        .and_then(|id| catalog.bmc.images.iter().find(|i| i.id == id))
        .ok_or_else(|| {
            partition_error(
                codes::INVALID_PARTITION_IMAGE_NOT_SET,
                "custom `partitions` need an `imageId` to install",
            )
        })?;
    let windows = image.os_type.eq_ignore_ascii_case("windows");
    let mut paths = Vec::with_capacity(partitions.len());
    let mut total = 0;
    for p in partitions {
        if p.fs_type.as_deref().is_none_or(str::is_empty) {
            return Err(partition_error(
                codes::INVALID_PARTITION_NO_TYPE,
                "every partition needs an `fsType`",
            ));
        }
        let path = p.fs_path.as_deref().unwrap_or_default();
        let well_formed = if windows {
            path.len() == 1 && path.chars().all(|c| c.is_ascii_alphabetic())
        } else {
            path.starts_with('/') && !path.contains("//") && !path.contains(char::is_whitespace)
        };
        let size = p.size.unwrap_or(0);
        if !well_formed || size < 1 {
            return Err(partition_error(
                codes::INVALID_PARTITION_MALFORMED,
                format!(
                    "partition `{path}` needs {} and a size of at least 1 GB",
                    if windows {
                        "a drive letter"
                    } else {
                        "an absolute mount point"
                    }
                ),
            ));
        }
        let path = if windows {
            path.to_ascii_uppercase()
        } else {
            path.to_owned()
        };
        if paths.contains(&path) {
            return Err(partition_error(
                codes::INVALID_PARTITION_DUPLICATE_FILE_PATH,
                format!("partition `{path}` is given twice"),
            ));
        }
        paths.push(path);
        total += size;
    }
    let root = if windows { "C" } else { "/" };
    if !paths.iter().any(|p| p == root) {
        return Err(partition_error(
            codes::INVALID_PARTITION_MISSING_REQUIRED_FILE_PATH,
            format!("the partitions must include `{root}`"),
        ));
    }
    if windows {
        let expected: Vec<String> = (0..paths.len())
            .map(|n| char::from(b'C' + n as u8).to_string())
            .collect();
        if paths != expected {
            return Err(partition_error(
                codes::INVALID_PARTITION_INVALID_ORDER,
                format!("drive letters must run {} in order", expected.join(", ")),
            ));
        }
    }
    let disk: i64 = model.disks.iter().map(|d| d.size * d.count).sum();
    if total > disk {
        return Err(partition_error(
            codes::INVALID_PARTITION_SIZE_NOT_FULL,
            format!(
                "the partitions take {total} GB; `{}` has {disk} GB",
                model.id
            ),
        ));
    }
    Ok(())
}

/// The vm options: IPv6 and CPU pass-through only where the zone offers them, the NIC
/// model Virtio or Vf, at most ten data disks of at least 1 GB, a start address that is
/// an IPv4 address and comes with its CIDR block.
fn check_vm(catalog: &Catalog, zone_id: &str, setup: &Setup) -> Result<(), ApiError> {
    let zone = catalog.vm_zone(zone_id).ok_or_else(ApiError::internal)?;
    if setup.vm_ipv6() && !zone.ipv6 {
        return Err(ApiError::invalid_parameter(format!(
            "`enableIpv6`: zone `{zone_id}` has no IPv6"
        )));
    }
    if setup.cpu_pass_through == Some(true) && !zone.cpu_pass_through {
        return Err(ApiError::invalid_parameter(format!(
            "`cpuPassThrough`: zone `{zone_id}` does not pass CPUs through"
        )));
    }
    if let Some(mode) = &setup.network_mode {
        if mode != "Virtio" && mode != "Vf" {
            return Err(ApiError::invalid_parameter(format!(
                "`networkMode` must be Virtio or Vf, not `{mode}`"
            )));
        }
    }
    if setup
        .system_disk
        .as_ref()
        .and_then(|d| d.disk_size)
        .is_some_and(|s| s < 1)
    {
        return Err(ApiError::invalid_parameter(
            "`systemDisk.diskSize` must be at least 1 GB",
        ));
    }
    let disks = setup.data_disks.as_deref().unwrap_or_default();
    let mut count = 0;
    for disk in disks {
        if disk.disk_size.is_none_or(|s| s < 1) {
            return Err(ApiError::invalid_parameter(
                "`dataDisks[].diskSize` must be given, at least 1 GB",
            ));
        }
        count += disk.disk_amount.unwrap_or(1).max(1);
    }
    if count > MAX_DATA_DISKS {
        return Err(ApiError::invalid_parameter(format!(
            "at most {MAX_DATA_DISKS} data disks, not {count}"
        )));
    }
    if let Some(start) = &setup.start_cidr_ipv4 {
        if start.parse::<Ipv4Addr>().is_err() {
            return Err(ApiError::invalid_parameter(format!(
                "`startCidrIpv4` `{start}` is not an IPv4 address"
            )));
        }
        if setup.cidr_block_id.is_none() {
            return Err(ApiError::missing_parameter("cidrBlockId"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::catalog;
    use zenlocal_wire::model::bmc::CustomRaid;
    use zenlocal_wire::model::vm::DataDiskSpec;

    fn bmc(image: Option<&str>, setup: &Setup) -> Result<(), ApiError> {
        check(catalog(), Service::Bmc, "SEL-A", "M6C", image, setup)
    }

    fn vm(zone: &str, setup: &Setup) -> Result<(), ApiError> {
        check(catalog(), Service::Vm, zone, "c.2c4g", None, setup)
    }

    fn code(r: Result<(), ApiError>) -> codes::Code {
        r.unwrap_err().code
    }

    fn nic(wan: Option<&str>, lan: Option<&str>) -> Nic {
        Nic {
            wan_name: wan.map(str::to_owned),
            lan_name: lan.map(str::to_owned),
        }
    }

    /// D-124: NIC names by each service's rule, and never the same, defaults counted.
    #[test]
    fn nic_names_are_checked_per_service() {
        assert!(check_nic(Service::Bmc, &nic(Some("wan1"), Some("lan1"))).is_ok());
        assert!(check_nic(Service::Vm, &nic(Some("eth7"), None)).is_ok());
        for (service, bad) in [
            (Service::Bmc, "1wan"),
            (Service::Bmc, "wan"),
            (Service::Bmc, "wan00000000"),
            (Service::Vm, "Eth0"),
            (Service::Vm, "eth-0"),
        ] {
            let e = check_nic(service, &nic(Some(bad), None)).unwrap_err();
            assert_eq!(e.code, codes::INVALID_PARAMETER_NIC_NAME_MALFORMED, "{bad}");
        }
        let e = check_nic(Service::Vm, &nic(Some("eth1"), None)).unwrap_err();
        assert_eq!(e.code, codes::INVALID_PARAMETER_NIC_NAME_CONFLICT);
        assert_eq!(e.code.status, 400);
    }

    fn raid(raid_type: Option<i64>, custom: Option<Vec<(i64, Vec<i64>)>>) -> Setup {
        Setup {
            raid_config: Some(RaidConfig {
                raid_type,
                custom_raids: custom.map(|arrays| {
                    arrays
                        .into_iter()
                        .map(|(raid_type, disk_sequence)| CustomRaid {
                            raid_type,
                            disk_sequence,
                        })
                        .collect()
                }),
            }),
            ..Setup::default()
        }
    }

    /// D-124: RAID is quick or custom, at a level the model has, over its disks, each once,
    /// ascending, as many as the level needs (M6C: RAID 0 or 1 over 2 disks).
    #[test]
    fn raid_layouts_fit_the_model() {
        assert!(bmc(None, &raid(Some(1), None)).is_ok());
        assert!(bmc(None, &raid(None, Some(vec![(0, vec![1]), (0, vec![2])]))).is_ok());
        let cases = [
            (
                raid(Some(1), Some(vec![])),
                codes::INVALID_RAID_CONFIG_FAST_CUSTOM_CONFLICT,
            ),
            (
                raid(Some(5), None),
                codes::INVALID_INSTANCE_TYPE_RAID_NOT_SUPPORT,
            ),
            (
                raid(None, Some(vec![(1, vec![2, 1])])),
                codes::INVALID_PARAMETER_VALUE_RAID_DISK_DISORDER,
            ),
            (
                raid(None, Some(vec![(1, vec![1, 1])])),
                codes::INVALID_PARAMETER_VALUE_RAID_DISK_SEQUENCE_DUPLICATE,
            ),
            (
                raid(None, Some(vec![(0, vec![1]), (0, vec![1])])),
                codes::INVALID_PARAMETER_VALUE_RAID_DISK_SEQUENCE_DUPLICATE,
            ),
            (
                raid(None, Some(vec![(1, vec![1, 3])])),
                codes::INVALID_PARAMETER_VALUE_RAID_DISK_SEQUENCE_RANGE,
            ),
            (
                raid(None, Some(vec![(1, vec![1])])),
                codes::INVALID_PARAMETER_VALUE_RAID_DISK_MISMATCH,
            ),
        ];
        for (setup, expected) in cases {
            assert_eq!(code(bmc(None, &setup)), expected, "{setup:?}");
        }
    }

    fn parts(list: &[(&str, &str, i64)]) -> Setup {
        Setup {
            partitions: Some(
                list.iter()
                    .map(|(fs_type, fs_path, size)| Partition {
                        fs_type: (!fs_type.is_empty()).then(|| fs_type.to_string()),
                        fs_path: Some(fs_path.to_string()),
                        size: Some(*size),
                    })
                    .collect(),
            ),
            ..Setup::default()
        }
    }

    /// D-124: partitions need an image; Linux mount points with `/`, Windows letters from
    /// C in order; no path twice; no more than the disks hold (M6C: 960 GB).
    #[test]
    fn partitions_follow_the_image() {
        let linux = Some("img-ubuntu-2204");
        let windows = Some("img-windows-2022");
        assert!(bmc(linux, &parts(&[("ext4", "/", 100), ("xfs", "/data", 800)])).is_ok());
        assert!(bmc(windows, &parts(&[("NTFS", "C", 100), ("NTFS", "d", 100)])).is_ok());
        let cases = [
            (
                None,
                parts(&[("ext4", "/", 100)]),
                codes::INVALID_PARTITION_IMAGE_NOT_SET,
            ),
            (
                linux,
                parts(&[("", "/", 100)]),
                codes::INVALID_PARTITION_NO_TYPE,
            ),
            (
                linux,
                parts(&[("ext4", "data", 100)]),
                codes::INVALID_PARTITION_MALFORMED,
            ),
            (
                linux,
                parts(&[("ext4", "/", 0)]),
                codes::INVALID_PARTITION_MALFORMED,
            ),
            (
                linux,
                parts(&[("ext4", "/", 10), ("ext4", "/", 10)]),
                codes::INVALID_PARTITION_DUPLICATE_FILE_PATH,
            ),
            (
                linux,
                parts(&[("ext4", "/home", 10)]),
                codes::INVALID_PARTITION_MISSING_REQUIRED_FILE_PATH,
            ),
            (
                windows,
                parts(&[("NTFS", "C", 10), ("NTFS", "E", 10)]),
                codes::INVALID_PARTITION_INVALID_ORDER,
            ),
            (
                linux,
                parts(&[("ext4", "/", 961)]),
                codes::INVALID_PARTITION_SIZE_NOT_FULL,
            ),
        ];
        for (image, setup, expected) in cases {
            assert_eq!(code(bmc(image, &setup)), expected, "{setup:?}");
        }
    }

    /// D-124: the vm options the zone must offer, the NIC model, disks and CIDR start.
    #[test]
    fn vm_options_are_checked_against_the_zone() {
        let ipv6 = Setup {
            enable_ipv6: Some(true),
            ..Setup::default()
        };
        assert!(vm("asia-east-1a", &ipv6).is_ok());
        assert_eq!(code(vm("na-west-1a", &ipv6)), codes::INVALID_PARAMETER);
        let pass = Setup {
            cpu_pass_through: Some(true),
            ..Setup::default()
        };
        assert!(vm("asia-southeast-1a", &pass).is_ok());
        assert_eq!(code(vm("asia-east-1a", &pass)), codes::INVALID_PARAMETER);
        let mode = Setup {
            network_mode: Some("e1000".into()),
            ..Setup::default()
        };
        assert_eq!(code(vm("asia-east-1a", &mode)), codes::INVALID_PARAMETER);
        let disk = |amount| DataDiskSpec {
            disk_size: Some(100),
            disk_amount: Some(amount),
            portable: Some(true),
            ..DataDiskSpec::default()
        };
        let ten = Setup {
            data_disks: Some(vec![disk(4), disk(6)]),
            ..Setup::default()
        };
        assert!(vm("asia-east-1a", &ten).is_ok());
        let eleven = Setup {
            data_disks: Some(vec![disk(5), disk(6)]),
            ..Setup::default()
        };
        assert_eq!(code(vm("asia-east-1a", &eleven)), codes::INVALID_PARAMETER);
        let start = |block: Option<&str>, ip: &str| Setup {
            cidr_block_id: block.map(str::to_owned),
            start_cidr_ipv4: Some(ip.into()),
            ..Setup::default()
        };
        assert!(vm("asia-east-1a", &start(Some("cidr-1"), "203.0.113.8")).is_ok());
        assert_eq!(
            code(vm("asia-east-1a", &start(Some("cidr-1"), "203.0.113"))),
            codes::INVALID_PARAMETER
        );
        assert_eq!(
            code(vm("asia-east-1a", &start(None, "203.0.113.8"))),
            codes::MISSING_PARAMETER
        );
    }
}
