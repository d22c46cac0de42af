//! vm disks (docs/decisions.md D-160 to D-169), both versions alike.

use super::{ChargePrepaid, Price, Tag, TagAssociation};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.CreateDisksRequest")]
#[serde(rename_all = "camelCase")]
pub struct CreateDisksRequest {
    /// PREPAID (monthly, paid up front) or POSTPAID (pay as you go).
    #[schemars(extend("x-cli-value" = "PREPAID|POSTPAID"))]
    pub charge_type: String,
    /// Subscription settings (period); required when chargeType is PREPAID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub charge_prepaid: Option<ChargePrepaid>,
    /// Display name: 1-64 letters, digits, `-` and `.`, starting with a letter or digit.
    pub disk_name: String,
    /// Size in GB, within the category's limits (DescribeDiskCategory).
    #[schemars(extend("x-cli-value" = "GB"))]
    pub disk_size: i64,
    /// Disk category of the zone (DescribeDiskCategory); default the zone's first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disk_category: Option<String>,
    /// Instance to attach the new disks to; its zone is the disks' zone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
    /// Zone of the disks; required unless instanceId is given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone_id: Option<String>,
    /// How many disks, 1 to 50 (default 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disk_amount: Option<i64>,
    /// Resource group of the disks; omitted = the default group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_group_id: Option<String>,
    /// Tags to attach (keys must be unique).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-cli-alias" = "tag"))]
    pub tags: Option<TagAssociation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.CreateDisksResponse")]
#[serde(rename_all = "camelCase")]
pub struct CreateDisksResponse {
    /// IDs of the new disks; CREATING until the disk time is over.
    pub disk_ids: Vec<String>,
    /// Number of the purchase order.
    pub order_number: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.InquiryPriceCreateDisksRequest")]
#[serde(rename_all = "camelCase")]
pub struct InquiryPriceCreateDisksRequest {
    /// Zone to price in.
    pub zone_id: String,
    /// Size in GB.
    #[schemars(extend("x-cli-value" = "GB"))]
    pub disk_size: i64,
    /// How many disks, 1 to 50 (default 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disk_amount: Option<i64>,
    /// PREPAID or POSTPAID.
    #[schemars(extend("x-cli-value" = "PREPAID|POSTPAID"))]
    pub charge_type: String,
    /// Subscription period; required for PREPAID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub charge_prepaid: Option<ChargePrepaid>,
    /// Disk category; default the zone's first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disk_category: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.InquiryPriceCreateDisksResponse")]
#[serde(rename_all = "camelCase")]
pub struct InquiryPriceCreateDisksResponse {
    /// PREPAID: what CreateDisks takes for all the disks and the whole period; POSTPAID: the hourly price of one disk.
    pub data_disk_price: Price,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.DescribeDisksRequest")]
#[serde(rename_all = "camelCase")]
pub struct DescribeDisksRequest {
    /// Only these disk IDs (at most 100).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disk_ids: Option<Vec<String>>,
    /// Only disks whose name contains this text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disk_name: Option<String>,
    /// Only disks in this state: CREATING, AVAILABLE, ATTACHING, IN_USE, DETACHING, RESIZING, RECYCLED.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disk_status: Option<String>,
    /// Only SYSTEM or DATA disks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disk_type: Option<String>,
    /// Only disks of this size in GB.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disk_size: Option<i64>,
    /// Only disks of this category.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disk_category: Option<String>,
    /// Only portable (detachable) disks, or only the others.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub portable: Option<bool>,
    /// Only disks attached to this instance.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
    /// Only disks in this zone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone_id: Option<String>,
    /// Page size (default 20, max 1000).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_size: Option<i64>,
    /// Page number, 1-based (default 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_num: Option<i64>,
    /// Only disks of this resource group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_group_id: Option<String>,
    /// Only disks having any of these tag keys.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag_keys: Option<Vec<String>>,
    /// Only disks having these key/value tags.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-cli-alias" = "tag"))]
    pub tags: Option<Vec<Tag>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.DescribeDisksResponse")]
#[serde(rename_all = "camelCase")]
pub struct DescribeDisksResponse {
    /// Number of disks matching (all pages).
    pub total_count: i64,
    /// Disks of the requested page, newest first.
    pub data_set: Vec<DiskInfo>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.DiskInfo")]
#[serde(rename_all = "camelCase")]
pub struct DiskInfo {
    /// Disk ID.
    pub disk_id: String,
    /// Display name.
    pub disk_name: String,
    /// Zone of the disk.
    pub zone_id: String,
    /// SYSTEM or DATA.
    pub disk_type: String,
    /// Whether the disk can be detached, and survives its instance's release.
    pub portable: bool,
    /// Disk category, e.g. STANDARD.
    pub disk_category: String,
    /// Size in GB.
    pub disk_size: i64,
    /// CREATING, AVAILABLE, ATTACHING, IN_USE, DETACHING, RESIZING or RECYCLED.
    pub disk_status: String,
    /// Instance the disk is attached to; null when none.
    pub instance_id: Option<String>,
    /// Name of that instance; null when none.
    pub instance_name: Option<String>,
    /// PREPAID or POSTPAID (a disk bought with its instance: the instance's).
    pub charge_type: String,
    /// Creation time, YYYY-MM-DDThh:mm:ssZ (UTC).
    pub create_time: String,
    /// End of the paid period (PREPAID); null for POSTPAID.
    pub expired_time: Option<String>,
    /// Subscription length in months; null for POSTPAID.
    pub period: Option<i64>,
    /// Whether the subscription renews at expiredTime.
    pub auto_renew: bool,
    /// Tags of the disk.
    pub tags: Option<TagAssociation>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.DescribeDiskCategoryRequest")]
#[serde(rename_all = "camelCase")]
pub struct DescribeDiskCategoryRequest {
    /// Only this zone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone_id: Option<String>,
    /// Only categories sold with this billing model: PREPAID or POSTPAID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_charge_type: Option<String>,
    /// Only this category.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disk_category: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.DescribeDiskCategoryResponse")]
#[serde(rename_all = "camelCase")]
pub struct DescribeDiskCategoryResponse {
    /// One item per zone selling a matching category.
    pub category_zone_set: Vec<DiskCategory>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.DiskCategory")]
#[serde(rename_all = "camelCase")]
pub struct DiskCategory {
    /// Zone ID.
    pub zone_id: String,
    /// Categories sold there, e.g. ["STANDARD", "SSD"].
    pub category_set: Vec<String>,
}

/// AttachDisks and ChangeDisksAttach.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.AttachDisksRequest")]
#[serde(rename_all = "camelCase")]
pub struct AttachDisksRequest {
    /// Disks to attach, 1 to 10.
    pub disk_ids: Vec<String>,
    /// Instance to attach them to, in the disks' zone.
    pub instance_id: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.DetachDisksRequest")]
#[serde(rename_all = "camelCase")]
pub struct DetachDisksRequest {
    /// Portable disks to detach, 1 to 10, all attached to one instance.
    pub disk_ids: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.ModifyDisksAttributesRequest")]
#[serde(rename_all = "camelCase")]
pub struct ModifyDisksAttributesRequest {
    /// Disks to rename, 1 to 100.
    pub disk_ids: Vec<String>,
    /// New name: 1-64 letters, digits, `-` and `.`, starting with a letter or digit.
    pub disk_name: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.ModifyDisksResourceGroupRequest")]
#[serde(rename_all = "camelCase")]
pub struct ModifyDisksResourceGroupRequest {
    /// Disks to move, 1 to 100.
    pub disk_ids: Vec<String>,
    /// Resource group to move them to.
    pub resource_group_id: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.ResizeDiskRequest")]
#[serde(rename_all = "camelCase")]
pub struct ResizeDiskRequest {
    /// Disk to grow.
    pub disk_id: String,
    /// New size in GB, larger than the current one.
    #[schemars(extend("x-cli-value" = "GB"))]
    pub disk_size: i64,
}

/// TerminateDisk, ReleaseDisk and RenewDisk.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.DiskIdRequest")]
#[serde(rename_all = "camelCase")]
pub struct DiskIdRequest {
    /// ID of the disk to act on (from DescribeDisks).
    pub disk_id: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "vm.RenewDiskResponse")]
#[serde(rename_all = "camelCase")]
pub struct RenewDiskResponse {
    /// Number of the renewal order.
    pub order_number: String,
}
