//! How instances, prices and the ledger look on the wire, per service and version.

use crate::account::{LedgerEntry, TransactionType};
use crate::catalog::{Catalog, ChargeType, Offer};
use crate::describe::{name_matches, page};
use crate::image::Image;
use crate::instance::CreateSpec;
use crate::model::TrafficSegment;
use crate::model::{Instance, InstanceStatus, Item, PendingChange, Target};
use crate::price::{self, Split};
use crate::resource_group::{self, ResourceGroup};
use crate::traffic;
use crate::{ApiError, Timestamp};
use rust_decimal::Decimal;
use std::collections::HashMap;
use zenlocal_wire::model::common::{
    InstanceInternetStatus, InstanceTrafficData, InstanceTrafficResponse, Price, PriceItemFields,
    Tag, TagAssociation,
};
use zenlocal_wire::model::{bmc, vm, zbc};
use zenlocal_wire::Version;

fn tags(instance: &Instance) -> Option<TagAssociation> {
    Some(TagAssociation {
        tags: instance.tags.clone(),
    })
}

/// The name of the instance's resource group among the account's (D-125).
fn group_name(groups: &[ResourceGroup], i: &Instance) -> Option<String> {
    let id = resource_group::of(i);
    groups.iter().find(|g| g.id == id).map(|g| g.name.clone())
}

/// The public IPv6 address an instance holds when it has one (D-124): in the
/// documentation prefix, derived from its IPv4 address.
fn ipv6_of(i: &Instance) -> String {
    let octets: Vec<u16> = i
        .public_ip
        .split('.')
        .filter_map(|o| o.parse().ok())
        .collect();
    let word = |a: usize, b: usize| {
        (octets.get(a).copied().unwrap_or(0) << 8) | octets.get(b).copied().unwrap_or(0)
    };
    format!("2001:db8:{:x}:{:x}::1", word(0, 1), word(2, 3))
}

/// A bmc instance as DescribeInstances shows it; `held` are the public addresses its
/// elastic IPs and block addresses give it, IPv4 and IPv6 (D-144).
pub fn bmc_instance_info(
    catalog: &Catalog,
    version: Version,
    groups: &[ResourceGroup],
    i: &Instance,
    held: Option<&(Vec<String>, Vec<String>)>,
) -> bmc::InstanceInfo {
    let image_name = i
        .image_id
        .as_ref()
        .and_then(|id| catalog.bmc.images.iter().find(|m| &m.id == id))
        .map(|m| m.name.clone());
    let ipv6 = i.setup.bmc_ipv6().then(|| ipv6_of(i));
    let mut public_ip_addresses = vec![i.public_ip.clone()];
    let mut ipv6_addresses: Vec<String> = ipv6.iter().cloned().collect();
    if let Some((v4, v6)) = held {
        public_ip_addresses.extend(v4.iter().cloned());
        ipv6_addresses.extend(v6.iter().cloned());
    }
    bmc::InstanceInfo {
        instance_id: i.id.clone(),
        zone_id: i.zone_id.clone(),
        instance_name: i.name.clone(),
        hostname: i.hostname.clone().unwrap_or_default(),
        instance_type_id: i.product.clone(),
        instance_type: crate::describe::bmc_instance_type(catalog, version, &i.product, None),
        image_id: i.image_id.clone(),
        image_name,
        ipxe_url: i.ipxe_url.clone(),
        key_id: i.key_id.clone(),
        instance_charge_type: i.billing.charge_type.name().to_owned(),
        bandwidth_out_mbps: Some(i.bandwidth),
        internet_charge_type: i.internet.name().to_owned(),
        period: i.billing.period,
        public_ip_addresses,
        private_ip_addresses: vec![i.private_ip.clone()],
        ipv6_addresses: Some(ipv6_addresses),
        subnet_ids: i.subnet_id.clone().map(|s| vec![s]),
        create_time: i.created_at.to_string(),
        expired_time: i.billing.expires_at.map(|t| t.to_string()),
        resource_group_id: Some(resource_group::of(i)),
        resource_group_name: group_name(groups, i),
        instance_status: i.status.name().to_owned(),
        primary_public_ip_address: Some(i.public_ip.clone()),
        traffic_package_size: i.traffic_package,
        raid_config: i.setup.raid_config.clone(),
        partitions: i.setup.partitions.clone(),
        nic: i.setup.nic.clone(),
        auto_renew: i.billing.auto_renew,
        tags: tags(i),
        enable_gateway_mode: Some(i.setup.enable_gateway_mode == Some(true)),
        user_data: i.setup.user_data.clone(),
        cluster_id: i.setup.cluster_id.clone(),
        marketing_options: i.setup.marketing_options.clone(),
        v2026: version.is_2026().then_some(bmc::InstanceInfo2026 {
            primary_public_ipv6_address: ipv6,
            ipmi_enabled: Some(i.ipmi_enabled),
        }),
    }
}

