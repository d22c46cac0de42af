//! Reading a catalog: TOML checked value by value while it is read and then as a whole
//! (ids unique, offers naming known zones and products, free amounts within the maximum),
//! every error naming the file, the line and the field.

use super::{Catalog, DiskOffer, IpOffer, Offer, DEFAULT_TOML};
use crate::ipam;
use ipnet::IpNet;
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer};
use std::collections::HashSet;
use std::fmt;

/// A catalog that cannot be used, with the place and field that are wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogError {
    pub source_name: String,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.source_name, line, self.message),
            None => write!(f, "{}: {}", self.source_name, self.message),
        }
    }
}

impl std::error::Error for CatalogError {}

impl Catalog {
    /// The built-in catalog.
    pub fn builtin() -> Catalog {
        Catalog::from_toml(DEFAULT_TOML, "built-in catalog").expect("the built-in catalog is valid")
    }

    /// Reads and checks a catalog; `source_name` (a file name) prefixes every error.
    pub fn from_toml(text: &str, source_name: &str) -> Result<Catalog, CatalogError> {
        let catalog: Catalog = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of(text, s.start));
            let field = line.and_then(|l| key_on_line(text, l));
            let message = match field {
                Some(key) if !e.message().contains(&format!("`{key}`")) => {
                    format!("field `{key}`: {}", e.message())
                }
                _ => e.message().to_owned(),
            };
            CatalogError {
                source_name: source_name.to_owned(),
                line,
                message,
            }
        })?;
        catalog.check().map_err(|(needle, message)| CatalogError {
            source_name: source_name.to_owned(),
            line: needle.and_then(|n| text.find(&n).map(|pos| line_of(text, pos))),
            message,
        })?;
        Ok(catalog)
    }

    /// Cross-references that single fields cannot check. The error carries a piece of
    /// text to locate the line by, and the message.
    fn check(&self) -> Result<(), (Option<String>, String)> {
        fn unique<'a>(
            what: &str,
            ids: impl Iterator<Item = &'a str>,
        ) -> Result<HashSet<&'a str>, (Option<String>, String)> {
            let mut seen = HashSet::new();
            for id in ids {
                if id.is_empty() {
                    return Err((None, format!("{what}: an id is empty")));
                }
                if !seen.insert(id) {
                    return Err((
                        Some(format!("\"{id}\"")),
                        format!("{what}: id `{id}` is defined twice"),
                    ));
                }
            }
            Ok(seen)
        }
        let bmc_zones = unique("bmc.zones", self.bmc.zones.iter().map(|z| z.id.as_str()))?;
        let bmc_types = unique(
            "bmc.instance_types",
            self.bmc.instance_types.iter().map(|t| t.id.as_str()),
        )?;
        unique("bmc.images", self.bmc.images.iter().map(|i| i.id.as_str()))?;
        for image in &self.bmc.images {
            for t in &image.instance_types {
                if !bmc_types.contains(t.as_str()) {
                    return Err((
                        Some(format!("\"{t}\"")),
                        format!(
                            "bmc.images `{}`: instance_types names unknown type `{t}`",
                            image.id
                        ),
                    ));
                }
            }
        }
        let vm_zones = unique("vm.zones", self.vm.zones.iter().map(|z| z.id.as_str()))?;
        let vm_models = unique("vm.models", self.vm.models.iter().map(|m| m.id.as_str()))?;
        unique("vm.images", self.vm.images.iter().map(|i| i.id.as_str()))?;
        for model in &self.vm.models {
            if !model.id.contains('.') || model.series().is_empty() {
                return Err((
                    Some(format!("\"{}\"", model.id)),
                    format!(
                        "vm.models: id `{}` must be `<series>.<size>`, e.g. `c.1c2g`",
                        model.id
                    ),
                ));
            }
        }
        check_ranges(self)?;
        check_ip_offers(&self.bmc.ip_offers, &bmc_zones)?;
        check_offers("bmc.offers", &self.bmc.offers, &bmc_zones, &bmc_types)?;
        check_offers("vm.offers", &self.vm.offers, &vm_zones, &vm_models)?;
        check_disk_offers(&self.vm.disks, &vm_zones)
    }
}

