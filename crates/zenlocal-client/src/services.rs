//! One typed method per action, per service, generated from the table of
//! `zenlocal_wire::api` (through its `for_each_endpoint!`): the action names, request and
//! response types are the ones the server decodes and encodes.
//!
//! A handle is bound to one API version and is `Copy`; its methods take it by value, so
//! their futures borrow only the [`Client`]. The versions of a service share their types:
//! fields that exist only in some versions are `Option`s (their schema says `x-since` or
//! `x-until`), `None` in the other versions' answers — except the flattened groups of such
//! fields (`Price::item`, `bmc::InstanceInfo::v2026`, `bmc::InstanceType::vpu`), which
//! serde decodes as `Some` with every field `None` there.

use crate::{Client, Error};
use zenlocal_wire::{Action, Service, Version};

macro_rules! handles {
    ($($(#[$doc:meta])* pub struct $handle:ident for $service:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy)]
        pub struct $handle<'a> {
            client: &'a Client,
            version: Version,
        }

        impl<'a> $handle<'a> {
            /// The service these methods call.
            pub const SERVICE: Service = Service::$service;

            /// A handle sending `version` in `X-ZC-Version`; a version of another service
            /// is sent as it is, and answered `INVALID_VERSION_NOT_SUPPORT`.
            pub fn at(client: &'a Client, version: Version) -> Self {
                $handle { client, version }
            }

            /// The version every call sends in `X-ZC-Version`.
            pub fn version(&self) -> Version {
                self.version
            }

            pub fn client(&self) -> &'a Client {
                self.client
            }
        }
    )*};
}

/// The handle type of a table line's service.
macro_rules! handle {
    (bmc, $l:lifetime) => { Bmc<$l> };
    (vm, $l:lifetime) => { Vm<$l> };
    (zbc, $l:lifetime) => { Zbc<$l> };
}

macro_rules! client_methods {
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
    ) => {$($(
        impl<'a> handle!($service, 'a) {
            #[doc = $about]
            #[doc = ""]
            #[doc = concat!("Action `", stringify!($action), "`; retried on `REQUEST_LIMIT_EXCEEDED`.")]
            #[doc = ""]
            #[doc = concat!("Answered in", $(" `Version::", stringify!($version), "`",)+ "; a handle at another version gets 404 `INVALID_ACTION_NOT_FOUND`.")]
            // By value (handles are `Copy`), so the future borrows only the client and
            // `client.bmc().describe_zones(&r)` can be stored or joined.
            pub async fn $method(
                self,
                request: &$krate::model::$($req)::+,
            ) -> Result<$krate::model::$($resp)::+, Error> {
                self.client
                    .call(self.version, Action::$action.name(), request)
                    .await
            }
        }
    )+)*};
}

handles! {
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
}

zenlocal_wire::for_each_endpoint!(client_methods);

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
