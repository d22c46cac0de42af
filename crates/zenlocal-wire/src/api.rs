//! The one list of the API's actions. Every entry names, for one (service, action): the
//! handler group and method, the versions it exists in, its request and response types
//! (whose fields, JSON types, required-ness, help and versions come from their derived
//! JSON Schema), its own error codes (each with its HTTP status), and a line of help.
//!
//! The table is written once, inside [`for_each_endpoint!`](crate::for_each_endpoint),
//! an "x-macro": it hands the whole table to a macro of the caller, which generates what
//! it needs from it. This crate generates [`Action`], [`ENDPOINTS`] and the lookups from
//! it; the server its handler registry (an entry without a handler does not compile), the
//! client its typed methods; the CLI and the OpenAPI document read [`ENDPOINTS`] and the
//! schemas.
//!
//! Grammar, per action: doc comments (the action), then `group Action = method {` and
//! one line per service: one doc comment (what it does there), `service [versions]
//! (request) -> response [codes];`. Type paths are relative to `model`, codes are
//! constants of `codes`. The errors every action may answer (D-2) are [`codes::COMMON`].

use crate::codes::{self, Code};
use crate::{ApiError, Service, Version};
use schemars::{JsonSchema, Schema, SchemaGenerator};

/// Hands the table to `$callback!`, preceded by this crate's path and a `;`. The callback
/// matches:
///
/// ```text
/// $krate:tt;
/// $( $(#[$adoc:meta])* $group:ident $action:ident = $method:ident {
///     $( #[doc = $about:literal]
///        $service:ident [$($version:ident),+] ($($req:ident)::+) -> $($resp:ident)::+
///        [$($code:ident),*]; )+
/// } )*
/// ```
#[macro_export]
macro_rules! for_each_endpoint {
    ($callback:path) => {
        $callback! { $crate;

        // ---- catalog ---------------------------------------------------------------

        catalog DescribeZones = describe_zones {
            /// List the bare-metal zones and whether each can reach a cloud router.
            bmc [Bmc20221120, Bmc20260201]
                (bmc::DescribeZonesRequest) -> bmc::DescribeZonesResponse [];
            /// List the virtual-machine zones and what each supports.
            vm [Vm20230313, Vm20260401]
                (vm::DescribeZonesRequest) -> vm::DescribeZonesResponse [];
        }
        catalog DescribeInstanceTypes = describe_instance_types {
            /// List the bare-metal models: CPU, memory, disks, maximum bandwidth.
            bmc [Bmc20221120, Bmc20260201]
                (bmc::DescribeInstanceTypesRequest) -> bmc::DescribeInstanceTypesResponse [];
        }
        catalog DescribeAvailableResources = describe_available_resources {
            /// Where each bare-metal model is sold, with its stock and network defaults.
            bmc [Bmc20221120, Bmc20260201]
                (bmc::DescribeAvailableResourcesRequest)
                -> bmc::DescribeAvailableResourcesResponse
                [INVALID_ZONE_NOT_FOUND, INVALID_CHARGE_TYPE_NOT_SUPPORT];
        }
        catalog DescribeImages = describe_images {
            /// List the operating-system images bare-metal instances can install.
            bmc [Bmc20221120, Bmc20260201]
                (bmc::DescribeImagesRequest) -> bmc::DescribeImagesResponse
                [INVALID_INSTANCE_TYPE_NOT_FOUND];
            /// List the virtual-machine images, paginated.
            vm [Vm20230313, Vm20260401]
                (vm::DescribeImagesRequest) -> vm::DescribeImagesResponse
                [INVALID_ZONE_NOT_FOUND];
        }
        catalog DescribeZoneInstanceConfigInfos = describe_zone_instance_config_infos {
            /// The models sold per zone, with their bandwidth limit and network charge types.
            vm [Vm20230313, Vm20260401]
                (vm::DescribeZoneInstanceConfigInfosRequest)
                -> vm::DescribeZoneInstanceConfigInfosResponse
                [INVALID_ZONE_NOT_FOUND];
        }

        // ---- instances -------------------------------------------------------------

        instances CreateInstances = create_instances {
            /// Buy bare-metal instances; PREPAID ones are paid at once for the whole period.
            bmc [Bmc20221120, Bmc20260201]
                (bmc::CreateInstancesRequest) -> bmc::CreateInstancesResponse
                [INVALID_ZONE_NOT_FOUND, INVALID_INSTANCE_TYPE_NOT_FOUND, INVALID_IMAGE_NOT_FOUND,
                 INVALID_CHARGE_TYPE_NOT_SUPPORT, INVALID_INSTANCE_TYPE_ZONE_NO_SELL,
                 INVALID_INSTANCE_BANDWIDTH_ZONE_NO_SELL, INVALID_BANDWIDTH_VALUE_EXCEED_MAXIMUM,
                 INVALID_PARAMETER_TRAFFIC_PACKAGE_ERROR, INVALID_PARAMETER_TRAFFIC_PACKAGE_LESS,
                 INVALID_PARAMETER_TRAFFIC_PACKAGE_EXCEED, INVALID_PARAMETER_HOSTNAME_EXCEED,
                 INVALID_PARAMETER_HOSTNAME_MALFORMED, INVALID_PARAMETER_INSTANCE_NAME_EXCEED,
                 INVALID_PARAMETER_VALUE_PASSWORD_MALFORMED,
                 INVALID_PARAMETER_INSTANCE_LOGIN_CONFLICT, INVALID_PARAMETER_NIC_NAME_CONFLICT,
                 INVALID_PARAMETER_NIC_NAME_MALFORMED, INVALID_RAID_CONFIG_FAST_CUSTOM_CONFLICT,
                 INVALID_INSTANCE_TYPE_RAID_NOT_SUPPORT, INVALID_PARAMETER_VALUE_RAID_DISK_MISMATCH,
                 INVALID_PARAMETER_VALUE_RAID_DISK_DISORDER,
                 INVALID_PARAMETER_VALUE_RAID_DISK_SEQUENCE_DUPLICATE,
                 INVALID_PARAMETER_VALUE_RAID_DISK_SEQUENCE_RANGE, INVALID_PARTITION_IMAGE_NOT_SET,
                 INVALID_PARTITION_SIZE_NOT_FULL, INVALID_PARTITION_DUPLICATE_FILE_PATH,
                 INVALID_PARTITION_MISSING_REQUIRED_FILE_PATH, INVALID_PARTITION_MALFORMED,
                 INVALID_PARTITION_NO_TYPE, INVALID_PARTITION_INVALID_ORDER,
                 OPERATION_FAILED_RESOURCE_GROUP_NOT_FOUND, INVALID_SUBNET_NOT_FOUND,
                 INVALID_SUBNET_ZONE_MISMATCH, INVALID_SUBNET_PRIVATE_IP_INSUFFICIENT,
                 OPERATION_DENIED_INSTANCE_NOT_SUPPORT_SUBNET,
                 RESOURCE_INSUFFICIENT_PRODUCT_SOLD_OUT, OPERATION_DENIED_INSUFFICIENT_BALANCE];
            /// Buy virtual machines; PREPAID ones are paid at once for the whole period.
            vm [Vm20230313, Vm20260401]
                (vm::CreateInstancesRequest) -> vm::CreateInstancesResponse
                [INVALID_ZONE_NOT_FOUND, INVALID_IMAGE_NOT_FOUND, INVALID_INSTANCE_TYPE_NOT_FOUND,
                 INVALID_CHARGE_TYPE_NOT_SUPPORT, INVALID_INSTANCE_TYPE_ZONE_NO_SELL,
                 INVALID_INSTANCE_BANDWIDTH_ZONE_NO_SELL, INVALID_BANDWIDTH_VALUE_EXCEED_MAXIMUM,
                 INVALID_PARAMETER_TRAFFIC_PACKAGE_ERROR, INVALID_PARAMETER_TRAFFIC_PACKAGE_LESS,
                 INVALID_PARAMETER_TRAFFIC_PACKAGE_EXCEED,
                 INVALID_PARAMETER_VALUE_PASSWORD_MALFORMED,
                 INVALID_PARAMETER_INSTANCE_LOGIN_CONFLICT, INVALID_PARAMETER_INSTANCE_NAME_EXCEED,
                 INVALID_IMAGE_STATUS, INVALID_KEY_PAIR_NOT_FOUND,
                 INVALID_PARAMETER_NIC_NAME_CONFLICT, INVALID_PARAMETER_NIC_NAME_MALFORMED,
                 OPERATION_FAILED_RESOURCE_GROUP_NOT_FOUND, INVALID_SUBNET_NOT_FOUND,
                 INVALID_SUBNET_ZONE_MISMATCH, INVALID_SUBNET_PRIVATE_IP_INSUFFICIENT,
                 INVALID_SECURITY_GROUP_NOT_FOUND,
                 RESOURCE_INSUFFICIENT_PRODUCT_SOLD_OUT, OPERATION_DENIED_INSUFFICIENT_BALANCE];
        }
        instances DescribeInstances = describe_instances {
            /// List bare-metal instances, filtered and paginated, newest first.
            bmc [Bmc20221120, Bmc20260201]
                (bmc::DescribeInstancesRequest) -> bmc::DescribeInstancesResponse
                [INVALID_ZONE_NOT_FOUND, INVALID_INSTANCE_TYPE_NOT_FOUND, INVALID_IMAGE_NOT_FOUND];
            /// List virtual machines, filtered and paginated, newest first.
            vm [Vm20230313, Vm20260401]
                (vm::DescribeInstancesRequest) -> vm::DescribeInstancesResponse [];
        }
        instances StartInstances = start_instances {
            /// Power on STOPPED instances (BOOTING, then RUNNING).
            bmc [Bmc20221120, Bmc20260201]
                (common::InstanceIdsRequest) -> common::Empty
                [INVALID_INSTANCE_NOT_FOUND, OPERATION_DENIED_INSTANCE_RECYCLED,
                 OPERATION_DENIED_INSTANCE_NOT_STOPPED];
            /// Power on STOPPED virtual machines (BOOTING, then RUNNING).
            vm [Vm20230313, Vm20260401]
                (common::InstanceIdsRequest) -> common::Empty
                [INVALID_INSTANCE_NOT_FOUND, OPERATION_DENIED_INSTANCE_RECYCLED,
                 OPERATION_DENIED_INSTANCE_NOT_STOPPED];
        }
        instances StopInstances = stop_instances {
            /// Power off RUNNING instances (STOPPING, then STOPPED).
            bmc [Bmc20221120, Bmc20260201]
                (common::InstanceIdsRequest) -> common::Empty
                [INVALID_INSTANCE_NOT_FOUND, OPERATION_DENIED_INSTANCE_RECYCLED,
                 OPERATION_DENIED_INSTANCE_NOT_RUNNING];
            /// Power off RUNNING virtual machines (STOPPING, then STOPPED).
            vm [Vm20230313, Vm20260401]
                (common::InstanceIdsRequest) -> common::Empty
                [INVALID_INSTANCE_NOT_FOUND, OPERATION_DENIED_INSTANCE_RECYCLED,
                 OPERATION_DENIED_INSTANCE_NOT_RUNNING];
        }
        instances TerminateInstance = terminate_instance {
            /// Move an instance to the recycle bin; PREPAID ones at the end of their cycle.
            bmc [Bmc20221120, Bmc20260201]
                (common::InstanceIdRequest) -> common::Empty
                [INVALID_INSTANCE_NOT_FOUND, OPERATION_DENIED_INSTANCE_RECYCLED,
                 OPERATION_DENIED_INSTANCE_CREATING, OPERATION_DENIED_INSTANCE_STATUS_INSTALLING];
            /// Move a virtual machine to the recycle bin; PREPAID ones at the end of their cycle.
            vm [Vm20230313, Vm20260401]
                (common::InstanceIdRequest) -> common::Empty
                [INVALID_INSTANCE_NOT_FOUND, OPERATION_DENIED_INSTANCE_RECYCLED,
                 OPERATION_DENIED_INSTANCE_CREATING];
        }
        instances ReleaseInstances = release_instances {
            /// Delete instances in the recycle bin for good.
            bmc [Bmc20221120, Bmc20260201]
                (common::InstanceIdsRequest) -> common::Empty
                [INVALID_INSTANCE_NOT_FOUND, OPERATION_DENIED_INSTANCE_NOT_RECYCLED];
            /// Delete virtual machines in the recycle bin for good.
            vm [Vm20230313, Vm20260401]
                (common::InstanceIdsRequest) -> common::Empty
                [INVALID_INSTANCE_NOT_FOUND, OPERATION_DENIED_INSTANCE_NOT_RECYCLED];
        }
        instances InquiryPriceCreateInstance = inquiry_price_create_instance {
            /// Quote what CreateInstances would charge for a bare-metal instance.
            bmc [Bmc20221120, Bmc20260201]
                (bmc::InquiryPriceCreateInstanceRequest)
                -> bmc::InquiryPriceCreateInstanceResponse
                [INVALID_ZONE_NOT_FOUND, INVALID_INSTANCE_TYPE_NOT_FOUND,
                 INVALID_CHARGE_TYPE_NOT_SUPPORT, INVALID_INSTANCE_BANDWIDTH_ZONE_NO_SELL,
                 INVALID_INSTANCE_TYPE_ZONE_NO_SELL, INVALID_BANDWIDTH_VALUE_EXCEED_MAXIMUM,
                 INVALID_PARAMETER_TRAFFIC_PACKAGE_ERROR];
            /// Quote what CreateInstances would charge for virtual machines.
            vm [Vm20230313, Vm20260401]
                (vm::InquiryPriceCreateInstanceRequest) -> vm::InquiryPriceCreateInstanceResponse
                [INVALID_ZONE_NOT_FOUND, INVALID_INSTANCE_TYPE_NOT_FOUND,
                 INVALID_CHARGE_TYPE_NOT_SUPPORT, INVALID_INSTANCE_TYPE_ZONE_NO_SELL,
                 INVALID_INSTANCE_BANDWIDTH_ZONE_NO_SELL, INVALID_IMAGE_NOT_FOUND,
                 INVALID_IMAGE_STATUS, INVALID_PARAMETER_TRAFFIC_PACKAGE_ERROR];
        }

        // ---- operations and attributes of instances -------------------------------

        operations RebootInstances = reboot_instances {
            /// Restart STOPPED or RUNNING instances (BOOTING, then RUNNING).
            bmc [Bmc20221120, Bmc20260201]
                (common::InstanceIdsRequest) -> common::Empty
                [INVALID_INSTANCE_NOT_FOUND, OPERATION_DENIED_INSTANCE_RECYCLED,
                 OPERATION_DENIED_INSTANCE_STATUS, OPERATION_DENIED_INSTANCE_PLAN_PROCESSING];
            /// Restart STOPPED or RUNNING virtual machines (REBOOT, then RUNNING).
            vm [Vm20230313, Vm20260401]
                (common::InstanceIdsRequest) -> common::Empty
                [INVALID_INSTANCE_NOT_FOUND, OPERATION_DENIED_INSTANCE_RECYCLED,
                 OPERATION_DENIED_INSTANCE_STATUS, OPERATION_DENIED_INSTANCE_PLAN_PROCESSING];
        }
        operations ReinstallInstance = reinstall_instance {
            /// Reinstall the operating system (INSTALLING, then RUNNING).
            bmc [Bmc20221120, Bmc20260201]
                (bmc::ReinstallInstanceRequest) -> common::Empty
                [INVALID_INSTANCE_NOT_FOUND, OPERATION_DENIED_INSTANCE_RECYCLED,
                 OPERATION_DENIED_INSTANCE_CREATING, OPERATION_DENIED_INSTANCE_STATUS_INSTALLING,
                 OPERATION_DENIED_INSTANCE_STATUS, OPERATION_DENIED_INSTANCE_PLAN_PROCESSING,
                 INVALID_IMAGE_NOT_FOUND, INVALID_PARAMETER_HOSTNAME_EXCEED,
                 INVALID_PARAMETER_HOSTNAME_MALFORMED, INVALID_PARAMETER_VALUE_PASSWORD_MALFORMED,
                 INVALID_PARAMETER_INSTANCE_LOGIN_CONFLICT, INVALID_RAID_CONFIG_FAST_CUSTOM_CONFLICT,
                 INVALID_INSTANCE_TYPE_RAID_NOT_SUPPORT, INVALID_PARAMETER_VALUE_RAID_DISK_MISMATCH,
                 INVALID_PARAMETER_VALUE_RAID_DISK_DISORDER,
                 INVALID_PARAMETER_VALUE_RAID_DISK_SEQUENCE_DUPLICATE,
                 INVALID_PARAMETER_VALUE_RAID_DISK_SEQUENCE_RANGE, INVALID_PARTITION_IMAGE_NOT_SET,
                 INVALID_PARTITION_SIZE_NOT_FULL, INVALID_PARTITION_DUPLICATE_FILE_PATH,
                 INVALID_PARTITION_MISSING_REQUIRED_FILE_PATH, INVALID_PARTITION_MALFORMED,
                 INVALID_PARTITION_NO_TYPE, INVALID_PARTITION_INVALID_ORDER,
                 INVALID_PARAMETER_NIC_NAME_CONFLICT, INVALID_PARAMETER_NIC_NAME_MALFORMED];
        }
        operations ResetInstance = reset_instance {
            /// Reinstall a STOPPED virtual machine (REBUILDING, then RUNNING).
            vm [Vm20230313, Vm20260401]
                (vm::ResetInstanceRequest) -> common::Empty
                [INVALID_INSTANCE_NOT_FOUND, OPERATION_DENIED_INSTANCE_RECYCLED,
                 OPERATION_DENIED_INSTANCE_NOT_STOPPED, OPERATION_DENIED_INSTANCE_PLAN_PROCESSING,
                 INVALID_IMAGE_NOT_FOUND, INVALID_IMAGE_STATUS, INVALID_KEY_PAIR_NOT_FOUND,
                 INVALID_PARAMETER_VALUE_PASSWORD_MALFORMED,
                 INVALID_PARAMETER_INSTANCE_LOGIN_CONFLICT, INVALID_PARAMETER_INSTANCE_NAME_EXCEED,
                 INVALID_PARAMETER_NIC_NAME_CONFLICT, INVALID_PARAMETER_NIC_NAME_MALFORMED];
        }
        operations ResetInstancesPassword = reset_instances_password {
            /// Set the login password of STOPPED virtual machines, which then start (BOOTING).
            vm [Vm20230313, Vm20260401]
                (vm::ResetInstancesPasswordRequest) -> common::Empty
                [INVALID_INSTANCE_NOT_FOUND, OPERATION_DENIED_INSTANCE_RECYCLED,
                 OPERATION_DENIED_INSTANCE_NOT_STOPPED_400,
                 OPERATION_DENIED_INSTANCE_PLAN_PROCESSING,
                 INVALID_PARAMETER_VALUE_PASSWORD_MALFORMED];
        }
        operations ModifyInstancesAttribute = modify_instances_attribute {
            /// Rename instances.
            bmc [Bmc20221120, Bmc20260201]
                (common::ModifyInstancesAttributeRequest) -> common::Empty
                [INVALID_INSTANCE_NOT_FOUND, INVALID_PARAMETER_INSTANCE_NAME_EXCEED];
            /// Rename virtual machines.
            vm [Vm20230313, Vm20260401]
                (common::ModifyInstancesAttributeRequest) -> common::Empty
                [INVALID_INSTANCE_NOT_FOUND, INVALID_PARAMETER_INSTANCE_NAME_EXCEED];
        }
        operations ModifyInstancesResourceGroup = modify_instances_resource_group {
            /// Move instances to another resource group of the account.
            bmc [Bmc20221120, Bmc20260201]
                (common::ModifyInstancesResourceGroupRequest) -> common::Empty
                [OPERATION_FAILED_RESOURCE_GROUP_NOT_FOUND, OPERATION_FAILED_RESOURCE_NOT_FOUND];
            /// Move virtual machines to another resource group of the account.
            vm [Vm20230313, Vm20260401]
                (common::ModifyInstancesResourceGroupRequest) -> common::Empty
                [OPERATION_FAILED_RESOURCE_GROUP_NOT_FOUND, OPERATION_FAILED_RESOURCE_NOT_FOUND];
        }
        operations RenewInstance = renew_instance {
            /// Pay one more period of a PREPAID instance now; its expiry moves a period on.
            bmc [Bmc20221120, Bmc20260201]
                (common::InstanceIdRequest) -> common::Empty
                [INVALID_INSTANCE_NOT_FOUND, OPERATION_DENIED_INSTANCE_RECYCLED,
                 INVALID_CHARGE_TYPE_NOT_SUPPORT, OPERATION_DENIED_INSTANCE_PLAN_PROCESSING,
                 OPERATION_DENIED_INSTANCE_EXIST_PLAN, OPERATION_DENIED_INSUFFICIENT_BALANCE];
        }
        operations DescribeManagedInstances = describe_managed_instances {
            /// List the account's managed (colocated) servers; zenlocal has none.
            bmc [Bmc20221120, Bmc20260201]
                (bmc::DescribeManagedInstancesRequest) -> bmc::DescribeManagedInstancesResponse [];
        }
        operations DescribeInstanceIpmiUrl = describe_instance_ipmi_url {
            /// The address of an instance's IPMI console.
            bmc [Bmc20260201]
                (common::InstanceIdRequest) -> common::UrlResponse
                [INVALID_INSTANCE_NOT_FOUND, OPERATION_DENIED_INSTANCE_RECYCLED,
                 OPERATION_DENIED_INSTANCE_CREATING];
        }
        operations ResetInstanceIpmiPassword = reset_instance_ipmi_password {
            /// Set the password of an instance's IPMI console.
            bmc [Bmc20260201]
                (bmc::ResetInstanceIpmiPasswordRequest) -> common::Empty
                [INVALID_INSTANCE_NOT_FOUND, OPERATION_DENIED_INSTANCE_RECYCLED,
                 OPERATION_DENIED_INSTANCE_CREATING, INVALID_PARAMETER_VALUE_PASSWORD_MALFORMED];
        }
        operations DescribeInstancesStatus = describe_instances_status {
            /// The status of virtual machines, paginated, newest first.
            vm [Vm20230313, Vm20260401]
                (vm::DescribeInstancesStatusRequest) -> vm::DescribeInstancesStatusResponse [];
        }
        operations DescribeVncUrl = describe_vnc_url {
            /// The address of a RUNNING virtual machine's VNC console.
            vm [Vm20260401]
                (common::InstanceIdRequest) -> common::UrlResponse
                [INVALID_INSTANCE_NOT_FOUND, OPERATION_DENIED_INSTANCE_RECYCLED,
                 OPERATION_DENIED_INSTANCE_NOT_RUNNING];
        }
        operations DescribeVmInventoryCapacity = describe_vm_inventory_capacity {
            /// How many vCPUs each zone still sells, as a tier.
            vm [Vm20260401]
                (vm::DescribeVmInventoryCapacityRequest)
                -> vm::DescribeVmInventoryCapacityResponse [INVALID_ZONE_NOT_FOUND];
        }

        // ---- plan changes ----------------------------------------------------------

        plan ModifyInstanceBandwidth = modify_instance_bandwidth {
            /// Change the bandwidth: upgrades charged now, PREPAID downgrades at the cycle end.
            bmc [Bmc20221120, Bmc20260201]
                (bmc::BandwidthRequest) -> common::OrderNumberResponse
                [INVALID_INSTANCE_NOT_FOUND, OPERATION_DENIED_INSTANCE_NOT_RUNNING,
                 OPERATION_FAILED_INSTANCE_BANDWIDTH_PROCESSING,
                 OPERATION_DENIED_INSTANCE_EXIST_PLAN_BANDWIDTH, INVALID_PARAMETER_BANDWIDTH_EXCEED,
                 OPERATION_DENIED_INSUFFICIENT_BALANCE];
            /// Change the bandwidth: upgrades charged now, PREPAID downgrades at the cycle end.
            vm [Vm20230313, Vm20260401]
                (vm::BandwidthRequest) -> common::OrderNumberResponse
                [INVALID_INSTANCE_NOT_FOUND, OPERATION_DENIED_INSTANCE_NOT_RUNNING,
                 OPERATION_DENIED_INSTANCE_BANDWIDTH_PROCESSING,
                 OPERATION_DENIED_INSTANCE_EXIST_PLAN_BANDWIDTH, INVALID_PARAMETER_BANDWIDTH_EXCEED,
                 OPERATION_DENIED_INSUFFICIENT_BALANCE];
        }
        plan CancelInstanceBandwidthDowngrade = cancel_instance_bandwidth_downgrade {
            /// Cancel the bandwidth downgrade scheduled for the next cycle.
            bmc [Bmc20221120, Bmc20260201]
                (common::InstanceIdRequest) -> common::Empty
                [INVALID_INSTANCE_NOT_FOUND, OPERATION_DENIED_INTERNET_CHARGE_TYPE_NOT_SUPPORT,
                 OPERATION_DENIED_INSTANCE_RECYCLED, OPERATION_DENIED_DOWNGRADE_NOT_EXIST];
            /// Cancel the bandwidth downgrade scheduled for the next cycle.
            vm [Vm20230313, Vm20260401]
                (common::InstanceIdRequest) -> common::Empty
                [INVALID_INSTANCE_NOT_FOUND, OPERATION_DENIED_INTERNET_CHARGE_TYPE_NOT_SUPPORT,
                 OPERATION_DENIED_INSTANCE_RECYCLED, OPERATION_DENIED_DOWNGRADE_NOT_EXIST];
        }
        /// Seed 001's spelling, accepted on bmc with its own codes (D-18).
        plan CancelInstanceBandwidthDowndegrade = cancel_instance_bandwidth_downdegrade {
            /// An older spelling of CancelInstanceBandwidthDowngrade, with that page's own codes.
            bmc [Bmc20221120, Bmc20260201]
                (common::InstanceIdRequest) -> common::Empty
                [INVALID_INSTANCE_NOT_FOUND,
                 OPERATION_DENIED_INTERNET_CHARGE_TYPE_NOT_BY_FIX_BANDWIDTH,
                 OPERATION_DENIED_INSTANCE_RECYCLED,
                 OPERATION_FILED_INSTANCE_NOT_EXIST_PLAN_FIX_BANDWIDTH];
        }
        plan InquiryPriceInstanceBandwidth = inquiry_price_instance_bandwidth {
            /// Quote a bandwidth change of a ByBandwidth instance.
            bmc [Bmc20221120, Bmc20260201]
                (bmc::BandwidthRequest) -> common::BandwidthPriceResponse
                [INVALID_INSTANCE_NOT_FOUND, OPERATION_DENIED_INTERNET_CHARGE_TYPE_NOT_SUPPORT,
                 INVALID_INSTANCE_TYPE_ZONE_NO_SELL, INVALID_PARAMETER_BANDWIDTH_EXCEED];
            /// Quote a bandwidth change of a ByBandwidth virtual machine.
            vm [Vm20230313, Vm20260401]
                (vm::BandwidthRequest) -> common::BandwidthPriceResponse
                [INVALID_INSTANCE_NOT_FOUND, OPERATION_DENIED_INTERNET_CHARGE_TYPE_NOT_SUPPORT,
                 INVALID_INSTANCE_TYPE_ZONE_NO_SELL_404, INVALID_PARAMETER_BANDWIDTH_EXCEED];
        }
        plan ModifyInstanceTrafficPackage = modify_instance_traffic_package {
            /// Change the traffic package: upgrades charged now, PREPAID downgrades at the cycle end.
            bmc [Bmc20221120, Bmc20260201]
                (common::TrafficPackageRequest) -> common::OrderNumberResponse
                [INVALID_PARAMETER_TRAFFIC_PACKAGE_ERROR, INVALID_INSTANCE_NOT_FOUND,
                 OPERATION_DENIED_INTERNET_CHARGE_TYPE_NOT_SUPPORT,
                 OPERATION_FAILED_INSTANCE_NOT_EXIST_TRAFFIC_PACKAGE,
                 OPERATION_DENIED_INSTANCE_STATUS_NOT_SUPPORT,
                 OPERATION_DENIED_INSTANCE_TRAFFIC_PACKAGE_PROCESSING,
                 OPERATION_FAILED_INSTANCE_EXIST_PLAN_TRAFFIC_PACKAGE,
                 INVALID_PARAMETER_TRAFFIC_PACKAGE_LESS, INVALID_PARAMETER_TRAFFIC_PACKAGE_EXCEED,
                 OPERATION_DENIED_INSUFFICIENT_BALANCE];
            /// Change the traffic package: upgrades charged now, PREPAID downgrades at the cycle end.
            vm [Vm20230313, Vm20260401]
                (common::TrafficPackageRequest) -> common::OrderNumberResponse
                [INVALID_PARAMETER_TRAFFIC_PACKAGE_ERROR, INVALID_INSTANCE_NOT_FOUND,
                 OPERATION_DENIED_INTERNET_CHARGE_TYPE_NOT_SUPPORT,
                 OPERATION_FAILED_INSTANCE_NOT_EXIST_TRAFFIC_PACKAGE,
                 OPERATION_DENIED_INSTANCE_STATUS_NOT_SUPPORT,
                 OPERATION_DENIED_INSTANCE_TRAFFIC_PACKAGE_PROCESSING,
                 OPERATION_FAILED_INSTANCE_EXIST_PLAN_TRAFFIC_PACKAGE,
                 INVALID_PARAMETER_TRAFFIC_PACKAGE_LESS, INVALID_PARAMETER_TRAFFIC_PACKAGE_EXCEED,
                 OPERATION_DENIED_INSUFFICIENT_BALANCE];
        }
        plan CancelInstanceTrafficPackageDowngrade = cancel_instance_traffic_package_downgrade {
            /// Cancel the traffic-package downgrade scheduled for the next cycle.
            bmc [Bmc20221120, Bmc20260201]
                (common::InstanceIdRequest) -> common::Empty
                [INVALID_INSTANCE_NOT_FOUND, OPERATION_DENIED_INTERNET_CHARGE_TYPE_NOT_SUPPORT,
                 OPERATION_FAILED_INSTANCE_NOT_EXIST_TRAFFIC_PACKAGE,
                 OPERATION_DENIED_INSTANCE_RECYCLED, OPERATION_DENIED_DOWNGRADE_NOT_EXIST_404];
            /// Cancel the traffic-package downgrade scheduled for the next cycle.
            vm [Vm20230313, Vm20260401]
                (common::InstanceIdRequest) -> common::Empty
                [INVALID_INSTANCE_NOT_FOUND, OPERATION_DENIED_INTERNET_CHARGE_TYPE_NOT_SUPPORT,
                 OPERATION_FAILED_INSTANCE_NOT_EXIST_TRAFFIC_PACKAGE,
                 OPERATION_DENIED_INSTANCE_RECYCLED, OPERATION_DENIED_DOWNGRADE_NOT_EXIST_404];
        }
        plan InquiryPriceInstanceTrafficPackage = inquiry_price_instance_traffic_package {
            /// Quote a traffic-package change; the 2026 version adds the overage price.
            bmc [Bmc20221120, Bmc20260201]
                (common::TrafficPackageRequest) -> common::TrafficPackagePriceResponse
                [INVALID_PARAMETER_TRAFFIC_PACKAGE_ERROR, INVALID_INSTANCE_NOT_FOUND,
                 OPERATION_DENIED_INTERNET_CHARGE_TYPE_NOT_SUPPORT,
                 OPERATION_FAILED_INSTANCE_NOT_EXIST_TRAFFIC_PACKAGE,
                 INVALID_INSTANCE_TYPE_ZONE_NO_SELL, INVALID_PARAMETER_TRAFFIC_PACKAGE_LESS,
                 INVALID_PARAMETER_TRAFFIC_PACKAGE_EXCEED];
            /// Quote a traffic-package change; the 2026 version adds the overage price.
            vm [Vm20230313, Vm20260401]
                (common::TrafficPackageRequest) -> common::TrafficPackagePriceResponse
                [INVALID_PARAMETER_TRAFFIC_PACKAGE_ERROR, INVALID_INSTANCE_NOT_FOUND,
                 OPERATION_DENIED_INTERNET_CHARGE_TYPE_NOT_SUPPORT,
                 OPERATION_FAILED_INSTANCE_NOT_EXIST_TRAFFIC_PACKAGE,
                 INVALID_INSTANCE_TYPE_ZONE_NO_SELL, INVALID_PARAMETER_TRAFFIC_PACKAGE_LESS,
                 INVALID_PARAMETER_TRAFFIC_PACKAGE_EXCEED];
        }
        plan DescribeInstanceInternetStatus = describe_instance_internet_status {
            /// Current and scheduled bandwidth and traffic package of an instance.
            bmc [Bmc20221120, Bmc20260201]
                (common::InstanceIdRequest) -> common::InstanceInternetStatus
                [INVALID_INSTANCE_NOT_FOUND];
            /// Current and scheduled bandwidth and traffic package of a virtual machine.
            vm [Vm20230313, Vm20260401]
                (common::InstanceIdRequest) -> common::InstanceInternetStatus
                [INVALID_INSTANCE_NOT_FOUND];
        }
        plan ModifyInstanceType = modify_instance_type {
            /// Change the model: upgrades charged now, PREPAID downgrades at the cycle end.
            vm [Vm20230313, Vm20260401]
                (vm::ModifyInstanceTypeRequest) -> common::OrderNumberResponse
                [INVALID_INSTANCE_NOT_FOUND, OPERATION_DENIED_INSTANCE_STATUS_NOT_SUPPORT,
                 OPERATION_DENIED_INSTANCE_PLAN_PROCESSING, OPERATION_DENIED_INSTANCE_EXIST_PLAN,
                 INVALID_INSTANCE_TYPE_NOT_CHANGED, OPERATION_FAILED_INSTANCE_TYPE_UNSUPPORTED,
                 OPERATION_DENIED_INSUFFICIENT_BALANCE];
        }
        plan CancelInstanceDowngrade = cancel_instance_downgrade {
            /// Cancel the model downgrade scheduled for the next cycle.
            vm [Vm20230313, Vm20260401]
                (common::InstanceIdRequest) -> common::Empty
                [INVALID_INSTANCE_NOT_FOUND, OPERATION_DENIED_INSTANCE_RECYCLED,
                 OPERATION_DENIED_DOWNGRADE_NOT_EXIST];
        }
        plan DescribeInstanceTypeStatus = describe_instance_type_status {
            /// Current and scheduled model of a virtual machine.
            vm [Vm20230313, Vm20260401]
                (common::InstanceIdRequest) -> vm::InstanceTypeStatus
                [INVALID_INSTANCE_NOT_FOUND];
        }

        // ---- key pairs and custom images --------------------------------------------

        keypairs ImportKeyPair = import_key_pair {
            /// Import OpenSSH public keys as a named key pair for logging in to instances.
            vm [Vm20230313]
                (vm::ImportKeyPairRequest) -> vm::ImportKeyPairResponse
                [INVALID_KEY_NAME_MALFORMED, INVALID_PUBLIC_KEY_MALFORMED,
                 INVALID_KEY_PAIR_EXCEED_LIMIT, INVALID_KEY_PAIR_NAME_EXIST];
        }
        keypairs DescribeKeyPairs = describe_key_pairs {
            /// List the account's key pairs, filtered and paginated, newest first.
            vm [Vm20230313]
                (vm::DescribeKeyPairsRequest) -> vm::DescribeKeyPairsResponse [];
        }
        keypairs ModifyKeyPairAttribute = modify_key_pair_attribute {
            /// Change a key pair's description.
            vm [Vm20230313]
                (vm::ModifyKeyPairAttributeRequest) -> common::Empty
                [INVALID_KEY_PAIR_NOT_FOUND];
        }
        keypairs DeleteKeyPairs = delete_key_pairs {
            /// Delete key pairs; instances using them keep working.
            vm [Vm20230313]
                (vm::DeleteKeyPairsRequest) -> common::Empty [INVALID_KEY_PAIR_NOT_FOUND];
        }
        // ---- VPCs and subnets ------------------------------------------------------------

        vpcs DescribeVpcAvailableRegions = describe_vpc_available_regions {
            /// The availability regions VPCs can be made in, with their zones.
            bmc [Bmc20221120, Bmc20260201]
                (vpcs::DescribeVpcAvailableRegionsRequest)
                -> vpcs::DescribeVpcAvailableRegionsResponse [INVALID_ZONE_NOT_FOUND];
        }
        vpcs CreateVpc = create_vpc {
            /// Create a VPC in an availability region, for subnets of its zones.
            bmc [Bmc20221120, Bmc20260201]
                (vpcs::CreateVpcRequest) -> vpcs::CreateVpcResponse
                [INVALID_VPC_REGION_NOT_FOUND, OPERATION_DENIED_VPC_REGION_EXCEED_LIMIT,
                 INVALID_PARAMETER_VPC_LAN_IP_NETMASK, INVALID_PARAMETER_VPC_CIDR_BLOCK,
                 INVALID_PARAMETER_VPC_LAN_IP, OPERATION_FAILED_RESOURCE_GROUP_NOT_FOUND];
            /// Create a VPC in a zone of the VPC network type, with its first subnet.
            vm [Vm20230313]
                (vm::CreateVpcRequest) -> vm::CreateVpcResponse
                [INVALID_ZONE_NOT_FOUND, UNSUPPORTED_OPERATION_ZONE_NOT_SUPPORT,
                 UNSUPPORTED_OPERATION_CIDR_BLOCK_IS_EXIST,
                 UNSUPPORTED_OPERATION_SUBNET_BIND_NETWORK_COUNT_LIMIT];
        }
        vpcs DescribeVpcs = describe_vpcs {
            /// List the account's VPCs, filtered and paginated, newest first.
            bmc [Bmc20221120, Bmc20260201]
                (vpcs::DescribeVpcsRequest) -> vpcs::DescribeVpcsResponse [];
            /// List the account's VPCs with their subnets, filtered and paginated.
            vm [Vm20230313]
                (vm::DescribeVpcsRequest) -> vm::DescribeVpcsResponse [];
        }
        vpcs ModifyVpcsAttribute = modify_vpcs_attribute {
            /// Rename VPCs, all or none.
            bmc [Bmc20221120, Bmc20260201]
                (vpcs::ModifyVpcsAttributeRequest) -> common::Empty
                [OPERATION_FAILED_RESOURCE_NOT_FOUND];
            /// Rename VPCs, all or none.
            vm [Vm20230313]
                (vm::ModifyVpcsAttributeRequest) -> common::Empty [INVALID_VPC_NOT_FOUND];
        }
        vpcs DeleteVpc = delete_vpc {
            /// Delete a VPC that has no subnets.
            bmc [Bmc20221120, Bmc20260201]
                (vpcs::DeleteVpcRequest) -> common::Empty
                [INVALID_VPC_NOT_FOUND, OPERATION_DENIED_VPC_EXIST_SUBNET_ASSIGN];
            /// Delete a VPC with its subnets, none of which has instances.
            vm [Vm20230313]
                (vm::DeleteVpcRequest) -> common::Empty
                [INVALID_VPC_NOT_FOUND, UNSUPPORTED_OPERATION_SUBNET_HAS_INSTANCE];
        }
        vpcs CreateVpcSubnet = create_vpc_subnet {
            /// Create a subnet in a VPC, for instances to join with `subnetId`.
            vm [Vm20230313]
                (vm::CreateVpcSubnetRequest) -> vm::CreateVpcSubnetResponse
                [INVALID_VPC_NOT_FOUND, UNSUPPORTED_OPERATION_CIDR_BLOCK_IS_EXIST,
                 UNSUPPORTED_OPERATION_SUBNET_BIND_NETWORK_COUNT_LIMIT];
        }
        vpcs DescribeVpcSubnets = describe_vpc_subnets {
            /// List the account's VPC subnets with their instances, filtered and paginated.
            vm [Vm20230313]
                (vm::DescribeVpcSubnetsRequest) -> vm::DescribeVpcSubnetsResponse [];
        }
        vpcs ModifyVpcSubnetsAttribute = modify_vpc_subnets_attribute {
            /// Rename VPC subnets, all or none.
            vm [Vm20230313]
                (vm::ModifyVpcSubnetsAttributeRequest) -> common::Empty
                [INVALID_SUBNET_NOT_FOUND];
        }
        vpcs DeleteVpcSubnet = delete_vpc_subnet {
            /// Delete a VPC subnet that has no instances.
            vm [Vm20230313]
                (vm::DeleteSubnetRequest) -> common::Empty
                [INVALID_SUBNET_NOT_FOUND, UNSUPPORTED_OPERATION_SUBNET_HAS_INSTANCE];
        }
        subnets DescribeSubnetAvailableResources = describe_subnet_available_resources {
            /// The zones subnets can be made in.
            bmc [Bmc20221120, Bmc20260201]
                (vpcs::DescribeSubnetAvailableResourcesRequest)
                -> vpcs::DescribeSubnetAvailableResourcesResponse [INVALID_ZONE_NOT_FOUND];
        }
        subnets CreateSubnet = create_subnet {
            /// Create a private subnet in a zone, on its own or in a VPC of its region.
            bmc [Bmc20221120, Bmc20260201]
                (vpcs::CreateSubnetRequest) -> vpcs::CreateSubnetResponse
                [INVALID_ZONE_NOT_FOUND, INVALID_VPC_NOT_FOUND, OPERATION_DENIED_ZONE_NOT_BELONG_VPC,
                 INVALID_PARAMETER_SUBNET_CIDR_BLOCK, INVALID_PARAMETER_SUBNET_LAN_IP_NETMASK,
                 INVALID_PARAMETER_SUBNET_LAN_IP, OPERATION_DENIED_SUBNET_EXCEED_LIMIT,
                 OPERATION_DENIED_VPC_ZONE_SUBNET_EXCEED_LIMIT,
                 INVALID_PARAMETER_VPC_SUBNET_OVER_LAP,
                 INVALID_PARAMETER_SUBNET_CIDR_NOT_BELONG_VPC,
                 OPERATION_FAILED_RESOURCE_GROUP_NOT_FOUND];
            /// Create a private subnet in a zone, for instances to join with `subnetId`.
            vm [Vm20230313, Vm20260401]
                (vm::CreateSubnetRequest) -> vm::CreateSubnetResponse
                [INVALID_ZONE_NOT_FOUND, UNSUPPORTED_OPERATION_CIDR_BLOCK_IS_EXIST,
                 UNSUPPORTED_OPERATION_SUBNET_BIND_NETWORK_COUNT_LIMIT];
        }
        subnets DescribeSubnets = describe_subnets {
            /// List the account's subnets with their instances, filtered and paginated.
            bmc [Bmc20221120, Bmc20260201]
                (vpcs::DescribeSubnetsRequest) -> vpcs::DescribeSubnetsResponse [];
            /// List the account's subnets with their instances, filtered and paginated.
            vm [Vm20230313, Vm20260401]
                (vm::DescribeSubnetsRequest) -> vm::DescribeSubnetsResponse [];
        }
        subnets ModifySubnetsAttribute = modify_subnets_attribute {
            /// Rename subnets, all or none.
            bmc [Bmc20221120, Bmc20260201]
                (vpcs::ModifySubnetsAttributeRequest) -> common::Empty
                [OPERATION_FAILED_RESOURCE_NOT_FOUND_400];
            /// Rename subnets, all or none.
            vm [Vm20230313, Vm20260401]
                (vm::ModifySubnetsAttributeRequest) -> common::Empty [INVALID_SUBNET_NOT_FOUND];
        }
        subnets DeleteSubnet = delete_subnet {
            /// Delete a subnet that has no instances.
            bmc [Bmc20221120, Bmc20260201]
                (vpcs::DeleteSubnetRequest) -> common::Empty
                [OPERATION_FAILED_RESOURCE_NOT_FOUND_400, OPERATION_DENIED_SUBNET_EXIST_INSTANCE];
            /// Delete a subnet that has no instances.
            vm [Vm20230313, Vm20260401]
                (vm::DeleteSubnetRequest) -> common::Empty
                [INVALID_SUBNET_NOT_FOUND, UNSUPPORTED_OPERATION_SUBNET_HAS_INSTANCE];
        }
        subnets AssociateSubnetInstances = associate_subnet_instances {
            /// Put RUNNING instances in a subnet, each with a private address of it.
            bmc [Bmc20221120, Bmc20260201]
                (vpcs::AssociateSubnetInstancesRequest) -> common::Empty
                [INVALID_SUBNET_NOT_FOUND, INVALID_INSTANCE_NOT_FOUND,
                 OPERATION_DENIED_INSTANCE_NOT_SUPPORT_SUBNET,
                 OPERATION_DENIED_INSTANCE_NOT_RUNNING, OPERATION_DENIED_DIFFERENT_ZONE,
                 OPERATION_DENIED_SUBNET_EXIST_INSTANCE, INVALID_PARAMETER_DUPLICATE_LAN_IP,
                 INVALID_PARAMETER_LAN_IP_NOT_SUPPORT, OPERATION_DENIED_IP_ASSOCIATED_INSTANCE,
                 OPERATION_DENIED_SUBNET_NOT_REPEAT_INSTANCE,
                 INVALID_SUBNET_PRIVATE_IP_INSUFFICIENT];
        }
        subnets UnAssociateSubnetInstance = un_associate_subnet_instance {
            /// Take an instance out of a subnet, freeing its private address.
            bmc [Bmc20221120, Bmc20260201]
                (vpcs::UnAssociateSubnetInstanceRequest) -> common::Empty
                [INVALID_SUBNET_NOT_FOUND];
        }
        subnets AssociateVpcSubnet = associate_vpc_subnet {
            /// Move a subnet of its own into a VPC of its zone's region.
            bmc [Bmc20221120, Bmc20260201]
                (vpcs::AssociateVpcSubnetRequest) -> common::Empty
                [INVALID_VPC_NOT_FOUND, INVALID_SUBNET_NOT_FOUND,
                 OPERATION_DENIED_SUBNET_ASSOCIATED_OTHER_VPC,
                 OPERATION_DENIED_ZONE_NOT_BELONG_VPC,
                 OPERATION_DENIED_VPC_ZONE_SUBNET_EXCEED_LIMIT,
                 INVALID_PARAMETER_VPC_SUBNET_OVER_LAP,
                 INVALID_PARAMETER_SUBNET_CIDR_NOT_BELONG_VPC];
        }
        // ---- vm security groups -------------------------------------------------------

        security_groups CreateSecurityGroup = create_security_group {
            /// Create a security group, with its first rules.
            vm [Vm20230313, Vm20260401]
                (vm::CreateSecurityGroupRequest) -> vm::CreateSecurityGroupResponse
                [INVALID_PARAMETER_SECURITY_GROUP_POLICY,
                 INVALID_PARAMETER_SECURITY_GROUP_PORT_RANGE,
                 INVALID_PARAMETER_SECURITY_GROUP_PRIORITY,
                 INVALID_PARAMETER_SECURITY_GROUP_SOURCE_CIDR_IP,
                 OPERATION_DENIED_SECURITY_GROUP_EXIST_REPEAT_RULE,
                 OPERATION_DENIED_SECURITY_GROUP_RULE_EXCEED_LIMIT];
        }
        security_groups DescribeSecurityGroups = describe_security_groups {
            /// List the account's security groups with their rules and instances.
            vm [Vm20230313, Vm20260401]
                (vm::DescribeSecurityGroupsRequest) -> vm::DescribeSecurityGroupsResponse
                [];
        }
        security_groups ModifySecurityGroupsAttribute = modify_security_groups_attribute {
            /// Rename security groups or change their description, all or none.
            vm [Vm20230313, Vm20260401]
                (vm::ModifySecurityGroupsAttributeRequest) -> common::Empty
                [INVALID_SECURITY_GROUP_NOT_FOUND];
        }
        security_groups DeleteSecurityGroup = delete_security_group {
            /// Delete a security group applied to no instance.
            vm [Vm20230313, Vm20260401]
                (vm::SecurityGroupIdRequest) -> common::Empty
                [INVALID_SECURITY_GROUP_NOT_FOUND, OPERATION_DENIED_SECURITY_GROUP_EXIST_INSTANCE];
        }
        security_groups AuthorizeSecurityGroupRule = authorize_security_group_rule {
            /// Add one rule to a security group.
            vm [Vm20230313, Vm20260401]
                (vm::AuthorizeSecurityGroupRuleRequest) -> common::Empty
                [INVALID_SECURITY_GROUP_NOT_FOUND, INVALID_PARAMETER_SECURITY_GROUP_POLICY,
                 INVALID_PARAMETER_SECURITY_GROUP_PORT_RANGE,
                 INVALID_PARAMETER_SECURITY_GROUP_PRIORITY,
                 INVALID_PARAMETER_SECURITY_GROUP_SOURCE_CIDR_IP,
                 OPERATION_DENIED_SECURITY_GROUP_EXIST_REPEAT_RULE,
                 OPERATION_DENIED_SECURITY_GROUP_RULE_EXCEED_LIMIT];
        }
        security_groups AuthorizeSecurityGroupRules = authorize_security_group_rules {
            /// Add rules to a security group, all or none.
            vm [Vm20230313, Vm20260401]
                (vm::SecurityGroupRulesRequest) -> common::Empty
                [INVALID_SECURITY_GROUP_NOT_FOUND, INVALID_PARAMETER_SECURITY_GROUP_POLICY,
                 INVALID_PARAMETER_SECURITY_GROUP_PORT_RANGE,
                 INVALID_PARAMETER_SECURITY_GROUP_PRIORITY,
                 INVALID_PARAMETER_SECURITY_GROUP_SOURCE_CIDR_IP,
                 OPERATION_DENIED_SECURITY_GROUP_EXIST_REPEAT_RULE,
                 OPERATION_DENIED_SECURITY_GROUP_RULE_EXCEED_LIMIT];
        }
        security_groups ConfigureSecurityGroupRules = configure_security_group_rules {
            /// Replace a security group's whole rule set at once.
            vm [Vm20230313, Vm20260401]
                (vm::SecurityGroupRulesRequest) -> common::Empty
                [INVALID_SECURITY_GROUP_NOT_FOUND, INVALID_PARAMETER_SECURITY_GROUP_POLICY,
                 INVALID_PARAMETER_SECURITY_GROUP_PORT_RANGE,
                 INVALID_PARAMETER_SECURITY_GROUP_PRIORITY,
                 INVALID_PARAMETER_SECURITY_GROUP_SOURCE_CIDR_IP,
                 OPERATION_DENIED_SECURITY_GROUP_EXIST_REPEAT_RULE,
                 OPERATION_DENIED_SECURITY_GROUP_RULE_EXCEED_LIMIT];
        }
        security_groups RevokeSecurityGroupRules = revoke_security_group_rules {
            /// Take rules out of a security group, all or none.
            vm [Vm20230313, Vm20260401]
                (vm::SecurityGroupRulesRequest) -> common::Empty
                [INVALID_SECURITY_GROUP_NOT_FOUND];
        }
        security_groups AssociateSecurityGroupInstance = associate_security_group_instance {
            /// Apply a security group to a RUNNING or STOPPED virtual machine (two at most).
            vm [Vm20230313, Vm20260401]
                (vm::SecurityGroupInstanceRequest) -> common::Empty
                [INVALID_SECURITY_GROUP_NOT_FOUND, INVALID_INSTANCE_NOT_FOUND,
                 OPERATION_DENIED_INSTANCE_STATUS,
                 OPERATION_DENIED_INSTANCE_SECURITY_GROUP_EXCEED_LIMIT];
        }
        security_groups UnAssociateSecurityGroupInstance = un_associate_security_group_instance {
            /// Take a security group off a virtual machine.
            vm [Vm20230313, Vm20260401]
                (vm::SecurityGroupInstanceRequest) -> common::Empty
                [INVALID_SECURITY_GROUP_NOT_FOUND, INVALID_INSTANCE_NOT_FOUND];
        }
        security_groups DescribeInstanceAvailableSecurityGroupResources = describe_instance_available_security_group_resources {
            /// The account's security groups a virtual machine does not have yet.
            vm [Vm20230313, Vm20260401]
                (common::InstanceIdRequest) -> vm::DescribeInstanceAvailableSecurityGroupResourcesResponse
                [INVALID_INSTANCE_NOT_FOUND];
        }
        images CreateImage = create_image {
            /// Make a custom image of a STOPPED virtual machine's system disk.
            vm [Vm20230313, Vm20260401]
                (vm::CreateImageRequest) -> vm::CreateImageResponse
                [INVALID_INSTANCE_NOT_FOUND, UNSUPPORTED_OPERATION_ZONE_NOT_SUPPORT,
                 UNSUPPORTED_OPERATION_DISK_UNAVAILABLE, UNSUPPORTED_OPERATION_DISK_MAKING_IMAGE,
                 UNSUPPORTED_OPERATION_INSTANCE_STATE_STARTING, LIMIT_EXCEEDED_IMAGE_QUOTA];
        }
        images DescribeImageQuota = describe_image_quota {
            /// Per zone, how many custom images the account has and may have.
            vm [Vm20230313, Vm20260401]
                (vm::DescribeImageQuotaRequest) -> vm::DescribeImageQuotaResponse
                [INVALID_REGION_NOT_FOUND];
        }
        images ModifyImagesAttributes = modify_images_attributes {
            /// Rename custom images or change their description.
            vm [Vm20230313, Vm20260401]
                (vm::ModifyImagesAttributesRequest) -> common::Empty
                [INVALID_IMAGE_NOT_FOUND, INVALID_IMAGE_STATUS];
        }
        images DeleteImages = delete_images {
            /// Delete custom images, freeing their quota.
            vm [Vm20230313, Vm20260401]
                (vm::DeleteImagesRequest) -> common::Empty
                [INVALID_IMAGE_NOT_FOUND, INVALID_IMAGE_STATUS];
        }

        // ---- monitoring ------------------------------------------------------------

        monitoring DescribeInstanceTraffic = describe_instance_traffic {
            /// An instance's public traffic over up to 24 hours, a point every five minutes.
            bmc [Bmc20221120, Bmc20260201]
                (common::InstanceWindowRequest) -> common::InstanceTrafficResponse
                [INVALID_INSTANCE_NOT_FOUND];
            /// A virtual machine's public traffic over up to 24 hours, a point every five minutes.
            vm [Vm20230313, Vm20260401]
                (common::InstanceWindowRequest) -> common::InstanceTrafficResponse
                [INVALID_INSTANCE_NOT_FOUND];
        }
        monitoring DescribeManagedInstanceTraffic = describe_managed_instance_traffic {
            /// A managed instance's public traffic over up to 24 hours, every five minutes.
            bmc [Bmc20221120, Bmc20260201]
                (common::InstanceWindowRequest) -> common::InstanceTrafficResponse
                [INVALID_INSTANCE_NOT_FOUND];
        }
        monitoring DescribeInstancesMonitorHealth = describe_instances_monitor_health {
            /// The hardware health of bare-metal instances.
            bmc [Bmc20221120, Bmc20260201]
                (bmc::DescribeInstancesMonitorHealthRequest)
                -> bmc::DescribeInstancesMonitorHealthResponse
                [INVALID_INSTANCE_NOT_FOUND];
        }
        monitoring DescribeInstanceCpuMonitor = describe_instance_cpu_monitor {
            /// A virtual machine's CPU utilization over up to 24 hours, every five minutes.
            vm [Vm20230313, Vm20260401]
                (common::InstanceWindowRequest) -> vm::DescribeInstanceCpuMonitorResponse
                [INVALID_INSTANCE_NOT_FOUND];
        }

        // ---- elastic IPs and IP blocks (bmc) -------------------------------------------

        ips AllocateEipAddresses = allocate_eip_addresses {
            /// Buy elastic IPs from a zone's public addresses; PREPAID ones are paid at once.
            bmc [Bmc20221120, Bmc20260201]
                (ips::AllocateEipAddressesRequest) -> ips::AllocateEipAddressesResponse
                [INVALID_ZONE_NOT_FOUND, INVALID_EIP_TYPE_ZONE_NO_SELL,
                 INVALID_CHARGE_TYPE_NOT_SUPPORT, RESOURCE_INSUFFICIENT_PRODUCT_SOLD_OUT,
                 OPERATION_DENIED_INSUFFICIENT_BALANCE];
        }
        ips DescribeEipAddresses = describe_eip_addresses {
            /// List elastic IPs, filtered and paginated, newest first.
            bmc [Bmc20221120, Bmc20260201]
                (ips::DescribeEipAddressesRequest) -> ips::DescribeEipAddressesResponse [];
        }
        ips DescribeEipAvailableResources = describe_eip_available_resources {
            /// Per zone and netmask, whether elastic IPs are for sale.
            bmc [Bmc20221120, Bmc20260201]
                (ips::DescribeEipAvailableResourcesRequest)
                -> ips::DescribeEipAvailableResourcesResponse
                [INVALID_ZONE_NOT_FOUND];
        }
        ips DescribeInstanceAvailableEipResources = describe_instance_available_eip_resources {
            /// The AVAILABLE elastic IPs an instance's zone offers it.
            bmc [Bmc20221120, Bmc20260201]
                (ips::DescribeInstanceAvailableEipResourcesRequest)
                -> ips::DescribeInstanceAvailableEipResourcesResponse
                [INVALID_INSTANCE_NOT_FOUND];
        }
        ips InquiryPriceCreateEipAddress = inquiry_price_create_eip_address {
            /// Quote what AllocateEipAddresses would charge.
            bmc [Bmc20221120, Bmc20260201]
                (ips::InquiryPriceCreateEipAddressRequest)
                -> ips::InquiryPriceCreateEipAddressResponse
                [INVALID_ZONE_NOT_FOUND, INVALID_EIP_TYPE_ZONE_NO_SELL,
                 INVALID_CHARGE_TYPE_NOT_SUPPORT];
        }
        ips AssociateEipAddress = associate_eip_address {
            /// Give an AVAILABLE elastic IP to a RUNNING instance of its zone.
            bmc [Bmc20221120, Bmc20260201]
                (ips::AssociateEipAddressRequest) -> common::Empty
                [INVALID_EIP_NOT_FOUND, INVALID_INSTANCE_NOT_FOUND,
                 OPERATION_DENIED_INSTANCE_RECYCLED, OPERATION_DENIED_INSTANCE_NOT_RUNNING,
                 OPERATION_DENIED_EIP_ZONE_NOT_SAME, FAILED_OPERATION_FOR_RECYCLE_RESOURCE,
                 OPERATION_DENIED_EIP_STATUS_NOT_AVAILABLE,
                 OPERATION_DENIED_EIP_INSTANCE_EXCEED_LIMIT];
        }
        ips UnAssociateEipAddress = un_associate_eip_address {
            /// Take an elastic IP back from its instance.
            bmc [Bmc20221120, Bmc20260201]
                (ips::EipIdRequest) -> common::Empty
                [INVALID_EIP_NOT_FOUND, FAILED_OPERATION_FOR_RECYCLE_RESOURCE,
                 OPERATION_DENIED_EIP_STATUS_NOT_SUPPORT];
        }
        ips RenewEipAddress = renew_eip_address {
            /// Bring an elastic IP back from the recycle bin; PREPAID pays one more period.
            bmc [Bmc20221120, Bmc20260201]
                (ips::EipIdRequest) -> common::Empty
                [INVALID_EIP_NOT_FOUND, OPERATION_DENIED_EIP_NOT_RECYCLED,
                 OPERATION_DENIED_INSUFFICIENT_BALANCE];
        }
        ips ModifyEipAddressesResourceGroup = modify_eip_addresses_resource_group {
            /// Move elastic IPs to another resource group.
            bmc [Bmc20221120, Bmc20260201]
                (ips::ModifyEipAddressesResourceGroupRequest) -> common::Empty
                [OPERATION_FAILED_RESOURCE_GROUP_NOT_FOUND, OPERATION_FAILED_RESOURCE_NOT_FOUND];
        }
        ips TerminateEipAddress = terminate_eip_address {
            /// Return a POSTPAID elastic IP: usage settled, to the recycle bin.
            bmc [Bmc20221120, Bmc20260201]
                (ips::EipIdRequest) -> common::Empty
                [INVALID_EIP_NOT_FOUND, OPERATION_DENIED_EIP_SUBSCRIPTION,
                 OPERATION_DENIED_EIP_RECYCLED, OPERATION_DENIED_EIP_STATUS_NOT_SUPPORT];
        }
        ips ReleaseEipAddresses = release_eip_addresses {
            /// Delete elastic IPs in the recycle bin for good, freeing their addresses.
            bmc [Bmc20221120, Bmc20260201]
                (ips::EipIdsRequest) -> common::Empty
                [INVALID_EIP_NOT_FOUND, OPERATION_DENIED_EIP_NOT_RECYCLED];
        }
        ips CreateIpv4Block = create_ipv4_block {
            /// Buy IPv4 blocks from a zone's public addresses; PREPAID ones are paid at once.
            bmc [Bmc20221120, Bmc20260201]
                (ips::CreateIpv4BlockRequest) -> ips::CreateIpv4BlockResponse
                [INVALID_ZONE_NOT_FOUND, INVALID_CHARGE_TYPE_NOT_SUPPORT,
                 OPERATION_DENIED_UNAVAILABLE_NETMASK, OPERATION_DENIED_NETMASK_OUT_OF_STOCK,
                 RESOURCE_INSUFFICIENT_PRODUCT_SOLD_OUT, OPERATION_DENIED_INSUFFICIENT_BALANCE];
        }
        ips CreateIpv6Block = create_ipv6_block {
            /// Buy IPv6 /64 blocks from a zone's public addresses, paid by the hour.
            bmc [Bmc20221120, Bmc20260201]
                (ips::CreateIpv6BlockRequest) -> ips::CreateIpv6BlockResponse
                [INVALID_ZONE_NOT_FOUND, RESOURCE_INSUFFICIENT_PRODUCT_SOLD_OUT];
        }
        ips CreateByoip = create_byoip {
            /// Bring a block of your own (BYOIP): AVAILABLE at once, free.
            bmc [Bmc20221120, Bmc20260201]
                (ips::CreateByoipRequest) -> ips::CreateByoipResponse [];
        }
        ips InquiryPriceCreateIpv4Block = inquiry_price_create_ipv4_block {
            /// Quote what CreateIpv4Block would charge.
            bmc [Bmc20221120, Bmc20260201]
                (ips::InquiryPriceCreateIpv4BlockRequest)
                -> ips::InquiryPriceCreateIpv4BlockResponse
                [INVALID_ZONE_NOT_FOUND, INVALID_CHARGE_TYPE_NOT_SUPPORT,
                 OPERATION_DENIED_UNAVAILABLE_NETMASK, RESOURCE_INSUFFICIENT_PRODUCT_SOLD_OUT];
        }
        ips DescribeAvailableIpv4Resources = describe_available_ipv4_resources {
            /// Per zone and netmask, whether IPv4 blocks are for sale.
            bmc [Bmc20221120, Bmc20260201]
                (ips::DescribeAvailableIpv4ResourcesRequest)
                -> ips::DescribeAvailableIpv4ResourcesResponse
                [INVALID_ZONE_NOT_FOUND];
        }
        ips DescribeAvailableIpv6Resources = describe_available_ipv6_resources {
            /// Per zone, whether IPv6 blocks are for sale.
            bmc [Bmc20221120, Bmc20260201]
                (ips::DescribeAvailableIpv6ResourcesRequest)
                -> ips::DescribeAvailableIpv6ResourcesResponse
                [INVALID_ZONE_NOT_FOUND];
        }
        ips DescribeCidrBlocks = describe_cidr_blocks {
            /// List IP blocks, filtered and paginated, newest first.
            bmc [Bmc20221120, Bmc20260201]
                (ips::DescribeCidrBlocksRequest) -> ips::DescribeCidrBlocksResponse [];
        }
        ips DescribeCidrBlockIps = describe_cidr_block_ips {
            /// The addresses of a block bound to instances.
            bmc [Bmc20221120, Bmc20260201]
                (ips::DescribeCidrBlockIpsRequest) -> ips::DescribeCidrBlockIpsResponse
                [INVALID_CIDRBLOCK_NOT_FOUND];
        }
        ips DescribeInstanceAvailableCidrBlock = describe_instance_available_cidr_block {
            /// The blocks of an instance's zone with addresses free to bind to it.
            bmc [Bmc20221120, Bmc20260201]
                (ips::DescribeInstanceAvailableCidrBlockRequest)
                -> ips::DescribeInstanceAvailableCidrBlockResponse
                [INVALID_INSTANCE_NOT_FOUND];
        }
        ips BindCidrBlockIps = bind_cidr_block_ips {
            /// Bind addresses of a block to RUNNING instances of its zone.
            bmc [Bmc20221120, Bmc20260201]
                (ips::BindCidrBlockIpsRequest) -> common::Empty
                [INVALID_CIDRBLOCK_NOT_FOUND, INVALID_INSTANCE_NOT_FOUND,
                 OPERATION_DENIED_INSTANCE_NOT_RUNNING, OPERATION_DENIED_INSTANCE_RECYCLED,
                 OPERATION_DENIED_DIFFERENT_ZONE, OPERATION_DENIED_CIDRBLOCK_RECYCLED,
                 OPERATION_DENIED_CIDRBLOCK_IP_COUNT_REACH_LIMIT, OPERATION_DENIED_IP_NOT_BELONG,
                 OPERATION_DENIED_INVALID_STATUS];
        }
        ips UnbindCidrBlockIps = unbind_cidr_block_ips {
            /// Free bound addresses of a block.
            bmc [Bmc20221120, Bmc20260201]
                (ips::UnbindCidrBlockIpsRequest) -> common::Empty
                [INVALID_CIDRBLOCK_NOT_FOUND, OPERATION_DENIED_IP_NOT_BELONG,
                 OPERATION_DENIED_INVALID_STATUS, OPERATION_DENIED_CIDRBLOCK_RECYCLED];
        }
        ips ModifyCidrBlocksAttribute = modify_cidr_blocks_attribute {
            /// Rename IP blocks.
            bmc [Bmc20221120, Bmc20260201]
                (ips::ModifyCidrBlocksAttributeRequest) -> common::Empty
                [INVALID_CIDRBLOCK_NOT_FOUND];
        }
        ips RenewCidrBlock = renew_cidr_block {
            /// Bring a block back from the recycle bin; PREPAID pays one more period.
            bmc [Bmc20221120, Bmc20260201]
                (ips::CidrBlockIdRequest) -> common::Empty
                [INVALID_CIDRBLOCK_NOT_FOUND, OPERATION_DENIED_CIDRBLOCK_NOT_RECYCLED,
                 OPERATION_DENIED_CIDRBLOCK_TYPE_NOT_SUPPORTED,
                 OPERATION_DENIED_INSUFFICIENT_BALANCE];
        }
        ips TerminateCidrBlock = terminate_cidr_block {
            /// Return a POSTPAID block with no address bound: usage settled, to the recycle bin.
            bmc [Bmc20221120, Bmc20260201]
                (ips::CidrBlockIdRequest) -> common::Empty
                [INVALID_CIDRBLOCK_NOT_FOUND, OPERATION_DENIED_CIDRBLOCK_SUBSCRIPTION,
                 OPERATION_DENIED_INSTANCE_EXIST, OPERATION_DENIED_CIDRBLOCK_RECYCLED,
                 OPERATION_DENIED_INVALID_STATUS];
        }
        ips ReleaseCidrBlocks = release_cidr_blocks {
            /// Delete blocks in the recycle bin for good, freeing their addresses.
            bmc [Bmc20221120, Bmc20260201]
                (ips::CidrBlockIdsRequest) -> common::Empty
                [INVALID_CIDRBLOCK_NOT_FOUND, OPERATION_DENIED_CIDRBLOCK_NOT_RECYCLED];
        }

        // ---- disks (vm) ------------------------------------------------------------

        disks CreateDisks = create_disks {
            /// Buy data disks, optionally attached to an instance; PREPAID ones are paid at once.
            vm [Vm20230313, Vm20260401]
                (vm::CreateDisksRequest) -> vm::CreateDisksResponse
                [INVALID_ZONE_NOT_FOUND, INVALID_INSTANCE_NOT_FOUND,
                 INVALID_CHARGE_TYPE_NOT_SUPPORT, UNSUPPORTED_OPERATION_INSTANCE_STATUS,
                 LIMIT_EXCEEDED_INSTANCE_CAN_ATTACH, OPERATION_DENIED_INSUFFICIENT_BALANCE];
        }
        disks InquiryPriceCreateDisks = inquiry_price_create_disks {
            /// Quote what CreateDisks would charge.
            vm [Vm20230313, Vm20260401]
                (vm::InquiryPriceCreateDisksRequest) -> vm::InquiryPriceCreateDisksResponse
                [INVALID_ZONE_NOT_FOUND, INVALID_CHARGE_TYPE_NOT_SUPPORT];
        }
        disks DescribeDisks = describe_disks {
            /// List disks, system and data, filtered and paginated, newest first.
            vm [Vm20230313, Vm20260401]
                (vm::DescribeDisksRequest) -> vm::DescribeDisksResponse [];
        }
        disks DescribeDiskCategory = describe_disk_category {
            /// The disk categories sold per zone.
            vm [Vm20230313, Vm20260401]
                (vm::DescribeDiskCategoryRequest) -> vm::DescribeDiskCategoryResponse
                [INVALID_ZONE_NOT_FOUND];
        }
        disks AttachDisks = attach_disks {
            /// Attach AVAILABLE portable disks to an instance of their zone.
            vm [Vm20230313, Vm20260401]
                (vm::AttachDisksRequest) -> common::Empty
                [INVALID_DISK_NOT_FOUND, INVALID_INSTANCE_NOT_FOUND, INVALID_DISK_NOT_PORTABLE,
                 UNSUPPORTED_OPERATION_DISK_ATTACHED, UNSUPPORTED_OPERATION_DISK_STATUS,
                 INVALID_DISK_AND_INSTANCE_ZONE_MISMATCHED, UNSUPPORTED_OPERATION_INSTANCE_STATUS,
                 LIMIT_EXCEEDED_INSTANCE_CAN_ATTACH];
        }
        disks DetachDisks = detach_disks {
            /// Detach portable data disks from their instance.
            vm [Vm20230313, Vm20260401]
                (vm::DetachDisksRequest) -> common::Empty
                [INVALID_DISK_NOT_FOUND, INVALID_DISK_NOT_PORTABLE,
                 UNSUPPORTED_OPERATION_DISK_STATUS, UNSUPPORTED_OPERATION_INSTANCE_STATUS];
        }
        disks ChangeDisksAttach = change_disks_attach {
            /// Move attached portable disks to another instance of their zone.
            vm [Vm20230313, Vm20260401]
                (vm::AttachDisksRequest) -> common::Empty
                [INVALID_DISK_NOT_FOUND, INVALID_INSTANCE_NOT_FOUND, INVALID_DISK_NOT_PORTABLE,
                 UNSUPPORTED_OPERATION_DISK_STATUS, INVALID_DISK_AND_INSTANCE_ZONE_MISMATCHED,
                 UNSUPPORTED_OPERATION_INSTANCE_STATUS, LIMIT_EXCEEDED_INSTANCE_CAN_ATTACH];
        }
        disks ModifyDisksAttributes = modify_disks_attributes {
            /// Rename disks.
            vm [Vm20230313, Vm20260401]
                (vm::ModifyDisksAttributesRequest) -> common::Empty [INVALID_DISK_NOT_FOUND];
        }
        disks ModifyDisksResourceGroup = modify_disks_resource_group {
            /// Move disks to another resource group.
            vm [Vm20230313, Vm20260401]
                (vm::ModifyDisksResourceGroupRequest) -> common::Empty [INVALID_DISK_NOT_FOUND];
        }
        disks ResizeDisk = resize_disk {
            /// Grow a data disk; PREPAID ones are charged at once for the rest of the cycle.
            vm [Vm20230313, Vm20260401]
                (vm::ResizeDiskRequest) -> common::Empty
                [INVALID_DISK_NOT_FOUND, UNSUPPORTED_OPERATION_DISK_SYSTEM_TYPE,
                 UNSUPPORTED_OPERATION_INSTANCE_CHARGE_TYPE,
                 UNSUPPORTED_OPERATION_DISK_BEING_RECYCLE, UNSUPPORTED_OPERATION_DISK_STATUS,
                 OPERATION_DENIED_INSUFFICIENT_BALANCE];
        }
        disks RenewDisk = renew_disk {
            /// Buy back a PREPAID data disk from the recycle bin for another period.
            vm [Vm20230313, Vm20260401]
                (vm::DiskIdRequest) -> vm::RenewDiskResponse
                [INVALID_DISK_NOT_FOUND, UNSUPPORTED_OPERATION_DISK_SYSTEM_TYPE,
                 UNSUPPORTED_OPERATION_DISK_STATUS, OPERATION_DENIED_INSUFFICIENT_BALANCE];
        }
        disks TerminateDisk = terminate_disk {
            /// Move a detached POSTPAID data disk to the recycle bin; its bill stops.
            vm [Vm20230313, Vm20260401]
                (vm::DiskIdRequest) -> common::Empty
                [INVALID_DISK_NOT_FOUND, UNSUPPORTED_OPERATION_DISK_SYSTEM_TYPE,
                 UNSUPPORTED_OPERATION_DISK_BEING_RECYCLE,
                 UNSUPPORTED_OPERATION_INSTANCE_CHARGE_TYPE, UNSUPPORTED_OPERATION_DISK_ATTACHED,
                 UNSUPPORTED_OPERATION_DISK_STATUS];
        }
        disks ReleaseDisk = release_disk {
            /// Delete a data disk in the recycle bin for good.
            vm [Vm20230313, Vm20260401]
                (vm::DiskIdRequest) -> common::Empty
                [INVALID_DISK_NOT_FOUND, UNSUPPORTED_OPERATION_DISK_SYSTEM_TYPE,
                 UNSUPPORTED_OPERATION_DISK_NOT_BEING_RECYCLE];
        }

        // ---- billing ---------------------------------------------------------------

        billing DescribeCustomerBalance = describe_customer_balance {
            /// The account's cash balance, credit and purchasing power.
            zbc [Zbc20240809]
                (zbc::DescribeCustomerBalanceRequest) -> zbc::DescribeCustomerBalanceResponse [];
        }
        billing DescribeTransactionHistory = describe_transaction_history {
            /// The ledger: deposits and charges, filtered by type and time, paginated.
            zbc [Zbc20240809]
                (zbc::DescribeTransactionHistoryRequest)
                -> zbc::DescribeTransactionHistoryResponse [];
        }
        billing DescribeBillDetail = describe_bill_detail {
            /// A month's bill, line by line: each charge of the ledger with its order line.
            zbc [Zbc20240809]
                (zbc::DescribeBillDetailRequest) -> zbc::DescribeBillDetailResponse [];
        }
        billing DescribeMonthlyBillSummary = describe_monthly_bill_summary {
            /// A month's spend by product or by resource group.
            zbc [Zbc20240809]
                (zbc::DescribeMonthlyBillSummaryRequest)
                -> zbc::DescribeMonthlyBillSummaryResponse [];
        }
        billing DescribeRechargeRefundHistory = describe_recharge_refund_history {
            /// Deposits and refunds, filtered by state and time, newest first.
            zbc [Zbc20240809]
                (zbc::DescribeRechargeRefundHistoryRequest)
                -> zbc::DescribeRechargeRefundHistoryResponse [];
        }
        }
    };
}

