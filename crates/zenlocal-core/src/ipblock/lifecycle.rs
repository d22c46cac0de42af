//! An elastic IP or block after it is bought (D-144 to D-147): associating an elastic IP
//! with an instance, binding a block's addresses to instances, terminating (the billing
//! path's terminate), releasing, renewing out of the recycle bin, renaming, and what an
//! instance leaving service takes with it.

use super::create::check_name;
use super::{codes_of, Kind};
use crate::account::Account;
use crate::billing::{self, Billable};
use crate::catalog::{Catalog, ChargeType, IpProduct};
use crate::ipam::{self, Family, IpamError, Pool, Scope};
use crate::model::{
    Byoip, Changes, Ids, Instance, InstanceStatus, IpBlock, IpBlockStatus, Lease, ResourceRef,
    ResourceType, Timings,
};
use crate::{codes, price, ApiError, Timestamp};
use ipnet::IpNet;
use zenlocal_wire::model::common::Tag;

/// How many elastic IPs one instance may have associated (D-144); the page names the
/// limit's code, not its number.
pub const MAX_EIPS_PER_INSTANCE: usize = 10;

/// How many addresses of IP blocks one instance may have bound (D-145).
pub const MAX_BOUND_PER_INSTANCE: usize = 64;

fn denied(code: codes::Code, message: String) -> ApiError {
    ApiError::new(code, message)
}

/// An instance an address is given to must be RUNNING, in the zone (D-144, D-145).
fn check_instance(
    instance: &Instance,
    zone_id: Option<&str>,
    other_zone: codes::Code,
) -> Result<(), ApiError> {
    match instance.status {
        InstanceStatus::Recycle => {
            return Err(denied(
                codes::OPERATION_DENIED_INSTANCE_RECYCLED,
                format!("instance `{}` is in the recycle bin", instance.id),
            ))
        }
        InstanceStatus::Running => {}
        other => {
            return Err(denied(
                codes::OPERATION_DENIED_INSTANCE_NOT_RUNNING,
                format!(
                    "instance `{}` is {}, not RUNNING",
                    instance.id,
                    other.name()
                ),
            ))
        }
    }
    if zone_id != Some(instance.zone_id.as_str()) {
        return Err(denied(
            other_zone,
            format!(
                "instance `{}` is in zone `{}`, the addresses in `{}`",
                instance.id,
                instance.zone_id,
                zone_id.unwrap_or("none")
            ),
        ));
    }
    Ok(())
}

/// AssociateEipAddress (D-144): an AVAILABLE elastic IP goes to a RUNNING instance of its
/// zone, which has fewer than [`MAX_EIPS_PER_INSTANCE`] already (`associated`).
pub fn associate(
    mut eip: IpBlock,
    instance: &Instance,
    associated: usize,
) -> Result<IpBlock, ApiError> {
    match eip.status {
        IpBlockStatus::Available => {}
        IpBlockStatus::Recycle => {
            return Err(denied(
                codes::FAILED_OPERATION_FOR_RECYCLE_RESOURCE,
                format!("elastic IP `{}` is in the recycle bin", eip.id),
            ))
        }
        other => {
            return Err(denied(
                codes::OPERATION_DENIED_EIP_STATUS_NOT_AVAILABLE,
                format!("elastic IP `{}` is {}, not AVAILABLE", eip.id, other.name()),
            ))
        }
    }
    check_instance(
        instance,
        eip.zone_id.as_deref(),
        codes::OPERATION_DENIED_EIP_ZONE_NOT_SAME,
    )?;
    if associated >= MAX_EIPS_PER_INSTANCE {
        return Err(denied(
            codes::OPERATION_DENIED_EIP_INSTANCE_EXCEED_LIMIT,
            format!(
                "instance `{}` has {MAX_EIPS_PER_INSTANCE} elastic IPs already",
                instance.id
            ),
        ));
    }
    eip.status = IpBlockStatus::Associated;
    eip.instance_id = Some(instance.id.clone());
    Ok(eip)
}

