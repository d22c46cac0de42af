//! Where a client-side command sends, as whom, and how it prints: flags and environment
//! variables first, then the profile in the config files, then the defaults — a local
//! server at http://127.0.0.1:8080 and the demo account `zenlocal-demo`, so that a fresh
//! `zenlocal serve` answers the CLI without any set-up.
//!
//! Profiles live under `$XDG_CONFIG_HOME/zenlocal/` (or `~/.config/zenlocal/`): endpoint
//! and output in `config.toml`, secrets in `credentials.toml`, which is written with mode
//! 0600. `zenlocal configure` writes both.

use crate::failure::Failure;
use crate::render::OutputFormat;
use clap::parser::ValueSource;
use clap::ArgMatches;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use zenlocal_client::Credential;
use zenlocal_core::demo::Demo;

pub const DEFAULT_ENDPOINT: &str = "http://127.0.0.1:8080";
pub const DEFAULT_PROFILE: &str = "default";

const HEADING: &str = "Connection and output";

// Where to send and how to print; every client-side command takes these. (A doc
// comment here would become the `about` of the commands these are flattened into.)
#[derive(clap::Args, Debug, Clone)]
pub struct ConnOpts {
    /// The server [default: http://127.0.0.1:8080, a local `zenlocal serve`; the real
    /// cloud is https://console.zenlayer.com].
    #[arg(long, global = true, env = zenlocal_client::ENV_ENDPOINT, value_name = "URL",
          help_heading = HEADING)]
    pub endpoint: Option<String>,
    /// The profile to read from the config files [default: default].
    #[arg(long, global = true, env = "ZENLOCAL_PROFILE", value_name = "NAME", help_heading = HEADING)]
    pub profile: Option<String>,
    /// How to print the answer [default: json].
    #[arg(long, global = true, env = "ZENLOCAL_OUTPUT", value_enum, help_heading = HEADING)]
    pub output: Option<OutputFormat>,
    /// A JMESPath expression selecting part of the answer, e.g. 'dataSet[0].instanceId'.
    #[arg(long, global = true, value_name = "JMESPATH", value_parser = crate::render::parse_query,
          help_heading = HEADING)]
    pub query: Option<String>,
    /// Print each request and answer to stderr, secrets masked.
    #[arg(long, global = true, env = "ZENLOCAL_DEBUG", help_heading = HEADING,
          action = clap::ArgAction::SetTrue,
          value_parser = clap::builder::BoolishValueParser::new())]
    pub debug: bool,
}

// Who calls the API.
#[derive(clap::Args, Debug, Clone)]
pub struct CredOpts {
    /// Access key id [default: the profile's, else the demo account's `zenlocal-demo`].
    #[arg(long, global = true, env = "ZENLAYER_ACCESS_KEY_ID", value_name = "ID", help_heading = HEADING)]
    pub access_key_id: Option<String>,
    /// Access key secret (password) [default: the profile's, else `zenlocal-demo-secret`].
    #[arg(long, global = true, env = "ZENLAYER_ACCESS_KEY_SECRET", hide_env_values = true,
          value_name = "SECRET", help_heading = HEADING)]
    pub access_key_secret: Option<String>,
    /// A Bearer token to send instead of signing with an access key (ZENLAYER_ACCESS_TOKEN,
    /// the official CLI's variable, is read too when no access key is given).
    #[arg(long, global = true, env = "ZENLOCAL_TOKEN", hide_env_values = true, value_name = "TOKEN",
          help_heading = HEADING)]
    pub token: Option<String>,
}

// The options a command line takes in any place — before the command, after it or
// after the action (`zenlocal --endpoint URL bmc describe-zones`). Each command acts on
// those that make sense for it and refuses the others (`main::honoured`).
#[derive(clap::Args, Debug, Clone)]
pub struct GlobalOpts {
    #[command(flatten)]
    pub conn: ConnOpts,
    #[command(flatten)]
    pub cred: CredOpts,
    /// Print the request (method, URL, headers, body; an API request signed) and send
    /// nothing.
    #[arg(long, global = true, help_heading = HEADING)]
    pub dry_run: bool,
}

