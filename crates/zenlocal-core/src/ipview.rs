//! How elastic IPs and IP blocks look on the wire (D-141 to D-147): their listings with
//! filters and pages (D-26), what a zone has for sale, what may go to an instance, and
//! the price of a purchase.

use crate::catalog::{Catalog, ChargeType, IpOffer, IpProduct};
use crate::describe::{charge_type, page, sell_status};
use crate::ipam::{self, Family, Pool};
use crate::ipblock::{purchase_price, Kind, Purchase};
use crate::model::{Instance, IpBlock, IpBlockStatus, Lease};
use crate::view::{hourly_item, prepaid_item, HeldAddresses};
use crate::{codes, ApiError};
use ipnet::IpNet;
use rust_decimal::Decimal;
use std::collections::HashMap;
use zenlocal_wire::model::common::{Price, Tag, TagAssociation};
use zenlocal_wire::model::ips;
use zenlocal_wire::Version;

/// The price of a purchase (D-143): PREPAID, what it takes for the whole period; POSTPAID,
/// the hourly price of all of it together.
pub fn quote(version: Version, offer: &IpOffer, p: &Purchase, discount: Decimal) -> Price {
    let (list, paid) = purchase_price(offer, p, discount);
    match p.charge {
        ChargeType::Prepaid => prepaid_item(version, discount, list, paid),
        ChargeType::Postpaid => hourly_item(version, discount, list, Some("IP")),
    }
}

fn tags(b: &IpBlock) -> Option<TagAssociation> {
    Some(TagAssociation {
        tags: b.tags.clone(),
    })
}

fn netmask(b: &IpBlock) -> Option<i64> {
    Some(i64::from(b.net.prefix_len()))
}

fn has_tags(b: &IpBlock, keys: Option<&[String]>, want: Option<&[Tag]>) -> bool {
    keys.is_none_or(|keys| b.tags.iter().any(|t| keys.contains(&t.key)))
        && want.is_none_or(|want| {
            want.iter()
                .all(|w| b.tags.iter().any(|t| t.key == w.key && t.value == w.value))
        })
}

/// Newest first, then by id (D-26), and the page asked for.
fn paged(
    mut blocks: Vec<&IpBlock>,
    page_num: Option<i64>,
    page_size: Option<i64>,
) -> Result<(i64, Vec<&IpBlock>), ApiError> {
    let (offset, size) = page(page_num, page_size)?;
    blocks.sort_by(|a, b| {
        b.created_at
            .cmp(&a.created_at)
            .then_with(|| a.id.cmp(&b.id))
    });
    let total = blocks.len() as i64;
    Ok((total, blocks.into_iter().skip(offset).take(size).collect()))
}

fn at_most_100(ids: Option<&Vec<String>>, field: &str) -> Result<(), ApiError> {
    if ids.is_some_and(|ids| ids.len() > 100) {
        return Err(ApiError::invalid_parameter(format!(
            "`{field}` may name at most 100 resources"
        )));
    }
    Ok(())
}

