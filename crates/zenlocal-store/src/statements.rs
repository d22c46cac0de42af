//! [`Tx`] for both backends: every statement and every row mapping, written once over a
//! [`Conn`]. Rows that a command will change are read `FOR NO KEY UPDATE` where the
//! backend locks rows, so concurrent commands on one instance or account serialise (D-31)
//! while inserts that only refer to an account (ledger, orders) never wait for it (D-110).

use crate::ops::StoreIds;
use crate::sql::{
    json, key_list, keys, latest_by, money, named, row_chunks, values, Conn, Row, Rows, Value, KEYS,
};
use crate::tx::{
    AccountClock, AddressesTx, ConsoleTx, DisksTx, ImagesTx, IpBlocksTx, KeyPairsTx, OrderFilter,
    ResourceGroupsTx, Result, SecurityGroupsTx, ServiceFaultsTx, SubnetsTx, TestClocksTx,
    TrafficTx, Tx,
};
use crate::StoreError;
use std::collections::HashMap;
use std::net::IpAddr;
use zenlocal_core::account::{AccessKey, Account, LedgerEntry, Token};
use zenlocal_core::clock::{ClockState, TestClock};
use zenlocal_core::fault::{ServiceFault, ServiceFaultKind};
use zenlocal_core::image::Image;
use zenlocal_core::ipam::Scope;
use zenlocal_core::keypair::KeyPair;
use zenlocal_core::model::{
    Disk, EventKind, Instance, IpBlock, Lease, Order, ResourceRef, ScheduledEvent, StockDelta,
    TrafficSegment,
};
use zenlocal_core::resource_group::ResourceGroup;
use zenlocal_core::security_group::SecurityGroup;
use zenlocal_core::subnet::Subnet;
use zenlocal_core::vpc::Vpc;
use zenlocal_core::Timestamp;
use zenlocal_wire::Service;

/// The statements of one op, on the connection its backend gave it.
pub struct SqlTx<C: Conn> {
    conn: C,
    ids: Option<StoreIds>,
}

impl<C: Conn> SqlTx<C> {
    /// For a read, which makes nothing and so numbers no order.
    pub fn new(conn: C) -> Self {
        SqlTx { conn, ids: None }
    }

    /// For a write of the process whose order node `ids` holds.
    pub fn writing(conn: C, ids: StoreIds) -> Self {
        SqlTx {
            conn,
            ids: Some(ids),
        }
    }

    /// The connection, to end its transaction.
    pub fn into_conn(self) -> C {
        self.conn
    }
}

fn account_row(r: &dyn Row) -> Result<Account> {
    Ok(Account {
        id: r.text(0)?,
        name: r.text(1)?,
        balance: money(r, 2)?,
        discount: r.decimal(3)?,
        created_at: Timestamp(r.int(4)?),
    })
}

fn access_key_row(r: &dyn Row) -> Result<AccessKey> {
    Ok(AccessKey {
        id: r.text(0)?,
        account_id: r.text(1)?,
        password: r.text(2)?,
        enabled: r.flag(3)?,
    })
}

fn token_row(r: &dyn Row) -> Result<Token> {
    Ok(Token {
        token: r.text(0)?,
        account_id: r.text(1)?,
        expires_at: r.opt_int(2)?.map(Timestamp),
    })
}

fn ledger_row(r: &dyn Row) -> Result<LedgerEntry> {
    Ok(LedgerEntry {
        account_id: r.text(0)?,
        time: Timestamp(r.int(1)?),
        kind: named(r, 2)?,
        amount: money(r, 3)?,
        balance_after: money(r, 4)?,
        order_number: r.opt_text(5)?,
        description: r.text(6)?,
    })
}

fn event_row(r: &dyn Row) -> Result<ScheduledEvent> {
    Ok(ScheduledEvent {
        id: r.int(0)?,
        due_at: Timestamp(r.int(1)?),
        kind: json(r, 2)?,
    })
}

fn order_row(r: &dyn Row) -> Result<Order> {
    Ok(Order {
        number: r.text(0)?,
        account_id: r.text(1)?,
        resource: ResourceRef {
            kind: named(r, 2)?,
            id: r.text(3)?,
        },
        kind: named(r, 4)?,
        from: r.opt_text(5)?,
        to: r.opt_text(6)?,
        amount: money(r, 7)?,
        status: named(r, 8)?,
        created_at: Timestamp(r.int(9)?),
        effective_at: Timestamp(r.int(10)?),
    })
}

fn clock_row(r: &dyn Row) -> Result<(ClockState, Option<Timestamp>)> {
    Ok((clock_at(r, 0)?, r.opt_int(3)?.map(Timestamp)))
}

/// The global clock's columns (mode, offset, frozen time) from column `at` on.
fn clock_at(r: &dyn Row, at: usize) -> Result<ClockState> {
    Ok(ClockState {
        mode: named(r, at)?,
        offset: r.int(at + 1)?,
        frozen_at: Timestamp(r.int(at + 2)?),
    })
}

/// The columns of an order line, as [`order_row`] reads them.
macro_rules! select_orders {
    ($filter:literal) => {
        concat!(
            "SELECT order_number, account_id, resource_type, resource_id, kind, from_value,
                    to_value, amount, status, created_at, effective_at
             FROM orders",
            $filter,
            " ORDER BY seq"
        )
    };
}

static LEDGER_ROWS: Rows = Rows::new(
    "INSERT INTO ledger (account_id, time, kind, amount, balance_after, order_number, \
     description)",
    "($1, $2, $3, $4, $5, $6, $7)",
    "",
);

const EVENT_HEAD: &str =
    "INSERT INTO scheduled_events (due_at, kind, account_id, payload, clock_id)";
// An event belongs to the clock of its account (D-181).
const EVENT_ROW: &str = "($1, $2, $3, $4, (SELECT clock_id FROM accounts WHERE id = $3))";
static EVENT_ROWS: Rows = Rows::new(EVENT_HEAD, EVENT_ROW, "");
static EVENT_RETURNING_ID: Rows = Rows::new(EVENT_HEAD, EVENT_ROW, " RETURNING id");

static INSTANCE_ROWS: Rows = Rows::new(
    "INSERT INTO instances (id, account_id, service, created_at, data)",
    "($1, $2, $3, $4, $5)",
    " ON CONFLICT (id) DO UPDATE SET data = excluded.data",
);

static LEASE_ROWS: Rows = Rows::new(
    "INSERT INTO addresses (scope, address, prefix, account_id, holder_type, holder_id)",
    "($1, $2, $3, $4, $5, $6)",
    "",
);

static ORDER_ROWS: Rows = Rows::new(
    "INSERT INTO orders (order_number, account_id, resource_type, resource_id, kind, \
     from_value, to_value, amount, status, created_at, effective_at)",
    "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    " ON CONFLICT (order_number, resource_type, resource_id) DO UPDATE SET \
     status = excluded.status, amount = excluded.amount, \
     effective_at = excluded.effective_at, to_value = excluded.to_value",
);

/// Order lines as writing them one by one would leave them: a line written again keeps
/// what it was made with and takes the later status, amount, effective time and target
/// (what [`ORDER_ROWS`] updates on conflict), so that one statement writes it once.
fn merge_order_lines(orders: &[Order]) -> Vec<Order> {
    let mut at: HashMap<(&str, &str, &str), usize> = HashMap::with_capacity(orders.len());
    let mut merged: Vec<Order> = Vec::with_capacity(orders.len());
    for o in orders {
        let key = (
            o.number.as_str(),
            o.resource.kind.name(),
            o.resource.id.as_str(),
        );
        match at.get(&key) {
            Some(&i) => {
                let line = &mut merged[i];
                line.status = o.status;
                line.amount = o.amount;
                line.effective_at = o.effective_at;
                line.to = o.to.clone();
            }
            None => {
                at.insert(key, merged.len());
                merged.push(o.clone());
            }
        }
    }
    merged
}

