//! Faults of the service itself that a test asks for (D-191): "the next renewal of this
//! instance fails for lack of funds". A fault waits in the store until the event it is
//! about applies, and is used up by it.

use crate::account::Account;
use crate::names::named;
use crate::Timestamp;
use rust_decimal::Decimal;

/// What a service fault does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceFaultKind {
    /// The instance's next cycle end finds no funds: it is not renewed and goes to the
    /// recycle bin, as D-23 says of a balance that cannot pay.
    RenewalFails,
}

named!(ServiceFaultKind, "service fault kind" {
    RenewalFails => "renewalFails",
});

/// A service fault waiting for its event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceFault {
    pub id: String,
    pub kind: ServiceFaultKind,
    pub account_id: String,
    pub instance_id: String,
    pub created_at: Timestamp,
}

/// The payer as a renewal hit by a `renewalFails` fault sees it: short of any amount, so
/// the cycle end recycles instead of renewing (D-191, D-23). Only the decision reads it:
/// recycling charges nothing and writes no account.
pub fn short_of_funds(payer: &Account) -> Account {
    Account {
        balance: Decimal::NEGATIVE_ONE,
        ..payer.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::billing::cycle_end;
    use crate::model::{InstanceStatus, Timings};
    use crate::testing::{account, buy, catalog, fields, SeqIds, CYCLE_END};
    use zenlocal_wire::Service;

    /// D-191: a renewal that a fault makes short of funds recycles the instance as D-23
    /// says, charging nothing and leaving the account as it is, however rich it is.
    #[test]
    fn a_renewal_fault_recycles_a_rich_account_s_instance_d191() {
        let rich = account("1000000.00", 100);
        let f = fields(Service::Bmc, "PREPAID", "ByBandwidth");
        let (mut instance, payer) = buy(Service::Bmc, &f, &rich);
        let changes = cycle_end(
            catalog(),
            &mut instance,
            CYCLE_END,
            &short_of_funds(&payer),
            Timings::default(),
            &mut SeqIds::default(),
            CYCLE_END,
        )
        .unwrap();
        assert_eq!(instance.status, InstanceStatus::Recycle);
        assert!(changes.ledger.is_empty() && changes.accounts.is_empty());
    }

    #[test]
    fn kinds_have_their_wire_names_d191() {
        assert_eq!(
            "renewalFails".parse::<ServiceFaultKind>(),
            Ok(ServiceFaultKind::RenewalFails)
        );
        assert_eq!(ServiceFaultKind::RenewalFails.to_string(), "renewalFails");
    }
}