/// DescribeEipAddresses: `instances` are the caller's bmc instances, for their names.
pub fn eip_addresses(
    req: &ips::DescribeEipAddressesRequest,
    blocks: &[IpBlock],
    instances: &[Instance],
) -> Result<ips::DescribeEipAddressesResponse, ApiError> {
    at_most_100(req.eip_ids.as_ref(), "eipIds")?;
    let charge = req
        .eip_charge_type
        .as_deref()
        .map(charge_type)
        .transpose()?;
    if let Some(status) = &req.eip_status {
        status.parse::<IpBlockStatus>().map_err(|_| {
            ApiError::invalid_parameter(format!(
                "`eipStatus` `{status}` is not an elastic IP status"
            ))
        })?;
    }
    let names: HashMap<&str, &str> = instances
        .iter()
        .map(|i| (i.id.as_str(), i.name.as_str()))
        .collect();
    let name_of = |b: &IpBlock| {
        b.instance_id
            .as_deref()
            .and_then(|id| names.get(id).copied())
    };
    let matching: Vec<&IpBlock> = blocks
        .iter()
        .filter(|b| Kind::of(b.product) == Kind::Eip)
        .filter(|b| req.eip_ids.as_ref().is_none_or(|ids| ids.contains(&b.id)))
        .filter(|b| charge.is_none_or(|c| b.billing.charge_type == c))
        .filter(|b| {
            req.ip_address
                .as_deref()
                .is_none_or(|ip| b.net.network().to_string() == ip)
        })
        .filter(|b| req.zone_id.is_none() || b.zone_id == req.zone_id)
        .filter(|b| req.resource_group_id.is_none() || b.resource_group_id == req.resource_group_id)
        .filter(|b| {
            req.eip_status
                .as_deref()
                .is_none_or(|s| b.status.name() == s)
        })
        .filter(|b| req.instance_id.is_none() || b.instance_id == req.instance_id)
        .filter(|b| {
            req.instance_name
                .as_deref()
                .is_none_or(|n| name_of(b) == Some(n))
        })
        .filter(|b| has_tags(b, req.tag_keys.as_deref(), req.tags.as_deref()))
        .collect();
    let (total_count, page) = paged(matching, req.page_num, req.page_size)?;
    Ok(ips::DescribeEipAddressesResponse {
        total_count,
        data_set: page
            .into_iter()
            .map(|b| ips::EipAddress {
                eip_id: b.id.clone(),
                zone_id: b.zone_id.clone().unwrap_or_default(),
                ip_address: b.net.network().to_string(),
                netmask: netmask(b),
                instance_id: b.instance_id.clone(),
                instance_name: name_of(b).map(str::to_owned),
                eip_charge_type: b.billing.charge_type.name().to_owned(),
                period: b.billing.period,
                create_time: b.created_at.to_string(),
                expired_time: b.billing.expires_at.map(|t| t.to_string()),
                eip_status: b.status.name().to_owned(),
                resource_group_id: b.resource_group_id.clone(),
                resource_group_name: None,
                tags: tags(b),
            })
            .collect(),
    })
}

/// The zones asked for (an unknown one is 404), each with what the scope of its public
/// addresses holds.
fn zones_asked<'c>(catalog: &'c Catalog, zone_id: Option<&str>) -> Result<Vec<&'c str>, ApiError> {
    match zone_id {
        Some(id) => catalog
            .bmc_zone(id)
            .map(|z| vec![z.id.as_str()])
            .ok_or_else(|| {
                ApiError::new(
                    codes::INVALID_ZONE_NOT_FOUND,
                    format!("zone `{id}` does not exist"),
                )
            }),
        None => Ok(catalog.bmc.zones.iter().map(|z| z.id.as_str()).collect()),
    }
}

/// One line per (zone, netmask) a product is sold in, with what is left there (D-143):
/// (zone, netmask, sell status).
fn for_sale<'c>(
    catalog: &'c Catalog,
    product: IpProduct,
    zone_id: Option<&str>,
    charge: Option<ChargeType>,
    held: &HashMap<String, Vec<IpNet>>,
) -> Result<Vec<(&'c str, u8, &'static str)>, ApiError> {
    let mut lines = Vec::new();
    for zone in zones_asked(catalog, zone_id)? {
        let Some(offer) = catalog.ip_offer(zone, product) else {
            continue;
        };
        if charge.is_some_and(|c| !offer.charge_types.contains(&c)) {
            continue;
        }
        let pool: Pool = catalog
            .public_pool(zone)
            .unwrap_or_default()
            .of(product.family());
        let held = held.get(zone).map(Vec::as_slice).unwrap_or_default();
        for &mask in &offer.netmasks {
            let free = ipam::free_count(&pool, held, mask);
            lines.push((
                zone,
                mask,
                sell_status(i64::try_from(free).unwrap_or(i64::MAX)),
            ));
        }
    }
    Ok(lines)
}

/// DescribeEipAvailableResources; `held` is what each zone's public scope holds.
pub fn eip_available(
    catalog: &Catalog,
    req: &ips::DescribeEipAvailableResourcesRequest,
    held: &HashMap<String, Vec<IpNet>>,
) -> Result<ips::DescribeEipAvailableResourcesResponse, ApiError> {
    let charge = req
        .eip_charge_type
        .as_deref()
        .map(charge_type)
        .transpose()?;
    let lines = for_sale(
        catalog,
        IpProduct::Eip,
        req.zone_id.as_deref(),
        charge,
        held,
    )?;
    Ok(ips::DescribeEipAvailableResourcesResponse {
        eip_resources: lines
            .into_iter()
            .map(|(zone, mask, status)| ips::EipAvailable {
                zone_id: zone.to_owned(),
                status: status.to_owned(),
                netmask: Some(i64::from(mask)),
            })
            .collect(),
    })
}

