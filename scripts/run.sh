#!/usr/bin/env bash
# Install the assistant into .venv and run it on its embedded defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d .venv ] || python3 -m venv .venv
. .venv/bin/activate
python -m pip install -q -e .
exec assistant "${@:-positions}"
