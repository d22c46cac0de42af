//! The OpenAPI 3.1 document of the API, built from the table of `api.rs` and the JSON
//! Schemas of the wire types: one operation per (service, action), every version of it
//! in its `X-ZC-Version` header, its own error codes and the common ones by status.
//!
//! The real endpoint of every action of a service is one path, `POST /api/v2/{service}`,
//! with the action in `X-ZC-Action`; OpenAPI keys operations by path and method, so each
//! operation's key is `/api/v2/{service}#{Action}` (the fragment never reaches a server).

use crate::api::{Endpoint, ENDPOINTS};
use crate::codes::{self, Code};
use crate::Service;
use schemars::generate::SchemaSettings;
use schemars::SchemaGenerator;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// The generator every schema of the API comes from: JSON Schema 2020-12 (OpenAPI 3.1's
/// dialect), definitions under `#/components/schemas`.
pub fn generator() -> SchemaGenerator {
    SchemaSettings::draft2020_12()
        .with(|s| {
            s.definitions_path = "/components/schemas".into();
            s.meta_schema = None;
        })
        .into_generator()
}

const DESCRIPTION: &str = "The Zenlayer Cloud API 2.0 as zenlocal answers it: bare metal \
(bmc), virtual machines (vm) and billing (zbc).\n\nEvery action of a service is sent as \
`POST /api/v2/{service}` with the action in the `X-ZC-Action` header and the version in \
`X-ZC-Version` (absent: the newest). OpenAPI keys operations by path, so each operation \
here is keyed `/api/v2/{service}#{Action}`: send it to `/api/v2/{service}`. Requests are \
signed with ZC2-HMAC-SHA256 or carry `Authorization: Bearer`. Answers are \
`{requestId, response}`; errors are `{requestId, code, message}` with the HTTP status of \
the code.\n\nA field that exists only in some versions says so with `x-since` (the first \
version that has it) or `x-until` (the last); on a type both bmc and vm use, the value \
names the version per service.";

/// The whole document.
pub fn document() -> Value {
    let mut generator = generator();
    let mut paths = Map::new();
    for endpoint in ENDPOINTS {
        let key = format!(
            "/api/v2/{}#{}",
            endpoint.service.name(),
            endpoint.action.name()
        );
        paths.insert(key, json!({ "post": operation(endpoint, &mut generator) }));
    }
    let mut schemas = generator.take_definitions(true);
    schemas.insert("Error".into(), error_schema());
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "zenlocal: the Zenlayer Cloud API 2.0",
            "version": env!("CARGO_PKG_VERSION"),
            "description": DESCRIPTION,
        },
        "servers": [{"url": "http://127.0.0.1:8080", "description": "a local `zenlocal serve`"}],
        "tags": Service::ALL.iter().map(|s| json!({"name": s.name()})).collect::<Vec<_>>(),
        "security": [{"zc2HmacSha256": []}, {"bearer": []}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "zc2HmacSha256": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "Authorization",
                    "description": "`ZC2-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...` with `X-ZC-Timestamp` and `X-ZC-Signature-Method`"
                },
                "bearer": {"type": "http", "scheme": "bearer"}
            }
        }
    })
}

fn operation(endpoint: &Endpoint, generator: &mut SchemaGenerator) -> Value {
    let service = endpoint.service.name();
    let action = endpoint.action.name();
    let versions: Vec<&str> = endpoint.versions.iter().map(|v| v.name()).collect();
    let newest = versions.last().copied().unwrap_or_default();
    let request = (endpoint.request_schema)(generator);
    let response = (endpoint.response_schema)(generator);
    let mut responses = Map::new();
    responses.insert(
        "200".into(),
        json!({
            "description": "Done.",
            "content": {"application/json": {"schema": {
                "type": "object",
                "required": ["requestId", "response"],
                "properties": {
                    "requestId": {"type": "string", "description": "The request's id, as in X-ZC-Request-Id."},
                    "response": response,
                }
            }}}
        }),
    );
    let mut by_status: BTreeMap<u16, Vec<&'static str>> = BTreeMap::new();
    for code in endpoint.codes.iter().chain(codes::COMMON) {
        let names = by_status.entry(code.status).or_default();
        if !names.contains(&code.name) {
            names.push(code.name);
        }
    }
    for (status, names) in by_status {
        responses.insert(
            status.to_string(),
            json!({
                "description": names.join(", "),
                "x-codes": names,
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
            }),
        );
    }
    json!({
        "operationId": format!("{service}.{action}"),
        "summary": endpoint.about(),
        "description": format!(
            "{} Sent as `POST /api/v2/{service}` with `X-ZC-Action: {action}`.",
            endpoint.about()
        ),
        "tags": [service],
        "parameters": [
            {
                "name": "X-ZC-Action",
                "in": "header",
                "required": true,
                "schema": {"type": "string", "const": action}
            },
            {
                "name": "X-ZC-Version",
                "in": "header",
                "required": false,
                "description": format!("The API version; absent means {newest}."),
                "schema": {"type": "string", "enum": versions, "default": newest}
            }
        ],
        "requestBody": {
            "required": true,
            "content": {"application/json": {"schema": request}}
        },
        "responses": responses,
    })
}

