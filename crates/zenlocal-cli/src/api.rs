//! `zenlocal <service> <action> --flag …`: the clap commands built from the table of
//! `zenlocal_wire::api` and the request schemas (`fields.rs`), the JSON body built back
//! from the parsed flags, and the call — signed, or shown with `--dry-run`, or repeated
//! page by page with `--page-all`.

use crate::failure::Failure;
use crate::fields::{self, Field, Kind};
use crate::render::{self, View};
use crate::settings::{mask, GlobalOpts, Settings};
use clap::builder::{PossibleValue, PossibleValuesParser};
use clap::{Arg, ArgAction, ArgMatches, Command};
use serde_json::{json, Map, Value};
use std::time::Instant;
use zenlocal_client::{Client, SignedRequest};
use zenlocal_wire::{Action, Endpoint, Service, Version};

const INPUT_JSON: &str = "cli-input-json";
const PAGE_ALL: &str = "page-all";
const API_VERSION: &str = "api-version";
/// `--page-all` asks for this many items per page unless `--page-size` is given.
const PAGE_ALL_SIZE: i64 = 100;
/// A guard against a server whose totalCount never stops growing.
const MAX_PAGES: usize = 10_000;

fn service_about(service: Service) -> &'static str {
    match service {
        Service::Bmc => "Bare-metal instances: the bmc API, one subcommand per action",
        Service::Vm => "Virtual machines: the vm API, one subcommand per action",
        Service::Zbc => "Billing: balance and transaction history (the zbc API)",
    }
}

/// `zenlocal bmc`, `zenlocal vm` or `zenlocal zbc`, with a subcommand per action.
pub fn service_command(service: Service) -> Command {
    let versions: Vec<PossibleValue> = service
        .versions()
        .iter()
        .map(|v| PossibleValue::new(v.name()).aliases(v.aliases().iter().copied()))
        .collect();
    let mut cmd = Command::new(service.name())
        .about(service_about(service))
        .subcommand_required(true)
        .arg_required_else_help(true)
        .after_help(
            "Credentials default to the demo account (zenlocal-demo / zenlocal-demo-secret) of a \
             local `zenlocal serve`; see `zenlocal configure`.",
        )
        .arg(
            Arg::new(API_VERSION)
                .long(API_VERSION)
                .alias("version-api")
                .global(true)
                .value_name("VERSION")
                .value_parser(PossibleValuesParser::new(versions))
                .help_heading("Connection and output")
                .help(format!(
                    "The API version (X-ZC-Version) [default: the newest the action is in, {} for most]",
                    service.newest().name()
                )),
        );
    for endpoint in Endpoint::of_service(service) {
        cmd = cmd.subcommand(action_command(endpoint));
    }
    cmd
}

/// `zenlocal bmc modify-instance-traffic-package --instance-id ID …`: the required flags.
fn example(endpoint: &Endpoint, fields: &[Field]) -> String {
    let mut line = format!(
        "zenlocal {} {}",
        endpoint.service.name(),
        fields::command_name(endpoint)
    );
    for field in fields.iter().filter(|f| f.required) {
        line.push_str(&format!(" --{} {}", field.flag(), field.value_name));
    }
    line
}

fn action_command(endpoint: &Endpoint) -> Command {
    let fields = fields::of(endpoint);
    let versions: Vec<&str> = endpoint.versions.iter().map(|v| v.name()).collect();
    let mut cmd = Command::new(fields::command_name(endpoint))
        .about(endpoint.about())
        .alias(endpoint.action.name())
        .long_about(format!(
            "{}\n\nSends {} to /api/v2/{} (versions {}). Every request field is a flag; \
             --cli-input-json gives the whole body.",
            endpoint.about(),
            endpoint.action.name(),
            endpoint.service.name(),
            versions.join(", ")
        ))
        .after_help(format!("Example:\n  {}", example(endpoint, &fields)));
    for field in &fields {
        cmd = cmd.arg(field_arg(field));
    }
    cmd = cmd.arg(
        Arg::new(INPUT_JSON)
            .long(INPUT_JSON)
            .value_name("JSON|@FILE")
            .value_parser(parse_input_json)
            .help_heading("Request")
            .help(
                "The request body as a JSON object, @FILE or @- (stdin); flags given too override its fields",
            ),
    );
    if fields::paginated(&fields) {
        cmd = cmd.arg(
            Arg::new(PAGE_ALL)
                .long(PAGE_ALL)
                .action(ArgAction::SetTrue)
                .help_heading("Request")
                .help("Fetch every page (100 a page unless --page-size) and merge their dataSet"),
        );
    }
    cmd
}

