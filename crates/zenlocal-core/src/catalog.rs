//! The catalog (D-9): zones, bmc instance types, vm models, images, and per-zone offers
//! with their prices, free and maximum amounts, and stock.
//!
//! It is written in TOML. A built-in default ships with the binary; `--catalog FILE`
//! replaces it. Every value is checked while it is read, so an error names the file,
//! the line and the field.

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::HashSet;
use std::fmt;
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
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VmCatalog {
    pub zones: Vec<VmZone>,
    pub models: Vec<VmModel>,
    pub images: Vec<VmImage>,
    pub offers: Vec<Offer>,
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

impl Offer {
    pub fn sells(&self, charge: ChargeType) -> bool {
        self.charge_types.contains(&charge)
    }
}

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
        check_offers("bmc.offers", &self.bmc.offers, &bmc_zones, &bmc_types)?;
        check_offers("vm.offers", &self.vm.offers, &vm_zones, &vm_models)
    }

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

    pub fn bmc_instance_type(&self, id: &str) -> Option<&BmcInstanceType> {
        self.bmc.instance_types.iter().find(|t| t.id == id)
    }

    pub fn vm_zone(&self, id: &str) -> Option<&VmZone> {
        self.vm.zones.iter().find(|z| z.id == id)
    }

    pub fn vm_model(&self, id: &str) -> Option<&VmModel> {
        self.vm.models.iter().find(|m| m.id == id)
    }
}

fn find_offer<'a>(offers: &'a [Offer], zone: &str, product: &str) -> Option<&'a Offer> {
    offers
        .iter()
        .find(|o| o.product == product && o.zones.iter().any(|z| z == zone))
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

fn amount<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
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

fn traffic_package<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
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

fn non_negative<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    use serde::de::Error;
    let value = i64::deserialize(d)?;
    if value < 0 {
        return Err(D::Error::custom(format!("{value} is negative")));
    }
    Ok(value)
}

fn positive<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
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
