//! What the unit tests of the rules share: exact decimals, an account, identifiers drawn
//! in sequence, and instances bought through the same rules as CreateInstances.

use crate::account::Account;
use crate::catalog::Catalog;
use crate::instance::addresses::{self, Pool};
use crate::instance::{self, CreateFields};
use crate::ipam;
use crate::model::{Changes, Ids, Instance, Item, Target, Timings};
use crate::plan::{self, Asked};
use crate::time::MONTH_SECONDS;
use crate::{ApiError, Timestamp};
use rust_decimal::Decimal;
use std::str::FromStr;
use std::sync::LazyLock;
use zenlocal_wire::Service;

/// 2026-01-01T00:00:00Z: where the tests' instances are bought.
pub const T0: Timestamp = Timestamp(1_767_225_600);
/// The end of the first monthly cycle of an instance bought at [`T0`].
pub const CYCLE_END: Timestamp = Timestamp(T0.0 + MONTH_SECONDS);

pub fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

pub fn catalog() -> &'static Catalog {
    static CATALOG: LazyLock<Catalog> = LazyLock::new(Catalog::builtin);
    &CATALOG
}

pub fn account(balance: &str, discount: i64) -> Account {
    Account {
        id: "412345678901".into(),
        name: "test".into(),
        balance: d(balance),
        discount: Decimal::from(discount),
        created_at: Timestamp(0),
    }
}

/// Instance ids and order numbers counting up from 1.
#[derive(Default)]
pub struct SeqIds(pub u64);

impl Ids for SeqIds {
    fn instance_id(&mut self) -> String {
        self.0 += 1;
        format!("{:019}", 1_000_000_000_000_000_000 + self.0)
    }

    fn order_number(&mut self) -> String {
        self.0 += 1;
        format!("{:016}", 2_000_000_000_000_000 + self.0)
    }

    fn disk_id(&mut self) -> String {
        self.0 += 1;
        format!("{:018}", 300_000_000_000_000_000 + self.0)
    }
}

/// Timings with provisioning done at once, so a bought instance is RUNNING.
pub fn timings() -> Timings {
    Timings {
        provisioning: 0,
        ..Timings::default()
    }
}

/// What to buy: bmc `M6C` or vm `c.2c4g` in a zone selling both charge types and both
/// internet charge types.
pub fn fields(
    service: Service,
    charge_type: &'static str,
    internet: &'static str,
) -> CreateFields<'static> {
    let (zone_id, product, image_id) = match service {
        Service::Bmc => ("SEL-A", "M6C", "img-ubuntu-2204"),
        Service::Vm | Service::Zbc => ("asia-east-1a", "c.2c4g", "ubuntu_22_04_x64"),
    };
    CreateFields {
        zone_id,
        product,
        image_id: Some(image_id),
        password: Some("Passw0rd-x"),
        charge_type,
        period: Some(1),
        internet_charge_type: internet,
        bandwidth: Some(20),
        traffic_package: (internet == "ByTrafficPackage").then_some(3.0),
        creating: true,
        ..Default::default()
    }
}

/// One instance bought at [`T0`] through CreateInstances' rules, RUNNING, and the account
/// after paying for it.
pub fn buy(service: Service, f: &CreateFields<'_>, payer: &Account) -> (Instance, Account) {
    let (changes, _) = buy_changes(service, f, payer);
    let paid = changes
        .accounts
        .last()
        .cloned()
        .unwrap_or_else(|| payer.clone());
    (changes.instances[0].clone(), paid)
}

/// What buying one instance at [`T0`] writes.
pub fn buy_changes(
    service: Service,
    f: &CreateFields<'_>,
    payer: &Account,
) -> (Changes, Vec<String>) {
    let spec = instance::create_spec(catalog(), service, f).unwrap();
    let (mut changes, created) = instance::create(
        catalog(),
        payer,
        &spec,
        1000,
        timings(),
        &mut SeqIds::default(),
        T0,
    )
    .unwrap();
    // The first addresses of the zone's pools, as a new store hands them out (D-232).
    for pool in [Pool::Public, Pool::Private] {
        let ring = pool.ring(catalog(), service, &spec.zone_id);
        let count = changes.instances.len();
        let drawn = ipam::next_fit(&ring, 0, count, |_| Ok::<_, ()>(Vec::new()))
            .unwrap()
            .unwrap();
        addresses::give(&mut changes, pool, drawn.addresses);
    }
    (changes, created.instance_ids)
}

/// A plan-change action of `service` on `item`, by its usual name.
pub fn asked(service: Service, item: Item) -> Asked {
    Asked {
        service,
        item,
        alias: false,
    }
}

/// The Modify of `item` to `target` at `now`, with the default timings (5 s processing).
pub fn modify(
    instance: &Instance,
    payer: &Account,
    target: Target,
    now: Timestamp,
) -> Result<(Changes, Option<String>), ApiError> {
    plan::modify(
        catalog(),
        instance.clone(),
        Some(payer),
        asked(instance.service, target.item()),
        target,
        Timings::default(),
        &mut SeqIds(100),
        now,
    )
}

/// An instance with a PREPAID downgrade of its bandwidth from 20 to `to` Mbps scheduled
/// for its cycle end (D-13), and the account that holds it.
pub fn with_downgrade(service: Service, to: i64) -> (Instance, Account) {
    let (bought, payer) = buy(
        service,
        &fields(service, "PREPAID", "ByBandwidth"),
        &account("1000.00", 100),
    );
    let (changes, _) = modify(&bought, &payer, Target::Bandwidth(to), T0.plus(3600)).unwrap();
    (changes.instances[0].clone(), payer)
}
