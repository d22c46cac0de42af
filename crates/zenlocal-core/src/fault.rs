//! Faults of the service itself that a test asks for: "the next renewal of this instance
//! fails for lack of funds" (D-191), "provisioning of the next CreateInstances fails"
//! (D-199). A fault waits in the store until what it is about happens, and is used up by
//! it.

use crate::account::Account;
use crate::model::{Changes, EventKind, InstanceStatus};
use crate::names::named;
use crate::Timestamp;
use rust_decimal::Decimal;
use zenlocal_wire::Service;

/// What a service fault does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceFaultKind {
    /// The instance's next cycle end finds no funds: it is not renewed and goes to the
    /// recycle bin, as D-23 says of a balance that cannot pay.
    RenewalFails,
    /// The account's next CreateInstances in the service is answered and paid as usual,
    /// and its instances end their provisioning CREATE_FAILED (D-199).
    ProvisioningFails,
}

named!(ServiceFaultKind, "service fault kind" {
    RenewalFails => "renewalFails",
    ProvisioningFails => "provisioningFails",
});

/// A service fault waiting for its event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceFault {
    pub id: String,
    pub kind: ServiceFaultKind,
    pub account_id: String,
    /// The instance a `renewalFails` fault is about.
    pub instance_id: Option<String>,
    /// The service whose next CreateInstances a `provisioningFails` fault is about.
    pub service: Option<Service>,
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

/// A CreateInstances hit by a `provisioningFails` fault (D-199): its instances end their
/// provisioning CREATE_FAILED where they would have been RUNNING — at the last step, or at
/// once without a provisioning time. What it charged stays charged until TerminateInstance
/// refunds it.
pub fn fail_provisioning(changes: &mut Changes) {
    for instance in &mut changes.instances {
        if instance.status == InstanceStatus::Running {
            instance.status = InstanceStatus::CreateFailed;
        }
    }
    for (_, event) in &mut changes.events {
        if let EventKind::Provision { status, .. } = event {
            if *status == InstanceStatus::Running {
                *status = InstanceStatus::CreateFailed;
            }
        }
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
        assert_eq!(
            "provisioningFails".parse::<ServiceFaultKind>(),
            Ok(ServiceFaultKind::ProvisioningFails)
        );
    }

    /// D-199: a failing CreateInstances is charged as usual; its instances' provisioning
    /// ends CREATE_FAILED at the step that would have made them RUNNING, and the steps
    /// before it are kept.
    #[test]
    fn a_provisioning_fault_ends_the_last_step_create_failed_d199() {
        let payer = account("1000.00", 100);
        let f = fields(Service::Bmc, "PREPAID", "ByBandwidth");
        let spec = crate::instance::create_spec(catalog(), Service::Bmc, &f).unwrap();
        let create = |timings| {
            crate::instance::create(
                catalog(),
                &payer,
                &spec,
                10,
                timings,
                &mut SeqIds::default(),
                crate::testing::T0,
            )
            .unwrap()
            .0
        };
        let mut changes = create(Timings::default());
        let charged = changes.ledger.clone();
        fail_provisioning(&mut changes);
        assert_eq!(changes.ledger, charged);
        let steps: Vec<InstanceStatus> = changes
            .events
            .iter()
            .filter_map(|(_, e)| match e {
                EventKind::Provision { status, .. } => Some(*status),
                _ => None,
            })
            .collect();
        assert_eq!(
            steps,
            [
                InstanceStatus::Creating,
                InstanceStatus::Installing,
                InstanceStatus::CreateFailed
            ]
        );
        let mut at_once = create(Timings {
            provisioning: 0,
            ..Timings::default()
        });
        fail_provisioning(&mut at_once);
        assert_eq!(at_once.instances[0].status, InstanceStatus::CreateFailed);
    }
}
