//! The business of zenlocal: the catalog, accounts and their ledger, the simulated clock's
//! rules, scheduled events, and the answers of the catalog and billing actions. Every
//! rule is a pure function of (state, command, now) returning the changes to make and
//! the answer, or an `ApiError`: no I/O, no async, no SQL and no clock reads here.
//! Rules cite DECISIONS.md as D-n.

pub mod account;
pub mod catalog;
pub mod clock;
pub mod describe;
pub mod event;
pub mod image;
pub mod instance;
pub mod keypair;
pub mod money;
pub mod names;
pub mod order;
pub mod plan;
pub mod price;
pub mod time;
pub mod view;

pub use catalog::Catalog;
pub use money::Money;
pub use time::Timestamp;
pub use zenlocal_wire::{codes, ApiError};
