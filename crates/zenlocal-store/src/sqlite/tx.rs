//! [`Tx`] over one SQLite connection (inside a transaction or savepoint).

use crate::tx::{Result, Tx};
use crate::StoreError;
use rusqlite::{params, Connection, OptionalExtension, Row};
use rust_decimal::Decimal;
use std::str::FromStr;
use zenlocal_core::account::{AccessKey, Account, LedgerEntry, Token, TransactionType};
use zenlocal_core::clock::{ClockMode, ClockState};
use zenlocal_core::event::{EventKind, ScheduledEvent};
use zenlocal_core::Timestamp;

pub struct SqliteTx<'c> {
    conn: &'c Connection,
}

impl<'c> SqliteTx<'c> {
    pub fn new(conn: &'c Connection) -> Self {
        SqliteTx { conn }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode::*;
        match e.sqlite_error_code() {
            Some(DatabaseBusy | DatabaseLocked | DiskFull | SystemIoFailure | CannotOpen) => {
                StoreError::Unavailable(e.to_string())
            }
            _ => StoreError::Internal(e.to_string()),
        }
    }
}

fn decimal(row: &Row<'_>, idx: usize) -> rusqlite::Result<Decimal> {
    let text: String = row.get(idx)?;
    Decimal::from_str(&text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn account_row(row: &Row<'_>) -> rusqlite::Result<Account> {
    Ok(Account {
        id: row.get(0)?,
        name: row.get(1)?,
        balance: decimal(row, 2)?,
        discount: decimal(row, 3)?,
        created_at: Timestamp(row.get(4)?),
    })
}

fn ledger_row(row: &Row<'_>) -> rusqlite::Result<LedgerEntry> {
    let kind: String = row.get(2)?;
    Ok(LedgerEntry {
        account_id: row.get(0)?,
        time: Timestamp(row.get(1)?),
        kind: TransactionType::parse(&kind).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                2,
                rusqlite::types::Type::Text,
                format!("unknown transaction type {kind}").into(),
            )
        })?,
        amount: decimal(row, 3)?,
        balance_after: decimal(row, 4)?,
        order_number: row.get(5)?,
        description: row.get(6)?,
    })
}

fn event_row(row: &Row<'_>) -> rusqlite::Result<ScheduledEvent> {
    let payload: String = row.get(2)?;
    let kind: EventKind = serde_json::from_str(&payload).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(2, rusqlite::types::Type::Text, Box::new(e))
    })?;
    Ok(ScheduledEvent {
        id: row.get(0)?,
        due_at: Timestamp(row.get(1)?),
        kind,
    })
}

