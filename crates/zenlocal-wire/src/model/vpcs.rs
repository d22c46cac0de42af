//! bmc VPCs and subnets, 2022-11-20 and 2026-02-01 (docs/decisions.md D-220 to D-229).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::TagAssociation;

// ---- VPCs ------------------------------------------------------------------------------

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.DescribeVpcAvailableRegionsRequest")]
#[serde(rename_all = "camelCase")]
pub struct DescribeVpcAvailableRegionsRequest {
    /// Only this availability region.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc_region_id: Option<String>,
    /// Only the region of this zone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.DescribeVpcAvailableRegionsResponse")]
#[serde(rename_all = "camelCase")]
pub struct DescribeVpcAvailableRegionsResponse {
    /// The availability regions VPCs can be made in.
    pub vpc_region_set: Vec<VpcRegionInfo>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.VpcRegionInfo")]
#[serde(rename_all = "camelCase")]
pub struct VpcRegionInfo {
    /// Availability region ID, e.g. SEL1.
    pub vpc_region_id: String,
    /// Availability region name: its city.
    pub vpc_region_name: String,
    /// The zones in the region.
    pub zone_ids: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.CreateVpcRequest")]
#[serde(rename_all = "camelCase")]
pub struct CreateVpcRequest {
    /// Availability region of the VPC (DescribeVpcAvailableRegions).
    pub vpc_region_id: String,
    /// Private IPv4 range: inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, /8 to /28.
    pub cidr_block: String,
    /// Up to 64 letters, digits, `-` and `.`.
    pub vpc_name: String,
    /// Resource group; omitted = the default group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_group_id: Option<String>,
    /// Tags to attach (keys must be unique).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-since" = "2026-02-01", "x-cli-alias" = "tag"))]
    pub tags: Option<TagAssociation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.CreateVpcResponse")]
#[serde(rename_all = "camelCase")]
pub struct CreateVpcResponse {
    /// ID of the new VPC, AVAILABLE at once.
    pub vpc_id: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.DescribeVpcsRequest")]
#[serde(rename_all = "camelCase")]
pub struct DescribeVpcsRequest {
    /// Only these VPC IDs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc_ids: Option<Vec<String>>,
    /// Only VPCs of this range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cidr_block: Option<String>,
    /// Only VPCs in this status (they are all AVAILABLE).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc_status: Option<String>,
    /// Only VPCs whose name contains this text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc_name: Option<String>,
    /// Only VPCs of this availability region.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc_region_id: Option<String>,
    /// Only VPCs of this resource group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_group_id: Option<String>,
    /// Only VPCs having every one of these tag keys.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag_keys: Option<Vec<String>>,
    /// Page number, 1-based (default 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_num: Option<i64>,
    /// Page size (default 20, max 1000).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_size: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.DescribeVpcsResponse")]
#[serde(rename_all = "camelCase")]
pub struct DescribeVpcsResponse {
    /// Number of VPCs matching (all pages).
    pub total_count: i64,
    /// VPCs of the requested page, newest first.
    pub data_set: Vec<VpcInfo>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.VpcInfo")]
#[serde(rename_all = "camelCase")]
pub struct VpcInfo {
    /// VPC ID.
    pub vpc_id: String,
    /// Availability region ID.
    pub vpc_region_id: String,
    /// Availability region name.
    pub vpc_region_name: String,
    /// VPC name.
    pub vpc_name: String,
    /// The VPC's range.
    pub cidr_block: String,
    /// Creation time, UTC.
    pub create_time: String,
    /// AVAILABLE.
    pub vpc_status: String,
    /// Resource group ID.
    pub resource_group_id: Option<String>,
    /// Resource group name.
    pub resource_group_name: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.ModifyVpcsAttributeRequest")]
#[serde(rename_all = "camelCase")]
pub struct ModifyVpcsAttributeRequest {
    /// VPCs to rename, all or none.
    pub vpc_ids: Vec<String>,
    /// New name, as CreateVpc's.
    pub vpc_name: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.DeleteVpcRequest")]
#[serde(rename_all = "camelCase")]
pub struct DeleteVpcRequest {
    /// VPC to delete; it must have no subnets.
    pub vpc_id: String,
}

// ---- subnets ---------------------------------------------------------------------------

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.DescribeSubnetAvailableResourcesRequest")]
#[serde(rename_all = "camelCase")]
pub struct DescribeSubnetAvailableResourcesRequest {
    /// Only this zone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.DescribeSubnetAvailableResourcesResponse")]
#[serde(rename_all = "camelCase")]
pub struct DescribeSubnetAvailableResourcesResponse {
    /// The zones subnets can be made in.
    pub zone_id_set: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.CreateSubnetRequest")]
#[serde(rename_all = "camelCase")]
pub struct CreateSubnetRequest {
    /// Zone of the subnet.
    pub zone_id: String,
    /// Private IPv4 range: inside 10.0.0.0/16, 172.16.0.0/16 or 192.168.0.0/16, /29 at the
    /// narrowest; in a VPC, inside the VPC's range and clear of its other subnets.
    pub cidr_block: String,
    /// Up to 64 letters, digits, `-` and `.`.
    pub subnet_name: String,
    /// Resource group; omitted = the default group (the VPC's, in a VPC).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_group_id: Option<String>,
    /// VPC the subnet is in, of the zone's region; omitted = a subnet of its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.CreateSubnetResponse")]
#[serde(rename_all = "camelCase")]
pub struct CreateSubnetResponse {
    /// ID of the new subnet, AVAILABLE at once.
    pub subnet_id: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.DescribeSubnetsRequest")]
#[serde(rename_all = "camelCase")]
pub struct DescribeSubnetsRequest {
    /// Only these subnet IDs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subnet_ids: Option<Vec<String>>,
    /// Only subnets of this range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cidr_block: Option<String>,
    /// Only subnets in this zone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone_id: Option<String>,
    /// Only subnets in this status (they are all AVAILABLE).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subnet_status: Option<String>,
    /// Only subnets whose name contains this text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subnet_name: Option<String>,
    /// Only subnets of this resource group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_group_id: Option<String>,
    /// Only subnets in this VPC.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
    /// Page size (default 20, max 1000).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_size: Option<i64>,
    /// Page number, 1-based (default 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_num: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.DescribeSubnetsResponse")]
#[serde(rename_all = "camelCase")]
pub struct DescribeSubnetsResponse {
    /// Number of subnets matching (all pages).
    pub total_count: i64,
    /// Subnets of the requested page, newest first.
    pub data_set: Vec<SubnetInfo>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.SubnetInfo")]
#[serde(rename_all = "camelCase")]
pub struct SubnetInfo {
    /// Subnet ID.
    pub subnet_id: String,
    /// Subnet name.
    pub subnet_name: String,
    /// Zone of the subnet.
    pub zone_id: String,
    /// Addresses still free for instances.
    pub available_ip_count: i64,
    /// The subnet's range.
    pub cidr_block: String,
    /// AVAILABLE.
    pub subnet_status: String,
    /// Creation time, UTC.
    pub create_time: String,
    /// ASSOCIATED when the subnet is in a VPC, else null.
    pub vpc_subnet_status: Option<String>,
    /// The VPC the subnet is in.
    pub vpc_id: Option<String>,
    /// The VPC's name.
    pub vpc_name: Option<String>,
    /// Resource group ID.
    pub resource_group_id: Option<String>,
    /// Resource group name.
    pub resource_group_name: Option<String>,
    /// The instances in the subnet and their private addresses.
    pub subnet_instance_set: Vec<SubnetInstance>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.SubnetInstance")]
#[serde(rename_all = "camelCase")]
pub struct SubnetInstance {
    /// Instance ID.
    pub instance_id: String,
    /// Its private address in the subnet.
    pub private_ip_address: String,
    /// BINDED: bound at once.
    pub private_ip_status: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.ModifySubnetsAttributeRequest")]
#[serde(rename_all = "camelCase")]
pub struct ModifySubnetsAttributeRequest {
    /// Subnets to rename, all or none.
    pub subnet_ids: Vec<String>,
    /// New name, as CreateSubnet's.
    pub subnet_name: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.DeleteSubnetRequest")]
#[serde(rename_all = "camelCase")]
pub struct DeleteSubnetRequest {
    /// Subnet to delete; it must have no instances.
    pub subnet_id: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.AssociateSubnetInstancesRequest")]
#[serde(rename_all = "camelCase")]
pub struct AssociateSubnetInstancesRequest {
    /// Subnet the instances join.
    pub subnet_id: String,
    /// The instances, 1 to 100, each with the address it asks for or none.
    pub subnet_instance_list: Vec<AssociateSubnetInstance>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.AssociateSubnetInstance")]
#[serde(rename_all = "camelCase")]
pub struct AssociateSubnetInstance {
    /// A RUNNING instance of the subnet's zone, in no subnet yet.
    pub instance_id: String,
    /// Address asked for; omitted = the lowest free one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private_ip_address: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.UnAssociateSubnetInstanceRequest")]
#[serde(rename_all = "camelCase")]
pub struct UnAssociateSubnetInstanceRequest {
    /// Subnet the instance leaves.
    pub subnet_id: String,
    /// Instance to take out; one not in the subnet is left as it is.
    pub instance_id: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "bmc.AssociateVpcSubnetRequest")]
#[serde(rename_all = "camelCase")]
pub struct AssociateVpcSubnetRequest {
    /// A subnet of its own, of a zone of the VPC's region.
    pub subnet_id: String,
    /// VPC the subnet joins.
    pub vpc_id: String,
}
