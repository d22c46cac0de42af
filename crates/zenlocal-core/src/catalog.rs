//! The catalog (D-9): zones, bmc instance types, vm models, images, and per-zone offers
//! with their prices, free and maximum amounts, and stock.
//!
//! It is written in TOML. A built-in default ships with the binary; `--catalog FILE`
//! replaces it. Every value is checked while it is read (`load`), so an error names the
//! file, the line and the field.

mod load;

pub use load::CatalogError;

use crate::ipam::{Family, Pool};
use ipnet::IpNet;
use load::{amount, cidrs, non_negative, positive, traffic_package};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use zenlocal_wire::Service;

/// The catalog compiled into the binary.
pub const DEFAULT_TOML: &str = include_str!("catalog/default.toml");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ChargeType {
    #[serde(rename = "PREPAID")]
    Prepaid,
    #[serde(rename = "POSTPAID")]
    Postpaid,
}

impl ChargeType {
    pub fn name(self) -> &'static str {
        match self {
            ChargeType::Prepaid => "PREPAID",
            ChargeType::Postpaid => "POSTPAID",
        }
    }

    pub fn parse(name: &str) -> Option<ChargeType> {
        match name {
            "PREPAID" => Some(ChargeType::Prepaid),
            "POSTPAID" => Some(ChargeType::Postpaid),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum InternetChargeType {
    ByBandwidth,
    ByTrafficPackage,
}

impl InternetChargeType {
    pub fn name(self) -> &'static str {
        match self {
            InternetChargeType::ByBandwidth => "ByBandwidth",
            InternetChargeType::ByTrafficPackage => "ByTrafficPackage",
        }
    }
}

/// What of a zone's public addresses is sold (D-143).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum IpProduct {
    /// Elastic IPs: single addresses associated with instances.
    #[serde(rename = "EIP")]
    Eip,
    /// IPv4 blocks, bound to instances address by address.
    #[serde(rename = "IPV4_BLOCK")]
    Ipv4Block,
    /// IPv6 blocks.
    #[serde(rename = "IPV6_BLOCK")]
    Ipv6Block,
}

impl IpProduct {
    pub fn name(self) -> &'static str {
        match self {
            IpProduct::Eip => "EIP",
            IpProduct::Ipv4Block => "IPv4 block",
            IpProduct::Ipv6Block => "IPv6 block",
        }
    }

    pub fn plural(self) -> &'static str {
        match self {
            IpProduct::Eip => "elastic IPs",
            IpProduct::Ipv4Block => "IPv4 blocks",
            IpProduct::Ipv6Block => "IPv6 blocks",
        }
    }

    pub fn family(self) -> Family {
        match self {
            IpProduct::Eip | IpProduct::Ipv4Block => Family::V4,
            IpProduct::Ipv6Block => Family::V6,
        }
    }
}

