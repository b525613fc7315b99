#!/usr/bin/env bash
# Installs Airbyte's Python Fauna connector 0.1.10 into .venv-peer (gitignored), so that
# `npm run bench` can compare it with this connector on the same local server in the same run.
# 0.1.10 needs Python 3.9-3.11, and airbyte-cdk 0.51.0: later CDKs crash on its legacy state.
set -euo pipefail
cd "$(dirname "$0")/.."
python="${PYTHON:-}"
if [ -z "$python" ]; then
  for candidate in python3.11 python3.10 python3.9 python3; do
    if command -v "$candidate" >/dev/null && "$candidate" -c 'import sys; sys.exit(not ((3, 9) <= sys.version_info[:2] <= (3, 11)))'; then
      python="$candidate"
      break
    fi
  done
fi
if [ -z "$python" ]; then
  echo "setup-python-peer: needs Python 3.9, 3.10 or 3.11 (set PYTHON=/path/to/python)" >&2
  exit 1
fi
"$python" -m venv .venv-peer
.venv-peer/bin/pip install --quiet --upgrade pip
.venv-peer/bin/pip install --quiet 'airbyte-source-fauna==0.1.10' 'airbyte-cdk==0.51.0'
.venv-peer/bin/source-fauna spec >/dev/null
echo "setup-python-peer: installed; .venv-peer/bin/source-fauna is ready for npm run bench"