/// `images` are the account's custom images, deleted ones included: an instance keeps
/// showing the name of the image it was installed from (D-175).
pub fn vm_instance_info(
    catalog: &Catalog,
    images: &[Image],
    groups: &[ResourceGroup],
    i: &Instance,
) -> vm::InstanceInfo {
    let model = catalog.vm_model(&i.product);
    let image_name = i
        .image_id
        .as_deref()
        .and_then(|id| crate::image::name_of(catalog, images, id))
        .map(str::to_owned);
    let s = &i.setup;
    vm::InstanceInfo {
        instance_id: i.id.clone(),
        zone_id: i.zone_id.clone(),
        instance_name: i.name.clone(),
        instance_type: i.product.clone(),
        cpu_count: model.map_or(0, |m| m.cpu),
        memory: model.map_or(0, |m| m.memory),
        image_id: i.image_id.clone(),
        image_name,
        instance_charge_type: i.billing.charge_type.name().to_owned(),
        internet_max_bandwidth_out: Some(i.bandwidth),
        internet_charge_type: i.internet.name().to_owned(),
        period: i.billing.period,
        public_ip_addresses: if s.ipv4() {
            vec![i.public_ip.clone()]
        } else {
            Vec::new()
        },
        public_ipv6_addresses: Some(if s.vm_ipv6() {
            vec![ipv6_of(i)]
        } else {
            Vec::new()
        }),
        private_ip_addresses: vec![i.private_ip.clone()],
        subnet_id: i.subnet_id.clone(),
        create_time: i.created_at.to_string(),
        expired_time: i.billing.expires_at.map(|t| t.to_string()),
        resource_group_id: Some(resource_group::of(i)),
        resource_group_name: group_name(groups, i),
        instance_status: i.status.name().to_owned(),
        traffic_package_size: i.traffic_package,
        security_group_ids: Some(i.security_group_ids.clone()),
        system_disk: s.system_disk.clone(),
        data_disks: s.data_disks.as_ref().map(|disks| {
            disks
                .iter()
                .map(|d| vm::DataDisk {
                    disk_id: None,
                    disk_name: d.disk_name.clone(),
                    disk_size: d.disk_size,
                    disk_amount: d.disk_amount,
                    disk_category: d.disk_category.clone(),
                    portable: Some(d.portable == Some(true)),
                    disk_price: None,
                })
                .collect()
        }),
        auto_renew: i.billing.auto_renew,
        key_id: i.key_id.clone(),
        nic: s.nic.clone(),
        tags: tags(i),
        setup: vm::InstanceSetup {
            enable_ipv4: s.ipv4(),
            enable_ipv6: s.vm_ipv6(),
            cpu_pass_through: s.cpu_pass_through == Some(true),
            init_script: s.init_script.clone(),
            cluster_id: s.cluster_id.clone(),
            network_mode: s.network_mode.clone(),
            disk_pre_allocated: s.disk_pre_allocated == Some(true),
            cidr_block_id: s.cidr_block_id.clone(),
            start_cidr_ipv4: s.start_cidr_ipv4.clone(),
            marketing_options: s.marketing_options.clone(),
        },
    }
}

/// vm DescribeInstancesStatus: the caller's instances, filtered by id and paged as
/// DescribeInstances (D-26).
pub fn vm_instances_status(
    instances: Vec<Instance>,
    req: &vm::DescribeInstancesStatusRequest,
) -> Result<vm::DescribeInstancesStatusResponse, ApiError> {
    let filter = InstanceFilter {
        instance_ids: req.instance_ids.as_deref(),
        page_num: req.page_num,
        page_size: req.page_size,
        ..InstanceFilter::default()
    };
    let (total_count, page) = filter.select(instances)?;
    Ok(vm::DescribeInstancesStatusResponse {
        total_count,
        data_set: page
            .iter()
            .map(|i| vm::InstanceStatusInfo {
                instance_id: i.id.clone(),
                instance_status: i.status.name().to_owned(),
            })
            .collect(),
    })
}

