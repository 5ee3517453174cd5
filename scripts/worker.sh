#!/usr/bin/env bash
# Production: the background worker for big exports (badge and certificate batches, big daftar hadir, the
# report, the participants list), on the Redis named by RAKER_REDIS_URL. Run one or more beside gunicorn
# (systemd, supervisor), with the app's environment (/etc/raker/raker.env):
#   set -a && . /etc/raker/raker.env && scripts/worker.sh
# It first re-queues what a stopped worker left half done, then works the queue (JOBS_QUEUE, "raker").
# The same work is done by `rq worker --url "$RAKER_REDIS_URL" raker` run from this folder with that
# environment. Without RAKER_REDIS_URL (the quick start) no worker is needed: the app runs jobs itself.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${RAKER_REDIS_URL:?set RAKER_REDIS_URL, e.g. redis://127.0.0.1:6379/0}"
. .venv/bin/activate
exec flask --app run.py jobs worker
