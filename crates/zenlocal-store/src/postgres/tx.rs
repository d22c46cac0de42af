//! [`Tx`] over one PostgreSQL transaction. Every command holds the clock's advisory lock,
//! shared or exclusive (D-110); rows it will change are read with `FOR NO KEY UPDATE`, so
//! concurrent commands on one instance or account serialise (D-31) while inserts that only
//! refer to an account (ledger, orders) never wait for it.

use crate::tx::{Result, Tx};
use crate::StoreError;
use postgres::types::ToSql;
use postgres::{GenericClient, Row, Statement};
use std::collections::HashMap;
use zenlocal_core::account::{AccessKey, Account, LedgerEntry, Token, TransactionType};
use zenlocal_core::clock::{ClockMode, ClockState};
use zenlocal_core::event::{EventKind, ScheduledEvent};
use zenlocal_core::instance::{Instance, Service, StockDelta};
use zenlocal_core::order::{Order, OrderKind, OrderStatus};
use zenlocal_core::Timestamp;

/// The advisory lock key of the clock: shared by commands, exclusive while time moves.
const CLOCK_LOCK: i64 = 0x7a65_6e6c_6f63_0001;

/// Statements prepared on one connection, by their SQL.
pub type Statements = HashMap<String, Statement>;

/// A command's view of one connection: inside a transaction for writes, plain (one
/// statement, one round trip) for reads. Statements are prepared once per connection.
pub struct PgTx<'t, C: GenericClient> {
    client: &'t mut C,
    statements: &'t mut Statements,
    /// Writes lock what they read; reads do not.
    locking: bool,
}

type Params<'a> = [&'a (dyn ToSql + Sync)];

impl<'t, C: GenericClient> PgTx<'t, C> {
    pub fn new(client: &'t mut C, statements: &'t mut Statements, locking: bool) -> Self {
        PgTx {
            client,
            statements,
            locking,
        }
    }

    fn statement(&mut self, sql: &str) -> Result<Statement> {
        if let Some(statement) = self.statements.get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.client.prepare(sql)?;
        self.statements.insert(sql.to_owned(), statement.clone());
        Ok(statement)
    }

    fn query(&mut self, sql: &str, params: &Params<'_>) -> Result<Vec<Row>> {
        let statement = self.statement(sql)?;
        Ok(self.client.query(&statement, params)?)
    }

    fn query_opt(&mut self, sql: &str, params: &Params<'_>) -> Result<Option<Row>> {
        let statement = self.statement(sql)?;
        Ok(self.client.query_opt(&statement, params)?)
    }

    fn query_one(&mut self, sql: &str, params: &Params<'_>) -> Result<Row> {
        let statement = self.statement(sql)?;
        Ok(self.client.query_one(&statement, params)?)
    }

    fn execute(&mut self, sql: &str, params: &Params<'_>) -> Result<u64> {
        let statement = self.statement(sql)?;
        Ok(self.client.execute(&statement, params)?)
    }

    fn lock(&self) -> &'static str {
        if self.locking {
            " FOR NO KEY UPDATE"
        } else {
            ""
        }
    }
}

fn internal(what: String) -> StoreError {
    StoreError::Internal(what)
}

/// An amount of money: `numeric` gives back the scale it was given, and zero may come
/// back without one; money is always shown in cents.
fn money(r: &Row, idx: usize) -> Result<rust_decimal::Decimal> {
    let mut value: rust_decimal::Decimal = r.try_get(idx)?;
    if value.scale() < 2 {
        value.rescale(2);
    }
    Ok(value)
}

fn account_row(r: &Row) -> Result<Account> {
    Ok(Account {
        id: r.try_get(0)?,
        name: r.try_get(1)?,
        balance: money(r, 2)?,
        discount: r.try_get(3)?,
        created_at: Timestamp(r.try_get(4)?),
    })
}

fn ledger_row(r: &Row) -> Result<LedgerEntry> {
    let kind: String = r.try_get(2)?;
    Ok(LedgerEntry {
        account_id: r.try_get(0)?,
        time: Timestamp(r.try_get(1)?),
        kind: TransactionType::parse(&kind)
            .ok_or_else(|| internal(format!("transaction type {kind}")))?,
        amount: money(r, 3)?,
        balance_after: money(r, 4)?,
        order_number: r.try_get(5)?,
        description: r.try_get(6)?,
    })
}

