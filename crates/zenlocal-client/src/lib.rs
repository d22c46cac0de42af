//! A Rust SDK for the Zenlayer Cloud API 2.0 services zenlocal implements — bare metal
//! (`bmc`), virtual machines (`vm`) and billing (`zbc`) — that works against zenlocal and
//! against the real cloud. It is built on the `zenlocal-wire` types, the ones the server
//! decodes and encodes, so that client and server cannot drift.
//!
//! - One typed async method per action on a handle bound to an API version:
//!   [`Client::bmc`] / [`Client::bmc_2022`], [`Client::vm`] / [`Client::vm_2023`],
//!   [`Client::zbc`]. Requests and answers are the [`model`] structs.
//! - Credentials: an access key id and password (ZC2-HMAC-SHA256), a Bearer token, or the
//!   environment ([`Credential::from_env`]: `ZENLAYER_ACCESS_KEY_ID` +
//!   `ZENLAYER_ACCESS_KEY_SECRET` as the official CLI reads them, else
//!   `ZENLAYER_ACCESS_TOKEN`; `ZENLAYER_ENDPOINT` for the endpoint).
//! - Endpoint [`DEFAULT_ENDPOINT`] (`https://console.zenlayer.com`) unless told otherwise.
//! - `REQUEST_LIMIT_EXCEEDED` is retried after 1, 2, 4 s, re-signed each time
//!   ([`RetryPolicy`]); each attempt has a timeout.
//! - Errors keep the service's answer ([`Error::Api`]: HTTP status, code, message,
//!   requestId) apart from transport failures ([`Error::Network`]).
//!
//! ```no_run
//! use std::time::Duration;
//! use zenlocal_client::model::common::{InstanceIdRequest, TrafficPackageRequest};
//! use zenlocal_client::{Client, Credential, Error};
//!
//! #[tokio::main]
//! async fn main() -> Result<(), Error> {
//!     // Against zenlocal; drop `.endpoint(..)` for the real cloud.
//!     let client = Client::builder()
//!         .endpoint("http://127.0.0.1:8080")
//!         .credential(Credential::access_key("zenlocal-demo", "zenlocal-demo-secret"))
//!         .timeout(Duration::from_secs(30))
//!         .build()?;
//!     let answer = client
//!         .bmc()
//!         .modify_instance_traffic_package(&TrafficPackageRequest {
//!             instance_id: "1234567890123456789".into(),
//!             traffic_package_size: 1.5,
//!         })
//!         .await;
//!     match answer {
//!         Ok(order) => println!("order {:?}", order.order_number),
//!         Err(Error::Api { status, code, request_id, .. }) => {
//!             eprintln!("{code} (HTTP {status}), requestId {request_id}")
//!         }
//!         Err(other) => return Err(other),
//!     }
//!     let status = client
//!         .bmc()
//!         .describe_instance_internet_status(&InstanceIdRequest {
//!             instance_id: "1234567890123456789".into(),
//!         })
//!         .await?;
//!     println!("{:?}", status.traffic_package_size);
//!     Ok(())
//! }
//! ```
//!
//! Any action can also be called by name with a typed or raw body:
//!
//! ```no_run
//! # async fn demo() -> Result<(), zenlocal_client::Error> {
//! use zenlocal_client::model::bmc::{DescribeZonesRequest, DescribeZonesResponse};
//! use zenlocal_client::{Client, Credential, Version};
//!
//! let client = Client::from_env()?;
//! let zones: DescribeZonesResponse = client
//!     .call(Version::Bmc20260201, "DescribeZones", &DescribeZonesRequest::default())
//!     .await?;
//! let raw = client
//!     .execute(Version::Bmc20260201, "DescribeZones", b"{}".to_vec())
//!     .await?;
//! assert_eq!(raw["zoneSet"].as_array().map(Vec::len), Some(zones.zone_set.len()));
//! # Ok(()) }
//! ```

mod client;
mod control;
mod credential;
mod error;
mod services;

pub use client::{
    Client, ClientBuilder, RetryPolicy, SignedRequest, DEFAULT_CONTENT_TYPE, DEFAULT_ENDPOINT,
    DEFAULT_TIMEOUT,
};
pub use control::Control;
pub use credential::{
    Credential, ENV_ACCESS_KEY_ID, ENV_ACCESS_KEY_SECRET, ENV_ACCESS_TOKEN, ENV_ENDPOINT,
};
pub use error::Error;
pub use services::{Bmc, Vm, Zbc};
/// The request and response types, per service (`zenlocal_wire::model`).
pub use zenlocal_wire::model;
pub use zenlocal_wire::{Action, Service, Version};

/// The repository README's Rust code, compiled by `cargo test --doc -p zenlocal-client`
/// so that what a user copies from it builds.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeExamples;
