//! The Zenlayer Cloud API 2.0 as bytes: services, versions and actions, the error codes
//! with their HTTP statuses, the success and error envelopes, identifiers, request
//! decoding with the documented error precedence, the request and response types of
//! every action, and ZC2-HMAC-SHA256 signing and verification.
//!
//! No I/O and no async: the server and the client both build on this crate, so the two
//! cannot drift apart.

pub mod api;
pub mod codes;
pub mod control;
pub mod decode;
pub mod envelope;
pub mod error;
pub mod ids;
pub mod model;
pub mod openapi;
pub mod service;
pub mod sign;

pub use api::{Action, Endpoint};
pub use codes::Code;
pub use error::ApiError;
pub use service::{Service, Version};