/// Disk categories (D-162): known zones, one offer per zone and category, sizes in order.
fn check_disk_offers(
    offers: &[DiskOffer],
    zones: &HashSet<&str>,
) -> Result<(), (Option<String>, String)> {
    let mut pairs = HashSet::new();
    for (i, offer) in offers.iter().enumerate() {
        let at = |field: &str, message: String| {
            (
                Some(format!("category = \"{}\"", offer.category)),
                format!(
                    "vm.disks[{i}] (category `{}`): {field}: {message}",
                    offer.category
                ),
            )
        };
        if offer.category.is_empty() {
            return Err(at("category", "must not be empty".into()));
        }
        if offer.zones.is_empty() {
            return Err(at("zones", "must name at least one zone".into()));
        }
        for zone in &offer.zones {
            if !zones.contains(zone.as_str()) {
                return Err(at("zones", format!("names unknown zone `{zone}`")));
            }
            if !pairs.insert((zone.as_str(), offer.category.as_str())) {
                return Err(at(
                    "zones",
                    format!("zone `{zone}` already sells this category"),
                ));
            }
        }
        if offer.charge_types.is_empty() {
            return Err(at("charge_types", "must name at least one".into()));
        }
        if offer.min_size > offer.max_size {
            return Err(at(
                "min_size",
                format!("{} exceeds max_size {}", offer.min_size, offer.max_size),
            ));
        }
    }
    Ok(())
}

fn check_offers(
    what: &str,
    offers: &[Offer],
    zones: &HashSet<&str>,
    products: &HashSet<&str>,
) -> Result<(), (Option<String>, String)> {
    let mut pairs = HashSet::new();
    for (i, offer) in offers.iter().enumerate() {
        let at = |field: &str, message: String| {
            (
                Some(format!("product = \"{}\"", offer.product)),
                format!(
                    "{what}[{i}] (product `{}`): {field}: {message}",
                    offer.product
                ),
            )
        };
        if !products.contains(offer.product.as_str()) {
            return Err(at("product", "names no known product".into()));
        }
        if offer.zones.is_empty() {
            return Err(at("zones", "must name at least one zone".into()));
        }
        for zone in &offer.zones {
            if !zones.contains(zone.as_str()) {
                return Err(at("zones", format!("names unknown zone `{zone}`")));
            }
            if !pairs.insert((zone.as_str(), offer.product.as_str())) {
                return Err(at(
                    "zones",
                    format!("zone `{zone}` already has an offer for this product"),
                ));
            }
        }
        if offer.charge_types.is_empty() {
            return Err(at("charge_types", "must name at least one".into()));
        }
        if offer.internet_charge_types.is_empty() {
            return Err(at("internet_charge_types", "must name at least one".into()));
        }
        if offer.free_bandwidth > offer.max_bandwidth {
            return Err(at(
                "free_bandwidth",
                format!(
                    "{} exceeds max_bandwidth {}",
                    offer.free_bandwidth, offer.max_bandwidth
                ),
            ));
        }
        if offer.free_traffic_package > offer.max_traffic_package {
            return Err(at(
                "free_traffic_package",
                format!(
                    "{} exceeds max_traffic_package {}",
                    offer.free_traffic_package, offer.max_traffic_package
                ),
            ));
        }
    }
    Ok(())
}

/// A zone's ranges of one kind, for [`check_ranges`]: where they are written.
struct Ranges<'a> {
    section: &'static str,
    zone: &'a str,
    field: &'static str,
    ranges: &'a [IpNet],
}

