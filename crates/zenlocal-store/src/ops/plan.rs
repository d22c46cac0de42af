//! The plan-change commands (D-11 to D-15, D-18): Modify and Cancel…Downgrade.

use super::accounts::caller_account;
use super::instances::OwnedInstance;
use super::{now, write_changes, Op};
use crate::{StoreError, Tx};
use std::sync::Arc;
use zenlocal_core::model::{Target, Timings};
use zenlocal_core::plan::{self, Asked};
use zenlocal_core::Catalog;

/// The Modify actions (D-11 to D-15); answers the order number, `None` for an equal
/// target (D-14).
pub struct ModifyPlan {
    pub catalog: Arc<Catalog>,
    pub account_id: String,
    pub asked: Asked,
    pub instance_id: String,
    pub target: Target,
    pub timings: Timings,
}

impl Op for ModifyPlan {
    type Output = Option<String>;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Option<String>, StoreError> {
        let now = now(tx, &self.account_id)?;
        // The account before the instance: the lock order (D-110).
        let account = caller_account(tx, &self.account_id)?;
        let instance = OwnedInstance {
            account_id: self.account_id.clone(),
            service: self.asked.service,
            id: self.instance_id,
        }
        .run(tx)?;
        let (changes, order_number) = plan::modify(
            &self.catalog,
            instance,
            &account,
            self.asked,
            self.target,
            self.timings,
            &mut tx.ids()?,
            now,
        )?;
        write_changes(tx, &changes)?;
        Ok(order_number)
    }
}

/// The Cancel…Downgrade actions (D-15, D-18).
pub struct CancelDowngrade {
    pub account_id: String,
    pub asked: Asked,
    pub instance_id: String,
}

impl Op for CancelDowngrade {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        let now = now(tx, &self.account_id)?;
        let instance = OwnedInstance {
            account_id: self.account_id,
            service: self.asked.service,
            id: self.instance_id,
        }
        .run(tx)?;
        let changes = plan::cancel(instance, self.asked, now)?;
        write_changes(tx, &changes)
    }
}
