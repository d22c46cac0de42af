//! Everything in which the two backends differ, in one place, so that each statement and
//! each row mapping is written once (in `statements.rs`) for both.
//!
//! - Statements are written in PostgreSQL's placeholder style, `$1`, `$2`…; SQLite reads
//!   `$n` as a named parameter numbered by first appearance, so a statement's parameters
//!   must first appear in ascending order, which the SQLite connection checks.
//! - Casts are written `CAST(x AS T)` and clamping as `CASE`, which both understand.
//! - A statement that locks the rows it reads ends with [`LOCK_ROWS`]; it is kept only
//!   where the backend locks rows (PostgreSQL writes). SQLite needs no row locks: one
//!   writer thread owns its file.
//! - Schema type names that differ are written as tokens in the migrations, and a line
//!   only PostgreSQL runs starts with `--postgres:` ([`Dialect::schema`]).
//! - A statement about a list of keys takes them as [`key_list!`], a fixed list of
//!   placeholders padded with NULL ([`keys`]), which both backends read through an index.
//! - Parameters are [`Value`]s and rows are read through [`Row`]: exact decimals travel as
//!   `numeric` on PostgreSQL and as text on SQLite (whose `NUMERIC` would round through a
//!   float), converted here and nowhere else.

use crate::tx::Result;
use crate::StoreError;
use rust_decimal::Decimal;
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};

/// The clause ending a statement that locks the rows it reads (D-110), alone or followed
/// by `OF` and the one table whose rows it locks.
pub const LOCK_ROWS: &str = " FOR NO KEY UPDATE";

/// Where `sql`'s row lock ([`LOCK_ROWS`]) begins, if it locks the rows it reads.
pub fn lock_clause(sql: &str) -> Option<usize> {
    let at = sql.rfind(LOCK_ROWS)?;
    let of = &sql[at + LOCK_ROWS.len()..];
    let table =
        |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    (of.is_empty() || of.strip_prefix(" OF ").is_some_and(table)).then_some(at)
}

// PostgreSQL's advisory locks, keyed 0x7a65_6e6c_6f63_000n ("zenloc" n): 1 is the clock,
// shared by commands and exclusive while time moves (D-110); 2 is held while migrating,
// so that replicas starting together migrate once.
macro_rules! hold_clock {
    (shared) => {
        "SELECT pg_advisory_xact_lock_shared(8819576857279266817)"
    };
    (exclusive) => {
        "SELECT pg_advisory_xact_lock(8819576857279266817)"
    };
}
/// Holds the clock exclusively for the rest of a PostgreSQL transaction (D-110).
pub const HOLD_CLOCK_EXCLUSIVE: &str = hold_clock!(exclusive);
const BEGIN_HOLDING_CLOCK_SHARED: &str = concat!("BEGIN; ", hold_clock!(shared));
const BEGIN_HOLDING_CLOCK_EXCLUSIVE: &str = concat!("BEGIN; ", hold_clock!(exclusive));
const BEGIN_MIGRATING: &str = "BEGIN; SELECT pg_advisory_xact_lock(8819576857279266818)";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    /// A migration with its type tokens replaced: `{decimal}` (an exact decimal) and
    /// `{serial}` (a primary key numbered by the database, never reused); a line starting
    /// with `--postgres:` is run by PostgreSQL only (storage settings SQLite has no word
    /// for), and is a comment on SQLite.
    pub fn schema(self, sql: &str) -> String {
        let (decimal, serial) = match self {
            Dialect::Sqlite => ("TEXT", "INTEGER PRIMARY KEY AUTOINCREMENT"),
            Dialect::Postgres => ("NUMERIC", "BIGSERIAL PRIMARY KEY"),
        };
        let sql = sql
            .replace("{decimal}", decimal)
            .replace("{serial}", serial);
        match self {
            Dialect::Sqlite => sql,
            Dialect::Postgres => sql.replace("\n--postgres:", "\n"),
        }
    }

    /// The statement as run: without its row lock where rows are not locked.
    pub fn statement(sql: &'static str, locks_rows: bool) -> &'static str {
        match lock_clause(sql) {
            Some(at) if !locks_rows => &sql[..at],
            _ => sql,
        }
    }

    /// What opens a write's transaction where other processes may share the store, and
    /// holds the clock for the rest of it before any row is read (D-110): shared by every
    /// command, exclusively by those that move time or change the store as a whole. One
    /// message, so holding the clock costs no round trip of its own; under READ COMMITTED
    /// the next statement's snapshot is taken after the lock is granted, so it sees what
    /// the last holder committed. SQLite's single writer opens its own transactions and
    /// already serialises.
    pub fn begin_write(self, exclusive: bool) -> Option<&'static str> {
        match self {
            Dialect::Sqlite => None,
            Dialect::Postgres if exclusive => Some(BEGIN_HOLDING_CLOCK_EXCLUSIVE),
            Dialect::Postgres => Some(BEGIN_HOLDING_CLOCK_SHARED),
        }
    }

    /// Opens the transaction that migrates, holding off every other process that migrates
    /// the same store until it commits.
    pub fn begin_migrating(self) -> &'static str {
        match self {
            Dialect::Sqlite => "BEGIN IMMEDIATE",
            Dialect::Postgres => BEGIN_MIGRATING,
        }
    }
}

