//! Answers of the catalog actions: zones, bmc instance types and available resources,
//! vm zone configurations, images. Shapes follow the version asked (D-1).

use crate::catalog::{BmcImage, Catalog, ChargeType, Offer};
use crate::{codes, ApiError};
use zenlocal_wire::model::{bmc, vm};
use zenlocal_wire::Version;

/// Checks `instanceChargeType` values given as filters or parameters.
pub fn charge_type(value: &str) -> Result<ChargeType, ApiError> {
    ChargeType::parse(value).ok_or_else(|| {
        ApiError::invalid_parameter(format!(
            "`instanceChargeType` must be PREPAID or POSTPAID, not `{value}`"
        ))
    })
}

/// Validates `pageNum` / `pageSize` (D-26) and returns (offset, size).
pub fn page(page_num: Option<i64>, page_size: Option<i64>) -> Result<(usize, usize), ApiError> {
    let size = page_size.unwrap_or(20);
    if !(1..=1000).contains(&size) {
        return Err(ApiError::invalid_parameter(
            "`pageSize` must be between 1 and 1000",
        ));
    }
    let num = page_num.unwrap_or(1);
    if num < 1 {
        return Err(ApiError::invalid_parameter("`pageNum` must be at least 1"));
    }
    let offset = (num - 1).saturating_mul(size);
    Ok((usize::try_from(offset).unwrap_or(usize::MAX), size as usize))
}

/// `*` at the end means prefix match, otherwise exact (ZENLAYER-API.md §4).
pub fn name_matches(filter: &str, name: &str) -> bool {
    match filter.strip_suffix('*') {
        Some(prefix) => name.starts_with(prefix),
        None => name == filter,
    }
}

pub fn bmc_zones(
    catalog: &Catalog,
    version: Version,
    req: &bmc::DescribeZonesRequest,
) -> bmc::DescribeZonesResponse {
    let zone_set = catalog
        .bmc
        .zones
        .iter()
        .filter(|z| {
            req.is_cloud_router_available
                .is_none_or(|want| z.cloud_router == want)
        })
        .map(|z| bmc::Zone {
            zone_id: z.id.clone(),
            zone_name: z.name.clone(),
            city_name: z.city.clone(),
            area_name: z.area.clone(),
            is_cloud_router_available: z.cloud_router,
            is_byoip_enabled: version.is_2026().then_some(z.byoip),
        })
        .collect();
    bmc::DescribeZonesResponse { zone_set }
}

fn image_fits(image: &BmcImage, instance_type: &str) -> bool {
    image.instance_types.is_empty() || image.instance_types.iter().any(|t| t == instance_type)
}

pub fn bmc_instance_types(
    catalog: &Catalog,
    version: Version,
    req: &bmc::DescribeInstanceTypesRequest,
) -> bmc::DescribeInstanceTypesResponse {
    let instance_types = catalog
        .bmc
        .instance_types
        .iter()
        .filter(|t| {
            let disk: i64 = t.disks.iter().map(|d| d.size * d.count).sum();
            req.instance_type_ids
                .as_ref()
                .is_none_or(|ids| ids.contains(&t.id))
                && req.minimum_cpu_core_count.is_none_or(|m| t.cpu_cores >= m)
                && req.maximum_cpu_core_count.is_none_or(|m| t.cpu_cores <= m)
                && req.minimum_memory_size.is_none_or(|m| t.memory >= m)
                && req.maximum_memory_size.is_none_or(|m| t.memory <= m)
                && req
                    .minimum_bandwidth
                    .is_none_or(|m| t.maximum_bandwidth >= m)
                && req.minimum_disk_size.is_none_or(|m| disk >= m)
                && req.maximum_disk_size.is_none_or(|m| disk <= m)
                && req.support_subnet.is_none_or(|s| t.subnet == s)
                && req.is_ha.is_none_or(|h| t.ha == h)
                && req
                    .support_raids
                    .as_ref()
                    .is_none_or(|raids| raids.iter().all(|r| t.raids.contains(r)))
                && req.image_id.as_ref().is_none_or(|id| {
                    catalog
                        .bmc
                        .images
                        .iter()
                        .any(|i| &i.id == id && image_fits(i, &t.id))
                })
        })
        .map(|t| {
            let image_ids = catalog
                .bmc
                .images
                .iter()
                .filter(|i| image_fits(i, &t.id))
                .map(|i| i.id.clone())
                .collect();
            bmc_instance_type(catalog, version, &t.id, Some(image_ids))
                .expect("the type exists: it is being listed")
        })
        .collect();
    bmc::DescribeInstanceTypesResponse { instance_types }
}