/// The first due instant of the global clock's events. Written as the first row in the
/// order of the index on `(clock_id, due_at, id)`, not as `MIN(due_at)`: PostgreSQL does
/// not take `clock_id IS NULL` as fixing the index's first column, so `MIN` read every
/// global event — every write read them all.
macro_rules! next_global_due {
    () => {
        "(SELECT due_at FROM scheduled_events WHERE clock_id IS NULL
          ORDER BY clock_id, due_at LIMIT 1)"
    };
}

/// What [`OrderFilter`] selects, its parameters `$1` to `$5`: each absent one selects all.
macro_rules! order_filter {
    () => {
        " WHERE (CAST($1 AS TEXT) IS NULL OR account_id = $1)
            AND (CAST($2 AS TEXT) IS NULL OR (resource_type = $2 AND resource_id = $3))
            AND (CAST($4 AS TEXT) IS NULL OR kind = $4)
            AND (CAST($5 AS TEXT) IS NULL OR status = $5)"
    };
}

/// An order filter's parameters, in [`order_filter!`]'s order.
fn order_filter_values(f: &OrderFilter) -> [Value<'_>; 5] {
    let resource = f.resource.as_ref();
    [
        f.account_id.as_deref().into(),
        resource.map(|r| r.kind.name()).into(),
        resource.map(|r| r.id.as_str()).into(),
        f.kind.as_deref().into(),
        f.status.as_deref().into(),
    ]
}

/// The clock an account's commands read `now` from ([`Tx::clock_of`]), `$1` the account:
/// nine columns, read by [`account_clock`].
macro_rules! clock_of {
    () => {
        concat!(
            "SELECT t.id, t.name, t.frozen_at, t.created_at,
                (SELECT MIN(e.due_at) FROM scheduled_events e WHERE e.clock_id = t.id),
                c.mode, c.offset_seconds, c.frozen_at,
                CASE WHEN t.id IS NULL THEN ",
            next_global_due!(),
            " END
             FROM clock c
             LEFT JOIN accounts a ON a.id = $1
             LEFT JOIN test_clocks t ON t.id = a.clock_id
             WHERE c.id = 1"
        )
    };
}

/// [`clock_of!`]'s columns, then the instance `$2` as its tenth, where it exists.
macro_rules! clock_and_instance {
    () => {
        concat!(
            "SELECT k.*, i.data FROM instances i, (",
            clock_of!(),
            ") k WHERE i.id = $2"
        )
    };
}

/// A row of [`clock_of!`]: the account's test clock if it has one, else the global clock,
/// each with its next due event (the global clock's looked for only for an account on it).
fn account_clock(r: &dyn Row) -> Result<AccountClock> {
    if r.opt_text(0)?.is_some() {
        let due = r.opt_int(4)?.map(Timestamp);
        return Ok(AccountClock::Test(test_clock_row(r)?, due));
    }
    Ok(AccountClock::Global(
        clock_at(r, 5)?,
        r.opt_int(8)?.map(Timestamp),
    ))
}

impl<C: Conn> Tx for SqlTx<C> {
    fn clock_of(&mut self, account_id: &str) -> Result<Option<AccountClock>> {
        self.conn
            .query_opt(clock_of!(), &values![account_id], account_clock)
    }

    fn clock_and_instance(
        &mut self,
        account_id: &str,
        instance_id: &str,
        lock: bool,
    ) -> Result<(Option<AccountClock>, Option<Instance>)> {
        let sql = if lock {
            concat!(clock_and_instance!(), " FOR NO KEY UPDATE OF i")
        } else {
            clock_and_instance!()
        };
        let both = self
            .conn
            .query_opt(sql, &values![account_id, instance_id], |r| {
                Ok((account_clock(r)?, json(r, 9)?))
            })?;
        match both {
            Some((clock, instance)) => Ok((Some(clock), Some(instance))),
            // No such instance: the clock on its own.
            None => Ok((self.clock_of(account_id)?, None)),
        }
    }

    fn locks_rows(&self) -> bool {
        self.conn.locks_rows()
    }

    fn claim_node(&mut self) -> Result<u64> {
        let claimed = self.conn.query_one(
            "UPDATE order_nodes SET claimed = claimed + 1 WHERE id = 1 RETURNING claimed",
            &[],
            |r| r.int(0),
        )?;
        Ok(claimed.unsigned_abs() % zenlocal_wire::ids::NODES)
    }

    fn ids(&self) -> Result<StoreIds> {
        self.ids
            .ok_or_else(|| StoreError::internal("a read cannot number orders"))
    }

    fn clock(&mut self) -> Result<Option<ClockState>> {
        Ok(self.clock_and_next_due()?.map(|(clock, _)| clock))
    }

    fn clock_and_next_due(&mut self) -> Result<Option<(ClockState, Option<Timestamp>)>> {
        self.conn.query_opt(
            concat!(
                "SELECT mode, offset_seconds, frozen_at, ",
                next_global_due!(),
                " FROM clock WHERE id = 1"
            ),
            &[],
            clock_row,
        )
    }

    fn set_clock(&mut self, c: &ClockState) -> Result<()> {
        self.conn.execute(
            "INSERT INTO clock (id, mode, offset_seconds, frozen_at) VALUES (1, $1, $2, $3)
             ON CONFLICT (id) DO UPDATE SET mode = $1, offset_seconds = $2, frozen_at = $3",
            &values![c.mode.name(), c.offset, c.frozen_at],
        )?;
        Ok(())
    }

    fn advancing_to(&mut self) -> Result<Option<Timestamp>> {
        Ok(self
            .conn
            .query_opt("SELECT advancing_to FROM clock WHERE id = 1", &[], |r| {
                r.opt_int(0)
            })?
            .flatten()
            .map(Timestamp))
    }

    fn set_advancing_to(&mut self, target: Option<Timestamp>) -> Result<()> {
        self.conn.execute(
            "UPDATE clock SET advancing_to = $1 WHERE id = 1",
            &values![target],
        )?;
        Ok(())
    }

    fn account_count(&mut self) -> Result<i64> {
        self.conn
            .query_one("SELECT COUNT(*) FROM accounts", &[], |r| r.int(0))
    }

    fn account(&mut self, id: &str) -> Result<Option<Account>> {
        self.conn.queue_for_account(id, false);
        self.conn.query_opt(
            "SELECT id, name, balance, discount, created_at FROM accounts WHERE id = $1
             FOR NO KEY UPDATE",
            &values![id],
            account_row,
        )
    }

    fn accounts_by_id(&mut self, ids: &[&str]) -> Result<Vec<Account>> {
        let mut found = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(KEYS) {
            found.extend(self.conn.query(
                concat!(
                    "SELECT id, name, balance, discount, created_at FROM accounts WHERE id IN ",
                    key_list!(),
                    " ORDER BY id FOR NO KEY UPDATE"
                ),
                &keys(chunk),
                account_row,
            )?);
        }
        Ok(found)
    }

    fn insert_account(&mut self, a: &Account) -> Result<()> {
        self.conn.execute(
            "INSERT INTO accounts (id, name, balance, discount, created_at)
             VALUES ($1, $2, $3, $4, $5)",
            &values![&a.id, &a.name, a.balance, a.discount, a.created_at],
        )?;
        Ok(())
    }