/// A statement parameter.
#[derive(Debug, Clone, Copy)]
pub enum Value<'a> {
    Null,
    Text(&'a str),
    Int(i64),
    Bool(bool),
    /// An exact decimal: `numeric` on PostgreSQL, its text on SQLite.
    Decimal(Decimal),
}

impl<'a> From<&'a str> for Value<'a> {
    fn from(v: &'a str) -> Self {
        Value::Text(v)
    }
}

impl<'a> From<&'a String> for Value<'a> {
    fn from(v: &'a String) -> Self {
        Value::Text(v)
    }
}

impl From<i64> for Value<'_> {
    fn from(v: i64) -> Self {
        Value::Int(v)
    }
}

impl From<bool> for Value<'_> {
    fn from(v: bool) -> Self {
        Value::Bool(v)
    }
}

impl From<Decimal> for Value<'_> {
    fn from(v: Decimal) -> Self {
        Value::Decimal(v)
    }
}

impl From<crate::Timestamp> for Value<'_> {
    fn from(v: crate::Timestamp) -> Self {
        Value::Int(v.seconds())
    }
}

impl<'a, T> From<Option<T>> for Value<'a>
where
    T: Into<Value<'a>>,
{
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

impl<'a> From<&'a Option<String>> for Value<'a> {
    fn from(v: &'a Option<String>) -> Self {
        v.as_deref().into()
    }
}

/// `values![a, b, …]`: statement parameters, each converted into a [`Value`].
macro_rules! values {
    ($($value:expr),* $(,)?) => {
        [$($crate::sql::Value::from($value)),*]
    };
}
pub(crate) use values;

/// How many keys a [`key_list!`] holds.
pub const KEYS: usize = 32;

/// `($1, …, $32)`: the placeholders of a list of up to [`KEYS`] keys (see [`keys`]).
macro_rules! key_list {
    () => {
        "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, \
          $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32)"
    };
}
pub(crate) use key_list;

/// The parameters of a [`key_list!`]: up to [`KEYS`] keys, the rest NULL, which matches
/// nothing.
pub fn keys<'a, T: Copy + Into<Value<'a>>>(chunk: &[T]) -> [Value<'a>; KEYS] {
    let mut values = [Value::Null; KEYS];
    for (slot, key) in values.iter_mut().zip(chunk) {
        *slot = (*key).into();
    }
    values
}

/// Most rows one statement of a [`Rows`] writes; more are written in several.
pub const ROWS: usize = 64;

/// An `INSERT` of several rows in one statement, written once as its head, the
/// placeholders of one row (`$1`…`$width`; a placeholder may appear again within its
/// row) and a tail (e.g. `ON CONFLICT … DO UPDATE SET c = excluded.c`). The statement for
/// `n` rows numbers row `k`'s placeholders from `k * width + 1`, so that each first
/// appears in ascending order. `n` is a power of two up to [`ROWS`] ([`row_chunks`] cuts
/// a list so), which keeps the shapes a connection prepares to seven per statement; they
/// are made once per process.
pub struct Rows {
    head: &'static str,
    row: &'static str,
    tail: &'static str,
    built: std::sync::OnceLock<Vec<&'static str>>,
}

impl Rows {
    pub const fn new(head: &'static str, row: &'static str, tail: &'static str) -> Rows {
        Rows {
            head,
            row,
            tail,
            built: std::sync::OnceLock::new(),
        }
    }

    /// The statement for `n` rows, `n` a power of two up to [`ROWS`].
    pub fn sql(&self, n: usize) -> &'static str {
        assert!(
            n.is_power_of_two() && n <= ROWS,
            "{n} rows in one statement"
        );
        let built = self.built.get_or_init(|| {
            (0..=ROWS.ilog2())
                .map(|shift| &*Box::leak(self.build(1 << shift).into_boxed_str()))
                .collect()
        });
        built[n.ilog2() as usize]
    }

    fn build(&self, n: usize) -> String {
        let width = placeholders(self.row).max().unwrap_or(0);
        let rows: Vec<String> = (0..n).map(|k| renumber(self.row, k * width)).collect();
        format!("{} VALUES {}{}", self.head, rows.join(", "), self.tail)
    }
}

