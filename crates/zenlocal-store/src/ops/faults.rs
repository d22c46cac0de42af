//! Service faults (D-191): added, listed and deleted through the control plane, used up
//! by the event they are about (see `ApplyDue`).

use super::{now, Op};
use crate::{StoreError, Tx};
use zenlocal_core::fault::{ServiceFault, ServiceFaultKind};
use zenlocal_core::ApiError;
use zenlocal_wire::codes;

/// Adds a fault for an instance that exists (of `account_id`, when given); answers it.
pub struct AddServiceFault {
    pub id: String,
    pub kind: ServiceFaultKind,
    pub instance_id: String,
    pub account_id: Option<String>,
}

impl Op for AddServiceFault {
    type Output = ServiceFault;
    fn run<T: Tx>(self, tx: &mut T) -> Result<ServiceFault, StoreError> {
        let instance = tx
            .instance(&self.instance_id)?
            .filter(|i| self.account_id.as_ref().is_none_or(|a| *a == i.account_id))
            .ok_or_else(|| {
                ApiError::new(
                    codes::INVALID_INSTANCE_NOT_FOUND,
                    format!("no instance `{}`", self.instance_id),
                )
            })?;
        let now = now(tx, &instance.account_id)?;
        let fault = ServiceFault {
            id: self.id,
            kind: self.kind,
            account_id: instance.account_id,
            instance_id: instance.id,
            created_at: now,
        };
        tx.insert_service_fault(&fault)?;
        Ok(fault)
    }
}

/// Every service fault waiting, oldest first.
pub struct ServiceFaults;

impl Op for ServiceFaults {
    type Output = Vec<ServiceFault>;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Vec<ServiceFault>, StoreError> {
        tx.service_faults()
    }
}

/// Deletes a service fault; answers whether it was there.
pub struct DeleteServiceFault(pub String);

impl Op for DeleteServiceFault {
    type Output = bool;
    fn run<T: Tx>(self, tx: &mut T) -> Result<bool, StoreError> {
        tx.delete_service_fault(&self.0)
    }
}
