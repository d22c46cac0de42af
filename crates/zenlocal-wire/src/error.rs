//! The one error type every layer answers with.

use crate::codes::{self, Code};
use std::error::Error;
use std::fmt;
use std::sync::Arc;

/// An API error: a code (with its HTTP status) and a message that names the field or
/// rule that failed. An unexpected failure also carries its `cause` — the database's own
/// error, for instance — for the operator's log line; the answer never shows it (D-2).
#[derive(Debug, Clone)]
pub struct ApiError {
    pub code: Code,
    pub message: String,
    pub cause: Option<Arc<dyn Error + Send + Sync>>,
}

impl ApiError {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            cause: None,
        }
    }

    /// The same answer, remembering why it is given.
    pub fn caused_by(mut self, cause: impl Error + Send + Sync + 'static) -> Self {
        self.cause = Some(Arc::new(cause));
        self
    }

    pub fn status(&self) -> u16 {
        self.code.status
    }

    pub fn invalid_parameter(message: impl Into<String>) -> Self {
        Self::new(codes::INVALID_PARAMETER, message)
    }

    pub fn missing_parameter(field: &str) -> Self {
        Self::new(
            codes::MISSING_PARAMETER,
            format!("the required parameter `{field}` is missing"),
        )
    }

    pub fn auth(message: impl Into<String>) -> Self {
        Self::new(codes::AUTHFAILURE_SIGNATURE_FAILURE, message)
    }

    /// The answer to an unexpected failure; the detail belongs in the log, not here.
    pub fn internal() -> Self {
        Self::new(
            codes::INTERNAL_SERVER_ERROR,
            "an internal error occurred; quote the requestId when reporting it",
        )
    }

    pub fn unavailable(message: impl Into<String>) -> Self {
        Self::new(codes::SERVICE_TEMPORARY_UNAVAILABLE, message)
    }
}

/// Two errors are the same answer when code and message agree; the cause is not part
/// of the answer.
impl PartialEq for ApiError {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code && self.message == other.message
    }
}

impl Eq for ApiError {}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({}): {}",
            self.code.name, self.code.status, self.message
        )
    }
}

impl Error for ApiError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.cause.as_deref().map(|c| c as &(dyn Error + 'static))
    }
}

/// An error and every cause in its `source()` chain on one line, `a: b: c`, each said
/// once (a cause whose text is already there is skipped) — what an operator needs to
/// see, e.g. the database's own message after zenlocal's.
pub fn describe(error: &(dyn Error + 'static)) -> String {
    let mut text = String::new();
    let mut next = Some(error);
    while let Some(e) = next {
        let part = e.to_string().replace(['\n', '\r'], " ");
        if !text.contains(&part) {
            if !text.is_empty() {
                text.push_str(": ");
            }
            text.push_str(&part);
        }
        next = e.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Db;
    impl fmt::Display for Db {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("ERROR: relation \"ledger\" does not exist\nHINT: check")
        }
    }
    impl Error for Db {}

    #[test]
    fn the_cause_is_kept_for_the_log_and_left_out_of_the_answer() {
        let e = ApiError::internal().caused_by(Db);
        assert_eq!(e, ApiError::internal());
        assert!(!e.to_string().contains("ledger"));
        assert_eq!(
            describe(&e),
            "INTERNAL_SERVER_ERROR (500): an internal error occurred; quote the requestId \
             when reporting it: ERROR: relation \"ledger\" does not exist HINT: check"
        );
        assert_eq!(
            describe(&ApiError::internal()),
            ApiError::internal().to_string()
        );
    }
}