/// `items` in slices whose lengths are powers of two up to [`ROWS`], largest first.
pub fn row_chunks<T>(mut items: &[T]) -> impl Iterator<Item = &[T]> {
    std::iter::from_fn(move || {
        let n = ROWS.min(1 << items.len().checked_ilog2()?);
        let (chunk, rest) = items.split_at(n);
        items = rest;
        Some(chunk)
    })
}

/// Each row once, in its latest state, where it first appeared: one statement may not
/// write a row twice.
pub fn latest_by<'a, T>(rows: &[&'a T], key: impl Fn(&T) -> &str) -> Vec<&'a T> {
    let mut at: std::collections::HashMap<&str, usize> =
        std::collections::HashMap::with_capacity(rows.len());
    let mut latest: Vec<&T> = Vec::with_capacity(rows.len());
    for &row in rows {
        match at.get(key(row)) {
            Some(&i) => latest[i] = row,
            None => {
                at.insert(key(row), latest.len());
                latest.push(row);
            }
        }
    }
    latest
}

/// The numbers of the `$n` placeholders in `sql`, in order.
fn placeholders(sql: &str) -> impl Iterator<Item = usize> + '_ {
    sql.split('$').skip(1).filter_map(|after| {
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        after[..digits].parse().ok()
    })
}

/// `sql` with every placeholder `$i` written `$(i + offset)`.
fn renumber(sql: &str, offset: usize) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut parts = sql.split('$');
    out.push_str(parts.next().unwrap_or_default());
    for after in parts {
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        match after[..digits].parse::<usize>() {
            Ok(i) => out.push_str(&format!("${}{}", i + offset, &after[digits..])),
            Err(_) => {
                out.push('$');
                out.push_str(after);
            }
        }
    }
    out
}

/// What a store did since it opened, for tests that check that work does not grow with
/// the size of the store (never timing): statements run, rows they answered, on SQLite
/// the steps of its virtual machine, which grow with every row a statement visits, an
/// index entry or a table row, and transactions committed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Work {
    pub statements: u64,
    pub rows: u64,
    pub steps: u64,
    /// Transactions committed (a group commit is one).
    pub commits: u64,
    /// Of those, on PostgreSQL, how many were sent in the next command's first message
    /// rather than alone (D-244).
    pub carried: u64,
}

impl std::ops::Sub for Work {
    type Output = Work;
    fn sub(self, earlier: Work) -> Work {
        Work {
            statements: self.statements - earlier.statements,
            rows: self.rows - earlier.rows,
            steps: self.steps - earlier.steps,
            commits: self.commits - earlier.commits,
            carried: self.carried - earlier.carried,
        }
    }
}

/// The counters behind [`Work`], shared by a store's connections.
#[derive(Debug, Default)]
pub struct Counters {
    statements: AtomicU64,
    rows: AtomicU64,
    steps: AtomicU64,
    commits: AtomicU64,
    carried: AtomicU64,
}

impl Counters {
    /// One statement run, that answered `rows` rows in `steps` steps.
    pub fn count(&self, rows: u64, steps: u64) {
        self.statements.fetch_add(1, Ordering::Relaxed);
        self.rows.fetch_add(rows, Ordering::Relaxed);
        self.steps.fetch_add(steps, Ordering::Relaxed);
    }

    /// One transaction committed, carrying `commands` commands (those undone to their
    /// savepoint in it included): counted, and recorded in the
    /// `zenlocal_store_commit_batch_size` histogram.
    pub fn committed(&self, commands: usize) {
        self.commits.fetch_add(1, Ordering::Relaxed);
        metrics::histogram!("zenlocal_store_commit_batch_size").record(commands as f64);
    }

    /// One commit sent in the next command's first message (D-244).
    pub fn carried(&self) {
        self.carried.fetch_add(1, Ordering::Relaxed);
    }

    pub fn work(&self) -> Work {
        Work {
            statements: self.statements.load(Ordering::Relaxed),
            rows: self.rows.load(Ordering::Relaxed),
            steps: self.steps.load(Ordering::Relaxed),
            commits: self.commits.load(Ordering::Relaxed),
            carried: self.carried.load(Ordering::Relaxed),
        }
    }
}