// Who calls the control plane.
#[derive(clap::Args, Debug, Clone)]
pub struct AdminOpts {
    /// Bearer token for the control plane, when the server was started with one.
    #[arg(long, global = true, env = "ZENLOCAL_ADMIN_TOKEN", hide_env_values = true,
          value_name = "TOKEN", help_heading = HEADING)]
    pub admin_token: Option<String>,
}

/// A profile's non-secret settings (`config.toml`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProfileConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
}

/// A profile's secrets (`credentials.toml`, mode 0600).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProfileCredentials {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_key_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_key_secret: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin_token: Option<String>,
}

impl ProfileCredentials {
    fn is_empty(&self) -> bool {
        *self == ProfileCredentials::default()
    }
}

/// `$XDG_CONFIG_HOME/zenlocal`, else `$HOME/.config/zenlocal`.
pub fn config_dir() -> Option<PathBuf> {
    let xdg = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute());
    let base = xdg.or_else(|| {
        std::env::var_os("HOME")
            .filter(|h| !h.is_empty())
            .map(|h| PathBuf::from(h).join(".config"))
    })?;
    Some(base.join("zenlocal"))
}

pub struct Files {
    pub config: PathBuf,
    pub credentials: PathBuf,
}

impl Files {
    pub fn locate() -> Option<Files> {
        let dir = config_dir()?;
        Some(Files {
            config: dir.join("config.toml"),
            credentials: dir.join("credentials.toml"),
        })
    }
}

