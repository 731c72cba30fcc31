#!/usr/bin/env bash
# Install the project with its test extras (and the system packages the tests need) and run
# the test suite. Outside a virtual environment it creates and uses .venv.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${VIRTUAL_ENV:-}" ]; then
  [ -d .venv ] || python3 -m venv .venv
  . .venv/bin/activate
fi
bash scripts/ci-system-deps.sh
python -m pip install -q -e ".[test]"
python -m pytest "$@"
