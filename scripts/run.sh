#!/usr/bin/env bash
# Quick start: install, create/upgrade the SQLite database, load the demo meeting, serve.
#   HOST=0.0.0.0 PORT=8000 scripts/run.sh     to listen elsewhere
set -euo pipefail
cd "$(dirname "$0")/.."
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-5000}
bash scripts/install.sh
. .venv/bin/activate
export FLASK_APP=run.py
flask db upgrade
flask seed-demo --base-url "http://$HOST:$PORT"
echo
echo "Raker berjalan di http://$HOST:$PORT  (hentikan dengan Ctrl+C)"
# 16 threads a worker: phones talk to gunicorn directly here, and a fresh connection holds a thread
# until its first request arrives (bench/RESULTS.md); an idle thread costs little.
exec gunicorn --workers 2 --threads 16 --bind "$HOST:$PORT" --access-logfile - run:app
