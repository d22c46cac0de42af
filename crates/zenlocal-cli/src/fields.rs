//! The flags of an API subcommand, read from the JSON Schema of the action's request type
//! (`zenlocal_wire::api`, `zenlocal_wire::openapi::generator`): one flag per field, named
//! after its JSON path (`instanceChargePrepaid.period` → `--instance-charge-prepaid-period`),
//! typed by its JSON type, with the field's line of help. Extensions on the wire type add
//! a shorter name (`x-cli-alias`) and a placeholder (`x-cli-value`); `x-since` and
//! `x-until` are said in the help.

use serde_json::{Map, Value};
use zenlocal_wire::{openapi, Endpoint};

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
    /// `key=value` repeated → `{"tags": [{key, value}]}`: an object holding only a list of
    /// key/value pairs.
    TagAssociation,
    /// `key=value` repeated → `[{key, value}]`.
    TagList,
    /// Any JSON value, for structures with no flat form (a list of objects).
    Json,
}

#[derive(Debug, Clone)]
pub struct Field {
    /// The JSON path in the request body, `.` between nested objects.
    pub path: String,
    pub kind: Kind,
    pub required: bool,
    pub help: String,
    /// A shorter second name (`--period`).
    pub alias: Option<String>,
    /// The placeholder in help (`<TB>`).
    pub value_name: String,
}

impl Field {
    /// `instanceChargePrepaid.period` → `instance-charge-prepaid-period`.
    pub fn flag(&self) -> String {
        self.path
            .split('.')
            .map(kebab)
            .collect::<Vec<_>>()
            .join("-")
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

/// `ModifyInstanceTrafficPackage` → `modify-instance-traffic-package`.
pub fn command_name(endpoint: &Endpoint) -> String {
    kebab(endpoint.action.name())
}

/// The endpoint of a subcommand name (kebab case, or the action's own name).
pub fn find(service: zenlocal_wire::Service, name: &str) -> Option<&'static Endpoint> {
    Endpoint::of_service(service).find(|e| command_name(e) == name || e.action.name() == name)
}

/// Actions with `pageNum`/`pageSize` and a `dataSet` answer (ZENLAYER-API.md §4).
pub fn paginated(fields: &[Field]) -> bool {
    fields.iter().any(|f| f.path == "pageNum")
}

/// The request fields of `endpoint`, required ones first, then by name.
pub fn of(endpoint: &Endpoint) -> Vec<Field> {
    let mut generator = openapi::generator();
    let root = (endpoint.request_schema)(&mut generator);
    let definitions = generator.definitions().clone();
    let mut fields = Vec::new();
    let schema = resolve(root.as_value(), &definitions);
    walk(&schema, "", true, &definitions, &mut fields);
    fields.sort_by(|a, b| b.required.cmp(&a.required).then(a.path.cmp(&b.path)));
    fields
}

/// A property's schema without `null` and with references followed; the property's own
/// description and extensions are kept over the referenced type's.
fn resolve(schema: &Value, definitions: &Map<String, Value>) -> Map<String, Value> {
    let mut out = schema.as_object().cloned().unwrap_or_default();
    if let Some(Value::Array(branches)) = out.remove("anyOf") {
        let non_null: Vec<&Value> = branches
            .iter()
            .filter(|b| b.get("type") != Some(&Value::from("null")))
            .collect();
        if let [only] = non_null[..] {
            for (k, v) in resolve(only, definitions) {
                out.entry(k).or_insert(v);
            }
        }
    }
    if let Some(Value::String(reference)) = out.remove("$ref") {
        let name = reference.rsplit('/').next().unwrap_or_default();
        if let Some(target) = definitions.get(name) {
            for (k, v) in resolve(target, definitions) {
                out.entry(k).or_insert(v);
            }
        }
    }
    if let Some(Value::Array(types)) = out.get("type") {
        let non_null: Vec<&Value> = types.iter().filter(|t| *t != "null").collect();
        if let [only] = non_null[..] {
            let only = only.clone();
            out.insert("type".into(), only);
        }
    }
    out
}

fn type_of(schema: &Map<String, Value>) -> &str {
    schema.get("type").and_then(Value::as_str).unwrap_or("")
}

fn properties(schema: &Map<String, Value>) -> Vec<(&String, &Value)> {
    schema
        .get("properties")
        .and_then(Value::as_object)
        .map(|p| p.iter().collect())
        .unwrap_or_default()
}

/// An object of exactly `key` and `value`: a tag.
fn is_tag(schema: &Map<String, Value>) -> bool {
    let mut names: Vec<&str> = properties(schema).iter().map(|(n, _)| n.as_str()).collect();
    names.sort_unstable();
    type_of(schema) == "object" && names == ["key", "value"]
}

fn kind_of(schema: &Map<String, Value>, definitions: &Map<String, Value>) -> Option<Kind> {
    Some(match type_of(schema) {
        "string" => Kind::Str,
        "integer" => Kind::Int,
        "number" => Kind::Decimal,
        "boolean" => Kind::Bool,
        "array" => {
            let items = resolve(schema.get("items").unwrap_or(&Value::Null), definitions);
            match type_of(&items) {
                "string" => Kind::StrList,
                "integer" => Kind::IntList,
                _ if is_tag(&items) => Kind::TagList,
                _ => Kind::Json,
            }
        }
        "object" => {
            let props = properties(schema);
            match props[..] {
                [(_, only)]
                    if kind_of(&resolve(only, definitions), definitions) == Some(Kind::TagList) =>
                {
                    Kind::TagAssociation
                }
                // A nested object: a flag per field of it.
                _ if !props.is_empty() => return None,
                _ => Kind::Json,
            }
        }
        _ => Kind::Json,
    })
}

fn walk(
    schema: &Map<String, Value>,
    prefix: &str,
    required_here: bool,
    definitions: &Map<String, Value>,
    out: &mut Vec<Field>,
) {
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    for (name, property) in properties(schema) {
        let path = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}.{name}")
        };
        let property = resolve(property, definitions);
        let is_required = required_here && required.contains(&name.as_str());
        match kind_of(&property, definitions) {
            Some(kind) => out.push(field(path, kind, is_required, &property)),
            None => walk(&property, &path, is_required, definitions, out),
        }
    }
}

