//! Instances of both services and their lifecycle (D-20 to D-25): what a create asks
//! for (`spec`), creation with its charge (`create`), power (`power`), terminate and
//! release (`terminate`), the events time drives (`events`), and an instance's part in
//! the billing path (`billable`), its own addresses (`addresses`).
//!
//! Every rule returns the [`Changes`](crate::model::Changes) to write; the store writes
//! them in one transaction.

pub mod addresses;
mod billable;
mod create;
mod events;
mod operate;
mod power;
mod setup;
mod spec;
mod terminate;

pub use create::{create, purchase_price, Created};
pub use events::apply_event;
pub use operate::{
    console_url, reboot, regroup, reinstall, rename, renew, reset_ipmi_password, reset_password,
    Console, Reinstall,
};
pub use power::{power, Power};
pub use setup::check_nic;
pub use spec::{create_spec, CreateFields, CreateSpec, MAX_PERIOD};
pub use terminate::{release, terminate};

use crate::model::Instance;
use crate::{codes, ApiError};

fn not_found(id: &str) -> ApiError {
    ApiError::new(
        codes::INVALID_INSTANCE_NOT_FOUND,
        format!("instance `{id}` does not exist"),
    )
}

/// 403 `OPERATION_DENIED_INSTANCE_CREATING`: an instance still being created takes no
/// operation (D-20).
fn still_creating(id: &str) -> ApiError {
    ApiError::new(
        codes::OPERATION_DENIED_INSTANCE_CREATING,
        format!("instance `{id}` is still being created"),
    )
}

/// 403 `OPERATION_DENIED_INSTANCE_STATUS_INSTALLING`: a bmc instance installing its
/// operating system takes no operation (D-20, D-122).
fn installing(id: &str) -> ApiError {
    ApiError::new(
        codes::OPERATION_DENIED_INSTANCE_STATUS_INSTALLING,
        format!("instance `{id}` is installing its operating system"),
    )
}

/// The instance if it belongs to `account_id`; another account's instance is reported
/// exactly like a missing one (D-6).
pub fn owned(instance: Option<Instance>, account_id: &str, id: &str) -> Result<Instance, ApiError> {
    instance
        .filter(|i| i.account_id == account_id)
        .ok_or_else(|| not_found(id))
}

/// Validates a batch of instance ids (D-21): 1 to 100, duplicates removed, sorted so that
/// every command locks instances in the same order.
pub fn batch_ids(ids: &[String]) -> Result<Vec<String>, ApiError> {
    if ids.is_empty() || ids.len() > 100 {
        return Err(ApiError::invalid_parameter(
            "`instanceIds` must name 1 to 100 instances",
        ));
    }
    let mut unique = ids.to_vec();
    unique.sort_unstable();
    unique.dedup();
    Ok(unique)
}
