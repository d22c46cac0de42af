//! Subnets: private networks of an account in a zone, vm's (docs/decisions.md D-150 to
//! D-154) and bmc's (D-223 to D-227), one kind of resource. A subnet's range is held in
//! its VPC's scope when it is in one (bmc), else in its account's zone scope, so two
//! subnets of one network never overlap; the instances in it hold their private
//! addresses in the subnet's own scope, handed out by `ipam` (D-140).

use crate::describe::page;
use crate::instance::addresses;
use crate::ipam::{self, Family, IpamError, Pool, Scope};
use crate::keypair::check_description;
use crate::model::{Changes, Instance, InstanceStatus, Lease, ResourceRef, ResourceType};
use crate::resource_group::ResourceGroup;
use crate::vpc::{self, RangeCodes, Vpc};
use crate::{codes, ApiError, Catalog, Timestamp};
use ipnet::IpNet;
use std::net::IpAddr;
use zenlocal_wire::model::{vm, vpcs};
use zenlocal_wire::Service;

/// One subnet of an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subnet {
    pub id: String,
    pub account_id: String,
    /// vm or bmc: each service sees only its own subnets.
    pub service: Service,
    pub zone_id: String,
    pub name: String,
    pub description: Option<String>,
    pub cidr: IpNet,
    /// The bmc VPC it is in (D-224).
    pub vpc_id: Option<String>,
    /// Its bmc resource group (D-223); vm subnets have none.
    pub resource_group_id: Option<String>,
    pub created_at: Timestamp,
}

/// D-150: the ranges a vm subnet is cut from (CreateSubnet page: "10.0.0.0/24,
/// 172.16.0.0/24, 192.168.0.0/24 and their subsets").
pub const PRIVATE_RANGES: [&str; 3] = ["10.0.0.0/24", "172.16.0.0/24", "192.168.0.0/24"];
/// D-150: the narrowest subnet, the narrowest that still has an address to hand out
/// besides its network, gateway and broadcast addresses.
pub const MAX_PREFIX: u8 = 29;
/// D-151: subnets an account may hold in one zone.
pub const QUOTA_PER_ZONE: usize = 10;
/// The status a subnet shows: creation is at once (D-151).
pub const AVAILABLE: &str = "Available";

fn private_pool() -> Pool {
    Pool::new(
        PRIVATE_RANGES
            .iter()
            .filter_map(|r| r.parse().ok())
            .collect(),
    )
}

/// Where an account's subnets of a zone hold their ranges: no two overlap (D-150).
pub fn zone_scope(account_id: &str, zone_id: &str) -> Scope {
    Scope::subnets(account_id, zone_id)
}

impl Subnet {
    pub fn holder(&self) -> ResourceRef {
        ResourceRef {
            kind: ResourceType::Subnet,
            id: self.id.clone(),
        }
    }

    /// Where its range is held: its VPC's scope, else its account's zone scope.
    pub fn range_scope(&self) -> Scope {
        match &self.vpc_id {
            Some(vpc_id) => Scope::vpc(vpc_id),
            None => zone_scope(&self.account_id, &self.zone_id),
        }
    }

    /// The subnet's own range, held in its range scope.
    pub fn lease(&self) -> Lease {
        Lease {
            scope: self.range_scope(),
            net: self.cidr,
            account_id: self.account_id.clone(),
            holder: self.holder(),
        }
    }

    /// Where its private addresses are handed out.
    pub fn scope(&self) -> Scope {
        Scope::subnet(&self.id)
    }

    /// The addresses it hands out: its range less network, gateway and broadcast.
    pub fn pool(&self) -> Pool {
        Pool::hosts(self.cidr)
    }

    /// `held` are the leases of its scope: one per instance in it. `is_default` is
    /// answered from vm 2026-04-01 on (`since_2026`).
    pub fn info(&self, held: &[Lease], since_2026: bool) -> vm::SubnetInfo {
        let pool = self.pool();
        let total = ipam::size(&self.cidr) - pool.reserved.len() as u64;
        let mut instances: Vec<String> = held
            .iter()
            .filter_map(|l| l.holder.instance_id().map(str::to_owned))
            .collect();
        instances.sort();
        vm::SubnetInfo {
            subnet_id: self.id.clone(),
            zone_id: self.zone_id.clone(),
            subnet_name: self.name.clone(),
            subnet_status: AVAILABLE.to_owned(),
            cidr_block: self.cidr.to_string(),
            cidr_block_list: vec![self.cidr.to_string()],
            usage_ip_count: held.len() as i64,
            total_ip_count: i64::try_from(total).unwrap_or(i64::MAX),
            create_time: self.created_at.to_string(),
            instance_id_list: instances,
            subnet_description: self.description.clone().unwrap_or_default(),
            is_default: since_2026.then_some(false),
        }
    }
}

/// D-152: 2 to 63 letters, digits, `-` and `.`, starting and ending with a letter or a
/// digit (CreateSubnet page).
pub fn check_name(field: &str, name: &str) -> Result<(), ApiError> {
    let chars: Vec<char> = name.chars().collect();
    let ok = (2..=63).contains(&chars.len())
        && chars
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.'))
        && chars.first().is_some_and(char::is_ascii_alphanumeric)
        && chars.last().is_some_and(char::is_ascii_alphanumeric);
    if ok {
        Ok(())
    } else {
        Err(ApiError::invalid_parameter(format!(
            "`{field}` must be 2 to 63 letters, digits, `-` or `.`, starting and ending with a letter or a digit"
        )))
    }
}

/// What CreateSubnet asks for.
#[derive(Debug, Clone, Copy)]
pub struct NewSubnet<'a> {
    pub zone_id: &'a str,
    pub name: &'a str,
    pub cidr_block: &'a str,
    pub description: Option<&'a str>,
}

/// D-150, D-151: a new subnet, given the account's subnets and the ranges its zone scope
/// holds. The zone was checked against the catalog by the caller.
pub fn create(
    existing: &[Subnet],
    held: &[IpNet],
    account_id: &str,
    asked: NewSubnet<'_>,
    id: String,
    now: Timestamp,
) -> Result<Subnet, ApiError> {
    check_name("subnetName", asked.name)?;
    check_description("subnetDescription", asked.description)?;
    let cidr = ipam::parse_cidr(asked.cidr_block)
        .map_err(|e| ApiError::invalid_parameter(format!("`cidrBlock`: {e}")))?;
    if Family::of(&cidr) != Family::V4 || cidr.prefix_len() > MAX_PREFIX {
        return Err(ApiError::invalid_parameter(format!(
            "`cidrBlock` {cidr} must be an IPv4 range of /{MAX_PREFIX} or wider"
        )));
    }
    let in_zone = existing
        .iter()
        .filter(|s| s.zone_id == asked.zone_id && s.vpc_id.is_none())
        .count();
    if in_zone >= QUOTA_PER_ZONE {
        return Err(ApiError::new(
            codes::UNSUPPORTED_OPERATION_SUBNET_BIND_NETWORK_COUNT_LIMIT,
            format!(
                "the account holds {QUOTA_PER_ZONE} subnets in zone `{}`",
                asked.zone_id
            ),
        ));
    }
    match ipam::claim(&private_pool(), held, &cidr) {
        Ok(()) => {}
        Err(IpamError::Taken { held, .. }) => {
            return Err(ApiError::new(
                codes::UNSUPPORTED_OPERATION_CIDR_BLOCK_IS_EXIST,
                format!("`cidrBlock` {cidr} overlaps the subnet range {held}"),
            ))
        }
        Err(e) => {
            return Err(ApiError::invalid_parameter(format!(
                "`cidrBlock` must be one of {} or inside one: {e}",
                PRIVATE_RANGES.join(", ")
            )))
        }
    }
    Ok(Subnet {
        id,
        account_id: account_id.to_owned(),
        service: Service::Vm,
        zone_id: asked.zone_id.to_owned(),
        name: asked.name.to_owned(),
        description: asked.description.map(str::to_owned),
        cidr,
        vpc_id: None,
        resource_group_id: None,
        created_at: now,
    })
}