/// `bmc` → `Service::Bmc`: the service of a table line, for the callbacks.
#[doc(hidden)]
#[macro_export]
macro_rules! __service {
    (bmc) => {
        $crate::Service::Bmc
    };
    (vm) => {
        $crate::Service::Vm
    };
    (zbc) => {
        $crate::Service::Zbc
    };
}

/// One (service, action) of the table.
#[derive(Debug, Clone, Copy)]
pub struct Endpoint {
    pub service: Service,
    pub action: Action,
    /// The versions of the service it exists in, oldest first.
    pub versions: &'static [Version],
    /// The handler group (a module of the server's handlers).
    pub group: &'static str,
    /// The method name of handlers and client handles (snake case).
    pub method: &'static str,
    /// One line on what it does on this service.
    about: &'static str,
    /// Its own error codes; [`codes::COMMON`] apply to every action.
    pub codes: &'static [Code],
    /// The JSON Schema of its request body (a `$ref` into the generator's definitions).
    pub request_schema: fn(&mut SchemaGenerator) -> Schema,
    /// The JSON Schema of its answer's `response` object.
    pub response_schema: fn(&mut SchemaGenerator) -> Schema,
}

impl Endpoint {
    pub fn about(&self) -> &'static str {
        self.about.trim()
    }

    /// The newest version it exists in (each has one at least: the table's own test).
    pub fn newest(&self) -> Version {
        self.versions[self.versions.len() - 1]
    }

    /// The endpoint `X-ZC-Action` names on `version`'s service, if it exists in `version`
    /// (case-sensitive); else 404 `INVALID_ACTION_NOT_FOUND` (D-2, D-104).
    pub fn resolve(version: Version, name: &str) -> Result<&'static Endpoint, ApiError> {
        let service = version.service();
        let endpoint = ENDPOINTS
            .iter()
            .find(|e| e.service == service && e.action.name() == name)
            .ok_or_else(|| {
                ApiError::new(
                    codes::INVALID_ACTION_NOT_FOUND,
                    format!("action `{name}` does not exist on {}", service.name()),
                )
            })?;
        if !endpoint.versions.contains(&version) {
            return Err(ApiError::new(
                codes::INVALID_ACTION_NOT_FOUND,
                format!(
                    "action `{name}` does not exist in {} {}",
                    service.name(),
                    version.name()
                ),
            ));
        }
        Ok(endpoint)
    }

    /// The endpoint of `action` on `service`.
    pub fn of(service: Service, action: Action) -> Option<&'static Endpoint> {
        ENDPOINTS
            .iter()
            .find(|e| e.service == service && e.action == action)
    }

    /// Every endpoint of `service`, in table order.
    pub fn of_service(service: Service) -> impl Iterator<Item = &'static Endpoint> {
        ENDPOINTS.iter().filter(move |e| e.service == service)
    }
}

