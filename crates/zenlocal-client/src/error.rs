//! What can go wrong with a call: the service said no ([`Error::Api`]), no answer came
//! back ([`Error::Network`]), the answer was not the documented shape ([`Error::Decode`]),
//! or the client was set up wrong ([`Error::Endpoint`], [`Error::Credential`]).

use zenlocal_wire::codes;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The service answered with an error body `{requestId, code, message}`.
    #[error("{code} (HTTP {status}): {message} [requestId {request_id}]")]
    Api {
        status: u16,
        code: String,
        message: String,
        request_id: String,
    },
    /// The request did not get an answer: connection refused, reset, timed out.
    #[error("network error: {0}")]
    Network(#[from] reqwest::Error),
    /// An answer that is not the documented shape (or a request that cannot be encoded,
    /// with status 0).
    #[error("unexpected answer (HTTP {status}): {message}")]
    Decode { status: u16, message: String },
    #[error("invalid endpoint `{0}`")]
    Endpoint(String),
    /// No usable credential (e.g. half an access key pair in the environment).
    #[error("credential: {0}")]
    Credential(String),
}

impl Error {
    /// The API error code, when the service answered with one.
    pub fn code(&self) -> Option<&str> {
        match self {
            Error::Api { code, .. } => Some(code),
            _ => None,
        }
    }

    /// The HTTP status of the answer, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } => Some(*status),
            Error::Decode { status, .. } if *status != 0 => Some(*status),
            Error::Network(e) => e.status().map(|s| s.as_u16()),
            _ => None,
        }
    }

    /// The requestId of the failed call, to quote to support.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api { request_id, .. } => Some(request_id),
            _ => None,
        }
    }

    /// The service's message (free text that may change; match on [`Error::code`]).
    pub fn message(&self) -> Option<&str> {
        match self {
            Error::Api { message, .. } => Some(message),
            _ => None,
        }
    }

    /// `REQUEST_LIMIT_EXCEEDED`, or any HTTP 429: what the client retries.
    pub fn is_rate_limited(&self) -> bool {
        match self {
            Error::Api { status, code, .. } => {
                *status == 429 || code == codes::REQUEST_LIMIT_EXCEEDED.name
            }
            Error::Decode { status, .. } => *status == 429,
            _ => false,
        }
    }

    /// The request gave up waiting (the client's timeout).
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Network(e) if e.is_timeout())
    }
}
