//! The state the rules work on and what they give back, shared by every rule module:
//! resources and the references naming them, instances with their plan items and
//! subscription, orders, scheduled events, and the changes a command writes. Types only:
//! the rules that move them (`billing`, `plan`, `instance`) share them from here instead
//! of importing each other's.

mod changes;
mod disk;
mod event;
mod instance;
mod item;
mod order;
mod resource;
mod subscription;

pub use changes::{Changes, Ids, StockDelta, Timings};
pub use disk::{Disk, DiskStatus, DiskType};
pub use event::{EventKind, ScheduledEvent};
pub use instance::{Instance, InstanceStatus};
pub use item::{Item, ItemState, PendingChange, Target};
pub use order::{Order, OrderKind, OrderStatus};
pub use resource::{ResourceRef, ResourceType};
pub use subscription::Subscription;