fn schema_of<T: JsonSchema>(generator: &mut SchemaGenerator) -> Schema {
    generator.subschema_for::<T>()
}

macro_rules! define {
    ($krate:tt;
     $(
        $(#[$adoc:meta])*
        $group:ident $action:ident = $method:ident {
            $(
                #[doc = $about:literal]
                $service:ident [$($version:ident),+] ($($req:ident)::+) -> $($resp:ident)::+
                [$($code:ident),*];
            )+
        }
     )*
    ) => {
        /// Every action zenlocal answers, on one service or several.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Action { $($(#[$adoc])* $action),* }

        impl Action {
            pub const ALL: &'static [Action] = &[$(Action::$action),*];

            /// The name `X-ZC-Action` carries.
            pub fn name(self) -> &'static str {
                match self { $(Action::$action => stringify!($action)),* }
            }

            /// The services that answer it.
            pub fn services(self) -> &'static [Service] {
                match self { $(Action::$action => &[$($crate::__service!($service)),+]),* }
            }
        }

        /// The table, one entry per (service, action), in table order.
        pub const ENDPOINTS: &[Endpoint] = &[$($(
            Endpoint {
                service: $crate::__service!($service),
                action: Action::$action,
                versions: &[$(Version::$version),+],
                group: stringify!($group),
                method: stringify!($method),
                about: $about,
                codes: &[$(codes::$code),*],
                request_schema: schema_of::<$krate::model::$($req)::+>,
                response_schema: schema_of::<$krate::model::$($resp)::+>,
            },
        )+)*];
    };
}

