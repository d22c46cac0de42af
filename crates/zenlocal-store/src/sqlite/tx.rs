//! [`Tx`] over one SQLite connection (inside a transaction or savepoint).

use crate::tx::{Result, Tx};
use crate::StoreError;
use rusqlite::{params, Connection, OptionalExtension, Row};
use rust_decimal::Decimal;
use std::str::FromStr;
use zenlocal_core::account::{AccessKey, Account, LedgerEntry, Token, TransactionType};
use zenlocal_core::clock::{ClockMode, ClockState};
use zenlocal_core::event::{EventKind, ScheduledEvent};
use zenlocal_core::instance::{Instance, Service, StockDelta};
use zenlocal_core::order::{Order, OrderKind, OrderStatus};
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
        let unavailable = matches!(
            e.sqlite_error_code(),
            Some(DatabaseBusy | DatabaseLocked | DiskFull | SystemIoFailure | CannotOpen)
        );
        // SQLite has no SQLSTATE; its extended result code is in the source's own chain
        // ("Error code 1555: A PRIMARY KEY constraint failed").
        StoreError::Database {
            unavailable,
            sqlstate: None,
            source: Box::new(e),
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

fn json_row<T: serde::de::DeserializeOwned>(row: &Row<'_>, idx: usize) -> rusqlite::Result<T> {
    let text: String = row.get(idx)?;
    serde_json::from_str(&text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn conversion(idx: usize, what: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, what.into())
}

fn order_row(row: &Row<'_>) -> rusqlite::Result<Order> {
    let kind: String = row.get(3)?;
    let status: String = row.get(7)?;
    Ok(Order {
        number: row.get(0)?,
        instance_id: row.get(1)?,
        account_id: row.get(2)?,
        kind: OrderKind::parse(&kind).ok_or_else(|| conversion(3, format!("order kind {kind}")))?,
        from: row.get(4)?,
        to: row.get(5)?,
        amount: decimal(row, 6)?,
        status: OrderStatus::parse(&status)
            .ok_or_else(|| conversion(7, format!("order status {status}")))?,
        created_at: Timestamp(row.get(8)?),
        effective_at: Timestamp(row.get(9)?),
    })
}

fn service_name(text: &str) -> Option<Service> {
    match text {
        "bmc" => Some(Service::Bmc),
        "vm" => Some(Service::Vm),
        _ => None,
    }
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
    fn hold_clock(&mut self, _exclusive: bool) -> Result<()> {
        // One process owns a SQLite file, and its single writer thread already serialises.
        Ok(())
    }

    fn clock(&mut self) -> Result<Option<ClockState>> {
        Ok(self.clock_and_next_due()?.map(|(clock, _)| clock))
    }

    fn clock_and_next_due(&mut self) -> Result<Option<(ClockState, Option<Timestamp>)>> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT mode, offset_seconds, frozen_at, (SELECT MIN(due_at) FROM scheduled_events)
                 FROM clock WHERE id = 1",
            )?
            .query_row([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, Option<i64>>(3)?,
                ))
            })
            .optional()?;
        row.map(|(mode, offset, frozen_at, next_due)| {
            let mode = match mode.as_str() {
                "system" => ClockMode::System,
                "frozen" => ClockMode::Frozen,
                other => return Err(StoreError::internal(format!("unknown clock mode {other}"))),
            };
            let clock = ClockState {
                mode,
                offset,
                frozen_at: Timestamp(frozen_at),
            };
            Ok((clock, next_due.map(Timestamp)))
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

    fn instance(&mut self, id: &str) -> Result<Option<Instance>> {
        Ok(self
            .conn
            .prepare_cached("SELECT data FROM instances WHERE id = ?1")?
            .query_row([id], |r| json_row(r, 0))
            .optional()?)
    }

    fn instances(&mut self, account_id: &str, service: Service) -> Result<Vec<Instance>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT data FROM instances WHERE account_id = ?1 AND service = ?2")?;
        let rows = stmt.query_map(params![account_id, service.name()], |r| json_row(r, 0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn put_instance(&mut self, i: &Instance) -> Result<()> {
        let data = serde_json::to_string(i).map_err(StoreError::internal)?;
        self.conn
            .prepare_cached(
                "INSERT INTO instances (id, account_id, service, created_at, data) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (id) DO UPDATE SET data = ?5",
            )?
            .execute(params![i.id, i.account_id, i.service.name(), i.created_at.seconds(), data])?;
        Ok(())
    }

    fn delete_instance(&mut self, id: &str) -> Result<()> {
        self.conn
            .prepare_cached("DELETE FROM instances WHERE id = ?1")?
            .execute([id])?;
        Ok(())
    }

    fn put_order(&mut self, o: &Order) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO orders (order_number, instance_id, account_id, kind, from_value, to_value,
                                     amount, status, created_at, effective_at, seq)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,
                         (SELECT COALESCE(MAX(seq), 0) + 1 FROM orders))
                 ON CONFLICT (order_number, instance_id) DO UPDATE SET
                     status = ?8, amount = ?7, effective_at = ?10, to_value = ?6",
            )?
            .execute(params![
                o.number,
                o.instance_id,
                o.account_id,
                o.kind.name(),
                o.from,
                o.to,
                o.amount.to_string(),
                o.status.name(),
                o.created_at.seconds(),
                o.effective_at.seconds()
            ])?;
        Ok(())
    }

    fn orders(
        &mut self,
        account_id: Option<&str>,
        instance_id: Option<&str>,
    ) -> Result<Vec<Order>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT order_number, instance_id, account_id, kind, from_value, to_value, amount, status,
                    created_at, effective_at
             FROM orders
             WHERE (?1 IS NULL OR account_id = ?1) AND (?2 IS NULL OR instance_id = ?2)
             ORDER BY seq",
        )?;
        let rows = stmt.query_map(params![account_id, instance_id], order_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn stock_taken(&mut self, service: Service, zone_id: &str, product: &str) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT taken FROM stock WHERE service = ?1 AND zone_id = ?2 AND product = ?3",
            )?
            .query_row(params![service.name(), zone_id, product], |r| r.get(0))
            .optional()?
            .unwrap_or(0))
    }

    fn add_stock_taken(&mut self, d: &StockDelta) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO stock (service, zone_id, product, taken) VALUES (?1, ?2, ?3, MAX(?4, 0))
                 ON CONFLICT (service, zone_id, product) DO UPDATE SET taken = MAX(taken + ?4, 0)",
            )?
            .execute(params![d.service.name(), d.zone_id, d.product, d.delta])?;
        Ok(())
    }

    fn all_stock_taken(&mut self) -> Result<Vec<(Service, String, String, i64)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT service, zone_id, product, taken FROM stock")?;
        let rows = stmt.query_map([], |r| {
            let service: String = r.get(0)?;
            Ok((
                service_name(&service)
                    .ok_or_else(|| conversion(0, format!("service {service}")))?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn clear(&mut self) -> Result<()> {
        self.conn.execute_batch(
            "DELETE FROM scheduled_events; DELETE FROM orders; DELETE FROM stock;
             DELETE FROM instances; DELETE FROM ledger; DELETE FROM tokens;
             DELETE FROM access_keys; DELETE FROM accounts;",
        )?;
        Ok(())
    }
}
