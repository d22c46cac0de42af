//! How a billable resource is paid for, as far as billing cares (D-8, D-22 to D-25).
//! Every billable resource embeds one; the rules that move it are `crate::billing`.

use crate::catalog::ChargeType;
use crate::Timestamp;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subscription {
    pub charge_type: ChargeType,
    /// Months per cycle, PREPAID only.
    pub period: Option<i64>,
    /// End of the current PREPAID cycle (D-8).
    pub expires_at: Option<Timestamp>,
    /// Whether the cycle end renews (D-23); TerminateInstance turns it off (D-25).
    pub auto_renew: bool,
    /// When the resource went to the recycle bin (D-25).
    pub recycled_at: Option<Timestamp>,
    /// POSTPAID: hours started since creation that have been accrued (D-24).
    pub usage_hours: i64,
    /// POSTPAID: list amount accrued and not yet settled into the ledger.
    pub usage_unsettled: Decimal,
    /// POSTPAID: when usage was last settled; `None` before the first settlement (D-134).
    #[serde(default)]
    pub usage_settled_at: Option<Timestamp>,
}
