//! The business of zenlocal: the catalog, accounts and their ledger, the simulated clock's
//! rules, billing, plan changes, instances, scheduled events, and the answers of the
//! actions. Every rule is a pure function of (state, command, now) returning the changes
//! to make and the answer, or an `ApiError`: no I/O, no async, no SQL and no clock reads
//! here. Rules cite DECISIONS.md as D-n, and each is unit-tested beside its code.
//!
//! Dependencies point down this list, never up:
//!
//! - `time`, `money`, `names`: timestamps, exact money, enums stored by name;
//! - `ipam`: CIDR blocks, address pools and handing out free addresses;
//! - `catalog` (with the built-in `catalog/default.toml`), `account`, `clock`, `price`;
//! - `model`: the types the rules share — resources, instances and their plan items and
//!   subscriptions, orders, scheduled events, the changes a command writes;
//! - `traffic`: public traffic, its meter and its overage;
//! - `billing`: the one billing path of every billable resource;
//! - `resource_group`: an account's resource groups, its default one included;
//! - `plan`: plan changes of an instance;
//! - `instance`: an instance's lifecycle, and its part in the billing path;
//! - `keypair`, `image`: vm key pairs and custom images;
//! - `vpc`, `subnet`, `security_group`: private networks and their firewalls;
//! - `ipblock`: bmc elastic IPs and IP blocks, and their part in the billing path;
//! - `disk`: vm disks, billed on their own or with their instance;
//! - `fault`: faults of the service itself that tests ask for;
//! - `describe`, `view`, `ipview`: the answers; `bill`: bills read from orders and ledger;
//!   `demo`: the demo account (`catalog/demo.toml`).

pub mod account;
pub mod bill;
pub mod billing;
pub mod catalog;
pub mod clock;
pub mod demo;
pub mod describe;
pub mod disk;
pub mod fault;
pub mod image;
pub mod instance;
pub mod ipam;
pub mod ipblock;
pub mod ipview;
pub mod keypair;
pub mod model;
pub mod money;
pub mod names;
pub mod plan;
pub mod price;
pub mod resource_group;
pub mod security_group;
pub mod subnet;
pub mod time;
pub mod traffic;
pub mod view;
pub mod vpc;

#[cfg(test)]
mod testing;

pub use catalog::Catalog;
pub use time::Timestamp;
pub use zenlocal_wire::{codes, ApiError};
