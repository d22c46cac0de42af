//! Plan changes (D-10 to D-19): bandwidth, traffic package and (vm) model, each an
//! independent item in one of three states — Enable, Processing (an immediate change
//! under way), WaitToEnable (a PREPAID downgrade scheduled for the cycle end).
//!
//! - `checks`: the order of checks before a change is looked at (D-15 steps 4 to 8) and
//!   the codes each action answers (D-17, D-18);
//! - `limits`: what a target may be (D-14, D-15 step 9, D-16);
//! - `modify`, `cancel`, `quote`: the Modify (D-11 to D-13), Cancel…Downgrade and
//!   InquiryPrice (D-19) actions;
//! - `apply`: changes coming into force, at the end of processing or at the cycle end.

mod apply;
mod cancel;
mod checks;
mod limits;
mod modify;
mod quote;

pub use apply::{apply_scheduled, cancel_scheduled, finish, with_processing};
pub use cancel::cancel;
pub use limits::{traffic_package_in_range, traffic_package_on_grid};
pub use modify::{charges_now, modify};
pub use quote::{quote, Quote};

use crate::model::Item;
use zenlocal_wire::Service;

/// Which Modify, Cancel or InquiryPrice action is asked, for the codes it answers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Asked {
    pub service: Service,
    pub item: Item,
    /// bmc `CancelInstanceBandwidthDowndegrade`, which has codes of its own (D-18).
    pub alias: bool,
}
