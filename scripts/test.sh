#!/usr/bin/env bash
# The whole test suite: on SQLite, then again on PostgreSQL (127.0.0.1:5432, user postgres,
# or RAKER_TEST_POSTGRES_URL). Extra arguments go to pytest.
#   RAKER_REQUIRE_POSTGRES=1  fail instead of skipping when no PostgreSQL answers (CI sets it)
#   RAKER_REQUIRE_BROWSER=1   fail instead of skipping when Debian's chromium is missing (CI sets it)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh dev
. .venv/bin/activate
export RAKER_TEST_POSTGRES_URL=${RAKER_TEST_POSTGRES_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/postgres}

echo "== Tes pada SQLite =="
RAKER_TEST_DATABASE=sqlite python -m pytest "$@"

if python - <<'PY'
import os, sys
import psycopg
from sqlalchemy.engine import make_url
url = make_url(os.environ["RAKER_TEST_POSTGRES_URL"])
try:
    psycopg.connect(host=url.host, port=url.port or 5432, user=url.username, password=url.password,
                    dbname=url.database or "postgres", connect_timeout=3).close()
except psycopg.Error as exc:
    print(f"PostgreSQL tidak menjawab: {exc}", file=sys.stderr)
    sys.exit(1)
PY
then
  echo "== Tes pada PostgreSQL =="
  RAKER_TEST_DATABASE=postgresql python -m pytest "$@"
elif [ "${RAKER_REQUIRE_POSTGRES:-0}" = "1" ]; then
  echo "PostgreSQL wajib untuk tes ini (RAKER_REQUIRE_POSTGRES=1)." >&2
  exit 1
else
  echo "PERINGATAN: PostgreSQL tidak tersedia; tes PostgreSQL dilewati." >&2
fi
