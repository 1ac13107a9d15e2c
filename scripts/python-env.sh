#!/usr/bin/env bash
# Creates or updates the project's Python virtual environment (.venv at the repository root) with
# the pinned packages that the bridge server (sim-bridge/python) and the remote-arm server
# (robot-drivers/python) and their tests need. Idempotent: returns at once when .venv is up to date
# with both pyproject.toml files. Maven runs it before the tests of those modules; run it by hand
# to use the Python servers yourself. Needs python3 with the venv module and PyPI.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
STAMP="$VENV/.vlarl-stamp"
PY="${VLARL_BOOTSTRAP_PYTHON:-python3}"
want="$(cat "$ROOT/sim-bridge/python/pyproject.toml" "$ROOT/robot-drivers/python/pyproject.toml" | sha256sum | cut -c1-16)"
if [ -x "$VENV/bin/python" ] && [ "$(cat "$STAMP" 2>/dev/null || true)" = "$want" ]; then
  exit 0
fi
echo "python-env: preparing $VENV (pinned packages from PyPI) ..." >&2
if ! "$PY" -m venv "$VENV"; then
  echo "python-env: '$PY -m venv' failed; install the venv module (Debian: apt-get install python3-venv)" >&2
  exit 1
fi
"$VENV/bin/pip" install -q --disable-pip-version-check \
  -e "$ROOT/sim-bridge/python[test]" -e "$ROOT/robot-drivers/python[test]"
echo "$want" > "$STAMP"