/// The addresses of zones (D-140, D-232, D-233). No public address is in two zones nor
/// twice in one: elastic IPs and IP blocks (`public_ranges`, bmc) and instances' own
/// addresses (`instance_ranges`, bmc and vm) of every zone are apart. Each zone of either
/// service has IPv4 `instance_ranges` and `private_ranges`; a zone's private ranges do not
/// overlap one another, but two zones may use the same: each zone is a network of its own.
fn check_ranges(catalog: &Catalog) -> Result<(), (Option<String>, String)> {
    let mut zones: Vec<Ranges<'_>> = Vec::new();
    for z in &catalog.bmc.zones {
        for (field, ranges) in [
            ("public_ranges", &z.public_ranges),
            ("instance_ranges", &z.instance_ranges),
            ("private_ranges", &z.private_ranges),
        ] {
            zones.push(Ranges {
                section: "bmc.zones",
                zone: &z.id,
                field,
                ranges,
            });
        }
    }
    for z in &catalog.vm.zones {
        for (field, ranges) in [
            ("instance_ranges", &z.instance_ranges),
            ("private_ranges", &z.private_ranges),
        ] {
            zones.push(Ranges {
                section: "vm.zones",
                zone: &z.id,
                field,
                ranges,
            });
        }
    }
    for r in zones.iter().filter(|r| r.field != "public_ranges") {
        if r.ranges.is_empty() {
            return Err((
                Some(format!("\"{}\"", r.zone)),
                format!(
                    "{} `{}`: {}: must hold at least one range",
                    r.section, r.zone, r.field
                ),
            ));
        }
        if let Some(v6) = r
            .ranges
            .iter()
            .find(|n| ipam::Family::of(n) == ipam::Family::V6)
        {
            return Err((
                Some(format!("\"{v6}\"")),
                format!("{} `{}`: {}: {v6} is not IPv4", r.section, r.zone, r.field),
            ));
        }
    }
    // Each pair of ranges that must be apart: public ones of any zones, private ones of
    // one zone.
    let listed: Vec<(&Ranges<'_>, &IpNet)> = zones
        .iter()
        .flat_map(|r| r.ranges.iter().map(move |n| (r, n)))
        .collect();
    for (i, (first, range)) in listed.iter().enumerate() {
        let apart = |second: &Ranges<'_>| {
            let private = |r: &Ranges<'_>| r.field == "private_ranges";
            match (private(first), private(second)) {
                (false, false) => true,
                (true, true) => first.section == second.section && first.zone == second.zone,
                _ => false,
            }
        };
        if let Some((other, taken)) = listed[i + 1..]
            .iter()
            .find(|(r, n)| apart(r) && ipam::overlaps(range, n))
        {
            return Err((
                Some(format!("\"{taken}\"")),
                format!(
                    "{} `{}`: {}: {taken} overlaps {range}, {} of zone `{}`",
                    other.section, other.zone, other.field, first.field, first.zone
                ),
            ));
        }
    }
    Ok(())
}

/// Elastic IPs and IP blocks (D-143): known zones, at most one offer of a product per
/// zone, and netmasks of its family.
fn check_ip_offers(
    offers: &[IpOffer],
    zones: &HashSet<&str>,
) -> Result<(), (Option<String>, String)> {
    let mut pairs = HashSet::new();
    for (i, offer) in offers.iter().enumerate() {
        let at = |message: String| (None, format!("bmc.ip_offers[{i}]: {message}"));
        for zone in &offer.zones {
            if !zones.contains(zone.as_str()) {
                return Err((
                    Some(format!("\"{zone}\"")),
                    format!("bmc.ip_offers[{i}]: zones names unknown zone `{zone}`"),
                ));
            }
            if !pairs.insert((zone.as_str(), offer.product)) {
                return Err(at(format!(
                    "zone `{zone}` already sells {}",
                    offer.product.plural()
                )));
            }
        }
        if offer.charge_types.is_empty() {
            return Err(at("charge_types must name at least one".into()));
        }
        let widest = offer.product.family().max_prefix();
        if offer.netmasks.is_empty() || offer.netmasks.iter().any(|m| *m == 0 || *m > widest) {
            return Err(at(format!("netmasks must be 1 to {widest}, at least one")));
        }
    }
    Ok(())
}

/// The key a `key = value` line sets, to name the field of a value error.
fn key_on_line(text: &str, line: usize) -> Option<&str> {
    let (key, _) = text.lines().nth(line - 1)?.split_once('=')?;
    let key = key.trim();
    (!key.is_empty() && !key.starts_with('[') && !key.starts_with('#')).then_some(key)
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())]
        .bytes()
        .filter(|&b| b == b'\n')
        .count()
        + 1
}

/// A number or a string holding one, read exactly.
#[derive(Deserialize)]
#[serde(untagged)]
enum NumberText {
    Int(i64),
    Float(f64),
    Text(String),
}

fn decimal<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    use serde::de::Error;
    let value = match NumberText::deserialize(d)? {
        NumberText::Int(i) => Some(Decimal::from(i)),
        NumberText::Float(f) => crate::money::from_f64(f),
        NumberText::Text(s) => crate::money::parse_amount(&s),
    };
    value.ok_or_else(|| D::Error::custom("expected a decimal number, e.g. 12.50 or \"12.50\""))
}

pub(super) fn amount<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    use serde::de::Error;
    let value = decimal(d)?;
    if value.is_sign_negative() {
        return Err(D::Error::custom(format!("{value} is negative")));
    }
    if value.scale() > 4 && value.normalize().scale() > 4 {
        return Err(D::Error::custom(format!(
            "{value} has more than 4 decimal places"
        )));
    }
    // Kept as written: "199.00" stays 199.00 in GET /_zenlocal/catalog.
    Ok(value)
}

