//! The API's handlers, one module per group of the table in `zenlocal_wire::api`, one
//! `async fn` per action taking the decoded request and answering the typed response. The
//! registry is generated from that table: an action described there without a handler
//! here does not compile.
//!
//! A group spanning services has a module per service (`plan::bmc`, `plan::vm`); a handler
//! both services share is written once in the group and re-exported by both, reading the
//! service from [`Cx::service`].

pub mod billing;
pub mod catalog;
pub mod disks;
pub mod images;
pub mod instances;
pub mod ips;
pub mod keypairs;
pub mod monitoring;
pub mod operations;
pub mod plan;
pub mod security_groups;
pub mod subnets;
pub mod vpcs;

use crate::App;
use serde::Serialize;
use zenlocal_core::account::Account;
use zenlocal_core::{ApiError, Catalog};
use zenlocal_store::ops::GetAccount;
use zenlocal_store::Op;
use zenlocal_wire::decode::decode;
use zenlocal_wire::{codes, envelope, Action, Endpoint, Service, Version};

/// What every handler knows about its request.
pub struct Cx<'a> {
    pub app: &'a App,
    pub request_id: &'a str,
    pub version: Version,
    pub account_id: &'a str,
    /// Set by a handler whose call a service fault hit (D-199), for the journal and the
    /// metrics.
    pub injected: &'a std::sync::OnceLock<&'static str>,
}

impl Cx<'_> {
    pub fn service(&self) -> Service {
        self.version.service()
    }

    pub fn catalog(&self) -> &Catalog {
        &self.app.catalog
    }

    /// Runs a command: a write transaction that holds the clock first, inside which the
    /// op reads `now` (`zenlocal_store::ops::now`) and the rows it changes (D-110). Every
    /// change an action makes goes through here.
    pub async fn command<O: Op>(&self, op: O) -> Result<O::Output, ApiError> {
        Ok(self.app.store.write(op).await?)
    }

    /// Runs a read: one snapshot, no clock held, no row locked. An op that needs `now`
    /// reads it inside, as a command would.
    pub async fn query<O: Op>(&self, op: O) -> Result<O::Output, ApiError> {
        Ok(self.app.store.read(op).await?)
    }

    /// The caller's account.
    pub async fn account(&self) -> Result<Account, ApiError> {
        self.query(GetAccount(self.account_id.to_owned()))
            .await?
            .ok_or_else(|| ApiError::auth("the caller's account no longer exists"))
    }

    fn reply<T: Serialize>(&self, answer: &T) -> Result<Vec<u8>, ApiError> {
        envelope::success(self.request_id, answer).map_err(|e| {
            ApiError::new(
                codes::INTERNAL_SERVER_ERROR,
                format!("encoding the answer: {e}"),
            )
        })
    }
}

macro_rules! registry {
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
        /// Decodes the body into the endpoint's request type, runs its handler, and wraps
        /// the typed answer in the envelope.
        pub async fn dispatch(
            cx: &Cx<'_>,
            endpoint: &Endpoint,
            body: &[u8],
        ) -> Result<Vec<u8>, ApiError> {
            match (endpoint.service, endpoint.action) {
                $($(
                    ($krate::__service!($service), Action::$action) => {
                        let request: $krate::model::$($req)::+ = decode(body)?;
                        let answer: $krate::model::$($resp)::+ =
                            $group::$service::$method(cx, request).await?;
                        cx.reply(&answer)
                    }
                )+)*
                (service, action) => Err(ApiError::new(
                    codes::INVALID_ACTION_NOT_FOUND,
                    format!("action `{}` does not exist on {}", action.name(), service.name()),
                )),
            }
        }
    };
}

zenlocal_wire::for_each_endpoint!(registry);