/// The `InstanceType` structure of one type; `image_ids` only in DescribeInstanceTypes.
pub fn bmc_instance_type(
    catalog: &Catalog,
    version: Version,
    id: &str,
    image_ids: Option<Vec<String>>,
) -> Option<bmc::InstanceType> {
    let t = catalog.bmc_instance_type(id)?;
    Some(bmc::InstanceType {
        instance_type_id: t.id.clone(),
        description: t.description.clone(),
        cpu_core_count: t.cpu_cores,
        cpu_detail: t.cpu_detail.clone(),
        cpu_cores: t.cpu_cores,
        cpu_threads: t.cpu_threads,
        base_frequency: t.base_frequency.clone(),
        memory_size: t.memory,
        maximum_bandwidth: t.maximum_bandwidth,
        support_raids: t.raids.clone(),
        support_subnet: t.subnet,
        is_ha: t.ha,
        image_ids,
        disk_info: bmc::DiskInfo {
            total_disk_size: t.disks.iter().map(|d| d.size * d.count).sum(),
            disk_description: t.disk_description.clone(),
            disks: t
                .disks
                .iter()
                .map(|d| bmc::Disk {
                    disk_size: d.size,
                    disk_count: d.count,
                })
                .collect(),
        },
        vpu: version.is_2026().then(|| bmc::Vpu {
            vpu_vendor: t.vpu_vendor.clone(),
            vpu_card: t.vpu_card.clone(),
            vpu_count: t.vpu_count,
        }),
    })
}

/// `SELL` above 10 in stock, `SELL_SHORTAGE` from 1 to 10, `SOLD_OUT` at 0 (§5.9).
pub fn sell_status(qty: i64) -> &'static str {
    match qty {
        q if q > 10 => "SELL",
        q if q > 0 => "SELL_SHORTAGE",
        _ => "SOLD_OUT",
    }
}

/// bmc DescribeAvailableResources; `stock` gives what is left of an offer in a zone.
pub fn bmc_available_resources(
    catalog: &Catalog,
    req: &bmc::DescribeAvailableResourcesRequest,
    stock: impl Fn(&str, &Offer) -> i64,
) -> Result<bmc::DescribeAvailableResourcesResponse, ApiError> {
    let charge = charge_type(&req.instance_charge_type)?;
    if let Some(status) = &req.sell_status {
        if !["SELL", "SELL_SHORTAGE", "SOLD_OUT"].contains(&status.as_str()) {
            return Err(ApiError::invalid_parameter(format!(
                "`sellStatus` must be SELL, SELL_SHORTAGE or SOLD_OUT, not `{status}`"
            )));
        }
    }
    let mut available_resources = Vec::new();
    for zone in &catalog.bmc.zones {
        if req.zone_id.as_ref().is_some_and(|z| z != &zone.id) {
            continue;
        }
        for t in &catalog.bmc.instance_types {
            if req.instance_type_id.as_ref().is_some_and(|i| i != &t.id) {
                continue;
            }
            let Some(offer) = catalog
                .bmc_offer(&zone.id, &t.id)
                .filter(|o| o.sells(charge))
            else {
                continue;
            };
            let qty = stock(&zone.id, offer);
            let status = sell_status(qty);
            if req.sell_status.as_deref().is_some_and(|s| s != status) {
                continue;
            }
            available_resources.push(bmc::AvailableResource {
                zone_id: zone.id.clone(),
                sell_status: status.to_owned(),
                internet_charge_types: offer
                    .internet_charge_types
                    .iter()
                    .map(|c| c.name().to_owned())
                    .collect(),
                instance_type_id: t.id.clone(),
                maximum_bandwidth_out: offer.max_bandwidth,
                default_bandwidth_out: offer.free_bandwidth,
                default_traffic_package_size: offer.free_traffic_package,
                qty,
            });
        }
    }
    Ok(bmc::DescribeAvailableResourcesResponse {
        available_resources,
    })
}