/// One row of an answer, read by column index.
pub trait Row {
    fn text(&self, idx: usize) -> Result<String>;
    fn opt_text(&self, idx: usize) -> Result<Option<String>>;
    fn int(&self, idx: usize) -> Result<i64>;
    fn opt_int(&self, idx: usize) -> Result<Option<i64>>;
    fn flag(&self, idx: usize) -> Result<bool>;
    /// An exact decimal, as stored.
    fn decimal(&self, idx: usize) -> Result<Decimal>;
}

/// An amount of money: shown in cents, so with at least two decimals whatever scale it
/// was stored with (PostgreSQL may give a zero back without one).
pub fn money(row: &dyn Row, idx: usize) -> Result<Decimal> {
    let mut value = row.decimal(idx)?;
    if value.scale() < 2 {
        value.rescale(2);
    }
    Ok(value)
}

/// A column holding a name (`FromStr`), e.g. an order's kind.
pub fn named<T>(row: &dyn Row, idx: usize) -> Result<T>
where
    T: FromStr,
    T::Err: std::fmt::Display,
{
    row.text(idx)?
        .parse()
        .map_err(|e| StoreError::Internal(format!("column {idx}: {e}")))
}

/// A column holding JSON.
pub fn json<T: serde::de::DeserializeOwned>(row: &dyn Row, idx: usize) -> Result<T> {
    serde_json::from_str(&row.text(idx)?)
        .map_err(|e| StoreError::Internal(format!("column {idx}: {e}")))
}

/// Decimal text as SQLite stores it.
pub fn parse_decimal(text: &str, idx: usize) -> Result<Decimal> {
    Decimal::from_str(text)
        .map_err(|e| StoreError::Internal(format!("column {idx}: `{text}` is not a decimal: {e}")))
}