fn read_document<T: for<'de> Deserialize<'de>>(
    path: &Path,
) -> Result<BTreeMap<String, T>, Failure> {
    match std::fs::read_to_string(path) {
        Ok(text) => {
            toml::from_str(&text).map_err(|e| Failure::usage(format!("{}: {e}", path.display())))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
        Err(e) => Err(Failure::other(format!(
            "cannot read {}: {e}",
            path.display()
        ))),
    }
}

#[cfg(unix)]
fn warn_if_readable_by_others(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(meta) = std::fs::metadata(path) {
        if meta.permissions().mode() & 0o077 != 0 {
            eprintln!(
                "warning: {} is readable by other users; run `chmod 600 {}`",
                path.display(),
                path.display()
            );
        }
    }
}

#[cfg(not(unix))]
fn warn_if_readable_by_others(_: &Path) {}

/// One profile as read from the files; empty when the files or the profile are absent.
#[derive(Default)]
pub struct Profile {
    pub name: String,
    pub config: ProfileConfig,
    pub credentials: ProfileCredentials,
}

impl Profile {
    /// Loads `name` (or the default profile). Naming a profile that exists in neither
    /// file is a usage error; the default profile may be absent.
    pub fn load(name: Option<&str>) -> Result<Profile, Failure> {
        let explicit = name.is_some();
        let name = name.unwrap_or(DEFAULT_PROFILE).to_owned();
        let Some(files) = Files::locate() else {
            if explicit {
                return Err(Failure::usage(format!(
                    "profile `{name}` cannot be read: neither XDG_CONFIG_HOME nor HOME is set"
                )));
            }
            return Ok(Profile {
                name,
                ..Profile::default()
            });
        };
        let mut configs: BTreeMap<String, ProfileConfig> = read_document(&files.config)?;
        let mut secrets: BTreeMap<String, ProfileCredentials> = read_document(&files.credentials)?;
        if secrets.contains_key(&name) {
            warn_if_readable_by_others(&files.credentials);
        }
        if explicit && !configs.contains_key(&name) && !secrets.contains_key(&name) {
            return Err(Failure::usage(format!(
                "profile `{name}` is not in {} or {}; create it with `zenlocal configure --profile {name}`",
                files.config.display(),
                files.credentials.display()
            )));
        }
        Ok(Profile {
            config: configs.remove(&name).unwrap_or_default(),
            credentials: secrets.remove(&name).unwrap_or_default(),
            name,
        })
    }
}

/// Everything a client-side command needs, resolved.
pub struct Settings {
    pub endpoint: String,
    pub output: OutputFormat,
    pub query: Option<String>,
    pub debug: bool,
    pub credential: Credential,
    /// Where the credential came from, for `configure list` and `--debug`.
    pub credential_source: String,
    pub admin_token: Option<String>,
    pub profile: String,
}

impl Settings {
    pub fn resolve(
        conn: &ConnOpts,
        cred: Option<&CredOpts>,
        admin: Option<&AdminOpts>,
    ) -> Result<Settings, Failure> {
        let profile = Profile::load(conn.profile.as_deref())?;
        Settings::with_profile(profile, conn, cred, admin)
    }

    /// Like `resolve`, but the profile is read only when `--profile` names one: for
    /// `bench`, which must not load a server that a default profile points at unless told.
    pub fn resolve_named_profile_only(
        conn: &ConnOpts,
        cred: &CredOpts,
    ) -> Result<Settings, Failure> {
        let profile = match &conn.profile {
            Some(name) => Profile::load(Some(name))?,
            None => Profile::default(),
        };
        Settings::with_profile(profile, conn, Some(cred), None)
    }

    fn with_profile(
        profile: Profile,
        conn: &ConnOpts,
        cred: Option<&CredOpts>,
        admin: Option<&AdminOpts>,
    ) -> Result<Settings, Failure> {
        let endpoint = conn
            .endpoint
            .clone()
            .or_else(deprecated_endpoint_variable)
            .or_else(|| profile.config.endpoint.clone())
            .unwrap_or_else(|| DEFAULT_ENDPOINT.to_owned());
        let output = match (conn.output, &profile.config.output) {
            (Some(o), _) => o,
            (None, Some(text)) => OutputFormat::parse(text).ok_or_else(|| {
                Failure::usage(format!(
                    "profile `{}` has output `{text}`; expected json or table",
                    profile.name
                ))
            })?,
            (None, None) => OutputFormat::Json,
        };
        let (credential, credential_source) = match cred {
            Some(cred) => {
                let env_token = std::env::var(ENV_ACCESS_TOKEN)
                    .ok()
                    .filter(|t| !t.is_empty());
                credential(cred, env_token, &profile)?
            }
            None => (demo_credential(), String::new()),
        };
        let admin_token = admin
            .and_then(|a| a.admin_token.clone())
            .or_else(|| profile.credentials.admin_token.clone());
        Ok(Settings {
            endpoint,
            output,
            query: conn.query.clone(),
            debug: conn.debug,
            credential,
            credential_source,
            admin_token,
            profile: profile.name,
        })
    }
}

/// The endpoint variable this CLI read before it took the one the official CLI and
/// `zenlocal_client::Client::from_env` read (`ZENLAYER_ENDPOINT`, D-102).
const DEPRECATED_ENV_ENDPOINT: &str = "ZENLOCAL_ENDPOINT";

/// `ZENLOCAL_ENDPOINT`, still honoured when `ZENLAYER_ENDPOINT` and `--endpoint` are not
/// given, with a note to move to the one name.
fn deprecated_endpoint_variable() -> Option<String> {
    let value = std::env::var(DEPRECATED_ENV_ENDPOINT)
        .ok()
        .filter(|v| !v.trim().is_empty())?;
    eprintln!(
        "note: {DEPRECATED_ENV_ENDPOINT} is deprecated; set {} instead (the Rust SDK and the official CLI read it too)",
        zenlocal_client::ENV_ENDPOINT
    );
    Some(value)
}

/// The official CLI's token variable, read when no access key is given (as
/// `zenlocal_client::Credential::from_env` does).
const ENV_ACCESS_TOKEN: &str = "ZENLAYER_ACCESS_TOKEN";

/// The credential to use: flags and environment beat the profile, which beats the demo
/// account. `--token` beats an access key; ZENLAYER_ACCESS_TOKEN (`env_token`) is used
/// only when no access key is given, as the official CLI does.
fn credential(
    cred: &CredOpts,
    env_token: Option<String>,
    profile: &Profile,
) -> Result<(Credential, String), Failure> {
    if let Some(token) = &cred.token {
        return Ok((
            Credential::token(token),
            "Bearer token from --token or ZENLOCAL_TOKEN".into(),
        ));
    }
    let given = cred.access_key_id.is_some() || cred.access_key_secret.is_some();
    if let (Some(token), false) = (env_token, given) {
        return Ok((
            Credential::token(token),
            format!("Bearer token from {ENV_ACCESS_TOKEN}"),
        ));
    }
    let stored = &profile.credentials;
    let from_profile = !given
        && stored.token.is_none()
        && (stored.access_key_id.is_some() || stored.access_key_secret.is_some());
    if given || from_profile {
        let id = cred
            .access_key_id
            .clone()
            .or_else(|| stored.access_key_id.clone());
        let secret = cred
            .access_key_secret
            .clone()
            .or_else(|| stored.access_key_secret.clone());
        return match (id, secret) {
            (Some(id), Some(secret)) => {
                let source = if given {
                    format!("access key {id} from flags or environment")
                } else {
                    format!("access key {id} from profile `{}`", profile.name)
                };
                Ok((Credential::access_key(id, secret), source))
            }
            (None, _) => Err(Failure::usage(
                "an access key secret without an id: give --access-key-id or set ZENLAYER_ACCESS_KEY_ID",
            )),
            (Some(id), None) => Err(Failure::usage(format!(
                "no secret for access key `{id}`: give --access-key-secret, set ZENLAYER_ACCESS_KEY_SECRET or run `zenlocal configure`"
            ))),
        };
    }
    if let Some(token) = &stored.token {
        return Ok((
            Credential::token(token),
            format!("Bearer token from profile `{}`", profile.name),
        ));
    }
    Ok((
        demo_credential(),
        format!(
            "the demo account's access key {} (nothing configured)",
            Demo::builtin().account.access_key_id
        ),
    ))
}

/// The demo account's access key (D-30): what `zenlocal serve` creates on a new store.
fn demo_credential() -> Credential {
    let demo = &Demo::builtin().account;
    Credential::access_key(&demo.access_key_id, &demo.access_key_password)
}

/// `abcdefgh…` → `****efgh` for long secrets, `****` for short ones.
pub fn mask(secret: &str) -> String {
    let n = secret.chars().count();
    if n >= 12 {
        let tail: String = secret.chars().skip(n - 4).collect();
        format!("****{tail}")
    } else {
        "****".to_owned()
    }
}

// ---- zenlocal configure -----------------------------------------------------------

#[derive(clap::Args)]
#[command(
    about = "Write a profile: endpoint and output to config.toml, secrets to credentials.toml (mode 0600)",
    long_about = "Write a profile: the endpoint and output format to config.toml, the access key, \
token and admin token to credentials.toml (created with mode 0600), both under \
$XDG_CONFIG_HOME/zenlocal/ or ~/.config/zenlocal/. Only values given on the command line are \
written; an empty value (--token '') removes one. With no value given it asks for each, \
as `aws configure` does (answers may be piped in). `--profile NAME` picks the profile [default: default]."
)]
pub struct ConfigureArgs {
    #[command(subcommand)]
    pub command: Option<ConfigureCommand>,
    #[command(flatten)]
    pub admin: AdminOpts,
}

