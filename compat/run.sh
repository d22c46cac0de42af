#!/usr/bin/env bash
# Runs the compatibility suite (compat/test_*.py) against a real zenlocal server,
# driven by the official, unmodified Zenlayer Cloud Python SDK.
#
#   compat/run.sh [pytest args...]
#
# ZENLOCAL_BIN  server binary to test (default: <repo>/target/debug/zenlocal)
#
# The virtualenv lives in <repo>/target/compat-venv and is reused; the requirements and
# the pytest plugin (python/) are reinstalled only when they change.
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$script_dir/.." && pwd)"
venv="$repo_root/target/compat-venv"
requirements="$script_dir/requirements.txt"
stamp="$venv/.requirements.sha256"

# Resolve the binary against the caller's cwd before changing directory.
bin="${ZENLOCAL_BIN:-$repo_root/target/debug/zenlocal}"
case "$bin" in
  /*) ;;
  *) bin="$PWD/$bin" ;;
esac
if [[ ! -x "$bin" ]]; then
  echo "compat/run.sh: server binary not found or not executable: $bin" >&2
  echo "compat/run.sh: build it with 'cargo build -p zenlocal-cli' or set ZENLOCAL_BIN" >&2
  exit 2
fi
export ZENLOCAL_BIN="$bin"

# A venv whose interpreter no longer runs (e.g. the system Python moved) is rebuilt.
if [[ -d "$venv" ]] && ! "$venv/bin/python" -c 'import sys' >/dev/null 2>&1; then
  rm -rf "$venv"
fi
if [[ ! -d "$venv" ]]; then
  python3 -m venv "$venv"
fi

# The requirements and the pytest plugin of python/ (its own tests run from scripts/test).
wanted="$(cat "$requirements" "$repo_root"/python/pyproject.toml "$repo_root"/python/zenlocal_pytest/*.py | sha256sum | cut -d' ' -f1)"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$wanted" ]]; then
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$repo_root/python"
  echo "$wanted" >"$stamp"
fi

# axe-core, the accessibility rules the console's pages are checked against
# (compat/test_console.py), from the npm registry; used by the tests only.
axe_version="4.14.1"
axe="$repo_root/target/axe-core"
if [[ ! -f "$axe/node_modules/axe-core/axe.min.js" ]] || \
   [[ "$(cat "$axe/.version" 2>/dev/null)" != "$axe_version" ]]; then
  if command -v npm >/dev/null; then
    npm install --silent --no-audit --no-fund --prefix "$axe" "axe-core@$axe_version" >/dev/null
    echo "$axe_version" >"$axe/.version"
  fi
fi
export ZENLOCAL_AXE_JS="$axe/node_modules/axe-core/axe.min.js"

cd "$repo_root"
status=0
"$venv/bin/python" -m pytest compat -q "$@" || status=$?
if [[ $status -eq 5 ]]; then
  echo "compat/run.sh: pytest collected no tests; treating this as a failure" >&2
fi
exit "$status"
