//! A connection to PostgreSQL driven from the thread that uses it, on a runtime of its own
//! (as the `postgres` crate drives its clients), so that several statements can be sent in
//! one message: a write's statements whose answers nothing waits for travel with the next
//! that is waited for, or with the commit ([`Session::send`]), those writing different
//! tables as one statement ([`Writes`]).

use super::Owned;
use crate::sql::Value;
use crate::StoreError;
use std::collections::HashMap;
use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::task::Poll;
use tokio::runtime::Runtime;
use tokio_postgres::types::ToSql;
use tokio_postgres::{Client, Config, NoTls, Row, Statement};

pub(crate) struct Session {
    runtime: Runtime,
    client: Client,
    /// Statements prepared on this connection, by their SQL.
    statements: HashMap<&'static str, Statement>,
    /// Writes sent as one statement ([`Unanswered::Writes`]) prepared on this connection,
    /// by the SQL of each.
    combined: HashMap<Vec<&'static str>, Statement>,
    /// A write's last statements and its commit, not yet sent: they go first in the
    /// session's next message, or alone ([`Session::flush`]).
    deferred: Option<Deferred>,
}

/// A write whose commit waits to be sent ([`Session::defer`]), and who hears how it ended.
struct Deferred {
    tail: Vec<Unanswered>,
    committed: Box<dyn FnOnce(Result<(), StoreError>, bool) + Send>,
}

/// A statement to send whose answer is not awaited on its own.
pub(crate) enum Unanswered {
    /// Statements without parameters, separated by `;`.
    Batch(&'static str),
    /// Writes, each its SQL and parameters, sent as one statement ([`Writes::join`]).
    Writes(Writes),
}

/// Writes whose answers nothing waits for, sent as one statement: all but the last in a
/// `WITH` clause. PostgreSQL runs such parts on one snapshot, none seeing another's rows,
/// in no set order; so only `INSERT`s and `UPDATE`s without a subquery join, each of a
/// table no other part writes.
pub(crate) struct Writes {
    sql: Vec<&'static str>,
    values: Vec<Vec<Owned>>,
    /// The tables the parts write, while another may join: none once a part may not.
    tables: Option<Vec<&'static str>>,
    /// How many parameters the parts take.
    parameters: usize,
}

/// The parts one statement of [`Writes`] holds at most, and the parameters.
const WRITES: usize = 8;
const WRITE_PARAMETERS: usize = 4096;

impl Writes {
    pub fn one(sql: &'static str, values: Vec<Owned>) -> Writes {
        Writes {
            sql: vec![sql],
            parameters: values.len(),
            values: vec![values],
            tables: written(sql).map(|table| vec![table]),
        }
    }

    /// Adds the write `sql` if it may run in the same statement as those here.
    pub fn join(&mut self, sql: &'static str, values: Vec<Owned>) -> Result<(), Vec<Owned>> {
        let (Some(tables), Some(table)) = (&mut self.tables, written(sql)) else {
            return Err(values);
        };
        if tables.len() >= WRITES
            || self.parameters + values.len() > WRITE_PARAMETERS
            || tables.contains(&table)
        {
            return Err(values);
        }
        tables.push(table);
        self.parameters += values.len();
        self.sql.push(sql);
        self.values.push(values);
        Ok(())
    }

    /// Each write's SQL and how many parameters it takes.
    fn parts(&self) -> Vec<(&'static str, usize)> {
        (self.sql.iter().copied())
            .zip(self.values.iter().map(Vec::len))
            .collect()
    }
}

/// The table an `INSERT` or `UPDATE` without a subquery writes; none for any other
/// statement.
fn written(sql: &'static str) -> Option<&'static str> {
    let sql = sql.trim_start();
    let rest = sql
        .strip_prefix("INSERT INTO ")
        .or_else(|| sql.strip_prefix("UPDATE "))?;
    if sql.contains("SELECT") {
        return None;
    }
    rest.split([' ', '(']).next().filter(|t| !t.is_empty())
}

/// `parts` (SQL, parameter count) as one statement: all but the last in `WITH`, the
/// parameters `$n` of each numbered on after those before it.
fn combine(parts: &[(&str, usize)]) -> String {
    let mut sql = String::from("WITH ");
    let mut before = 0;
    for (n, (part, parameters)) in parts.iter().enumerate() {
        let renumbered = renumber(part, before);
        before += parameters;
        if n + 1 == parts.len() {
            sql.push_str(&renumbered);
        } else {
            let comma = if n + 2 == parts.len() { " " } else { ", " };
            sql.push_str(&format!("w{n} AS ({renumbered}){comma}"));
        }
    }
    sql
}

/// `sql` with each parameter `$n` written `$(n + by)`.
fn renumber(sql: &str, by: usize) -> String {
    let mut out = String::with_capacity(sql.len() + 16);
    let mut rest = sql;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..=at]);
        rest = &rest[at + 1..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        match rest[..digits].parse::<usize>() {
            Ok(n) => out.push_str(&(n + by).to_string()),
            Err(_) => out.push_str(&rest[..digits]),
        }
        rest = &rest[digits..];
    }
    out.push_str(rest);
    out
}

