//! An address range held in a scope (D-140): a single address (`/32`, `/128`) or a block,
//! held by a resource of an account until it is freed.

use super::resource::ResourceRef;
use crate::ipam::{Family, Scope};
use ipnet::IpNet;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lease {
    pub scope: Scope,
    pub net: IpNet,
    pub account_id: String,
    /// What holds it: an elastic IP, a CIDR block, an instance's address, a subnet.
    pub holder: ResourceRef,
}

impl Lease {
    pub fn family(&self) -> Family {
        Family::of(&self.net)
    }
}
