#!/usr/bin/env bash
# Create .venv (Python 3.11+), install the pinned packages and compile the translations.
#   scripts/install.sh        runtime packages
#   scripts/install.sh dev    runtime + test packages
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
. .venv/bin/activate
python -m pip install -q --disable-pip-version-check --upgrade pip
if [ "${1:-}" = "dev" ]; then
  python -m pip install -q --disable-pip-version-check -r requirements-dev.txt
else
  python -m pip install -q --disable-pip-version-check -r requirements.txt
fi
pybabel compile -q -D "messages wtforms" -d raker/translations