    fn set_balance(&mut self, a: &Account) -> Result<()> {
        self.conn.execute(
            "UPDATE accounts SET balance = $1 WHERE id = $2",
            &values![a.balance, &a.id],
        )?;
        Ok(())
    }

    fn access_key(&mut self, id: &str) -> Result<Option<AccessKey>> {
        self.conn.query_opt(
            "SELECT id, account_id, password, enabled FROM access_keys WHERE id = $1",
            &values![id],
            access_key_row,
        )
    }

    fn insert_access_key(&mut self, k: &AccessKey) -> Result<()> {
        self.conn.execute(
            "INSERT INTO access_keys (id, account_id, password, enabled) VALUES ($1, $2, $3, $4)",
            &values![&k.id, &k.account_id, &k.password, k.enabled],
        )?;
        Ok(())
    }

    fn token(&mut self, token: &str) -> Result<Option<Token>> {
        self.conn.query_opt(
            "SELECT token, account_id, expires_at FROM tokens WHERE token = $1",
            &values![token],
            token_row,
        )
    }

    fn insert_token(&mut self, t: &Token) -> Result<()> {
        self.conn.execute(
            "INSERT INTO tokens (token, account_id, expires_at) VALUES ($1, $2, $3)",
            &values![&t.token, &t.account_id, t.expires_at],
        )?;
        Ok(())
    }

    fn insert_ledger(&mut self, entries: &[LedgerEntry]) -> Result<()> {
        for chunk in row_chunks(entries) {
            let mut params = Vec::with_capacity(chunk.len() * 7);
            for e in chunk {
                params.extend(values![
                    &e.account_id,
                    e.time,
                    e.kind.name(),
                    e.amount,
                    e.balance_after,
                    &e.order_number,
                    &e.description,
                ]);
            }
            self.conn.execute(LEDGER_ROWS.sql(chunk.len()), &params)?;
        }
        Ok(())
    }

    fn ledger(&mut self, account_id: &str) -> Result<Vec<LedgerEntry>> {
        self.conn.query(
            "SELECT account_id, time, kind, amount, balance_after, order_number, description
             FROM ledger WHERE account_id = $1 ORDER BY time, seq",
            &values![account_id],
            ledger_row,
        )
    }

    fn insert_event(&mut self, due_at: Timestamp, kind: &EventKind) -> Result<i64> {
        let payload = serde_json::to_string(kind).map_err(StoreError::internal)?;
        self.conn.query_one(
            EVENT_RETURNING_ID.sql(1),
            &values![due_at, kind.name(), kind.account_id(), &payload],
            |r| r.int(0),
        )
    }

    fn insert_events(&mut self, events: &[(Timestamp, EventKind)]) -> Result<()> {
        for chunk in row_chunks(events) {
            let payloads = chunk
                .iter()
                .map(|(_, kind)| serde_json::to_string(kind))
                .collect::<std::result::Result<Vec<_>, _>>()
                .map_err(StoreError::internal)?;
            let mut params = Vec::with_capacity(chunk.len() * 4);
            for ((due_at, kind), payload) in chunk.iter().zip(&payloads) {
                params.extend(values![*due_at, kind.name(), kind.account_id(), payload]);
            }
            self.conn.execute(EVENT_ROWS.sql(chunk.len()), &params)?;
        }
        Ok(())
    }

    fn due_events(&mut self, upto: Timestamp, limit: usize) -> Result<Vec<ScheduledEvent>> {
        // Only the holder of the exclusive clock lock applies events: each applies once.
        self.conn.query(
            "SELECT id, due_at, payload FROM scheduled_events
             WHERE clock_id IS NULL AND due_at <= $1 ORDER BY clock_id, due_at, id LIMIT $2",
            &values![upto, i64::try_from(limit).unwrap_or(i64::MAX)],
            event_row,
        )
    }

    fn delete_events(&mut self, ids: &[i64]) -> Result<()> {
        for chunk in ids.chunks(KEYS) {
            self.conn.execute(
                concat!("DELETE FROM scheduled_events WHERE id IN ", key_list!()),
                &keys(chunk),
            )?;
        }
        Ok(())
    }

    fn pending_events(&mut self) -> Result<Vec<ScheduledEvent>> {
        self.conn.query(
            "SELECT id, due_at, payload FROM scheduled_events ORDER BY due_at, id",
            &[],
            event_row,
        )
    }

    fn instance(&mut self, id: &str) -> Result<Option<Instance>> {
        self.conn.query_opt(
            "SELECT data FROM instances WHERE id = $1 FOR NO KEY UPDATE",
            &values![id],
            |r| json(r, 0),
        )
    }

    fn account_and_instance(
        &mut self,
        account_id: &str,
        instance_id: &str,
        together: bool,
    ) -> Result<(Option<Account>, Option<Instance>)> {
        // PostgreSQL locks a row's tables in the order the statement names them: the
        // account, then the instance.
        self.conn.queue_for_account(account_id, together);
        let both = self.conn.query_opt(
            "SELECT a.id, a.name, a.balance, a.discount, a.created_at, i.data
             FROM accounts a, instances i WHERE a.id = $1 AND i.id = $2
             FOR NO KEY UPDATE",
            &values![account_id, instance_id],
            |r| Ok((account_row(r)?, json(r, 5)?)),
        )?;
        match both {
            Some((account, instance)) => Ok((Some(account), Some(instance))),
            // One is missing: each on its own, in the same order.
            None => Ok((self.account(account_id)?, self.instance(instance_id)?)),
        }
    }

    fn instances_by_id(&mut self, ids: &[&str]) -> Result<Vec<Instance>> {
        let mut found = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(KEYS) {
            found.extend(self.conn.query(
                concat!(
                    "SELECT data FROM instances WHERE id IN ",
                    key_list!(),
                    " ORDER BY id FOR NO KEY UPDATE"
                ),
                &keys(chunk),
                |r| json(r, 0),
            )?);
        }
        Ok(found)
    }

    fn instances(&mut self, account_id: &str, service: Service) -> Result<Vec<Instance>> {
        self.conn.query(
            "SELECT data FROM instances WHERE account_id = $1 AND service = $2",
            &values![account_id, service.name()],
            |r| json(r, 0),
        )
    }

    fn put_instances(&mut self, instances: &[&Instance]) -> Result<()> {
        let latest = latest_by(instances, |i| i.id.as_str());
        for chunk in row_chunks(&latest) {
            let data = chunk
                .iter()
                .map(serde_json::to_string)
                .collect::<std::result::Result<Vec<_>, _>>()
                .map_err(StoreError::internal)?;
            let mut params = Vec::with_capacity(chunk.len() * 5);
            for (i, data) in chunk.iter().zip(&data) {
                params.extend(values![
                    &i.id,
                    &i.account_id,
                    i.service.name(),
                    i.created_at,
                    data
                ]);
            }
            self.conn.execute(INSTANCE_ROWS.sql(chunk.len()), &params)?;
        }
        Ok(())
    }

    fn delete_instance(&mut self, id: &str) -> Result<()> {
        // Its traffic and the faults aimed at it go with it: nothing can ask for the one
        // or use up the other any more (D-240, D-241).
        self.conn
            .execute("DELETE FROM traffic WHERE instance_id = $1", &values![id])?;
        self.conn.execute(
            "DELETE FROM service_faults WHERE instance_id = $1",
            &values![id],
        )?;
        self.conn
            .execute("DELETE FROM instances WHERE id = $1", &values![id])?;
        Ok(())
    }

