"""Shared fixtures of the compatibility suite.

One real `zenlocal serve` process is started per test session, on a free loopback port,
with a throw-away SQLite store and a frozen clock. Tests talk to it through the official
Zenlayer Cloud Python SDK (the API) and through plain HTTP (the `/_zenlocal/` control
plane, open to loopback peers when no admin token is configured, D-29).

The clock is shared by the whole session: tests must read it rather than assume an
absolute time. Tests that move it are marked `advances_clock` and run after all others,
so that every other test sees the server as it was started.
"""

import itertools
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from zenlayercloud.common.config import Config
from zenlayercloud.common.credential import Credential

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BINARY = REPO_ROOT / "target" / "debug" / "zenlocal"
KEPT_SERVER_LOG = REPO_ROOT / "target" / "compat-server.log"

FROZEN_START = "2026-01-01T00:00:00Z"
READINESS_DEADLINE_SECONDS = 20.0
READINESS_POLL_INTERVAL_SECONDS = 0.05
START_ATTEMPTS = 5
SHUTDOWN_GRACE_SECONDS = 10.0
SDK_REQUEST_TIMEOUT_SECONDS = 10

DEMO_ACCESS_KEY_ID = "zenlocal-demo"
DEMO_ACCESS_KEY_PASSWORD = "zenlocal-demo-secret"
DEMO_TOKEN = "zenlocal-demo-token"


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "advances_clock: the test moves the shared simulated clock; it runs after all others",
    )


def pytest_collection_modifyitems(session, config, items):
    """Move the clock-advancing tests to the end, keeping the order within each group."""
    items[:] = sorted(items, key=lambda item: item.get_closest_marker("advances_clock") is not None)


def _free_loopback_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _server_environment():
    """The caller's environment without ZENLOCAL_* settings, which `serve` would read
    (admin token, rate limit, no-demo, ...) and which would change what the suite sees."""
    return {name: value for name, value in os.environ.items() if not name.startswith("ZENLOCAL_")}


def _log_tail(log_path, lines=40):
    try:
        text = log_path.read_text(errors="replace")
    except OSError:
        return "(no server log)"
    return "\n".join(text.splitlines()[-lines:]) or "(server log is empty)"


def _health_answers_ok(base_url):
    try:
        with urllib.request.urlopen(base_url + "/_zenlocal/health", timeout=1) as answer:
            return answer.status == 200 and json.load(answer).get("status") == "ok"
    except (urllib.error.URLError, ConnectionError, OSError, ValueError):
        return False


def _stop(process):
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=SHUTDOWN_GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _start_server(binary, work_dir, extra_args=()):
    """Starts `serve` on a free port, with `extra_args` after the suite's own; returns
    (process, domain). Retries with another port when the process dies before answering
    (e.g. the port was taken in between)."""
    log_path = work_dir / "server.log"
    failures = []
    for attempt in range(1, START_ATTEMPTS + 1):
        for leftover in work_dir.glob("compat.db*"):
            leftover.unlink()  # each attempt starts from an empty store
        port = _free_loopback_port()
        domain = "127.0.0.1:%d" % port
        command = [
            str(binary), "serve",
            "--listen", domain,
            "--database", str(work_dir / "compat.db"),
            "--clock", "frozen=" + FROZEN_START,
            *extra_args,
        ]
        with open(log_path, "ab") as log:
            log.write(("--- attempt %d: %s\n" % (attempt, " ".join(command))).encode())
            log.flush()
            process = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                env=_server_environment(), cwd=work_dir,
            )
        deadline = time.monotonic() + READINESS_DEADLINE_SECONDS
        while time.monotonic() < deadline and process.poll() is None:
            if _health_answers_ok("http://" + domain):
                return process, domain
            time.sleep(READINESS_POLL_INTERVAL_SECONDS)
        if process.poll() is None:
            _stop(process)
            failures.append("attempt %d: no healthy answer on %s within %.0f s"
                            % (attempt, domain, READINESS_DEADLINE_SECONDS))
            break  # a live but silent server will not get better on another port
        failures.append("attempt %d: exited with status %s" % (attempt, process.returncode))
    raise RuntimeError("zenlocal did not start: %s\n--- server log ---\n%s"
                       % ("; ".join(failures), _log_tail(log_path)))


@pytest.fixture(scope="session")
def server_binary():
    binary = Path(os.environ.get("ZENLOCAL_BIN") or DEFAULT_BINARY)
    if not (binary.is_file() and os.access(binary, os.X_OK)):
        pytest.exit("zenlocal binary not found or not executable: %s "
                    "(build it with `cargo build -p zenlocal-cli` or set ZENLOCAL_BIN)" % binary,
                    returncode=2)
    return binary


@pytest.fixture(scope="session")
def domain(server_binary):
    """`127.0.0.1:<port>` of a zenlocal server running for the whole session. Its log is
    kept in target/compat-server.log after the session."""
    work_dir = Path(tempfile.mkdtemp(prefix="zenlocal-compat-"))
    try:
        process, server_domain = _start_server(server_binary, work_dir)
        try:
            yield server_domain
        finally:
            _stop(process)
    finally:
        try:
            KEPT_SERVER_LOG.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(work_dir / "server.log", KEPT_SERVER_LOG)
        except OSError:
            pass
        shutil.rmtree(work_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def config(domain):
    """SDK configuration pointing at the local server over plain HTTP."""
    sdk_config = Config()
    sdk_config.scheme = "http"
    sdk_config.domain = domain
    sdk_config.request_timeout = SDK_REQUEST_TIMEOUT_SECONDS
    return sdk_config


@pytest.fixture(scope="session")
def demo_credential():
    """HMAC credential of the demo account seeded on an empty store (D-30)."""
    return Credential(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_PASSWORD)


@pytest.fixture(scope="session")
def demo_token():
    """Bearer token of the demo account (D-30)."""
    return DEMO_TOKEN


class ControlPlaneError(AssertionError):
    def __init__(self, method, path, status, body):
        super().__init__("%s /_zenlocal%s answered %d: %s" % (method, path, status, body))
        self.status = status
        self.body = body


class ControlPlane:
    """Plain-HTTP client of the `/_zenlocal/` control plane (JSON in and out)."""

    _names = itertools.count(1)

    def __init__(self, domain, admin_token=None):
        self.base_url = "http://%s/_zenlocal" % domain
        self.admin_token = admin_token

    def request(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base_url + path, data=data, method=method)
        if self.admin_token:
            request.add_header("Authorization", "Bearer " + self.admin_token)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=SDK_REQUEST_TIMEOUT_SECONDS) as answer:
                return json.load(answer)
        except urllib.error.HTTPError as error:
            raise ControlPlaneError(method, path, error.code,
                                    error.read().decode(errors="replace")) from None

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, body):
        return self.request("POST", path, body)

    def create_account(self, balance, name=None):
        """Opens an account; answers accountId, accessKeyId, accessKeyPassword, token, ..."""
        name = name or "compat-%d" % next(self._names)
        return self.post("/accounts", {"name": name, "balance": balance})

    def credential_of(self, account):
        return Credential(account["accessKeyId"], account["accessKeyPassword"])


@pytest.fixture(scope="session")
def control_plane(domain):
    return ControlPlane(domain)


@pytest.fixture(scope="session")
def raw_call():
    """`raw_call(client, action, request)` calls `action` through the SDK's own signing,
    transport and error handling and returns the `response` object as the SDK received
    it, before the version's model keeps only the fields it knows. For checks on fields
    that a version must not send (the model of that version would silently drop them)."""

    def call(client, action, request):
        return client._api_call(action, request)

    return call