/// DescribeAvailableIpv4Resources.
pub fn ipv4_available(
    catalog: &Catalog,
    req: &ips::DescribeAvailableIpv4ResourcesRequest,
    held: &HashMap<String, Vec<IpNet>>,
) -> Result<ips::DescribeAvailableIpv4ResourcesResponse, ApiError> {
    let charge = req.charge_type.as_deref().map(charge_type).transpose()?;
    let lines = for_sale(
        catalog,
        IpProduct::Ipv4Block,
        req.zone_id.as_deref(),
        charge,
        held,
    )?;
    Ok(ips::DescribeAvailableIpv4ResourcesResponse {
        available_ipv4_resources: lines
            .into_iter()
            .map(|(zone, mask, status)| ips::AvailableIpv4Resource {
                zone_id: zone.to_owned(),
                netmask: i64::from(mask),
                sell_status: status.to_owned(),
                cidr_type: Some("BGP".into()),
            })
            .collect(),
    })
}

/// DescribeAvailableIpv6Resources.
pub fn ipv6_available(
    catalog: &Catalog,
    req: &ips::DescribeAvailableIpv6ResourcesRequest,
    held: &HashMap<String, Vec<IpNet>>,
) -> Result<ips::DescribeAvailableIpv6ResourcesResponse, ApiError> {
    let lines = for_sale(
        catalog,
        IpProduct::Ipv6Block,
        req.zone_id.as_deref(),
        None,
        held,
    )?;
    Ok(ips::DescribeAvailableIpv6ResourcesResponse {
        available_ipv6_resources: lines
            .into_iter()
            .map(|(zone, _, status)| ips::AvailableIpv6Resource {
                zone_id: zone.to_owned(),
                sell_status: status.to_owned(),
            })
            .collect(),
    })
}

/// DescribeInstanceAvailableEipResources: the AVAILABLE elastic IPs of the instance's
/// zone; asked for IPv6, none (elastic IPs are IPv4).
pub fn instance_available_eips(
    req: &ips::DescribeInstanceAvailableEipResourcesRequest,
    blocks: &[IpBlock],
    instance: &Instance,
) -> Result<ips::DescribeInstanceAvailableEipResourcesResponse, ApiError> {
    let family = family_asked(req.ip_type.as_deref(), "ipType")?;
    let mut found: Vec<&IpBlock> = blocks
        .iter()
        .filter(|b| Kind::of(b.product) == Kind::Eip && b.status == IpBlockStatus::Available)
        .filter(|b| b.zone_id.as_deref() == Some(instance.zone_id.as_str()))
        .filter(|b| family.is_none_or(|f| b.family() == f))
        .collect();
    found.sort_by_key(|b| b.net);
    Ok(ips::DescribeInstanceAvailableEipResourcesResponse {
        instance_eip_resources: found
            .into_iter()
            .map(|b| ips::InstanceAvailableEip {
                eip_id: b.id.clone(),
                ip_address: b.net.network().to_string(),
                netmask: netmask(b),
            })
            .collect(),
    })
}

fn family_asked(value: Option<&str>, field: &str) -> Result<Option<Family>, ApiError> {
    match value {
        None => Ok(None),
        Some("IPv4") => Ok(Some(Family::V4)),
        Some("IPv6") => Ok(Some(Family::V6)),
        Some(other) => Err(ApiError::invalid_parameter(format!(
            "`{field}` must be IPv4 or IPv6, not `{other}`"
        ))),
    }
}

fn family_name(family: Family) -> &'static str {
    match family {
        Family::V4 => "IPv4",
        Family::V6 => "IPv6",
    }
}

/// A block's usable addresses: all but its network, gateway and broadcast ones.
fn usable(b: &IpBlock) -> Pool {
    Pool::hosts(b.net)
}