    fn put_orders(&mut self, orders: &[Order]) -> Result<()> {
        // `seq`, the order lines' order, is numbered by the database, row by row.
        for chunk in row_chunks(&merge_order_lines(orders)) {
            let mut params = Vec::with_capacity(chunk.len() * 11);
            for o in chunk {
                params.extend(values![
                    &o.number,
                    &o.account_id,
                    o.resource.kind.name(),
                    &o.resource.id,
                    o.kind.name(),
                    &o.from,
                    &o.to,
                    o.amount,
                    o.status.name(),
                    o.created_at,
                    o.effective_at,
                ]);
            }
            self.conn.execute(ORDER_ROWS.sql(chunk.len()), &params)?;
        }
        Ok(())
    }

    fn orders(
        &mut self,
        account_id: Option<&str>,
        resource: Option<&ResourceRef>,
    ) -> Result<Vec<Order>> {
        // One statement per filter, each served by an index ordered by `seq`.
        match (account_id, resource) {
            (None, None) => self.conn.query(select_orders!(""), &[], order_row),
            (Some(account), None) => self.conn.query(
                select_orders!(" WHERE account_id = $1"),
                &values![account],
                order_row,
            ),
            (None, Some(r)) => self.conn.query(
                select_orders!(" WHERE resource_type = $1 AND resource_id = $2"),
                &values![r.kind.name(), &r.id],
                order_row,
            ),
            (Some(account), Some(r)) => self.conn.query(
                select_orders!(
                    " WHERE resource_type = $1 AND resource_id = $2 AND account_id = $3"
                ),
                &values![r.kind.name(), &r.id, account],
                order_row,
            ),
        }
    }

    fn stock_taken(&mut self, service: Service, zone_id: &str, product: &str) -> Result<i64> {
        if self.conn.locks_rows() {
            // Lock the offer's row, creating it first, so two creates cannot both take the
            // last unit.
            self.conn.execute(
                "INSERT INTO stock (service, zone_id, product, taken) VALUES ($1, $2, $3, 0)
                 ON CONFLICT DO NOTHING",
                &values![service.name(), zone_id, product],
            )?;
        }
        Ok(self
            .conn
            .query_opt(
                "SELECT taken FROM stock WHERE service = $1 AND zone_id = $2 AND product = $3
                 FOR NO KEY UPDATE",
                &values![service.name(), zone_id, product],
                |r| r.int(0),
            )?
            .unwrap_or(0))
    }

    fn add_stock_taken(&mut self, d: &StockDelta) -> Result<()> {
        // Never below zero.
        self.conn.execute(
            "INSERT INTO stock (service, zone_id, product, taken)
             VALUES ($1, $2, $3, CASE WHEN CAST($4 AS BIGINT) > 0 THEN CAST($4 AS BIGINT) ELSE 0 END)
             ON CONFLICT (service, zone_id, product) DO UPDATE SET taken =
                 CASE WHEN stock.taken + CAST($4 AS BIGINT) > 0
                      THEN stock.taken + CAST($4 AS BIGINT) ELSE 0 END",
            &values![d.service.name(), &d.zone_id, &d.product, d.delta],
        )?;
        Ok(())
    }

    fn all_stock_taken(&mut self) -> Result<Vec<(Service, String, String, i64)>> {
        self.conn.query(
            "SELECT service, zone_id, product, taken FROM stock",
            &[],
            |r| Ok((named(r, 0)?, r.text(1)?, r.text(2)?, r.int(3)?)),
        )
    }

    fn clear(&mut self) -> Result<()> {
        self.conn.batch(
            "DELETE FROM scheduled_events; DELETE FROM orders; DELETE FROM stock;
             DELETE FROM traffic;
             DELETE FROM instances; DELETE FROM ledger; DELETE FROM tokens;
             DELETE FROM access_keys; DELETE FROM key_pairs; DELETE FROM images;
             DELETE FROM resource_groups; DELETE FROM subnets; DELETE FROM vpcs;
             DELETE FROM security_groups;
             DELETE FROM addresses; DELETE FROM address_scopes; DELETE FROM ip_blocks;
             DELETE FROM disks;
             DELETE FROM accounts; DELETE FROM test_clocks;",
        )
    }
}

// ---- vm key pairs (D-170 to D-172) ----------------------------------------------------

fn key_pair_row(r: &dyn Row) -> Result<KeyPair> {
    Ok(KeyPair {
        id: r.text(0)?,
        account_id: r.text(1)?,
        name: r.text(2)?,
        public_key: r.text(3)?,
        description: r.opt_text(4)?,
        created_at: Timestamp(r.int(5)?),
    })
}

impl<C: Conn> KeyPairsTx for SqlTx<C> {
    fn key_pairs(&mut self, account_id: &str) -> Result<Vec<KeyPair>> {
        self.conn.query(
            "SELECT id, account_id, name, public_key, description, created_at
             FROM key_pairs WHERE account_id = $1",
            &values![account_id],
            key_pair_row,
        )
    }

    fn insert_key_pair(&mut self, k: &KeyPair) -> Result<()> {
        self.conn.execute(
            "INSERT INTO key_pairs (id, account_id, name, public_key, description, created_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
            &values![
                &k.id,
                &k.account_id,
                &k.name,
                &k.public_key,
                &k.description,
                k.created_at,
            ],
        )?;
        Ok(())
    }

    fn set_key_pair_description(&mut self, k: &KeyPair) -> Result<()> {
        self.conn.execute(
            "UPDATE key_pairs SET description = $1 WHERE id = $2",
            &values![&k.description, &k.id],
        )?;
        Ok(())
    }

    fn delete_key_pair(&mut self, id: &str) -> Result<()> {
        self.conn
            .execute("DELETE FROM key_pairs WHERE id = $1", &values![id])?;
        Ok(())
    }
}

// ---- vm custom images (D-173 to D-176) ------------------------------------------------

fn image_row(r: &dyn Row) -> Result<Image> {
    Ok(Image {
        id: r.text(0)?,
        account_id: r.text(1)?,
        zone_id: r.text(2)?,
        name: r.text(3)?,
        description: r.opt_text(4)?,
        status: named(r, 5)?,
        category: r.text(6)?,
        os_type: r.text(7)?,
        version: r.text(8)?,
        size: r.int(9)?,
        instance_id: r.text(10)?,
        created_at: Timestamp(r.int(11)?),
        deleted_at: r.opt_int(12)?.map(Timestamp),
    })
}

/// The columns of an image, as [`image_row`] reads them.
macro_rules! select_images {
    ($filter:literal) => {
        concat!(
            "SELECT id, account_id, zone_id, name, description, status, category, os_type,
                    version, size, instance_id, created_at, deleted_at
             FROM images ",
            $filter
        )
    };
}

impl<C: Conn> ImagesTx for SqlTx<C> {
    fn images(&mut self, account_id: &str) -> Result<Vec<Image>> {
        self.conn.query(
            select_images!("WHERE account_id = $1"),
            &values![account_id],
            image_row,
        )
    }

    fn image(&mut self, id: &str) -> Result<Option<Image>> {
        self.conn
            .query_opt(select_images!("WHERE id = $1"), &values![id], image_row)
    }

    fn put_image(&mut self, i: &Image) -> Result<()> {
        self.conn.execute(
            "INSERT INTO images (id, account_id, zone_id, name, description, status, category,
                                 os_type, version, size, instance_id, created_at, deleted_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
             ON CONFLICT (id) DO UPDATE SET
                 name = $4, description = $5, status = $6, deleted_at = $13",
            &values![
                &i.id,
                &i.account_id,
                &i.zone_id,
                &i.name,
                &i.description,
                i.status.name(),
                &i.category,
                &i.os_type,
                &i.version,
                i.size,
                &i.instance_id,
                i.created_at,
                i.deleted_at,
            ],
        )?;
        Ok(())
    }
}

