//! The schema: one list of migrations for both backends, applied by one runner in one
//! transaction that holds off every other process migrating the same store, each
//! recorded in `schema_migrations`.

use crate::sql::{values, Conn};
use crate::tx::Result;
use crate::StoreError;

/// Every migration, in order: (version, SQL with the type tokens of `Dialect::schema`).
/// Numbers are given out per branch ahead of time, so the list may skip some until the
/// branches holding them are merged.
const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../migrations/0001_schema.sql")),
    (2, include_str!("../migrations/0002_orders_seq.sql")),
    (3, include_str!("../migrations/0003_resources.sql")),
    (4, include_str!("../migrations/0004_key_pairs.sql")),
    (5, include_str!("../migrations/0005_images.sql")),
    (6, include_str!("../migrations/0006_advance.sql")),
    (7, include_str!("../migrations/0007_resource_groups.sql")),
    (8, include_str!("../migrations/0008_traffic.sql")),
    (9, include_str!("../migrations/0009_addresses.sql")),
    (10, include_str!("../migrations/0010_networks.sql")),
    (11, include_str!("../migrations/0011_disks.sql")),
    (12, include_str!("../migrations/0012_test_clocks.sql")),
    (13, include_str!("../migrations/0013_testing_tools.sql")),
    (14, include_str!("../migrations/0014_vpcs.sql")),
    (15, include_str!("../migrations/0015_service_faults.sql")),
    (16, include_str!("../migrations/0016_next_offset.sql")),
    (17, include_str!("../migrations/0017_order_nodes.sql")),
];

/// The newest schema this build knows.
pub const LATEST: i64 = MIGRATIONS[MIGRATIONS.len() - 1].0;

/// Brings the store's schema up to date. `legacy` answers, for a store that has no
/// `schema_migrations` rows yet, the migrations it already holds by an older record
/// (SQLite files first recorded their schema in `PRAGMA user_version`).
pub fn migrate<C: Conn>(
    conn: &mut C,
    legacy: impl FnOnce(&mut C) -> Result<Vec<i64>>,
) -> Result<()> {
    conn.batch(conn.dialect().begin_migrating())?;
    match apply(conn, legacy) {
        Ok(()) => conn.batch("COMMIT"),
        Err(e) => {
            // The migration's own error is the one to report; the rollback's, if any,
            // would only say the connection is gone.
            let _ = conn.batch("ROLLBACK");
            Err(e)
        }
    }
}

fn apply<C: Conn>(conn: &mut C, legacy: impl FnOnce(&mut C) -> Result<Vec<i64>>) -> Result<()> {
    conn.batch("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)")?;
    let mut applied = conn.query("SELECT version FROM schema_migrations", &[], |r| r.int(0))?;
    if applied.is_empty() {
        for version in legacy(conn)? {
            record(conn, version)?;
            applied.push(version);
        }
    }
    if let Some(newer) = applied.iter().find(|v| **v > LATEST) {
        return Err(StoreError::Internal(format!(
            "the store has schema version {newer}, newer than this zenlocal knows ({LATEST}); \
             run a newer zenlocal"
        )));
    }
    let dialect = conn.dialect();
    for (version, sql) in MIGRATIONS {
        if !applied.contains(version) {
            conn.batch(&dialect.schema(sql))?;
            record(conn, *version)?;
        }
    }
    Ok(())
}

fn record<C: Conn>(conn: &mut C, version: i64) -> Result<()> {
    conn.execute(
        "INSERT INTO schema_migrations (version) VALUES ($1)",
        &values![version],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Numbers are handed out to work in progress ahead of time, so the list may skip
    /// one until the work that has it lands; it only ever ascends.
    #[test]
    fn versions_count_up_from_one() {
        // Numbers are handed out to branches ahead of time, so a gap may wait for its
        // migration to be merged; the order never goes back.
        assert_eq!(MIGRATIONS[0].0, 1);
        for pair in MIGRATIONS.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{} then {}", pair[0].0, pair[1].0);
        }
    }
}