/// The public addresses instances have beyond their primary one, by instance id:
/// (IPv4, IPv6), from their elastic IPs and block addresses (D-144).
pub type HeldAddresses = HashMap<String, (Vec<String>, Vec<String>)>;

/// The filters both services share, by their field values.
#[derive(Default)]
pub struct InstanceFilter<'a> {
    pub instance_ids: Option<&'a [String]>,
    pub zone_id: Option<&'a str>,
    pub resource_group_id: Option<&'a str>,
    pub product: Option<&'a str>,
    pub internet_charge_type: Option<&'a str>,
    pub image_id: Option<&'a str>,
    pub key_id: Option<&'a str>,
    /// The subnet (D-154, D-227).
    pub subnet_id: Option<&'a str>,
    /// A vm security group (D-158).
    pub security_group_id: Option<&'a str>,
    pub status: Option<&'a str>,
    pub name: Option<&'a str>,
    pub hostname: Option<&'a str>,
    pub public_ips: Option<&'a [String]>,
    /// The public addresses instances have beyond their primary one, by instance id
    /// (`ipview::instance_addresses`): `public_ips` finds them too (D-144).
    pub held: Option<&'a HeldAddresses>,
    pub private_ips: Option<&'a [String]>,
    pub tag_keys: Option<&'a [String]>,
    pub tags: Option<&'a [Tag]>,
    pub page_num: Option<i64>,
    pub page_size: Option<i64>,
}

impl InstanceFilter<'_> {
    fn matches(&self, i: &Instance) -> bool {
        let eq = |want: Option<&str>, have: &str| want.is_none_or(|w| w == have);
        let eq_opt = |want: Option<&str>, have: Option<&String>| {
            want.is_none_or(|w| have.is_some_and(|h| h == w))
        };
        self.instance_ids.is_none_or(|ids| ids.contains(&i.id))
            && eq(self.zone_id, &i.zone_id)
            && eq(self.resource_group_id, &resource_group::of(i))
            && eq(self.product, &i.product)
            && eq(self.internet_charge_type, i.internet.name())
            && eq_opt(self.image_id, i.image_id.as_ref())
            && eq_opt(self.key_id, i.key_id.as_ref())
            && eq_opt(self.subnet_id, i.subnet_id.as_ref())
            && self
                .security_group_id
                .is_none_or(|g| i.security_group_ids.iter().any(|h| h == g))
            && eq(self.status, i.status.name())
            && self.name.is_none_or(|n| name_matches(n, &i.name))
            && self
                .hostname
                .is_none_or(|n| i.hostname.as_ref().is_some_and(|h| name_matches(n, h)))
            && self.public_ips.is_none_or(|ips| {
                ips.contains(&i.public_ip)
                    || self
                        .held
                        .and_then(|held| held.get(&i.id))
                        .is_some_and(|(v4, v6)| v4.iter().chain(v6).any(|a| ips.contains(a)))
            })
            && self
                .private_ips
                .is_none_or(|ips| ips.contains(&i.private_ip))
            && self
                .tag_keys
                .is_none_or(|keys| i.tags.iter().any(|t| keys.contains(&t.key)))
            && self.tags.is_none_or(|want| {
                want.iter()
                    .any(|w| i.tags.iter().any(|t| t.key == w.key && t.value == w.value))
            })
    }

    /// The matching instances in D-26 order (newest first, then id), the page asked
    /// for, and the total count.
    pub fn select(&self, mut instances: Vec<Instance>) -> Result<(i64, Vec<Instance>), ApiError> {
        if self.instance_ids.is_some_and(|ids| ids.len() > 100) {
            return Err(ApiError::invalid_parameter(
                "`instanceIds` may name at most 100 instances",
            ));
        }
        if let Some(status) = self.status {
            if status.parse::<InstanceStatus>().is_err() {
                return Err(ApiError::invalid_parameter(format!(
                    "`instanceStatus` `{status}` is not an instance status"
                )));
            }
        }
        let (offset, size) = page(self.page_num, self.page_size)?;
        instances.retain(|i| self.matches(i));
        instances.sort_by(|a, b| {
            b.created_at
                .cmp(&a.created_at)
                .then_with(|| a.id.cmp(&b.id))
        });
        let total = instances.len() as i64;
        Ok((
            total,
            instances.into_iter().skip(offset).take(size).collect(),
        ))
    }
}