// ---- resource groups (D-125) ----------------------------------------------------------

impl<C: Conn> ResourceGroupsTx for SqlTx<C> {
    fn resource_groups(&mut self, account_id: &str) -> Result<Vec<ResourceGroup>> {
        self.conn.query(
            "SELECT id, account_id, name, created_at FROM resource_groups
             WHERE account_id = $1",
            &values![account_id],
            |r| {
                Ok(ResourceGroup {
                    id: r.text(0)?,
                    account_id: r.text(1)?,
                    name: r.text(2)?,
                    created_at: Timestamp(r.int(3)?),
                })
            },
        )
    }

    fn insert_resource_group(&mut self, g: &ResourceGroup) -> Result<()> {
        self.conn.execute(
            "INSERT INTO resource_groups (id, account_id, name, created_at)
             VALUES ($1, $2, $3, $4)",
            &values![&g.id, &g.account_id, &g.name, g.created_at],
        )?;
        Ok(())
    }
}

impl<C: Conn> TrafficTx for SqlTx<C> {
    fn insert_traffic(&mut self, t: &TrafficSegment) -> Result<()> {
        self.conn.execute(
            "INSERT INTO traffic (account_id, instance_id, start_at, end_at, out_gb, in_gb)
             VALUES ($1, $2, $3, $4, $5, $6)",
            &values![
                &t.account_id,
                &t.instance_id,
                t.start,
                t.end,
                t.out_gb,
                t.in_gb
            ],
        )?;
        Ok(())
    }

    fn traffic(
        &mut self,
        instance_id: &str,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Vec<TrafficSegment>> {
        self.conn.query(
            "SELECT account_id, instance_id, start_at, end_at, out_gb, in_gb FROM traffic
             WHERE instance_id = $1 AND end_at >= $2 AND start_at <= $3 ORDER BY seq",
            &values![instance_id, from, to],
            |r| {
                Ok(TrafficSegment {
                    account_id: r.text(0)?,
                    instance_id: r.text(1)?,
                    start: Timestamp(r.int(2)?),
                    end: Timestamp(r.int(3)?),
                    out_gb: r.decimal(4)?,
                    in_gb: r.decimal(5)?,
                })
            },
        )
    }
}

impl<C: Conn> ConsoleTx for SqlTx<C> {
    fn accounts_page(&mut self, limit: i64, offset: i64) -> Result<Vec<Account>> {
        self.conn.query(
            "SELECT id, name, balance, discount, created_at FROM accounts
             ORDER BY created_at, id LIMIT $1 OFFSET $2",
            &values![limit, offset],
            account_row,
        )
    }

    fn instance_count(&mut self, account_id: &str) -> Result<i64> {
        self.conn.query_one(
            "SELECT COUNT(*) FROM instances WHERE account_id = $1",
            &values![account_id],
            |r| r.int(0),
        )
    }

