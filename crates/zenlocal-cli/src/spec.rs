//! The one table the API subcommands are generated from: for every (service, action) of
//! `zenlocal_wire::Action::ALL`, a line of help and the request fields with their JSON
//! path, kind, whether they are required, and a line of help from the contract
//! (ZENLAYER-API.md §6, §7). `api.rs` turns each entry into a clap `Command` at run time
//! and the parsed flags back into the JSON body; a test checks every entry against the
//! wire request types, so a flag cannot name a field the server does not read.

use zenlocal_wire::{Action, Service};

/// How a flag's text becomes JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Str,
    Int,
    /// A JSON number from a decimal text (`1.5`, sizes in TB).
    Decimal,
    /// `--flag` alone is true; `--flag false` is false.
    Bool,
    /// Repeated flags or a comma list.
    StrList,
    IntList,
    /// `key=value` repeated → `{"tags": [{key, value}]}` (CreateInstances).
    TagAssociation,
    /// `key=value` repeated → `[{key, value}]` (DescribeInstances filters).
    TagList,
    /// Any JSON value, for structures with no flat form (`dataDisks`).
    Json,
}

#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The JSON path in the request body, `.` between nested objects.
    pub path: &'static str,
    pub kind: Kind,
    pub required: bool,
    pub help: &'static str,
    /// A shorter second name for a nested field (`--period`).
    pub alias: Option<&'static str>,
    /// The placeholder in help (`<TB>`); derived from the kind when absent.
    pub value_name: Option<&'static str>,
}

impl Field {
    const fn new(path: &'static str, kind: Kind, required: bool, help: &'static str) -> Field {
        Field {
            path,
            kind,
            required,
            help,
            alias: None,
            value_name: None,
        }
    }

    const fn alias(mut self, alias: &'static str) -> Field {
        self.alias = Some(alias);
        self
    }

    const fn value(mut self, name: &'static str) -> Field {
        self.value_name = Some(name);
        self
    }

    /// `instanceChargePrepaid.period` → `instance-charge-prepaid-period`.
    pub fn flag(&self) -> String {
        self.path
            .split('.')
            .map(kebab)
            .collect::<Vec<_>>()
            .join("-")
    }

    pub fn placeholder(&self) -> &'static str {
        self.value_name.unwrap_or(match self.kind {
            Kind::Str => "TEXT",
            Kind::Int => "N",
            Kind::Decimal => "NUMBER",
            Kind::Bool => "BOOL",
            Kind::StrList => "TEXT,..",
            Kind::IntList => "N,..",
            Kind::TagAssociation | Kind::TagList => "KEY=VALUE",
            Kind::Json => "JSON",
        })
    }
}

const fn req(path: &'static str, kind: Kind, help: &'static str) -> Field {
    Field::new(path, kind, true, help)
}

const fn opt(path: &'static str, kind: Kind, help: &'static str) -> Field {
    Field::new(path, kind, false, help)
}

pub struct ActionSpec {
    pub service: Service,
    pub action: Action,
    pub about: &'static str,
    pub fields: &'static [Field],
}

impl ActionSpec {
    /// `ModifyInstanceTrafficPackage` → `modify-instance-traffic-package`.
    pub fn command_name(&self) -> String {
        kebab(self.action.name())
    }

    /// Actions with `pageNum`/`pageSize` and a `dataSet` answer (ZENLAYER-API.md §4).
    pub fn paginated(&self) -> bool {
        self.fields.iter().any(|f| f.path == "pageNum")
    }
}

/// camelCase → kebab-case; a run of capitals is one word (`isHA` → `is-ha`,
/// `ipv6Addresses` → `ipv6-addresses`).
pub fn kebab(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            let prev = chars[i - 1];
            let next_is_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if prev.is_ascii_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_ascii_uppercase() && next_is_lower)
            {
                out.push('-');
            }
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

use Kind::*;