#[derive(clap::Subcommand)]
pub enum ConfigureCommand {
    /// Show the settings in force for a profile, secrets masked, and where each comes from.
    List,
}

/// The values given on the command line itself (not from the environment).
fn from_command_line(matches: &ArgMatches, id: &str) -> Option<String> {
    if matches.value_source(id) != Some(ValueSource::CommandLine) {
        return None;
    }
    if let Ok(Some(value)) = matches.try_get_one::<String>(id) {
        return Some(value.clone());
    }
    if let Ok(Some(value)) = matches.try_get_one::<OutputFormat>(id) {
        return Some(value.name().to_owned());
    }
    None
}

pub fn configure(
    global: &GlobalOpts,
    args: &ConfigureArgs,
    matches: &ArgMatches,
) -> Result<String, Failure> {
    if let Some(ConfigureCommand::List) = args.command {
        return list(global, args);
    }
    let files = Files::locate().ok_or_else(|| {
        Failure::usage("cannot tell where to write: neither XDG_CONFIG_HOME nor HOME is set")
    })?;
    let name = global
        .conn
        .profile
        .clone()
        .unwrap_or_else(|| DEFAULT_PROFILE.to_owned());
    let mut configs: BTreeMap<String, ProfileConfig> = read_document(&files.config)?;
    let mut secrets: BTreeMap<String, ProfileCredentials> = read_document(&files.credentials)?;
    let mut config = configs.get(&name).cloned().unwrap_or_default();
    let mut secret = secrets.get(&name).cloned().unwrap_or_default();

    let keys = [
        "endpoint",
        "output",
        "access_key_id",
        "access_key_secret",
        "token",
        "admin_token",
    ];
    let mut given: Vec<(&str, String)> = keys
        .iter()
        .filter_map(|k| from_command_line(matches, k).map(|v| (*k, v)))
        .collect();
    if given.is_empty() {
        // As `aws configure` does: ask for each value, on a terminal or from a pipe.
        given = prompt(&name, &config, &secret, &mut std::io::stdin().lock())?;
        if given.is_empty() {
            return Ok(format!("profile `{name}` unchanged"));
        }
    }
    for (key, value) in given {
        let value = (!value.is_empty()).then_some(value);
        match key {
            "endpoint" => config.endpoint = value,
            "output" => {
                if let Some(v) = &value {
                    if OutputFormat::parse(v).is_none() {
                        return Err(Failure::usage(format!("output `{v}` is not json or table")));
                    }
                }
                config.output = value;
            }
            "access_key_id" => secret.access_key_id = value,
            "access_key_secret" => secret.access_key_secret = value,
            "token" => secret.token = value,
            _ => secret.admin_token = value,
        }
    }
    configs.insert(name.clone(), config);
    let dir = files
        .config
        .parent()
        .ok_or_else(|| Failure::other("the config path has no directory"))?;
    create_private_dir(dir)?;
    write_file(&files.config, &to_toml(&configs)?, false)?;
    let mut written = vec![files.config.display().to_string()];
    if !secret.is_empty() || secrets.contains_key(&name) {
        secrets.insert(name.clone(), secret);
        write_file(&files.credentials, &to_toml(&secrets)?, true)?;
        written.push(format!("{} (mode 0600)", files.credentials.display()));
    }
    Ok(format!(
        "profile `{name}` written to {}",
        written.join(" and ")
    ))
}