    fn instances_page(
        &mut self,
        account_id: &str,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<Instance>> {
        self.conn.query(
            "SELECT data FROM instances WHERE account_id = $1
             ORDER BY created_at, id LIMIT $2 OFFSET $3",
            &values![account_id, limit, offset],
            |r| json(r, 0),
        )
    }

    fn order_count(&mut self, filter: &OrderFilter) -> Result<i64> {
        self.conn.query_one(
            concat!("SELECT COUNT(*) FROM orders", order_filter!()),
            &order_filter_values(filter),
            |r| r.int(0),
        )
    }

    fn orders_page(&mut self, filter: &OrderFilter, limit: i64, offset: i64) -> Result<Vec<Order>> {
        let [a, b, c, d, e] = order_filter_values(filter);
        self.conn.query(
            concat!(
                "SELECT order_number, account_id, resource_type, resource_id, kind, from_value,
                        to_value, amount, status, created_at, effective_at
                 FROM orders",
                order_filter!(),
                " ORDER BY seq LIMIT $6 OFFSET $7"
            ),
            &[a, b, c, d, e, limit.into(), offset.into()],
            order_row,
        )
    }

    fn ledger_count(&mut self, account_id: &str, kind: Option<&str>) -> Result<i64> {
        self.conn.query_one(
            "SELECT COUNT(*) FROM ledger
             WHERE account_id = $1 AND (CAST($2 AS TEXT) IS NULL OR kind = $2)",
            &values![account_id, kind],
            |r| r.int(0),
        )
    }

    fn ledger_page(
        &mut self,
        account_id: &str,
        kind: Option<&str>,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<LedgerEntry>> {
        self.conn.query(
            "SELECT account_id, time, kind, amount, balance_after, order_number, description
             FROM ledger WHERE account_id = $1 AND (CAST($2 AS TEXT) IS NULL OR kind = $2)
             ORDER BY time, seq LIMIT $3 OFFSET $4",
            &values![account_id, kind, limit, offset],
            ledger_row,
        )
    }

    fn clock_next_due(&mut self, clock_id: &str) -> Result<Option<Timestamp>> {
        self.conn.query_one(
            "SELECT MIN(due_at) FROM scheduled_events WHERE clock_id = $1",
            &values![clock_id],
            |r| Ok(r.opt_int(0)?.map(Timestamp)),
        )
    }
}

// ---- addresses (D-140) -----------------------------------------------------------------

fn lease_row(r: &dyn Row) -> Result<Lease> {
    let text = format!("{}/{}", r.text(1)?, r.int(2)?);
    Ok(Lease {
        scope: Scope::from_stored(r.text(0)?),
        net: text
            .parse()
            .map_err(|_| StoreError::Internal(format!("`{text}` is not a stored range")))?,
        account_id: r.text(3)?,
        holder: ResourceRef {
            kind: named(r, 4)?,
            id: r.text(5)?,
        },
    })
}

/// The columns of a held range, as [`lease_row`] reads them.
macro_rules! select_addresses {
    ($filter:literal) => {
        concat!(
            "SELECT scope, address, prefix, account_id, holder_type, holder_id
             FROM addresses ",
            $filter,
            " ORDER BY scope, address"
        )
    };
}

impl<C: Conn> AddressesTx for SqlTx<C> {
    fn hold_scope(&mut self, scope: &Scope) -> Result<()> {
        if self.conn.locks_rows() {
            self.hold_scope_walk(scope)?;
        }
        Ok(())
    }

    fn hold_scope_walk(&mut self, scope: &Scope) -> Result<u64> {
        if self.conn.locks_rows() {
            // As the stock rows: the scope's row is made first if need be, then locked.
            self.conn.execute(
                "INSERT INTO address_scopes (scope) VALUES ($1) ON CONFLICT DO NOTHING",
                &values![scope.as_str()],
            )?;
        }
        let offset = self.conn.query_opt(
            "SELECT next_offset FROM address_scopes WHERE scope = $1 FOR NO KEY UPDATE",
            &values![scope.as_str()],
            |r| r.int(0),
        )?;
        Ok(offset.map_or(0, |o| u64::try_from(o).unwrap_or(0)))
    }

    fn leases(&mut self, scope: &Scope) -> Result<Vec<Lease>> {
        self.conn.query(
            select_addresses!("WHERE scope = $1"),
            &values![scope.as_str()],
            lease_row,
        )
    }

    fn leases_of(&mut self, holder: &ResourceRef) -> Result<Vec<Lease>> {
        self.conn.query(
            select_addresses!("WHERE holder_type = $1 AND holder_id = $2"),
            &values![holder.kind.name(), &holder.id],
            lease_row,
        )
    }

    fn insert_leases(&mut self, leases: &[Lease]) -> Result<()> {
        for chunk in row_chunks(leases) {
            let addresses: Vec<String> =
                chunk.iter().map(|l| l.net.network().to_string()).collect();
            let mut params = Vec::with_capacity(chunk.len() * 6);
            for (l, address) in chunk.iter().zip(&addresses) {
                params.extend(values![
                    l.scope.as_str(),
                    address.as_str(),
                    i64::from(l.net.prefix_len()),
                    &l.account_id,
                    l.holder.kind.name(),
                    &l.holder.id,
                ]);
            }
            self.conn.execute(LEASE_ROWS.sql(chunk.len()), &params)?;
        }
        Ok(())
    }

    fn delete_lease(&mut self, l: &Lease) -> Result<()> {
        self.conn.execute(
            "DELETE FROM addresses WHERE scope = $1 AND address = $2",
            &values![l.scope.as_str(), l.net.network().to_string().as_str()],
        )?;
        Ok(())
    }

    fn delete_leases_of(&mut self, holder: &ResourceRef) -> Result<()> {
        self.conn.execute(
            "DELETE FROM addresses WHERE holder_type = $1 AND holder_id = $2",
            &values![holder.kind.name(), &holder.id],
        )?;
        Ok(())
    }

    fn delete_leases_in(&mut self, scope: &Scope) -> Result<()> {
        self.conn.execute(
            "DELETE FROM addresses WHERE scope = $1",
            &values![scope.as_str()],
        )?;
        Ok(())
    }

    fn held_among(&mut self, scope: &Scope, addresses: &[IpAddr]) -> Result<Vec<IpAddr>> {
        let mut held = Vec::new();
        for chunk in addresses.chunks(KEYS) {
            let texts: Vec<String> = chunk.iter().map(ToString::to_string).collect();
            let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
            let mut params = keys(&texts).to_vec();
            params.push(scope.as_str().into());
            held.extend(self.conn.query(
                concat!(
                    "SELECT address FROM addresses WHERE address IN ",
                    key_list!(),
                    " AND scope = $33"
                ),
                &params,
                |r| {
                    let text = r.text(0)?;
                    text.parse::<IpAddr>().map_err(|_| {
                        StoreError::Internal(format!("`{text}` is not a stored address"))
                    })
                },
            )?);
        }
        Ok(held)
    }

    fn set_next_offset(&mut self, scope: &Scope, offset: u64) -> Result<()> {
        self.conn.execute(
            "INSERT INTO address_scopes (scope, next_offset) VALUES ($1, $2)
             ON CONFLICT (scope) DO UPDATE SET next_offset = excluded.next_offset",
            &values![scope.as_str(), i64::try_from(offset).unwrap_or(i64::MAX)],
        )?;
        Ok(())
    }
}

// ---- elastic IPs and IP blocks (D-141) ------------------------------------------------

impl<C: Conn> IpBlocksTx for SqlTx<C> {
    fn ip_block(&mut self, id: &str) -> Result<Option<IpBlock>> {
        self.conn.query_opt(
            "SELECT data FROM ip_blocks WHERE id = $1 FOR NO KEY UPDATE",
            &values![id],
            |r| json(r, 0),
        )
    }

    fn ip_blocks(&mut self, account_id: &str) -> Result<Vec<IpBlock>> {
        self.conn.query(
            "SELECT data FROM ip_blocks WHERE account_id = $1",
            &values![account_id],
            |r| json(r, 0),
        )
    }

    fn ip_blocks_of_instance(&mut self, instance_id: &str) -> Result<Vec<IpBlock>> {
        self.conn.query(
            "SELECT data FROM ip_blocks WHERE instance_id = $1 ORDER BY id FOR NO KEY UPDATE",
            &values![instance_id],
            |r| json(r, 0),
        )
    }

    fn put_ip_block(&mut self, b: &IpBlock) -> Result<()> {
        let data = serde_json::to_string(b).map_err(StoreError::internal)?;
        self.conn.execute(
            "INSERT INTO ip_blocks (id, account_id, instance_id, created_at, data)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (id) DO UPDATE SET instance_id = $3, data = $5",
            &values![&b.id, &b.account_id, &b.instance_id, b.created_at, &data],
        )?;
        Ok(())
    }

    fn delete_ip_block(&mut self, id: &str) -> Result<()> {
        self.conn
            .execute("DELETE FROM ip_blocks WHERE id = $1", &values![id])?;
        Ok(())
    }
}

// ---- vm disks (D-160 to D-169) --------------------------------------------------------

impl<C: Conn> DisksTx for SqlTx<C> {
    fn disks(&mut self, account_id: &str) -> Result<Vec<Disk>> {
        self.conn.query(
            "SELECT data FROM disks WHERE account_id = $1",
            &values![account_id],
            |r| json(r, 0),
        )
    }

    fn disk(&mut self, id: &str) -> Result<Option<Disk>> {
        self.conn
            .query_opt("SELECT data FROM disks WHERE id = $1", &values![id], |r| {
                json(r, 0)
            })
    }

    fn instance_disks(&mut self, instance_id: &str) -> Result<Vec<Disk>> {
        self.conn.query(
            "SELECT data FROM disks WHERE instance_id = $1 ORDER BY id",
            &values![instance_id],
            |r| json(r, 0),
        )
    }

    fn put_disk(&mut self, d: &Disk) -> Result<()> {
        let data = serde_json::to_string(d).map_err(StoreError::internal)?;
        self.conn.execute(
            "INSERT INTO disks (id, account_id, instance_id, created_at, data)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (id) DO UPDATE SET instance_id = $3, data = $5",
            &values![&d.id, &d.account_id, &d.instance_id, d.created_at, &data],
        )?;
        Ok(())
    }

    fn delete_disk(&mut self, id: &str) -> Result<()> {
        self.conn
            .execute("DELETE FROM disks WHERE id = $1", &values![id])?;
        Ok(())
    }
}

// ---- subnets (D-150 to D-154, D-223 to D-227) and bmc VPCs (D-220 to D-222) -------------

fn cidr(text: String) -> Result<ipnet::IpNet> {
    text.parse()
        .map_err(|_| StoreError::Internal(format!("`{text}` is not a stored range")))
}

fn subnet_row(r: &dyn Row) -> Result<Subnet> {
    Ok(Subnet {
        id: r.text(0)?,
        account_id: r.text(1)?,
        service: service(r.text(7)?)?,
        zone_id: r.text(2)?,
        name: r.text(3)?,
        description: r.opt_text(4)?,
        cidr: cidr(r.text(5)?)?,
        vpc_id: r.opt_text(8)?,
        resource_group_id: r.opt_text(9)?,
        created_at: Timestamp(r.int(6)?),
    })
}

fn service(text: String) -> Result<Service> {
    Service::from_path(&text)
        .ok_or_else(|| StoreError::Internal(format!("`{text}` is not a service")))
}

fn vpc_row(r: &dyn Row) -> Result<Vpc> {
    Ok(Vpc {
        id: r.text(0)?,
        account_id: r.text(1)?,
        service: service(r.text(8)?)?,
        location: r.text(2)?,
        name: r.text(3)?,
        cidr: cidr(r.text(4)?)?,
        resource_group_id: r.text(5)?,
        tags: json(r, 6)?,
        created_at: Timestamp(r.int(7)?),
    })
}

impl<C: Conn> SubnetsTx for SqlTx<C> {
    fn subnets(&mut self, account_id: &str, service: Service) -> Result<Vec<Subnet>> {
        self.conn.query(
            "SELECT id, account_id, zone_id, name, description, cidr, created_at, service,
                    vpc_id, resource_group_id
             FROM subnets WHERE account_id = $1 AND service = $2",
            &values![account_id, service.name()],
            subnet_row,
        )
    }

    fn insert_subnet(&mut self, s: &Subnet) -> Result<()> {
        let cidr = s.cidr.to_string();
        self.conn.execute(
            "INSERT INTO subnets (id, account_id, zone_id, name, description, cidr, created_at,
                                  service, vpc_id, resource_group_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            &values![
                &s.id,
                &s.account_id,
                &s.zone_id,
                &s.name,
                &s.description,
                &cidr,
                s.created_at,
                s.service.name(),
                &s.vpc_id,
                &s.resource_group_id,
            ],
        )?;
        Ok(())
    }

    fn set_subnet_name(&mut self, s: &Subnet) -> Result<()> {
        self.conn.execute(
            "UPDATE subnets SET name = $1 WHERE id = $2",
            &values![&s.name, &s.id],
        )?;
        Ok(())
    }

    fn set_subnet_vpc(&mut self, s: &Subnet) -> Result<()> {
        self.conn.execute(
            "UPDATE subnets SET vpc_id = $1 WHERE id = $2",
            &values![&s.vpc_id, &s.id],
        )?;
        Ok(())
    }

    fn delete_subnet(&mut self, id: &str) -> Result<()> {
        self.conn
            .execute("DELETE FROM subnets WHERE id = $1", &values![id])?;
        Ok(())
    }

    fn vpcs(&mut self, account_id: &str, service: Service) -> Result<Vec<Vpc>> {
        self.conn.query(
            "SELECT id, account_id, location, name, cidr, resource_group_id, tags, created_at,
                    service
             FROM vpcs WHERE account_id = $1 AND service = $2",
            &values![account_id, service.name()],
            vpc_row,
        )
    }

    fn put_vpc(&mut self, v: &Vpc) -> Result<()> {
        let cidr = v.cidr.to_string();
        let tags = serde_json::to_string(&v.tags).map_err(StoreError::internal)?;
        self.conn.execute(
            "INSERT INTO vpcs (id, account_id, location, name, cidr, resource_group_id, tags,
                               created_at, service)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
             ON CONFLICT (id) DO UPDATE SET name = $4",
            &values![
                &v.id,
                &v.account_id,
                &v.location,
                &v.name,
                &cidr,
                &v.resource_group_id,
                &tags,
                v.created_at,
                v.service.name(),
            ],
        )?;
        Ok(())
    }

    fn delete_vpc(&mut self, id: &str) -> Result<()> {
        self.conn
            .execute("DELETE FROM vpcs WHERE id = $1", &values![id])?;
        Ok(())
    }
}

// ---- vm security groups (D-155 to D-158) -----------------------------------------------

fn security_group_row(r: &dyn Row) -> Result<SecurityGroup> {
    Ok(SecurityGroup {
        id: r.text(0)?,
        account_id: r.text(1)?,
        name: r.text(2)?,
        description: r.opt_text(3)?,
        rules: json(r, 4)?,
        created_at: Timestamp(r.int(5)?),
    })
}

impl<C: Conn> SecurityGroupsTx for SqlTx<C> {
    fn security_groups(&mut self, account_id: &str) -> Result<Vec<SecurityGroup>> {
        self.conn.query(
            "SELECT id, account_id, name, description, rules, created_at
             FROM security_groups WHERE account_id = $1",
            &values![account_id],
            security_group_row,
        )
    }