/// UnAssociateEipAddress (D-144): an ASSOCIATED elastic IP is AVAILABLE again.
pub fn unassociate(mut eip: IpBlock) -> Result<IpBlock, ApiError> {
    match eip.status {
        IpBlockStatus::Associated => {}
        IpBlockStatus::Recycle => {
            return Err(denied(
                codes::FAILED_OPERATION_FOR_RECYCLE_RESOURCE,
                format!("elastic IP `{}` is in the recycle bin", eip.id),
            ))
        }
        other => {
            return Err(denied(
                codes::OPERATION_DENIED_EIP_STATUS_NOT_SUPPORT,
                format!(
                    "elastic IP `{}` is {}, not ASSOCIATED",
                    eip.id,
                    other.name()
                ),
            ))
        }
    }
    eip.status = IpBlockStatus::Available;
    eip.instance_id = None;
    Ok(eip)
}

/// TerminateEipAddress and TerminateCidrBlock (D-146): POSTPAID only (a subscription runs
/// to its end), never while CREATING, a block only with no address bound (`bound`); an
/// associated elastic IP is let go of first. Then the billing path's terminate: usage
/// settled, the recycle bin now.
pub fn terminate(
    catalog: &Catalog,
    mut block: IpBlock,
    account: &Account,
    bound: usize,
    timings: Timings,
    ids: &mut dyn Ids,
    now: Timestamp,
) -> Result<Changes, ApiError> {
    let c = codes_of(block.product);
    if block.status == IpBlockStatus::Recycle {
        return Err(denied(
            c.recycled,
            format!("{} `{}` is already in the recycle bin", c.what, block.id),
        ));
    }
    if block.billing.charge_type == ChargeType::Prepaid {
        return Err(denied(
            c.subscription,
            format!(
                "{} `{}` is PREPAID: it is returned when its subscription ends",
                c.what, block.id
            ),
        ));
    }
    if block.status == IpBlockStatus::Creating {
        let code = match Kind::of(block.product) {
            Kind::Eip => codes::OPERATION_DENIED_EIP_STATUS_NOT_SUPPORT,
            Kind::CidrBlock => codes::OPERATION_DENIED_INVALID_STATUS,
        };
        return Err(denied(
            code,
            format!("{} `{}` is still being created", c.what, block.id),
        ));
    }
    if bound > 0 {
        return Err(denied(
            codes::OPERATION_DENIED_INSTANCE_EXIST,
            format!(
                "{} of CIDR block `{}` are bound to instances; unbind them first",
                bound, block.id
            ),
        ));
    }
    let mut changes = Changes::default();
    billing::terminate(
        catalog,
        &mut changes,
        &mut block,
        account,
        timings,
        ids,
        now,
    );
    changes.ip_blocks.push(block);
    Ok(changes)
}

/// ReleaseEipAddresses and ReleaseCidrBlocks (D-146): all must be in the recycle bin, or
/// none is released (D-21); their addresses are freed with them.
pub fn release(blocks: Vec<IpBlock>) -> Result<Changes, ApiError> {
    if let Some(b) = blocks.iter().find(|b| b.status != IpBlockStatus::Recycle) {
        let c = codes_of(b.product);
        return Err(denied(
            c.not_recycled,
            format!(
                "{} `{}` is {}; only those in the recycle bin can be released",
                c.what,
                b.id,
                b.status.name()
            ),
        ));
    }
    let mut changes = Changes::default();
    changes
        .released
        .extend(blocks.iter().map(IpBlock::resource));
    Ok(changes)
}