fn field(path: String, kind: Kind, required: bool, schema: &Map<String, Value>) -> Field {
    let text = |key: &str| schema.get(key).and_then(Value::as_str).map(str::to_owned);
    let mut help = text("description").unwrap_or_default();
    let versions = match (text("x-since"), text("x-until")) {
        (Some(since), _) => Some(format!(" ({since} and later)")),
        (_, Some(until)) => Some(format!(" (up to {until})")),
        _ => None,
    };
    if let Some(versions) = versions {
        let end = help.strip_suffix('.').map_or(help.len(), str::len);
        help.insert_str(end, &versions);
    }
    let name = path.rsplit('.').next().unwrap_or_default();
    let value = text("x-cli-value").unwrap_or_else(|| {
        let id = name.ends_with("Id") || name.ends_with("Ids");
        match kind {
            _ if id => "ID",
            Kind::Str | Kind::StrList => "TEXT",
            Kind::Int | Kind::IntList => "N",
            Kind::Decimal => "NUMBER",
            Kind::Bool => "BOOL",
            Kind::TagAssociation | Kind::TagList => "KEY=VALUE",
            Kind::Json => "JSON",
        }
        .to_owned()
    });
    let value_name = match kind {
        Kind::StrList | Kind::IntList => format!("{value},.."),
        _ => value,
    };
    Field {
        path,
        kind,
        required,
        help,
        alias: text("x-cli-alias"),
        value_name,
    }
}

/// A value of the field at `path` of `endpoint`'s request, generated from its schema: every
/// property of an object set, one item in a list, the first of a set of values. Tests use
/// it to build a request of any action without knowing its fields.
#[cfg(test)]
pub fn sample(endpoint: &Endpoint, path: &str) -> Value {
    let mut generator = openapi::generator();
    let root = (endpoint.request_schema)(&mut generator);
    let definitions = generator.definitions().clone();
    let mut schema = resolve(root.as_value(), &definitions);
    for name in path.split('.') {
        let property = schema
            .get("properties")
            .and_then(|p| p.get(name))
            .unwrap_or_else(|| panic!("{} has no {path}", endpoint.action.name()));
        schema = resolve(property, &definitions);
    }
    sample_of(&schema, &definitions)
}