fn list(global: &GlobalOpts, args: &ConfigureArgs) -> Result<String, Failure> {
    let settings = Settings::resolve(&global.conn, Some(&global.cred), Some(&args.admin))?;
    let (kind, id, secret) = match &settings.credential {
        Credential::AccessKey { id, password } => ("access key", id.clone(), mask(password)),
        Credential::Token(token) => ("bearer token", "-".into(), mask(token)),
    };
    let files = Files::locate();
    let mut out = String::new();
    let mut line = |k: &str, v: String| out.push_str(&format!("{k:<18}{v}\n"));
    line("profile", settings.profile.clone());
    line("endpoint", settings.endpoint.clone());
    line("output", settings.output.name().to_owned());
    line("credential", kind.to_owned());
    line("access key id", id);
    line("secret", secret);
    line("from", settings.credential_source.clone());
    line(
        "admin token",
        settings.admin_token.as_deref().map_or("-".into(), mask),
    );
    if let Some(files) = files {
        line("config file", files.config.display().to_string());
        line("credentials file", files.credentials.display().to_string());
    }
    Ok(out.trim_end().to_owned())
}

/// Asks for each value on stderr and reads the answers from `input`, one a line; Enter
/// keeps the value in brackets, the end of the input keeps the rest.
fn prompt(
    name: &str,
    config: &ProfileConfig,
    secret: &ProfileCredentials,
    input: &mut dyn BufRead,
) -> Result<Vec<(&'static str, String)>, Failure> {
    eprintln!("Profile `{name}`; press Enter to keep the value in brackets.");
    let shown = |v: &Option<String>, secret: bool| match v {
        Some(v) if secret => mask(v),
        Some(v) => v.clone(),
        None => "none".into(),
    };
    let questions: [(&str, &str, String); 5] = [
        ("endpoint", "Endpoint", shown(&config.endpoint, false)),
        (
            "access_key_id",
            "Access key id",
            shown(&secret.access_key_id, false),
        ),
        (
            "access_key_secret",
            "Access key secret",
            shown(&secret.access_key_secret, true),
        ),
        ("token", "Bearer token", shown(&secret.token, true)),
        (
            "output",
            "Output (json|table)",
            shown(&config.output, false),
        ),
    ];
    let mut answers = Vec::new();
    for (key, label, current) in questions {
        eprint!("{label} [{current}]: ");
        let _ = std::io::stderr().flush();
        let mut answer = String::new();
        let read = input
            .read_line(&mut answer)
            .map_err(|e| Failure::other(format!("cannot read the answer: {e}")))?;
        if read == 0 {
            eprintln!();
            break;
        }
        let answer = answer.trim();
        if !answer.is_empty() {
            answers.push((key, answer.to_owned()));
        }
    }
    Ok(answers)
}