fn bound_in<'a>(b: &IpBlock, bound: &'a [Lease]) -> Vec<&'a Lease> {
    let scope = ipam::Scope::block(&b.id);
    bound.iter().filter(|l| l.scope == scope).collect()
}

fn cidr_block_info(b: &IpBlock, bound: &[Lease]) -> ips::CidrBlockInfo {
    let pool = usable(b);
    let first = ipam::allocate(&pool, &[], b.net.max_prefix_len(), 1).ok();
    let mut instance_ids: Vec<String> = bound_in(b, bound)
        .iter()
        .map(|l| l.holder.id.clone())
        .collect();
    instance_ids.sort_unstable();
    instance_ids.dedup();
    let last = match b.net {
        IpNet::V4(v4) if ipam::size(&b.net) > 2 => {
            std::net::Ipv4Addr::from(u32::from(v4.broadcast()) - 1).to_string()
        }
        _ => b.net.broadcast().to_string(),
    };
    ips::CidrBlockInfo {
        cidr_block_id: b.id.clone(),
        cidr_block_type: family_name(b.family()).to_owned(),
        cidr_type: Some(if b.byoip.is_some() { "BYOIP" } else { "BGP" }.to_owned()),
        cidr_block_name: b.name.clone(),
        zone_id: b.zone_id.clone(),
        cidr_block: b.net.to_string(),
        gateway: ipam::gateway(&b.net).map(|g| g.to_string()),
        available_ip_start: first.and_then(|f| f.first().map(|n| n.network().to_string())),
        available_ip_end: Some(last),
        available_ip_count: Some(available_count(b, bound)),
        instance_ids,
        status: b.status.name().to_owned(),
        charge_type: b.billing.charge_type.name().to_owned(),
        create_time: b.created_at.to_string(),
        expire_time: b.billing.expires_at.map(|t| t.to_string()),
        resource_group_id: b.resource_group_id.clone(),
        resource_group_name: None,
        tags: tags(b),
    }
}

fn available_count(b: &IpBlock, bound: &[Lease]) -> i64 {
    let held: Vec<IpNet> = bound_in(b, bound).iter().map(|l| l.net).collect();
    let free = ipam::free_count(&usable(b), &held, b.net.max_prefix_len());
    i64::try_from(free).unwrap_or(i64::MAX)
}

/// DescribeCidrBlocks; `bound` is every block address bound to an instance.
pub fn cidr_blocks(
    req: &ips::DescribeCidrBlocksRequest,
    blocks: &[IpBlock],
    bound: &[Lease],
) -> Result<ips::DescribeCidrBlocksResponse, ApiError> {
    at_most_100(req.cidr_block_ids.as_ref(), "cidrBlockIds")?;
    let charge = req.charge_type.as_deref().map(charge_type).transpose()?;
    let family = family_asked(req.cidr_block_type.as_deref(), "cidrBlockType")?;
    let matching: Vec<&IpBlock> = blocks
        .iter()
        .filter(|b| Kind::of(b.product) == Kind::CidrBlock)
        .filter(|b| {
            req.cidr_block_ids
                .as_ref()
                .is_none_or(|ids| ids.contains(&b.id))
        })
        .filter(|b| {
            req.cidr_block
                .as_deref()
                .is_none_or(|c| b.net.to_string() == c)
        })
        .filter(|b| {
            req.cidr_block_name
                .as_deref()
                .is_none_or(|n| b.name.as_deref().is_some_and(|have| have.contains(n)))
        })
        .filter(|b| req.zone_id.is_none() || b.zone_id == req.zone_id)
        .filter(|b| family.is_none_or(|f| b.family() == f))
        .filter(|b| {
            req.gateway
                .as_deref()
                .is_none_or(|g| ipam::gateway(&b.net).is_some_and(|have| have.to_string() == g))
        })
        .filter(|b| charge.is_none_or(|c| b.billing.charge_type == c))
        .filter(|b| req.resource_group_id.is_none() || b.resource_group_id == req.resource_group_id)
        .filter(|b| has_tags(b, req.tag_keys.as_deref(), req.tags.as_deref()))
        .collect();
    let (total_count, page) = paged(matching, req.page_num, req.page_size)?;
    Ok(ips::DescribeCidrBlocksResponse {
        total_count,
        data_set: page
            .into_iter()
            .map(|b| cidr_block_info(b, bound))
            .collect(),
    })
}