/// The account's subnet of that ID; another account's is not found either (D-6): 404
/// `INVALID_SUBNET_NOT_FOUND`.
pub fn find<'a>(subnets: &'a [Subnet], id: &str) -> Result<&'a Subnet, ApiError> {
    find_or(subnets, id, codes::INVALID_SUBNET_NOT_FOUND)
}

/// The account's subnet of that ID, else `not_found` (its code differs by action, D-225).
pub fn find_or<'a>(
    subnets: &'a [Subnet],
    id: &str,
    not_found: codes::Code,
) -> Result<&'a Subnet, ApiError> {
    subnets
        .iter()
        .find(|s| s.id == id)
        .ok_or_else(|| ApiError::new(not_found, format!("subnet `{id}` does not exist")))
}

/// ModifySubnetsAttribute: all of them renamed, or none (D-153, D-225). Names are
/// checked by the service's rule, an unknown subnet answered with the service's code.
pub fn rename(
    service: Service,
    subnets: &[Subnet],
    ids: &[String],
    name: &str,
) -> Result<Vec<Subnet>, ApiError> {
    if ids.is_empty() {
        return Err(ApiError::new(
            codes::MISSING_PARAMETER,
            "`subnetIds` must name at least one subnet",
        ));
    }
    let not_found = match service {
        Service::Bmc => {
            vpc::check_name("subnetName", name)?;
            codes::OPERATION_FAILED_RESOURCE_NOT_FOUND_400
        }
        _ => {
            check_name("subnetName", name)?;
            codes::INVALID_SUBNET_NOT_FOUND
        }
    };
    ids.iter()
        .map(|id| {
            let mut s = find_or(subnets, id, not_found)?.clone();
            s.name = name.to_owned();
            Ok(s)
        })
        .collect()
}

/// DeleteSubnet: refused while an instance holds an address in it (D-153, D-225).
pub fn check_delete(subnet: &Subnet, held: &[Lease]) -> Result<(), ApiError> {
    let code = match subnet.service {
        Service::Bmc => codes::OPERATION_DENIED_SUBNET_EXIST_INSTANCE,
        _ => codes::UNSUPPORTED_OPERATION_SUBNET_HAS_INSTANCE,
    };
    match held.iter().find_map(|l| l.holder.instance_id()) {
        Some(instance) => Err(ApiError::new(
            code,
            format!(
                "subnet `{}` has instances, e.g. `{instance}`; release them first",
                subnet.id
            ),
        )),
        None => Ok(()),
    }
}

/// D-154: a private address in `subnet` for each of `count` instances created in
/// `zone_id`: the subnet must be in that zone and have that many free.
pub fn place(
    subnet: &Subnet,
    zone_id: &str,
    held: &[IpNet],
    count: usize,
) -> Result<Vec<IpAddr>, ApiError> {
    if subnet.zone_id != zone_id {
        return Err(ApiError::new(
            codes::INVALID_SUBNET_ZONE_MISMATCH,
            format!(
                "subnet `{}` is in zone `{}`, not `{zone_id}`",
                subnet.id, subnet.zone_id
            ),
        ));
    }
    let picked = ipam::allocate(&subnet.pool(), held, 32, count).map_err(|e| {
        ApiError::new(
            codes::INVALID_SUBNET_PRIVATE_IP_INSUFFICIENT,
            format!("subnet `{}` has too few free addresses: {e}", subnet.id),
        )
    })?;
    Ok(picked.iter().map(IpNet::addr).collect())
}

/// What every listing of subnets filters on besides its own fields: the CIDR, the status
/// (`available`: what this service shows) and part of the name.
fn shown(
    s: &Subnet,
    cidr: &Option<String>,
    status: &Option<String>,
    name: &Option<String>,
    available: &str,
) -> bool {
    cidr.as_ref().is_none_or(|c| *c == s.cidr.to_string())
        && status
            .as_ref()
            .is_none_or(|st| st.eq_ignore_ascii_case(available))
        && name
            .as_ref()
            .is_none_or(|part| s.name.contains(part.as_str()))
}

/// The order every listing of subnets answers in: newest first, ties by id.
fn newest_first(subnets: &mut [(Subnet, Vec<Lease>)]) {
    subnets.sort_by(|(a, _), (b, _)| b.created_at.cmp(&a.created_at).then(a.id.cmp(&b.id)));
}

/// DescribeSubnets: the subnets in no VPC (D-229), filtered, newest first, paginated; each
/// subnet with the leases of its scope.
pub fn describe(
    mut subnets: Vec<(Subnet, Vec<Lease>)>,
    req: &vm::DescribeSubnetsRequest,
    since_2026: bool,
) -> Result<vm::DescribeSubnetsResponse, ApiError> {
    let (offset, size) = page(req.page_num, req.page_size)?;
    subnets.retain(|(s, _)| {
        s.vpc_id.is_none()
            && req
                .subnet_ids
                .as_ref()
                .is_none_or(|ids| ids.contains(&s.id))
            && req.zone_id.as_ref().is_none_or(|z| *z == s.zone_id)
            && shown(
                s,
                &req.cidr_block,
                &req.subnet_status,
                &req.subnet_name,
                AVAILABLE,
            )
    });
    newest_first(&mut subnets);
    Ok(vm::DescribeSubnetsResponse {
        total_count: subnets.len() as i64,
        data_set: subnets
            .iter()
            .skip(offset)
            .take(size)
            .map(|(s, held)| s.info(held, since_2026))
            .collect(),
    })
}

// ---- vm VPC subnets (D-228 to D-231) ---------------------------------------------------

