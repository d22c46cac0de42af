//! The primitives a backend provides inside one transaction.

use crate::StoreError;
use zenlocal_core::account::{AccessKey, Account, LedgerEntry, Token};
use zenlocal_core::clock::ClockState;
use zenlocal_core::fault::{ServiceFault, ServiceFaultKind};
use zenlocal_core::image::Image;
use zenlocal_core::keypair::KeyPair;
use zenlocal_core::model::{EventKind, Instance, Order, ResourceRef, ScheduledEvent, StockDelta};
use zenlocal_core::Timestamp;
use zenlocal_wire::Service;

pub type Result<T> = std::result::Result<T, StoreError>;

/// Rows are locked in one order everywhere, so that no two commands wait for each other
/// (D-110): the clock first (see [`Tx::hold_clock`]), then the account, then instances in
/// ascending id, then stock rows in ascending (service, zone, product).
pub trait Tx: KeyPairsTx + ImagesTx + ServiceFaultsTx {
    /// Holds the clock for the rest of the transaction, before any row is read: shared by
    /// every command, exclusively by those that move time or change the store as a whole.
    /// So no command runs while time moves, and each reads the clock as the last move left
    /// it, across every process sharing the store.
    fn hold_clock(&mut self, exclusive: bool) -> Result<()>;

    fn clock(&mut self) -> Result<Option<ClockState>>;
    /// The clock and the due time of the earliest event not yet applied, in one read.
    fn clock_and_next_due(&mut self) -> Result<Option<(ClockState, Option<Timestamp>)>>;
    fn set_clock(&mut self, clock: &ClockState) -> Result<()>;

    fn account_count(&mut self) -> Result<i64>;
    fn account(&mut self, id: &str) -> Result<Option<Account>>;
    fn insert_account(&mut self, account: &Account) -> Result<()>;
    fn set_balance(&mut self, account: &Account) -> Result<()>;

    fn access_key(&mut self, id: &str) -> Result<Option<AccessKey>>;
    fn insert_access_key(&mut self, key: &AccessKey) -> Result<()>;
    fn token(&mut self, token: &str) -> Result<Option<Token>>;
    fn insert_token(&mut self, token: &Token) -> Result<()>;

    fn insert_ledger(&mut self, entry: &LedgerEntry) -> Result<()>;
    /// Every entry of an account, oldest first.
    fn ledger(&mut self, account_id: &str) -> Result<Vec<LedgerEntry>>;

    fn insert_event(&mut self, due_at: Timestamp, kind: &EventKind) -> Result<i64>;
    /// The earliest event due at or before `upto` (ties by id).
    fn next_due_event(&mut self, upto: Timestamp) -> Result<Option<ScheduledEvent>>;
    fn delete_event(&mut self, id: i64) -> Result<()>;
    fn pending_events(&mut self) -> Result<Vec<ScheduledEvent>>;

    /// An instance by id, locked for the rest of the transaction where the backend can.
    fn instance(&mut self, id: &str) -> Result<Option<Instance>>;
    fn instances(&mut self, account_id: &str, service: Service) -> Result<Vec<Instance>>;
    fn put_instance(&mut self, instance: &Instance) -> Result<()>;
    fn delete_instance(&mut self, id: &str) -> Result<()>;

    /// Inserts or updates one order line.
    fn put_order(&mut self, order: &Order) -> Result<()>;
    /// Order lines, oldest first, optionally of one account and/or one resource.
    fn orders(
        &mut self,
        account_id: Option<&str>,
        resource: Option<&ResourceRef>,
    ) -> Result<Vec<Order>>;

    /// How much of an offer's stock is taken.
    fn stock_taken(&mut self, service: Service, zone_id: &str, product: &str) -> Result<i64>;
    fn add_stock_taken(&mut self, delta: &StockDelta) -> Result<()>;
    /// Every offer with stock taken: (service, zone, product, taken).
    fn all_stock_taken(&mut self) -> Result<Vec<(Service, String, String, i64)>>;

    /// Removes every account and everything that belongs to one; the clock stays.
    fn clear(&mut self) -> Result<()>;
}

/// The primitives of vm key pairs (docs/decisions.md D-170 to D-172). Every command that
/// changes them locks the account first, so they need no row locks of their own (D-110).
pub trait KeyPairsTx {
    /// Every key pair of an account.
    fn key_pairs(&mut self, account_id: &str) -> Result<Vec<KeyPair>>;
    fn insert_key_pair(&mut self, pair: &KeyPair) -> Result<()>;
    fn set_key_pair_description(&mut self, pair: &KeyPair) -> Result<()>;
    fn delete_key_pair(&mut self, id: &str) -> Result<()>;
}

/// The primitives of vm custom images (docs/decisions.md D-173 to D-176). Every command
/// that changes them locks the account first, so they need no row locks of their own
/// (D-110); the event that finishes an image holds the clock exclusively.
pub trait ImagesTx {
    /// Every custom image of an account, deleted ones included.
    fn images(&mut self, account_id: &str) -> Result<Vec<Image>>;
    /// A custom image by id, whichever account's it is.
    fn image(&mut self, id: &str) -> Result<Option<Image>>;
    /// Inserts an image or updates what may change of it.
    fn put_image(&mut self, image: &Image) -> Result<()>;
}

/// Service faults waiting for their event (D-191).
pub trait ServiceFaultsTx {
    fn insert_service_fault(&mut self, fault: &ServiceFault) -> Result<()>;
    /// Every service fault, oldest first.
    fn service_faults(&mut self) -> Result<Vec<ServiceFault>>;
    /// The oldest fault of `kind` waiting for this instance.
    fn service_fault_for(
        &mut self,
        kind: ServiceFaultKind,
        instance_id: &str,
    ) -> Result<Option<ServiceFault>>;
    /// Whether it was there.
    fn delete_service_fault(&mut self, id: &str) -> Result<bool>;
}
