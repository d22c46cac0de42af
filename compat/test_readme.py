"""The README as a new user follows it, against a fresh server (D-180).

- The first command installs `zenlocal` on PATH and starts it; the second runs the tests;
  the prerequisites name the Rust version the workspace declares.
- The Python blocks run in order, as written, against a server started as the
  walkthrough says (a new store, `--clock frozen=2026-01-01T00:00:00Z`); every `print`
  line with a `# …` comment must print exactly that comment (up to an ` — ` that starts
  an explanation).
- The shell lines that call `zenlocal` or `curl` run against a fresh server, with the
  binary on PATH, and must succeed.
- The banner shown under "Running the server" is what `zenlocal serve` prints on a new
  store with the default flags, up to the port, the instant and the account number.
"""

import contextlib
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tokenize
from pathlib import Path

import pytest

from conftest import FROZEN_START, REPO_ROOT, _free_loopback_port, _server_environment, _start_server, _stop

README = REPO_ROOT / "README.md"
README_ADDRESS = "127.0.0.1:8080"
EXPLANATION = " — "


def _blocks(language):
    """(first line number, source) of each fenced block in `language`, in order."""
    blocks, lines = [], README.read_text().splitlines()
    index = 0
    while index < len(lines):
        if lines[index].strip() == "```" + language:
            start = index + 2  # 1-based number of the block's first line
            end = lines.index("```", index + 1)
            blocks.append((start, "\n".join(lines[index + 1:end]) + "\n"))
            index = end
        index += 1
    return blocks


def _expected_prints(start, source):
    """{README line number: expected output} for `print` lines with a trailing comment."""
    expected = {}
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    for token in tokens:
        if token.type == tokenize.COMMENT:
            line = token.line
            if line.lstrip().startswith("print(") or " print(" in line.split("#")[0]:
                text = token.string.lstrip("#").strip()
                expected[start + token.start[0] - 1] = text.split(EXPLANATION)[0]
    return expected


@pytest.fixture()
def fresh_server(server_binary):
    work_dir = Path(tempfile.mkdtemp(prefix="zenlocal-readme-"))
    process, domain = _start_server(server_binary, work_dir)
    try:
        yield domain
    finally:
        _stop(process)
        shutil.rmtree(work_dir, ignore_errors=True)


def test_the_first_command_puts_zenlocal_on_path_and_the_second_runs_the_tests():
    _, first = _blocks("sh")[0]
    commands = [line.split("#")[0].strip() for line in first.splitlines()]
    assert commands[0] == "cargo install --locked --path crates/zenlocal-cli && zenlocal serve"
    assert commands[1] == "scripts/test"


def test_the_prerequisites_name_the_rust_version_the_workspace_needs():
    manifest = (REPO_ROOT / "Cargo.toml").read_text()
    rust = re.search(r'^rust-version = "([^"]+)"', manifest, re.M).group(1)
    prerequisites = README.read_text().split("Prerequisites:")[1].split("\n\n")[0]
    prerequisites = " ".join(prerequisites.split())
    assert "Rust %s or newer" % rust in prerequisites, prerequisites
    for needed in ("C compiler", "python3", "venv", "minutes on 2 cores"):
        assert needed in prerequisites, needed


def test_the_python_blocks_print_what_their_comments_say(fresh_server):
    readme = README.read_text()
    assert "--clock frozen=%s" % FROZEN_START in readme, "the walkthrough's clock changed"
    blocks = _blocks("python")
    assert len(blocks) >= 2, "the SDK block and the walkthrough"
    expected, printed = {}, {}

    def recording_print(*args, **kwargs):
        frame = sys._getframe(1)
        if frame.f_code.co_filename == str(README):
            out = io.StringIO()
            print(*args, file=out, **{k: v for k, v in kwargs.items() if k != "file"})
            printed.setdefault(frame.f_lineno, []).append(out.getvalue().rstrip("\n"))
        else:
            print(*args, **kwargs)

    namespace = {"__name__": "readme", "print": recording_print}
    for start, source in blocks:
        expected.update(_expected_prints(start, source))
        runnable = source.replace(README_ADDRESS, fresh_server)
        code = compile("\n" * (start - 1) + runnable, str(README), "exec")
        with contextlib.redirect_stdout(io.StringIO()):
            exec(code, namespace)
    assert len(expected) >= 7, "the README's printed values: %s" % expected
    for line, text in sorted(expected.items()):
        assert printed.get(line) == [text], "README.md:%d prints %s, its comment says %r (all: %s)" % (
            line, printed.get(line), text, printed)


def test_the_shell_lines_run(fresh_server, server_binary):
    env = {name: value for name, value in os.environ.items()
           if not name.startswith(("ZENLOCAL_", "ZENLAYER_"))}
    env["PATH"] = "%s%s%s" % (Path(server_binary).parent, os.pathsep, env.get("PATH", ""))
    env["ZENLAYER_ENDPOINT"] = "http://" + fresh_server
    env["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="zenlocal-readme-config-")

    def run(command):
        return subprocess.run(["bash", "-c", command], env=env, capture_output=True,
                              text=True, timeout=60)

    def instance_id():
        """The placeholder ID: a demo instance every line can act on (looked up each time,
        as a `zenlocal reset` line re-creates them)."""
        found = run("zenlocal bmc describe-instances --query "
                    "\"dataSet[?internetChargeType=='ByTrafficPackage' && "
                    "instanceChargeType=='PREPAID'].instanceId | [0]\" --output table")
        assert found.returncode == 0, found.stderr
        return found.stdout.strip()

    ran = 0
    for _, source in _blocks("sh")[1:]:
        for line in source.splitlines():
            command = line.split(" #")[0].strip()
            if not re.match(r"^(zenlocal|curl) ", command) or command.startswith(
                    ("zenlocal serve", "zenlocal bench")):
                continue
            if re.search(r"\bID\b", command):
                command = re.sub(r"\bID\b", instance_id(), command)
            command = command.replace("localhost:8080", fresh_server)
            command = command.replace(README_ADDRESS, fresh_server)
            result = run(command)
            assert result.returncode == 0, "%s\n%s" % (command, result.stderr)
            ran += 1
    assert ran >= 8, "the README's shell lines"


def _banner_shape(text, address):
    """The banner with what differs between runs (the address, instants, the account
    number) replaced by placeholders."""
    text = text.replace(address, "<address>")
    text = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "<instant>", text)
    return re.sub(r"demo account \d+:", "demo account <number>:", text)


def test_the_banner_is_what_serve_prints_on_a_new_store(server_binary):
    section = README.read_text().split("\n## Running the server\n")[1].split("\n## ")[0]
    shown = re.findall(r"```text\n(.*?)```", section, re.S)
    assert len(shown) == 1, "one banner under Running the server"
    expected = shown[0]
    work_dir = Path(tempfile.mkdtemp(prefix="zenlocal-banner-"))
    address = "127.0.0.1:%d" % _free_loopback_port()
    process = subprocess.Popen(
        [str(server_binary), "serve", "--listen", address, "--database", str(work_dir / "new.db")],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        env=_server_environment(), cwd=work_dir, text=True)
    try:
        printed = "".join(process.stdout.readline() for _ in expected.splitlines())
    finally:
        _stop(process)
        process.stdout.close()
        shutil.rmtree(work_dir, ignore_errors=True)
    assert _banner_shape(printed, address) == _banner_shape(expected, README_ADDRESS), printed
