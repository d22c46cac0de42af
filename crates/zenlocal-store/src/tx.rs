//! The primitives a backend provides inside one transaction.

use crate::ops::StoreIds;
use crate::StoreError;
use std::net::IpAddr;
use zenlocal_core::account::{AccessKey, Account, LedgerEntry, Token};
use zenlocal_core::clock::{ClockState, TestClock};
use zenlocal_core::fault::{ServiceFault, ServiceFaultKind};
use zenlocal_core::image::Image;
use zenlocal_core::ipam::Scope;
use zenlocal_core::keypair::KeyPair;
use zenlocal_core::model::{
    Disk, EventKind, Instance, IpBlock, Lease, Order, ResourceRef, ScheduledEvent, StockDelta,
    TrafficSegment,
};
use zenlocal_core::resource_group::ResourceGroup;
use zenlocal_core::security_group::SecurityGroup;
use zenlocal_core::subnet::Subnet;
use zenlocal_core::vpc::Vpc;
use zenlocal_core::Timestamp;
use zenlocal_wire::Service;

pub type Result<T> = std::result::Result<T, StoreError>;

/// An account's clock as [`Tx::clock_of`] reads it, with its next due event's time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountClock {
    Global(ClockState, Option<Timestamp>),
    Test(TestClock, Option<Timestamp>),
}