fn field_arg(field: &Field) -> Arg {
    let flag = field.flag();
    let help = if field.required {
        format!("{} [required]", field.help)
    } else {
        field.help.clone()
    };
    let mut arg = Arg::new(flag.clone())
        .long(flag)
        .value_name(field.value_name.clone())
        .help_heading("Request")
        .help(help);
    if let Some(alias) = &field.alias {
        arg = arg.visible_alias(alias.clone());
    }
    if field.required {
        arg = arg.required_unless_present(INPUT_JSON);
    }
    match field.kind {
        Kind::Str => arg.value_parser(clap::value_parser!(String)),
        Kind::Int => arg.value_parser(clap::value_parser!(i64)),
        Kind::Decimal => arg.value_parser(parse_decimal),
        Kind::Bool => arg
            .value_parser(clap::value_parser!(bool))
            .num_args(0..=1)
            .default_missing_value("true"),
        Kind::StrList => arg
            .action(ArgAction::Append)
            .value_delimiter(',')
            .value_parser(clap::value_parser!(String)),
        Kind::IntList => arg
            .action(ArgAction::Append)
            .value_delimiter(',')
            .value_parser(clap::value_parser!(i64)),
        Kind::TagAssociation | Kind::TagList => {
            arg.action(ArgAction::Append).value_parser(parse_tag)
        }
        Kind::Json => arg.value_parser(parse_json),
    }
}

/// A decimal such as `1.5` or `2`, sent as a JSON number.
fn parse_decimal(text: &str) -> Result<serde_json::Number, String> {
    let plain = !text.is_empty()
        && text
            .trim_start_matches('-')
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.')
        && text.matches('.').count() <= 1
        && text
            .trim_start_matches('-')
            .chars()
            .any(|c| c.is_ascii_digit());
    let number = text
        .parse::<f64>()
        .ok()
        .filter(|n| plain && n.is_finite())
        .and_then(serde_json::Number::from_f64);
    number.ok_or_else(|| format!("`{text}` is not a decimal number (e.g. 1.5)"))
}

/// `key=value`, or `key` alone for a tag without a value.
#[derive(Debug, Clone)]
struct Tag(String, Option<String>);

fn parse_tag(text: &str) -> Result<Tag, String> {
    let (key, value) = match text.split_once('=') {
        Some((k, v)) => (k, Some(v.to_owned())),
        None => (text, None),
    };
    if key.is_empty() {
        return Err(format!("`{text}` has no key; expected key=value"));
    }
    Ok(Tag(key.to_owned(), value))
}

fn parse_json(text: &str) -> Result<Value, String> {
    serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))
}

/// The `--cli-input-json` body: inline JSON, `@FILE` or `@-`; it must be an object.
fn parse_input_json(text: &str) -> Result<Value, String> {
    let owned;
    let source = match text.strip_prefix('@') {
        Some("-") => {
            let mut buf = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut buf)
                .map_err(|e| format!("cannot read stdin: {e}"))?;
            owned = buf;
            owned.as_str()
        }
        Some(path) => {
            owned =
                std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
            owned.as_str()
        }
        None => text,
    };
    let value: Value = serde_json::from_str(source).map_err(|e| format!("not JSON: {e}"))?;
    if !value.is_object() {
        return Err("the request body must be a JSON object".into());
    }
    Ok(value)
}