/// RenewEipAddress and RenewCidrBlock (D-147): one in the recycle bin comes back with the
/// addresses it held. PREPAID pays one more period at the price in force, as a cycle-end
/// renewal does (D-23); POSTPAID accrues again from the hour it comes back. A customer's
/// own block has no subscription to renew.
pub fn renew(
    catalog: &Catalog,
    mut block: IpBlock,
    account: &Account,
    ids: &mut dyn Ids,
    now: Timestamp,
) -> Result<Changes, ApiError> {
    let c = codes_of(block.product);
    if block.byoip.is_some() {
        return Err(denied(
            codes::OPERATION_DENIED_CIDRBLOCK_TYPE_NOT_SUPPORTED,
            format!("CIDR block `{}` is a customer's own block", block.id),
        ));
    }
    if block.status != IpBlockStatus::Recycle {
        return Err(denied(
            c.not_recycled,
            format!(
                "{} `{}` is {}; only one in the recycle bin is renewed",
                c.what,
                block.id,
                block.status.name()
            ),
        ));
    }
    let sold_out = || {
        denied(
            codes::RESOURCE_INSUFFICIENT_PRODUCT_SOLD_OUT,
            format!("{} are no longer sold in its zone", block.product.plural()),
        )
    };
    let mut changes = Changes::default();
    match block.billing.charge_type {
        ChargeType::Prepaid => {
            let monthly = block.monthly_price(catalog).ok_or_else(sold_out)?;
            let months = rust_decimal::Decimal::from(block.billing.period.unwrap_or(1));
            let amount = price::charge(monthly * months, account.discount);
            billing::check_balance(account, amount, "renewal")?;
            leave_recycle_bin(&mut block);
            block.billing.auto_renew = true;
            billing::renew(&mut changes, &mut block, account, amount, ids, now);
        }
        ChargeType::Postpaid => {
            block.hourly_price(catalog).ok_or_else(sold_out)?;
            leave_recycle_bin(&mut block);
            // The hours in the recycle bin are not charged: accrual goes on from the hour
            // under way.
            let elapsed = now.seconds() - block.created_at.seconds();
            block.billing.usage_hours = (elapsed + 3599) / 3600;
            changes.events.push(billing::first_event(
                &block.account_id,
                block.resource(),
                &block.billing,
                now,
            ));
        }
    }
    changes.ip_blocks.push(block);
    Ok(changes)
}

fn leave_recycle_bin(block: &mut IpBlock) {
    block.status = IpBlockStatus::Available;
    block.billing.recycled_at = None;
}

/// ModifyCidrBlocksAttribute (D-145): every block gets the name, or none does.
pub fn rename(blocks: Vec<IpBlock>, name: &str) -> Result<Vec<IpBlock>, ApiError> {
    check_name(name)?;
    Ok(blocks
        .into_iter()
        .map(|b| IpBlock {
            name: Some(name.to_owned()),
            ..b
        })
        .collect())
}

/// ModifyEipAddressesResourceGroup (D-144): every one moves to the group, or none does.
/// Resource groups are not modelled: any group ID is taken as given.
pub fn regroup(blocks: Vec<IpBlock>, group: &str) -> Result<Vec<IpBlock>, ApiError> {
    if group.trim().is_empty() {
        return Err(denied(
            codes::OPERATION_FAILED_RESOURCE_GROUP_NOT_FOUND,
            "`resourceGroupId` names no resource group".into(),
        ));
    }
    Ok(blocks
        .into_iter()
        .map(|b| IpBlock {
            resource_group_id: Some(group.to_owned()),
            ..b
        })
        .collect())
}

/// What an instance leaving service — to the recycle bin, or released — takes with it
/// (D-144, D-145): the elastic IPs associated with it are AVAILABLE again and the block
/// addresses bound to it are free.
pub fn detach(eips: Vec<IpBlock>, bound: Vec<Lease>, instance_id: &str) -> Changes {
    let mut changes = Changes::default();
    for mut eip in eips {
        if eip.instance_id.as_deref() == Some(instance_id) {
            eip.instance_id = None;
            if eip.status == IpBlockStatus::Associated {
                eip.status = IpBlockStatus::Available;
            }
            changes.ip_blocks.push(eip);
        }
    }
    changes.freed.extend(bound.into_iter().filter(|l| {
        l.holder.kind == ResourceType::Instance
            && l.holder.id == instance_id
            && l.scope.as_str().starts_with("block:")
    }));
    changes
}