    fn put_security_group(&mut self, g: &SecurityGroup) -> Result<()> {
        let rules = serde_json::to_string(&g.rules).map_err(StoreError::internal)?;
        self.conn.execute(
            "INSERT INTO security_groups (id, account_id, name, description, rules, created_at)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (id) DO UPDATE SET name = $3, description = $4, rules = $5",
            &values![
                &g.id,
                &g.account_id,
                &g.name,
                &g.description,
                &rules,
                g.created_at,
            ],
        )?;
        Ok(())
    }

    fn delete_security_group(&mut self, id: &str) -> Result<()> {
        self.conn
            .execute("DELETE FROM security_groups WHERE id = $1", &values![id])?;
        Ok(())
    }
}

// ---- service faults (D-191) -------------------------------------------------------------

fn service_fault_row(r: &dyn Row) -> Result<ServiceFault> {
    Ok(ServiceFault {
        id: r.text(0)?,
        kind: named(r, 1)?,
        account_id: r.text(2)?,
        instance_id: r.opt_text(3)?,
        service: r
            .opt_text(4)?
            .map(|s| {
                s.parse::<Service>()
                    .map_err(|e| StoreError::Internal(format!("column 4: {e}")))
            })
            .transpose()?,
        created_at: Timestamp(r.int(5)?),
    })
}

impl<C: Conn> ServiceFaultsTx for SqlTx<C> {
    fn insert_service_fault(&mut self, f: &ServiceFault) -> Result<()> {
        self.conn.execute(
            "INSERT INTO service_faults (id, kind, account_id, instance_id, service, created_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
            &values![
                &f.id,
                f.kind.name(),
                &f.account_id,
                f.instance_id.as_deref(),
                f.service.map(|s| s.name()),
                f.created_at
            ],
        )?;
        Ok(())
    }

    fn service_faults(&mut self) -> Result<Vec<ServiceFault>> {
        self.conn.query(
            "SELECT id, kind, account_id, instance_id, service, created_at FROM service_faults
             ORDER BY created_at, id",
            &[],
            service_fault_row,
        )
    }

    fn service_fault_for(
        &mut self,
        kind: ServiceFaultKind,
        instance_id: &str,
    ) -> Result<Option<ServiceFault>> {
        self.conn.query_opt(
            "SELECT id, kind, account_id, instance_id, service, created_at FROM service_faults
             WHERE kind = $1 AND instance_id = $2 ORDER BY created_at, id LIMIT 1",
            &values![kind.name(), instance_id],
            service_fault_row,
        )
    }

    fn provisioning_fault(
        &mut self,
        account_id: &str,
        service: Service,
    ) -> Result<Option<ServiceFault>> {
        self.conn.query_opt(
            "SELECT id, kind, account_id, instance_id, service, created_at FROM service_faults
             WHERE account_id = $1 AND kind = $2 AND service = $3
             ORDER BY created_at, id LIMIT 1",
            &values![
                account_id,
                ServiceFaultKind::ProvisioningFails.name(),
                service.name()
            ],
            service_fault_row,
        )
    }

    fn delete_service_fault(&mut self, id: &str) -> Result<bool> {
        Ok(self
            .conn
            .changed("DELETE FROM service_faults WHERE id = $1", &values![id])?
            > 0)
    }
}

// ---- test clocks (D-181 to D-183) -----------------------------------------------------

fn test_clock_row(r: &dyn Row) -> Result<TestClock> {
    Ok(TestClock {
        id: r.text(0)?,
        name: r.text(1)?,
        now: Timestamp(r.int(2)?),
        created_at: Timestamp(r.int(3)?),
    })
}

impl<C: Conn> TestClocksTx for SqlTx<C> {
    fn test_clocks(&mut self) -> Result<Vec<TestClock>> {
        self.conn.query(
            "SELECT id, name, frozen_at, created_at FROM test_clocks ORDER BY created_at, id",
            &[],
            test_clock_row,
        )
    }

    fn test_clock(&mut self, id: &str) -> Result<Option<TestClock>> {
        self.conn.query_opt(
            "SELECT id, name, frozen_at, created_at FROM test_clocks WHERE id = $1",
            &values![id],
            test_clock_row,
        )
    }

