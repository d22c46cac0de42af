//! bmc elastic IPs and IP blocks (CIDR blocks), 2022-11-20 and 2026-02-01.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::{ChargePrepaid, Price, Tag, TagAssociation};

// ---- elastic IPs ---------------------------------------------------------------------

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.AllocateEipAddressesRequest")]
#[serde(rename_all = "camelCase")]
pub struct AllocateEipAddressesRequest {
    /// Zone the elastic IPs belong to.
    pub zone_id: String,
    /// PREPAID (monthly, paid up front) or POSTPAID (hourly, paid afterwards).
    #[schemars(extend("x-cli-value" = "PREPAID|POSTPAID"))]
    pub eip_charge_type: String,
    /// Subscription settings (period); required when eipChargeType is PREPAID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eip_charge_prepaid: Option<ChargePrepaid>,
    /// How many elastic IPs, 1 to 100 (default 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<i64>,
    /// Netmask of each elastic IP (default 32, a single address).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub netmask: Option<i64>,
    /// Resource group; omitted = the default group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_group_id: Option<String>,
    /// Tags to attach (keys must be unique).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-cli-alias" = "tag"))]
    pub tags: Option<TagAssociation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.AllocateEipAddressesResponse")]
#[serde(rename_all = "camelCase")]
pub struct AllocateEipAddressesResponse {
    /// Number of the purchase order.
    pub order_number: Option<String>,
    /// IDs of the new elastic IPs; they are CREATING, then AVAILABLE.
    pub eip_id_set: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.InquiryPriceCreateEipAddressRequest")]
#[serde(rename_all = "camelCase")]
pub struct InquiryPriceCreateEipAddressRequest {
    /// Zone to price in.
    pub zone_id: String,
    /// PREPAID or POSTPAID.
    #[schemars(extend("x-cli-value" = "PREPAID|POSTPAID"))]
    pub eip_charge_type: String,
    /// Subscription period; required for PREPAID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eip_charge_prepaid: Option<ChargePrepaid>,
    /// How many elastic IPs, 1 to 100 (default 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<i64>,
    /// Netmask of each elastic IP (default 32).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub netmask: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.InquiryPriceCreateEipAddressResponse")]
#[serde(rename_all = "camelCase")]
pub struct InquiryPriceCreateEipAddressResponse {
    /// What AllocateEipAddresses would charge: the whole period for PREPAID, the hourly
    /// price of all of them for POSTPAID.
    pub eip_price: Price,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.DescribeEipAddressesRequest")]
#[serde(rename_all = "camelCase")]
pub struct DescribeEipAddressesRequest {
    /// Only these elastic IPs (at most 100).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eip_ids: Option<Vec<String>>,
    /// Only PREPAID or only POSTPAID ones.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eip_charge_type: Option<String>,
    /// Only the one with this address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
    /// Only those of this zone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone_id: Option<String>,
    /// Only those of this resource group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_group_id: Option<String>,
    /// Only those in this status (CREATING, AVAILABLE, ASSOCIATED, RECYCLE, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eip_status: Option<String>,
    /// Only the ones associated with this instance.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
    /// Only the ones associated with an instance of this name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_name: Option<String>,
    /// Page number, from 1 (default 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_num: Option<i64>,
    /// Items per page, 1 to 1000 (default 20).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_size: Option<i64>,
    /// Only those with one of these tag keys.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag_keys: Option<Vec<String>>,
    /// Only those with all of these tags.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.DescribeEipAddressesResponse")]
#[serde(rename_all = "camelCase")]
pub struct DescribeEipAddressesResponse {
    /// Number of elastic IPs matching (all pages).
    pub total_count: i64,
    /// Elastic IPs of the requested page, newest first.
    pub data_set: Vec<EipAddress>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.EipAddress")]
#[serde(rename_all = "camelCase")]
pub struct EipAddress {
    /// Elastic IP ID.
    pub eip_id: String,
    /// Zone it belongs to.
    pub zone_id: String,
    /// The address.
    pub ip_address: String,
    /// Its netmask (32 for a single address).
    pub netmask: Option<i64>,
    /// Instance it is associated with; null when none.
    pub instance_id: Option<String>,
    /// Name of that instance; null when none.
    pub instance_name: Option<String>,
    /// PREPAID or POSTPAID.
    pub eip_charge_type: String,
    /// Subscription length in months; null for POSTPAID.
    pub period: Option<i64>,
    /// Creation time, YYYY-MM-DDThh:mm:ssZ (UTC).
    pub create_time: String,
    /// End of the paid period (PREPAID); null for POSTPAID.
    pub expired_time: Option<String>,
    /// CREATING, AVAILABLE, ASSOCIATED or RECYCLE.
    pub eip_status: String,
    /// Resource group ID.
    pub resource_group_id: Option<String>,
    /// Resource group name.
    pub resource_group_name: Option<String>,
    /// Tags of the elastic IP.
    pub tags: Option<TagAssociation>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.DescribeEipAvailableResourcesRequest")]
#[serde(rename_all = "camelCase")]
pub struct DescribeEipAvailableResourcesRequest {
    /// Only zones selling this charge type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eip_charge_type: Option<String>,
    /// Only this zone; omitted = every zone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.DescribeEipAvailableResourcesResponse")]
#[serde(rename_all = "camelCase")]
pub struct DescribeEipAvailableResourcesResponse {
    /// Per zone and netmask, whether elastic IPs are for sale.
    pub eip_resources: Vec<EipAvailable>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.EipAvailable")]
#[serde(rename_all = "camelCase")]
pub struct EipAvailable {
    /// Zone ID.
    pub zone_id: String,
    /// SELL (addresses left), SELL_SHORTAGE (few left) or SOLD_OUT.
    pub status: String,
    /// Netmask sold.
    pub netmask: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.DescribeInstanceAvailableEipResourcesRequest")]
#[serde(rename_all = "camelCase")]
pub struct DescribeInstanceAvailableEipResourcesRequest {
    /// Instance the elastic IPs would be associated with.
    pub instance_id: String,
    /// IPv4 (default) or IPv6.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-since" = "2026-02-01"))]
    pub ip_type: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.DescribeInstanceAvailableEipResourcesResponse")]
#[serde(rename_all = "camelCase")]
pub struct DescribeInstanceAvailableEipResourcesResponse {
    /// AVAILABLE elastic IPs of the instance's zone.
    pub instance_eip_resources: Vec<InstanceAvailableEip>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.InstanceAvailableEip")]
#[serde(rename_all = "camelCase")]
pub struct InstanceAvailableEip {
    /// Elastic IP ID.
    pub eip_id: String,
    /// The address.
    pub ip_address: String,
    /// Its netmask.
    pub netmask: Option<i64>,
}

/// AssociateEipAddress.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.AssociateEipAddressRequest")]
#[serde(rename_all = "camelCase")]
pub struct AssociateEipAddressRequest {
    /// Elastic IP to associate (AVAILABLE).
    pub eip_id: String,
    /// RUNNING instance of the same zone.
    pub instance_id: String,
}

/// UnAssociateEipAddress, RenewEipAddress and TerminateEipAddress.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.EipIdRequest")]
#[serde(rename_all = "camelCase")]
pub struct EipIdRequest {
    /// Elastic IP to act on (from DescribeEipAddresses).
    pub eip_id: String,
}

/// ReleaseEipAddresses.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.EipIdsRequest")]
#[serde(rename_all = "camelCase")]
pub struct EipIdsRequest {
    /// Elastic IPs to act on, 1 to 100.
    pub eip_ids: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.ModifyEipAddressesResourceGroupRequest")]
#[serde(rename_all = "camelCase")]
pub struct ModifyEipAddressesResourceGroupRequest {
    /// Elastic IPs to move, 1 to 100.
    pub eip_ids: Vec<String>,
    /// Resource group to move them to.
    pub resource_group_id: String,
}

// ---- IP blocks -----------------------------------------------------------------------

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.CreateIpv4BlockRequest")]
#[serde(rename_all = "camelCase")]
pub struct CreateIpv4BlockRequest {
    /// Zone the blocks belong to.
    pub zone_id: String,
    /// Display name, at most 64 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Line type of the addresses (default BGP).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cidr_type: Option<String>,
    /// PREPAID (monthly, paid up front) or POSTPAID (hourly, paid afterwards).
    #[schemars(extend("x-cli-value" = "PREPAID|POSTPAID"))]
    pub charge_type: String,
    /// Subscription settings (period); required when chargeType is PREPAID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub charge_prepaid: Option<ChargePrepaid>,
    /// Netmask of each block (see DescribeAvailableIpv4Resources).
    pub netmask: i64,
    /// How many blocks, 1 to 100 (default 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<i64>,
    /// Resource group; omitted = the default group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_group_id: Option<String>,
    /// Tags to attach (keys must be unique).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-cli-alias" = "tag"))]
    pub tags: Option<TagAssociation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.CreateIpv4BlockResponse")]
#[serde(rename_all = "camelCase")]
pub struct CreateIpv4BlockResponse {
    /// Number of the purchase order.
    pub order_number: Option<String>,
    /// IDs of the new blocks; they are CREATING, then AVAILABLE.
    pub cidr_block_ids: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.CreateIpv6BlockRequest")]
#[serde(rename_all = "camelCase")]
pub struct CreateIpv6BlockRequest {
    /// Zone the blocks belong to.
    pub zone_id: String,
    /// Display name, at most 64 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// How many blocks, 1 to 100 (default 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<i64>,
    /// Resource group; omitted = the default group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_group_id: Option<String>,
    /// Tags to attach (keys must be unique).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-cli-alias" = "tag"))]
    pub tags: Option<TagAssociation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.CreateIpv6BlockResponse")]
#[serde(rename_all = "camelCase")]
pub struct CreateIpv6BlockResponse {
    /// IDs of the new blocks.
    pub cidr_block_ids: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.CreateByoipRequest")]
#[serde(rename_all = "camelCase")]
pub struct CreateByoipRequest {
    /// IPv4 or IPv6.
    pub ip_type: String,
    /// The customer's own block, in CIDR notation.
    pub cidr: String,
    /// The autonomous system number announcing it.
    pub asn: i64,
    /// Public virtual interface to announce it through.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_virtual_interface_id: Option<String>,
    /// Tags to attach.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-since" = "2026-02-01", "x-cli-alias" = "tag"))]
    pub tags: Option<TagAssociation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.CreateByoipResponse")]
#[serde(rename_all = "camelCase")]
pub struct CreateByoipResponse {
    /// ID of the BYOIP request.
    pub byoip_id: String,
    /// ID of the block made of it.
    pub cidr_block_id: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.InquiryPriceCreateIpv4BlockRequest")]
#[serde(rename_all = "camelCase")]
pub struct InquiryPriceCreateIpv4BlockRequest {
    /// Zone to price in.
    pub zone_id: String,
    /// PREPAID or POSTPAID.
    #[schemars(extend("x-cli-value" = "PREPAID|POSTPAID"))]
    pub charge_type: String,
    /// Line type of the addresses (default BGP).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cidr_type: Option<String>,
    /// Subscription period; required for PREPAID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub charge_prepaid: Option<ChargePrepaid>,
    /// Netmask of each block.
    pub netmask: i64,
    /// How many blocks, 1 to 100 (default 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.InquiryPriceCreateIpv4BlockResponse")]
#[serde(rename_all = "camelCase")]
pub struct InquiryPriceCreateIpv4BlockResponse {
    /// What CreateIpv4Block would charge: the whole period for PREPAID, the hourly price of
    /// all of them for POSTPAID.
    pub price: Price,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.DescribeAvailableIpv4ResourcesRequest")]
#[serde(rename_all = "camelCase")]
pub struct DescribeAvailableIpv4ResourcesRequest {
    /// Only zones selling this charge type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub charge_type: Option<String>,
    /// Only this zone; omitted = every zone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.DescribeAvailableIpv4ResourcesResponse")]
#[serde(rename_all = "camelCase")]
pub struct DescribeAvailableIpv4ResourcesResponse {
    /// Per zone and netmask, whether IPv4 blocks are for sale.
    pub available_ipv4_resources: Vec<AvailableIpv4Resource>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.AvailableIpv4Resource")]
#[serde(rename_all = "camelCase")]
pub struct AvailableIpv4Resource {
    /// Zone ID.
    pub zone_id: String,
    /// Netmask sold.
    pub netmask: i64,
    /// SELL, SELL_SHORTAGE or SOLD_OUT.
    pub sell_status: String,
    /// Line type.
    pub cidr_type: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.DescribeAvailableIpv6ResourcesRequest")]
#[serde(rename_all = "camelCase")]
pub struct DescribeAvailableIpv6ResourcesRequest {
    /// Only this zone; omitted = every zone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.DescribeAvailableIpv6ResourcesResponse")]
#[serde(rename_all = "camelCase")]
pub struct DescribeAvailableIpv6ResourcesResponse {
    /// Per zone, whether IPv6 blocks are for sale.
    pub available_ipv6_resources: Vec<AvailableIpv6Resource>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.AvailableIpv6Resource")]
#[serde(rename_all = "camelCase")]
pub struct AvailableIpv6Resource {
    /// Zone ID.
    pub zone_id: String,
    /// SELL, SELL_SHORTAGE or SOLD_OUT.
    pub sell_status: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.DescribeCidrBlocksRequest")]
#[serde(rename_all = "camelCase")]
pub struct DescribeCidrBlocksRequest {
    /// Only these blocks (at most 100).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cidr_block_ids: Option<Vec<String>>,
    /// Only the block with this CIDR.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cidr_block: Option<String>,
    /// Only blocks whose name contains this.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cidr_block_name: Option<String>,
    /// Only those of this zone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone_id: Option<String>,
    /// Only IPv4 or only IPv6 blocks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cidr_block_type: Option<String>,
    /// Only the block with this gateway.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gateway: Option<String>,
    /// Only PREPAID or only POSTPAID ones.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub charge_type: Option<String>,
    /// Only those of this resource group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_group_id: Option<String>,
    /// Page number, from 1 (default 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_num: Option<i64>,
    /// Items per page, 1 to 1000 (default 20).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_size: Option<i64>,
    /// Only those with one of these tag keys.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag_keys: Option<Vec<String>>,
    /// Only those with all of these tags.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.DescribeCidrBlocksResponse")]
#[serde(rename_all = "camelCase")]
pub struct DescribeCidrBlocksResponse {
    /// Number of blocks matching (all pages).
    pub total_count: i64,
    /// Blocks of the requested page, newest first.
    pub data_set: Vec<CidrBlockInfo>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.CidrBlockInfo")]
#[serde(rename_all = "camelCase")]
pub struct CidrBlockInfo {
    /// Block ID.
    pub cidr_block_id: String,
    /// IPv4 or IPv6.
    pub cidr_block_type: String,
    /// Line type (BGP), or BYOIP for a customer's own block.
    pub cidr_type: Option<String>,
    /// Display name.
    pub cidr_block_name: Option<String>,
    /// Zone it belongs to; null for a BYOIP block.
    pub zone_id: Option<String>,
    /// The block in CIDR notation.
    pub cidr_block: String,
    /// Its gateway: the first address.
    pub gateway: Option<String>,
    /// First address that may be bound to an instance.
    pub available_ip_start: Option<String>,
    /// Last address that may be bound to an instance.
    pub available_ip_end: Option<String>,
    /// How many addresses may be bound (saturating for IPv6).
    pub available_ip_count: Option<i64>,
    /// Instances with addresses of the block bound.
    pub instance_ids: Vec<String>,
    /// CREATING, AVAILABLE or RECYCLE.
    pub status: String,
    /// PREPAID or POSTPAID.
    pub charge_type: String,
    /// Creation time, YYYY-MM-DDThh:mm:ssZ (UTC).
    pub create_time: String,
    /// End of the paid period (PREPAID); null for POSTPAID.
    pub expire_time: Option<String>,
    /// Resource group ID.
    pub resource_group_id: Option<String>,
    /// Resource group name.
    pub resource_group_name: Option<String>,
    /// Tags of the block.
    pub tags: Option<TagAssociation>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.DescribeCidrBlockIpsRequest")]
#[serde(rename_all = "camelCase")]
pub struct DescribeCidrBlockIpsRequest {
    /// The block.
    pub cidr_block_id: String,
    /// Only the addresses bound to this instance.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
    /// Only this address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.DescribeCidrBlockIpsResponse")]
#[serde(rename_all = "camelCase")]
pub struct DescribeCidrBlockIpsResponse {
    /// The addresses of the block bound to instances.
    pub cidr_block_ips: Vec<CidrBlockIp>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.CidrBlockIp")]
#[serde(rename_all = "camelCase")]
pub struct CidrBlockIp {
    /// Block ID.
    pub cidr_block_id: String,
    /// IPv4 or IPv6.
    pub cidr_block_type: String,
    /// The address.
    pub ip: String,
    /// Instance it is bound to.
    pub instance_id: Option<String>,
    /// ASSIGNED.
    pub status: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.DescribeInstanceAvailableCidrBlockRequest")]
#[serde(rename_all = "camelCase")]
pub struct DescribeInstanceAvailableCidrBlockRequest {
    /// Instance the addresses would be bound to.
    pub instance_id: String,
    /// Only IPv4 or only IPv6 blocks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cidr_block_type: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.DescribeInstanceAvailableCidrBlockResponse")]
#[serde(rename_all = "camelCase")]
pub struct DescribeInstanceAvailableCidrBlockResponse {
    /// AVAILABLE blocks of the instance's zone with addresses left.
    pub instance_available_cidr_blocks: Vec<InstanceAvailableCidrBlock>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.InstanceAvailableCidrBlock")]
#[serde(rename_all = "camelCase")]
pub struct InstanceAvailableCidrBlock {
    /// Block ID.
    pub cidr_block_id: String,
    /// Zone it belongs to.
    pub zone_id: Option<String>,
    /// IPv4 or IPv6.
    pub cidr_block_type: String,
    /// Line type.
    pub cidr_type: Option<String>,
    /// The block in CIDR notation.
    pub cidr_block: String,
    /// Addresses still free to bind (at most 100 listed).
    pub available_ips: Vec<String>,
    /// How many are free (saturating for IPv6).
    pub available_ip_count: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.BindCidrBlockIpsRequest")]
#[serde(rename_all = "camelCase")]
pub struct BindCidrBlockIpsRequest {
    /// The block.
    pub cidr_block_id: String,
    /// Addresses to bind, each to an instance.
    pub ip_bind_list: Vec<IpBindParam>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.IpBindParam")]
#[serde(rename_all = "camelCase")]
pub struct IpBindParam {
    /// RUNNING instance of the block's zone.
    pub instance_id: String,
    /// Address of the block.
    pub ip: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.UnbindCidrBlockIpsRequest")]
#[serde(rename_all = "camelCase")]
pub struct UnbindCidrBlockIpsRequest {
    /// The block.
    pub cidr_block_id: String,
    /// Bound addresses to free.
    pub ip_list: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.ModifyCidrBlocksAttributeRequest")]
#[serde(rename_all = "camelCase")]
pub struct ModifyCidrBlocksAttributeRequest {
    /// Blocks to rename, 1 to 100.
    pub cidr_block_ids: Vec<String>,
    /// New display name, at most 64 characters.
    pub name: String,
}

/// RenewCidrBlock and TerminateCidrBlock.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.CidrBlockIdRequest")]
#[serde(rename_all = "camelCase")]
pub struct CidrBlockIdRequest {
    /// Block to act on (from DescribeCidrBlocks).
    pub cidr_block_id: String,
}

/// ReleaseCidrBlocks.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.CidrBlockIdsRequest")]
#[serde(rename_all = "camelCase")]
pub struct CidrBlockIdsRequest {
    /// Blocks to act on, 1 to 100.
    pub cidr_block_ids: Vec<String>,
}