/// What a statement answered: its rows, or how many it changed.
#[derive(Default)]
pub(crate) struct Answered {
    pub rows: Vec<Row>,
    pub changed: u64,
}

type Answer<'a> = Pin<Box<dyn Future<Output = Result<Answered, tokio_postgres::Error>> + 'a>>;

impl Session {
    pub fn connect(config: &Config) -> Result<Session, StoreError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| StoreError::Unavailable(format!("cannot start a runtime: {e}")))?;
        let (client, connection) = runtime
            .block_on(config.connect(NoTls))
            .map_err(super::not_connected)?;
        // Driven whenever the session waits for an answer.
        runtime.spawn(async move {
            if let Err(e) = connection.await {
                tracing::warn!(error = %e, "a connection to PostgreSQL was lost");
            }
        });
        Ok(Session {
            runtime,
            client,
            statements: HashMap::new(),
            combined: HashMap::new(),
            deferred: None,
        })
    }

    /// Leaves the open transaction's last statements `tail` and its commit to go first in
    /// this session's next message (D-244), `committed` to hear how the commit ended and
    /// whether another message carried it; its statements are prepared now, so that
    /// sending them later cannot fail before they are sent.
    pub fn defer(
        &mut self,
        mut tail: Vec<Unanswered>,
        committed: impl FnOnce(Result<(), StoreError>, bool) + Send + 'static,
    ) -> Result<(), StoreError> {
        self.flush();
        for unanswered in &tail {
            if let Unanswered::Writes(writes) = unanswered {
                self.writes(writes)?;
            }
        }
        tail.push(Unanswered::Batch("COMMIT"));
        self.deferred = Some(Deferred {
            tail,
            committed: Box::new(committed),
        });
        Ok(())
    }

    /// Sends the commit waiting, if any, alone, and tells how it ended.
    pub fn flush(&mut self) {
        if let Some(Deferred {
            mut tail,
            committed,
        }) = self.deferred.take()
        {
            tail.pop();
            committed(
                self.send(&tail, Last::Batch("COMMIT"))
                    .map(drop)
                    .map_err(StoreError::from),
                false,
            );
        }
    }

    pub fn is_closed(&self) -> bool {
        self.client.is_closed()
    }

    /// The statement `sql`, prepared on this connection at its first use.
    pub fn prepare(&mut self, sql: &'static str) -> Result<Statement, StoreError> {
        if let Some(statement) = self.statements.get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.runtime.block_on(self.client.prepare(sql))?;
        self.statements.insert(sql, statement.clone());
        Ok(statement)
    }

    /// The statement that runs `writes`, prepared at its first use.
    fn writes(&mut self, writes: &Writes) -> Result<Statement, StoreError> {
        if let [sql] = writes.sql.as_slice() {
            return self.prepare(sql);
        }
        if let Some(statement) = self.combined.get(writes.sql.as_slice()) {
            return Ok(statement.clone());
        }
        let parts = writes.parts();
        let statement = self
            .runtime
            .block_on(self.client.prepare(&combine(&parts)))?;
        self.combined.insert(writes.sql.clone(), statement.clone());
        Ok(statement)
    }

    /// The client, for statements to run with [`Session::wait`].
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Waits for `answer`, a statement of [`Session::client`], driving the connection.
    pub fn wait<T>(
        &self,
        answer: impl Future<Output = Result<T, tokio_postgres::Error>>,
    ) -> Result<T, StoreError> {
        Ok(self.runtime.block_on(answer)?)
    }

    /// Sends `before`, then `last`, in one message, and waits for all their answers: the
    /// first error in the order sent (PostgreSQL refuses what follows a failed statement in
    /// a transaction), with its place, else `last`'s answer. A commit waiting
    /// ([`Session::defer`]) goes first, and hears its own statements' answers.
    pub fn send(&mut self, before: &[Unanswered], last: Last<'_>) -> Result<Answered, Refused> {
        let Some(Deferred { tail, committed }) = self.deferred.take() else {
            return first_refused(self.exchange(before.iter(), last)?);
        };
        let mut answers = match self.exchange(tail.iter().chain(before), last) {
            Ok(answers) => answers,
            Err(refused) => {
                // Nothing was sent: the commit goes alone, and this message's refusal is
                // told as of its own statements.
                let sent_first = tail.len();
                self.deferred = Some(Deferred { tail, committed });
                self.flush();
                return Err(Refused {
                    at: refused.at.saturating_sub(sent_first),
                    error: refused.error,
                });
            }
        };
        let own = answers.split_off(tail.len());
        committed(
            first_refused(answers).map(drop).map_err(StoreError::from),
            true,
        );
        first_refused(own)
    }

    /// Sends `before`, then `last`, in one message, and answers each in order; refused
    /// before sending where a write cannot be prepared.
    fn exchange<'u>(
        &mut self,
        before: impl Iterator<Item = &'u Unanswered>,
        last: Last<'_>,
    ) -> Result<Vec<Result<Answered, tokio_postgres::Error>>, Refused> {
        let mut ready = Vec::with_capacity(before.size_hint().0);
        for (at, unanswered) in before.enumerate() {
            ready.push(match unanswered {
                Unanswered::Batch(sql) => Ready::Batch(sql),
                Unanswered::Writes(writes) => Ready::Execute(
                    self.writes(writes).map_err(|error| Refused { at, error })?,
                    writes.values.iter().flatten().map(Owned::value).collect(),
                ),
            });
        }
        let client = &self.client;
        let mut answers: Vec<Answer<'_>> = ready
            .iter()
            .map(|statement| statement.send(client))
            .collect();
        answers.push(last.send(client));
        if answers.len() == 1 {
            return Ok(vec![self.runtime.block_on(answers.remove(0))]);
        }
        let mut results: Vec<Option<Result<Answered, tokio_postgres::Error>>> =
            answers.iter().map(|_| None).collect();
        // Each statement is sent when first polled, so all are polled in order at once,
        // then until every answer is in.
        self.runtime.block_on(poll_fn(|cx| {
            let mut waiting = false;
            for (answer, result) in answers.iter_mut().zip(results.iter_mut()) {
                if result.is_none() {
                    match answer.as_mut().poll(cx) {
                        Poll::Ready(r) => *result = Some(r),
                        Poll::Pending => waiting = true,
                    }
                }
            }
            if waiting {
                Poll::Pending
            } else {
                Poll::Ready(())
            }
        }));
        Ok(results.into_iter().flatten().collect())
    }
}

