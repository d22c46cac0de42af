use std::error::Error;
use zenlocal_wire::ApiError;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A business rule refused the command; nothing was written.
    #[error(transparent)]
    Api(#[from] ApiError),
    /// The database cannot be reached or refused the commit; nothing was acknowledged.
    #[error("store unavailable: {0}")]
    Unavailable(String),
    /// A bug or corrupt data.
    #[error("store failure: {0}")]
    Internal(String),
    /// The database answered a statement with an error or lost its connection. Its own
    /// error — message, detail, SQLite's extended code — is the `source`, and PostgreSQL's
    /// SQLSTATE is kept beside it, so the operator sees what the database said.
    #[error("{}{}",
        if *unavailable { "store unavailable" } else { "store failure" },
        sqlstate.as_ref().map(|code| format!(" (SQLSTATE {code})")).unwrap_or_default())]
    Database {
        /// Whether the database is away (a retry may succeed) rather than refusing.
        unavailable: bool,
        sqlstate: Option<String>,
        #[source]
        source: Box<dyn Error + Send + Sync>,
    },
}

impl StoreError {
    pub fn internal(e: impl std::fmt::Display) -> Self {
        StoreError::Internal(e.to_string())
    }

    /// Whether the store is away rather than refusing: answered 503, which clients retry.
    pub fn is_unavailable(&self) -> bool {
        matches!(
            self,
            StoreError::Unavailable(_)
                | StoreError::Database {
                    unavailable: true,
                    ..
                }
        )
    }

    /// The error as an API answer: business errors as they are, the rest without detail
    /// for the client and with this error as the cause, for the log line (D-2).
    pub fn into_api(self) -> ApiError {
        match self {
            StoreError::Api(e) => e,
            other if other.is_unavailable() => {
                ApiError::unavailable("the store is temporarily unavailable; retry shortly")
                    .caused_by(other)
            }
            other => ApiError::internal().caused_by(other),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        e.into_api()
    }
}
