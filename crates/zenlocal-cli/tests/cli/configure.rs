//! `zenlocal configure` and the profiles it writes.

use super::{zenlocal, Server};
use std::process::{Output, Stdio};

/// `zenlocal ARGS` with a private config directory and no endpoint in the environment.
fn with_config(home: &std::path::Path, xdg: Option<&std::path::Path>, args: &[&str]) -> Output {
    let mut cmd = zenlocal();
    cmd.env("HOME", home).stdin(Stdio::null());
    match xdg {
        Some(dir) => cmd.env("XDG_CONFIG_HOME", dir),
        None => cmd.env_remove("XDG_CONFIG_HOME"),
    };
    cmd.args(args).output().unwrap()
}

#[cfg(unix)]
fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn configure_writes_a_private_credentials_file_and_the_profile_is_used() {
    let server = Server::start(&[]);
    let home = tempfile::tempdir().unwrap();
    let xdg = home.path().join("xdg");
    let out = with_config(
        home.path(),
        Some(&xdg),
        &[
            "configure",
            "--endpoint",
            &server.endpoint,
            "--access-key-id",
            "zenlocal-demo",
            "--access-key-secret",
            "zenlocal-demo-secret",
            "--output",
            "table",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dir = xdg.join("zenlocal");
    let credentials = dir.join("credentials.toml");
    let config = std::fs::read_to_string(dir.join("config.toml")).unwrap();
    let secrets = std::fs::read_to_string(&credentials).unwrap();
    assert!(config.contains(&server.endpoint), "{config}");
    assert!(
        !config.contains("zenlocal-demo-secret"),
        "a secret in {config}"
    );
    assert!(secrets.contains("zenlocal-demo-secret"), "{secrets}");
    #[cfg(unix)]
    assert_eq!(mode(&credentials), 0o600);

    // No endpoint or key on the command line: the profile's are used, output included.
    let out = with_config(
        home.path(),
        Some(&xdg),
        &["zbc", "describe-customer-balance"],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("cashBalance  "), "not a table: {stdout}");

    // A second profile with a bad key, picked by name; the default one is untouched.
    let out = with_config(
        home.path(),
        Some(&xdg),
        &[
            "configure",
            "--profile",
            "broken",
            "--token",
            "not-a-token",
            "--endpoint",
            &server.endpoint,
        ],
    );
    assert!(out.status.success());
    let out = with_config(
        home.path(),
        Some(&xdg),
        &["zbc", "describe-customer-balance", "--profile", "broken"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("AUTHFAILURE"));
    let out = with_config(
        home.path(),
        Some(&xdg),
        &["zbc", "describe-customer-balance", "--profile", "absent"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("absent"));

    let listed = with_config(home.path(), Some(&xdg), &["configure", "list"]);
    let listed = String::from_utf8_lossy(&listed.stdout);
    assert!(listed.contains("zenlocal-demo"), "{listed}");
    assert!(
        !listed.contains("zenlocal-demo-secret"),
        "secret shown: {listed}"
    );
}

#[test]
fn without_xdg_config_home_the_profile_lives_under_home_dot_config() {
    let home = tempfile::tempdir().unwrap();
    let out = with_config(
        home.path(),
        None,
        &[
            "configure",
            "--access-key-id",
            "id",
            "--access-key-secret",
            "secret",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let credentials = home.path().join(".config/zenlocal/credentials.toml");
    assert!(credentials.exists());
    #[cfg(unix)]
    assert_eq!(mode(&credentials), 0o600);
}

#[test]
fn configure_without_flags_asks_for_each_value_as_aws_configure_does() {
    use std::io::Write;
    let home = tempfile::tempdir().unwrap();
    let xdg = home.path().join("xdg");
    let mut child = zenlocal()
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", &xdg)
        .arg("configure")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Endpoint, access key id, secret, token (Enter keeps none), output.
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"http://127.0.0.1:18080\nAK-1\nsecret-1\n\ntable\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    for question in [
        "Endpoint [none]: ",
        "Access key id [none]: ",
        "Access key secret [none]: ",
        "Output (json|table) [none]: ",
    ] {
        assert!(stderr.contains(question), "{question} not asked: {stderr}");
    }
    let dir = xdg.join("zenlocal");
    let config = std::fs::read_to_string(dir.join("config.toml")).unwrap();
    assert!(
        config.contains("endpoint = \"http://127.0.0.1:18080\""),
        "{config}"
    );
    assert!(config.contains("output = \"table\""), "{config}");
    let credentials = std::fs::read_to_string(dir.join("credentials.toml")).unwrap();
    assert!(
        credentials.contains("access_key_id = \"AK-1\""),
        "{credentials}"
    );
    assert!(!credentials.contains("token"), "{credentials}");

    // The end of the input keeps what is there: nothing is written.
    let out = with_config(home.path(), Some(&xdg), &["configure"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("unchanged"));
    let after = std::fs::read_to_string(dir.join("config.toml")).unwrap();
    assert_eq!(after, config);
}
