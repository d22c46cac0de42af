//! The plan-change commands (D-11 to D-15, D-18): Modify and Cancel…Downgrade.

use super::accounts::{caller_account, no_account};
use super::instances::{load_one, now_and_owned, owned};
use super::{now_and_instance, write_changes, Op};
use crate::{StoreError, Tx};
use std::sync::Arc;
use zenlocal_core::model::{Instance, Target, Timings};
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
        // Only a change charged at once reads the account, and locks it (D-235); where
        // rows are locked, the account before the instance (D-110), so whether the change
        // is charged is first read from the instance as committed, with `now`.
        let charged = |i: &Instance| plan::charges_now(&self.catalog, i, &self.target);
        let locks = tx.locks_rows();
        let (now, first) = now_and_instance(tx, &self.account_id, &self.instance_id, !locks)?;
        let mut account = None;
        let instance = if !locks {
            owned(
                first,
                &self.account_id,
                self.asked.service,
                &self.instance_id,
            )?
        } else if first.is_some_and(|i| charged(&i)) {
            // Both rows in one round trip, the account first. A change of bandwidth or
            // traffic package locks no other row, so it may commit with others of the
            // account; a model change moves stock (D-237).
            let together = !matches!(self.target, Target::Model(_));
            let (caller, instance) =
                tx.account_and_instance(&self.account_id, &self.instance_id, together)?;
            account = Some(caller.ok_or_else(no_account)?);
            owned(
                instance,
                &self.account_id,
                self.asked.service,
                &self.instance_id,
            )?
        } else {
            load_one(tx, &self.account_id, self.asked.service, &self.instance_id)?
        };
        // Charged after all (another command changed the instance in between, or rows are
        // not locked): the account now.
        if account.is_none() && charged(&instance) {
            account = Some(caller_account(tx, &self.account_id)?);
        }
        let (changes, order_number) = plan::modify(
            &self.catalog,
            instance,
            account.as_ref(),
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
        let (now, instance) =
            now_and_owned(tx, &self.account_id, self.asked.service, &self.instance_id)?;
        let changes = plan::cancel(instance, self.asked, now)?;
        write_changes(tx, &changes)
    }
}
