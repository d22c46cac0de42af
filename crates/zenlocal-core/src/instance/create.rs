//! CreateInstances (D-20, D-22): stock is taken, PREPAID is charged one period up front
//! with one order (a line per instance) and one ledger entry, and provisioning and the
//! subscription's first event are scheduled.

use super::spec::CreateSpec;
use crate::account::Account;
use crate::billing;
use crate::catalog::{Catalog, ChargeType, Offer};
use crate::model::{
    Changes, EventKind, Ids, Instance, InstanceStatus, Order, OrderKind, ResourceRef, StockDelta,
    Timings,
};
use crate::{codes, price, ApiError, Timestamp};
use rust_decimal::Decimal;
use zenlocal_wire::Service;

/// What a PREPAID purchase of `spec` costs the account, split as InquiryPrice shows it:
/// the network share is the rounded total less the rounded model share, so the parts add
/// up to exactly the charge (D-22). Answers (list, paid).
pub fn purchase_price(
    offer: &Offer,
    spec: &CreateSpec,
    discount: Decimal,
) -> (price::Split, price::Split) {
    let months = Decimal::from(spec.period.unwrap_or(1) * spec.count);
    let list = price::monthly(offer, spec.plan).times(months);
    let total = price::charge(list.total(), discount);
    let model = price::charge(list.model, discount);
    (
        list,
        price::Split {
            model,
            network: total - model,
        },
    )
}

/// The answer of CreateInstances.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    pub instance_ids: Vec<String>,
    pub order_number: String,
    /// A `provisioningFails` fault was used up: the instances will end CREATE_FAILED
    /// (D-199).
    pub provisioning_fails: bool,
}

/// Creates `spec.count` instances. `stock_left` is what remains of the offer.
pub fn create(
    catalog: &Catalog,
    account: &Account,
    spec: &CreateSpec,
    stock_left: i64,
    timings: Timings,
    ids: &mut dyn Ids,
    now: Timestamp,
) -> Result<(Changes, Created), ApiError> {
    let offer = catalog
        .offer(spec.service, &spec.zone_id, &spec.product)
        .ok_or_else(|| {
            ApiError::new(
                codes::INVALID_INSTANCE_TYPE_ZONE_NO_SELL,
                format!("`{}` is not sold in zone `{}`", spec.product, spec.zone_id),
            )
        })?;
    if stock_left < spec.count {
        return Err(ApiError::new(
            codes::RESOURCE_INSUFFICIENT_PRODUCT_SOLD_OUT,
            format!(
                "only {} of `{}` left in zone `{}`",
                stock_left.max(0),
                spec.product,
                spec.zone_id
            ),
        ));
    }
    let total = match spec.charge {
        ChargeType::Prepaid => purchase_price(offer, spec, account.discount).1.total(),
        ChargeType::Postpaid => Decimal::ZERO,
    };
    billing::check_balance(account, total, "purchase")?;
    let order_number = ids.order_number();
    let mut changes = Changes::default();
    let subscription = billing::subscribe(spec.charge, spec.period, now);
    let share = price::charge(total / Decimal::from(spec.count), Decimal::ONE_HUNDRED);
    let mut lines = Vec::with_capacity(spec.count as usize);
    let mut instance_ids = Vec::with_capacity(spec.count as usize);
    for n in 0..spec.count {
        let id = ids.instance_id();
        let instance = Instance {
            id: id.clone(),
            account_id: account.id.clone(),
            service: spec.service,
            zone_id: spec.zone_id.clone(),
            product: spec.product.clone(),
            name: spec.name.clone(),
            hostname: spec.hostname.clone(),
            image_id: spec.image_id.clone(),
            ipxe_url: spec.ipxe_url.clone(),
            key_id: spec.key_id.clone(),
            resource_group_id: Some(
                spec.resource_group_id
                    .clone()
                    .unwrap_or_else(|| crate::resource_group::default_id(&account.id)),
            ),
            billing: subscription.clone(),
            internet: spec.plan.internet,
            bandwidth: spec.plan.bandwidth,
            traffic_package: spec.plan.package,
            status: InstanceStatus::Pending,
            created_at: now,
            // Its own addresses come from the zone's pools, drawn by the store once the
            // purchase is decided (D-232, D-233; `addresses::give`).
            private_ip: String::new(),
            public_ip: String::new(),
            subnet_id: spec.subnet_id.clone(),
            security_group_ids: spec.security_group_id.iter().cloned().collect(),
            tags: spec.tags.clone(),
            pending: Vec::new(),
            setup: spec.setup.clone(),
            ipmi_enabled: spec.service == Service::Bmc && spec.password_set,
            traffic: Default::default(),
        };
        // The last line takes the rounding remainder, so the lines add up to the charge.
        let amount = if n + 1 == spec.count {
            total - share * Decimal::from(spec.count - 1)
        } else {
            share
        };
        lines.push(Order {
            to: Some(spec.product.clone()),
            amount,
            ..Order::new(
                &order_number,
                &account.id,
                ResourceRef::instance(&id),
                OrderKind::Create,
                now,
            )
        });
        schedule_provisioning(&mut changes, instance, timings, now);
        instance_ids.push(id);
    }
    for id in &instance_ids {
        changes.events.push(billing::first_event(
            &account.id,
            ResourceRef::instance(id),
            &subscription,
            now,
        ));
    }
    if total > Decimal::ZERO {
        let description = format!(
            "create {} x {} {} ({} month(s))",
            spec.count,
            spec.service.name(),
            spec.product,
            spec.period.unwrap_or(0)
        );
        billing::charge(&mut changes, account, lines, &description, now);
    } else {
        changes.orders.extend(lines);
    }
    changes.stock.push(StockDelta {
        service: spec.service,
        zone_id: spec.zone_id.clone(),
        product: spec.product.clone(),
        delta: spec.count,
    });
    Ok((
        changes,
        Created {
            instance_ids,
            order_number,
            provisioning_fails: false,
        },
    ))
}

