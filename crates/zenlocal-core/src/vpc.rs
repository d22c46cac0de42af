//! VPCs: bmc's (docs/decisions.md D-220 to D-222), private IPv4 ranges of an account in an
//! availability region made of the catalog's bmc zones, and vm's (D-228 to D-231), of a
//! zone. A bmc VPC holds no addresses itself, a vm VPC holds its range in its zone beside
//! the subnets in no VPC; the subnets of either hold their ranges in the VPC's scope
//! (`ipam::Scope::vpc`), inside its range and clear of each other (D-224, D-229). The
//! rules that need subnets — a vm VPC made with its first subnet, listed with its
//! subnets — are in `subnet`, which builds on this module.

use crate::catalog::Catalog;
use crate::describe::page;
use crate::ipam::{self, Family, Scope};
use crate::model::{Lease, ResourceRef, ResourceType};
use crate::resource_group::{self, ResourceGroup};
use crate::{codes, ApiError, Timestamp};
use ipnet::IpNet;
use zenlocal_wire::model::common::Tag;
use zenlocal_wire::model::vpcs;
use zenlocal_wire::Service;

/// One VPC of an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vpc {
    pub id: String,
    pub account_id: String,
    pub service: Service,
    /// bmc: its availability region (D-220); vm: its zone (D-228).
    pub location: String,
    pub name: String,
    pub cidr: IpNet,
    pub resource_group_id: String,
    pub tags: Vec<Tag>,
    pub created_at: Timestamp,
}

/// The status every VPC shows: creation is at once (D-221).
pub const AVAILABLE: &str = "AVAILABLE";
/// D-221: the private ranges a VPC is cut from (RFC 1918 §3).
pub const RANGES: [&str; 3] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];
/// D-221: the narrowest VPC, room for two of the narrowest subnets.
pub const MAX_PREFIX: u8 = 28;
/// D-221: VPCs an account may hold in one availability region.
pub const QUOTA_PER_REGION: usize = 10;

/// An availability region: the bmc zones of one city code (D-220).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    pub id: String,
    pub name: String,
    pub zone_ids: Vec<String>,
}

/// D-220: the availability regions, one per city code of the catalog's bmc zones (the
/// part of a zone ID before `-`, `SEL` of `SEL-A`), named `SEL1` as the page's `CHI1`,
/// with the city as name; in the catalog's order.
pub fn regions(catalog: &Catalog) -> Vec<Region> {
    let mut out: Vec<Region> = Vec::new();
    for zone in &catalog.bmc.zones {
        let code = zone.id.split('-').next().unwrap_or(&zone.id);
        let id = format!("{code}1");
        match out.iter_mut().find(|r| r.id == id) {
            Some(region) => region.zone_ids.push(zone.id.clone()),
            None => out.push(Region {
                id,
                name: zone.city.clone(),
                zone_ids: vec![zone.id.clone()],
            }),
        }
    }
    out
}

/// The region of a bmc zone, if the zone exists.
pub fn region_of(catalog: &Catalog, zone_id: &str) -> Option<Region> {
    regions(catalog)
        .into_iter()
        .find(|r| r.zone_ids.iter().any(|z| z == zone_id))
}

/// DescribeVpcAvailableRegions: every region, or the one asked for by ID or by zone. An
/// unknown zone is 404 `INVALID_ZONE_NOT_FOUND`; an unknown region matches nothing.
pub fn describe_regions(
    catalog: &Catalog,
    req: &vpcs::DescribeVpcAvailableRegionsRequest,
) -> Result<vpcs::DescribeVpcAvailableRegionsResponse, ApiError> {
    if let Some(zone) = &req.zone_id {
        if catalog.bmc_zone(zone).is_none() {
            return Err(ApiError::new(
                codes::INVALID_ZONE_NOT_FOUND,
                format!("zone `{zone}` does not exist"),
            ));
        }
    }
    let vpc_region_set = regions(catalog)
        .into_iter()
        .filter(|r| req.vpc_region_id.as_ref().is_none_or(|id| *id == r.id))
        .filter(|r| req.zone_id.as_ref().is_none_or(|z| r.zone_ids.contains(z)))
        .map(|r| vpcs::VpcRegionInfo {
            vpc_region_id: r.id,
            vpc_region_name: r.name,
            zone_ids: r.zone_ids,
        })
        .collect();
    Ok(vpcs::DescribeVpcAvailableRegionsResponse { vpc_region_set })
}