/// BindCidrBlockIps (D-145): each address of the block goes to a RUNNING instance of the
/// block's zone, all of them or none. An address must be one of the block's usable ones
/// (its network, gateway and broadcast addresses are not) and free; an instance may hold
/// at most [`MAX_BOUND_PER_INSTANCE`] block addresses. `instances` are the instances
/// named, as found; `bound` every block address bound to any of them.
pub fn bind(
    block: &IpBlock,
    held: &[Lease],
    asked: &[(String, String)],
    instances: &[Instance],
    bound: &[Lease],
) -> Result<Changes, ApiError> {
    check_bindable(block)?;
    if asked.is_empty() || asked.len() > 100 {
        return Err(ApiError::invalid_parameter(
            "`ipBindList` must hold 1 to 100 addresses",
        ));
    }
    let pool = Pool::hosts(block.net);
    let mut taken: Vec<IpNet> = held.iter().map(|l| l.net).collect();
    let mut changes = Changes::default();
    for (instance_id, ip) in asked {
        let instance = instances
            .iter()
            .find(|i| &i.id == instance_id)
            .ok_or_else(|| {
                ApiError::new(
                    codes::INVALID_INSTANCE_NOT_FOUND,
                    format!("instance `{instance_id}` does not exist"),
                )
            })?;
        check_instance(
            instance,
            block.zone_id.as_deref(),
            codes::OPERATION_DENIED_DIFFERENT_ZONE,
        )?;
        let net = ipam::single(parse_ip(ip)?);
        ipam::claim(&pool, &taken, &net).map_err(|e| match e {
            IpamError::Outside { .. } => denied(
                codes::OPERATION_DENIED_IP_NOT_BELONG,
                format!("{ip} is not an address of CIDR block `{}`", block.id),
            ),
            other => denied(
                codes::OPERATION_DENIED_INVALID_STATUS,
                format!("{ip} cannot be bound: {other}"),
            ),
        })?;
        let holds = bound
            .iter()
            .chain(changes.leases.iter())
            .filter(|l| l.holder.id == *instance_id)
            .count();
        if holds >= MAX_BOUND_PER_INSTANCE {
            return Err(denied(
                codes::OPERATION_DENIED_CIDRBLOCK_IP_COUNT_REACH_LIMIT,
                format!(
                    "instance `{instance_id}` holds {MAX_BOUND_PER_INSTANCE} block addresses already"
                ),
            ));
        }
        taken.push(net);
        changes.leases.push(Lease {
            scope: Scope::block(&block.id),
            net,
            account_id: block.account_id.clone(),
            holder: ResourceRef::instance(&instance.id),
        });
    }
    Ok(changes)
}

/// UnbindCidrBlockIps (D-145): each address must be one of the block's and bound; all of
/// them are freed, or none.
pub fn unbind(block: &IpBlock, held: &[Lease], ips: &[String]) -> Result<Changes, ApiError> {
    check_bindable(block)?;
    if ips.is_empty() || ips.len() > 100 {
        return Err(ApiError::invalid_parameter(
            "`ipList` must hold 1 to 100 addresses",
        ));
    }
    let mut changes = Changes::default();
    for ip in ips {
        let address = parse_ip(ip)?;
        if !block.net.contains(&address) {
            return Err(denied(
                codes::OPERATION_DENIED_IP_NOT_BELONG,
                format!("{ip} is not an address of CIDR block `{}`", block.id),
            ));
        }
        let lease = held
            .iter()
            .find(|l| l.net.network() == address)
            .ok_or_else(|| {
                denied(
                    codes::OPERATION_DENIED_INVALID_STATUS,
                    format!("{ip} is not bound to an instance"),
                )
            })?;
        if !changes.freed.contains(lease) {
            changes.freed.push(lease.clone());
        }
    }
    Ok(changes)
}