/// Puts `value` at a dotted `path`, creating the objects on the way.
fn set_path(body: &mut Value, path: &str, value: Value) -> Result<(), Failure> {
    let mut node = body;
    let mut parts = path.split('.').peekable();
    while let Some(part) = parts.next() {
        let Value::Object(map) = node else {
            return Err(Failure::usage(format!(
                "--cli-input-json has a non-object where `{path}` needs one"
            )));
        };
        if parts.peek().is_none() {
            map.insert(part.to_owned(), value);
            return Ok(());
        }
        node = map
            .entry(part.to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
    }
    Ok(())
}

fn tags(matches: &ArgMatches, id: &str) -> Vec<Value> {
    matches
        .get_many::<Tag>(id)
        .into_iter()
        .flatten()
        .map(|Tag(key, value)| json!({"key": key, "value": value}))
        .collect()
}

/// The request body: `--cli-input-json` first, then every flag given on top of it.
pub fn body(fields: &[Field], matches: &ArgMatches) -> Result<Value, Failure> {
    let mut body = matches
        .get_one::<Value>(INPUT_JSON)
        .cloned()
        .unwrap_or_else(|| Value::Object(Map::new()));
    for field in fields {
        let id = field.flag();
        if !matches.contains_id(&id) {
            continue;
        }
        let value = match field.kind {
            Kind::Str => json!(matches.get_one::<String>(&id)),
            Kind::Int => json!(matches.get_one::<i64>(&id)),
            Kind::Decimal => json!(matches.get_one::<serde_json::Number>(&id)),
            Kind::Bool => json!(matches.get_one::<bool>(&id)),
            Kind::StrList => json!(matches
                .get_many::<String>(&id)
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()),
            Kind::IntList => json!(matches
                .get_many::<i64>(&id)
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()),
            Kind::TagAssociation => json!({"tags": tags(matches, &id)}),
            Kind::TagList => Value::Array(tags(matches, &id)),
            Kind::Json => matches
                .get_one::<Value>(&id)
                .cloned()
                .unwrap_or(Value::Null),
        };
        set_path(&mut body, &field.path, value)?;
    }
    Ok(body)
}

fn view(action: Action) -> View {
    match action {
        Action::DescribeInstances => View::Instances,
        Action::DescribeInstanceInternetStatus => View::InternetStatus,
        Action::DescribeInstanceTypeStatus => View::TypeStatus,
        Action::DescribeTransactionHistory => View::Transactions,
        _ => View::Generic,
    }
}

/// The request as an HTTP message: what `--dry-run` prints and a replay can send.
pub fn http_text(request: &SignedRequest, masked: bool) -> String {
    let mut out = format!("POST {}\n", request.url);
    if let Some(host) = request
        .url
        .split("://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
    {
        out.push_str(&format!("host: {host}\n"));
    }
    for (name, value) in &request.headers {
        let value = if masked && name.eq_ignore_ascii_case("authorization") {
            mask_authorization(value)
        } else {
            value.clone()
        };
        out.push_str(&format!("{name}: {value}\n"));
    }
    out.push('\n');
    out.push_str(&String::from_utf8_lossy(&request.body));
    out
}

fn mask_authorization(value: &str) -> String {
    if let Some(token) = value.strip_prefix("Bearer ") {
        return format!("Bearer {}", mask(token));
    }
    match value.find("Signature=") {
        Some(at) => format!("{}Signature=****", &value[..at]),
        None => "****".to_owned(),
    }
}

struct Call<'a> {
    client: &'a Client,
    version: Version,
    action: &'static str,
    debug: bool,
}

impl Call<'_> {
    async fn send(&self, body: &Value) -> Result<Value, Failure> {
        let bytes = serde_json::to_vec(body).map_err(|e| Failure::other(e.to_string()))?;
        let request = self.client.sign(self.version, self.action, bytes);
        let started = Instant::now();
        if self.debug {
            for line in http_text(&request, true).lines() {
                eprintln!("> {line}");
            }
        }
        let answer = self.client.send(request).await;
        if self.debug {
            let ms = started.elapsed().as_secs_f64() * 1000.0;
            match &answer {
                Ok(value) => eprintln!("< 200 ({ms:.1} ms) {value}"),
                Err(e) => eprintln!("< ({ms:.1} ms) {e}"),
            }
        }
        answer.map_err(|e| Failure::from_client(e, self.client.endpoint()))
    }

    /// Every page from 1, merged: stops at `totalCount` items or at a short page.
    async fn every_page(&self, mut body: Value, page_size: i64) -> Result<Value, Failure> {
        let mut merged: Vec<Value> = Vec::new();
        let mut page = 1_i64;
        loop {
            set_path(&mut body, "pageNum", json!(page))?;
            set_path(&mut body, "pageSize", json!(page_size))?;
            let mut answer = self.send(&body).await?;
            let items = match answer.get_mut("dataSet").map(Value::take) {
                Some(Value::Array(items)) => items,
                _ => Vec::new(),
            };
            let count = items.len();
            merged.extend(items);
            let total = answer
                .get("totalCount")
                .and_then(Value::as_u64)
                .unwrap_or(0);
            let done = merged.len() as u64 >= total
                || (count as i64) < page_size
                || count == 0
                || page as usize >= MAX_PAGES;
            if done {
                if let Value::Object(map) = &mut answer {
                    map.insert("dataSet".into(), Value::Array(merged));
                }
                return Ok(answer);
            }
            page += 1;
        }
    }
}