/// D-229: a subnet of a vm VPC, given the VPC's subnets and the ranges its scope holds:
/// a range as D-150's inside the VPC's (else 400 `INVALID_PARAMETER`), clear of the VPC's
/// other subnets (else 400 `UNSUPPORTED_OPERATION_CIDR_BLOCK_IS_EXIST`), ten at most per
/// VPC (else 400 `UNSUPPORTED_OPERATION_SUBNET_BIND_NETWORK_COUNT_LIMIT`).
pub fn create_in_vpc(
    vpc: &Vpc,
    in_vpc: &[Subnet],
    held: &[IpNet],
    name: &str,
    cidr_block: &str,
    id: String,
    now: Timestamp,
) -> Result<Subnet, ApiError> {
    check_name("subnetName", name)?;
    let cidr = ipam::parse_cidr(cidr_block)
        .map_err(|e| ApiError::invalid_parameter(format!("`cidrBlock`: {e}")))?;
    if Family::of(&cidr) != Family::V4 || cidr.prefix_len() > MAX_PREFIX {
        return Err(ApiError::invalid_parameter(format!(
            "`cidrBlock` {cidr} must be an IPv4 range of /{MAX_PREFIX} or wider"
        )));
    }
    if in_vpc.len() >= QUOTA_PER_ZONE {
        return Err(ApiError::new(
            codes::UNSUPPORTED_OPERATION_SUBNET_BIND_NETWORK_COUNT_LIMIT,
            format!("VPC `{}` has {QUOTA_PER_ZONE} subnets", vpc.id),
        ));
    }
    match ipam::claim(&Pool::new(vec![vpc.cidr]), held, &cidr) {
        Ok(()) => {}
        Err(IpamError::Taken { held, .. }) => {
            return Err(ApiError::new(
                codes::UNSUPPORTED_OPERATION_CIDR_BLOCK_IS_EXIST,
                format!("`cidrBlock` {cidr} overlaps the subnet range {held}"),
            ))
        }
        Err(e) => {
            return Err(ApiError::invalid_parameter(format!(
                "`cidrBlock` must lie inside {} of VPC `{}`: {e}",
                vpc.cidr, vpc.id
            )))
        }
    }
    Ok(Subnet {
        id,
        account_id: vpc.account_id.clone(),
        service: Service::Vm,
        zone_id: vpc.location.clone(),
        name: name.to_owned(),
        description: None,
        cidr,
        vpc_id: Some(vpc.id.clone()),
        resource_group_id: None,
        created_at: now,
    })
}

/// DescribeVpcSubnets: the subnets in VPCs, filtered, newest first, paginated.
pub fn describe_in_vpcs(
    mut subnets: Vec<(Subnet, Vec<Lease>)>,
    req: &vm::DescribeVpcSubnetsRequest,
) -> Result<vm::DescribeVpcSubnetsResponse, ApiError> {
    let (offset, size) = page(req.page_num, req.page_size)?;
    subnets.retain(|(s, _)| {
        s.vpc_id.is_some()
            && req
                .subnet_ids
                .as_ref()
                .is_none_or(|ids| ids.contains(&s.id))
            && req
                .vpc_id
                .as_ref()
                .is_none_or(|v| s.vpc_id.as_ref() == Some(v))
            && shown(
                s,
                &req.cidr_block,
                &req.subnet_status,
                &req.subnet_name,
                AVAILABLE,
            )
    });
    newest_first(&mut subnets);
    Ok(vm::DescribeVpcSubnetsResponse {
        total_count: subnets.len() as i64,
        data_set: subnets
            .iter()
            .skip(offset)
            .take(size)
            .map(|(s, held)| {
                let info = s.info(held, false);
                vm::VpcSubnetInfo {
                    subnet_id: info.subnet_id,
                    vpc_id: s.vpc_id.clone().unwrap_or_default(),
                    subnet_name: info.subnet_name,
                    subnet_status: info.subnet_status,
                    cidr_block: info.cidr_block,
                    instance_id_list: info.instance_id_list,
                    create_time: info.create_time,
                    usage_ip_count: info.usage_ip_count,
                    total_ip_count: info.total_ip_count,
                    is_default: false,
                }
            })
            .collect(),
    })
}

// ---- vm VPCs (D-228 to D-231) ----------------------------------------------------------

/// D-228: vm VPCs an account may hold in one zone.
pub const VM_VPC_QUOTA_PER_ZONE: usize = 10;
/// The status a vm VPC shows (D-228).
pub const VM_VPC_AVAILABLE: &str = "Available";

/// What vm CreateVpc asks for.
#[derive(Debug, Clone, Copy)]
pub struct NewVmVpc<'a> {
    pub zone_id: &'a str,
    pub name: &'a str,
    pub cidr_block: &'a str,
    pub subnet_name: &'a str,
    pub subnet_cidr_block: &'a str,
}

/// D-228: a new vm VPC and its first subnet, given the account's vm VPCs and the ranges
/// its zone scope holds. The zone must exist (404 `INVALID_ZONE_NOT_FOUND`) and be of the
/// VPC network type (400 `UNSUPPORTED_OPERATION_ZONE_NOT_SUPPORT`); the range is as a
/// subnet's (D-150) and clear of the account's other ranges in the zone (400
/// `UNSUPPORTED_OPERATION_CIDR_BLOCK_IS_EXIST`); ten VPCs per zone (400
/// `UNSUPPORTED_OPERATION_SUBNET_BIND_NETWORK_COUNT_LIMIT`).
pub fn create_vm_vpc(
    catalog: &Catalog,
    existing: &[Vpc],
    held: &[IpNet],
    account_id: &str,
    asked: NewVmVpc<'_>,
    ids: (String, String),
    now: Timestamp,
) -> Result<(Vpc, Subnet), ApiError> {
    let Some(zone) = catalog.vm_zone(asked.zone_id) else {
        return Err(ApiError::new(
            codes::INVALID_ZONE_NOT_FOUND,
            format!("zone `{}` does not exist", asked.zone_id),
        ));
    };
    if zone.network_type != "VPC" {
        return Err(ApiError::new(
            codes::UNSUPPORTED_OPERATION_ZONE_NOT_SUPPORT,
            format!("zone `{}` has no VPC network", asked.zone_id),
        ));
    }
    check_name("vpcName", asked.name)?;
    let cidr = ipam::parse_cidr(asked.cidr_block)
        .map_err(|e| ApiError::invalid_parameter(format!("`vpcCidrBlock`: {e}")))?;
    if Family::of(&cidr) != Family::V4 || cidr.prefix_len() > MAX_PREFIX {
        return Err(ApiError::invalid_parameter(format!(
            "`vpcCidrBlock` {cidr} must be an IPv4 range of /{} or wider",
            MAX_PREFIX
        )));
    }
    let in_zone = existing
        .iter()
        .filter(|v| v.location == asked.zone_id)
        .count();
    if in_zone >= VM_VPC_QUOTA_PER_ZONE {
        return Err(ApiError::new(
            codes::UNSUPPORTED_OPERATION_SUBNET_BIND_NETWORK_COUNT_LIMIT,
            format!(
                "the account holds {VM_VPC_QUOTA_PER_ZONE} VPCs in zone `{}`",
                asked.zone_id
            ),
        ));
    }
    let private = PRIVATE_RANGES
        .iter()
        .filter_map(|r| r.parse().ok())
        .collect();
    match ipam::claim(&Pool::new(private), held, &cidr) {
        Ok(()) => {}
        Err(IpamError::Taken { held, .. }) => {
            return Err(ApiError::new(
                codes::UNSUPPORTED_OPERATION_CIDR_BLOCK_IS_EXIST,
                format!("`vpcCidrBlock` {cidr} overlaps the range {held}"),
            ))
        }
        Err(e) => {
            return Err(ApiError::invalid_parameter(format!(
                "`vpcCidrBlock` must be one of {} or inside one: {e}",
                PRIVATE_RANGES.join(", ")
            )))
        }
    }
    let (vpc_id, subnet_id) = ids;
    let vpc = Vpc {
        id: vpc_id,
        account_id: account_id.to_owned(),
        service: Service::Vm,
        location: asked.zone_id.to_owned(),
        name: asked.name.to_owned(),
        cidr,
        resource_group_id: crate::resource_group::default_id(account_id),
        tags: Vec::new(),
        created_at: now,
    };
    let first = create_in_vpc(
        &vpc,
        &[],
        &[],
        asked.subnet_name,
        asked.subnet_cidr_block,
        subnet_id,
        now,
    )?;
    Ok((vpc, first))
}