/// D-222: up to 64 letters, digits, `-` and `.` (CreateVpc and CreateSubnet pages); at
/// least one.
pub fn check_name(field: &str, name: &str) -> Result<(), ApiError> {
    let count = name.chars().count();
    if (1..=64).contains(&count)
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.'))
    {
        Ok(())
    } else {
        Err(ApiError::invalid_parameter(format!(
            "`{field}` must be 1 to 64 letters, digits, `-` or `.`"
        )))
    }
}

/// The codes a private range answers with when it is not one, outside the ranges, or
/// of a prefix length not allowed (D-221, D-223).
pub struct RangeCodes {
    pub malformed: codes::Code,
    pub not_private: codes::Code,
    pub netmask: codes::Code,
}

/// Reads a private IPv4 range inside one of `ranges` with a prefix from the range's own
/// to `max_prefix`.
pub fn parse_private(
    field: &str,
    text: &str,
    ranges: &[&str],
    max_prefix: u8,
    codes: &RangeCodes,
) -> Result<IpNet, ApiError> {
    let cidr = ipam::parse_cidr(text)
        .map_err(|e| ApiError::new(codes.malformed, format!("`{field}`: {e}")))?;
    let within: Vec<IpNet> = ranges.iter().filter_map(|r| r.parse().ok()).collect();
    let list = ranges.join(", ");
    if Family::of(&cidr) != Family::V4 || !within.iter().any(|r| ipam::overlaps(r, &cidr)) {
        return Err(ApiError::new(
            codes.not_private,
            format!("`{field}` {cidr} must lie inside {list}"),
        ));
    }
    if cidr.prefix_len() > max_prefix || !within.iter().any(|r| r.contains(&cidr)) {
        return Err(ApiError::new(
            codes.netmask,
            format!("`{field}` {cidr} must be inside {list}, /{max_prefix} at the narrowest"),
        ));
    }
    Ok(cidr)
}

const VPC_RANGE_CODES: RangeCodes = RangeCodes {
    malformed: codes::INVALID_PARAMETER_VPC_CIDR_BLOCK,
    not_private: codes::INVALID_PARAMETER_VPC_LAN_IP,
    netmask: codes::INVALID_PARAMETER_VPC_LAN_IP_NETMASK,
};

/// What CreateVpc asks for; the region was found and the group resolved by the caller.
#[derive(Debug, Clone, Copy)]
pub struct NewVpc<'a> {
    pub region_id: &'a str,
    pub name: &'a str,
    pub cidr_block: &'a str,
    pub resource_group_id: &'a str,
    pub tags: &'a [Tag],
}

/// D-221: a new VPC, given the account's VPCs.
pub fn create(
    existing: &[Vpc],
    account_id: &str,
    asked: NewVpc<'_>,
    id: String,
    now: Timestamp,
) -> Result<Vpc, ApiError> {
    check_name("vpcName", asked.name)?;
    let cidr = parse_private(
        "cidrBlock",
        asked.cidr_block,
        &RANGES,
        MAX_PREFIX,
        &VPC_RANGE_CODES,
    )?;
    let in_region = existing
        .iter()
        .filter(|v| v.location == asked.region_id)
        .count();
    if in_region >= QUOTA_PER_REGION {
        return Err(ApiError::new(
            codes::OPERATION_DENIED_VPC_REGION_EXCEED_LIMIT,
            format!(
                "the account holds {QUOTA_PER_REGION} VPCs in region `{}`",
                asked.region_id
            ),
        ));
    }
    Ok(Vpc {
        id,
        account_id: account_id.to_owned(),
        service: Service::Bmc,
        location: asked.region_id.to_owned(),
        name: asked.name.to_owned(),
        cidr,
        resource_group_id: asked.resource_group_id.to_owned(),
        tags: asked.tags.to_vec(),
        created_at: now,
    })
}

/// The region `id`; else 404 `INVALID_VPC_REGION_NOT_FOUND`.
pub fn find_region(catalog: &Catalog, id: &str) -> Result<Region, ApiError> {
    regions(catalog)
        .into_iter()
        .find(|r| r.id == id)
        .ok_or_else(|| {
            ApiError::new(
                codes::INVALID_VPC_REGION_NOT_FOUND,
                format!("availability region `{id}` does not exist"),
            )
        })
}