/// What a backend provides to the statements: one connection, inside the transaction (or
/// SQLite savepoint, or PostgreSQL read snapshot) the backend opened for the op.
pub trait Conn {
    fn dialect(&self) -> Dialect;
    /// Whether statements lock the rows they read ([`LOCK_ROWS`]).
    fn locks_rows(&self) -> bool;
    /// Runs a statement whose answer nothing waits for. A backend may send it with the
    /// next statement that is answered (or the commit), so its error may be reported there.
    fn execute(&mut self, sql: &'static str, params: &[Value<'_>]) -> Result<()>;
    /// Runs a statement at once; answers the rows it changed.
    fn changed(&mut self, sql: &'static str, params: &[Value<'_>]) -> Result<u64>;
    /// Runs a query, mapping each row.
    fn query<T>(
        &mut self,
        sql: &'static str,
        params: &[Value<'_>],
        map: impl FnMut(&dyn Row) -> Result<T>,
    ) -> Result<Vec<T>>;
    /// Runs statements without parameters, separated by `;`.
    fn batch(&mut self, sql: &str) -> Result<()>;
    /// Before the account `id`'s row is locked: where the backend locks rows and this
    /// transaction holds the clock and no row yet, waits until no other transaction of
    /// this process that waited so for `id` is open (D-236), or, `together`, until one
    /// that may also commit together hands over its transaction (D-237). SQLite's one
    /// writer needs no such wait.
    fn queue_for_account(&mut self, _id: &str, _together: bool) {}

    /// The first row, if any.
    fn query_opt<T>(
        &mut self,
        sql: &'static str,
        params: &[Value<'_>],
        map: impl FnMut(&dyn Row) -> Result<T>,
    ) -> Result<Option<T>> {
        Ok(self.query(sql, params, map)?.into_iter().next())
    }

    /// Exactly one row.
    fn query_one<T>(
        &mut self,
        sql: &'static str,
        params: &[Value<'_>],
        map: impl FnMut(&dyn Row) -> Result<T>,
    ) -> Result<T> {
        self.query_opt(sql, params, map)?
            .ok_or_else(|| StoreError::Internal(format!("no row from {sql}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_row_lock_is_kept_only_where_rows_are_locked() {
        let sql = "SELECT data FROM instances WHERE id = $1 FOR NO KEY UPDATE";
        assert_eq!(Dialect::statement(sql, true), sql);
        assert_eq!(
            Dialect::statement(sql, false),
            "SELECT data FROM instances WHERE id = $1"
        );
        let plain = "SELECT COUNT(*) FROM accounts";
        assert_eq!(Dialect::statement(plain, true), plain);
        let of = "SELECT k.*, i.data FROM instances i, (SELECT 1) k FOR NO KEY UPDATE OF i";
        assert_eq!(Dialect::statement(of, true), of);
        assert_eq!(
            Dialect::statement(of, false),
            "SELECT k.*, i.data FROM instances i, (SELECT 1) k"
        );
        // The clause ends the statement, naming one table if any.
        for not in [
            "SELECT data FROM instances FOR NO KEY UPDATE OF",
            "SELECT data FROM instances FOR NO KEY UPDATE OF i, k",
            "SELECT data FROM (SELECT data FROM instances FOR NO KEY UPDATE) i",
        ] {
            assert_eq!(Dialect::statement(not, false), not);
        }
    }

    #[test]
    fn advisory_lock_keys_are_the_ones_every_replica_uses() {
        let clock = 0x7a65_6e6c_6f63_0001_i64.to_string();
        for held in [
            HOLD_CLOCK_EXCLUSIVE,
            BEGIN_HOLDING_CLOCK_SHARED,
            BEGIN_HOLDING_CLOCK_EXCLUSIVE,
        ] {
            assert!(held.ends_with(&format!("({clock})")), "{held}");
        }
        let migrating = 0x7a65_6e6c_6f63_0002_i64.to_string();
        assert!(BEGIN_MIGRATING.ends_with(&format!("({migrating})")));
    }

    #[test]
    fn postgres_only_lines_run_on_postgres_only() {
        let sql = "CREATE TABLE t (id BIGINT);\n--postgres: ALTER TABLE t SET (fillfactor = 90);\n";
        assert_eq!(Dialect::Sqlite.schema(sql), sql);
        assert_eq!(
            Dialect::Postgres.schema(sql),
            "CREATE TABLE t (id BIGINT);\n ALTER TABLE t SET (fillfactor = 90);\n"
        );
    }

    #[test]
    fn a_key_list_has_a_placeholder_per_key_padded_with_null() {
        let list = key_list!();
        assert_eq!(list.matches('$').count(), KEYS);
        assert!(list.ends_with(&format!("${KEYS})")));
        let values = keys(&["a", "b"]);
        assert!(matches!(values[1], Value::Text("b")));
        assert!(matches!(values[2], Value::Null));
        assert!(matches!(values[KEYS - 1], Value::Null));
    }

    #[test]
    fn a_statement_of_rows_numbers_each_rows_placeholders_after_the_last() {
        static EVENTS: Rows = Rows::new(
            "INSERT INTO t (a, b, c)",
            "($1, $2, (SELECT x FROM u WHERE id = $2))",
            " RETURNING id",
        );
        assert_eq!(
            EVENTS.sql(1),
            "INSERT INTO t (a, b, c) VALUES ($1, $2, (SELECT x FROM u WHERE id = $2)) RETURNING id"
        );
        assert_eq!(
            EVENTS.sql(2),
            "INSERT INTO t (a, b, c) VALUES ($1, $2, (SELECT x FROM u WHERE id = $2)), \
             ($3, $4, (SELECT x FROM u WHERE id = $4)) RETURNING id"
        );
        let widest = EVENTS.sql(ROWS);
        assert_eq!(widest.matches("VALUES").count(), 1);
        assert!(widest.contains(&format!("= ${})", 2 * ROWS)));
        assert!(!widest.contains(&format!("${}", 2 * ROWS + 1)));
        assert!(std::ptr::eq(EVENTS.sql(4), EVENTS.sql(4)));
    }

    #[test]
    fn rows_are_cut_in_powers_of_two_up_to_the_widest_statement() {
        let lengths =
            |n: usize| -> Vec<usize> { row_chunks(&vec![0; n]).map(<[i32]>::len).collect() };
        assert_eq!(lengths(0), Vec::<usize>::new());
        assert_eq!(lengths(1), [1]);
        assert_eq!(lengths(7), [4, 2, 1]);
        assert_eq!(lengths(ROWS), [ROWS]);
        assert_eq!(lengths(2 * ROWS + 3), [ROWS, ROWS, 2, 1]);
    }

    #[test]
    fn schema_tokens_become_each_backends_types() {
        let sql = "CREATE TABLE t (seq {serial}, amount {decimal} NOT NULL)";
        assert_eq!(
            Dialect::Sqlite.schema(sql),
            "CREATE TABLE t (seq INTEGER PRIMARY KEY AUTOINCREMENT, amount TEXT NOT NULL)"
        );
        assert_eq!(
            Dialect::Postgres.schema(sql),
            "CREATE TABLE t (seq BIGSERIAL PRIMARY KEY, amount NUMERIC NOT NULL)"
        );
    }
}