/// bmc DescribeImages: the catalog's images matching every filter given; an unknown
/// `instanceTypeId` is 404 `INVALID_INSTANCE_TYPE_NOT_FOUND` (D-178).
pub fn bmc_images(
    catalog: &Catalog,
    req: &bmc::DescribeImagesRequest,
) -> Result<bmc::DescribeImagesResponse, ApiError> {
    if let Some(t) = &req.instance_type_id {
        if catalog.bmc_instance_type(t).is_none() {
            return Err(ApiError::new(
                codes::INVALID_INSTANCE_TYPE_NOT_FOUND,
                format!("instance type `{t}` does not exist"),
            ));
        }
    }
    let images = catalog
        .bmc
        .images
        .iter()
        .filter(|i| {
            req.image_ids.as_ref().is_none_or(|ids| ids.contains(&i.id))
                && req
                    .image_name
                    .as_ref()
                    .is_none_or(|n| name_matches(n, &i.name))
                && req.catalog.as_ref().is_none_or(|c| c == &i.catalog)
                && req.image_type.as_ref().is_none_or(|t| t == &i.image_type)
                && req.os_type.as_ref().is_none_or(|o| o == &i.os_type)
                && req
                    .instance_type_id
                    .as_ref()
                    .is_none_or(|t| image_fits(i, t))
        })
        .map(|i| bmc::ImageInfo {
            image_id: i.id.clone(),
            image_name: i.name.clone(),
            catalog: i.catalog.clone(),
            image_type: i.image_type.clone(),
            os_type: i.os_type.clone(),
        })
        .collect();
    Ok(bmc::DescribeImagesResponse { images })
}

pub fn vm_zones(
    catalog: &Catalog,
    version: Version,
    req: &vm::DescribeZonesRequest,
) -> vm::DescribeZonesResponse {
    let zone_set = catalog
        .vm
        .zones
        .iter()
        .filter(|z| req.zone_ids.as_ref().is_none_or(|ids| ids.contains(&z.id)))
        .map(|z| vm::ZoneInfo {
            zone_id: z.id.clone(),
            zone_name: z.name.clone(),
            support_security_group: z.security_group,
            support_network_type: z.network_type.clone(),
            support_ipv6: z.ipv6,
            support_cpu_pass_through: z.cpu_pass_through,
            network_line_type: version.is_2026().then(|| z.network_line_type.clone()),
        })
        .collect();
    vm::DescribeZonesResponse { zone_set }
}

pub fn vm_zone_instance_config_infos(
    catalog: &Catalog,
    req: &vm::DescribeZoneInstanceConfigInfosRequest,
) -> Result<vm::DescribeZoneInstanceConfigInfosResponse, ApiError> {
    let charge = charge_type(&req.instance_charge_type)?;
    let mut instance_type_quota_set = Vec::new();
    for zone in &catalog.vm.zones {
        if req.zone_id.as_ref().is_some_and(|z| z != &zone.id) {
            continue;
        }
        for model in &catalog.vm.models {
            if req.instance_type.as_ref().is_some_and(|m| m != &model.id) {
                continue;
            }
            let Some(offer) = catalog
                .vm_offer(&zone.id, &model.id)
                .filter(|o| o.sells(charge))
            else {
                continue;
            };
            instance_type_quota_set.push(vm::InstanceTypeQuotaItem {
                zone_id: zone.id.clone(),
                instance_type: model.id.clone(),
                instance_type_name: model.name.clone(),
                cpu_count: model.cpu,
                memory: model.memory,
                frequency: model.frequency.clone(),
                internet_max_bandwidth_out_limit: offer.max_bandwidth,
                internet_charge_types: offer
                    .internet_charge_types
                    .iter()
                    .map(|c| c.name().to_owned())
                    .collect(),
            });
        }
    }
    Ok(vm::DescribeZoneInstanceConfigInfosResponse {
        instance_type_quota_set,
    })
}

/// The tier of a zone's vCPUs still for sale (D-129): HIGH from 64, MEDIUM from 16, LOW
/// from 1, NONE at 0.
pub fn capacity_tier(cores: i64) -> &'static str {
    match cores {
        c if c >= 64 => "HIGH",
        c if c >= 16 => "MEDIUM",
        c if c >= 1 => "LOW",
        _ => "NONE",
    }
}

