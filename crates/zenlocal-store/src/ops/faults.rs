//! Service faults (D-191, D-199): added, listed and deleted through the control plane,
//! used up by the event or call they are about (see `ApplyDue`, `CreateInstances`).

use super::{now, Op};
use crate::{StoreError, Tx};
use zenlocal_core::fault::{ServiceFault, ServiceFaultKind};
use zenlocal_core::ApiError;
use zenlocal_wire::{codes, Service};

/// What a service fault is about.
pub enum Target {
    /// `renewalFails`: an instance that exists (of the account, when given).
    Instance {
        instance_id: String,
        account_id: Option<String>,
    },
    /// `provisioningFails`: an account that exists, in one service.
    Account {
        account_id: String,
        service: Service,
    },
}

/// Adds a fault; answers it.
pub struct AddServiceFault {
    pub id: String,
    pub kind: ServiceFaultKind,
    pub target: Target,
}

impl Op for AddServiceFault {
    type Output = ServiceFault;
    fn run<T: Tx>(self, tx: &mut T) -> Result<ServiceFault, StoreError> {
        let (account_id, instance_id, service) = match self.target {
            Target::Instance {
                instance_id,
                account_id,
            } => {
                let instance = tx
                    .instance(&instance_id)?
                    .filter(|i| account_id.as_ref().is_none_or(|a| *a == i.account_id))
                    .ok_or_else(|| {
                        ApiError::new(
                            codes::INVALID_INSTANCE_NOT_FOUND,
                            format!("no instance `{instance_id}`"),
                        )
                    })?;
                (instance.account_id, Some(instance.id), None)
            }
            Target::Account {
                account_id,
                service,
            } => {
                if tx.account(&account_id)?.is_none() {
                    return Err(ApiError::new(
                        codes::RESOURCE_NOT_FOUND,
                        format!("no account `{account_id}`"),
                    )
                    .into());
                }
                (account_id, None, Some(service))
            }
        };
        let now = now(tx, &account_id)?;
        let fault = ServiceFault {
            id: self.id,
            kind: self.kind,
            account_id,
            instance_id,
            service,
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
