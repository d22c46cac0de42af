//! PostgreSQL snapshots (D-190): each a schema `zenlocal_snapshot_<hex>` holding a copy
//! of every table and the value of every sequence, recorded in `zenlocal_snapshots`.
//! Saving and restoring each run in one transaction holding the clock exclusively, so no
//! command of any replica runs meanwhile (commands hold it shared, D-110): a snapshot is
//! one consistent state, and a restore replaces the state whole. Replicas' reads wait for
//! a restore's commit and then see the restored state, never a mix.

use super::{not_found, other_schema, quoted, SnapshotInfo, KEPT};
use crate::ops::LoadClock;
use crate::postgres::{PgConn, Session};
use crate::sql::Counters;
use crate::sql::HOLD_CLOCK_EXCLUSIVE;
use crate::statements::SqlTx;
use crate::{Op, StoreError};
use zenlocal_core::Timestamp;

/// How often a restore is tried again when PostgreSQL rolls it back as a deadlock with a
/// replica's read (the read is the one to wait; the restore simply runs again).
const RESTORE_TRIES: usize = 3;

fn hold_clock(tx: &mut Session) -> Result<(), StoreError> {
    tx.wait(tx.client().batch_execute(HOLD_CLOCK_EXCLUSIVE))
}

fn tables(tx: &mut Session) -> Result<Vec<String>, StoreError> {
    let kept: Vec<&str> = KEPT.to_vec();
    Ok(tx
        .wait(tx.client().query(
            "SELECT tablename::text FROM pg_tables
             WHERE schemaname = current_schema() AND NOT (tablename = ANY($1))
             ORDER BY tablename",
            &[&kept],
        ))?
        .iter()
        .map(|r| r.get(0))
        .collect())
}

fn sequences(tx: &mut Session) -> Result<Vec<String>, StoreError> {
    Ok(tx
        .wait(tx.client().query(
            "SELECT sequencename::text FROM pg_sequences WHERE schemaname = current_schema()
             ORDER BY sequencename",
            &[],
        ))?
        .iter()
        .map(|r| r.get(0))
        .collect())
}

fn schema_version(tx: &mut Session) -> Result<i64, StoreError> {
    let version: Option<i32> = tx
        .wait(
            tx.client()
                .query_one("SELECT MAX(version) FROM schema_migrations", &[]),
        )?
        .get(0);
    Ok(version.map_or(0, i64::from))
}

fn info(row: &tokio_postgres::Row) -> SnapshotInfo {
    SnapshotInfo {
        name: row.get("name"),
        created_at: Timestamp(row.get("created_at")),
        now: Timestamp(row.get("simulated_at")),
    }
}

fn drop_existing(tx: &mut Session, name: &str) -> Result<bool, StoreError> {
    let Some(row) = tx.wait(tx.client().query_opt(
        "DELETE FROM zenlocal_snapshots WHERE name = $1 RETURNING schema_name",
        &[&name],
    ))?
    else {
        return Ok(false);
    };
    let schema: String = row.get(0);
    tx.wait(
        tx.client()
            .batch_execute(&format!("DROP SCHEMA {} CASCADE", quoted(&schema))),
    )?;
    Ok(true)
}

pub fn save(session: &mut Session, name: &str, schema: &str) -> Result<SnapshotInfo, StoreError> {
    in_transaction(session, |tx| save_in(tx, name, schema))
}

fn save_in(tx: &mut Session, name: &str, schema: &str) -> Result<SnapshotInfo, StoreError> {
    hold_clock(tx)?;
    drop_existing(tx, name)?;
    let target = quoted(schema);
    let mut sql = format!("CREATE SCHEMA {target};");
    for table in tables(tx)? {
        let table = quoted(&table);
        sql.push_str(&format!("CREATE TABLE {target}.{table} AS TABLE {table};"));
    }
    sql.push_str(&format!(
        "CREATE TABLE {target}.zenlocal_sequences (name TEXT, last_value BIGINT, is_called BOOLEAN);"
    ));
    for sequence in sequences(tx)? {
        sql.push_str(&format!(
            "INSERT INTO {target}.zenlocal_sequences SELECT {}, last_value, is_called FROM {};",
            literal(&sequence),
            quoted(&sequence)
        ));
    }
    tx.wait(tx.client().batch_execute(&sql))?;
    let clock = {
        LoadClock
            .run(&mut SqlTx::new(PgConn::new(
                tx,
                false,
                &Counters::default(),
            )))?
            .ok_or_else(|| StoreError::internal("the store holds no clock"))?
    };
    let real = crate::real_now();
    let version = schema_version(tx)?;
    let row = tx.wait(tx.client().query_one(
        "INSERT INTO zenlocal_snapshots (name, schema_name, created_at, simulated_at, schema_version)
         VALUES ($1, $2, $3, $4, $5) RETURNING name, created_at, simulated_at",
        &[&name, &schema, &real.0, &clock.now(real).0, &version],
    ))?;
    Ok(info(&row))
}

