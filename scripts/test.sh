#!/usr/bin/env bash
# The whole test suite on SQLite and on PostgreSQL (127.0.0.1:5432, user postgres, or
# RAKER_TEST_POSTGRES_URL), one after the other. Extra arguments go to pytest.
#   RAKER_REQUIRE_POSTGRES=1  fail instead of skipping when no PostgreSQL answers (CI sets it)
#   RAKER_REQUIRE_BROWSER=1   fail instead of skipping when Debian's chromium is missing (CI sets it)
#   RAKER_REQUIRE_LIBREOFFICE=1  fail instead of skipping when soffice is missing (CI sets it)
#   RAKER_TEST_RENDERING_TWICE=1  run the tests marked `rendering` on PostgreSQL too (pytest.ini)
#   RAKER_TEST_WORKERS=N      pytest-xdist workers (default: the cores plus two: most tests wait on a
#                             browser, LibreOffice, a subprocess or the database, so a core has work
#                             while one of its workers waits)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh dev
. .venv/bin/activate
export RAKER_TEST_POSTGRES_URL=${RAKER_TEST_POSTGRES_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/postgres}
workers=${RAKER_TEST_WORKERS:-$(($(nproc) + 2))}

postgres_available() {
  python - <<'PY'
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
}

if ! postgres_available; then
  if [ "${RAKER_REQUIRE_POSTGRES:-0}" = "1" ]; then
    echo "PostgreSQL wajib untuk tes ini (RAKER_REQUIRE_POSTGRES=1)." >&2
    exit 1
  fi
  echo "PERINGATAN: PostgreSQL tidak tersedia; hanya tes SQLite yang dijalankan." >&2
  echo "== Tes pada SQLite =="
  RAKER_TEST_DATABASE=sqlite python -m pytest -p no:cacheprovider -n "$workers" --dist worksteal "$@"
  exit $?
fi

# One database after the other, each spread over pytest-xdist workers (worksteal: a worker that runs
# out takes tests queued on a busy one; the longest tests take a minute or two). Measured on two
# cores: 8 + 11 min one after the other with four workers each, 22.5 min side by side with three.
echo "== Tes pada SQLite =="
sqlite_status=0
RAKER_TEST_DATABASE=sqlite python -m pytest -p no:cacheprovider -n "$workers" --dist worksteal "$@" || sqlite_status=$?
# The `rendering` tests (LibreOffice converting the files, the browser's layout and axe walks, the words on
# every page) check what LibreOffice or chromium makes of files and pages built from the same rows on
# either database; they run once, on SQLite, and take a third of the PostgreSQL run's time otherwise.
only=(-m "not rendering")
[ "${RAKER_TEST_RENDERING_TWICE:-0}" = "1" ] && only=()
echo "== Tes pada PostgreSQL =="
postgres_status=0
RAKER_TEST_DATABASE=postgresql python -m pytest -p no:cacheprovider -n "$workers" --dist worksteal "${only[@]}" "$@" || postgres_status=$?
if [ "$sqlite_status" -ne 0 ] || [ "$postgres_status" -ne 0 ]; then
  exit 1
fi