/// Rows are locked in one order everywhere, so that no two commands wait for each other
/// (D-110): the clock first (held as a write's transaction begins, see
/// `sql::Dialect::begin_write`), then the account, then instances in
/// ascending id, then stock rows in ascending (service, zone, product), then address
/// scopes in ascending order (D-140).
pub trait Tx:
    KeyPairsTx
    + ImagesTx
    + ResourceGroupsTx
    + TrafficTx
    + ConsoleTx
    + AddressesTx
    + IpBlocksTx
    + DisksTx
    + SubnetsTx
    + SecurityGroupsTx
    + ServiceFaultsTx
    + TestClocksTx
{
    /// Claims the node of the process opening the store, which numbers its orders and
    /// instances (docs/decisions.md D-234): a number no other process sharing it holds.
    fn claim_node(&mut self) -> Result<u64>;
    /// Fresh identifiers, order numbers and instance IDs of this process's node; a read
    /// has none.
    fn ids(&self) -> Result<StoreIds>;

    fn clock(&mut self) -> Result<Option<ClockState>>;
    /// The clock an account's commands read `now` from, in one statement: its test clock
    /// (D-181) or the global clock, with the due time of that clock's earliest event not
    /// yet applied; none before the global clock was ever stored.
    fn clock_of(&mut self, account_id: &str) -> Result<Option<AccountClock>>;
    /// [`Tx::clock_of`] with the instance `instance_id`, in one statement where it exists:
    /// locked as [`Tx::instance`] locks where `lock`, else as last committed (D-235).
    fn clock_and_instance(
        &mut self,
        account_id: &str,
        instance_id: &str,
        lock: bool,
    ) -> Result<(Option<AccountClock>, Option<Instance>)>;
    /// The global clock and the due time of its earliest event not yet applied, in one read.
    fn clock_and_next_due(&mut self) -> Result<Option<(ClockState, Option<Timestamp>)>>;
    fn set_clock(&mut self, clock: &ClockState) -> Result<()>;
    /// Where an advance in progress goes (D-115): stored with its first chunk of events,
    /// cleared with its last.
    fn advancing_to(&mut self) -> Result<Option<Timestamp>>;
    fn set_advancing_to(&mut self, target: Option<Timestamp>) -> Result<()>;

    fn account_count(&mut self) -> Result<i64>;
    fn account(&mut self, id: &str) -> Result<Option<Account>>;
    /// The accounts of these ids that exist, in a statement per `sql::KEYS` ids.
    fn accounts_by_id(&mut self, ids: &[&str]) -> Result<Vec<Account>>;
    fn insert_account(&mut self, account: &Account) -> Result<()>;
    fn set_balance(&mut self, account: &Account) -> Result<()>;

    fn access_key(&mut self, id: &str) -> Result<Option<AccessKey>>;
    fn insert_access_key(&mut self, key: &AccessKey) -> Result<()>;
    fn token(&mut self, token: &str) -> Result<Option<Token>>;
    fn insert_token(&mut self, token: &Token) -> Result<()>;

    /// Ledger lines, in a statement per `sql::ROWS` of them, numbered in order.
    fn insert_ledger(&mut self, entries: &[LedgerEntry]) -> Result<()>;
    /// Every entry of an account, oldest first.
    fn ledger(&mut self, account_id: &str) -> Result<Vec<LedgerEntry>>;

    fn insert_event(&mut self, due_at: Timestamp, kind: &EventKind) -> Result<i64>;
    /// Events, in a statement per `sql::ROWS` of them.
    fn insert_events(&mut self, events: &[(Timestamp, EventKind)]) -> Result<()>;
    /// The earliest `limit` events due at or before `upto`, in due order (ties by id),
    /// read through the index on due time.
    fn due_events(&mut self, upto: Timestamp, limit: usize) -> Result<Vec<ScheduledEvent>>;
    fn delete_events(&mut self, ids: &[i64]) -> Result<()>;
    fn pending_events(&mut self) -> Result<Vec<ScheduledEvent>>;

    /// Whether the rows a command reads are locked, in the order above (PostgreSQL); where
    /// they are not (SQLite), commands are serialised whole.
    fn locks_rows(&self) -> bool;
    /// An instance by id, locked for the rest of the transaction where the backend can.
    fn instance(&mut self, id: &str) -> Result<Option<Instance>>;
    /// An account and an instance, locked as [`Tx::account`] and [`Tx::instance`] lock
    /// them and in that order (D-110), in one statement where both exist. `together`: the
    /// command locks no other row, nor changes stock or addresses, so it may commit in one
    /// transaction with others of the account (D-237).
    fn account_and_instance(
        &mut self,
        account_id: &str,
        instance_id: &str,
        together: bool,
    ) -> Result<(Option<Account>, Option<Instance>)>;
    /// The instances of these ids that exist, locked as [`Tx::instance`] locks, in a
    /// statement per `sql::KEYS` ids.
    fn instances_by_id(&mut self, ids: &[&str]) -> Result<Vec<Instance>>;
    fn instances(&mut self, account_id: &str, service: Service) -> Result<Vec<Instance>>;
    /// Inserts or updates instances, in a statement per `sql::ROWS` of them; an
    /// instance given twice is written as the later.
    fn put_instances(&mut self, instances: &[&Instance]) -> Result<()>;
    fn put_instance(&mut self, instance: &Instance) -> Result<()> {
        self.put_instances(&[instance])
    }
    /// Deletes the instance and its traffic (D-240).
    fn delete_instance(&mut self, id: &str) -> Result<()>;

    /// Inserts or updates order lines, in a statement per `sql::ROWS` of them,
    /// as writing them one after the other would.
    fn put_orders(&mut self, orders: &[Order]) -> Result<()>;
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

/// The primitives of resource groups (docs/decisions.md D-125). A command that makes one
/// locks the account first, so names stay unique without row locks of their own (D-110).
pub trait ResourceGroupsTx {
    /// The groups an account made (its default group is not stored).
    fn resource_groups(&mut self, account_id: &str) -> Result<Vec<ResourceGroup>>;
    fn insert_resource_group(&mut self, group: &ResourceGroup) -> Result<()>;
}

/// The primitives of instances' traffic (docs/decisions.md D-130, D-132): stretches are
/// only ever added, by the commands that meter an instance, which lock it first, and
/// deleted with their instance (D-240).
pub trait TrafficTx {
    fn insert_traffic(&mut self, stretch: &TrafficSegment) -> Result<()>;
    /// The stretches of an instance that end at or after `from` and start at or before
    /// `to`, oldest first.
    fn traffic(
        &mut self,
        instance_id: &str,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Vec<TrafficSegment>>;
}

/// What the web console lists a page at a time (D-193): read only, never locked.
pub trait ConsoleTx {
    /// Accounts, oldest first, `limit` of them after the first `offset`.
    fn accounts_page(&mut self, limit: i64, offset: i64) -> Result<Vec<Account>>;
    /// How many instances an account has, of every service.
    fn instance_count(&mut self, account_id: &str) -> Result<i64>;
    /// An account's instances of every service, oldest first, `limit` after `offset`.
    fn instances_page(
        &mut self,
        account_id: &str,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<Instance>>;
    /// How many order lines a filter selects.
    fn order_count(&mut self, filter: &OrderFilter) -> Result<i64>;
    /// The order lines a filter selects, oldest first, `limit` after `offset`.
    fn orders_page(&mut self, filter: &OrderFilter, limit: i64, offset: i64) -> Result<Vec<Order>>;
    /// How many entries of an account's ledger are of `kind` (any, without one).
    fn ledger_count(&mut self, account_id: &str, kind: Option<&str>) -> Result<i64>;
    /// An account's ledger entries of `kind`, oldest first, `limit` after `offset`.
    fn ledger_page(
        &mut self,
        account_id: &str,
        kind: Option<&str>,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<LedgerEntry>>;
    /// When the earliest event of a test clock not yet applied is due.
    fn clock_next_due(&mut self, clock_id: &str) -> Result<Option<Timestamp>>;
}

/// What the console's order list is filtered by (D-193); each absent field selects all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderFilter {
    pub account_id: Option<String>,
    pub resource: Option<ResourceRef>,
    /// An order kind's name, e.g. `RENEW`.
    pub kind: Option<String>,
    /// An order status's name.
    pub status: Option<String>,
}

/// The primitives of addresses (docs/decisions.md D-140): ranges held in scopes, unique on
/// (scope, first address) by the schema itself.
pub trait AddressesTx {
    /// Holds `scope` for the rest of the transaction, before what it holds is read: two
    /// commands handing out from one scope — on two replicas too — take turns, so neither
    /// picks a range the other is taking. Scopes are held last, in ascending order (D-110).
    fn hold_scope(&mut self, scope: &Scope) -> Result<()>;
    /// Every range a scope holds.
    fn leases(&mut self, scope: &Scope) -> Result<Vec<Lease>>;
    /// Every range a resource holds, in any scope.
    fn leases_of(&mut self, holder: &ResourceRef) -> Result<Vec<Lease>>;
    /// Takes ranges, in a statement per `sql::ROWS`; a range starting at an address
    /// its scope already holds is refused by the database.
    fn insert_leases(&mut self, leases: &[Lease]) -> Result<()>;
    fn delete_lease(&mut self, lease: &Lease) -> Result<()>;
    /// Frees every range a resource holds.
    fn delete_leases_of(&mut self, holder: &ResourceRef) -> Result<()>;
    /// Frees every range a scope holds (a CIDR block's bound addresses, when it goes).
    fn delete_leases_in(&mut self, scope: &Scope) -> Result<()>;
    /// Which of these single addresses the scope holds: a point lookup each, in a
    /// statement per `sql::KEYS` addresses (D-232's next-fit probe).
    fn held_among(&mut self, scope: &Scope, addresses: &[IpAddr]) -> Result<Vec<IpAddr>>;
    /// Holds `scope` as [`hold_scope`](Self::hold_scope) does, in the same statement that
    /// answers where its next next-fit walk starts (D-232): 0 for a scope never walked.
    fn hold_scope_walk(&mut self, scope: &Scope) -> Result<u64>;
    fn set_next_offset(&mut self, scope: &Scope, offset: u64) -> Result<()>;
}

/// The primitives of bmc elastic IPs and IP blocks (docs/decisions.md D-141). Rows are
/// locked after the instances a command names and before stock rows and scopes (D-110).
pub trait IpBlocksTx {
    /// An elastic IP or block by id, whichever account's, locked for the rest of the
    /// transaction where the backend can.
    fn ip_block(&mut self, id: &str) -> Result<Option<IpBlock>>;
    /// Every elastic IP and block of an account.
    fn ip_blocks(&mut self, account_id: &str) -> Result<Vec<IpBlock>>;
    /// The elastic IPs associated with an instance, locked, in ascending id.
    fn ip_blocks_of_instance(&mut self, instance_id: &str) -> Result<Vec<IpBlock>>;
    fn put_ip_block(&mut self, block: &IpBlock) -> Result<()>;
    fn delete_ip_block(&mut self, id: &str) -> Result<()>;
}

/// The primitives of vm disks (docs/decisions.md D-160 to D-169). Every command that
/// changes them locks the account first, so they need no row locks of their own (D-110);
/// their events apply while the clock is held exclusively.
pub trait DisksTx {
    /// Every disk of an account.
    fn disks(&mut self, account_id: &str) -> Result<Vec<Disk>>;
    /// A disk by id, whichever account's it is.
    fn disk(&mut self, id: &str) -> Result<Option<Disk>>;
    /// The disks attached (or being attached) to an instance.
    fn instance_disks(&mut self, instance_id: &str) -> Result<Vec<Disk>>;
    fn put_disk(&mut self, disk: &Disk) -> Result<()>;
    fn delete_disk(&mut self, id: &str) -> Result<()>;
}

/// The primitives of subnets (docs/decisions.md D-150 to D-154, D-223 to D-227) and bmc
/// VPCs (D-220 to D-222). Every command that changes them locks the account first, so
/// they need no row locks of their own (D-110).
pub trait SubnetsTx {
    /// Every subnet of an account in one service.
    fn subnets(&mut self, account_id: &str, service: Service) -> Result<Vec<Subnet>>;
    fn insert_subnet(&mut self, subnet: &Subnet) -> Result<()>;
    fn set_subnet_name(&mut self, subnet: &Subnet) -> Result<()>;
    /// Stores the VPC a subnet is in.
    fn set_subnet_vpc(&mut self, subnet: &Subnet) -> Result<()>;
    fn delete_subnet(&mut self, id: &str) -> Result<()>;
    /// Every VPC of an account in one service.
    fn vpcs(&mut self, account_id: &str, service: Service) -> Result<Vec<Vpc>>;
    /// Inserts a VPC or updates its name.
    fn put_vpc(&mut self, vpc: &Vpc) -> Result<()>;
    fn delete_vpc(&mut self, id: &str) -> Result<()>;
}

/// The primitives of vm security groups (docs/decisions.md D-155 to D-158). Every command
/// that changes them locks the account first, so they need no row locks of their own
/// (D-110).
pub trait SecurityGroupsTx {
    /// Every security group of an account.
    fn security_groups(&mut self, account_id: &str) -> Result<Vec<SecurityGroup>>;
    /// Inserts a group or updates its name, description and rules.
    fn put_security_group(&mut self, group: &SecurityGroup) -> Result<()>;
    fn delete_security_group(&mut self, id: &str) -> Result<()>;
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
    /// The oldest `provisioningFails` fault waiting for the account's next CreateInstances
    /// in `service` (D-199).
    fn provisioning_fault(
        &mut self,
        account_id: &str,
        service: Service,
    ) -> Result<Option<ServiceFault>>;
    /// Whether it was there.
    fn delete_service_fault(&mut self, id: &str) -> Result<bool>;
}

/// The primitives of test clocks (docs/decisions.md D-181 to D-183). Every command reads an
/// account's clock after holding the global clock's lock, which an advance of a test clock
/// holds exclusively; so they need no row locks of their own (D-110).
pub trait TestClocksTx {
    /// Every test clock, oldest first.
    fn test_clocks(&mut self) -> Result<Vec<TestClock>>;
    fn test_clock(&mut self, id: &str) -> Result<Option<TestClock>>;
    /// Inserts a test clock or moves it.
    fn put_test_clock(&mut self, clock: &TestClock) -> Result<()>;
    /// Removes a test clock with its accounts and everything they own (the stock their
    /// instances held is given back by the caller first).
    fn delete_test_clock(&mut self, id: &str) -> Result<()>;
    /// The test clock of an account and the due time of that clock's earliest event not
    /// yet applied; none for an account on the global clock (or no account).
    fn account_test_clock(
        &mut self,
        account_id: &str,
    ) -> Result<Option<(TestClock, Option<Timestamp>)>>;
    /// The ids of the accounts on a test clock.
    fn clock_accounts(&mut self, clock_id: &str) -> Result<Vec<String>>;
    /// Puts an account, and its events, on a test clock (or the global one).
    fn set_account_clock(&mut self, account_id: &str, clock_id: Option<&str>) -> Result<()>;
    /// Whether an account owns an instance or an event not yet applied.
    fn owns_anything(&mut self, account_id: &str) -> Result<bool>;
    /// The earliest `limit` events of a test clock due at or before `upto`, in due order.
    fn clock_due_events(
        &mut self,
        clock_id: &str,
        upto: Timestamp,
        limit: usize,
    ) -> Result<Vec<ScheduledEvent>>;
}