    fn put_test_clock(&mut self, c: &TestClock) -> Result<()> {
        self.conn.execute(
            "INSERT INTO test_clocks (id, name, frozen_at, created_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (id) DO UPDATE SET frozen_at = $3",
            &values![&c.id, &c.name, c.now, c.created_at],
        )?;
        Ok(())
    }

    fn delete_test_clock(&mut self, id: &str) -> Result<()> {
        for sql in [
            "DELETE FROM scheduled_events WHERE account_id IN (SELECT id FROM accounts WHERE clock_id = $1)",
            "DELETE FROM orders WHERE account_id IN (SELECT id FROM accounts WHERE clock_id = $1)",
            "DELETE FROM traffic WHERE account_id IN (SELECT id FROM accounts WHERE clock_id = $1)",
            "DELETE FROM instances WHERE account_id IN (SELECT id FROM accounts WHERE clock_id = $1)",
            "DELETE FROM ledger WHERE account_id IN (SELECT id FROM accounts WHERE clock_id = $1)",
            "DELETE FROM tokens WHERE account_id IN (SELECT id FROM accounts WHERE clock_id = $1)",
            "DELETE FROM access_keys WHERE account_id IN (SELECT id FROM accounts WHERE clock_id = $1)",
            "DELETE FROM key_pairs WHERE account_id IN (SELECT id FROM accounts WHERE clock_id = $1)",
            "DELETE FROM images WHERE account_id IN (SELECT id FROM accounts WHERE clock_id = $1)",
            "DELETE FROM resource_groups WHERE account_id IN (SELECT id FROM accounts WHERE clock_id = $1)",
            "DELETE FROM disks WHERE account_id IN (SELECT id FROM accounts WHERE clock_id = $1)",
            "DELETE FROM ip_blocks WHERE account_id IN (SELECT id FROM accounts WHERE clock_id = $1)",
            "DELETE FROM addresses WHERE account_id IN (SELECT id FROM accounts WHERE clock_id = $1)",
            "DELETE FROM subnets WHERE account_id IN (SELECT id FROM accounts WHERE clock_id = $1)",
            "DELETE FROM vpcs WHERE account_id IN (SELECT id FROM accounts WHERE clock_id = $1)",
            "DELETE FROM security_groups WHERE account_id IN (SELECT id FROM accounts WHERE clock_id = $1)",
            "DELETE FROM service_faults WHERE account_id IN (SELECT id FROM accounts WHERE clock_id = $1)",
            "DELETE FROM accounts WHERE clock_id = $1",
            "DELETE FROM test_clocks WHERE id = $1",
        ] {
            self.conn.execute(sql, &values![id])?;
        }
        Ok(())
    }

    fn account_test_clock(
        &mut self,
        account_id: &str,
    ) -> Result<Option<(TestClock, Option<Timestamp>)>> {
        self.conn.query_opt(
            "SELECT t.id, t.name, t.frozen_at, t.created_at,
                    (SELECT MIN(e.due_at) FROM scheduled_events e WHERE e.clock_id = t.id)
             FROM accounts a JOIN test_clocks t ON t.id = a.clock_id WHERE a.id = $1",
            &values![account_id],
            |r| Ok((test_clock_row(r)?, r.opt_int(4)?.map(Timestamp))),
        )
    }

    fn clock_accounts(&mut self, clock_id: &str) -> Result<Vec<String>> {
        self.conn.query(
            "SELECT id FROM accounts WHERE clock_id = $1 ORDER BY id",
            &values![clock_id],
            |r| r.text(0),
        )
    }

    fn set_account_clock(&mut self, account_id: &str, clock_id: Option<&str>) -> Result<()> {
        self.conn.execute(
            "UPDATE accounts SET clock_id = $1 WHERE id = $2",
            &values![clock_id, account_id],
        )?;
        self.conn.execute(
            "UPDATE scheduled_events SET clock_id = $1 WHERE account_id = $2",
            &values![clock_id, account_id],
        )?;
        Ok(())
    }

    fn owns_anything(&mut self, account_id: &str) -> Result<bool> {
        self.conn.query_one(
            "SELECT (SELECT COUNT(*) FROM instances WHERE account_id = $1)
                  + (SELECT COUNT(*) FROM scheduled_events WHERE account_id = $1)",
            &values![account_id],
            |r| Ok(r.int(0)? > 0),
        )
    }

    fn clock_due_events(
        &mut self,
        clock_id: &str,
        upto: Timestamp,
        limit: usize,
    ) -> Result<Vec<ScheduledEvent>> {
        self.conn.query(
            "SELECT id, due_at, payload FROM scheduled_events
             WHERE clock_id = $1 AND due_at <= $2 ORDER BY clock_id, due_at, id LIMIT $3",
            &values![clock_id, upto, i64::try_from(limit).unwrap_or(i64::MAX)],
            event_row,
        )
    }
}

#[cfg(test)]
mod tests {
    /// The nodes of a PostgreSQL plan (`EXPLAIN (ANALYZE, FORMAT JSON)`) that read `table`,
    /// with the rows each returned.
    fn rows_read(plan: &serde_json::Value, table: &str, found: &mut Vec<f64>) {
        if plan["Relation Name"] == table {
            found.push(plan["Actual Rows"].as_f64().unwrap());
        }
        for child in plan["Plans"].as_array().into_iter().flatten() {
            rows_read(child, table, found);
        }
    }

    /// Issue 12: a write's look at the next global event reads one entry of the index on
    /// `(clock_id, due_at, id)` however many events wait — on PostgreSQL one row of 3,000
    /// (`MIN(due_at)` had read all 3,000), on SQLite a search of that index, nothing sorted.
    #[test]
    fn the_next_global_due_reads_one_index_entry_of_thousands() {
        for db in zenlocal_testkit::backends() {
            drop(crate::Store::open(&db.url()).unwrap());
            let sql = concat!("SELECT ", next_global_due!());
            if db.is_postgres() {
                db.execute(
                    "INSERT INTO scheduled_events (due_at, kind, account_id, payload)
                     SELECT 4000000000 - n, 'CYCLE_END', 'a', '{}' FROM generate_series(1, 3000) n;
                     ANALYZE scheduled_events",
                );
                let mut client = postgres::Client::connect(&db.url(), postgres::NoTls).unwrap();
                let explained = client
                    .simple_query(&format!("EXPLAIN (ANALYZE, FORMAT JSON) {sql}"))
                    .unwrap()
                    .into_iter()
                    .find_map(|message| match message {
                        postgres::SimpleQueryMessage::Row(row) => row.get(0).map(str::to_owned),
                        _ => None,
                    })
                    .unwrap();
                let plan: serde_json::Value = serde_json::from_str(&explained).unwrap();
                let mut found = Vec::new();
                rows_read(&plan[0]["Plan"], "scheduled_events", &mut found);
                assert_eq!(found, [1.0], "{explained}");
            } else {
                db.execute(
                    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
                     INSERT INTO scheduled_events (due_at, kind, account_id, payload)
                     SELECT 4000000000 - i, 'CYCLE_END', 'a', '{}' FROM n",
                );
                let conn = rusqlite::Connection::open(db.url()).unwrap();
                let mut plan = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
                let details: Vec<String> = plan
                    .query_map([], |r| r.get(3))
                    .unwrap()
                    .map(Result::unwrap)
                    .collect();
                assert!(
                    details
                        .iter()
                        .any(|d| d.contains("scheduled_events_clock_due")),
                    "{details:?}"
                );
                assert!(
                    !details.iter().any(|d| d.contains("TEMP B-TREE")),
                    "{details:?}"
                );
            }
        }
    }
}
