//! A connection to PostgreSQL driven from the thread that uses it, on a runtime of its own
//! (as the `postgres` crate drives its clients), so that several statements can be sent in
//! one message: a write's statements whose answers nothing waits for travel with the next
//! that is waited for, or with the commit ([`Session::send`]).

use super::Owned;
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
}

/// A statement to send whose answer is not awaited on its own.
pub(crate) enum Unanswered {
    /// Statements without parameters, separated by `;`.
    Batch(&'static str),
    Execute(Statement, Vec<Owned>),
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
        })
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
    /// a transaction), with its place, else `last`'s answer.
    pub fn send(&self, before: &[Unanswered], last: Last<'_>) -> Result<Answered, Refused> {
        let client = &self.client;
        let mut answers: Vec<Answer<'_>> = before
            .iter()
            .map(|statement| statement.send(client))
            .collect();
        answers.push(last.send(client));
        if answers.len() == 1 {
            return self
                .runtime
                .block_on(answers.remove(0))
                .map_err(|e| Refused {
                    at: 0,
                    error: e.into(),
                });
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
        let mut answered = Answered::default();
        for (at, result) in results.into_iter().flatten().enumerate() {
            answered = result.map_err(|e| Refused {
                at,
                error: e.into(),
            })?;
        }
        Ok(answered)
    }
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

impl Unanswered {
    fn send<'a>(&'a self, client: &'a Client) -> Answer<'a> {
        match self {
            Unanswered::Batch(sql) => Last::Batch(sql).send(client),
            Unanswered::Execute(statement, values) => Box::pin(async move {
                let values: Vec<_> = values.iter().map(Owned::value).collect();
                let changed = client.execute(statement, &super::params(&values)).await?;
                Ok(Answered {
                    rows: Vec::new(),
                    changed,
                })
            }),
        }
    }
}
