//! An instance on the billing path: its plan prices it (D-10), its plan changes are what
//! a cycle end applies or cancels (D-13, D-23), RECYCLE is its status in the bin (D-25).

use crate::billing::{Billable, Metered};
use crate::catalog::Catalog;
use crate::model::{Changes, Instance, InstanceStatus, OrderKind, ResourceRef, Subscription};
use crate::{plan, price, traffic, Timestamp};
use rust_decimal::Decimal;

impl Billable for Instance {
    fn resource(&self) -> ResourceRef {
        ResourceRef::instance(&self.id)
    }

    fn account_id(&self) -> &str {
        &self.account_id
    }

    fn subscription(&self) -> &Subscription {
        &self.billing
    }

    fn subscription_mut(&mut self) -> &mut Subscription {
        &mut self.billing
    }

    fn started_at(&self) -> Timestamp {
        self.created_at
    }

    fn label(&self) -> String {
        format!("{} {}", self.service.name(), self.id)
    }

    /// The plan bought: a renewal falling within the processing time of a paid change is
    /// charged for the plan with it.
    fn monthly_price(&self, catalog: &Catalog) -> Option<Decimal> {
        let bought = plan::with_processing(self);
        let offer = bought.offer(catalog)?;
        Some(price::monthly(offer, bought.plan()).total())
    }

    fn hourly_price(&self, catalog: &Catalog) -> Option<Decimal> {
        let offer = self.offer(catalog)?;
        Some(price::hourly(offer, self.plan()).total())
    }

    fn apply_scheduled(&mut self, changes: &mut Changes, at: Timestamp) {
        plan::apply_scheduled(self, changes, at);
    }

    fn cancel_scheduled(&mut self, changes: &mut Changes, at: Timestamp) {
        plan::cancel_scheduled(self, changes, at);
    }

    /// An instance in the bin sends nothing: its rate was counted when its bill was
    /// settled, just before (D-130).
    fn enter_recycle_bin(&mut self) {
        self.status = InstanceStatus::Recycle;
        self.traffic.out_mbps = Decimal::ZERO;
    }

    /// The traffic overage of the period, at the offer's price per GB (D-131).
    fn take_metered(
        &mut self,
        catalog: &Catalog,
        changes: &mut Changes,
        at: Timestamp,
    ) -> Option<Metered> {
        let (overage, since, counted) = traffic::take_overage(self, at);
        changes.traffic.extend(counted);
        let per_gb = self.offer(catalog)?.overage_price_per_gb;
        (overage > Decimal::ZERO).then(|| Metered {
            kind: OrderKind::TrafficOverage,
            list: overage * per_gb,
            since,
            what: format!("{} GB of traffic above the package", overage.normalize()),
        })
    }

    /// In the recycle bin, or never made (CREATE_FAILED, D-199): either way no longer
    /// billed, renewed or settled.
    fn recycled(&self) -> bool {
        matches!(
            self.status,
            InstanceStatus::Recycle | InstanceStatus::CreateFailed
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Target;
    use crate::testing::{account, buy, catalog, d, fields, modify, T0};
    use zenlocal_wire::Service;

    /// D-10: an instance is priced by its plan, monthly and hourly; D-23: a renewal falling
    /// within the processing time of a paid change is charged for the plan bought.
    #[test]
    fn an_instance_is_priced_by_the_plan_bought() {
        let f = fields(Service::Bmc, "PREPAID", "ByBandwidth");
        let (i, payer) = buy(Service::Bmc, &f, &account("1000.00", 100));
        assert_eq!(i.monthly_price(catalog()), Some(d("219.00")));
        assert_eq!(i.hourly_price(catalog()), Some(d("0.385")));
        let (changes, _) = modify(&i, &payer, Target::Bandwidth(30), T0.plus(60)).unwrap();
        let processing = &changes.instances[0];
        assert_eq!(processing.bandwidth, 20);
        assert_eq!(processing.monthly_price(catalog()), Some(d("239.00")));
        assert_eq!(processing.label(), format!("bmc {}", i.id));
        let unsold = Instance {
            zone_id: "NOWHERE".into(),
            ..i
        };
        assert_eq!(unsold.monthly_price(catalog()), None);
    }
}
