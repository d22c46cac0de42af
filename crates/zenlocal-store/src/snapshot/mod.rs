//! Named snapshots of the whole store, the clock included (D-189, D-190): saved
//! consistently, listed, restored in one transaction, deleted. SQLite copies the database
//! with its online backup into `<database>.snapshots/<name>.db` (an in-memory store keeps
//! them in memory, for as long as it lives); PostgreSQL copies every table into a schema
//! of its own, recorded in `zenlocal_snapshots`. Tables are found in the database's own
//! catalogue, so a table a later migration adds is included without a word here; only
//! [`KEPT`] tables stay as they are.

pub(crate) mod postgres;
pub(crate) mod sqlite;

use crate::StoreError;
use zenlocal_core::{ApiError, Timestamp};
use zenlocal_wire::codes;

/// Tables a snapshot neither saves nor restores: the schema's own record, the catalogue
/// of snapshots itself, the service faults a test set up (D-188, D-191), and the order
/// nodes the processes sharing the store claimed (docs/decisions.md D-234).
pub const KEPT: &[&str] = &[
    "schema_migrations",
    "zenlocal_snapshots",
    "service_faults",
    "order_nodes",
];

/// A saved snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotInfo {
    pub name: String,
    /// The real time it was saved.
    pub created_at: Timestamp,
    /// The simulated now it holds.
    pub now: Timestamp,
}

/// A snapshot's name: 1 to 64 letters, digits, `.`, `_` or `-`, not starting with `.`
/// (D-189); it names a file or a catalogue row, never anything else.
pub fn check_name(name: &str) -> Result<(), StoreError> {
    let ok = (1..=64).contains(&name.len())
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if ok {
        Ok(())
    } else {
        Err(StoreError::Api(ApiError::invalid_parameter(format!(
            "`name` must be 1 to 64 letters, digits, `.`, `_` or `-`, not starting with `.` (got `{name}`)"
        ))))
    }
}

pub(crate) fn not_found(name: &str) -> StoreError {
    StoreError::Api(ApiError::new(
        codes::RESOURCE_NOT_FOUND,
        format!("no snapshot named `{name}`"),
    ))
}

pub(crate) fn other_schema(name: &str) -> StoreError {
    StoreError::Api(ApiError::invalid_parameter(format!(
        "snapshot `{name}` was saved by another schema version of zenlocal and cannot be restored here"
    )))
}

/// A table or sequence name as an SQL identifier.
pub(crate) fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_plain_d189() {
        for ok in ["a", "before-test", "v1.2_x", &"n".repeat(64)] {
            assert!(check_name(ok).is_ok(), "{ok}");
        }
        for bad in ["", ".hidden", "a/b", "../x", "a b", "é", &"n".repeat(65)] {
            assert!(check_name(bad).is_err(), "{bad}");
        }
    }
}