/// vm DescribeVmInventoryCapacity (D-129): per zone (the one asked, else every zone), the
/// tier of the vCPUs its offers still have in stock; `stock` gives what is left of an
/// offer in a zone. An unknown zone is 404 `INVALID_ZONE_NOT_FOUND`.
pub fn vm_inventory_capacity(
    catalog: &Catalog,
    zone_id: Option<&str>,
    stock: impl Fn(&str, &Offer) -> i64,
) -> Result<vm::DescribeVmInventoryCapacityResponse, ApiError> {
    if let Some(zone) = zone_id {
        if catalog.vm_zone(zone).is_none() {
            return Err(ApiError::new(
                codes::INVALID_ZONE_NOT_FOUND,
                format!("zone `{zone}` does not exist"),
            ));
        }
    }
    let data_set = catalog
        .vm
        .zones
        .iter()
        .filter(|z| zone_id.is_none_or(|id| id == z.id))
        .map(|zone| {
            let cores: i64 = catalog
                .vm
                .models
                .iter()
                .filter_map(|m| {
                    catalog
                        .vm_offer(&zone.id, &m.id)
                        .map(|o| stock(&zone.id, o) * m.cpu)
                })
                .sum();
            vm::VmInventoryCapacityInfo {
                zone_id: zone.id.clone(),
                capacity: capacity_tier(cores).to_owned(),
            }
        })
        .collect();
    Ok(vm::DescribeVmInventoryCapacityResponse { data_set })
}

/// bmc DescribeManagedInstances (D-129): zenlocal manages no servers of its customers, so
/// the list is empty; the filters are checked as DescribeInstances checks them.
pub fn bmc_managed_instances(
    req: &bmc::DescribeManagedInstancesRequest,
) -> Result<bmc::DescribeManagedInstancesResponse, ApiError> {
    if req.instance_ids.as_ref().is_some_and(|ids| ids.len() > 100) {
        return Err(ApiError::invalid_parameter(
            "`instanceIds` may name at most 100 instances",
        ));
    }
    page(req.page_num, req.page_size)?;
    Ok(bmc::DescribeManagedInstancesResponse {
        total_count: 0,
        data_set: Vec::new(),
    })
}

