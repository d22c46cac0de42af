//! What CreateInstances (or a reinstall) sets on an instance that no billing or state rule
//! reads, kept as it was given and shown by DescribeInstances (D-124). The defaults the
//! pages give to an omitted field are read through the methods, so a stored instance says
//! only what was asked.

use serde::{Deserialize, Serialize};
use zenlocal_wire::model::bmc::{Partition, RaidConfig};
use zenlocal_wire::model::common::{MarketingInfo, Nic};
use zenlocal_wire::model::vm::{DataDiskSpec, SystemDisk};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Setup {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nic: Option<Nic>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marketing_options: Option<MarketingInfo>,
    /// bmc.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raid_config: Option<RaidConfig>,
    /// bmc.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partitions: Option<Vec<Partition>>,
    /// bmc `userData`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_data: Option<String>,
    /// bmc `enablePrimaryIPv6` (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_primary_ipv6: Option<bool>,
    /// bmc `enableGatewayMode` (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_gateway_mode: Option<bool>,
    /// vm `enableIpv4` (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_ipv4: Option<bool>,
    /// vm `enableIpv6` (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_ipv6: Option<bool>,
    /// vm.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu_pass_through: Option<bool>,
    /// vm `initScript`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub init_script: Option<String>,
    /// vm: Virtio or Vf.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_mode: Option<String>,
    /// vm.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disk_pre_allocated: Option<bool>,
    /// vm.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system_disk: Option<SystemDisk>,
    /// vm.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_disks: Option<Vec<DataDiskSpec>>,
    /// vm 2026.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cidr_block_id: Option<String>,
    /// vm 2026.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_cidr_ipv4: Option<String>,
}

impl Setup {
    /// Whether the instance has a public IPv4 address: unless vm `enableIpv4` is false.
    pub fn ipv4(&self) -> bool {
        self.enable_ipv4 != Some(false)
    }

    /// Whether a bmc instance has a primary public IPv6 address (default true).
    pub fn bmc_ipv6(&self) -> bool {
        self.enable_primary_ipv6 != Some(false)
    }

    /// Whether a vm instance has a public IPv6 address (default false).
    pub fn vm_ipv6(&self) -> bool {
        self.enable_ipv6 == Some(true)
    }
}