/// vm DescribeVpcs: filtered, newest first, paginated, each with its subnets.
pub fn describe_vm_vpcs(
    mut vpcs: Vec<Vpc>,
    subnets: &[Subnet],
    req: &vm::DescribeVpcsRequest,
) -> Result<vm::DescribeVpcsResponse, ApiError> {
    let (offset, size) = page(req.page_num, req.page_size)?;
    vpcs.retain(|v| {
        req.vpc_ids.as_ref().is_none_or(|ids| ids.contains(&v.id))
            && req
                .cidr_block
                .as_ref()
                .is_none_or(|c| *c == v.cidr.to_string())
            && req.zone_id.as_ref().is_none_or(|z| *z == v.location)
            && req
                .vpc_status
                .as_ref()
                .is_none_or(|s| s.eq_ignore_ascii_case(VM_VPC_AVAILABLE))
            && req
                .vpc_name
                .as_ref()
                .is_none_or(|part| v.name.contains(part.as_str()))
    });
    vpcs.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(a.id.cmp(&b.id)));
    Ok(vm::DescribeVpcsResponse {
        total_count: vpcs.len() as i64,
        data_set: vpcs
            .iter()
            .skip(offset)
            .take(size)
            .map(|v| {
                let mut subnet_id_list: Vec<String> = subnets
                    .iter()
                    .filter(|s| s.vpc_id.as_deref() == Some(v.id.as_str()))
                    .map(|s| s.id.clone())
                    .collect();
                subnet_id_list.sort();
                vm::VpcNetworkInfo {
                    vpc_id: v.id.clone(),
                    zone_id: v.location.clone(),
                    vpc_name: v.name.clone(),
                    vpc_status: VM_VPC_AVAILABLE.to_owned(),
                    cidr_block: v.cidr.to_string(),
                    subnet_id_list,
                    create_time: v.created_at.to_string(),
                    is_default: false,
                }
            })
            .collect(),
    })
}

/// vm ModifyVpcsAttribute (D-230): D-152 names; an unknown VPC is 404
/// `INVALID_VPC_NOT_FOUND`.
pub fn rename_vm_vpcs(vpcs: &[Vpc], ids: &[String], name: &str) -> Result<Vec<Vpc>, ApiError> {
    check_name("vpcName", name)?;
    vpc::rename(vpcs, ids, name, codes::INVALID_VPC_NOT_FOUND)
}

// ---- bmc subnets (D-223 to D-227) ------------------------------------------------------

/// D-223: the ranges a bmc subnet is cut from (CreateSubnet page: "10.0.0.0/16,
/// 172.16.0.0/16, 192.168.0.0/16 and their subsets").
pub const BMC_RANGES: [&str; 3] = ["10.0.0.0/16", "172.16.0.0/16", "192.168.0.0/16"];
/// D-223: bmc subnets an account may hold in one zone, in VPCs or not.
pub const BMC_QUOTA_PER_ZONE: usize = 20;
/// D-224: subnets a VPC may have in one zone.
pub const VPC_QUOTA_PER_ZONE: usize = 10;
/// The status a bmc subnet shows: creation is at once (D-223).
pub const BMC_AVAILABLE: &str = "AVAILABLE";
/// A bmc subnet's `vpcSubnetStatus` while it is in a VPC (D-224).
pub const ASSOCIATED: &str = "ASSOCIATED";
/// An instance's `privateIpStatus`: bound at once (D-226).
pub const BINDED: &str = "BINDED";

const SUBNET_RANGE_CODES: RangeCodes = RangeCodes {
    malformed: codes::INVALID_PARAMETER_SUBNET_CIDR_BLOCK,
    not_private: codes::INVALID_PARAMETER_SUBNET_LAN_IP,
    netmask: codes::INVALID_PARAMETER_SUBNET_LAN_IP_NETMASK,
};

/// What bmc CreateSubnet asks for; the zone was checked and the group resolved by the
/// caller.
#[derive(Debug, Clone, Copy)]
pub struct NewBmcSubnet<'a> {
    pub zone_id: &'a str,
    pub name: &'a str,
    pub cidr_block: &'a str,
    pub resource_group_id: &'a str,
}

/// A VPC a subnet goes into, with the region of the subnet's zone and the VPC's
/// subnets.
#[derive(Debug, Clone, Copy)]
pub struct VpcFit<'a> {
    pub vpc: &'a Vpc,
    pub zone_region: &'a str,
    pub subnets: &'a [Subnet],
}

/// D-224: a subnet of `cidr` in `zone_id` may go into the VPC: a zone of its region
/// (else 403 `OPERATION_DENIED_ZONE_NOT_BELONG_VPC`), inside its range (else 400
/// `INVALID_PARAMETER_SUBNET_CIDR_NOT_BELONG_VPC`), fewer than ten subnets of the VPC in
/// the zone (else 403 `OPERATION_DENIED_VPC_ZONE_SUBNET_EXCEED_LIMIT`), clear of the
/// VPC's other subnets (else 400 `INVALID_PARAMETER_VPC_SUBNET_OVER_LAP`).
fn fit_in_vpc(
    into: VpcFit<'_>,
    zone_id: &str,
    cidr: &IpNet,
    held: &[IpNet],
) -> Result<(), ApiError> {
    if into.vpc.location != into.zone_region {
        return Err(ApiError::new(
            codes::OPERATION_DENIED_ZONE_NOT_BELONG_VPC,
            format!(
                "zone `{zone_id}` is not in region `{}` of VPC `{}`",
                into.vpc.location, into.vpc.id
            ),
        ));
    }
    if !into.vpc.cidr.contains(cidr) {
        return Err(ApiError::new(
            codes::INVALID_PARAMETER_SUBNET_CIDR_NOT_BELONG_VPC,
            format!(
                "`cidrBlock` {cidr} is not inside {} of VPC `{}`",
                into.vpc.cidr, into.vpc.id
            ),
        ));
    }
    let in_zone = into
        .subnets
        .iter()
        .filter(|s| s.vpc_id.as_deref() == Some(into.vpc.id.as_str()) && s.zone_id == zone_id)
        .count();
    if in_zone >= VPC_QUOTA_PER_ZONE {
        return Err(ApiError::new(
            codes::OPERATION_DENIED_VPC_ZONE_SUBNET_EXCEED_LIMIT,
            format!(
                "VPC `{}` has {VPC_QUOTA_PER_ZONE} subnets in zone `{zone_id}`",
                into.vpc.id
            ),
        ));
    }
    claim_range(&Pool::new(vec![into.vpc.cidr]), held, cidr)
}