const INSTANCE_ID: Field = req("instanceId", Str, "The instance to act on.").value("ID");
const INSTANCE_IDS: Field = req(
    "instanceIds",
    StrList,
    "Instances to act on (at most 100), repeated or comma-separated.",
)
.value("ID,..");
const PAGE_NUM: Field = opt("pageNum", Int, "Page to return, from 1 [default: 1].");
const PAGE_SIZE: Field = opt(
    "pageSize",
    Int,
    "Items per page, at most 1000 [default: 20; 100 with --page-all].",
);
const PREPAID_PERIOD: Field = opt(
    "instanceChargePrepaid.period",
    Int,
    "Subscription length in months; required when PREPAID.",
)
.alias("period")
.value("MONTHS");
const CHARGE_TYPE: Field = req(
    "instanceChargeType",
    Str,
    "Billing of the instance: PREPAID (monthly) or POSTPAID (pay-as-you-go).",
)
.value("PREPAID|POSTPAID");
const INTERNET_CHARGE_TYPE: Field = req(
    "internetChargeType",
    Str,
    "Network billing: ByBandwidth (flat-rate cap) or ByTrafficPackage (data package).",
)
.value("TYPE");
const TRAFFIC_PACKAGE: Field = opt(
    "trafficPackageSize",
    Decimal,
    "Data-transfer package in TB (ByTrafficPackage); default the free package.",
)
.value("TB");
const BANDWIDTH_OUT: Field = opt(
    "internetMaxBandwidthOut",
    Int,
    "Outbound bandwidth cap in Mbps [default: 1].",
)
.value("MBPS");
const NIC_WAN: Field = opt("nic.wanName", Str, "Name of the public network interface.");
const NIC_LAN: Field = opt("nic.lanName", Str, "Name of the private network interface.");
const CREATE_TAGS: Field = opt(
    "tags",
    TagAssociation,
    "A tag to attach, `key=value` or `key`; repeat for more.",
)
.alias("tag");
const FILTER_TAGS: Field = opt(
    "tags",
    TagList,
    "Only instances with this tag, `key=value`; repeat for more (at most 20).",
)
.alias("tag");

const BMC_TRAFFIC_TARGET: Field = req(
    "trafficPackageSize",
    Decimal,
    "Target data-transfer package in TB (bmc: a multiple of 0.05, at least the free size).",
)
.value("TB");
const VM_TRAFFIC_TARGET: Field = req(
    "trafficPackageSize",
    Decimal,
    "Target data-transfer package in TB.",
)
.value("TB");

const BMC_BANDWIDTH_TARGET: &[Field] = &[
    INSTANCE_ID,
    req(
        "bandwidthOutMbps",
        Int,
        "Target outbound bandwidth in Mbps, 1 up to the model's maximum.",
    )
    .value("MBPS"),
];
const VM_BANDWIDTH_TARGET: &[Field] = &[
    INSTANCE_ID,
    req(
        "internetMaxBandwidthOut",
        Int,
        "Target outbound bandwidth in Mbps, at least 1.",
    )
    .value("MBPS"),
];

const fn a(
    service: Service,
    action: Action,
    about: &'static str,
    fields: &'static [Field],
) -> ActionSpec {
    ActionSpec {
        service,
        action,
        about,
        fields,
    }
}

use Service::{Bmc, Vm, Zbc};

