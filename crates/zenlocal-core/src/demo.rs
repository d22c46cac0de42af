//! The demo account (D-30), read from `catalog/demo.toml`: its credentials, its opening
//! deposit, and the instances it owns, each given as the fields of a CreateInstances
//! request so that it is bought through the same rules.

use crate::account::AccountSpec;
use crate::catalog::Catalog;
use crate::instance::{self, CreateFields, CreateSpec};
use crate::ApiError;
use rust_decimal::Decimal;
use serde::Deserialize;
use std::sync::LazyLock;
use zenlocal_wire::Service;

/// The demo fixture compiled into the binary.
pub const DEMO_TOML: &str = include_str!("catalog/demo.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Demo {
    pub account: DemoAccount,
    pub instances: Vec<DemoInstance>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoAccount {
    pub name: String,
    pub access_key_id: String,
    pub access_key_password: String,
    pub token: String,
    /// The opening deposit.
    pub balance: Decimal,
}

/// One instance, as the fields of its CreateInstances request.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoInstance {
    pub service: Service,
    pub zone_id: String,
    /// The bmc instance type or the vm model.
    pub product: String,
    pub image_id: String,
    pub name: String,
    pub password: String,
    pub charge_type: String,
    pub period: Option<i64>,
    pub internet_charge_type: String,
    pub bandwidth: i64,
    pub traffic_package: Option<f64>,
}

impl Demo {
    /// The built-in demo fixture.
    pub fn builtin() -> &'static Demo {
        static DEMO: LazyLock<Demo> = LazyLock::new(|| {
            toml::from_str(DEMO_TOML).expect("the built-in demo fixture is valid")
        });
        &DEMO
    }

    /// The account to open, checked as the control plane checks one.
    pub fn account_spec(&self) -> Result<AccountSpec, ApiError> {
        AccountSpec::new(&self.account.name, self.account.balance, None)
    }

    /// The instances to buy, checked against `catalog` as CreateInstances checks them.
    pub fn instance_specs(&self, catalog: &Catalog) -> Result<Vec<CreateSpec>, ApiError> {
        self.instances
            .iter()
            .map(|i| instance::create_spec(catalog, i.service, &i.fields()))
            .collect()
    }
}

impl DemoInstance {
    fn fields(&self) -> CreateFields<'_> {
        CreateFields {
            zone_id: &self.zone_id,
            product: &self.product,
            image_id: Some(&self.image_id),
            name: Some(&self.name),
            password: Some(&self.password),
            charge_type: &self.charge_type,
            period: self.period,
            internet_charge_type: &self.internet_charge_type,
            bandwidth: Some(self.bandwidth),
            traffic_package: self.traffic_package,
            creating: true,
            ..Default::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{ChargeType, InternetChargeType};
    use std::collections::HashSet;

    /// D-30: the demo account's credentials and opening deposit, and instances covering
    /// bmc and vm x PREPAID and POSTPAID x ByBandwidth and ByTrafficPackage, each bought
    /// as CreateInstances would buy it from the built-in catalog.
    #[test]
    fn the_demo_fixture_covers_every_combination_and_is_valid() {
        let demo = Demo::builtin();
        assert_eq!(demo.account.access_key_id, "zenlocal-demo");
        assert_eq!(demo.account.access_key_password, "zenlocal-demo-secret");
        assert_eq!(demo.account.token, "zenlocal-demo-token");
        let spec = demo.account_spec().unwrap();
        assert_eq!(spec.name, "demo");
        assert_eq!(spec.balance.to_string(), "10000.00");
        let specs = demo.instance_specs(&Catalog::builtin()).unwrap();
        let combinations: HashSet<(Service, ChargeType, InternetChargeType)> = specs
            .iter()
            .map(|s| (s.service, s.charge, s.plan.internet))
            .collect();
        assert_eq!(combinations.len(), 8);
        assert_eq!(specs.len(), 8);
    }
}
