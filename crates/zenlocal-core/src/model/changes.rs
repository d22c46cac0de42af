//! What a rule is given besides the state it decides on — fresh identifiers and the
//! timings of the simulated machinery — and what it gives back: every row one command
//! writes, which the store writes in one transaction.

use super::disk::Disk;
use super::event::EventKind;
use super::instance::Instance;
use super::ip_block::IpBlock;
use super::lease::Lease;
use super::order::Order;
use super::resource::ResourceRef;
use super::traffic::TrafficSegment;
use crate::account::{Account, LedgerEntry};
use crate::Timestamp;
use zenlocal_wire::Service;

/// How long the simulated machinery takes, in seconds (D-20, D-25); 0 = at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timings {
    pub provisioning: i64,
    pub power: i64,
    pub recycle: i64,
    /// How long an immediate plan change shows `Processing` (D-11).
    pub processing: i64,
    /// How long CreateImage takes: the image is CREATING, the instance IMAGING (D-173).
    pub imaging: i64,
    /// How long ReinstallInstance (bmc INSTALLING) and ResetInstance (vm REBUILDING) take
    /// (D-122).
    pub reinstall: i64,
    /// How long a disk is CREATING, ATTACHING, DETACHING or RESIZING (D-163).
    pub disk: i64,
}

impl Default for Timings {
    fn default() -> Self {
        Timings {
            provisioning: 10,
            power: 5,
            recycle: 24 * 3600,
            processing: 5,
            imaging: 10,
            reinstall: 10,
            disk: 5,
        }
    }
}

/// Fresh identifiers, supplied by the caller so that the rules stay pure.
pub trait Ids {
    fn instance_id(&mut self) -> String;
    fn order_number(&mut self) -> String;
    fn disk_id(&mut self) -> String;
}

/// A stock change of one offer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StockDelta {
    pub service: Service,
    pub zone_id: String,
    pub product: String,
    pub delta: i64,
}

/// Everything one command writes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    pub accounts: Vec<Account>,
    pub ledger: Vec<LedgerEntry>,
    pub instances: Vec<Instance>,
    /// Elastic IPs and IP blocks made or changed (D-141).
    pub ip_blocks: Vec<IpBlock>,
    /// Disks made or changed (D-160).
    pub disks: Vec<Disk>,
    /// Resources gone for good (D-25); the addresses they hold are freed with them.
    pub released: Vec<ResourceRef>,
    /// Addresses given back (D-140), before `leases` are taken.
    pub freed: Vec<Lease>,
    /// Addresses taken (D-140); the store refuses one its scope already holds.
    pub leases: Vec<Lease>,
    /// Order lines made or updated, in the order they were made.
    pub orders: Vec<Order>,
    pub events: Vec<(Timestamp, EventKind)>,
    pub stock: Vec<StockDelta>,
    /// Traffic metered (D-130).
    pub traffic: Vec<TrafficSegment>,
}

impl Changes {
    /// Adds what `other` writes after what these write.
    pub fn merge(&mut self, mut other: Changes) {
        self.accounts.append(&mut other.accounts);
        self.ledger.append(&mut other.ledger);
        self.instances.append(&mut other.instances);
        self.ip_blocks.append(&mut other.ip_blocks);
        self.disks.append(&mut other.disks);
        self.released.append(&mut other.released);
        self.freed.append(&mut other.freed);
        self.leases.append(&mut other.leases);
        self.orders.append(&mut other.orders);
        self.events.append(&mut other.events);
        self.stock.append(&mut other.stock);
        self.traffic.append(&mut other.traffic);
    }
}
