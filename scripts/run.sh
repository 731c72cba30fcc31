#!/usr/bin/env bash
# Install the assistant into .venv and start the web service with its chat widget
# (`assistant serve`: builds the index on first run, then serves http://127.0.0.1:8000/).
# Arguments run another command instead: ./scripts/run.sh show 12
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d .venv ] || python3 -m venv .venv
. .venv/bin/activate
python -m pip install -q -e .
exec assistant "${@:-serve}"