fn error_schema() -> Value {
    json!({
        "type": "object",
        "description": "An error: its code, a message naming the cause, and the request's id.",
        "required": ["requestId", "code", "message"],
        "properties": {
            "requestId": {"type": "string"},
            "code": {"type": "string", "enum": all_code_names()},
            "message": {"type": "string"}
        }
    })
}

fn all_code_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = codes::ALL.iter().map(|c: &Code| c.name).collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// The document as `docs/openapi.json` holds it: pretty, keys sorted, a final newline.
pub fn text() -> String {
    let mut text = serde_json::to_string_pretty(&document()).expect("a JSON value serialises");
    text.push('\n');
    text
}

/// The README's table of actions: per service, its versions and its actions in table
/// order, each action that some versions lack with the versions it is in.
pub fn markdown_actions() -> String {
    let mut out = String::from("| service | versions | actions |\n|---|---|---|\n");
    for service in Service::ALL {
        let versions: Vec<String> = service
            .versions()
            .iter()
            .map(|v| format!("`{}`", v.name()))
            .collect();
        // An action missing from some versions of its service names the ones it is in (D-104).
        let actions: Vec<String> = Endpoint::of_service(service)
            .map(|e| {
                if e.versions.len() == service.versions().len() {
                    format!("`{}`", e.action.name())
                } else {
                    let only: Vec<String> = e
                        .versions
                        .iter()
                        .map(|v| format!("`{}`", v.name()))
                        .collect();
                    format!("`{}` ({} only)", e.action.name(), only.join(", "))
                }
            })
            .collect();
        out.push_str(&format!(
            "| {} | {} | {} |\n",
            service.name(),
            versions.join(", "),
            actions.join(", ")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Action;

    #[test]
    fn every_action_of_every_service_is_an_operation_with_its_versions() {
        let doc = document();
        assert_eq!(doc["openapi"], "3.1.0");
        for action in Action::ALL {
            for service in action.services() {
                let key = format!("/api/v2/{}#{}", service.name(), action.name());
                let op = &doc["paths"][&key]["post"];
                assert_eq!(
                    op["operationId"],
                    format!("{}.{}", service.name(), action.name())
                );
                let endpoint = Endpoint::of(*service, *action).unwrap();
                let versions: Vec<&str> = endpoint.versions.iter().map(|v| v.name()).collect();
                assert_eq!(
                    op["parameters"][1]["schema"]["enum"],
                    json!(versions),
                    "{key}"
                );
                assert!(op["responses"]["200"].is_object());
            }
        }
    }

    fn repository_file(path: &str) -> String {
        let full = format!("{}/../../{path}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
    }

    /// CI fails when the committed document is not the one the table gives.
    #[test]
    fn the_committed_document_is_current() {
        assert!(
            repository_file("docs/openapi.json") == text(),
            "docs/openapi.json is stale: run `zenlocal openapi --write docs/openapi.json`"
        );
    }

    #[test]
    fn the_readme_lists_the_actions_of_the_table() {
        assert!(
            repository_file("README.md").contains(&markdown_actions()),
            "README.md's action table is stale: replace it with `zenlocal openapi --markdown`"
        );
    }

    #[test]
    fn every_reference_resolves() {
        let doc = document();
        let mut refs = Vec::new();
        collect_refs(&doc, &mut refs);
        assert!(!refs.is_empty());
        for r in refs {
            let name = r
                .strip_prefix("#/components/schemas/")
                .unwrap_or_else(|| panic!("{r} points elsewhere"));
            assert!(
                doc["components"]["schemas"].get(name).is_some(),
                "{r} is not defined"
            );
        }
    }

    fn collect_refs(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(r)) = map.get("$ref") {
                    out.push(r.clone());
                }
                map.values().for_each(|v| collect_refs(v, out));
            }
            Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
            _ => {}
        }
    }

    #[test]
    fn version_only_fields_say_so() {
        let doc = document();
        let schemas = &doc["components"]["schemas"];
        assert_eq!(
            schemas["bmc.Zone"]["properties"]["isByoipEnabled"]["x-since"],
            "2026-02-01"
        );
        assert_eq!(
            schemas["bmc.CreateInstancesRequest"]["properties"]["sshKeys"]["x-until"],
            "2022-11-20"
        );
        assert_eq!(
            schemas["vm.CreateInstancesRequest"]["properties"]["instanceChargePostpaid"]["x-since"],
            "2026-04-01"
        );
    }
}