for_each_endpoint!(define);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_are_case_sensitive_and_per_service() {
        let resolve = |version, name| Endpoint::resolve(version, name).map(|e| e.action);
        assert_eq!(
            resolve(Version::Bmc20260201, "DescribeZones").unwrap(),
            Action::DescribeZones
        );
        assert!(resolve(Version::Bmc20260201, "describezones").is_err());
        assert!(resolve(Version::Vm20260401, "DescribeInstanceTypes").is_err());
        assert!(resolve(Version::Zbc20240809, "DescribeZones").is_err());
    }

    #[test]
    fn each_service_and_action_is_described_once_in_versions_of_its_service() {
        for (i, a) in ENDPOINTS.iter().enumerate() {
            for b in &ENDPOINTS[i + 1..] {
                assert!(
                    (a.service, a.action) != (b.service, b.action),
                    "{} {} twice",
                    a.service.name(),
                    a.action.name()
                );
            }
            assert!(!a.versions.is_empty());
            for v in a.versions {
                assert_eq!(v.service(), a.service, "{}", a.action.name());
            }
            assert!(!a.about().is_empty() && !a.about().contains('\n'));
            for code in a.codes {
                assert!(
                    !codes::COMMON.contains(code),
                    "{} lists the common {}",
                    a.action.name(),
                    code.name
                );
            }
        }
        for action in Action::ALL {
            for service in action.services() {
                assert!(Endpoint::of(*service, *action).is_some());
            }
        }
    }

    #[test]
    fn an_endpoint_resolves_only_in_its_versions() {
        let e = Endpoint::resolve(Version::Vm20230313, "ModifyInstanceType").unwrap();
        assert_eq!(
            (e.service, e.action),
            (Service::Vm, Action::ModifyInstanceType)
        );
        assert_eq!(e.method, "modify_instance_type");
        assert_eq!(e.group, "plan");
        assert_eq!(
            Endpoint::resolve(Version::Bmc20260201, "ModifyInstanceType")
                .unwrap_err()
                .code,
            codes::INVALID_ACTION_NOT_FOUND
        );
    }

    /// D-104, D-170: the key-pair actions exist in vm 2023-03-13 only.
    #[test]
    fn key_pair_actions_exist_in_vm_2023_only() {
        for name in [
            "ImportKeyPair",
            "DescribeKeyPairs",
            "ModifyKeyPairAttribute",
            "DeleteKeyPairs",
        ] {
            let e = Endpoint::resolve(Version::Vm20230313, name).unwrap();
            assert_eq!((e.group, e.newest()), ("keypairs", Version::Vm20230313));
            let e = Endpoint::resolve(Version::Vm20260401, name).unwrap_err();
            assert_eq!(e.code, codes::INVALID_ACTION_NOT_FOUND);
            assert!(e.message.contains("2026-04-01"), "{}", e.message);
        }
        assert!(Endpoint::resolve(Version::Vm20260401, "CreateImage").is_ok());
    }
}