/// Elastic IPs or IP blocks of some zones: the netmasks sold, the charge types, and the
/// price per unit — per address of an IPv4 range, per IPv6 block (D-143).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IpOffer {
    pub product: IpProduct,
    pub zones: Vec<String>,
    pub charge_types: Vec<ChargeType>,
    /// Prefix lengths sold, the default first.
    pub netmasks: Vec<u8>,
    /// PREPAID, per unit and month (D-8).
    #[serde(deserialize_with = "amount")]
    pub monthly_price: Decimal,
    /// POSTPAID, per unit and hour.
    #[serde(deserialize_with = "amount")]
    pub hourly_price: Decimal,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    pub bmc: BmcCatalog,
    pub vm: VmCatalog,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BmcCatalog {
    pub zones: Vec<BmcZone>,
    pub instance_types: Vec<BmcInstanceType>,
    pub images: Vec<BmcImage>,
    pub offers: Vec<Offer>,
    /// Elastic IPs and IP blocks (D-143).
    #[serde(default)]
    pub ip_offers: Vec<IpOffer>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VmCatalog {
    pub zones: Vec<VmZone>,
    pub models: Vec<VmModel>,
    pub images: Vec<VmImage>,
    pub offers: Vec<Offer>,
    /// Disk categories sold per zone (D-162).
    #[serde(default)]
    pub disks: Vec<DiskOffer>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BmcZone {
    pub id: String,
    pub name: String,
    pub city: String,
    pub area: String,
    #[serde(default)]
    pub cloud_router: bool,
    #[serde(default)]
    pub byoip: bool,
    /// The zone's public addresses, IPv4 and IPv6 CIDR blocks: its elastic IPs and IP
    /// blocks are handed out from them (D-140). No two zones' ranges overlap.
    #[serde(default, deserialize_with = "cidrs")]
    pub public_ranges: Vec<IpNet>,
    /// The public IPv4 addresses its instances get, one each (D-232).
    #[serde(deserialize_with = "cidrs")]
    pub instance_ranges: Vec<IpNet>,
    /// The private IPv4 addresses its instances in no subnet get, one each (D-233).
    #[serde(deserialize_with = "cidrs")]
    pub private_ranges: Vec<IpNet>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VmZone {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub security_group: bool,
    pub network_type: String,
    #[serde(default)]
    pub ipv6: bool,
    #[serde(default)]
    pub cpu_pass_through: bool,
    pub network_line_type: String,
    /// Custom images an account may have in the zone; 0 = the zone makes none (D-174).
    #[serde(default = "default_image_quota", deserialize_with = "non_negative")]
    pub image_quota: i64,
    /// As [`BmcZone::instance_ranges`] (D-232).
    #[serde(deserialize_with = "cidrs")]
    pub instance_ranges: Vec<IpNet>,
    /// As [`BmcZone::private_ranges`] (D-233).
    #[serde(deserialize_with = "cidrs")]
    pub private_ranges: Vec<IpNet>,
}

fn default_image_quota() -> i64 {
    5
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BmcInstanceType {
    pub id: String,
    pub description: String,
    pub cpu_detail: String,
    #[serde(deserialize_with = "positive")]
    pub cpu_cores: i64,
    #[serde(deserialize_with = "positive")]
    pub cpu_threads: i64,
    pub base_frequency: String,
    /// GB.
    #[serde(deserialize_with = "positive")]
    pub memory: i64,
    /// Mbps: the model's bandwidth cap.
    #[serde(deserialize_with = "positive")]
    pub maximum_bandwidth: i64,
    pub raids: Vec<i64>,
    #[serde(default)]
    pub subnet: bool,
    #[serde(default)]
    pub ha: bool,
    pub disk_description: String,
    pub disks: Vec<DiskSpec>,
    #[serde(default)]
    pub vpu_vendor: Option<String>,
    #[serde(default)]
    pub vpu_card: Option<String>,
    #[serde(default)]
    pub vpu_count: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiskSpec {
    /// GB.
    #[serde(deserialize_with = "positive")]
    pub size: i64,
    #[serde(deserialize_with = "positive")]
    pub count: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VmModel {
    /// `<series>.<cpu>c<memory>g`, e.g. `c.1c2g`.
    pub id: String,
    pub name: String,
    #[serde(deserialize_with = "positive")]
    pub cpu: i64,
    /// GiB.
    #[serde(deserialize_with = "positive")]
    pub memory: i64,
    pub frequency: String,
}

impl VmModel {
    /// The series letter(s) before the dot.
    pub fn series(&self) -> &str {
        self.id.split('.').next().unwrap_or("")
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BmcImage {
    pub id: String,
    pub name: String,
    pub catalog: String,
    pub image_type: String,
    pub os_type: String,
    /// Instance types the image installs on; empty means all.
    #[serde(default)]
    pub instance_types: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VmImage {
    pub id: String,
    pub name: String,
    pub category: String,
    pub image_type: String,
    pub os_type: String,
    /// GB.
    #[serde(deserialize_with = "positive")]
    pub size: i64,
    pub version: String,
    #[serde(default)]
    pub description: Option<String>,
}

/// What one product (bmc instance type or vm model) costs and allows in some zones.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Offer {
    pub zones: Vec<String>,
    /// The bmc instance type or the vm model.
    pub product: String,
    pub charge_types: Vec<ChargeType>,
    pub internet_charge_types: Vec<InternetChargeType>,
    /// PREPAID, per month (D-8).
    #[serde(deserialize_with = "amount")]
    pub monthly_price: Decimal,
    /// POSTPAID, per hour.
    #[serde(deserialize_with = "amount")]
    pub hourly_price: Decimal,
    /// Mbps included in the price.
    #[serde(deserialize_with = "non_negative")]
    pub free_bandwidth: i64,
    #[serde(deserialize_with = "positive")]
    pub max_bandwidth: i64,
    /// Per Mbps above the free amount.
    #[serde(deserialize_with = "amount")]
    pub bandwidth_price_monthly: Decimal,
    #[serde(deserialize_with = "amount")]
    pub bandwidth_price_hourly: Decimal,
    /// TB included in the price.
    #[serde(deserialize_with = "traffic_package")]
    pub free_traffic_package: Decimal,
    #[serde(deserialize_with = "traffic_package")]
    pub max_traffic_package: Decimal,
    /// Per TB above the free package, per month.
    #[serde(deserialize_with = "amount")]
    pub traffic_package_price_monthly: Decimal,
    /// Per GB beyond the package.
    #[serde(deserialize_with = "amount")]
    pub overage_price_per_gb: Decimal,
    #[serde(deserialize_with = "non_negative")]
    pub stock: i64,
}

/// A disk category in some vm zones: its size limits and its prices per GB (D-162).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiskOffer {
    pub zones: Vec<String>,
    /// The category's name, e.g. `STANDARD` or `SSD`.
    pub category: String,
    pub charge_types: Vec<ChargeType>,
    /// GB, the smallest data disk.
    #[serde(deserialize_with = "positive")]
    pub min_size: i64,
    /// GB, the largest disk.
    #[serde(deserialize_with = "positive")]
    pub max_size: i64,
    /// PREPAID, per GB per month.
    #[serde(deserialize_with = "amount")]
    pub monthly_price_per_gb: Decimal,
    /// POSTPAID, per GB per hour.
    #[serde(deserialize_with = "amount")]
    pub hourly_price_per_gb: Decimal,
}

impl Offer {
    pub fn sells(&self, charge: ChargeType) -> bool {
        self.charge_types.contains(&charge)
    }
}

impl Catalog {
    /// The offer of a product in a zone of a bmc or vm; zbc sells none.
    pub fn offer(&self, service: Service, zone: &str, product: &str) -> Option<&Offer> {
        match service {
            Service::Bmc => self.bmc_offer(zone, product),
            Service::Vm => self.vm_offer(zone, product),
            Service::Zbc => None,
        }
    }

    pub fn bmc_offer(&self, zone: &str, instance_type: &str) -> Option<&Offer> {
        find_offer(&self.bmc.offers, zone, instance_type)
    }

    pub fn vm_offer(&self, zone: &str, model: &str) -> Option<&Offer> {
        find_offer(&self.vm.offers, zone, model)
    }

    pub fn bmc_zone(&self, id: &str) -> Option<&BmcZone> {
        self.bmc.zones.iter().find(|z| z.id == id)
    }

    /// The public addresses of a bmc zone (D-140): its ranges, less the first and last
    /// address of each IPv4 range; `None` for an unknown zone.
    pub fn public_pool(&self, zone: &str) -> Option<Pool> {
        self.bmc_zone(zone).map(|z| Pool {
            ranges: z.public_ranges.clone(),
            reserved: z
                .public_ranges
                .iter()
                .filter(|r| Family::of(r) == Family::V4)
                .flat_map(|r| [r.network(), r.broadcast()])
                .collect(),
        })
    }

    /// A zone's instance ranges (D-232) and private ranges (D-233), of either service;
    /// `None` for an unknown zone.
    pub fn instance_pools(&self, service: Service, zone: &str) -> Option<(&[IpNet], &[IpNet])> {
        match service {
            Service::Bmc => self
                .bmc_zone(zone)
                .map(|z| (&z.instance_ranges[..], &z.private_ranges[..])),
            Service::Vm => self
                .vm_zone(zone)
                .map(|z| (&z.instance_ranges[..], &z.private_ranges[..])),
            Service::Zbc => None,
        }
    }

    /// The offer of elastic IPs or IP blocks in a bmc zone (D-143).
    pub fn ip_offer(&self, zone: &str, product: IpProduct) -> Option<&IpOffer> {
        self.bmc
            .ip_offers
            .iter()
            .find(|o| o.product == product && o.zones.iter().any(|z| z == zone))
    }

    pub fn bmc_instance_type(&self, id: &str) -> Option<&BmcInstanceType> {
        self.bmc.instance_types.iter().find(|t| t.id == id)
    }

    pub fn vm_zone(&self, id: &str) -> Option<&VmZone> {
        self.vm.zones.iter().find(|z| z.id == id)
    }

    pub fn vm_model(&self, id: &str) -> Option<&VmModel> {
        self.vm.models.iter().find(|m| m.id == id)
    }

    /// The disk categories of a vm zone, in catalog order (D-162).
    pub fn disk_offers<'a>(&'a self, zone: &str) -> impl Iterator<Item = &'a DiskOffer> + 'a {
        let zone = zone.to_owned();
        self.vm
            .disks
            .iter()
            .filter(move |o| o.zones.contains(&zone))
    }

    /// A disk category of a vm zone (D-162).
    pub fn disk_offer(&self, zone: &str, category: &str) -> Option<&DiskOffer> {
        self.disk_offers(zone).find(|o| o.category == category)
    }
}

fn find_offer<'a>(offers: &'a [Offer], zone: &str, product: &str) -> Option<&'a Offer> {
    offers
        .iter()
        .find(|o| o.product == product && o.zones.iter().any(|z| z == zone))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn builtin_meets_d9() {
        let c = Catalog::builtin();
        assert!(c.bmc.zones.len() >= 3);
        assert!(c.vm.zones.len() >= 3);
        assert!(c.bmc.instance_types.len() >= 4);
        for series in ["c", "g", "m", "s", "h"] {
            assert!(
                c.vm.models.iter().any(|m| m.series() == series),
                "series {series}"
            );
        }
        // Two sizes of `c` with different prices in one zone.
        let found = c.vm.zones.iter().any(|z| {
            let prices: HashSet<Decimal> =
                c.vm.models
                    .iter()
                    .filter(|m| m.series() == "c")
                    .filter_map(|m| c.vm_offer(&z.id, &m.id))
                    .map(|o| o.monthly_price)
                    .collect();
            prices.len() >= 2
        });
        assert!(found);
        for offer in c.bmc.offers.iter().chain(&c.vm.offers) {
            assert!(offer.max_bandwidth - offer.free_bandwidth >= 4, "{offer:?}");
            if offer
                .internet_charge_types
                .contains(&InternetChargeType::ByTrafficPackage)
            {
                assert!(offer.max_traffic_package >= Decimal::from(100), "{offer:?}");
            }
            assert!(offer.stock >= 1000);
        }
        assert!(!c.bmc.images.is_empty() && !c.vm.images.is_empty());
    }
}
