//! The state the rules work on and what they give back, shared by every rule module:
//! resources and the references naming them, instances with their plan items and
//! subscription, addresses held, orders, scheduled events, and the changes a command
//! writes. Types only:
//! the rules that move them (`billing`, `plan`, `instance`) share them from here instead
//! of importing each other's.

mod changes;
mod disk;
mod event;
mod instance;
mod ip_block;
mod item;
mod lease;
mod order;
mod resource;
mod setup;
mod subscription;
mod traffic;

pub use changes::{Changes, Ids, StockDelta, Timings};
pub use disk::{Disk, DiskStatus, DiskType};
pub use event::{EventKind, ScheduledEvent};
pub use instance::{Instance, InstanceStatus};
pub use ip_block::{units, Byoip, IpBlock, IpBlockStatus};
pub use item::{Item, ItemState, PendingChange, Target};
pub use lease::Lease;
pub use order::{Order, OrderKind, OrderStatus};
pub use resource::{ResourceRef, ResourceType};
pub use setup::Setup;
pub use subscription::Subscription;
pub use traffic::{Traffic, TrafficSegment};