/// The range may be held in its scope: else 400 `INVALID_PARAMETER_VPC_SUBNET_OVER_LAP`.
fn claim_range(pool: &Pool, held: &[IpNet], cidr: &IpNet) -> Result<(), ApiError> {
    ipam::claim(pool, held, cidr).map_err(|e| {
        let why = match e {
            IpamError::Taken { held, .. } => format!("it overlaps the subnet range {held}"),
            other => other.to_string(),
        };
        ApiError::new(
            codes::INVALID_PARAMETER_VPC_SUBNET_OVER_LAP,
            format!("`cidrBlock` {cidr}: {why}"),
        )
    })
}

/// D-223, D-224: a new bmc subnet, given the account's bmc subnets, the VPC it goes into
/// (if any) and the ranges its range scope holds.
pub fn create_bmc(
    existing: &[Subnet],
    into: Option<VpcFit<'_>>,
    held: &[IpNet],
    account_id: &str,
    asked: NewBmcSubnet<'_>,
    id: String,
    now: Timestamp,
) -> Result<Subnet, ApiError> {
    vpc::check_name("subnetName", asked.name)?;
    let cidr = vpc::parse_private(
        "cidrBlock",
        asked.cidr_block,
        &BMC_RANGES,
        MAX_PREFIX,
        &SUBNET_RANGE_CODES,
    )?;
    let in_zone = existing
        .iter()
        .filter(|s| s.zone_id == asked.zone_id)
        .count();
    if in_zone >= BMC_QUOTA_PER_ZONE {
        return Err(ApiError::new(
            codes::OPERATION_DENIED_SUBNET_EXCEED_LIMIT,
            format!(
                "the account holds {BMC_QUOTA_PER_ZONE} subnets in zone `{}`",
                asked.zone_id
            ),
        ));
    }
    let resource_group_id = match into {
        Some(into) => {
            fit_in_vpc(into, asked.zone_id, &cidr, held)?;
            into.vpc.resource_group_id.clone()
        }
        None => {
            let ranges = BMC_RANGES.iter().filter_map(|r| r.parse().ok()).collect();
            claim_range(&Pool::new(ranges), held, &cidr)?;
            asked.resource_group_id.to_owned()
        }
    };
    Ok(Subnet {
        id,
        account_id: account_id.to_owned(),
        service: Service::Bmc,
        zone_id: asked.zone_id.to_owned(),
        name: asked.name.to_owned(),
        description: None,
        cidr,
        vpc_id: into.map(|i| i.vpc.id.clone()),
        resource_group_id: Some(resource_group_id),
        created_at: now,
    })
}

/// AssociateVpcSubnet (D-224): the subnet moved into the VPC, or `None` when it is in it
/// already (the page: no action). A subnet in another VPC is 403
/// `OPERATION_DENIED_SUBNET_ASSOCIATED_OTHER_VPC`. `held` is what the VPC's scope holds.
pub fn join_vpc(
    subnet: &Subnet,
    into: VpcFit<'_>,
    held: &[IpNet],
) -> Result<Option<Subnet>, ApiError> {
    match &subnet.vpc_id {
        Some(id) if *id == into.vpc.id => return Ok(None),
        Some(other) => {
            return Err(ApiError::new(
                codes::OPERATION_DENIED_SUBNET_ASSOCIATED_OTHER_VPC,
                format!("subnet `{}` is in VPC `{other}`", subnet.id),
            ))
        }
        None => {}
    }
    fit_in_vpc(into, &subnet.zone_id, &subnet.cidr, held)?;
    let mut moved = subnet.clone();
    moved.vpc_id = Some(into.vpc.id.clone());
    Ok(Some(moved))
}

/// One instance AssociateSubnetInstances puts in a subnet, with the address it asks for.
#[derive(Debug, Clone)]
pub struct Joining {
    pub instance: Instance,
    pub address: Option<String>,
    /// The lease of its address from the zone's private pool, given back as it joins
    /// (D-233; `instance::addresses::private_lease`).
    pub own: Option<Lease>,
}

/// D-226: AssociateSubnetInstances. Each instance must be of a model that joins subnets
/// (403 `OPERATION_DENIED_INSTANCE_NOT_SUPPORT_SUBNET`), RUNNING (403
/// `OPERATION_DENIED_INSTANCE_NOT_RUNNING`), in the subnet's zone (403
/// `OPERATION_DENIED_DIFFERENT_ZONE`), in no subnet (403
/// `OPERATION_DENIED_SUBNET_EXIST_INSTANCE`) and named once (403
/// `OPERATION_DENIED_SUBNET_NOT_REPEAT_INSTANCE`); an address asked for must be one of
/// the subnet's to hand out (400 `INVALID_PARAMETER_LAN_IP_NOT_SUPPORT`), asked once (400
/// `INVALID_PARAMETER_DUPLICATE_LAN_IP`) and free (403
/// `OPERATION_DENIED_IP_ASSOCIATED_INSTANCE`); the others get the lowest free ones. All
/// or none: the changes — the instances as they become, the leases they take, and those
/// of the private pool addresses they give back (D-233).
pub fn join_instances(
    catalog: &Catalog,
    subnet: &Subnet,
    joining: Vec<Joining>,
    held: &[IpNet],
) -> Result<Changes, ApiError> {
    if joining.is_empty() || joining.len() > 100 {
        return Err(ApiError::invalid_parameter(
            "`subnetInstanceList` must name 1 to 100 instances",
        ));
    }
    let pool = subnet.pool();
    let mut taken: Vec<IpNet> = held.to_vec();
    let mut seen: Vec<&str> = Vec::new();
    let mut fixed: Vec<Option<IpAddr>> = Vec::new();
    for j in &joining {
        check_joining(catalog, subnet, &j.instance, &seen)?;
        seen.push(&j.instance.id);
        let Some(text) = &j.address else {
            fixed.push(None);
            continue;
        };
        let address = ipam::parse_address(text)
            .map_err(|e| ApiError::invalid_parameter(format!("`privateIpAddress`: {e}")))?;
        let net = ipam::single(address);
        if !subnet.cidr.contains(&address) || pool.reserved.contains(&address) {
            return Err(ApiError::new(
                codes::INVALID_PARAMETER_LAN_IP_NOT_SUPPORT,
                format!(
                    "`privateIpAddress` {address} is not one subnet `{}` hands out",
                    subnet.id
                ),
            ));
        }
        if fixed.contains(&Some(address)) {
            return Err(ApiError::new(
                codes::INVALID_PARAMETER_DUPLICATE_LAN_IP,
                format!("`privateIpAddress` {address} is asked for twice"),
            ));
        }
        if held.iter().any(|h| h.contains(&address)) {
            return Err(ApiError::new(
                codes::OPERATION_DENIED_IP_ASSOCIATED_INSTANCE,
                format!("`privateIpAddress` {address} is held by another instance"),
            ));
        }
        taken.push(net);
        fixed.push(Some(address));
    }
    let wanted = fixed.iter().filter(|a| a.is_none()).count();
    let mut picked = ipam::allocate(&pool, &taken, 32, wanted)
        .map_err(|e| {
            ApiError::new(
                codes::INVALID_SUBNET_PRIVATE_IP_INSUFFICIENT,
                format!("subnet `{}` has too few free addresses: {e}", subnet.id),
            )
        })?
        .into_iter();
    let mut instances = Vec::new();
    let mut leases = Vec::new();
    let mut freed = Vec::new();
    for (j, asked) in joining.into_iter().zip(fixed) {
        freed.extend(j.own);
        let address = match asked {
            Some(a) => a,
            None => picked.next().map(|n| n.addr()).ok_or_else(|| {
                ApiError::new(
                    codes::INVALID_SUBNET_PRIVATE_IP_INSUFFICIENT,
                    format!("subnet `{}` has too few free addresses", subnet.id),
                )
            })?,
        };
        let mut instance = j.instance;
        instance.subnet_id = Some(subnet.id.clone());
        instance.private_ip = address.to_string();
        leases.push(Lease {
            scope: subnet.scope(),
            net: ipam::single(address),
            account_id: instance.account_id.clone(),
            holder: ResourceRef::instance(&instance.id),
        });
        instances.push(instance);
    }
    Ok(Changes {
        instances,
        leases,
        freed,
        ..Changes::default()
    })
}