fn zero_item(version: Version, discount: Decimal) -> Price {
    Price {
        discount,
        discount_price: Some(Decimal::ZERO),
        original_price: Some(Decimal::ZERO),
        item: version.is_2026().then(|| PriceItemFields {
            category: Some("STANDARD".into()),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// A PREPAID item: the list amount and what it costs after discount (D-19, D-22).
pub fn prepaid_item(version: Version, discount: Decimal, list: Decimal, pays: Decimal) -> Price {
    Price {
        discount,
        original_price: Some(list.normalize()),
        discount_price: Some(pays),
        item: version.is_2026().then(|| PriceItemFields {
            category: Some("STANDARD".into()),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// A POSTPAID item: an hourly unit price (D-19, D-22).
pub fn hourly_item(
    version: Version,
    discount: Decimal,
    unit: Decimal,
    amount_unit: Option<&str>,
) -> Price {
    Price {
        discount,
        unit_price: Some(unit.normalize()),
        discount_unit_price: Some(price::unit(unit, discount)),
        charge_unit: Some("HOUR".into()),
        item: version.is_2026().then(|| PriceItemFields {
            amount_unit: amount_unit.map(str::to_owned),
            category: Some("STANDARD".into()),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// The model and network items of a create inquiry: PREPAID amounts for the whole
/// period and count, adding up to exactly what CreateInstances charges; POSTPAID hourly
/// unit prices per instance (D-22).
pub fn create_prices(
    version: Version,
    offer: &Offer,
    spec: &CreateSpec,
    discount: Decimal,
) -> (Price, Price) {
    match spec.charge {
        ChargeType::Prepaid => {
            let (list, pays): (Split, Split) =
                crate::instance::purchase_price(offer, spec, discount);
            (
                prepaid_item(version, discount, list.model, pays.model),
                prepaid_item(version, discount, list.network, pays.network),
            )
        }
        ChargeType::Postpaid => {
            let hourly = price::hourly(offer, spec.plan);
            (
                hourly_item(version, discount, hourly.model, None),
                hourly_item(version, discount, hourly.network, Some("Mbps")),
            )
        }
    }
}

pub fn bmc_create_inquiry(
    version: Version,
    offer: &Offer,
    spec: &CreateSpec,
    discount: Decimal,
) -> bmc::InquiryPriceCreateInstanceResponse {
    let (instance_price, network) = create_prices(version, offer, spec, discount);
    bmc::InquiryPriceCreateInstanceResponse {
        instance_price,
        bandwidth_price: vec![network],
        primary_ip_price: zero_item(version, discount),
    }
}

pub fn vm_create_inquiry(
    version: Version,
    offer: &Offer,
    spec: &CreateSpec,
    discount: Decimal,
) -> vm::InquiryPriceCreateInstanceResponse {
    let (instance_price, network) = create_prices(version, offer, spec, discount);
    vm::InquiryPriceCreateInstanceResponse {
        instance_price,
        bandwidth_price: vec![network],
        eip_price: Some(zero_item(version, discount)),
        system_disk_price: Some(zero_item(version, discount)),
        data_disk_price: Some(zero_item(version, discount)),
        data_disk_prices: version.is_2026().then(Vec::new),
    }
}

/// `startTime` and `endTime` of a listing, each optional.
pub(crate) fn time_range(
    start: Option<&str>,
    end: Option<&str>,
) -> Result<(Option<Timestamp>, Option<Timestamp>), ApiError> {
    Ok((
        start.map(|t| parse_time("startTime", t)).transpose()?,
        end.map(|t| parse_time("endTime", t)).transpose()?,
    ))
}

fn parse_time(field: &str, value: &str) -> Result<Timestamp, ApiError> {
    Timestamp::parse_rfc3339(value)
        .or_else(|| Timestamp::parse_rfc3339(&format!("{value}T00:00:00Z")))
        .ok_or_else(|| {
            ApiError::invalid_parameter(format!(
                "`{field}` must be an RFC 3339 instant or a date, e.g. 2026-01-31T00:00:00Z"
            ))
        })
}

/// DescribeTransactionHistory over an account's ledger (D-27): newest first, filtered by
/// type and time (`startTime` inclusive, `endTime` exclusive), paginated; the sums total
/// the filtered entries.
pub fn transaction_history(
    account_id: &str,
    req: &zbc::DescribeTransactionHistoryRequest,
    ledger: Vec<LedgerEntry>,
) -> Result<zbc::DescribeTransactionHistoryResponse, ApiError> {
    // The page sends an array ("transactionType": ["DEDUCTION"]) and names a charge
    // DEDUCTION: it is CONSUME here (D-27, D-137). No type, or an empty list, is every type.
    let kinds = req
        .transaction_type
        .iter()
        .flatten()
        .map(|t| match t.as_str() {
            "DEDUCTION" => Ok(TransactionType::Consume),
            other => other.parse::<TransactionType>().map_err(|_| {
                ApiError::invalid_parameter(format!(
                    "`transactionType` must list RECHARGE, CONSUME (or DEDUCTION) or REFUND, not `{t}`"
                ))
            }),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let (start, end) = time_range(req.start_time.as_deref(), req.end_time.as_deref())?;
    let (offset, size) = page(req.page_num, req.page_size)?;
    let mut entries: Vec<(usize, LedgerEntry)> = ledger
        .into_iter()
        .enumerate()
        .filter(|(_, e)| {
            (kinds.is_empty() || kinds.contains(&e.kind))
                && start.is_none_or(|s| e.time >= s)
                && end.is_none_or(|t| e.time < t)
        })
        .collect();
    entries.reverse();
    let (mut income_sum, mut expenditure_sum) = (Decimal::ZERO, Decimal::ZERO);
    for (_, e) in &entries {
        match e.kind {
            TransactionType::Consume => expenditure_sum += e.amount,
            TransactionType::Recharge | TransactionType::Refund => income_sum += e.amount,
        }
    }
    let total_count = entries.len() as i64;
    let data_set = entries
        .into_iter()
        .skip(offset)
        .take(size)
        .map(|(seq, e)| zbc::TransactionHistory {
            account_uid: account_id.to_owned(),
            uid: format!("{account_id}-{seq}"),
            transaction_time: e.time.to_string(),
            order_sn: e.order_number,
            description: e.description,
            transaction_type: e.kind.name().to_owned(),
            payment_method: Some("BALANCE".into()),
            amount: e.amount,
            cash_balance: e.balance_after,
            trade_type: None,
            trade_no: None,
        })
        .collect();
    Ok(zbc::DescribeTransactionHistoryResponse {
        income_sum,
        expenditure_sum,
        total_count,
        data_set,
    })
}

/// The 2026 traffic-package inquiry's second item: the overage price per GB (D-19).
pub fn overage_item(discount: Decimal, per_gb: Decimal) -> Price {
    Price {
        discount,
        item: Some(PriceItemFields {
            excess_unit_price: Some(per_gb.normalize()),
            excess_discount_unit_price: Some(price::unit(per_gb, discount)),
            excess_amount_unit: Some("GB".into()),
            category: Some("STANDARD".into()),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// DescribeInstanceInternetStatus (§5.4): the live state of the bandwidth and package
/// items; the package fields are null for an instance that holds no package.
pub fn internet_status(i: &Instance) -> InstanceInternetStatus {
    let bandwidth = i.pending(Item::Bandwidth);
    let package = i.pending(Item::TrafficPackage);
    InstanceInternetStatus {
        instance_id: i.id.clone(),
        instance_name: i.name.clone(),
        internet_max_bandwidth_out: Some(i.bandwidth),
        modified_internet_max_bandwidth_out: bandwidth.and_then(|p| match p.target {
            Target::Bandwidth(v) => Some(v),
            _ => None,
        }),
        modified_bandwidth_status: Some(state_name(bandwidth).to_owned()),
        traffic_package_size: i.traffic_package,
        modified_traffic_package_size: package.and_then(|p| match p.target {
            Target::TrafficPackage(v) => Some(v),
            _ => None,
        }),
        modified_traffic_package_status: i.traffic_package.map(|_| state_name(package).to_owned()),
    }
}

/// vm DescribeInstanceTypeStatus (§5.5).
pub fn type_status(i: &Instance) -> vm::InstanceTypeStatus {
    let model = i.pending(Item::Model);
    vm::InstanceTypeStatus {
        instance_id: i.id.clone(),
        instance_name: i.name.clone(),
        instance_type: i.product.clone(),
        modified_instance_type: model.and_then(|p| match &p.target {
            Target::Model(m) => Some(m.clone()),
            _ => None,
        }),
        modified_instance_type_status: state_name(model).to_owned(),
    }
}

fn state_name(pending: Option<&PendingChange>) -> &'static str {
    pending.map_or("Enable", |p| p.state.name())
}

/// DescribeInstanceTraffic and bmc DescribeManagedInstanceTraffic (D-132): the kept
/// stretches of `i`'s traffic and the rate not yet counted, a point every five minutes of
/// the window, rates in bps, totals in bytes.
pub fn instance_traffic(
    i: &Instance,
    mut stretches: Vec<TrafficSegment>,
    window: (Timestamp, Timestamp),
    now: Timestamp,
) -> InstanceTrafficResponse {
    stretches.extend(traffic::pending_stretch(i, now));
    let points = traffic::points(window, i.created_at, now);
    let samples = traffic::series(&stretches, &points);
    let rates = |f: fn(&traffic::Sample) -> i64| -> Vec<(Timestamp, i64)> {
        samples.iter().map(|s| (s.time, f(s))).collect()
    };
    let (inbound, outbound) = (
        traffic::stats(&rates(traffic::Sample::in_bps)),
        traffic::stats(&rates(traffic::Sample::out_bps)),
    );
    let total = |f: fn(&traffic::Sample) -> Decimal| -> i64 {
        use rust_decimal::prelude::ToPrimitive;
        samples
            .iter()
            .map(f)
            .sum::<Decimal>()
            .round()
            .to_i64()
            .unwrap_or(i64::MAX)
    };
    InstanceTrafficResponse {
        data_list: samples
            .iter()
            .map(|s| InstanceTrafficData {
                internet_rx: s.in_bps(),
                internet_tx: s.out_bps(),
                time: s.time.to_string(),
            })
            .collect(),
        in95: inbound.p95,
        in95_time: inbound.p95_time.map(|t| t.to_string()),
        in_avg: inbound.avg,
        in_max: inbound.max,
        in_min: inbound.min,
        in_total: total(|s| s.in_bytes),
        max_bandwidth95_value_mbps: (Decimal::from(inbound.p95.max(outbound.p95))
            / Decimal::from(1_000_000))
        .round_dp(2),
        out95: outbound.p95,
        out95_time: outbound.p95_time.map(|t| t.to_string()),
        out_avg: outbound.avg,
        out_max: outbound.max,
        out_min: outbound.min,
        out_total: total(|s| s.out_bytes),
        total_unit: "B".into(),
        unit: "bps".into(),
    }
}

/// vm DescribeInstanceCpuMonitor (D-133): a point every five minutes of the window the
/// instance existed in; zenlocal runs no guest, so the utilization is 0.
pub fn cpu_monitor(
    i: &Instance,
    window: (Timestamp, Timestamp),
    now: Timestamp,
) -> vm::DescribeInstanceCpuMonitorResponse {
    vm::DescribeInstanceCpuMonitorResponse {
        data_list: traffic::points(window, i.created_at, now)
            .into_iter()
            .map(|t| vm::InstanceCpuMonitorData {
                cpu: "0".into(),
                time: t.to_string(),
            })
            .collect(),
    }
}

/// bmc DescribeInstancesMonitorHealth (D-133): simulated hardware is always sound; the
/// public port is UP while the instance runs, and the temperatures are those of a running
/// server (null while it is off).
pub fn instance_health(i: &Instance) -> bmc::InstanceHealth {
    let running = i.status == InstanceStatus::Running;
    let normal = || "NORMAL".to_owned();
    let temp = |c: i64| running.then_some(c);
    bmc::InstanceHealth {
        instance_id: i.id.clone(),
        cpu_status: normal(),
        disk_status: normal(),
        ipmi_ping: normal(),
        ipmi_status: normal(),
        memory_status: normal(),
        psu_status: normal(),
        wan_port_status: if running { "UP" } else { "DOWN" }.into(),
        fan_status: normal(),
        server_brand: "zenlocal".into(),
        server_model: i.product.clone(),
        cpu_temp: temp(45),
        cpu0_temp: temp(45),
        cpu1_temp: temp(44),
        cpu2_temp: None,
        inlet_temp: temp(24),
        temp_unit: "C".into(),
    }
}
