"""A zenlocal server process and its control plane (README "The control plane")."""

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
from dataclasses import dataclass
from pathlib import Path

READY_SECONDS = 20.0
STOP_SECONDS = 10.0
REQUEST_SECONDS = 120.0


class ControlPlaneError(AssertionError):
    """A control-plane call answered with an error: its HTTP status and the API's body."""

    def __init__(self, method, path, status, body):
        super().__init__("%s /_zenlocal%s answered %d: %s" % (method, path, status, body))
        self.status = status
        self.body = body
        try:
            self.code = json.loads(body).get("code")
        except ValueError:
            self.code = None


@dataclass(frozen=True)
class Account:
    """An account made by ``POST /_zenlocal/accounts``."""

    account_id: str
    access_key_id: str
    access_key_password: str
    token: str
    clock_id: str = None

    def credential(self):
        """The official SDK's access-key credential of the account."""
        from zenlayercloud.common.credential import Credential

        return Credential(self.access_key_id, self.access_key_password)


def find_binary(start=None):
    """``ZENLOCAL_BIN``, else ``target/debug/zenlocal`` of the first directory up from
    ``start`` (the current one) that has it, else ``zenlocal`` on ``PATH``."""
    given = os.environ.get("ZENLOCAL_BIN")
    if given:
        return Path(given)
    here = Path(start or os.getcwd()).resolve()
    for directory in [here, *here.parents]:
        candidate = directory / "target" / "debug" / "zenlocal"
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    on_path = shutil.which("zenlocal")
    if on_path:
        return Path(on_path)
    raise FileNotFoundError(
        "zenlocal binary not found: set ZENLOCAL_BIN, build it with "
        "`cargo build -p zenlocal-cli`, or put `zenlocal` on PATH"
    )


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Zenlocal:
    """A running ``zenlocal serve`` and its control plane."""

    _names = itertools.count(1)

    def __init__(self, domain, process=None, work_dir=None):
        self.domain = domain
        self.endpoint = "http://" + domain
        self._process = process
        self._work_dir = work_dir

    @classmethod
    def start(cls, binary=None, extra_args=()):
        """Starts a server on a free loopback port with a throw-away SQLite store, a
        frozen global clock and no demo account; answers once it is healthy."""
        binary = Path(binary or find_binary())
        work_dir = Path(tempfile.mkdtemp(prefix="zenlocal-pytest-"))
        log_path = work_dir / "server.log"
        for _ in range(5):
            domain = "127.0.0.1:%d" % _free_port()
            command = [
                str(binary), "serve", "--listen", domain,
                "--database", str(work_dir / "zenlocal.db"),
                "--clock", "frozen", "--no-demo", *extra_args,
            ]
            env = {k: v for k, v in os.environ.items() if not k.startswith("ZENLOCAL_")}
            with open(log_path, "ab") as log:
                process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log,
                                           stderr=subprocess.STDOUT, env=env, cwd=work_dir)
            server = cls(domain, process, work_dir)
            deadline = time.monotonic() + READY_SECONDS
            while time.monotonic() < deadline and process.poll() is None:
                if server._healthy():
                    return server
                time.sleep(0.05)
            server.stop()
        raise RuntimeError("zenlocal did not start; its log:\n" + log_path.read_text(errors="replace"))

    def _healthy(self):
        try:
            return self.get("/health").get("status") == "ok"
        except (ControlPlaneError, OSError, ValueError):
            return False

    def stop(self):
        """Stops the server (SIGTERM, then SIGKILL after a grace period) and removes its store."""
        if self._process is not None and self._process.poll() is None:
            self._process.send_signal(signal.SIGTERM)
            try:
                self._process.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        if self._work_dir is not None:
            shutil.rmtree(self._work_dir, ignore_errors=True)

    # ---- the control plane ----

    def request(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.endpoint + "/_zenlocal" + path, data=data,
                                         method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=REQUEST_SECONDS) as answer:
                return json.load(answer)
        except urllib.error.HTTPError as error:
            raise ControlPlaneError(method, path, error.code,
                                    error.read().decode(errors="replace")) from None

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, body=None):
        return self.request("POST", path, {} if body is None else body)

    def delete(self, path):
        return self.request("DELETE", path)

    def create_clock(self, frozen_time=None, name=None):
        """A test clock (D-181); answers ``{"clockId", "name", "now"}``."""
        body = {"name": name or "pytest-%d" % next(self._names)}
        if frozen_time is not None:
            body["frozenTime"] = frozen_time
        return self.post("/clocks", body)

    def advance_clock(self, clock_id, seconds=None, to=None):
        """Advances a test clock; answers ``{"now", "eventsApplied"}``."""
        body = {"to": to} if to is not None else {"seconds": seconds}
        return self.post("/clocks/%s/advance" % clock_id, body)

    def create_account(self, balance="10000.00", clock_id=None, name=None):
        """An account, on ``clock_id`` if given."""
        body = {"name": name or "pytest-%d" % next(self._names), "balance": str(balance)}
        if clock_id is not None:
            body["clockId"] = clock_id
        made = self.post("/accounts", body)
        return Account(made["accountId"], made["accessKeyId"], made["accessKeyPassword"],
                       made["token"], made.get("clockId"))

    def config(self):
        """The official SDK's configuration pointing at this server."""
        from zenlayercloud.common.config import Config

        config = Config()
        config.scheme = "http"
        config.domain = self.domain
        config.request_timeout = 30
        return config
