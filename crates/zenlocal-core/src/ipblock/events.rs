//! Applying an event of an elastic IP or block that fell due (D-142, D-23 to D-25): it
//! becomes AVAILABLE once made; cycle ends and daily settlements go through the billing
//! path; its release frees its addresses.

use super::lifecycle::release;
use crate::account::Account;
use crate::catalog::Catalog;
use crate::model::{Changes, EventKind, Ids, IpBlock, IpBlockStatus, Timings};
use crate::{billing, Timestamp};

/// Applies an event of `block` that fell due at `at`. Events that no longer match it
/// (released, or its state moved on) change nothing.
pub fn apply_event(
    catalog: &Catalog,
    kind: &EventKind,
    block: Option<IpBlock>,
    account: Option<&Account>,
    timings: Timings,
    ids: &mut dyn Ids,
    at: Timestamp,
) -> Changes {
    let Some(mut block) = block else {
        return Changes::default();
    };
    match kind {
        EventKind::Ready { .. } => {
            let mut changes = Changes::default();
            if block.status == IpBlockStatus::Creating {
                block.status = IpBlockStatus::Available;
                changes.ip_blocks.push(block);
            }
            changes
        }
        EventKind::Release { recycled_at, .. } => {
            if billing::releasable(&block, *recycled_at) {
                release(vec![block]).unwrap_or_default()
            } else {
                Changes::default()
            }
        }
        other => match billing::on_event(catalog, other, &mut block, account, timings, ids, at) {
            Some(mut changes) => {
                changes.ip_blocks.push(block);
                changes
            }
            None => Changes::default(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{ChargeType, IpProduct};
    use crate::model::ResourceRef;
    use crate::testing::{account, catalog, d, SeqIds, CYCLE_END, T0};

    fn eip(charge: ChargeType) -> IpBlock {
        IpBlock {
            id: "1".into(),
            account_id: "a".into(),
            product: IpProduct::Eip,
            zone_id: Some("SEL-A".into()),
            net: "198.51.100.7/32".parse().unwrap(),
            name: None,
            status: IpBlockStatus::Creating,
            instance_id: None,
            resource_group_id: None,
            tags: Vec::new(),
            created_at: T0,
            byoip: None,
            billing: billing::subscribe(charge, (charge == ChargeType::Prepaid).then_some(1), T0),
        }
    }

    fn applied(kind: EventKind, block: &IpBlock, payer: &Account, at: Timestamp) -> Changes {
        apply_event(
            catalog(),
            &kind,
            Some(block.clone()),
            Some(payer),
            Timings::default(),
            &mut SeqIds::default(),
            at,
        )
    }

    /// D-142: a new elastic IP is AVAILABLE once made, and only then.
    #[test]
    fn a_new_eip_becomes_available() {
        let new = eip(ChargeType::Postpaid);
        let ready = EventKind::Ready {
            account_id: "a".into(),
            resource: ResourceRef::eip("1"),
        };
        let payer = account("10.00", 100);
        let changes = applied(ready.clone(), &new, &payer, T0.plus(5));
        assert_eq!(changes.ip_blocks[0].status, IpBlockStatus::Available);
        let available = changes.ip_blocks[0].clone();
        assert_eq!(
            applied(ready, &available, &payer, T0.plus(6)),
            Changes::default()
        );
    }

    /// D-23, D-143: a PREPAID elastic IP renews at its cycle end through the billing
    /// path, or goes to the recycle bin when the balance cannot pay.
    #[test]
    fn a_prepaid_eip_renews_or_recycles_at_its_cycle_end() {
        let bought = eip(ChargeType::Prepaid);
        let end = EventKind::CycleEnd {
            account_id: "a".into(),
            resource: ResourceRef::eip("1"),
            expires_at: CYCLE_END,
        };
        let changes = applied(end.clone(), &bought, &account("10.00", 100), CYCLE_END);
        assert_eq!(changes.ledger[0].amount, d("3.00"));
        assert_eq!(changes.orders[0].resource, ResourceRef::eip("1"));
        let changes = applied(end, &bought, &account("2.99", 100), CYCLE_END);
        assert_eq!(changes.ip_blocks[0].status, IpBlockStatus::Recycle);
        assert!(changes.ledger.is_empty());
    }
}