pub static ACTIONS: &[ActionSpec] = &[
    // ---- bmc ----------------------------------------------------------------------
    a(
        Bmc,
        Action::DescribeZones,
        "List the bare-metal zones.",
        &[
            opt(
                "acceptLanguage",
                Str,
                "Language of the names, e.g. en-US or zh-CN.",
            ),
            opt(
                "isCloudRouterAvailable",
                Bool,
                "Only zones that do (true) or do not (false) offer Cloud Router.",
            ),
        ],
    ),
    a(
        Bmc,
        Action::DescribeInstanceTypes,
        "List the bare-metal models (CPU, memory, disks, maximum bandwidth).",
        &[
            opt("imageId", Str, "Only models that can install this image.").value("ID"),
            opt(
                "instanceTypeIds",
                StrList,
                "Only these models (at most 100).",
            )
            .value("ID,.."),
            opt("minimumCpuCoreCount", Int, "At least this many CPU cores."),
            opt("maximumCpuCoreCount", Int, "At most this many CPU cores."),
            opt("minimumMemorySize", Int, "At least this much memory, GB."),
            opt("maximumMemorySize", Int, "At most this much memory, GB."),
            opt(
                "minimumBandwidth",
                Int,
                "At least this maximum bandwidth, Mbps.",
            ),
            opt(
                "supportRaids",
                IntList,
                "Only models supporting these RAID levels.",
            ),
            opt("supportSubnet", Bool, "Only models that can join a subnet."),
            opt("minimumDiskSize", Int, "At least this much disk, GB."),
            opt("maximumDiskSize", Int, "At most this much disk, GB."),
            opt("isHA", Bool, "Only high-availability models."),
        ],
    ),
    a(
        Bmc,
        Action::DescribeAvailableResources,
        "Where each bare-metal model is sold, with its network charge types and defaults.",
        &[
            CHARGE_TYPE,
            opt("instanceTypeId", Str, "Only this model.").value("ID"),
            opt("zoneId", Str, "Only this zone.").value("ZONE"),
            opt(
                "sellStatus",
                Str,
                "Only offers in this state, e.g. SELL or SOLD_OUT.",
            ),
        ],
    ),
    a(
        Bmc,
        Action::DescribeImages,
        "List the operating-system images bare-metal instances can install.",
        &[
            opt("imageIds", StrList, "Only these images.").value("ID,.."),
            opt("imageName", Str, "Only images with this name."),
            opt(
                "catalog",
                Str,
                "Only this OS family, e.g. centos or ubuntu.",
            ),
            opt("imageType", Str, "Only PUBLIC_IMAGE or CUSTOM_IMAGE."),
            opt("osType", Str, "Only windows or linux."),
            opt("instanceTypeId", Str, "Only images this model can install.").value("ID"),
        ],
    ),
    a(
        Bmc,
        Action::CreateInstances,
        "Buy bare-metal instances; PREPAID is paid at once for the whole period.",
        &[
            req("zoneId", Str, "Zone to create in, e.g. SEL-A.").value("ZONE"),
            CHARGE_TYPE,
            PREPAID_PERIOD,
            req("instanceTypeId", Str, "Model, e.g. M6C.").value("ID"),
            opt("imageId", Str, "Image to install; omit to install later.").value("ID"),
            opt(
                "ipxeUrl",
                Str,
                "iPXE script URL to boot instead of an image.",
            ),
            opt(
                "resourceGroupId",
                Str,
                "Resource group [default: the default group].",
            ),
            opt("instanceName", Str, "Instance name, at most 64 characters."),
            opt("hostname", Str, "Host name, at most 64 characters."),
            opt("amount", Int, "How many instances, 1 to 100 [default: 1]."),
            opt(
                "password",
                Str,
                "Login and IPMI password, 8-16 characters; or give --key-id.",
            ),
            opt("keyId", Str, "SSH key to log in with; or give --password.").value("ID"),
            opt("sshKeys", StrList, "SSH public keys (2022-11-20 only)."),
            INTERNET_CHARGE_TYPE,
            BANDWIDTH_OUT,
            TRAFFIC_PACKAGE,
            opt("subnetId", Str, "Subnet to join.").value("ID"),
            NIC_WAN,
            NIC_LAN,
            CREATE_TAGS,
        ],
    ),
    a(
        Bmc,
        Action::DescribeInstances,
        "List bare-metal instances, paginated (use --page-all for every page).",
        &[
            opt(
                "instanceIds",
                StrList,
                "Only these instances (at most 100).",
            )
            .value("ID,.."),
            opt("zoneId", Str, "Only this zone.").value("ZONE"),
            opt("resourceGroupId", Str, "Only this resource group.").value("ID"),
            opt("instanceTypeId", Str, "Only this model.").value("ID"),
            opt(
                "internetChargeType",
                Str,
                "Only ByBandwidth or ByTrafficPackage instances.",
            )
            .value("TYPE"),
            opt("imageId", Str, "Only instances with this image.").value("ID"),
            opt("subnetId", Str, "Only instances in this subnet.").value("ID"),
            opt(
                "instanceStatus",
                Str,
                "Only instances in this status, e.g. RUNNING.",
            )
            .value("STATUS"),
            opt(
                "instanceName",
                Str,
                "Only this name; a trailing * matches a prefix.",
            ),
            opt(
                "hostname",
                Str,
                "Only this host name; a trailing * matches a prefix.",
            ),
            opt(
                "publicIpAddresses",
                StrList,
                "Only instances with these public IPs.",
            )
            .value("IP,.."),
            opt(
                "privateIpAddresses",
                StrList,
                "Only instances with these private IPs.",
            )
            .value("IP,.."),
            PAGE_NUM,
            PAGE_SIZE,
            opt(
                "tagKeys",
                StrList,
                "Only instances with these tag keys (at most 20).",
            ),
            FILTER_TAGS,
        ],
    ),
    a(
        Bmc,
        Action::StartInstances,
        "Power on STOPPED instances (BOOTING, then RUNNING).",
        &[INSTANCE_IDS],
    ),
    a(
        Bmc,
        Action::StopInstances,
        "Power off RUNNING instances (STOPPING, then STOPPED).",
        &[INSTANCE_IDS],
    ),
    a(
        Bmc,
        Action::TerminateInstance,
        "Move an instance to the recycle bin; POSTPAID billing stops.",
        &[INSTANCE_ID],
    ),
    a(
        Bmc,
        Action::ReleaseInstances,
        "Delete instances in the recycle bin for good.",
        &[INSTANCE_IDS],
    ),
    a(
        Bmc,
        Action::InquiryPriceCreateInstance,
        "Quote what CreateInstances would charge for one instance.",
        &[
            req("zoneId", Str, "Zone, e.g. SEL-A.").value("ZONE"),
            req("instanceTypeId", Str, "Model, e.g. M6C.").value("ID"),
            CHARGE_TYPE,
            INTERNET_CHARGE_TYPE,
            PREPAID_PERIOD,
            TRAFFIC_PACKAGE,
            BANDWIDTH_OUT,
        ],
    ),
    a(
        Bmc,
        Action::ModifyInstanceBandwidth,
        "Change the bandwidth: upgrades charged now, PREPAID downgrades at the cycle end.",
        BMC_BANDWIDTH_TARGET,
    ),
    a(
        Bmc,
        Action::CancelInstanceBandwidthDowngrade,
        "Cancel the bandwidth downgrade scheduled for the next cycle.",
        &[INSTANCE_ID],
    ),
    a(
        Bmc,
        Action::CancelInstanceBandwidthDowndegrade,
        "An older spelling of cancel-instance-bandwidth-downgrade, answered with its own error codes.",
        &[INSTANCE_ID],
    ),
    a(
        Bmc,
        Action::InquiryPriceInstanceBandwidth,
        "Quote a bandwidth change (ByBandwidth instances).",
        BMC_BANDWIDTH_TARGET,
    ),
    a(
        Bmc,
        Action::ModifyInstanceTrafficPackage,
        "Change the traffic package: upgrades charged now, PREPAID downgrades at the cycle end.",
        &[INSTANCE_ID, BMC_TRAFFIC_TARGET],
    ),
    a(
        Bmc,
        Action::CancelInstanceTrafficPackageDowngrade,
        "Cancel the traffic-package downgrade scheduled for the next cycle.",
        &[INSTANCE_ID],
    ),
    a(
        Bmc,
        Action::InquiryPriceInstanceTrafficPackage,
        "Quote a traffic-package change (ByTrafficPackage instances).",
        &[INSTANCE_ID, BMC_TRAFFIC_TARGET],
    ),
    a(
        Bmc,
        Action::DescribeInstanceInternetStatus,
        "Current and scheduled bandwidth and traffic package of an instance.",
        &[INSTANCE_ID],
    ),
    // ---- vm -----------------------------------------------------------------------
    a(
        Vm,
        Action::DescribeZones,
        "List the virtual-machine zones.",
        &[opt("zoneIds", StrList, "Only these zones.").value("ZONE,..")],
    ),
    a(
        Vm,
        Action::DescribeZoneInstanceConfigInfos,
        "Models sold per zone, with their bandwidth limit and network charge types.",
        &[
            CHARGE_TYPE,
            opt("zoneId", Str, "Only this zone.").value("ZONE"),
            opt("instanceType", Str, "Only this model, e.g. c.2c4g.").value("MODEL"),
        ],
    ),
    a(
        Vm,
        Action::DescribeImages,
        "List virtual-machine images, paginated (use --page-all for every page).",
        &[
            opt("zoneId", Str, "Only images available in this zone.").value("ZONE"),
            opt("imageIds", StrList, "Only these images.").value("ID,.."),
            opt("imageName", Str, "Only images with this name."),
            opt("category", Str, "Only this OS family, e.g. Ubuntu."),
            opt("imageType", Str, "Only PUBLIC_IMAGE or CUSTOM_IMAGE."),
            opt("osType", Str, "Only windows or linux."),
            opt(
                "imageStatus",
                Str,
                "Only images in this state, e.g. AVAILABLE.",
            ),
            PAGE_NUM,
            PAGE_SIZE,
        ],
    ),
    a(
        Vm,
        Action::CreateInstances,
        "Buy virtual machines; PREPAID is paid at once for the whole period.",
        &[
            req("zoneId", Str, "Zone to create in.").value("ZONE"),
            req("imageId", Str, "Image to install.").value("ID"),
            req("instanceType", Str, "Model, e.g. c.2c4g.").value("MODEL"),
            opt("instanceName", Str, "Instance name."),
            opt(
                "password",
                Str,
                "Login password, 8-16 characters; or give --key-id.",
            ),
            opt("keyId", Str, "SSH key to log in with; or give --password.").value("ID"),
            opt(
                "resourceGroupId",
                Str,
                "Resource group [default: the default group].",
            )
            .value("ID"),
            CHARGE_TYPE,
            PREPAID_PERIOD,
            opt(
                "instanceChargePostpaid.period",
                Int,
                "Commitment in months for POSTPAID (2026-04-01 only).",
            )
            .alias("postpaid-period")
            .value("MONTHS"),
            INTERNET_CHARGE_TYPE,
            TRAFFIC_PACKAGE,
            BANDWIDTH_OUT,
            opt(
                "instanceCount",
                Int,
                "How many instances, 1 to 100 [default: 1].",
            ),
            opt("systemDisk.diskSize", Int, "System disk size, GB.")
                .alias("system-disk-size")
                .value("GB"),
            opt(
                "systemDisk.diskCategory",
                Str,
                "System disk category, e.g. Standard.",
            )
            .alias("system-disk-category"),
            opt(
                "dataDisks",
                Json,
                "Data disks as JSON: [{\"diskSize\":100,\"diskCategory\":\"Standard\"}].",
            ),
            opt("subnetId", Str, "Subnet to join.").value("ID"),
            opt("securityGroupId", Str, "Security group.").value("ID"),
            NIC_WAN,
            NIC_LAN,
            CREATE_TAGS,
        ],
    ),
    a(
        Vm,
        Action::DescribeInstances,
        "List virtual machines, paginated (use --page-all for every page).",
        &[
            opt(
                "instanceIds",
                StrList,
                "Only these instances (at most 100).",
            )
            .value("ID,.."),
            opt("zoneId", Str, "Only this zone.").value("ZONE"),
            opt("resourceGroupId", Str, "Only this resource group.").value("ID"),
            opt("instanceType", Str, "Only this model.").value("MODEL"),
            opt(
                "internetChargeType",
                Str,
                "Only ByBandwidth or ByTrafficPackage instances.",
            )
            .value("TYPE"),
            opt("imageId", Str, "Only instances with this image.").value("ID"),
            opt("keyId", Str, "Only instances with this SSH key.").value("ID"),
            opt("subnetId", Str, "Only instances in this subnet.").value("ID"),
            opt(
                "instanceStatus",
                Str,
                "Only instances in this status, e.g. RUNNING.",
            )
            .value("STATUS"),
            opt(
                "instanceName",
                Str,
                "Only this name; a trailing * matches a prefix.",
            ),
            opt("securityGroupId", Str, "Only this security group.").value("ID"),
            opt(
                "publicIpAddresses",
                StrList,
                "Only instances with these public IPs.",
            )
            .value("IP,.."),
            opt(
                "privateIpAddresses",
                StrList,
                "Only instances with these private IPs.",
            )
            .value("IP,.."),
            PAGE_SIZE,
            PAGE_NUM,
            opt(
                "tagKeys",
                StrList,
                "Only instances with these tag keys (at most 20).",
            ),
            FILTER_TAGS,
        ],
    ),
    a(
        Vm,
        Action::StartInstances,
        "Power on STOPPED virtual machines.",
        &[INSTANCE_IDS],
    ),
    a(
        Vm,
        Action::StopInstances,
        "Power off RUNNING virtual machines.",
        &[
            INSTANCE_IDS,
            opt(
                "forceShutdown",
                Bool,
                "Cut the power instead of a clean shutdown [default: true].",
            ),
        ],
    ),
    a(
        Vm,
        Action::TerminateInstance,
        "Move a virtual machine to the recycle bin; POSTPAID billing stops.",
        &[INSTANCE_ID],
    ),
    a(
        Vm,
        Action::ReleaseInstances,
        "Delete virtual machines in the recycle bin for good.",
        &[INSTANCE_IDS],
    ),
    a(
        Vm,
        Action::InquiryPriceCreateInstance,
        "Quote what CreateInstances would charge.",
        &[
            req("zoneId", Str, "Zone.").value("ZONE"),
            opt("imageId", Str, "Image (2026-04-01 only).").value("ID"),
            req("instanceType", Str, "Model, e.g. c.2c4g.").value("MODEL"),
            CHARGE_TYPE,
            PREPAID_PERIOD,
            opt(
                "instanceChargePostpaid.period",
                Int,
                "Commitment in months for POSTPAID (2026-04-01 only).",
            )
            .alias("postpaid-period")
            .value("MONTHS"),
            INTERNET_CHARGE_TYPE,
            TRAFFIC_PACKAGE,
            BANDWIDTH_OUT,
            opt("instanceCount", Int, "How many instances [default: 1]."),
            opt("systemDisk.diskSize", Int, "System disk size, GB.")
                .alias("system-disk-size")
                .value("GB"),
            opt(
                "systemDisk.diskCategory",
                Str,
                "System disk category, e.g. Standard.",
            )
            .alias("system-disk-category"),
            opt(
                "dataDisks",
                Json,
                "Data disks as JSON: [{\"diskSize\":100,\"diskCategory\":\"Standard\"}].",
            ),
        ],
    ),
    a(
        Vm,
        Action::ModifyInstanceBandwidth,
        "Change the bandwidth: upgrades charged now, PREPAID downgrades at the cycle end.",
        VM_BANDWIDTH_TARGET,
    ),
    a(
        Vm,
        Action::CancelInstanceBandwidthDowngrade,
        "Cancel the bandwidth downgrade scheduled for the next cycle.",
        &[INSTANCE_ID],
    ),
    a(
        Vm,
        Action::InquiryPriceInstanceBandwidth,
        "Quote a bandwidth change (ByBandwidth instances).",
        VM_BANDWIDTH_TARGET,
    ),
    a(
        Vm,
        Action::ModifyInstanceTrafficPackage,
        "Change the traffic package: upgrades charged now, PREPAID downgrades at the cycle end.",
        &[INSTANCE_ID, VM_TRAFFIC_TARGET],
    ),
    a(
        Vm,
        Action::CancelInstanceTrafficPackageDowngrade,
        "Cancel the traffic-package downgrade scheduled for the next cycle.",
        &[INSTANCE_ID],
    ),
    a(
        Vm,
        Action::InquiryPriceInstanceTrafficPackage,
        "Quote a traffic-package change (ByTrafficPackage instances).",
        &[INSTANCE_ID, VM_TRAFFIC_TARGET],
    ),
    a(
        Vm,
        Action::DescribeInstanceInternetStatus,
        "Current and scheduled bandwidth and traffic package of a virtual machine.",
        &[INSTANCE_ID],
    ),
    a(
        Vm,
        Action::ModifyInstanceType,
        "Change the model: upgrades charged now, PREPAID downgrades at the cycle end.",
        &[
            INSTANCE_ID,
            req(
                "instanceTypeId",
                Str,
                "Target model, an instanceType such as c.2c4g.",
            )
            .value("MODEL"),
        ],
    ),
    a(
        Vm,
        Action::CancelInstanceDowngrade,
        "Cancel the model downgrade scheduled for the next cycle.",
        &[INSTANCE_ID],
    ),
    a(
        Vm,
        Action::DescribeInstanceTypeStatus,
        "Current and scheduled model of a virtual machine.",
        &[INSTANCE_ID],
    ),
    // ---- zbc ----------------------------------------------------------------------
    a(
        Zbc,
        Action::DescribeCustomerBalance,
        "The account's cash balance, credit and purchasing power.",
        &[],
    ),
    a(
        Zbc,
        Action::DescribeTransactionHistory,
        "The ledger: deposits and charges, paginated (use --page-all for every page).",
        &[
            PAGE_NUM,
            PAGE_SIZE,
            opt(
                "transactionType",
                Str,
                "Only this kind of transaction, e.g. CONSUME or RECHARGE.",
            ),
            opt("startTime", Str, "From this instant, RFC 3339.").value("TIME"),
            opt("endTime", Str, "Until this instant, RFC 3339.").value("TIME"),
        ],
    ),
];

