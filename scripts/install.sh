#!/usr/bin/env bash
# Create .venv (Python 3.11+), install the pinned packages and compile the translations.
#   scripts/install.sh        runtime packages
#   scripts/install.sh dev    runtime + test packages
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
# Each step says what it does: the first install is quiet for a minute or two otherwise.
step() { echo "==> $*"; }
if [ ! -x .venv/bin/python ]; then
  step "Membuat lingkungan Python di .venv ..."
  "$PYTHON" -m venv .venv
fi
. .venv/bin/activate
requirements=requirements.txt
[ "${1:-}" = "dev" ] && requirements=requirements-dev.txt
step "Memasang paket dari $requirements (pertama kali bisa 1-2 menit) ..."
# pip's notes about local mirror folders that do not exist are noise here; errors still show.
python -m pip install -q --disable-pip-version-check -r "$requirements" 2> >(grep -v "is ignored: it is neither" >&2)
step "Menyusun terjemahan ..."
pybabel compile -D "messages wtforms" -d raker/translations >/dev/null 2>&1