fn check_bindable(block: &IpBlock) -> Result<(), ApiError> {
    match block.status {
        IpBlockStatus::Recycle => Err(denied(
            codes::OPERATION_DENIED_CIDRBLOCK_RECYCLED,
            format!("CIDR block `{}` is in the recycle bin", block.id),
        )),
        IpBlockStatus::Creating => Err(denied(
            codes::OPERATION_DENIED_INVALID_STATUS,
            format!("CIDR block `{}` is still being created", block.id),
        )),
        IpBlockStatus::Available | IpBlockStatus::Associated => Ok(()),
    }
}

fn parse_ip(ip: &str) -> Result<std::net::IpAddr, ApiError> {
    ipam::parse_address(ip).map_err(|e| ApiError::invalid_parameter(format!("`ip`: {e}")))
}

/// What CreateByoip asks for.
#[derive(Debug, Clone)]
pub struct NewByoip<'a> {
    pub ip_type: &'a str,
    pub cidr: &'a str,
    pub asn: i64,
    pub tags: &'a [Tag],
}

/// CreateByoip (D-146): a customer's own block, IPv4 `/8` to `/24` or IPv6 `/16` to
/// `/48`, announced by a public ASN, none of zenlocal's public ranges and clear of every
/// other customer's (`held`: the BYOIP scope). It is AVAILABLE at once and costs nothing.
#[allow(clippy::too_many_arguments)]
pub fn byoip(
    catalog: &Catalog,
    account: &Account,
    asked: &NewByoip<'_>,
    held: &[IpNet],
    id: String,
    byoip_id: String,
    now: Timestamp,
) -> Result<(Changes, IpBlock), ApiError> {
    let (family, product, prefixes) = match asked.ip_type {
        "IPv4" => (Family::V4, IpProduct::Ipv4Block, 8..=24),
        "IPv6" => (Family::V6, IpProduct::Ipv6Block, 16..=48),
        other => {
            return Err(ApiError::invalid_parameter(format!(
                "`ipType` must be IPv4 or IPv6, not `{other}`"
            )))
        }
    };
    let net = ipam::parse_cidr(asked.cidr)
        .map_err(|e| ApiError::invalid_parameter(format!("`cidr`: {e}")))?;
    if Family::of(&net) != family || !prefixes.contains(&net.prefix_len()) {
        return Err(ApiError::invalid_parameter(format!(
            "`cidr` must be an {} block of /{} to /{}",
            asked.ip_type,
            prefixes.start(),
            prefixes.end()
        )));
    }
    if !(1..=4_294_967_295).contains(&asked.asn) {
        return Err(ApiError::invalid_parameter(
            "`asn` must be an AS number from 1 to 4294967295",
        ));
    }
    if let Some(zone) = catalog
        .bmc
        .zones
        .iter()
        .find(|z| z.public_ranges.iter().any(|r| ipam::overlaps(r, &net)))
    {
        return Err(ApiError::invalid_parameter(format!(
            "`cidr` {net} overlaps the public addresses of zone `{}`",
            zone.id
        )));
    }
    let anywhere = Pool::new(vec![match family {
        Family::V4 => "0.0.0.0/0".parse().map_err(|_| ApiError::internal())?,
        Family::V6 => "::/0".parse().map_err(|_| ApiError::internal())?,
    }]);
    ipam::claim(&anywhere, held, &net)
        .map_err(|e| ApiError::invalid_parameter(format!("`cidr`: {e}")))?;
    let block = IpBlock {
        id,
        account_id: account.id.clone(),
        product,
        zone_id: None,
        net,
        name: None,
        status: IpBlockStatus::Available,
        instance_id: None,
        resource_group_id: None,
        tags: asked.tags.to_vec(),
        created_at: now,
        byoip: Some(Byoip {
            id: byoip_id,
            asn: asked.asn,
        }),
        billing: billing::subscribe(ChargeType::Postpaid, None, now),
    };
    let mut changes = Changes::default();
    changes.leases.push(Lease {
        scope: Scope::byoip(),
        net,
        account_id: account.id.clone(),
        holder: block.resource(),
    });
    changes.ip_blocks.push(block.clone());
    Ok((changes, block))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ipblock::{create, purchase, PurchaseFields};
    use crate::model::EventKind;
    use crate::testing::{account, buy, catalog, d, fields, SeqIds, T0};
    use zenlocal_wire::Service;

    fn bought(product: IpProduct, charge: &'static str, netmask: Option<i64>) -> IpBlock {
        let p = purchase(
            catalog(),
            &PurchaseFields {
                period: (charge == "PREPAID").then_some(1),
                netmask,
                ..PurchaseFields::new(product, "SEL-A", charge)
            },
        )
        .unwrap();
        let pool = catalog().public_pool("SEL-A").unwrap();
        let timings = Timings {
            processing: 0,
            ..Timings::default()
        };
        let (changes, _) = create(
            catalog(),
            &account("1000.00", 100),
            &p,
            &pool,
            &[],
            timings,
            &mut SeqIds::default(),
            T0,
        )
        .unwrap();
        changes.ip_blocks[0].clone()
    }

    fn server() -> Instance {
        let f = fields(Service::Bmc, "POSTPAID", "ByBandwidth");
        buy(Service::Bmc, &f, &account("1000.00", 100)).0
    }

    /// D-144: an AVAILABLE elastic IP goes to a RUNNING instance of its zone, up to the
    /// limit; anything else answers its documented code.
    #[test]
    fn association_needs_an_available_eip_and_a_running_instance_of_its_zone() {
        let eip = bought(IpProduct::Eip, "POSTPAID", None);
        let i = server();
        let associated = associate(eip.clone(), &i, 0).unwrap();
        assert_eq!(
            (associated.status, associated.instance_id.as_deref()),
            (IpBlockStatus::Associated, Some(i.id.as_str()))
        );
        let e = associate(associated.clone(), &i, 0).unwrap_err();
        assert_eq!(e.code, codes::OPERATION_DENIED_EIP_STATUS_NOT_AVAILABLE);
        let stopped = Instance {
            status: InstanceStatus::Stopped,
            ..i.clone()
        };
        let e = associate(eip.clone(), &stopped, 0).unwrap_err();
        assert_eq!(e.code, codes::OPERATION_DENIED_INSTANCE_NOT_RUNNING);
        let elsewhere = Instance {
            zone_id: "FRA-A".into(),
            ..i.clone()
        };
        let e = associate(eip.clone(), &elsewhere, 0).unwrap_err();
        assert_eq!(e.code, codes::OPERATION_DENIED_EIP_ZONE_NOT_SAME);
        let e = associate(eip.clone(), &i, MAX_EIPS_PER_INSTANCE).unwrap_err();
        assert_eq!(e.code, codes::OPERATION_DENIED_EIP_INSTANCE_EXCEED_LIMIT);
        let freed = unassociate(associated).unwrap();
        assert_eq!(
            (freed.status, freed.instance_id.clone()),
            (IpBlockStatus::Available, None)
        );
        let e = unassociate(freed).unwrap_err();
        assert_eq!(e.code, codes::OPERATION_DENIED_EIP_STATUS_NOT_SUPPORT);
    }

    /// D-146: only POSTPAID is terminated, an associated one let go of first; it settles
    /// its usage and goes to the recycle bin; a subscription answers its code.
    #[test]
    fn terminate_returns_postpaid_only() {
        let i = server();
        let eip = associate(bought(IpProduct::Eip, "POSTPAID", None), &i, 0).unwrap();
        let payer = account("100.00", 100);
        let changes = terminate(
            catalog(),
            eip,
            &payer,
            0,
            Timings::default(),
            &mut SeqIds::default(),
            T0.plus(7200),
        )
        .unwrap();
        let gone = &changes.ip_blocks[0];
        assert_eq!(
            (gone.status, gone.instance_id.clone()),
            (IpBlockStatus::Recycle, None)
        );
        assert_eq!(changes.ledger[0].amount, d("0.02"), "3 hours at 0.005");
        assert!(changes
            .events
            .iter()
            .any(|(_, k)| matches!(k, EventKind::Release { .. })));
        let prepaid = bought(IpProduct::Eip, "PREPAID", None);
        let e = terminate(
            catalog(),
            prepaid,
            &payer,
            0,
            Timings::default(),
            &mut SeqIds::default(),
            T0,
        )
        .unwrap_err();
        assert_eq!(
            (e.code, e.code.status),
            (codes::OPERATION_DENIED_EIP_SUBSCRIPTION, 403)
        );
        let block = bought(IpProduct::Ipv4Block, "POSTPAID", Some(29));
        let e = terminate(
            catalog(),
            block,
            &payer,
            1,
            Timings::default(),
            &mut SeqIds::default(),
            T0,
        )
        .unwrap_err();
        assert_eq!(e.code, codes::OPERATION_DENIED_INSTANCE_EXIST);
        let e = terminate(
            catalog(),
            gone.clone(),
            &payer,
            0,
            Timings::default(),
            &mut SeqIds::default(),
            T0,
        )
        .unwrap_err();
        assert_eq!(e.code, codes::OPERATION_DENIED_EIP_RECYCLED);
    }

    /// D-146, D-147: release takes only what is in the recycle bin; renewing brings it
    /// back, a subscription paying one more period.
    #[test]
    fn release_and_renew_work_on_the_recycle_bin() {
        let eip = bought(IpProduct::Eip, "PREPAID", None);
        let e = release(vec![eip.clone()]).unwrap_err();
        assert_eq!(e.code, codes::OPERATION_DENIED_EIP_NOT_RECYCLED);
        let payer = account("100.00", 100);
        let e = renew(catalog(), eip.clone(), &payer, &mut SeqIds::default(), T0).unwrap_err();
        assert_eq!(e.code, codes::OPERATION_DENIED_EIP_NOT_RECYCLED);
        // Unrenewed, it went to the recycle bin when its period ended (D-23).
        let expiry = eip.billing.expires_at.unwrap();
        let mut recycled = eip;
        recycled.status = IpBlockStatus::Recycle;
        recycled.billing.recycled_at = Some(expiry);
        recycled.billing.auto_renew = false;
        let changes = release(vec![recycled.clone()]).unwrap();
        assert_eq!(changes.released, [recycled.resource()]);
        let later = expiry.plus(86_400);
        let changes = renew(catalog(), recycled, &payer, &mut SeqIds::default(), later).unwrap();
        let back = &changes.ip_blocks[0];
        assert_eq!(back.status, IpBlockStatus::Available);
        assert!(back.billing.auto_renew && back.billing.recycled_at.is_none());
        assert_eq!(changes.ledger[0].amount, d("3.00"));
        assert_eq!(back.billing.expires_at, Some(later.plus(30 * 86_400)));
    }

    /// D-145: a block's usable addresses are bound to RUNNING instances of its zone, each
    /// once; its network, gateway and broadcast addresses are not; unbinding frees them.
    #[test]
    fn block_addresses_are_bound_one_by_one() {
        let block = bought(IpProduct::Ipv4Block, "POSTPAID", Some(29));
        assert_eq!(block.net.to_string(), "198.51.100.8/29");
        let i = server();
        let ask = |ip: &str| vec![(i.id.clone(), ip.to_owned())];
        let instances = vec![i.clone()];
        let changes = bind(&block, &[], &ask("198.51.100.10"), &instances, &[]).unwrap();
        let held = changes.leases.clone();
        assert_eq!(held[0].scope, Scope::block(&block.id));
        assert_eq!(held[0].holder, ResourceRef::instance(&i.id));
        for (ip, code) in [
            ("198.51.100.10", codes::OPERATION_DENIED_INVALID_STATUS),
            ("198.51.100.9", codes::OPERATION_DENIED_INVALID_STATUS),
            ("198.51.100.15", codes::OPERATION_DENIED_INVALID_STATUS),
            ("198.51.100.17", codes::OPERATION_DENIED_IP_NOT_BELONG),
            ("198.51.100", codes::INVALID_PARAMETER),
        ] {
            let e = bind(&block, &held, &ask(ip), &instances, &held).unwrap_err();
            assert_eq!(e.code, code, "{ip}");
        }
        let e = bind(
            &block,
            &held,
            &[("1".into(), "198.51.100.11".into())],
            &instances,
            &held,
        )
        .unwrap_err();
        assert_eq!(e.code, codes::INVALID_INSTANCE_NOT_FOUND);
        let freed = unbind(&block, &held, &["198.51.100.10".into()]).unwrap();
        assert_eq!(freed.freed, held);
        let e = unbind(&block, &held, &["198.51.100.11".into()]).unwrap_err();
        assert_eq!(e.code, codes::OPERATION_DENIED_INVALID_STATUS);
    }

    /// D-144, D-145: an instance leaving service takes its elastic IPs and block
    /// addresses with it.
    #[test]
    fn an_instance_leaving_frees_what_it_holds() {
        let i = server();
        let eip = associate(bought(IpProduct::Eip, "POSTPAID", None), &i, 0).unwrap();
        let block = bought(IpProduct::Ipv4Block, "POSTPAID", Some(29));
        let bound = bind(
            &block,
            &[],
            &[(i.id.clone(), "198.51.100.11".into())],
            std::slice::from_ref(&i),
            &[],
        )
        .unwrap()
        .leases;
        let changes = detach(vec![eip], bound.clone(), &i.id);
        assert_eq!(changes.ip_blocks[0].status, IpBlockStatus::Available);
        assert_eq!(changes.ip_blocks[0].instance_id, None);
        assert_eq!(changes.freed, bound);
    }

    /// D-146: a customer's own block must be of its family's sizes, clear of zenlocal's
    /// public ranges and of other customers' blocks; it is AVAILABLE and free.
    #[test]
    fn a_customers_own_block_is_checked() {
        let payer = account("0.00", 100);
        let ask = |ip_type, cidr| NewByoip {
            ip_type,
            cidr,
            asn: 64_500,
            tags: &[],
        };
        let made = |asked: &NewByoip<'_>, held: &[IpNet]| {
            byoip(catalog(), &payer, asked, held, "1".into(), "2".into(), T0)
        };
        let (changes, block) = made(&ask("IPv4", "192.0.2.0/24"), &[]).unwrap();
        assert_eq!(block.status, IpBlockStatus::Available);
        assert_eq!(changes.leases[0].scope, Scope::byoip());
        for (ip_type, cidr) in [
            ("IPv5", "192.0.2.0/24"),
            ("IPv4", "192.0.2.0/25"),
            ("IPv6", "192.0.2.0/24"),
            ("IPv4", "198.51.100.0/24"),
            ("IPv4", "192.0.2.1/24"),
        ] {
            let e = made(&ask(ip_type, cidr), &[]).unwrap_err();
            assert_eq!(e.code, codes::INVALID_PARAMETER, "{ip_type} {cidr}");
        }
        let e = made(&ask("IPv4", "192.0.0.0/22"), &[block.net]).unwrap_err();
        assert!(e.message.contains("overlaps"), "{}", e.message);
        let (_, v6) = made(&ask("IPv6", "2001:db8:ff::/48"), &[block.net]).unwrap();
        assert_eq!(v6.product, IpProduct::Ipv6Block);
    }
}