/// The first of `answers` that failed, with its place, else the last's answer.
fn first_refused(
    answers: Vec<Result<Answered, tokio_postgres::Error>>,
) -> Result<Answered, Refused> {
    let mut answered = Answered::default();
    for (at, result) in answers.into_iter().enumerate() {
        answered = result.map_err(|e| Refused {
            at,
            error: e.into(),
        })?;
    }
    Ok(answered)
}

/// The first statement of a message that failed: its place in the message, and why.
pub(crate) struct Refused {
    pub at: usize,
    pub error: StoreError,
}

impl From<Refused> for StoreError {
    fn from(refused: Refused) -> Self {
        refused.error
    }
}

/// The statement whose answer [`Session::send`] waits for.
#[derive(Clone, Copy)]
pub(crate) enum Last<'a> {
    Query(&'a Statement, &'a [&'a (dyn ToSql + Sync)]),
    Execute(&'a Statement, &'a [&'a (dyn ToSql + Sync)]),
    Batch(&'a str),
}

impl<'a> Last<'a> {
    fn send(self, client: &'a Client) -> Answer<'a> {
        match self {
            Last::Query(statement, params) => Box::pin(async move {
                let rows = client.query(statement, params).await?;
                Ok(Answered { rows, changed: 0 })
            }),
            Last::Execute(statement, params) => Box::pin(async move {
                let changed = client.execute(statement, params).await?;
                Ok(Answered {
                    rows: Vec::new(),
                    changed,
                })
            }),
            Last::Batch(sql) => Box::pin(async move {
                client.batch_execute(sql).await?;
                Ok(Answered::default())
            }),
        }
    }
}

/// An [`Unanswered`] statement as sent: writes prepared, their parameters in order.
enum Ready<'a> {
    Batch(&'static str),
    Execute(Statement, Vec<Value<'a>>),
}

impl<'a> Ready<'a> {
    fn send(&'a self, client: &'a Client) -> Answer<'a> {
        match self {
            Ready::Batch(sql) => Last::Batch(sql).send(client),
            Ready::Execute(statement, values) => Box::pin(async move {
                let changed = client.execute(statement, &super::params(values)).await?;
                Ok(Answered {
                    rows: Vec::new(),
                    changed,
                })
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_of_different_tables_join_in_one_statement_numbered_on() {
        let mut writes = Writes::one(
            "INSERT INTO instances (id, data) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET data = excluded.data",
            vec![Owned::Int(1), Owned::Int(2)],
        );
        assert!(writes
            .join(
                "UPDATE accounts SET balance = $2 WHERE id = $1",
                vec![Owned::Int(3), Owned::Int(4)]
            )
            .is_ok());
        assert!(writes
            .join(
                "INSERT INTO ledger (a, b, c) VALUES ($1, $2, $3)",
                (0..3).map(|_| Owned::Null).collect()
            )
            .is_ok());
        let parts = writes.parts();
        assert_eq!(
            combine(&parts),
            "WITH w0 AS (INSERT INTO instances (id, data) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET data = excluded.data), \
             w1 AS (UPDATE accounts SET balance = $4 WHERE id = $3) \
             INSERT INTO ledger (a, b, c) VALUES ($5, $6, $7)"
        );
    }

    #[test]
    fn a_table_written_twice_a_delete_or_a_subquery_starts_another_statement() {
        let mut writes = Writes::one("INSERT INTO orders (a) VALUES ($1)", vec![Owned::Null]);
        for refused in [
            "INSERT INTO orders (a) VALUES ($1), ($2)",
            "UPDATE orders SET a = $1",
            "DELETE FROM addresses WHERE scope = $1",
            "INSERT INTO stock (a) SELECT $1",
            "UPDATE accounts SET balance = (SELECT 1) WHERE id = $1",
        ] {
            assert!(
                writes.join(refused, vec![Owned::Null]).is_err(),
                "{refused}"
            );
        }
        assert_eq!(writes.sql.len(), 1);
        // Nothing joins a statement that may not be joined itself.
        let mut delete = Writes::one("DELETE FROM disks WHERE id = $1", vec![Owned::Null]);
        assert!(delete
            .join("INSERT INTO orders (a) VALUES ($1)", vec![Owned::Null])
            .is_err());
    }

    #[test]
    fn statements_join_up_to_a_bound() {
        let tables = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
        let sql: Vec<&'static str> = tables
            .iter()
            .map(|t| &*Box::leak(format!("INSERT INTO {t} (x) VALUES ($1)").into_boxed_str()))
            .collect();
        let mut writes = Writes::one(sql[0], vec![Owned::Null]);
        for s in &sql[1..WRITES] {
            assert!(writes.join(s, vec![Owned::Null]).is_ok());
        }
        assert!(writes.join(sql[WRITES], vec![Owned::Null]).is_err());
        let mut many = Writes::one(sql[0], (0..WRITE_PARAMETERS).map(|_| Owned::Null).collect());
        assert!(many.join(sql[1], vec![Owned::Null]).is_err());
    }

    #[test]
    fn renumbering_moves_every_parameter_and_nothing_else() {
        assert_eq!(
            renumber("a = $1 AND b IN ($2, $10) AND c = '$'", 5),
            "a = $6 AND b IN ($7, $15) AND c = '$'"
        );
        assert_eq!(renumber("no parameters", 3), "no parameters");
    }
}
