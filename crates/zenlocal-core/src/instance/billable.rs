//! An instance on the billing path: its plan prices it (D-10), its plan changes are what
//! a cycle end applies or cancels (D-13, D-23), RECYCLE is its status in the bin (D-25).

use crate::billing::Billable;
use crate::catalog::Catalog;
use crate::model::{Changes, Instance, InstanceStatus, ResourceRef, Subscription};
use crate::{plan, price, Timestamp};
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

    fn enter_recycle_bin(&mut self) {
        self.status = InstanceStatus::Recycle;
    }

    fn recycled(&self) -> bool {
        self.status == InstanceStatus::Recycle
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