/// DescribeCidrBlockIps: the block's addresses bound to instances, in address order.
pub fn cidr_block_ips(
    req: &ips::DescribeCidrBlockIpsRequest,
    block: &IpBlock,
    bound: &[Lease],
) -> ips::DescribeCidrBlockIpsResponse {
    let mut found: Vec<&Lease> = bound_in(block, bound)
        .into_iter()
        .filter(|l| {
            req.instance_id
                .as_deref()
                .is_none_or(|id| l.holder.id == id)
        })
        .filter(|l| {
            req.ip
                .as_deref()
                .is_none_or(|ip| l.net.network().to_string() == ip)
        })
        .collect();
    found.sort_by_key(|b| b.net);
    ips::DescribeCidrBlockIpsResponse {
        cidr_block_ips: found
            .into_iter()
            .map(|l| ips::CidrBlockIp {
                cidr_block_id: block.id.clone(),
                cidr_block_type: family_name(block.family()).to_owned(),
                ip: l.net.network().to_string(),
                instance_id: Some(l.holder.id.clone()),
                status: "ASSIGNED".into(),
            })
            .collect(),
    }
}

/// DescribeInstanceAvailableCidrBlock: the AVAILABLE blocks of the instance's zone with
/// addresses left, each with up to 100 of its free addresses.
pub fn instance_available_cidr_blocks(
    req: &ips::DescribeInstanceAvailableCidrBlockRequest,
    blocks: &[IpBlock],
    bound: &[Lease],
    instance: &Instance,
) -> Result<ips::DescribeInstanceAvailableCidrBlockResponse, ApiError> {
    let family = family_asked(req.cidr_block_type.as_deref(), "cidrBlockType")?;
    let mut found: Vec<&IpBlock> = blocks
        .iter()
        .filter(|b| Kind::of(b.product) == Kind::CidrBlock && b.status == IpBlockStatus::Available)
        .filter(|b| b.zone_id.as_deref() == Some(instance.zone_id.as_str()))
        .filter(|b| family.is_none_or(|f| b.family() == f))
        .collect();
    found.sort_by_key(|b| b.net);
    let mut lines = Vec::new();
    for b in found {
        let held: Vec<IpNet> = bound_in(b, bound).iter().map(|l| l.net).collect();
        let count = available_count(b, bound);
        if count == 0 {
            continue;
        }
        let shown = usize::try_from(count.min(100)).unwrap_or(100);
        let free =
            ipam::allocate(&usable(b), &held, b.net.max_prefix_len(), shown).unwrap_or_default();
        lines.push(ips::InstanceAvailableCidrBlock {
            cidr_block_id: b.id.clone(),
            zone_id: b.zone_id.clone(),
            cidr_block_type: family_name(b.family()).to_owned(),
            cidr_type: Some("BGP".into()),
            cidr_block: b.net.to_string(),
            available_ips: free.iter().map(|n| n.network().to_string()).collect(),
            available_ip_count: count,
        });
    }
    Ok(ips::DescribeInstanceAvailableCidrBlockResponse {
        instance_available_cidr_blocks: lines,
    })
}

/// The public addresses an instance has from elastic IPs and block addresses, IPv4 and
/// IPv6, for DescribeInstances (D-144): by instance id.
pub fn instance_addresses(blocks: &[IpBlock], bound: &[Lease]) -> HeldAddresses {
    let mut by_instance = HeldAddresses::new();
    let eips = blocks
        .iter()
        .filter(|b| b.status == IpBlockStatus::Associated)
        .filter_map(|b| b.instance_id.as_ref().map(|id| (id, b.net)));
    let addresses = bound.iter().map(|l| (&l.holder.id, l.net)).chain(eips);
    for (id, net) in addresses {
        let entry = by_instance.entry(id.clone()).or_default();
        match Family::of(&net) {
            Family::V4 => entry.0.push(net.network().to_string()),
            Family::V6 => entry.1.push(net.network().to_string()),
        }
    }
    by_instance
}