pub(super) fn traffic_package<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    use serde::de::Error;
    let value = decimal(d)?;
    if value.is_sign_negative() {
        return Err(D::Error::custom(format!("{value} is negative")));
    }
    if !(value * Decimal::from(20)).fract().is_zero() {
        return Err(D::Error::custom(format!(
            "{value} TB is not a multiple of 0.05"
        )));
    }
    Ok(value.normalize())
}

/// CIDR blocks, each written with its network address (D-140).
pub(super) fn cidrs<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<IpNet>, D::Error> {
    use serde::de::Error;
    Vec::<String>::deserialize(d)?
        .iter()
        .map(|text| ipam::parse_cidr(text).map_err(D::Error::custom))
        .collect()
}

pub(super) fn non_negative<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    use serde::de::Error;
    let value = i64::deserialize(d)?;
    if value < 0 {
        return Err(D::Error::custom(format!("{value} is negative")));
    }
    Ok(value)
}

pub(super) fn positive<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    use serde::de::Error;
    let value = i64::deserialize(d)?;
    if value <= 0 {
        return Err(D::Error::custom(format!("{value} must be at least 1")));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;
    use zenlocal_wire::Service;

    fn err(text: &str) -> CatalogError {
        Catalog::from_toml(text, "my.toml").unwrap_err()
    }

    #[test]
    fn a_bad_value_names_file_line_and_field() {
        let text = DEFAULT_TOML.replacen("monthly_price = \"", "monthly_price = \"-", 1);
        let e = err(&text);
        assert_eq!(e.source_name, "my.toml");
        let line = text
            .lines()
            .position(|l| l.contains("monthly_price = \"-"))
            .unwrap()
            + 1;
        assert_eq!(e.line, Some(line));
        assert!(
            e.to_string().starts_with(&format!("my.toml:{line}: ")),
            "{e}"
        );
        assert!(e.message.contains("negative"), "{e}");
        assert!(e.message.contains("`monthly_price`"), "{e}");
    }

    /// D-162: disk categories name known zones, once per zone, with sizes in order.
    #[test]
    fn disk_categories_are_checked_as_a_whole() {
        let twice = DEFAULT_TOML.replacen(
            "zones = [\"na-west-1a\"]\ncategory = \"STANDARD\"",
            "zones = [\"asia-east-1a\"]\ncategory = \"STANDARD\"",
            1,
        );
        let e = err(&twice);
        assert!(e.message.contains("already sells this category"), "{e}");
        assert!(e.message.contains("vm.disks"), "{e}");
        let unknown = DEFAULT_TOML.replacen("zones = [\"na-west-1a\"]", "zones = [\"mars-1a\"]", 1);
        assert!(err(&unknown).message.contains("unknown zone `mars-1a`"));
        let inverted = DEFAULT_TOML.replacen("max_size = 4096", "max_size = 10", 1);
        let e = err(&inverted);
        assert!(e.message.contains("min_size"), "{e}");
        assert!(e.line.is_some(), "{e}");
        let c = Catalog::builtin();
        assert_eq!(c.disk_offers("na-west-1a").count(), 1);
        assert_eq!(
            c.disk_offer("asia-east-1a", "SSD").map(|o| o.max_size),
            Some(4096)
        );
        assert!(c.disk_offer("asia-east-2a", "SSD").is_none());
    }

    #[test]
    fn a_missing_field_is_named() {
        let text = DEFAULT_TOML.replacen("stock = 1000\n", "", 1);
        let e = err(&text);
        assert!(e.message.contains("stock"), "{e}");
        assert!(e.line.is_some());
    }

    #[test]
    fn an_unknown_zone_in_an_offer_is_named_with_its_line() {
        let text = DEFAULT_TOML.replacen("zones = [\"", "zones = [\"NOWHERE-1\", \"", 1);
        let e = err(&text);
        assert!(e.message.contains("NOWHERE-1"), "{e}");
        assert!(e.line.is_some(), "{e}");
    }

    #[test]
    fn traffic_packages_are_on_the_grid() {
        let text = DEFAULT_TOML.replacen(
            "free_traffic_package = \"1\"",
            "free_traffic_package = \"1.03\"",
            1,
        );
        assert!(err(&text).message.contains("0.05"));
    }

    /// D-140: public ranges are CIDR blocks of network addresses, and no two zones share
    /// an address.
    #[test]
    fn public_ranges_are_cidr_blocks_of_one_zone_each() {
        let text = DEFAULT_TOML.replacen("\"198.51.100.0/25\"", "\"198.51.100.1/25\"", 1);
        assert!(err(&text).message.contains("host bits"), "{}", err(&text));
        let text = DEFAULT_TOML.replacen("\"203.0.113.0/25\"", "\"198.51.100.64/26\"", 1);
        let e = err(&text);
        assert!(e.message.contains("overlaps 198.51.100.0/25"), "{e}");
        assert!(e.line.is_some(), "{e}");
        let c = Catalog::builtin();
        let pool = c.public_pool("SEL-A").unwrap();
        assert_eq!(pool.ranges.len(), 2);
        assert_eq!(c.public_pool("NOWHERE"), None);
    }

    /// D-232, D-233: every zone of either service has IPv4 instance and private ranges;
    /// instance ranges are apart from every zone's public and instance ranges, while two
    /// zones may share private ranges (each zone is a network of its own), one zone not.
    #[test]
    fn instance_and_private_ranges_are_checked() {
        let c = Catalog::builtin();
        // Pool 0 the instance ranges, 1 the private ones.
        let ring = |service, zone, pool: usize| {
            c.instance_pools(service, zone)
                .map_or_else(ipam::Ring::default, |p| ipam::Ring::hosts([p.0, p.1][pool]))
        };
        assert_eq!(ring(Service::Bmc, "SEL-A", 0).len(), 16_382);
        assert_eq!(ring(Service::Vm, "asia-east-1a", 1).len(), 65_534);
        assert!(ring(Service::Vm, "SEL-A", 0).is_empty());
        let cases = [
            // An instance range overlapping another zone's, of the other service.
            (
                ("\"198.19.0.0/18\"", "\"198.18.0.0/24\""),
                "vm.zones `asia-east-1a`: instance_ranges: 198.18.0.0/24 overlaps 198.18.0.0/18, instance_ranges of zone `SEL-A`",
            ),
            // An instance range overlapping a zone's elastic IPs.
            (
                ("\"198.18.64.0/18\"", "\"198.51.100.0/26\""),
                "bmc.zones `FRA-A`: instance_ranges: 198.51.100.0/26 overlaps 198.51.100.0/25, public_ranges of zone `SEL-A`",
            ),
            (
                ("\"198.18.0.0/18\"", "\"2001:db8:9::/64\""),
                "bmc.zones `SEL-A`: instance_ranges: 2001:db8:9::/64 is not IPv4",
            ),
            (
                ("private_ranges = [\"10.1.0.0/16\"]", "private_ranges = []"),
                "bmc.zones `SEL-A`: private_ranges: must hold at least one range",
            ),
            (
                ("\"10.1.0.0/16\"", "\"10.1.0.0/16\", \"10.1.128.0/17\""),
                "bmc.zones `SEL-A`: private_ranges: 10.1.128.0/17 overlaps 10.1.0.0/16, private_ranges of zone `SEL-A`",
            ),
        ];
        for ((from, to), message) in cases {
            let e = err(&DEFAULT_TOML.replacen(from, to, 1));
            assert_eq!(e.message, message);
            assert!(e.line.is_some(), "{e}");
        }
        let shared = DEFAULT_TOML.replacen("\"10.2.0.0/16\"", "\"10.1.0.0/16\"", 1);
        assert!(Catalog::from_toml(&shared, "x").is_ok());
        let missing = DEFAULT_TOML.replacen("instance_ranges = [\"198.18.0.0/18\"]\n", "", 1);
        assert!(
            err(&missing).message.contains("instance_ranges"),
            "{}",
            err(&missing)
        );
    }

    #[test]
    fn syntax_errors_carry_a_line() {
        let e = err("[bmc\nzones = 1");
        assert_eq!(e.line, Some(1));
    }

    #[test]
    fn prices_are_read_exactly_as_strings_or_numbers() {
        let text = DEFAULT_TOML.replacen(
            "bandwidth_price_hourly = \"0.0035\"",
            "bandwidth_price_hourly = 0.0035",
            1,
        );
        let c = Catalog::from_toml(&text, "x").unwrap();
        assert_eq!(
            c.bmc.offers[0].bandwidth_price_hourly,
            Decimal::from_str("0.0035").unwrap()
        );
        let text = DEFAULT_TOML.replacen(
            "bandwidth_price_hourly = \"0.0035\"",
            "bandwidth_price_hourly = \"0.00351\"",
            1,
        );
        assert!(err(&text).message.contains("4 decimal places"));
    }
}