fn check_joining(
    catalog: &Catalog,
    subnet: &Subnet,
    instance: &Instance,
    seen: &[&str],
) -> Result<(), ApiError> {
    let id = &instance.id;
    if seen.contains(&id.as_str()) {
        return Err(ApiError::new(
            codes::OPERATION_DENIED_SUBNET_NOT_REPEAT_INSTANCE,
            format!("instance `{id}` is named twice"),
        ));
    }
    check_model(catalog, &instance.product)?;
    if instance.status != InstanceStatus::Running {
        return Err(ApiError::new(
            codes::OPERATION_DENIED_INSTANCE_NOT_RUNNING,
            format!("instance `{id}` is {}, not RUNNING", instance.status.name()),
        ));
    }
    if instance.zone_id != subnet.zone_id {
        return Err(ApiError::new(
            codes::OPERATION_DENIED_DIFFERENT_ZONE,
            format!(
                "instance `{id}` is in zone `{}`, subnet `{}` in `{}`",
                instance.zone_id, subnet.id, subnet.zone_id
            ),
        ));
    }
    if let Some(other) = &instance.subnet_id {
        return Err(ApiError::new(
            codes::OPERATION_DENIED_SUBNET_EXIST_INSTANCE,
            format!("instance `{id}` is in subnet `{other}` already"),
        ));
    }
    Ok(())
}

/// D-227: a bmc model joins subnets only when the catalog says it can
/// (`supportSubnet`): else 403 `OPERATION_DENIED_INSTANCE_NOT_SUPPORT_SUBNET`.
pub fn check_model(catalog: &Catalog, product: &str) -> Result<(), ApiError> {
    if catalog.bmc_instance_type(product).is_some_and(|t| t.subnet) {
        Ok(())
    } else {
        Err(ApiError::new(
            codes::OPERATION_DENIED_INSTANCE_NOT_SUPPORT_SUBNET,
            format!("instance type `{product}` cannot join a subnet"),
        ))
    }
}

/// UnAssociateSubnetInstance (D-226): the instance out of the subnet with `private`, a
/// fresh address of its zone's private pool (D-233), the subnet's lease it lets go of and
/// the pool's lease it takes; `None` when it is not in the subnet (the page: no action).
pub fn leave(
    subnet: &Subnet,
    held: &[Lease],
    instance: &Instance,
    private: IpAddr,
) -> Option<(Instance, Lease, Lease)> {
    if instance.subnet_id.as_deref() != Some(subnet.id.as_str()) {
        return None;
    }
    let lease = held
        .iter()
        .find(|l| l.holder.instance_id() == Some(instance.id.as_str()))?
        .clone();
    let mut left = instance.clone();
    left.subnet_id = None;
    let taken = addresses::take(&mut left, addresses::Pool::Private, private);
    Some((left, lease, taken))
}

impl Subnet {
    /// bmc DescribeSubnets' view: `held` are the leases of its scope, `vpc` the VPC it
    /// is in.
    pub fn bmc_info(
        &self,
        held: &[Lease],
        vpc: Option<&Vpc>,
        groups: &[ResourceGroup],
    ) -> vpcs::SubnetInfo {
        let pool = self.pool();
        let total = ipam::size(&self.cidr) - pool.reserved.len() as u64;
        let mut members: Vec<vpcs::SubnetInstance> = held
            .iter()
            .filter_map(|l| {
                l.holder.instance_id().map(|id| vpcs::SubnetInstance {
                    instance_id: id.to_owned(),
                    private_ip_address: l.net.addr().to_string(),
                    private_ip_status: BINDED.to_owned(),
                })
            })
            .collect();
        members.sort_by(|a, b| a.instance_id.cmp(&b.instance_id));
        let group = self.resource_group_id.clone().unwrap_or_default();
        vpcs::SubnetInfo {
            subnet_id: self.id.clone(),
            subnet_name: self.name.clone(),
            zone_id: self.zone_id.clone(),
            available_ip_count: i64::try_from(total.saturating_sub(held.len() as u64))
                .unwrap_or(i64::MAX),
            cidr_block: self.cidr.to_string(),
            subnet_status: BMC_AVAILABLE.to_owned(),
            create_time: self.created_at.to_string(),
            vpc_subnet_status: vpc.map(|_| ASSOCIATED.to_owned()),
            vpc_id: vpc.map(|v| v.id.clone()),
            vpc_name: vpc.map(|v| v.name.clone()),
            resource_group_name: vpc::group_name(groups, &group),
            resource_group_id: Some(group),
            subnet_instance_set: members,
        }
    }
}

/// bmc DescribeSubnets: filtered, newest first, paginated; each subnet with the leases
/// of its scope.
pub fn describe_bmc(
    mut subnets: Vec<(Subnet, Vec<Lease>)>,
    vpcs: &[Vpc],
    groups: &[ResourceGroup],
    req: &vpcs::DescribeSubnetsRequest,
) -> Result<vpcs::DescribeSubnetsResponse, ApiError> {
    let (offset, size) = page(req.page_num, req.page_size)?;
    subnets.retain(|(s, _)| {
        req.subnet_ids
            .as_ref()
            .is_none_or(|ids| ids.contains(&s.id))
            && req.zone_id.as_ref().is_none_or(|z| *z == s.zone_id)
            && shown(
                s,
                &req.cidr_block,
                &req.subnet_status,
                &req.subnet_name,
                BMC_AVAILABLE,
            )
            && req
                .resource_group_id
                .as_ref()
                .is_none_or(|g| s.resource_group_id.as_ref() == Some(g))
            && req
                .vpc_id
                .as_ref()
                .is_none_or(|v| s.vpc_id.as_ref() == Some(v))
    });
    newest_first(&mut subnets);
    Ok(vpcs::DescribeSubnetsResponse {
        total_count: subnets.len() as i64,
        data_set: subnets
            .iter()
            .skip(offset)
            .take(size)
            .map(|(s, held)| {
                let vpc = s
                    .vpc_id
                    .as_ref()
                    .and_then(|id| vpcs.iter().find(|v| v.id == *id));
                s.bmc_info(held, vpc, groups)
            })
            .collect(),
    })
}