/// The steps of provisioning (D-20): PENDING, then CREATING, for bmc INSTALLING, then
/// RUNNING after the provisioning time; with no provisioning time RUNNING at once.
fn schedule_provisioning(
    changes: &mut Changes,
    mut instance: Instance,
    timings: Timings,
    now: Timestamp,
) {
    let p = timings.provisioning;
    if p <= 0 {
        instance.status = InstanceStatus::Running;
        changes.instances.push(instance);
        return;
    }
    let mut steps = vec![(p / 5, InstanceStatus::Creating)];
    if instance.service == Service::Bmc {
        steps.push((p / 2, InstanceStatus::Installing));
    }
    steps.push((p, InstanceStatus::Running));
    let mut last = 0;
    for (offset, status) in steps {
        if offset > last || status == InstanceStatus::Running {
            changes.events.push((
                now.plus(offset),
                EventKind::Provision {
                    account_id: instance.account_id.clone(),
                    resource: ResourceRef::instance(&instance.id),
                    status,
                },
            ));
            last = offset;
        }
    }
    changes.instances.push(instance);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::TransactionType;
    use crate::instance::{create_spec, CreateFields};
    use crate::model::OrderStatus;
    use crate::testing::{account, catalog, d, fields, timings, SeqIds, CYCLE_END, T0};

    fn spec(service: Service, f: CreateFields<'_>) -> CreateSpec {
        create_spec(catalog(), service, &f).unwrap()
    }

    fn bought(
        payer: &Account,
        spec: &CreateSpec,
        timings: Timings,
    ) -> Result<(Changes, Created), ApiError> {
        create(
            catalog(),
            payer,
            spec,
            1000,
            timings,
            &mut SeqIds::default(),
            T0,
        )
    }

    /// D-22: PREPAID pays one period up front: one ledger entry, and one order with a line
    /// per instance whose amounts add up to it (the last takes the rounding remainder);
    /// each instance renews itself and waits for its cycle end (D-23).
    #[test]
    fn prepaid_pays_one_period_up_front_in_one_order() {
        let three = spec(
            Service::Vm,
            CreateFields {
                count: Some(3),
                ..fields(Service::Vm, "PREPAID", "ByBandwidth")
            },
        );
        // 3 x (24.00 + 18 Mbps x 3.00) = 234.00, at 66.67 % = 156.0078.
        let payer = Account {
            discount: d("66.67"),
            ..account("1000.00", 100)
        };
        let (changes, created) = bought(&payer, &three, timings()).unwrap();
        assert_eq!(created.instance_ids.len(), 3);
        let entry = &changes.ledger[0];
        assert_eq!(changes.ledger.len(), 1);
        assert_eq!(
            (entry.kind, entry.amount, entry.order_number.as_ref()),
            (
                TransactionType::Consume,
                d("156.01"),
                Some(&created.order_number)
            )
        );
        let lines: Vec<Decimal> = changes.orders.iter().map(|o| o.amount).collect();
        assert_eq!(lines, [d("52.00"), d("52.00"), d("52.01")]);
        assert!(changes
            .orders
            .iter()
            .all(|o| o.number == created.order_number && o.status == OrderStatus::Paid));
        let offer = catalog().vm_offer("asia-east-1a", "c.2c4g").unwrap();
        let (_, paid) = purchase_price(offer, &three, payer.discount);
        assert_eq!((paid.model, paid.total()), (d("48.00"), d("156.01")));
        for i in &changes.instances {
            assert_eq!(i.status, InstanceStatus::Running);
            assert_eq!(
                (i.billing.expires_at, i.billing.auto_renew),
                (Some(CYCLE_END), true)
            );
        }
        assert!(changes
            .events
            .iter()
            .all(|(due, kind)| *due == CYCLE_END && matches!(kind, EventKind::CycleEnd { .. })));
        assert_eq!(changes.stock[0].delta, 3);
    }

    /// D-22: POSTPAID pays nothing up front (its order lines are free) and waits for its
    /// first settlement at the next UTC midnight (D-24).
    #[test]
    fn postpaid_pays_nothing_up_front() {
        let postpaid = spec(
            Service::Bmc,
            fields(Service::Bmc, "POSTPAID", "ByBandwidth"),
        );
        let (changes, _) = bought(&account("0.00", 100), &postpaid, timings()).unwrap();
        assert!(changes.ledger.is_empty() && changes.accounts.is_empty());
        assert_eq!(changes.orders[0].amount, Decimal::ZERO);
        assert_eq!(changes.events[0].0, T0.plus(86_400));
        assert!(!changes.instances[0].billing.auto_renew);
    }

    /// D-22: a balance that cannot pay creates nothing; nor does an offer sold out (D-9).
    #[test]
    fn a_purchase_the_balance_or_the_stock_cannot_cover_is_refused() {
        let prepaid = spec(Service::Bmc, fields(Service::Bmc, "PREPAID", "ByBandwidth"));
        let e = bought(&account("218.99", 100), &prepaid, timings()).unwrap_err();
        assert_eq!(
            (e.code, e.code.status),
            (codes::OPERATION_DENIED_INSUFFICIENT_BALANCE, 403)
        );
        let payer = account("1000.00", 100);
        let e = create(
            catalog(),
            &payer,
            &prepaid,
            0,
            timings(),
            &mut SeqIds::default(),
            T0,
        )
        .unwrap_err();
        assert_eq!(e.code, codes::RESOURCE_INSUFFICIENT_PRODUCT_SOLD_OUT);
    }

    /// D-20: PENDING, then CREATING, for bmc INSTALLING, then RUNNING after the
    /// provisioning time.
    #[test]
    fn provisioning_goes_through_its_steps() {
        let payer = account("1000.00", 100);
        for (service, steps) in [
            (
                Service::Bmc,
                vec![
                    (2, InstanceStatus::Creating),
                    (5, InstanceStatus::Installing),
                    (10, InstanceStatus::Running),
                ],
            ),
            (
                Service::Vm,
                vec![(2, InstanceStatus::Creating), (10, InstanceStatus::Running)],
            ),
        ] {
            let s = spec(service, fields(service, "POSTPAID", "ByBandwidth"));
            let (changes, _) = bought(&payer, &s, Timings::default()).unwrap();
            assert_eq!(changes.instances[0].status, InstanceStatus::Pending);
            let provisioning: Vec<(i64, InstanceStatus)> = changes
                .events
                .iter()
                .filter_map(|(due, kind)| match kind {
                    EventKind::Provision { status, .. } => Some((due.0 - T0.0, *status)),
                    _ => None,
                })
                .collect();
            assert_eq!(provisioning, steps, "{service:?}");
        }
    }
}