fn event_row(r: &Row) -> Result<ScheduledEvent> {
    let payload: String = r.try_get(2)?;
    Ok(ScheduledEvent {
        id: r.try_get(0)?,
        due_at: Timestamp(r.try_get(1)?),
        kind: serde_json::from_str(&payload).map_err(StoreError::internal)?,
    })
}

fn order_row(r: &Row) -> Result<Order> {
    let kind: String = r.try_get(3)?;
    let status: String = r.try_get(7)?;
    Ok(Order {
        number: r.try_get(0)?,
        instance_id: r.try_get(1)?,
        account_id: r.try_get(2)?,
        kind: OrderKind::parse(&kind).ok_or_else(|| internal(format!("order kind {kind}")))?,
        from: r.try_get(4)?,
        to: r.try_get(5)?,
        amount: money(r, 6)?,
        status: OrderStatus::parse(&status)
            .ok_or_else(|| internal(format!("order status {status}")))?,
        created_at: Timestamp(r.try_get(8)?),
        effective_at: Timestamp(r.try_get(9)?),
    })
}

fn instance_row(r: &Row) -> Result<Instance> {
    let data: String = r.try_get(0)?;
    serde_json::from_str(&data).map_err(StoreError::internal)
}

impl<C: GenericClient> Tx for PgTx<'_, C> {
    fn hold_clock(&mut self, exclusive: bool) -> Result<()> {
        // A statement of its own: under READ COMMITTED the next statement's snapshot is
        // taken after the lock is granted, so it sees what the last holder committed.
        let sql = if exclusive {
            "SELECT pg_advisory_xact_lock($1)"
        } else {
            "SELECT pg_advisory_xact_lock_shared($1)"
        };
        self.execute(sql, &[&CLOCK_LOCK])?;
        Ok(())
    }

    fn clock(&mut self) -> Result<Option<ClockState>> {
        Ok(self.clock_and_next_due()?.map(|(clock, _)| clock))
    }

    fn clock_and_next_due(&mut self) -> Result<Option<(ClockState, Option<Timestamp>)>> {
        let row = self.query_opt(
            "SELECT mode, offset_seconds, frozen_at, (SELECT MIN(due_at) FROM scheduled_events)
             FROM clock WHERE id = 1",
            &[],
        )?;
        row.map(|r| {
            let mode: String = r.try_get(0)?;
            let mode = match mode.as_str() {
                "system" => ClockMode::System,
                "frozen" => ClockMode::Frozen,
                other => return Err(internal(format!("clock mode {other}"))),
            };
            let clock = ClockState {
                mode,
                offset: r.try_get(1)?,
                frozen_at: Timestamp(r.try_get(2)?),
            };
            Ok((clock, r.try_get::<_, Option<i64>>(3)?.map(Timestamp)))
        })
        .transpose()
    }

    fn set_clock(&mut self, c: &ClockState) -> Result<()> {
        self.execute(
            "INSERT INTO clock (id, mode, offset_seconds, frozen_at) VALUES (1, $1, $2, $3)
             ON CONFLICT (id) DO UPDATE SET mode = $1, offset_seconds = $2, frozen_at = $3",
            &[&c.mode.name(), &c.offset, &c.frozen_at.seconds()],
        )?;
        Ok(())
    }

    fn account_count(&mut self) -> Result<i64> {
        Ok(self
            .query_one("SELECT COUNT(*) FROM accounts", &[])?
            .try_get(0)?)
    }

    fn account(&mut self, id: &str) -> Result<Option<Account>> {
        let sql = format!(
            "SELECT id, name, balance, discount, created_at FROM accounts WHERE id = $1{}",
            self.lock()
        );
        self.query_opt(sql.as_str(), &[&id])?
            .map(|r| account_row(&r))
            .transpose()
    }

    fn insert_account(&mut self, a: &Account) -> Result<()> {
        self.execute(
            "INSERT INTO accounts (id, name, balance, discount, created_at) VALUES ($1, $2, $3, $4, $5)",
            &[&a.id, &a.name, &a.balance, &a.discount, &a.created_at.seconds()],
        )?;
        Ok(())
    }

    fn set_balance(&mut self, a: &Account) -> Result<()> {
        self.execute(
            "UPDATE accounts SET balance = $2 WHERE id = $1",
            &[&a.id, &a.balance],
        )?;
        Ok(())
    }

    fn access_key(&mut self, id: &str) -> Result<Option<AccessKey>> {
        self.query_opt(
            "SELECT id, account_id, password, enabled FROM access_keys WHERE id = $1",
            &[&id],
        )?
        .map(|r| {
            Ok(AccessKey {
                id: r.try_get(0)?,
                account_id: r.try_get(1)?,
                password: r.try_get(2)?,
                enabled: r.try_get(3)?,
            })
        })
        .transpose()
    }

    fn insert_access_key(&mut self, k: &AccessKey) -> Result<()> {
        self.execute(
            "INSERT INTO access_keys (id, account_id, password, enabled) VALUES ($1, $2, $3, $4)",
            &[&k.id, &k.account_id, &k.password, &k.enabled],
        )?;
        Ok(())
    }

    fn token(&mut self, token: &str) -> Result<Option<Token>> {
        self.query_opt(
            "SELECT token, account_id, expires_at FROM tokens WHERE token = $1",
            &[&token],
        )?
        .map(|r| {
            Ok(Token {
                token: r.try_get(0)?,
                account_id: r.try_get(1)?,
                expires_at: r.try_get::<_, Option<i64>>(2)?.map(Timestamp),
            })
        })
        .transpose()
    }

    fn insert_token(&mut self, t: &Token) -> Result<()> {
        self.execute(
            "INSERT INTO tokens (token, account_id, expires_at) VALUES ($1, $2, $3)",
            &[
                &t.token,
                &t.account_id,
                &t.expires_at.map(Timestamp::seconds),
            ],
        )?;
        Ok(())
    }

    fn insert_ledger(&mut self, e: &LedgerEntry) -> Result<()> {
        self.execute(
            "INSERT INTO ledger (account_id, time, kind, amount, balance_after, order_number, description)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            &[
                &e.account_id,
                &e.time.seconds(),
                &e.kind.name(),
                &e.amount,
                &e.balance_after,
                &e.order_number,
                &e.description,
            ],
        )?;
        Ok(())
    }

    fn ledger(&mut self, account_id: &str) -> Result<Vec<LedgerEntry>> {
        self.query(
            "SELECT account_id, time, kind, amount, balance_after, order_number, description
                 FROM ledger WHERE account_id = $1 ORDER BY time, seq",
            &[&account_id],
        )?
        .iter()
        .map(ledger_row)
        .collect()
    }

    fn insert_event(&mut self, due_at: Timestamp, kind: &EventKind) -> Result<i64> {
        let payload = serde_json::to_string(kind).map_err(StoreError::internal)?;
        Ok(self
            .query_one(
                "INSERT INTO scheduled_events (due_at, kind, account_id, payload) VALUES ($1, $2, $3, $4)
                 RETURNING id",
                &[&due_at.seconds(), &kind.name(), &kind.account_id(), &payload],
            )?
            .try_get(0)?)
    }

    fn next_due_event(&mut self, upto: Timestamp) -> Result<Option<ScheduledEvent>> {
        // Only the holder of the exclusive clock lock applies events: each applies once.
        self.query_opt(
            "SELECT id, due_at, payload FROM scheduled_events WHERE due_at <= $1
                 ORDER BY due_at, id LIMIT 1",
            &[&upto.seconds()],
        )?
        .map(|r| event_row(&r))
        .transpose()
    }

    fn delete_event(&mut self, id: i64) -> Result<()> {
        self.execute("DELETE FROM scheduled_events WHERE id = $1", &[&id])?;
        Ok(())
    }

    fn pending_events(&mut self) -> Result<Vec<ScheduledEvent>> {
        self.query(
            "SELECT id, due_at, payload FROM scheduled_events ORDER BY due_at, id",
            &[],
        )?
        .iter()
        .map(event_row)
        .collect()
    }

    fn instance(&mut self, id: &str) -> Result<Option<Instance>> {
        let sql = format!("SELECT data FROM instances WHERE id = $1{}", self.lock());
        self.query_opt(sql.as_str(), &[&id])?
            .map(|r| instance_row(&r))
            .transpose()
    }

    fn instances(&mut self, account_id: &str, service: Service) -> Result<Vec<Instance>> {
        self.query(
            "SELECT data FROM instances WHERE account_id = $1 AND service = $2",
            &[&account_id, &service.name()],
        )?
        .iter()
        .map(instance_row)
        .collect()
    }

    fn put_instance(&mut self, i: &Instance) -> Result<()> {
        let data = serde_json::to_string(i).map_err(StoreError::internal)?;
        self.execute(
            "INSERT INTO instances (id, account_id, service, created_at, data) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (id) DO UPDATE SET data = $5",
            &[&i.id, &i.account_id, &i.service.name(), &i.created_at.seconds(), &data],
        )?;
        Ok(())
    }

    fn delete_instance(&mut self, id: &str) -> Result<()> {
        self.execute("DELETE FROM instances WHERE id = $1", &[&id])?;
        Ok(())
    }

    fn put_order(&mut self, o: &Order) -> Result<()> {
        self.execute(
            "INSERT INTO orders (order_number, instance_id, account_id, kind, from_value, to_value,
                                 amount, status, created_at, effective_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
             ON CONFLICT (order_number, instance_id) DO UPDATE SET
                 status = $8, amount = $7, effective_at = $10, to_value = $6",
            &[
                &o.number,
                &o.instance_id,
                &o.account_id,
                &o.kind.name(),
                &o.from,
                &o.to,
                &o.amount,
                &o.status.name(),
                &o.created_at.seconds(),
                &o.effective_at.seconds(),
            ],
        )?;
        Ok(())
    }

    fn orders(
        &mut self,
        account_id: Option<&str>,
        instance_id: Option<&str>,
    ) -> Result<Vec<Order>> {
        self
            .query(
                "SELECT order_number, instance_id, account_id, kind, from_value, to_value, amount, status,
                        created_at, effective_at
                 FROM orders
                 WHERE ($1::text IS NULL OR account_id = $1) AND ($2::text IS NULL OR instance_id = $2)
                 ORDER BY seq",
                &[&account_id, &instance_id],
            )?
            .iter()
            .map(order_row)
            .collect()
    }

    fn stock_taken(&mut self, service: Service, zone_id: &str, product: &str) -> Result<i64> {
        if self.locking {
            // Lock the offer's row, creating it first, so two creates cannot both take the
            // last unit.
            self.execute(
                "INSERT INTO stock (service, zone_id, product, taken) VALUES ($1, $2, $3, 0)
                 ON CONFLICT DO NOTHING",
                &[&service.name(), &zone_id, &product],
            )?;
        }
        let sql = format!(
            "SELECT taken FROM stock WHERE service = $1 AND zone_id = $2 AND product = $3{}",
            self.lock()
        );
        Ok(self
            .query_opt(sql.as_str(), &[&service.name(), &zone_id, &product])?
            .map(|r| r.try_get(0))
            .transpose()?
            .unwrap_or(0))
    }

    fn add_stock_taken(&mut self, d: &StockDelta) -> Result<()> {
        self.execute(
            "INSERT INTO stock (service, zone_id, product, taken) VALUES ($1, $2, $3, GREATEST($4::bigint, 0))
             ON CONFLICT (service, zone_id, product) DO UPDATE SET taken = GREATEST(stock.taken + $4::bigint, 0)",
            &[&d.service.name(), &d.zone_id, &d.product, &d.delta],
        )?;
        Ok(())
    }

    fn all_stock_taken(&mut self) -> Result<Vec<(Service, String, String, i64)>> {
        self.query("SELECT service, zone_id, product, taken FROM stock", &[])?
            .iter()
            .map(|r| {
                let service: String = r.try_get(0)?;
                let service = match service.as_str() {
                    "bmc" => Service::Bmc,
                    "vm" => Service::Vm,
                    other => return Err(internal(format!("service {other}"))),
                };
                Ok((service, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?))
            })
            .collect()
    }

    fn clear(&mut self) -> Result<()> {
        self.client.batch_execute(
            "DELETE FROM scheduled_events; DELETE FROM orders; DELETE FROM stock;
             DELETE FROM instances; DELETE FROM ledger; DELETE FROM tokens;
             DELETE FROM access_keys; DELETE FROM accounts;",
        )?;
        Ok(())
    }
}
