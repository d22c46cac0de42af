//! vm subnets (docs/decisions.md D-150 to D-153): private networks of an account in a
//! zone, cut from the private ranges the CreateSubnet page names. A subnet's range is
//! held in its account's zone scope, so two subnets of an account in a zone never
//! overlap; the instances created in it hold their private addresses in the subnet's own
//! scope, handed out by `ipam` (D-140).

use crate::describe::page;
use crate::ipam::{self, Family, IpamError, Pool, Scope};
use crate::keypair::check_description;
use crate::model::{Lease, ResourceRef, ResourceType};
use crate::{codes, ApiError, Timestamp};
use ipnet::IpNet;
use std::net::IpAddr;
use zenlocal_wire::model::vm;

/// One subnet of an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subnet {
    pub id: String,
    pub account_id: String,
    pub zone_id: String,
    pub name: String,
    pub description: Option<String>,
    pub cidr: IpNet,
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

    /// The subnet's own range, held in its account's zone scope.
    pub fn lease(&self) -> Lease {
        Lease {
            scope: zone_scope(&self.account_id, &self.zone_id),
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
        .filter(|s| s.zone_id == asked.zone_id)
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
        zone_id: asked.zone_id.to_owned(),
        name: asked.name.to_owned(),
        description: asked.description.map(str::to_owned),
        cidr,
        created_at: now,
    })
}

fn not_found(id: &str) -> ApiError {
    ApiError::new(
        codes::INVALID_SUBNET_NOT_FOUND,
        format!("subnet `{id}` does not exist"),
    )
}

/// The account's subnet of that ID; another account's is not found either (D-6).
pub fn find<'a>(subnets: &'a [Subnet], id: &str) -> Result<&'a Subnet, ApiError> {
    subnets
        .iter()
        .find(|s| s.id == id)
        .ok_or_else(|| not_found(id))
}

/// ModifySubnetsAttribute: all of them renamed, or none (D-153).
pub fn rename(subnets: &[Subnet], ids: &[String], name: &str) -> Result<Vec<Subnet>, ApiError> {
    if ids.is_empty() {
        return Err(ApiError::new(
            codes::MISSING_PARAMETER,
            "`subnetIds` must name at least one subnet",
        ));
    }
    check_name("subnetName", name)?;
    ids.iter()
        .map(|id| {
            let mut s = find(subnets, id)?.clone();
            s.name = name.to_owned();
            Ok(s)
        })
        .collect()
}

/// DeleteSubnet: refused while an instance holds an address in it (D-153).
pub fn check_delete(subnet: &Subnet, held: &[Lease]) -> Result<(), ApiError> {
    match held.iter().find_map(|l| l.holder.instance_id()) {
        Some(instance) => Err(ApiError::new(
            codes::UNSUPPORTED_OPERATION_SUBNET_HAS_INSTANCE,
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

/// DescribeSubnets: filtered, newest first, paginated; each subnet with the leases of
/// its scope.
pub fn describe(
    mut subnets: Vec<(Subnet, Vec<Lease>)>,
    req: &vm::DescribeSubnetsRequest,
    since_2026: bool,
) -> Result<vm::DescribeSubnetsResponse, ApiError> {
    let (offset, size) = page(req.page_num, req.page_size)?;
    subnets.retain(|(s, _)| {
        req.subnet_ids
            .as_ref()
            .is_none_or(|ids| ids.contains(&s.id))
            && req.zone_id.as_ref().is_none_or(|z| *z == s.zone_id)
            && req
                .cidr_block
                .as_ref()
                .is_none_or(|c| *c == s.cidr.to_string())
            && req
                .subnet_status
                .as_ref()
                .is_none_or(|st| st.eq_ignore_ascii_case(AVAILABLE))
            && req
                .subnet_name
                .as_ref()
                .is_none_or(|part| s.name.contains(part.as_str()))
    });
    subnets.sort_by(|(a, _), (b, _)| b.created_at.cmp(&a.created_at).then(a.id.cmp(&b.id)));
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
}