impl Tx for SqliteTx<'_> {
    fn clock(&mut self) -> Result<Option<ClockState>> {
        let row = self
            .conn
            .prepare_cached("SELECT mode, offset_seconds, frozen_at FROM clock WHERE id = 1")?
            .query_row([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            })
            .optional()?;
        row.map(|(mode, offset, frozen_at)| {
            let mode = match mode.as_str() {
                "system" => ClockMode::System,
                "frozen" => ClockMode::Frozen,
                other => return Err(StoreError::internal(format!("unknown clock mode {other}"))),
            };
            Ok(ClockState {
                mode,
                offset,
                frozen_at: Timestamp(frozen_at),
            })
        })
        .transpose()
    }

    fn set_clock(&mut self, clock: &ClockState) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO clock (id, mode, offset_seconds, frozen_at) VALUES (1, ?1, ?2, ?3)
                 ON CONFLICT (id) DO UPDATE SET mode = ?1, offset_seconds = ?2, frozen_at = ?3",
            )?
            .execute(params![
                clock.mode.name(),
                clock.offset,
                clock.frozen_at.seconds()
            ])?;
        Ok(())
    }

    fn account_count(&mut self) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached("SELECT COUNT(*) FROM accounts")?
            .query_row([], |r| r.get(0))?)
    }

    fn account(&mut self, id: &str) -> Result<Option<Account>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT id, name, balance, discount, created_at FROM accounts WHERE id = ?1",
            )?
            .query_row([id], account_row)
            .optional()?)
    }

    fn insert_account(&mut self, a: &Account) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO accounts (id, name, balance, discount, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                a.id,
                a.name,
                a.balance.to_string(),
                a.discount.to_string(),
                a.created_at.seconds()
            ])?;
        Ok(())
    }

    fn set_balance(&mut self, a: &Account) -> Result<()> {
        self.conn
            .prepare_cached("UPDATE accounts SET balance = ?2 WHERE id = ?1")?
            .execute(params![a.id, a.balance.to_string()])?;
        Ok(())
    }

    fn access_key(&mut self, id: &str) -> Result<Option<AccessKey>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT id, account_id, password, enabled FROM access_keys WHERE id = ?1",
            )?
            .query_row([id], |r| {
                Ok(AccessKey {
                    id: r.get(0)?,
                    account_id: r.get(1)?,
                    password: r.get(2)?,
                    enabled: r.get(3)?,
                })
            })
            .optional()?)
    }

    fn insert_access_key(&mut self, k: &AccessKey) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO access_keys (id, account_id, password, enabled) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![k.id, k.account_id, k.password, k.enabled])?;
        Ok(())
    }

    fn token(&mut self, token: &str) -> Result<Option<Token>> {
        Ok(self
            .conn
            .prepare_cached("SELECT token, account_id, expires_at FROM tokens WHERE token = ?1")?
            .query_row([token], |r| {
                Ok(Token {
                    token: r.get(0)?,
                    account_id: r.get(1)?,
                    expires_at: r.get::<_, Option<i64>>(2)?.map(Timestamp),
                })
            })
            .optional()?)
    }

    fn insert_token(&mut self, t: &Token) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO tokens (token, account_id, expires_at) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![
                t.token,
                t.account_id,
                t.expires_at.map(Timestamp::seconds)
            ])?;
        Ok(())
    }

    fn insert_ledger(&mut self, e: &LedgerEntry) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO ledger (account_id, time, kind, amount, balance_after, order_number, description)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                e.account_id,
                e.time.seconds(),
                e.kind.name(),
                e.amount.to_string(),
                e.balance_after.to_string(),
                e.order_number,
                e.description
            ])?;
        Ok(())
    }

    fn ledger(&mut self, account_id: &str) -> Result<Vec<LedgerEntry>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT account_id, time, kind, amount, balance_after, order_number, description
             FROM ledger WHERE account_id = ?1 ORDER BY time, seq",
        )?;
        let rows = stmt.query_map([account_id], ledger_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn insert_event(&mut self, due_at: Timestamp, kind: &EventKind) -> Result<i64> {
        let payload = serde_json::to_string(kind).map_err(StoreError::internal)?;
        self.conn
            .prepare_cached(
                "INSERT INTO scheduled_events (due_at, kind, account_id, payload) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![due_at.seconds(), kind.name(), kind.account_id(), payload])?;
        Ok(self.conn.last_insert_rowid())
    }

    fn next_due_event(&mut self, upto: Timestamp) -> Result<Option<ScheduledEvent>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT id, due_at, payload FROM scheduled_events WHERE due_at <= ?1
                 ORDER BY due_at, id LIMIT 1",
            )?
            .query_row([upto.seconds()], event_row)
            .optional()?)
    }

    fn delete_event(&mut self, id: i64) -> Result<()> {
        self.conn
            .prepare_cached("DELETE FROM scheduled_events WHERE id = ?1")?
            .execute([id])?;
        Ok(())
    }

    fn pending_events(&mut self) -> Result<Vec<ScheduledEvent>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, due_at, payload FROM scheduled_events ORDER BY due_at, id",
        )?;
        let rows = stmt.query_map([], event_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn clear(&mut self) -> Result<()> {
        self.conn.execute_batch(
            "DELETE FROM scheduled_events; DELETE FROM ledger; DELETE FROM tokens;
             DELETE FROM access_keys; DELETE FROM accounts;",
        )?;
        Ok(())
    }
}
