//! One typed method per action, per service, generated from the tables below: the action
//! names come from `zenlocal_wire::Action` and the request and response types from
//! `zenlocal_wire::model`, the same ones the server decodes and encodes.
//!
//! A handle is bound to one API version and is `Copy`; its methods take it by value, so
//! their futures borrow only the [`Client`]. The versions of a service share their types:
//! fields that exist only in some versions are `Option`s (documented "2026 only" and so
//! on), `None` in the other versions' answers — except the flattened groups of such
//! fields (`Price::item`, `bmc::InstanceInfo::v2026`, `bmc::InstanceType::vpu`), which
//! serde decodes as `Some` with every field `None` there.

use crate::{Client, Error};
use zenlocal_wire::model::common::{
    BandwidthPriceResponse, Empty, InstanceIdRequest, InstanceIdsRequest, InstanceInternetStatus,
    OrderNumberResponse, TrafficPackagePriceResponse, TrafficPackageRequest,
};
use zenlocal_wire::model::{bmc, vm, zbc};
use zenlocal_wire::{Action, Service, Version};

macro_rules! service {
    (
        $(#[$sdoc:meta])*
        pub struct $handle:ident for $service:ident;
        $(
            $(#[$doc:meta])*
            fn $method:ident = $action:ident($req:ty) -> $resp:ty;
        )*
    ) => {
        $(#[$sdoc])*
        #[derive(Debug, Clone, Copy)]
        pub struct $handle<'a> {
            client: &'a Client,
            version: Version,
        }

        impl<'a> $handle<'a> {
            /// The service these methods call.
            pub const SERVICE: Service = Service::$service;
            /// Every action this handle has a method for, in table order.
            pub const ACTIONS: &'static [Action] = &[$(Action::$action),*];

            /// A handle for `version`, which must be a version of this service.
            fn at(client: &'a Client, version: Version) -> Self {
                debug_assert_eq!(version.service(), Service::$service);
                $handle { client, version }
            }

            /// The version every call sends in `X-ZC-Version`.
            pub fn version(&self) -> Version {
                self.version
            }

            pub fn client(&self) -> &'a Client {
                self.client
            }

            $(
                $(#[$doc])*
                #[doc = ""]
                #[doc = concat!("Action `", stringify!($action), "`; retried on `REQUEST_LIMIT_EXCEEDED`.")]
                // By value (handles are `Copy`), so the future borrows only the client
                // and `client.bmc().describe_zones(&r)` can be stored or joined.
                pub async fn $method(self, request: &$req) -> Result<$resp, Error> {
                    self.client
                        .call(self.version, Action::$action.name(), request)
                        .await
                }
            )*
        }
    };
}

service! {
    /// Bare-metal cloud (`bmc`): [`Client::bmc`] (2026-02-01) or [`Client::bmc_2022`]
    /// (2022-11-20).
    ///
    /// ```no_run
    /// use zenlocal_client::model::bmc::{CreateInstancesRequest, DescribeZonesRequest};
    /// use zenlocal_client::model::common::{ChargePrepaid, InstanceIdRequest, TrafficPackageRequest};
    /// use zenlocal_client::{Client, Credential};
    ///
    /// #[tokio::main]
    /// async fn main() -> Result<(), zenlocal_client::Error> {
    ///     let client = Client::new(
    ///         "http://127.0.0.1:8080",
    ///         Credential::access_key("zenlocal-demo", "zenlocal-demo-secret"),
    ///     )?;
    ///     let zones = client.bmc().describe_zones(&DescribeZonesRequest::default()).await?;
    ///     println!("{} zones", zones.zone_set.len());
    ///
    ///     let created = client
    ///         .bmc()
    ///         .create_instances(&CreateInstancesRequest {
    ///             zone_id: "SEL-A".into(),
    ///             instance_type_id: "M6C".into(),
    ///             instance_charge_type: "PREPAID".into(),
    ///             instance_charge_prepaid: Some(ChargePrepaid { period: 1 }),
    ///             internet_charge_type: "ByTrafficPackage".into(),
    ///             traffic_package_size: Some(2.0),
    ///             password: Some("Passw0rd-x".into()),
    ///             ..Default::default()
    ///         })
    ///         .await?;
    ///     let instance_id = created.instance_id_set[0].clone();
    ///
    ///     // Upgrade the traffic package: charged at once, answered with an order number.
    ///     let order = client
    ///         .bmc()
    ///         .modify_instance_traffic_package(&TrafficPackageRequest {
    ///             instance_id: instance_id.clone(),
    ///             traffic_package_size: 10.0,
    ///         })
    ///         .await?;
    ///     println!("order {:?}", order.order_number);
    ///     let status = client
    ///         .bmc()
    ///         .describe_instance_internet_status(&InstanceIdRequest { instance_id })
    ///         .await?;
    ///     println!("{:?}", status.modified_traffic_package_status);
    ///     Ok(())
    /// }
    /// ```
    pub struct Bmc for Bmc;

    /// Zones, and whether each can reach a cloud router.
    fn describe_zones = DescribeZones(bmc::DescribeZonesRequest) -> bmc::DescribeZonesResponse;
    /// Server models, filtered by CPU, memory, disk, RAID, image.
    fn describe_instance_types =
        DescribeInstanceTypes(bmc::DescribeInstanceTypesRequest) -> bmc::DescribeInstanceTypesResponse;
    /// Stock per zone and model, with the default bandwidth and traffic package.
    fn describe_available_resources = DescribeAvailableResources(
        bmc::DescribeAvailableResourcesRequest
    ) -> bmc::DescribeAvailableResourcesResponse;
    /// Operating-system images.
    fn describe_images = DescribeImages(bmc::DescribeImagesRequest) -> bmc::DescribeImagesResponse;
    /// Creates instances; PREPAID ones are paid at once. `orderNumber` is 2026-02-01 only.
    fn create_instances =
        CreateInstances(bmc::CreateInstancesRequest) -> bmc::CreateInstancesResponse;
    /// Instances, filtered and paginated (`pageNum`, `pageSize`), newest first.
    fn describe_instances =
        DescribeInstances(bmc::DescribeInstancesRequest) -> bmc::DescribeInstancesResponse;
    /// Powers on STOPPED instances.
    fn start_instances = StartInstances(InstanceIdsRequest) -> Empty;
    /// Powers off RUNNING instances.
    fn stop_instances = StopInstances(InstanceIdsRequest) -> Empty;
    /// Moves an instance to the recycle bin (PREPAID: at the end of its cycle).
    fn terminate_instance = TerminateInstance(InstanceIdRequest) -> Empty;
    /// Deletes instances in the recycle bin for good.
    fn release_instances = ReleaseInstances(InstanceIdsRequest) -> Empty;
    /// The price of a CreateInstances request.
    fn inquiry_price_create_instance = InquiryPriceCreateInstance(
        bmc::InquiryPriceCreateInstanceRequest
    ) -> bmc::InquiryPriceCreateInstanceResponse;
    /// Changes the bandwidth cap (`bandwidthOutMbps`): upgrades now, downgrades at the
    /// end of the cycle.
    fn modify_instance_bandwidth =
        ModifyInstanceBandwidth(bmc::BandwidthRequest) -> OrderNumberResponse;
    /// Cancels a scheduled bandwidth downgrade.
    fn cancel_instance_bandwidth_downgrade =
        CancelInstanceBandwidthDowngrade(InstanceIdRequest) -> Empty;
    /// The same as [`Bmc::cancel_instance_bandwidth_downgrade`] under seed 001's spelling,
    /// which zenlocal accepts with its own error codes.
    fn cancel_instance_bandwidth_downdegrade =
        CancelInstanceBandwidthDowndegrade(InstanceIdRequest) -> Empty;
    /// The price of a bandwidth change.
    fn inquiry_price_instance_bandwidth =
        InquiryPriceInstanceBandwidth(bmc::BandwidthRequest) -> BandwidthPriceResponse;
    /// Changes the traffic package (TB, on a 0.05 grid): upgrades now, downgrades at the
    /// end of the cycle.
    fn modify_instance_traffic_package =
        ModifyInstanceTrafficPackage(TrafficPackageRequest) -> OrderNumberResponse;
    /// Cancels a scheduled traffic-package downgrade.
    fn cancel_instance_traffic_package_downgrade =
        CancelInstanceTrafficPackageDowngrade(InstanceIdRequest) -> Empty;
    /// The price of a traffic-package change (2026-02-01 adds the overage item).
    fn inquiry_price_instance_traffic_package =
        InquiryPriceInstanceTrafficPackage(TrafficPackageRequest) -> TrafficPackagePriceResponse;
    /// Current and pending bandwidth and traffic package.
    fn describe_instance_internet_status =
        DescribeInstanceInternetStatus(InstanceIdRequest) -> InstanceInternetStatus;
}

service! {
    /// Virtual machines (`vm`): [`Client::vm`] (2026-04-01) or [`Client::vm_2023`]
    /// (2023-03-13).
    ///
    /// ```no_run
    /// use zenlocal_client::model::common::InstanceIdRequest;
    /// use zenlocal_client::model::vm::{
    ///     BandwidthRequest, CreateInstancesRequest, ModifyInstanceTypeRequest,
    /// };
    /// use zenlocal_client::{Client, Credential};
    ///
    /// #[tokio::main]
    /// async fn main() -> Result<(), zenlocal_client::Error> {
    ///     let client = Client::new("http://127.0.0.1:8080", Credential::token("zenlocal-demo-token"))?;
    ///     let created = client
    ///         .vm()
    ///         .create_instances(&CreateInstancesRequest {
    ///             zone_id: "asia-east-1a".into(),
    ///             image_id: "ubuntu_22_04_x64".into(),
    ///             instance_type: "c.1c2g".into(),
    ///             instance_charge_type: "POSTPAID".into(),
    ///             internet_charge_type: "ByBandwidth".into(),
    ///             internet_max_bandwidth_out: Some(5),
    ///             password: Some("Passw0rd-x".into()),
    ///             ..Default::default()
    ///         })
    ///         .await?;
    ///     let instance_id = created.instance_id_set[0].clone();
    ///     let price = client
    ///         .vm()
    ///         .inquiry_price_instance_bandwidth(&BandwidthRequest {
    ///             instance_id: instance_id.clone(),
    ///             internet_max_bandwidth_out: 20,
    ///         })
    ///         .await?;
    ///     println!("{:?}", price.bandwidth_price[0].unit_price);
    ///     client
    ///         .vm()
    ///         .modify_instance_type(&ModifyInstanceTypeRequest {
    ///             instance_id: instance_id.clone(),
    ///             instance_type_id: "c.2c4g".into(),
    ///         })
    ///         .await?;
    ///     let status = client
    ///         .vm()
    ///         .describe_instance_type_status(&InstanceIdRequest { instance_id })
    ///         .await?;
    ///     println!("{}", status.modified_instance_type_status);
    ///     Ok(())
    /// }
    /// ```
    pub struct Vm for Vm;

    /// Zones and what each supports (`networkLineType` is 2026-04-01 only).
    fn describe_zones = DescribeZones(vm::DescribeZonesRequest) -> vm::DescribeZonesResponse;
    /// Images, filtered and paginated.
    fn describe_images = DescribeImages(vm::DescribeImagesRequest) -> vm::DescribeImagesResponse;
    /// Models sold per zone for a charge type.
    fn describe_zone_instance_config_infos = DescribeZoneInstanceConfigInfos(
        vm::DescribeZoneInstanceConfigInfosRequest
    ) -> vm::DescribeZoneInstanceConfigInfosResponse;
    /// Creates instances; `instances` in the answer is 2026-04-01 only.
    fn create_instances =
        CreateInstances(vm::CreateInstancesRequest) -> vm::CreateInstancesResponse;
    /// Instances, filtered and paginated (`pageNum`, `pageSize`), newest first.
    fn describe_instances =
        DescribeInstances(vm::DescribeInstancesRequest) -> vm::DescribeInstancesResponse;
    /// Powers on STOPPED instances.
    fn start_instances = StartInstances(InstanceIdsRequest) -> Empty;
    /// Powers off RUNNING instances (`forceShutdown` optional).
    fn stop_instances = StopInstances(InstanceIdsRequest) -> Empty;
    /// Moves an instance to the recycle bin (PREPAID: at the end of its cycle).
    fn terminate_instance = TerminateInstance(InstanceIdRequest) -> Empty;
    /// Deletes instances in the recycle bin for good.
    fn release_instances = ReleaseInstances(InstanceIdsRequest) -> Empty;
    /// The price of a CreateInstances request.
    fn inquiry_price_create_instance = InquiryPriceCreateInstance(
        vm::InquiryPriceCreateInstanceRequest
    ) -> vm::InquiryPriceCreateInstanceResponse;
    /// Changes the bandwidth cap (`internetMaxBandwidthOut`): upgrades now, downgrades at
    /// the end of the cycle.
    fn modify_instance_bandwidth =
        ModifyInstanceBandwidth(vm::BandwidthRequest) -> OrderNumberResponse;
    /// Cancels a scheduled bandwidth downgrade.
    fn cancel_instance_bandwidth_downgrade =
        CancelInstanceBandwidthDowngrade(InstanceIdRequest) -> Empty;
    /// The price of a bandwidth change.
    fn inquiry_price_instance_bandwidth =
        InquiryPriceInstanceBandwidth(vm::BandwidthRequest) -> BandwidthPriceResponse;
    /// Changes the traffic package (TB, on a 0.05 grid): upgrades now, downgrades at the
    /// end of the cycle.
    fn modify_instance_traffic_package =
        ModifyInstanceTrafficPackage(TrafficPackageRequest) -> OrderNumberResponse;
    /// Cancels a scheduled traffic-package downgrade.
    fn cancel_instance_traffic_package_downgrade =
        CancelInstanceTrafficPackageDowngrade(InstanceIdRequest) -> Empty;
    /// The price of a traffic-package change (2026-04-01 adds the overage item).
    fn inquiry_price_instance_traffic_package =
        InquiryPriceInstanceTrafficPackage(TrafficPackageRequest) -> TrafficPackagePriceResponse;
    /// Current and pending bandwidth and traffic package.
    fn describe_instance_internet_status =
        DescribeInstanceInternetStatus(InstanceIdRequest) -> InstanceInternetStatus;
    /// Changes the model: a dearer one now, a cheaper one at the end of the cycle.
    fn modify_instance_type =
        ModifyInstanceType(vm::ModifyInstanceTypeRequest) -> OrderNumberResponse;
    /// Cancels a scheduled model downgrade.
    fn cancel_instance_downgrade = CancelInstanceDowngrade(InstanceIdRequest) -> Empty;
    /// Current and pending model.
    fn describe_instance_type_status =
        DescribeInstanceTypeStatus(InstanceIdRequest) -> vm::InstanceTypeStatus;
}

service! {
    /// Billing (`zbc`, 2024-08-09): [`Client::zbc`].
    ///
    /// ```no_run
    /// use zenlocal_client::model::zbc::{
    ///     DescribeCustomerBalanceRequest, DescribeTransactionHistoryRequest,
    /// };
    /// use zenlocal_client::{Client, Credential};
    ///
    /// #[tokio::main]
    /// async fn main() -> Result<(), zenlocal_client::Error> {
    ///     let client = Client::new(
    ///         "http://127.0.0.1:8080",
    ///         Credential::access_key("zenlocal-demo", "zenlocal-demo-secret"),
    ///     )?;
    ///     let balance = client
    ///         .zbc()
    ///         .describe_customer_balance(&DescribeCustomerBalanceRequest {})
    ///         .await?;
    ///     println!("{} has {}", balance.account_uid, balance.cash_balance);
    ///     let history = client
    ///         .zbc()
    ///         .describe_transaction_history(&DescribeTransactionHistoryRequest {
    ///             page_size: Some(10),
    ///             ..Default::default()
    ///         })
    ///         .await?;
    ///     for entry in history.data_set {
    ///         println!("{} {} {}", entry.transaction_time, entry.amount, entry.description);
    ///     }
    ///     Ok(())
    /// }
    /// ```
    pub struct Zbc for Zbc;

    /// Cash balance, credit and purchasing power.
    fn describe_customer_balance = DescribeCustomerBalance(
        zbc::DescribeCustomerBalanceRequest
    ) -> zbc::DescribeCustomerBalanceResponse;
    /// The ledger, paginated and filtered by type and time.
    fn describe_transaction_history = DescribeTransactionHistory(
        zbc::DescribeTransactionHistoryRequest
    ) -> zbc::DescribeTransactionHistoryResponse;
}

impl Client {
    /// bmc at 2026-02-01, the newest version (the one the official CLI targets).
    pub fn bmc(&self) -> Bmc<'_> {
        Bmc::at(self, Version::Bmc20260201)
    }

    /// bmc at 2022-11-20: `Price` instead of `PriceItem`, `sshKeys` on create, no
    /// `orderNumber` from CreateInstances.
    pub fn bmc_2022(&self) -> Bmc<'_> {
        Bmc::at(self, Version::Bmc20221120)
    }

    /// vm at 2026-04-01, the newest version.
    pub fn vm(&self) -> Vm<'_> {
        Vm::at(self, Version::Vm20260401)
    }

    /// vm at 2023-03-13: `Price` instead of `PriceItem`, no `instances` from
    /// CreateInstances, no postpaid period.
    pub fn vm_2023(&self) -> Vm<'_> {
        Vm::at(self, Version::Vm20230313)
    }

    /// zbc at 2024-08-09, its only version.
    pub fn zbc(&self) -> Zbc<'_> {
        Zbc::at(self, Version::Zbc20240809)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every action the server answers has exactly one method on each of its services'
    /// handles, and no handle has a method the server does not answer.
    #[test]
    fn every_action_of_every_service_has_one_method() {
        for (service, table) in [
            (Bmc::SERVICE, Bmc::ACTIONS),
            (Vm::SERVICE, Vm::ACTIONS),
            (Zbc::SERVICE, Zbc::ACTIONS),
        ] {
            let mut expected: Vec<&str> = Action::ALL
                .iter()
                .filter(|a| a.services().contains(&service))
                .map(|a| a.name())
                .collect();
            let mut have: Vec<&str> = table.iter().map(|a| a.name()).collect();
            expected.sort_unstable();
            have.sort_unstable();
            assert_eq!(have, expected, "{}", service.name());
        }
    }

    #[test]
    fn handles_are_bound_to_their_versions() {
        let client = Client::new("http://127.0.0.1:1", crate::Credential::token("t")).unwrap();
        assert_eq!(client.bmc().version(), Version::Bmc20260201);
        assert_eq!(client.bmc_2022().version(), Version::Bmc20221120);
        assert_eq!(client.vm().version(), Version::Vm20260401);
        assert_eq!(client.vm_2023().version(), Version::Vm20230313);
        assert_eq!(client.zbc().version(), Version::Zbc20240809);
        for handle_service in [
            client.bmc().version().service(),
            client.vm_2023().version().service(),
            client.zbc().version().service(),
        ] {
            assert!(Service::ALL.contains(&handle_service));
        }
    }
}