/// The account's VPC of that ID; another account's is not found either (D-6): 404
/// `INVALID_VPC_NOT_FOUND`.
pub fn find<'a>(vpcs: &'a [Vpc], id: &str) -> Result<&'a Vpc, ApiError> {
    vpcs.iter().find(|v| v.id == id).ok_or_else(|| {
        ApiError::new(
            codes::INVALID_VPC_NOT_FOUND,
            format!("VPC `{id}` does not exist"),
        )
    })
}

/// ModifyVpcsAttribute: all of them renamed, or none (D-222, D-230); the name was checked
/// by the caller, an unknown VPC is `not_found`.
pub fn rename(
    vpcs: &[Vpc],
    ids: &[String],
    name: &str,
    not_found: codes::Code,
) -> Result<Vec<Vpc>, ApiError> {
    if ids.is_empty() {
        return Err(ApiError::new(
            codes::MISSING_PARAMETER,
            "`vpcIds` must name at least one VPC",
        ));
    }
    ids.iter()
        .map(|id| {
            let mut v = vpcs
                .iter()
                .find(|v| v.id == *id)
                .ok_or_else(|| ApiError::new(not_found, format!("VPC `{id}` does not exist")))?
                .clone();
            v.name = name.to_owned();
            Ok(v)
        })
        .collect()
}

/// bmc ModifyVpcsAttribute (D-222): bmc names; an unknown VPC is 404
/// `OPERATION_FAILED_RESOURCE_NOT_FOUND`, the SDK's code for this action.
pub fn rename_bmc(vpcs: &[Vpc], ids: &[String], name: &str) -> Result<Vec<Vpc>, ApiError> {
    check_name("vpcName", name)?;
    rename(vpcs, ids, name, codes::OPERATION_FAILED_RESOURCE_NOT_FOUND)
}

/// DeleteVpc: refused while a subnet is in it (D-222).
pub fn check_delete(vpc: &Vpc, subnet_ids: &[String]) -> Result<(), ApiError> {
    match subnet_ids.first() {
        Some(subnet) => Err(ApiError::new(
            codes::OPERATION_DENIED_VPC_EXIST_SUBNET_ASSIGN,
            format!(
                "VPC `{}` has subnets, e.g. `{subnet}`; delete them first",
                vpc.id
            ),
        )),
        None => Ok(()),
    }
}

/// DescribeVpcs: filtered, newest first, paginated.
pub fn describe(
    catalog: &Catalog,
    groups: &[ResourceGroup],
    mut vpcs: Vec<Vpc>,
    req: &vpcs::DescribeVpcsRequest,
) -> Result<vpcs::DescribeVpcsResponse, ApiError> {
    let (offset, size) = page(req.page_num, req.page_size)?;
    vpcs.retain(|v| {
        req.vpc_ids.as_ref().is_none_or(|ids| ids.contains(&v.id))
            && req
                .cidr_block
                .as_ref()
                .is_none_or(|c| *c == v.cidr.to_string())
            && req
                .vpc_status
                .as_ref()
                .is_none_or(|s| s.eq_ignore_ascii_case(AVAILABLE))
            && req
                .vpc_name
                .as_ref()
                .is_none_or(|part| v.name.contains(part.as_str()))
            && req.vpc_region_id.as_ref().is_none_or(|r| *r == v.location)
            && req
                .resource_group_id
                .as_ref()
                .is_none_or(|g| *g == v.resource_group_id)
            && req
                .tag_keys
                .as_ref()
                .is_none_or(|keys| keys.iter().all(|k| v.tags.iter().any(|t| t.key == *k)))
    });
    vpcs.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(a.id.cmp(&b.id)));
    let regions = regions(catalog);
    Ok(vpcs::DescribeVpcsResponse {
        total_count: vpcs.len() as i64,
        data_set: vpcs
            .iter()
            .skip(offset)
            .take(size)
            .map(|v| vpcs::VpcInfo {
                vpc_id: v.id.clone(),
                vpc_region_id: v.location.clone(),
                vpc_region_name: regions
                    .iter()
                    .find(|r| r.id == v.location)
                    .map_or_else(|| v.location.clone(), |r| r.name.clone()),
                vpc_name: v.name.clone(),
                cidr_block: v.cidr.to_string(),
                create_time: v.created_at.to_string(),
                vpc_status: AVAILABLE.to_owned(),
                resource_group_id: Some(v.resource_group_id.clone()),
                resource_group_name: group_name(groups, &v.resource_group_id),
            })
            .collect(),
    })
}

