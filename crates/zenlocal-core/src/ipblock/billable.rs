//! An elastic IP or block on the billing path (D-143): priced per unit by its zone's
//! offer, with no plan changes for a cycle end to apply or cancel; RECYCLE is its status
//! in the bin, where an elastic IP lets go of its instance. A customer's own block costs
//! nothing.

use crate::billing::Billable;
use crate::catalog::Catalog;
use crate::model::{Changes, IpBlock, IpBlockStatus, ResourceRef, Subscription};
use crate::Timestamp;
use rust_decimal::Decimal;

impl IpBlock {
    fn price(
        &self,
        catalog: &Catalog,
        per_unit: impl Fn(&crate::catalog::IpOffer) -> Decimal,
    ) -> Option<Decimal> {
        if self.byoip.is_some() {
            return Some(Decimal::ZERO);
        }
        let offer = catalog.ip_offer(self.zone_id.as_deref()?, self.product)?;
        Some(per_unit(offer) * self.units())
    }
}

impl Billable for IpBlock {
    fn resource(&self) -> ResourceRef {
        IpBlock::resource(self)
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
        format!("{} {} ({})", self.product.name(), self.id, self.net)
    }

    fn monthly_price(&self, catalog: &Catalog) -> Option<Decimal> {
        self.price(catalog, |o| o.monthly_price)
    }

    fn hourly_price(&self, catalog: &Catalog) -> Option<Decimal> {
        self.price(catalog, |o| o.hourly_price)
    }

    fn apply_scheduled(&mut self, _changes: &mut Changes, _at: Timestamp) {}

    fn cancel_scheduled(&mut self, _changes: &mut Changes, _at: Timestamp) {}

    fn enter_recycle_bin(&mut self) {
        self.status = IpBlockStatus::Recycle;
        self.instance_id = None;
    }

    fn recycled(&self) -> bool {
        self.status == IpBlockStatus::Recycle
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::IpProduct;
    use crate::testing::{catalog, d, T0};

    fn block(product: IpProduct, net: &str) -> IpBlock {
        IpBlock {
            id: "1".into(),
            account_id: "a".into(),
            product,
            zone_id: Some("SEL-A".into()),
            net: net.parse().unwrap(),
            name: None,
            status: IpBlockStatus::Available,
            instance_id: Some("9".into()),
            resource_group_id: None,
            tags: Vec::new(),
            created_at: T0,
            byoip: None,
            billing: crate::billing::subscribe(crate::catalog::ChargeType::Postpaid, None, T0),
        }
    }

    /// D-143: an IPv4 range is priced per address, an IPv6 block as a whole; in the
    /// recycle bin an elastic IP lets go of its instance.
    #[test]
    fn blocks_are_priced_per_unit() {
        let eip = block(IpProduct::Eip, "198.51.100.7/32");
        assert_eq!(eip.monthly_price(catalog()), Some(d("3.00")));
        assert_eq!(eip.hourly_price(catalog()), Some(d("0.005")));
        let v4 = block(IpProduct::Ipv4Block, "198.51.100.8/29");
        assert_eq!(v4.monthly_price(catalog()), Some(d("20.00")));
        let v6 = block(IpProduct::Ipv6Block, "2001:db8:1::/64");
        assert_eq!(v6.hourly_price(catalog()), Some(d("0.01")));
        assert_eq!(eip.label(), "EIP 1 (198.51.100.7/32)");
        let mut gone = eip;
        gone.enter_recycle_bin();
        assert!(gone.recycled() && gone.instance_id.is_none());
    }
}
