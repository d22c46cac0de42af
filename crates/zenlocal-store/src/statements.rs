//! [`Tx`] for both backends: every statement and every row mapping, written once over a
//! [`Conn`]. Rows that a command will change are read `FOR NO KEY UPDATE` where the
//! backend locks rows, so concurrent commands on one instance or account serialise (D-31)
//! while inserts that only refer to an account (ledger, orders) never wait for it (D-110).

use crate::sql::{json, key_list, keys, money, named, values, Conn, Row, KEYS};
use crate::tx::{ImagesTx, KeyPairsTx, ResourceGroupsTx, Result, TestClocksTx, TrafficTx, Tx};
use crate::StoreError;
use zenlocal_core::account::{AccessKey, Account, LedgerEntry, Token};
use zenlocal_core::clock::{ClockState, TestClock};
use zenlocal_core::image::Image;
use zenlocal_core::keypair::KeyPair;
use zenlocal_core::model::{
    EventKind, Instance, Order, ResourceRef, ScheduledEvent, StockDelta, TrafficSegment,
};
use zenlocal_core::resource_group::ResourceGroup;
use zenlocal_core::Timestamp;
use zenlocal_wire::Service;

/// The statements of one op, on the connection its backend gave it.
pub struct SqlTx<C: Conn> {
    conn: C,
}

impl<C: Conn> SqlTx<C> {
    pub fn new(conn: C) -> Self {
        SqlTx { conn }
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
    let clock = ClockState {
        mode: named(r, 0)?,
        offset: r.int(1)?,
        frozen_at: Timestamp(r.int(2)?),
    };
    Ok((clock, r.opt_int(3)?.map(Timestamp)))
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

impl<C: Conn> Tx for SqlTx<C> {
    fn hold_clock(&mut self, exclusive: bool) -> Result<()> {
        // A statement of its own: under READ COMMITTED the next statement's snapshot is
        // taken after the lock is granted, so it sees what the last holder committed.
        if let Some(sql) = self.conn.dialect().hold_clock(exclusive) {
            self.conn.execute(sql, &[])?;
        }
        Ok(())
    }

    fn clock(&mut self) -> Result<Option<ClockState>> {
        Ok(self.clock_and_next_due()?.map(|(clock, _)| clock))
    }

    fn clock_and_next_due(&mut self) -> Result<Option<(ClockState, Option<Timestamp>)>> {
        self.conn.query_opt(
            "SELECT mode, offset_seconds, frozen_at,
                    (SELECT MIN(due_at) FROM scheduled_events WHERE clock_id IS NULL)
             FROM clock WHERE id = 1",
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

    fn insert_ledger(&mut self, e: &LedgerEntry) -> Result<()> {
        self.conn.execute(
            "INSERT INTO ledger (account_id, time, kind, amount, balance_after, order_number,
                                 description)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            &values![
                &e.account_id,
                e.time,
                e.kind.name(),
                e.amount,
                e.balance_after,
                &e.order_number,
                &e.description,
            ],
        )?;
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
            // An event belongs to the clock of its account (D-181).
            "INSERT INTO scheduled_events (due_at, kind, account_id, payload, clock_id)
             VALUES ($1, $2, $3, $4, (SELECT clock_id FROM accounts WHERE id = $3))
             RETURNING id",
            &values![due_at, kind.name(), kind.account_id(), &payload],
            |r| r.int(0),
        )
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

    fn put_instance(&mut self, i: &Instance) -> Result<()> {
        let data = serde_json::to_string(i).map_err(StoreError::internal)?;
        self.conn.execute(
            "INSERT INTO instances (id, account_id, service, created_at, data)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (id) DO UPDATE SET data = $5",
            &values![&i.id, &i.account_id, i.service.name(), i.created_at, &data],
        )?;
        Ok(())
    }

    fn delete_instance(&mut self, id: &str) -> Result<()> {
        self.conn
            .execute("DELETE FROM instances WHERE id = $1", &values![id])?;
        Ok(())
    }

    fn put_order(&mut self, o: &Order) -> Result<()> {
        // `seq`, the order lines' order, is numbered by the database.
        self.conn.execute(
            "INSERT INTO orders (order_number, account_id, resource_type, resource_id, kind,
                                 from_value, to_value, amount, status, created_at,
                                 effective_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
             ON CONFLICT (order_number, resource_type, resource_id) DO UPDATE SET
                 status = $9, amount = $8, effective_at = $11, to_value = $7",
            &values![
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
            ],
        )?;
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
             DELETE FROM resource_groups;
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
