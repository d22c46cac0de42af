//! The testing tools of the control plane (README "Testing tools"): request faults
//! (D-185, D-188), the request journal (D-186, D-187) and snapshots (D-189, D-190).

use crate::control::{ok, parse, path_param, Answer};
use crate::journal::Filter;
use crate::App;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, Query, Request, State};
use axum::routing::{delete, get, post};
use axum::Router;
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Arc;
use zenlocal_core::fault::{ServiceFault, ServiceFaultKind};
use zenlocal_core::ApiError;
use zenlocal_store::ops::faults::{AddServiceFault, DeleteServiceFault, ServiceFaults, Target};
use zenlocal_store::SnapshotInfo;
use zenlocal_wire::decode::text;
use zenlocal_wire::{codes, ids, Service};

pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/faults", post(add_fault).get(list_faults))
        .route("/faults/{fault_id}", delete(delete_fault))
        .route("/requests", get(requests))
        .route("/snapshots", post(save_snapshot).get(list_snapshots))
        .route("/snapshots/{name}", delete(delete_snapshot))
        .route("/snapshots/{name}/restore", post(restore_snapshot))
}

/// A request fault (D-185), or with `kind` a service fault (D-191, D-199).
async fn add_fault(State(app): State<Arc<App>>, request: Request) -> Answer {
    let body: Value = parse(&app, request).await?;
    if body.get("kind").is_some() {
        let added = app.store.write(service_fault(&body)?).await?;
        return ok(&service_fault_json(&added));
    }
    let spec = crate::faults::parse(&body)?;
    ok(&app.faults.add(spec))
}

/// Service faults' ids start so; request faults' with `flt-`.
const SERVICE_FAULT: &str = "sfl-";

/// `{"kind": "renewalFails", "instanceId", "accountId"?}` (D-191) or
/// `{"kind": "provisioningFails", "accountId", "service"}` (D-199).
fn service_fault(body: &Value) -> Result<AddServiceFault, ApiError> {
    let object = body
        .as_object()
        .ok_or_else(|| ApiError::invalid_parameter("the body must be a JSON object"))?;
    let field_text = |field: &str| -> Result<Option<String>, ApiError> {
        match object.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => {
                text(field, s)?;
                Ok(Some(s.clone()))
            }
            Some(_) => Err(ApiError::invalid_parameter(format!(
                "`{field}` must be a string"
            ))),
        }
    };
    let kind = field_text("kind")?.unwrap_or_default();
    let kind: ServiceFaultKind = kind.parse().map_err(|_| {
        ApiError::invalid_parameter(format!(
            "`kind` must be renewalFails or provisioningFails (got `{kind}`)"
        ))
    })?;
    let fields: &[&str] = match kind {
        ServiceFaultKind::RenewalFails => &["kind", "instanceId", "accountId"],
        ServiceFaultKind::ProvisioningFails => &["kind", "accountId", "service"],
    };
    for key in object.keys() {
        if !fields.contains(&key.as_str()) {
            return Err(ApiError::invalid_parameter(format!(
                "`{key}` is not a field of a {kind} fault ({})",
                fields.join(", ")
            )));
        }
    }
    let target = match kind {
        ServiceFaultKind::RenewalFails => Target::Instance {
            instance_id: field_text("instanceId")?
                .ok_or_else(|| ApiError::missing_parameter("instanceId"))?,
            account_id: field_text("accountId")?,
        },
        ServiceFaultKind::ProvisioningFails => {
            let account_id =
                field_text("accountId")?.ok_or_else(|| ApiError::missing_parameter("accountId"))?;
            let name =
                field_text("service")?.ok_or_else(|| ApiError::missing_parameter("service"))?;
            let service = Service::from_path(&name)
                .filter(|s| *s != Service::Zbc)
                .ok_or_else(|| {
                    ApiError::invalid_parameter(format!(
                        "`service` must be bmc or vm, the services that create instances (got `{name}`)"
                    ))
                })?;
            Target::Account {
                account_id,
                service,
            }
        }
    };
    Ok(AddServiceFault {
        id: format!(
            "{SERVICE_FAULT}{}",
            ids::request_id()[1..].replace('-', "")[..16].to_ascii_lowercase()
        ),
        kind,
        target,
    })
}

