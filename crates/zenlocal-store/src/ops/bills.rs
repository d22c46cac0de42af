//! What the bills are read from (docs/decisions.md D-135 to D-137): an account's orders,
//! ledger and instances, and `now`, in one snapshot.

use super::{now, Op};
use crate::{StoreError, Tx};
use zenlocal_core::account::LedgerEntry;
use zenlocal_core::model::{Instance, Order};
use zenlocal_core::Timestamp;
use zenlocal_wire::Service;

pub struct BookInputs {
    pub account_id: String,
}

/// The account's books as of `now`.
pub struct Books {
    pub now: Timestamp,
    pub orders: Vec<Order>,
    pub ledger: Vec<LedgerEntry>,
    pub instances: Vec<Instance>,
}

impl Op for BookInputs {
    type Output = Books;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Books, StoreError> {
        let mut instances = tx.instances(&self.account_id, Service::Bmc)?;
        instances.extend(tx.instances(&self.account_id, Service::Vm)?);
        Ok(Books {
            now: now(tx, &self.account_id)?,
            orders: tx.orders(Some(&self.account_id), None)?,
            ledger: tx.ledger(&self.account_id)?,
            instances,
        })
    }
}
