//! bmc elastic IPs and IP blocks (docs/decisions.md D-141 to D-147): bought from a zone's
//! public addresses (`crate::ipam`) as PREPAID or POSTPAID resources through the one
//! billing path (`crate::billing`), associated with instances (elastic IPs) or bound to
//! them address by address (IP blocks), terminated, released and renewed. What a request
//! asks for is checked here (`purchase`); buying it is `create`; the rest `lifecycle`,
//! the events time drives `events`, and its part in billing `billable`.

mod billable;
mod create;
mod events;
mod lifecycle;

pub use create::{create, purchase, purchase_price, Created, Purchase, PurchaseFields};
pub use events::apply_event;
pub use lifecycle::{
    associate, bind, byoip, detach, regroup, release, rename, renew, terminate, unassociate,
    unbind, NewByoip, MAX_BOUND_PER_INSTANCE, MAX_EIPS_PER_INSTANCE,
};

use crate::catalog::IpProduct;
use crate::model::IpBlock;
use crate::{codes, ApiError};

/// The codes an action answers about an elastic IP or an IP block, by product.
struct Codes {
    not_found: codes::Code,
    recycled: codes::Code,
    not_recycled: codes::Code,
    subscription: codes::Code,
    what: &'static str,
}

fn codes_of(product: IpProduct) -> Codes {
    match product {
        IpProduct::Eip => Codes {
            not_found: codes::INVALID_EIP_NOT_FOUND,
            recycled: codes::OPERATION_DENIED_EIP_RECYCLED,
            not_recycled: codes::OPERATION_DENIED_EIP_NOT_RECYCLED,
            subscription: codes::OPERATION_DENIED_EIP_SUBSCRIPTION,
            what: "elastic IP",
        },
        IpProduct::Ipv4Block | IpProduct::Ipv6Block => Codes {
            not_found: codes::INVALID_CIDRBLOCK_NOT_FOUND,
            recycled: codes::OPERATION_DENIED_CIDRBLOCK_RECYCLED,
            not_recycled: codes::OPERATION_DENIED_CIDRBLOCK_NOT_RECYCLED,
            subscription: codes::OPERATION_DENIED_CIDRBLOCK_SUBSCRIPTION,
            what: "CIDR block",
        },
    }
}

/// Whether an action on elastic IPs or on IP blocks is meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Eip,
    CidrBlock,
}

impl Kind {
    fn product(self) -> IpProduct {
        match self {
            Kind::Eip => IpProduct::Eip,
            Kind::CidrBlock => IpProduct::Ipv4Block,
        }
    }

    pub fn of(product: IpProduct) -> Kind {
        match product {
            IpProduct::Eip => Kind::Eip,
            IpProduct::Ipv4Block | IpProduct::Ipv6Block => Kind::CidrBlock,
        }
    }
}

/// The block if it is one of `account_id`'s of the kind asked; another account's, or a
/// block where an elastic IP is asked for, is reported exactly like a missing one (D-6).
pub fn owned(
    block: Option<IpBlock>,
    account_id: &str,
    kind: Kind,
    id: &str,
) -> Result<IpBlock, ApiError> {
    block
        .filter(|b| b.account_id == account_id && Kind::of(b.product) == kind)
        .ok_or_else(|| {
            let c = codes_of(kind.product());
            ApiError::new(c.not_found, format!("{} `{id}` does not exist", c.what))
        })
}

/// Validates a batch of ids (D-21): 1 to 100, duplicates removed, sorted so that every
/// command locks them in the same order; `field` names the request field.
pub fn batch_ids(ids: &[String], field: &str) -> Result<Vec<String>, ApiError> {
    if ids.is_empty() || ids.len() > 100 {
        return Err(ApiError::invalid_parameter(format!(
            "`{field}` must name 1 to 100 resources"
        )));
    }
    let mut unique = ids.to_vec();
    unique.sort_unstable();
    unique.dedup();
    Ok(unique)
}
