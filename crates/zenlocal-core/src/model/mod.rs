//! The state the rules work on and what they give back, shared by every rule module:
//! resources and the references naming them, instances with their plan items and
//! subscription, orders, scheduled events, and the changes a command writes. Types only;
//! the rules that move them live in `billing`, `plan` and `instance`, which depend on
//! this module and never on each other's types.

mod changes;
mod event;
mod instance;
mod item;
mod order;
mod resource;
mod subscription;

pub use changes::{Changes, Ids, StockDelta, Timings};
pub use event::{EventKind, ScheduledEvent};
pub use instance::{Instance, InstanceStatus};
pub use item::{Item, ItemState, PendingChange, Target};
pub use order::{Order, OrderKind, OrderStatus};
pub use resource::{ResourceRef, ResourceType};
pub use subscription::Subscription;