/// The actions of one service, in table order.
pub fn of(service: Service) -> impl Iterator<Item = &'static ActionSpec> {
    ACTIONS.iter().filter(move |s| s.service == service)
}

/// The entry for a subcommand name (kebab-case, or the action's own name).
pub fn find(service: Service, name: &str) -> Option<&'static ActionSpec> {
    of(service).find(|s| s.command_name() == name || s.action.name() == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kebab_case_follows_words_and_acronyms() {
        assert_eq!(
            kebab("ModifyInstanceTrafficPackage"),
            "modify-instance-traffic-package"
        );
        assert_eq!(kebab("instanceId"), "instance-id");
        assert_eq!(kebab("isHA"), "is-ha");
        assert_eq!(kebab("bandwidthOutMbps"), "bandwidth-out-mbps");
        assert_eq!(kebab("ipxeUrl"), "ipxe-url");
        assert_eq!(PREPAID_PERIOD.flag(), "instance-charge-prepaid-period");
    }

    #[test]
    fn every_action_of_every_service_has_exactly_one_entry() {
        for action in Action::ALL {
            for service in action.services() {
                let n = ACTIONS
                    .iter()
                    .filter(|s| s.service == *service && s.action == *action)
                    .count();
                assert_eq!(n, 1, "{} {}", service.name(), action.name());
            }
        }
        for spec in ACTIONS {
            assert!(
                spec.action.services().contains(&spec.service),
                "{} has no {}",
                spec.service.name(),
                spec.action.name()
            );
        }
    }

    #[test]
    fn flags_are_unique_within_an_action() {
        for spec in ACTIONS {
            let mut names: Vec<String> = spec.fields.iter().map(Field::flag).collect();
            names.extend(
                spec.fields
                    .iter()
                    .filter_map(|f| f.alias.map(str::to_owned)),
            );
            let count = names.len();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), count, "{}", spec.action.name());
        }
    }
}
