//! Request and response types per service and version.
//!
//! Requests deserialise (server) and serialise (client) the same struct, skipping unset
//! fields as every SDK does. Responses emit documented optional fields as `null` (D-5);
//! fields that exist only in some versions sit in a flattened `Option` that is `None` for
//! the versions without them, so they are absent there rather than null.

pub mod bmc;
pub mod common;
pub mod ips;
pub mod vm;
pub mod vpcs;
pub mod zbc;

/// Money and sizes travel as JSON numbers (D-7), held exactly as decimals inside.
pub use rust_decimal::Decimal;
