//! The one error type every layer answers with.

use crate::codes::{self, Code};
use std::fmt;

/// An API error: a code (with its HTTP status) and a message that names the field or
/// rule that failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub code: Code,
    pub message: String,
}

impl ApiError {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
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

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({}): {}",
            self.code.name, self.code.status, self.message
        )
    }
}

impl std::error::Error for ApiError {}