/// DescribeImages: the catalog's images, then `custom`, the caller's custom images of the
/// zone asked (`image::listed`, D-176); the filters apply to both alike.
pub fn vm_images(
    catalog: &Catalog,
    custom: &[vm::ImageInfo],
    req: &vm::DescribeImagesRequest,
) -> Result<vm::DescribeImagesResponse, ApiError> {
    let (offset, size) = page(req.page_num, req.page_size)?;
    // An unknown zone is the page's own code (D-178).
    if let Some(zone) = req
        .zone_id
        .as_ref()
        .filter(|z| catalog.vm_zone(z).is_none())
    {
        return Err(ApiError::new(
            codes::INVALID_ZONE_NOT_FOUND,
            format!("zone `{zone}` does not exist"),
        ));
    }
    let matching: Vec<vm::ImageInfo> = catalog
        .vm
        .images
        .iter()
        .map(|i| vm::ImageInfo {
            image_id: i.id.clone(),
            image_name: i.name.clone(),
            image_type: i.image_type.clone(),
            image_size: i.size.to_string(),
            image_description: i.description.clone(),
            image_version: i.version.clone(),
            image_status: "AVAILABLE".to_owned(),
            category: i.category.clone(),
            os_type: i.os_type.clone(),
        })
        .chain(custom.iter().cloned())
        .filter(|i| {
            req.image_ids
                .as_ref()
                .is_none_or(|ids| ids.contains(&i.image_id))
                && req
                    .image_name
                    .as_ref()
                    .is_none_or(|n| name_matches(n, &i.image_name))
                && req.category.as_ref().is_none_or(|c| c == &i.category)
                && req.image_type.as_ref().is_none_or(|t| t == &i.image_type)
                && req.os_type.as_ref().is_none_or(|o| o == &i.os_type)
                && req
                    .image_status
                    .as_ref()
                    .is_none_or(|s| s == &i.image_status)
        })
        .collect();
    let total_count = matching.len() as i64;
    let data_set = matching.into_iter().skip(offset).take(size).collect();
    Ok(vm::DescribeImagesResponse {
        total_count,
        data_set,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes;

    /// D-178: DescribeImages answers its pages' codes for an unknown zone (vm) or
    /// instance type (bmc) rather than an empty list.
    #[test]
    fn describe_images_names_an_unknown_zone_or_type_d178() {
        let c = Catalog::builtin();
        let vm_req = vm::DescribeImagesRequest {
            zone_id: Some("nowhere".into()),
            ..Default::default()
        };
        assert_eq!(
            vm_images(&c, &[], &vm_req).unwrap_err().code,
            codes::INVALID_ZONE_NOT_FOUND
        );
        let bmc_req = bmc::DescribeImagesRequest {
            instance_type_id: Some("NOPE".into()),
            ..Default::default()
        };
        assert_eq!(
            bmc_images(&c, &bmc_req).unwrap_err().code,
            codes::INVALID_INSTANCE_TYPE_NOT_FOUND
        );
        let known = bmc::DescribeImagesRequest {
            instance_type_id: Some(c.bmc.instance_types[0].id.clone()),
            ..Default::default()
        };
        assert!(!bmc_images(&c, &known).unwrap().images.is_empty());
    }

    #[test]
    fn zones_differ_by_version() {
        let c = Catalog::builtin();
        let old = bmc_zones(&c, Version::Bmc20221120, &Default::default());
        let new = bmc_zones(&c, Version::Bmc20260201, &Default::default());
        assert!(old.zone_set.iter().all(|z| z.is_byoip_enabled.is_none()));
        assert!(new.zone_set.iter().all(|z| z.is_byoip_enabled.is_some()));
        let v = serde_json::to_value(&old.zone_set[0]).unwrap();
        assert!(v.get("isByoipEnabled").is_none());
        let v = serde_json::to_value(&new.zone_set[0]).unwrap();
        assert!(v.get("isByoipEnabled").is_some());
    }

    #[test]
    fn vpu_fields_are_null_in_2026_and_absent_before() {
        let c = Catalog::builtin();
        let t = bmc_instance_type(&c, Version::Bmc20260201, "M6C", None).unwrap();
        let v = serde_json::to_value(&t).unwrap();
        assert!(v["vpuVendor"].is_null() && v.get("vpuVendor").is_some());
        let t = bmc_instance_type(&c, Version::Bmc20221120, "M6C", None).unwrap();
        let v = serde_json::to_value(&t).unwrap();
        assert!(v.get("vpuVendor").is_none());
    }

    #[test]
    fn available_resources_filter_by_charge_type() {
        let c = Catalog::builtin();
        let req = bmc::DescribeAvailableResourcesRequest {
            instance_charge_type: "POSTPAID".into(),
            ..Default::default()
        };
        let r = bmc_available_resources(&c, &req, |_, o| o.stock).unwrap();
        assert!(r
            .available_resources
            .iter()
            .all(|a| a.instance_type_id != "S9I"));
        assert!(r
            .available_resources
            .iter()
            .all(|a| a.sell_status == "SELL"));
        let req = bmc::DescribeAvailableResourcesRequest {
            instance_charge_type: "MONTHLY".into(),
            ..Default::default()
        };
        let e = bmc_available_resources(&c, &req, |_, o| o.stock).unwrap_err();
        assert_eq!(e.code, codes::INVALID_PARAMETER);
        assert!(e.message.contains("instanceChargeType"));
    }

    #[test]
    fn sell_status_thresholds() {
        assert_eq!(sell_status(11), "SELL");
        assert_eq!(sell_status(10), "SELL_SHORTAGE");
        assert_eq!(sell_status(1), "SELL_SHORTAGE");
        assert_eq!(sell_status(0), "SOLD_OUT");
    }

    #[test]
    fn vm_images_paginate() {
        let c = Catalog::builtin();
        let req = vm::DescribeImagesRequest {
            page_size: Some(1),
            page_num: Some(2),
            ..Default::default()
        };
        let r = vm_images(&c, &[], &req).unwrap();
        assert_eq!(r.total_count, c.vm.images.len() as i64);
        assert_eq!(r.data_set.len(), 1);
        assert_eq!(r.data_set[0].image_id, c.vm.images[1].id);
        let far = vm::DescribeImagesRequest {
            page_num: Some(99),
            ..Default::default()
        };
        assert!(vm_images(&c, &[], &far).unwrap().data_set.is_empty());
        let bad = vm::DescribeImagesRequest {
            page_size: Some(0),
            ..Default::default()
        };
        assert_eq!(
            vm_images(&c, &[], &bad).unwrap_err().code,
            codes::INVALID_PARAMETER
        );
    }

    #[test]
    fn name_filter_prefix() {
        assert!(name_matches("Ubu*", "Ubuntu 22.04"));
        assert!(!name_matches("Ubu", "Ubuntu 22.04"));
        assert!(name_matches("Ubuntu 22.04", "Ubuntu 22.04"));
    }
}
