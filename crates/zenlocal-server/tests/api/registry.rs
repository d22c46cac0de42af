//! The single source walked over real HTTP: every (service, version, action) of the table
//! in `zenlocal_wire::api` has a handler, decodes its own request type and has a typed
//! client method; the served OpenAPI document is the one generated from the table.

use crate::helpers::*;
use serde_json::Value;
use zenlocal_client::{Bmc, Client, Error, Vm, Zbc};
use zenlocal_wire::api::ENDPOINTS;
use zenlocal_wire::{openapi, Action, Service, Version};

/// Whether a request schema (a `$ref` into `definitions`) has required fields.
fn has_required(schema: &Value, definitions: &serde_json::Map<String, Value>) -> bool {
    let name = schema["$ref"]
        .as_str()
        .and_then(|r| r.rsplit('/').next())
        .expect("request schemas are references");
    definitions[name]["required"]
        .as_array()
        .is_some_and(|r| !r.is_empty())
}

/// `{}` reaches every action's handler in every version: decoded by its own request type,
/// it is 200, or 400 MISSING_PARAMETER when that type has required fields; never
/// INVALID_ACTION_NOT_FOUND, which a missing or mis-wired registry line would answer.
#[tokio::test]
async fn every_action_of_the_table_has_a_handler_in_every_version() {
    let app = TestApp::spawn().await;
    let mut generator = openapi::generator();
    for endpoint in ENDPOINTS {
        let request = (endpoint.request_schema)(&mut generator);
        let required = has_required(request.as_value(), generator.definitions());
        for version in endpoint.versions {
            let raw = app
                .signed(endpoint.service.name(), endpoint.action.name(), "{}")
                .set("x-zc-version", version.name());
            let answer = app.send(raw).await;
            let what = format!(
                "{} {} {}: {}",
                endpoint.service.name(),
                version.name(),
                endpoint.action.name(),
                answer.body
            );
            if required {
                answer.assert_error(400, "MISSING_PARAMETER");
            } else {
                assert_eq!(answer.status, 200, "{what}");
                assert!(answer.body["response"].is_object(), "{what}");
            }
        }
    }
}

/// The client handle of a table line's service.
macro_rules! handle {
    (bmc, $client:expr, $version:expr) => {
        Bmc::at($client, $version)
    };
    (vm, $client:expr, $version:expr) => {
        Vm::at($client, $version)
    };
    (zbc, $client:expr, $version:expr) => {
        Zbc::at($client, $version)
    };
}

/// Calls every typed client method of the table, in every version of its service, with a
/// default request; answers what each call gave.
macro_rules! call_every_method {
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
        async fn call_every_method(
            client: &Client,
        ) -> Vec<(Service, Version, Action, Result<(), Error>)> {
            let mut calls = Vec::new();
            $($($(
                let version = Version::$version;
                let answer = handle!($service, client, version)
                    .$method(&Default::default())
                    .await;
                calls.push((
                    $krate::__service!($service),
                    version,
                    Action::$action,
                    answer.map(drop),
                ));
            )+)+)*
            calls
        }
    };
}

zenlocal_wire::for_each_endpoint!(call_every_method);

/// Every client method reaches its action (a default request is refused by the action's
/// own checks, or answered and decoded into the method's response type), in every version.
#[tokio::test]
async fn every_action_has_a_typed_client_method_in_every_version() {
    let app = TestApp::spawn().await;
    let calls = call_every_method(&app.demo()).await;
    let expected: usize = ENDPOINTS.iter().map(|e| e.versions.len()).sum();
    assert_eq!(calls.len(), expected);
    for (service, version, action, answer) in calls {
        let what = format!("{} {} {}", service.name(), version.name(), action.name());
        match answer {
            Ok(()) => {}
            Err(Error::Api { status, code, .. }) => {
                assert_ne!(code, "INVALID_ACTION_NOT_FOUND", "{what}");
                assert!((400..500).contains(&status), "{what}: {status} {code}");
            }
            Err(other) => panic!("{what}: {other}"),
        }
    }
}

#[tokio::test]
async fn the_openapi_document_is_served() {
    let app = TestApp::spawn().await;
    let (status, served) = app.control_get("/openapi.json").await;
    assert_eq!(status, 200);
    assert_eq!(served, openapi::document());
}