fn to_toml<T: Serialize>(value: &T) -> Result<String, Failure> {
    toml::to_string(value).map_err(|e| Failure::other(e.to_string()))
}

fn create_private_dir(dir: &Path) -> Result<(), Failure> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder
        .create(dir)
        .map_err(|e| Failure::other(format!("cannot create {}: {e}", dir.display())))
}

/// Writes through a temporary file in the same directory and renames it, so a crash
/// never leaves half a file; a private file is created 0600 before any byte is written.
fn write_file(path: &Path, text: &str, private: bool) -> Result<(), Failure> {
    let fail = |e: std::io::Error| Failure::other(format!("cannot write {}: {e}", path.display()));
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(if private { 0o600 } else { 0o644 });
    }
    #[cfg(not(unix))]
    let _ = private;
    let result = (|| {
        let mut file = options.open(&tmp)?;
        #[cfg(unix)]
        if private {
            // The mode above is reduced by the umask, never widened; set it exactly in
            // case a stale temporary file existed with other bits.
            use std::os::unix::fs::PermissionsExt;
            file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        }
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cred(id: Option<&str>, secret: Option<&str>, token: Option<&str>) -> CredOpts {
        CredOpts {
            access_key_id: id.map(Into::into),
            access_key_secret: secret.map(Into::into),
            token: token.map(Into::into),
        }
    }

    fn profile(creds: ProfileCredentials) -> Profile {
        Profile {
            name: "p".into(),
            config: ProfileConfig::default(),
            credentials: creds,
        }
    }

    #[test]
    fn nothing_configured_means_the_demo_account() {
        let (c, source) = credential(&cred(None, None, None), None, &Profile::default()).unwrap();
        assert!(matches!(c, Credential::AccessKey { ref id, ref password }
            if *id == Demo::builtin().account.access_key_id
                && *password == Demo::builtin().account.access_key_password));
        assert!(source.contains("demo"));
    }

    #[test]
    fn flags_beat_the_profile_and_a_token_beats_an_access_key() {
        let stored = profile(ProfileCredentials {
            access_key_id: Some("stored".into()),
            access_key_secret: Some("stored-secret".into()),
            ..Default::default()
        });
        let (c, _) = credential(&cred(None, None, None), None, &stored).unwrap();
        assert!(matches!(c, Credential::AccessKey { ref id, .. } if id == "stored"));
        let (c, _) = credential(&cred(Some("flag"), Some("s"), None), None, &stored).unwrap();
        assert!(matches!(c, Credential::AccessKey { ref id, .. } if id == "flag"));
        let (c, _) = credential(&cred(Some("flag"), Some("s"), Some("t")), None, &stored).unwrap();
        assert!(matches!(c, Credential::Token(ref t) if t == "t"));
        let tokened = profile(ProfileCredentials {
            token: Some("pt".into()),
            ..Default::default()
        });
        let (c, _) = credential(&cred(None, None, None), None, &tokened).unwrap();
        assert!(matches!(c, Credential::Token(ref t) if t == "pt"));
        // The official CLI's token variable beats the profile but not an access key.
        let (c, _) = credential(&cred(None, None, None), Some("env".into()), &stored).unwrap();
        assert!(matches!(c, Credential::Token(ref t) if t == "env"));
        let (c, _) = credential(
            &cred(Some("flag"), Some("s"), None),
            Some("env".into()),
            &stored,
        )
        .unwrap();
        assert!(matches!(c, Credential::AccessKey { ref id, .. } if id == "flag"));
    }

    #[test]
    fn an_id_without_a_secret_is_a_usage_error() {
        let err = credential(&cred(Some("x"), None, None), None, &Profile::default()).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(err.report().contains("--access-key-secret"));
    }

    #[test]
    fn masks_keep_only_the_tail_of_long_secrets() {
        assert_eq!(mask("zenlocal-demo-secret"), "****cret");
        assert_eq!(mask("short"), "****");
    }
}