pub fn list(session: &mut Session) -> Result<Vec<SnapshotInfo>, StoreError> {
    Ok(session
        .wait(session.client().query(
            "SELECT name, created_at, simulated_at FROM zenlocal_snapshots
             ORDER BY created_at, name",
            &[],
        ))?
        .iter()
        .map(info)
        .collect())
}

pub fn delete(session: &mut Session, name: &str) -> Result<(), StoreError> {
    in_transaction(session, |tx| match drop_existing(tx, name)? {
        true => Ok(()),
        false => Err(not_found(name)),
    })
}

pub fn restore(session: &mut Session, name: &str) -> Result<SnapshotInfo, StoreError> {
    let mut tries = 0;
    loop {
        tries += 1;
        match in_transaction(session, |tx| restore_in(tx, name)) {
            Err(StoreError::Database {
                sqlstate: Some(code),
                ..
            }) if code == "40P01" && tries < RESTORE_TRIES => continue,
            other => return other,
        }
    }
}

fn restore_in(tx: &mut Session, name: &str) -> Result<SnapshotInfo, StoreError> {
    hold_clock(tx)?;
    let row = tx
        .wait(tx.client().query_opt(
            "SELECT name, created_at, simulated_at, schema_name, schema_version
             FROM zenlocal_snapshots WHERE name = $1",
            &[&name],
        ))?
        .ok_or_else(|| not_found(name))?;
    let saved = info(&row);
    let source = quoted(row.get::<_, &str>("schema_name"));
    if row.get::<_, i64>("schema_version") != schema_version(tx)? {
        return Err(other_schema(name));
    }
    let listed = tables(tx)?;
    let tables = referenced_first(tx, listed)?;
    let tables: Vec<String> = tables.iter().map(|t| quoted(t)).collect();
    let mut sql = format!("TRUNCATE {};", tables.join(", "));
    for table in &tables {
        sql.push_str(&format!(
            "INSERT INTO {table} SELECT * FROM {source}.{table};"
        ));
    }
    sql.push_str(&format!(
        "SELECT setval(format('%I', name)::regclass, last_value, is_called)
         FROM {source}.zenlocal_sequences;"
    ));
    tx.wait(tx.client().batch_execute(&sql))?;
    Ok(saved)
}

/// The tables in an order where each comes after every table its foreign keys refer to,
/// so rows can be copied back table by table (the keys are checked at each statement).
fn referenced_first(tx: &mut Session, tables: Vec<String>) -> Result<Vec<String>, StoreError> {
    let references: Vec<(String, String)> = tx
        .wait(tx.client().query(
            "SELECT c.relname::text, p.relname::text FROM pg_constraint k
             JOIN pg_class c ON c.oid = k.conrelid
             JOIN pg_class p ON p.oid = k.confrelid
             WHERE k.contype = 'f' AND k.connamespace = current_schema()::regnamespace",
            &[],
        ))?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    let listed = tables.clone();
    let mut ordered: Vec<String> = Vec::with_capacity(tables.len());
    let mut waiting = tables;
    while !waiting.is_empty() {
        let before = waiting.len();
        let (ready, rest): (Vec<String>, Vec<String>) = waiting.into_iter().partition(|t| {
            references.iter().all(|(child, parent)| {
                child != t || parent == t || ordered.contains(parent) || !listed.contains(parent)
            })
        });
        ordered.extend(ready);
        waiting = rest;
        if waiting.len() == before {
            return Err(StoreError::internal(
                "the tables' foreign keys go round in a circle",
            ));
        }
    }
    Ok(ordered)
}

/// Runs `work` in a transaction of its own, committed where it succeeds.
fn in_transaction<T>(
    session: &mut Session,
    work: impl FnOnce(&mut Session) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    session.wait(session.client().batch_execute("BEGIN"))?;
    match work(session) {
        Ok(done) => session
            .wait(session.client().batch_execute("COMMIT"))
            .map(|()| done),
        Err(e) => {
            // The work's own error is the one to report.
            let _ = session.wait(session.client().batch_execute("ROLLBACK"));
            Err(e)
        }
    }
}

/// A text as an SQL literal.
fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}