fn service_fault_json(f: &ServiceFault) -> Value {
    let mut rule = json!({
        "faultId": f.id,
        "kind": f.kind.name(),
        "accountId": f.account_id,
        "createdAt": f.created_at.to_string(),
    });
    if let Some(instance_id) = &f.instance_id {
        rule["instanceId"] = json!(instance_id);
    }
    if let Some(service) = f.service {
        rule["service"] = json!(service.name());
    }
    rule
}

/// Request rules of this server, then service faults waiting in the store.
async fn list_faults(State(app): State<Arc<App>>) -> Answer {
    let mut all: Vec<Value> = app
        .faults
        .list()
        .iter()
        .map(|r| serde_json::to_value(r).unwrap_or(Value::Null))
        .collect();
    let waiting = app.store.read(ServiceFaults).await?;
    all.extend(waiting.iter().map(service_fault_json));
    ok(&json!({ "faults": all }))
}

async fn delete_fault(
    State(app): State<Arc<App>>,
    fault_id: Result<Path<String>, PathRejection>,
) -> Answer {
    let fault_id = path_param("faultId", fault_id)?;
    let deleted = if fault_id.starts_with(SERVICE_FAULT) {
        app.store
            .write(DeleteServiceFault(fault_id.clone()))
            .await?
    } else {
        app.faults.delete(&fault_id)
    };
    if !deleted {
        return Err(ApiError::new(
            codes::RESOURCE_NOT_FOUND,
            format!("no fault rule `{fault_id}` on this server"),
        )
        .into());
    }
    ok(&json!({}))
}

/// `GET /_zenlocal/requests?action=&accountId=&code=&since=&limit=`, newest first (D-186).
async fn requests(
    State(app): State<Arc<App>>,
    Query(query): Query<HashMap<String, String>>,
) -> Answer {
    for (field, value) in &query {
        if !["action", "accountId", "code", "since", "limit"].contains(&field.as_str()) {
            return Err(ApiError::invalid_parameter(format!(
                "`{field}` is not a filter of the journal (action, accountId, code, since, limit)"
            ))
            .into());
        }
        text(field, value)?;
    }
    let number = |field: &str| -> Result<Option<u64>, ApiError> {
        query
            .get(field)
            .map(|v| {
                v.parse::<u64>().map_err(|_| {
                    ApiError::invalid_parameter(format!(
                        "`{field}` must be a whole number (got `{v}`)"
                    ))
                })
            })
            .transpose()
    };
    let filter = Filter {
        action: query.get("action").cloned(),
        account_id: query.get("accountId").cloned(),
        code: query.get("code").cloned(),
        since: number("since")?,
        limit: number("limit")?.map(|n| n as usize),
    };
    ok(&json!({
        "enabled": app.journal.enabled(),
        "requests": app.journal.query(&filter).await,
    }))
}

fn snapshot_json(info: &SnapshotInfo) -> Value {
    json!({
        "name": info.name,
        "createdAt": info.created_at.to_string(),
        "now": info.now.to_string(),
    })
}

#[derive(Deserialize)]
struct SaveRequest {
    name: Option<String>,
}

async fn save_snapshot(State(app): State<Arc<App>>, request: Request) -> Answer {
    let req: SaveRequest = parse(&app, request).await?;
    let name = req
        .name
        .ok_or_else(|| ApiError::missing_parameter("name"))?;
    let saved = app.store.save_snapshot(&name).await?;
    ok(&snapshot_json(&saved))
}

async fn list_snapshots(State(app): State<Arc<App>>) -> Answer {
    let all = app.store.snapshots().await?;
    let all: Vec<Value> = all.iter().map(snapshot_json).collect();
    ok(&json!({ "snapshots": all }))
}

/// Restores the store, takes its clock, forgets cached credentials and wakes the
/// scheduler, so events due in the restored state apply at once (D-190).
async fn restore_snapshot(
    State(app): State<Arc<App>>,
    name: Result<Path<String>, PathRejection>,
) -> Answer {
    let name = path_param("name", name)?;
    let (restored, clock) = app
        .clock
        .replacing(&app.store, app.store.restore_snapshot(&name))
        .await?;
    app.credentials.clear();
    app.wake.notify_one();
    ok(&json!({
        "name": restored.name,
        "createdAt": restored.created_at.to_string(),
        "now": clock.now(zenlocal_store::real_now()).to_string(),
        "mode": clock.mode.name(),
    }))
}

async fn delete_snapshot(
    State(app): State<Arc<App>>,
    name: Result<Path<String>, PathRejection>,
) -> Answer {
    let name = path_param("name", name)?;
    app.store.delete_snapshot(&name).await?;
    ok(&json!({}))
}