/// Runs `zenlocal <service> <action> …`; answers the text to print.
pub async fn run(
    service: Service,
    global: &GlobalOpts,
    matches: &ArgMatches,
) -> Result<String, Failure> {
    let Some((name, leaf)) = matches.subcommand() else {
        return Err(Failure::usage(format!(
            "name an action of {}",
            service.name()
        )));
    };
    let endpoint = fields::find(service, name)
        .ok_or_else(|| Failure::usage(format!("{} has no action `{name}`", service.name())))?;
    let fields = fields::of(endpoint);
    // Without --api-version, the newest version the action exists in (D-104): vm's key
    // pairs are answered in 2023-03-13 only.
    let version = match matches.get_one::<String>(API_VERSION) {
        Some(asked) => service
            .version(Some(asked))
            .map_err(|e| Failure::usage(e.message))?,
        None => endpoint.newest(),
    };
    let page_all = fields::paginated(&fields) && leaf.get_flag(PAGE_ALL);
    let settings = Settings::resolve(&global.conn, Some(&global.cred), None)?;
    let mut body = body(&fields, leaf)?;
    let client = Client::new(&settings.endpoint, settings.credential.clone())
        .map_err(|e| Failure::from_client(e, &settings.endpoint))?;
    if settings.debug {
        eprintln!(
            "* {} {} ({}) at {} as {}",
            service.name(),
            endpoint.action.name(),
            version.name(),
            client.endpoint(),
            settings.credential_source
        );
    }
    let page_size = body
        .get("pageSize")
        .and_then(Value::as_i64)
        .filter(|n| *n > 0)
        .unwrap_or(PAGE_ALL_SIZE);
    if page_all {
        set_path(&mut body, "pageNum", json!(1))?;
        set_path(&mut body, "pageSize", json!(page_size))?;
    }
    if global.dry_run {
        let bytes = serde_json::to_vec(&body).map_err(|e| Failure::other(e.to_string()))?;
        let request = client.sign(version, endpoint.action.name(), bytes);
        return Ok(http_text(&request, false));
    }
    let call = Call {
        client: &client,
        version,
        action: endpoint.action.name(),
        debug: settings.debug,
    };
    let answer = if page_all {
        call.every_page(body, page_size).await?
    } else {
        call.send(&body).await?
    };
    render::render(
        &answer,
        settings.output,
        settings.query.as_deref(),
        view(endpoint.action),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(service: Service, args: &[&str]) -> Result<Value, String> {
        let cmd = Command::new("zenlocal").subcommand(service_command(service));
        let mut argv = vec!["zenlocal", service.name()];
        argv.extend_from_slice(args);
        let matches = cmd.try_get_matches_from(argv).map_err(|e| e.to_string())?;
        let (_, service_matches) = matches.subcommand().unwrap();
        let (name, leaf) = service_matches.subcommand().unwrap();
        body(&fields::of(fields::find(service, name).unwrap()), leaf).map_err(|e| e.report())
    }

    #[test]
    fn commands_pass_clap_checks() {
        for service in Service::ALL {
            service_command(service).debug_assert();
        }
    }

    #[test]
    fn flags_become_typed_json_with_nested_objects() {
        let body = parse(
            Service::Bmc,
            &[
                "create-instances",
                "--zone-id",
                "SEL-A",
                "--instance-charge-type",
                "PREPAID",
                "--period",
                "1",
                "--instance-type-id",
                "M6C",
                "--internet-charge-type",
                "ByTrafficPackage",
                "--traffic-package-size",
                "1.5",
                "--ssh-keys",
                "a,b",
                "--ssh-keys",
                "c",
                "--tag",
                "env=ci",
                "--tags",
                "bare",
                "--nic-wan-name",
                "wan0",
            ],
        )
        .unwrap();
        assert_eq!(
            body,
            json!({
                "zoneId": "SEL-A", "instanceChargeType": "PREPAID",
                "instanceChargePrepaid": {"period": 1}, "instanceTypeId": "M6C",
                "internetChargeType": "ByTrafficPackage", "trafficPackageSize": 1.5,
                "sshKeys": ["a", "b", "c"], "nic": {"wanName": "wan0"},
                "tags": {"tags": [{"key": "env", "value": "ci"}, {"key": "bare", "value": null}]}
            })
        );
    }

    #[test]
    fn booleans_stand_alone_or_take_a_value() {
        let on = parse(
            Service::Vm,
            &["stop-instances", "--instance-ids", "a", "--force-shutdown"],
        );
        assert_eq!(on.unwrap()["forceShutdown"], json!(true));
        let off = parse(
            Service::Vm,
            &[
                "stop-instances",
                "--instance-ids",
                "a",
                "--force-shutdown",
                "false",
            ],
        );
        assert_eq!(off.unwrap()["forceShutdown"], json!(false));
    }

    #[test]
    fn input_json_is_the_base_and_flags_override_it() {
        let body = parse(
            Service::Bmc,
            &[
                "modify-instance-traffic-package",
                "--cli-input-json",
                r#"{"instanceId": "from-json", "trafficPackageSize": 3, "extra": {"x": 1}}"#,
                "--traffic-package-size",
                "2.5",
            ],
        )
        .unwrap();
        assert_eq!(
            body,
            json!({"instanceId": "from-json", "trafficPackageSize": 2.5, "extra": {"x": 1}})
        );
        let err = parse(
            Service::Bmc,
            &["modify-instance-traffic-package", "--cli-input-json", "[1]"],
        )
        .unwrap_err();
        assert!(err.contains("JSON object"), "{err}");
    }

    #[test]
    fn bad_values_name_the_flag() {
        let err = parse(
            Service::Bmc,
            &[
                "modify-instance-traffic-package",
                "--instance-id",
                "x",
                "--traffic-package-size",
                "lots",
            ],
        )
        .unwrap_err();
        assert!(err.contains("--traffic-package-size"), "{err}");
        let err = parse(Service::Bmc, &["describe-instances", "--page-size", "ten"]).unwrap_err();
        assert!(err.contains("--page-size"), "{err}");
        let err = parse(
            Service::Bmc,
            &["modify-instance-traffic-package", "--instance-id", "x"],
        )
        .unwrap_err();
        assert!(err.contains("--traffic-package-size"), "{err}");
        for bad in ["1e3", "inf", "NaN", "", "1.2.3", "-", "."] {
            assert!(parse_decimal(bad).is_err(), "{bad:?}");
        }
        assert_eq!(parse_decimal("0.05").unwrap().to_string(), "0.05");
    }

    /// Decodes `body` into the request type the server decodes for (service, action), and
    /// encodes it back; generated from the table, as the server's registry is.
    macro_rules! round_trip {
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
            fn round_trip(service: Service, action: Action, body: Value) -> Result<Value, String> {
                use zenlocal_wire::decode::decode_value;
                match (service, action) {
                    $($(
                        ($krate::__service!($service), Action::$action) => {
                            let typed: $krate::model::$($req)::+ =
                                decode_value(body).map_err(|e| e.message)?;
                            serde_json::to_value(typed).map_err(|e| e.to_string())
                        }
                    )+)*
                    _ => Err("not in the table".into()),
                }
            }
        };
    }

    zenlocal_wire::for_each_endpoint!(round_trip);

    /// The text of a flag: by its kind, or, for a structure with no flat form, JSON generated
    /// from the field's schema.
    fn sample(endpoint: &Endpoint, field: &fields::Field) -> Vec<String> {
        let text = match field.kind {
            Kind::Str => "text",
            Kind::Int => "7",
            Kind::Decimal => "1.5",
            Kind::Bool => "true",
            Kind::StrList => "a,b",
            Kind::IntList => "1,5",
            Kind::TagAssociation | Kind::TagList => "k=v",
            Kind::Json => return vec![fields::sample(endpoint, &field.path).to_string()],
        };
        vec![text.to_owned()]
    }

    /// A body built with every flag of an action decodes into the wire request type the
    /// server reads, and each field survives: a misnamed or mistyped flag fails.
    #[test]
    fn every_flag_reaches_the_wire_request_type() {
        for endpoint in zenlocal_wire::api::ENDPOINTS {
            let fields = fields::of(endpoint);
            let mut args = vec![fields::command_name(endpoint)];
            for field in &fields {
                args.push(format!("--{}", field.flag()));
                args.extend(sample(endpoint, field));
            }
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let what = format!("{} {}", endpoint.service.name(), endpoint.action.name());
            let body = parse(endpoint.service, &args).unwrap_or_else(|e| panic!("{what}: {e}"));
            let decoded = round_trip(endpoint.service, endpoint.action, body.clone())
                .unwrap_or_else(|e| panic!("{what}: {e}"));
            for field in &fields {
                let pointer = format!("/{}", field.path.replace('.', "/"));
                assert_eq!(
                    decoded.pointer(&pointer),
                    body.pointer(&pointer),
                    "{what} {}",
                    field.path
                );
            }
        }
    }

    /// Every action of the table is a subcommand of its service, under its kebab-case name
    /// and its own name, with an example naming its required flags.
    #[test]
    fn every_action_is_a_subcommand_of_its_service() {
        for endpoint in zenlocal_wire::api::ENDPOINTS {
            let service = service_command(endpoint.service);
            let name = fields::command_name(endpoint);
            let sub = service
                .find_subcommand(&name)
                .unwrap_or_else(|| panic!("no {} {name}", endpoint.service.name()));
            assert!(sub.get_all_aliases().any(|a| a == endpoint.action.name()));
            let help = sub
                .get_after_help()
                .map(|h| h.to_string())
                .unwrap_or_default();
            assert!(help.contains(&format!("zenlocal {} {name}", endpoint.service.name())));
            for field in fields::of(endpoint).iter().filter(|f| f.required) {
                assert!(help.contains(&format!("--{}", field.flag())), "{help}");
            }
        }
    }

    #[test]
    fn dry_run_text_masks_only_when_asked() {
        let request = SignedRequest {
            url: "http://127.0.0.1:8080/api/v2/bmc".into(),
            headers: vec![(
                "authorization".into(),
                "ZC2-HMAC-SHA256 Credential=id, SignedHeaders=content-type;host, Signature=abc"
                    .into(),
            )],
            body: b"{}".to_vec(),
        };
        let shown = http_text(&request, false);
        assert!(shown.starts_with("POST http://127.0.0.1:8080/api/v2/bmc\nhost: 127.0.0.1:8080\n"));
        assert!(shown.contains("Signature=abc") && shown.ends_with("\n\n{}"));
        assert!(http_text(&request, true).contains("Signature=****"));
        assert_eq!(
            mask_authorization("Bearer zenlocal-demo-token"),
            "Bearer ****oken"
        );
    }
}