#[cfg(test)]
fn sample_of(schema: &Map<String, Value>, definitions: &Map<String, Value>) -> Value {
    if let Some(value) = schema.get("const") {
        return value.clone();
    }
    if let Some(Value::Array(values)) = schema.get("enum") {
        return values[0].clone();
    }
    if let Some(Value::Array(branches)) = schema.get("oneOf").or_else(|| schema.get("anyOf")) {
        return sample_of(&resolve(&branches[0], definitions), definitions);
    }
    match type_of(schema) {
        "string" => Value::from("text"),
        "integer" => Value::from(7),
        "number" => Value::from(1.5),
        "boolean" => Value::from(true),
        "array" => {
            let items = resolve(schema.get("items").unwrap_or(&Value::Null), definitions);
            Value::Array(vec![sample_of(&items, definitions)])
        }
        "object" => Value::Object(
            properties(schema)
                .into_iter()
                .map(|(name, property)| {
                    let property = resolve(property, definitions);
                    (name.clone(), sample_of(&property, definitions))
                })
                .collect(),
        ),
        other => panic!("no sample of a schema of type {other:?}: {schema:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use zenlocal_wire::api::ENDPOINTS;
    use zenlocal_wire::{Action, Service};

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
    }

    fn field_of(service: Service, action: Action, path: &str) -> Field {
        let endpoint = Endpoint::of(service, action).unwrap();
        of(endpoint)
            .into_iter()
            .find(|f| f.path == path)
            .unwrap_or_else(|| panic!("no {path}"))
    }

    #[test]
    fn fields_take_kind_names_and_help_from_the_schema() {
        let period = field_of(
            Service::Bmc,
            Action::CreateInstances,
            "instanceChargePrepaid.period",
        );
        assert_eq!(period.flag(), "instance-charge-prepaid-period");
        assert_eq!(
            (period.kind, period.required, period.alias.as_deref()),
            (Kind::Int, false, Some("period"))
        );
        assert_eq!(period.value_name, "MONTHS");
        let tags = field_of(Service::Bmc, Action::CreateInstances, "tags");
        assert_eq!(
            (tags.kind, tags.alias.as_deref()),
            (Kind::TagAssociation, Some("tag"))
        );
        let filter = field_of(Service::Vm, Action::DescribeInstances, "tags");
        assert_eq!(filter.kind, Kind::TagList);
        let disks = field_of(Service::Vm, Action::CreateInstances, "dataDisks");
        assert_eq!(disks.kind, Kind::Json);
        let size = field_of(
            Service::Vm,
            Action::ModifyInstanceTrafficPackage,
            "trafficPackageSize",
        );
        assert_eq!((size.kind, size.required), (Kind::Decimal, true));
        assert_eq!(size.value_name, "TB");
        assert!(!size.help.is_empty());
        let keys = field_of(Service::Bmc, Action::CreateInstances, "sshKeys");
        assert_eq!(
            (keys.kind, keys.value_name.as_str()),
            (Kind::StrList, "TEXT,..")
        );
        assert!(keys.help.ends_with(" (up to 2022-11-20)."), "{}", keys.help);
    }

    /// Every field of every request, the fields of nested objects included, is a flag or
    /// lies inside one; every flag has help; no two flags of an action share a name.
    #[test]
    fn every_request_field_has_a_flag() {
        for endpoint in ENDPOINTS {
            let fields = of(endpoint);
            let mut generator = openapi::generator();
            let root = (endpoint.request_schema)(&mut generator);
            let definitions = generator.definitions().clone();
            let mut paths = Vec::new();
            every_path(
                &resolve(root.as_value(), &definitions),
                "",
                &definitions,
                &mut paths,
            );
            for path in paths {
                assert!(
                    fields
                        .iter()
                        .any(|f| path == f.path || path.starts_with(&format!("{}.", f.path))),
                    "{} {}: no flag for {path}",
                    endpoint.service.name(),
                    endpoint.action.name()
                );
            }
            let mut names: Vec<String> = fields.iter().map(Field::flag).collect();
            names.extend(fields.iter().filter_map(|f| f.alias.clone()));
            let count = names.len();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), count, "{}", endpoint.action.name());
            for f in &fields {
                assert!(!f.help.is_empty(), "{} {}", endpoint.action.name(), f.path);
            }
        }
    }

    fn every_path(
        schema: &Map<String, Value>,
        prefix: &str,
        definitions: &Map<String, Value>,
        out: &mut Vec<String>,
    ) {
        for (name, property) in properties(schema) {
            let path = if prefix.is_empty() {
                name.clone()
            } else {
                format!("{prefix}.{name}")
            };
            let property = resolve(property, definitions);
            if type_of(&property) == "object" {
                every_path(&property, &path, definitions, out);
            } else {
                out.push(path);
            }
        }
    }
}