/// The name of one of the account's groups.
pub fn group_name(groups: &[ResourceGroup], id: &str) -> Option<String> {
    resource_group::find(groups, id)
        .ok()
        .map(|g| g.name.clone())
}

impl Vpc {
    pub fn holder(&self) -> ResourceRef {
        ResourceRef {
            kind: ResourceType::Vpc,
            id: self.id.clone(),
        }
    }

    /// A vm VPC's range, held in its account's zone scope beside the subnets in no VPC
    /// (D-228).
    pub fn lease(&self) -> Lease {
        Lease {
            scope: Scope::subnets(&self.account_id, &self.location),
            net: self.cidr,
            account_id: self.account_id.clone(),
            holder: self.holder(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: Timestamp = Timestamp(1_700_000_000);

    fn asked(cidr: &'static str) -> NewVpc<'static> {
        NewVpc {
            region_id: "SEL1",
            name: "net-1",
            cidr_block: cidr,
            resource_group_id: "rg",
            tags: &[],
        }
    }

    fn made(cidr: &'static str) -> Result<Vpc, ApiError> {
        create(&[], "acct", asked(cidr), "vpc-1".into(), T0)
    }

    /// D-220: one region per city code of the bmc zones.
    #[test]
    fn regions_from_the_catalog() {
        let catalog = Catalog::builtin();
        let all = regions(&catalog);
        let sel = all.iter().find(|r| r.id == "SEL1").unwrap();
        assert_eq!(sel.name, "Seoul");
        assert_eq!(sel.zone_ids, vec!["SEL-A".to_owned()]);
        assert_eq!(region_of(&catalog, "FRA-A").unwrap().id, "FRA1");
        assert!(region_of(&catalog, "XXX-A").is_none());
    }

    /// D-221: private ranges, /8 to /28, each with its code.
    #[test]
    fn vpc_ranges() {
        assert_eq!(made("10.0.0.0/8").unwrap().cidr.to_string(), "10.0.0.0/8");
        assert!(made("172.16.4.0/24").is_ok());
        for (bad, code) in [
            ("x", codes::INVALID_PARAMETER_VPC_CIDR_BLOCK),
            ("10.0.0.1/24", codes::INVALID_PARAMETER_VPC_CIDR_BLOCK),
            ("8.8.8.0/24", codes::INVALID_PARAMETER_VPC_LAN_IP),
            ("fd00::/64", codes::INVALID_PARAMETER_VPC_LAN_IP),
            ("10.0.0.0/29", codes::INVALID_PARAMETER_VPC_LAN_IP_NETMASK),
            ("172.0.0.0/8", codes::INVALID_PARAMETER_VPC_LAN_IP_NETMASK),
        ] {
            assert_eq!(made(bad).unwrap_err().code, code, "{bad}");
        }
    }

    /// D-221: ten VPCs per region.
    #[test]
    fn quota_per_region() {
        let full = vec![made("10.0.0.0/8").unwrap(); QUOTA_PER_REGION];
        let err = create(&full, "acct", asked("10.0.0.0/8"), "v".into(), T0).unwrap_err();
        assert_eq!(err.code, codes::OPERATION_DENIED_VPC_REGION_EXCEED_LIMIT);
    }

    /// D-222: names, renaming all or none, deleting only when empty.
    #[test]
    fn names_rename_delete() {
        assert!(check_name("vpcName", "a").is_ok());
        assert!(check_name("vpcName", &"a".repeat(65)).is_err());
        assert!(check_name("vpcName", "a b").is_err());
        let v = made("10.0.0.0/8").unwrap();
        let err = rename_bmc(
            std::slice::from_ref(&v),
            &["vpc-1".into(), "nope".into()],
            "x",
        )
        .unwrap_err();
        assert_eq!(err.code, codes::OPERATION_FAILED_RESOURCE_NOT_FOUND);
        assert_eq!(
            rename_bmc(std::slice::from_ref(&v), &["vpc-1".into()], "x").unwrap()[0].name,
            "x"
        );
        assert!(check_delete(&v, &[]).is_ok());
        assert_eq!(
            check_delete(&v, &["s".into()]).unwrap_err().code,
            codes::OPERATION_DENIED_VPC_EXIST_SUBNET_ASSIGN
        );
    }
}