/// DescribeSubnetAvailableResources (D-227): the bmc zones, or the one asked for (an
/// unknown one is 404 `INVALID_ZONE_NOT_FOUND`).
pub fn available_zones(
    catalog: &Catalog,
    req: &vpcs::DescribeSubnetAvailableResourcesRequest,
) -> Result<vpcs::DescribeSubnetAvailableResourcesResponse, ApiError> {
    if let Some(zone) = &req.zone_id {
        if catalog.bmc_zone(zone).is_none() {
            return Err(ApiError::new(
                codes::INVALID_ZONE_NOT_FOUND,
                format!("zone `{zone}` does not exist"),
            ));
        }
    }
    Ok(vpcs::DescribeSubnetAvailableResourcesResponse {
        zone_id_set: catalog
            .bmc
            .zones
            .iter()
            .filter(|z| req.zone_id.as_ref().is_none_or(|id| *id == z.id))
            .map(|z| z.id.clone())
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: Timestamp = Timestamp(1_700_000_000);

    fn asked(cidr: &'static str) -> NewSubnet<'static> {
        NewSubnet {
            zone_id: "FRA-A",
            name: "net-1",
            cidr_block: cidr,
            description: None,
        }
    }

    fn made(cidr: &'static str) -> Result<Subnet, ApiError> {
        create(&[], &[], "acct", asked(cidr), "subnet-1".into(), T0)
    }

    /// D-150: the page's private ranges and their subsets, /29 at the narrowest.
    #[test]
    fn cidr_inside_the_private_ranges() {
        assert_eq!(made("10.0.0.0/24").unwrap().cidr.to_string(), "10.0.0.0/24");
        assert!(made("192.168.0.64/26").is_ok());
        for bad in [
            "10.0.1.0/24",
            "10.0.0.0/16",
            "10.0.0.0/30",
            "10.0.0.1/24",
            "fd00::/64",
            "x",
        ] {
            assert_eq!(
                made(bad).unwrap_err().code,
                codes::INVALID_PARAMETER,
                "{bad}"
            );
        }
    }

    /// D-150: no two subnets of an account in a zone overlap.
    #[test]
    fn overlap_is_refused() {
        let held: Vec<IpNet> = vec!["10.0.0.0/25".parse().unwrap()];
        let err = create(&[], &held, "acct", asked("10.0.0.0/24"), "s".into(), T0).unwrap_err();
        assert_eq!(err.code, codes::UNSUPPORTED_OPERATION_CIDR_BLOCK_IS_EXIST);
        assert!(create(&[], &held, "acct", asked("10.0.0.128/25"), "s".into(), T0).is_ok());
    }

    /// D-151: ten subnets per zone.
    #[test]
    fn quota_per_zone() {
        let one = made("10.0.0.0/24").unwrap();
        let full = vec![one; QUOTA_PER_ZONE];
        let err = create(&full, &[], "acct", asked("172.16.0.0/24"), "s".into(), T0).unwrap_err();
        assert_eq!(
            err.code,
            codes::UNSUPPORTED_OPERATION_SUBNET_BIND_NETWORK_COUNT_LIMIT
        );
    }

    /// D-152: names as the page says.
    #[test]
    fn names() {
        for good in ["ab", "net-1.a", "A9"] {
            assert!(check_name("subnetName", good).is_ok(), "{good}");
        }
        for bad in ["a", "-ab", "ab.", "a_b", &"a".repeat(64)] {
            assert!(check_name("subnetName", bad).is_err(), "{bad}");
        }
    }

    /// D-154: addresses from the subnet's hosts, in its zone only, never more than it has.
    #[test]
    fn placing_instances() {
        let s = made("10.0.0.0/29").unwrap();
        let ips = place(&s, "FRA-A", &[], 2).unwrap();
        assert_eq!(ips[0].to_string(), "10.0.0.2");
        assert_eq!(ips[1].to_string(), "10.0.0.3");
        assert_eq!(
            place(&s, "SEL-A", &[], 1).unwrap_err().code,
            codes::INVALID_SUBNET_ZONE_MISMATCH
        );
        // A /29 has 8 addresses, 3 reserved.
        assert_eq!(
            place(&s, "FRA-A", &[], 6).unwrap_err().code,
            codes::INVALID_SUBNET_PRIVATE_IP_INSUFFICIENT
        );
        assert_eq!(s.info(&[], false).total_ip_count, 5);
    }

    /// D-153: a subnet with an instance is not deleted.
    #[test]
    fn delete_refused_with_instances() {
        let s = made("10.0.0.0/24").unwrap();
        let lease = Lease {
            scope: s.scope(),
            net: "10.0.0.2/32".parse().unwrap(),
            account_id: "acct".into(),
            holder: ResourceRef::instance("ins-1"),
        };
        assert!(check_delete(&s, &[]).is_ok());
        assert_eq!(
            check_delete(&s, &[lease]).unwrap_err().code,
            codes::UNSUPPORTED_OPERATION_SUBNET_HAS_INSTANCE
        );
    }

    fn bmc_vpc(cidr: &str) -> Vpc {
        Vpc {
            id: "vpc-1".into(),
            account_id: "acct".into(),
            service: Service::Bmc,
            location: "SEL1".into(),
            name: "net".into(),
            cidr: cidr.parse().unwrap(),
            resource_group_id: "rg-vpc".into(),
            tags: Vec::new(),
            created_at: T0,
        }
    }

    fn bmc(cidr: &'static str, vpc: Option<&Vpc>, held: &[IpNet]) -> Result<Subnet, ApiError> {
        let into = vpc.map(|vpc| VpcFit {
            vpc,
            zone_region: "SEL1",
            subnets: &[],
        });
        let asked = NewBmcSubnet {
            zone_id: "SEL-A",
            name: "sub-1",
            cidr_block: cidr,
            resource_group_id: "rg-own",
        };
        create_bmc(&[], into, held, "acct", asked, "s-1".into(), T0)
    }

    /// D-223: bmc ranges, each refusal with its code; a subnet of its own keeps its group.
    #[test]
    fn bmc_subnet_ranges() {
        let own = bmc("10.0.0.0/16", None, &[]).unwrap();
        assert_eq!(
            (own.service, own.resource_group_id.as_deref()),
            (Service::Bmc, Some("rg-own"))
        );
        assert_eq!(own.range_scope(), zone_scope("acct", "SEL-A"));
        for (cidr, code) in [
            ("10.0.0.1/24", codes::INVALID_PARAMETER_SUBNET_CIDR_BLOCK),
            ("10.1.0.0/24", codes::INVALID_PARAMETER_SUBNET_LAN_IP),
            (
                "10.0.0.0/30",
                codes::INVALID_PARAMETER_SUBNET_LAN_IP_NETMASK,
            ),
            ("10.0.0.0/8", codes::INVALID_PARAMETER_SUBNET_LAN_IP_NETMASK),
        ] {
            assert_eq!(bmc(cidr, None, &[]).unwrap_err().code, code, "{cidr}");
        }
        let held: Vec<IpNet> = vec!["10.0.0.0/24".parse().unwrap()];
        assert_eq!(
            bmc("10.0.0.0/25", None, &held).unwrap_err().code,
            codes::INVALID_PARAMETER_VPC_SUBNET_OVER_LAP
        );
    }

    /// D-224: in a VPC, inside its range, of its region, clear of its subnets, in its
    /// group and scope; moved into one once.
    #[test]
    fn bmc_subnets_in_vpcs() {
        let vpc = bmc_vpc("10.0.0.0/16");
        let inside = bmc("10.0.1.0/24", Some(&vpc), &[]).unwrap();
        assert_eq!(inside.resource_group_id.as_deref(), Some("rg-vpc"));
        assert_eq!(inside.range_scope(), Scope::vpc("vpc-1"));
        assert_eq!(
            bmc("192.168.0.0/24", Some(&vpc), &[]).unwrap_err().code,
            codes::INVALID_PARAMETER_SUBNET_CIDR_NOT_BELONG_VPC
        );
        let far = Vpc {
            location: "FRA1".into(),
            ..vpc.clone()
        };
        assert_eq!(
            bmc("10.0.1.0/24", Some(&far), &[]).unwrap_err().code,
            codes::OPERATION_DENIED_ZONE_NOT_BELONG_VPC
        );
        let full = vec![inside.clone(); VPC_QUOTA_PER_ZONE];
        let fit = VpcFit {
            vpc: &vpc,
            zone_region: "SEL1",
            subnets: &full,
        };
        let own = bmc("10.0.2.0/24", None, &[]).unwrap();
        assert_eq!(
            join_vpc(&own, fit, &[]).unwrap_err().code,
            codes::OPERATION_DENIED_VPC_ZONE_SUBNET_EXCEED_LIMIT
        );
        let fit = VpcFit {
            subnets: &[],
            ..fit
        };
        let moved = join_vpc(&own, fit, &[]).unwrap().unwrap();
        assert_eq!(moved.vpc_id.as_deref(), Some("vpc-1"));
        assert_eq!(join_vpc(&moved, fit, &[]).unwrap(), None);
        let other = Vpc {
            id: "vpc-2".into(),
            ..vpc.clone()
        };
        let elsewhere = VpcFit { vpc: &other, ..fit };
        assert_eq!(
            join_vpc(&moved, elsewhere, &[]).unwrap_err().code,
            codes::OPERATION_DENIED_SUBNET_ASSOCIATED_OTHER_VPC
        );
    }

    /// D-226: instances join with asked or lowest free addresses, all or none, giving
    /// back their private pool address, and leave with a fresh one of the pool (D-233).
    #[test]
    fn bmc_instances_join_and_leave() {
        use crate::testing::{account, buy_changes, fields};
        let catalog = crate::testing::catalog();
        let subnet = bmc("10.0.0.0/29", None, &[]).unwrap();
        let (bought, _) = buy_changes(
            Service::Bmc,
            &fields(Service::Bmc, "POSTPAID", "ByBandwidth"),
            &account("1000.00", 100),
        );
        let a = bought.instances[0].clone();
        let own = bought.leases.clone();
        let b = Instance {
            id: "other".into(),
            ..a.clone()
        };
        let joining = |address: Option<&str>| {
            vec![
                Joining {
                    instance: a.clone(),
                    address: address.map(str::to_owned),
                    own: addresses::private_lease(&a, &own),
                },
                Joining {
                    instance: b.clone(),
                    address: None,
                    own: None,
                },
            ]
        };
        let Changes {
            instances: joined,
            leases,
            freed,
            ..
        } = join_instances(catalog, &subnet, joining(Some("10.0.0.5")), &[]).unwrap();
        assert_eq!(freed, own[1..]);
        assert_eq!(joined[0].private_ip, "10.0.0.5");
        assert_eq!(joined[1].private_ip, "10.0.0.2");
        assert_eq!(joined[1].subnet_id.as_deref(), Some("s-1"));
        for (asked, code) in [
            ("10.0.0.1", codes::INVALID_PARAMETER_LAN_IP_NOT_SUPPORT),
            ("10.0.0.7", codes::INVALID_PARAMETER_LAN_IP_NOT_SUPPORT),
            ("10.0.1.2", codes::INVALID_PARAMETER_LAN_IP_NOT_SUPPORT),
        ] {
            let err = join_instances(catalog, &subnet, joining(Some(asked)), &[]).unwrap_err();
            assert_eq!(err.code, code, "{asked}");
        }
        let held: Vec<IpNet> = vec!["10.0.0.5/32".parse().unwrap()];
        assert_eq!(
            join_instances(catalog, &subnet, joining(Some("10.0.0.5")), &held)
                .unwrap_err()
                .code,
            codes::OPERATION_DENIED_IP_ASSOCIATED_INSTANCE
        );
        let twice = vec![joining(None)[0].clone(), joining(None)[0].clone()];
        assert_eq!(
            join_instances(catalog, &subnet, twice, &[])
                .unwrap_err()
                .code,
            codes::OPERATION_DENIED_SUBNET_NOT_REPEAT_INSTANCE
        );
        let fresh: IpAddr = "10.1.0.9".parse().unwrap();
        let (left, freed, taken) = leave(&subnet, &leases, &joined[0], fresh).unwrap();
        assert_eq!(left.subnet_id, None);
        assert_eq!(left.private_ip, "10.1.0.9");
        assert_eq!(freed.net.to_string(), "10.0.0.5/32");
        assert_eq!(
            (taken.scope.as_str(), taken.net.to_string()),
            ("zone-private:bmc:SEL-A", "10.1.0.9/32".to_owned())
        );
        assert!(leave(&subnet, &leases, &a, fresh).is_none());
    }

    /// D-228: a vm VPC in a zone of the VPC network type, with its first subnet inside.
    #[test]
    fn vm_vpcs() {
        let catalog = Catalog::builtin();
        let asked = |zone: &'static str, cidr: &'static str, sub: &'static str| NewVmVpc {
            zone_id: zone,
            name: "net-1",
            cidr_block: cidr,
            subnet_name: "sub-1",
            subnet_cidr_block: sub,
        };
        let make = |a, held: &[IpNet]| {
            create_vm_vpc(&catalog, &[], held, "acct", a, ("v".into(), "s".into()), T0)
        };
        let (vpc, first) = make(asked("asia-east-1a", "10.0.0.0/24", "10.0.0.0/28"), &[]).unwrap();
        assert_eq!(
            (vpc.service, first.vpc_id.as_deref()),
            (Service::Vm, Some("v"))
        );
        assert_eq!(first.zone_id, "asia-east-1a");
        let taken: Vec<IpNet> = vec!["10.0.0.0/25".parse().unwrap()];
        for (a, held, code) in [
            (
                asked("nowhere", "10.0.0.0/24", "10.0.0.0/28"),
                &[][..],
                codes::INVALID_ZONE_NOT_FOUND,
            ),
            (
                asked("asia-east-2a", "10.0.0.0/24", "10.0.0.0/28"),
                &[][..],
                codes::UNSUPPORTED_OPERATION_ZONE_NOT_SUPPORT,
            ),
            (
                asked("asia-east-1a", "10.0.0.0/24", "10.0.0.0/28"),
                &taken[..],
                codes::UNSUPPORTED_OPERATION_CIDR_BLOCK_IS_EXIST,
            ),
            (
                asked("asia-east-1a", "10.0.1.0/24", "10.0.1.0/28"),
                &[][..],
                codes::INVALID_PARAMETER,
            ),
            (
                asked("asia-east-1a", "10.0.0.0/25", "10.0.0.128/28"),
                &[][..],
                codes::INVALID_PARAMETER,
            ),
        ] {
            assert_eq!(make(a, held).unwrap_err().code, code);
        }
    }
}
