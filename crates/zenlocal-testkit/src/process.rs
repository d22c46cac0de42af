//! The `zenlocal` binary run as a user runs it: `serve` started on a free port with a
//! frozen clock, waited for until it answers its health check, and stopped.

use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, ExitStatus, Stdio};

/// `bin` (a test's `env!("CARGO_BIN_EXE_zenlocal")`) without the user's environment:
/// no `ZENLOCAL_` or `ZENLAYER_` variable leaks into what a test asserts, and no profile.
pub fn command(bin: &str) -> Command {
    let mut cmd = Command::new(bin);
    for (key, _) in std::env::vars() {
        if key.starts_with("ZENLOCAL_") || key.starts_with("ZENLAYER_") {
            cmd.env_remove(key);
        }
    }
    // A configuration directory that holds no profile.
    cmd.env(
        "XDG_CONFIG_HOME",
        std::env::temp_dir().join("zenlocal-cli-tests-without-config"),
    );
    cmd
}

/// `command serve` on `database`, listening on a free port with the clock frozen at
/// 2026-01-01T00:00:00Z, then `extra`; stdout piped for the banner, stderr as `command`
/// has it. Not yet waited for: see [`read_banner`].
fn spawn_serve(mut command: Command, database: &OsStr, extra: &[&str]) -> Child {
    command
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--clock",
            "frozen=2026-01-01T00:00:00Z",
        ])
        .arg("--database")
        .arg(database)
        .args(extra)
        .stdout(Stdio::piped());
    command.spawn().unwrap()
}

/// Reads the banner `serve` prints once it listens — the endpoint, the clock and, unless
/// `--no-demo`, the demo credentials — then waits for the health check to answer.
/// Answers (endpoint, banner), or what was printed if the server did not start.
fn read_banner(child: &mut Child, extra: &[&str]) -> Result<(String, String), String> {
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let lines = if extra.contains(&"--no-demo") { 2 } else { 6 };
    let mut banner = String::new();
    for _ in 0..lines {
        if stdout.read_line(&mut banner).unwrap_or(0) == 0 {
            break;
        }
    }
    let endpoint = banner
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .ok_or_else(|| banner.clone())?
        .to_owned();
    let answer = health(&endpoint);
    if !answer.contains(r#""status":"ok""#) {
        return Err(format!("{banner}health: {answer}"));
    }
    Ok((endpoint, banner))
}

/// Starts `command serve` on `database` with `extra` flags (see [`ServerProcess`]) and
/// answers once it serves: the child, which the caller stops, the endpoint and the banner.
pub fn serve(
    command: Command,
    database: impl AsRef<OsStr>,
    extra: &[&str],
) -> (Child, String, String) {
    let mut child = spawn_serve(command, database.as_ref(), extra);
    match read_banner(&mut child, extra) {
        Ok((endpoint, banner)) => (child, endpoint, banner),
        Err(printed) => {
            let _ = child.kill();
            panic!("the server did not start; it printed {printed:?}")
        }
    }
}

/// A `zenlocal serve` process, killed when dropped. Several may be started at once
/// ([`ServerProcess::spawn`] each, then [`ServerProcess::wait`] each), so that they race
/// each other at start-up as replicas do.
pub struct ServerProcess {
    pub child: Child,
    /// `http://127.0.0.1:PORT`, once [`ServerProcess::wait`] has read it.
    pub endpoint: String,
    pub banner: String,
    extra: Vec<String>,
}

impl ServerProcess {
    /// Spawns `command serve` on `database`, on a free port with the clock frozen at
    /// 2026-01-01T00:00:00Z, then `extra` flags.
    pub fn spawn(command: Command, database: impl AsRef<OsStr>, extra: &[&str]) -> ServerProcess {
        ServerProcess {
            child: spawn_serve(command, database.as_ref(), extra),
            endpoint: String::new(),
            banner: String::new(),
            extra: extra.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// Waits until the server serves: its banner printed and its health check answered.
    /// Answers what it printed if it did not start.
    pub fn wait(&mut self) -> Result<(), String> {
        let extra: Vec<&str> = self.extra.iter().map(String::as_str).collect();
        let (endpoint, banner) = read_banner(&mut self.child, &extra)?;
        self.endpoint = endpoint;
        self.banner = banner;
        Ok(())
    }

    /// Spawns and waits (see [`ServerProcess::spawn`]).
    pub fn start(command: Command, database: impl AsRef<OsStr>, extra: &[&str]) -> ServerProcess {
        let mut server = ServerProcess::spawn(command, database, extra);
        if let Err(printed) = server.wait() {
            panic!("the server did not start; it printed {printed:?}");
        }
        server
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `GET /_zenlocal/health` over a plain connection: the whole HTTP answer.
pub fn health(endpoint: &str) -> String {
    let addr = endpoint.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET /_zenlocal/health HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
}

/// Stops a server as an operator does, with SIGTERM, and waits for it to exit.
pub fn terminate(child: &mut Child) -> ExitStatus {
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    child.wait().unwrap()
}

/// A port nothing listens on (bound, then let go).
pub fn unused_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}
