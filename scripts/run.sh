#!/usr/bin/env bash
# Quick start: install, create/upgrade the SQLite database, load the demo meeting, serve.
#   HOST=0.0.0.0 PORT=8000 scripts/run.sh     to listen elsewhere
#   PUBLIC_BASE_URL=http://192.168.1.10:8000   the address phones use (links in mail and PDFs, and the
#                                              only host answered besides localhost); guessed for 0.0.0.0
#   SMTP_HOST=127.0.0.1 SMTP_PORT=1025         send mail (each message right after the request that wrote
#                                              it); without SMTP_HOST mail stays on the meeting's Kotak keluar page
set -euo pipefail
cd "$(dirname "$0")/.."
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-5000}
if [ -z "${PUBLIC_BASE_URL:-}" ]; then
  ADDRESS=$HOST
  [ "$HOST" = "0.0.0.0" ] && ADDRESS=$(hostname -I 2>/dev/null | awk '{print $1}')
  PUBLIC_BASE_URL="http://${ADDRESS:-127.0.0.1}:$PORT"
fi
export PUBLIC_BASE_URL
# No cron in the quick start: with a mail server, send each message once the request that wrote it is answered.
export MAIL_SEND_AFTER_REQUEST=${MAIL_SEND_AFTER_REQUEST:-1}
bash scripts/install.sh
. .venv/bin/activate
export FLASK_APP=run.py
echo "==> Membuat atau memperbarui basis data ..."
flask db upgrade
echo "==> Memuat rapat contoh (sekali saja) ..."
flask seed-demo --base-url "$PUBLIC_BASE_URL"
echo
echo "==> Menjalankan server ..."
echo "Raker berjalan di $PUBLIC_BASE_URL  (hentikan dengan Ctrl+C)"
if [ -z "${SMTP_HOST:-}" ]; then
  echo "Email dibaca di Kotak keluar (alamat di atas; masuk sebagai sekretariat@raker.example)."
fi
# 16 threads a worker: phones talk to gunicorn directly here, and a fresh connection holds a thread
# until its first request arrives (bench/RESULTS.md); an idle thread costs little.
# The access log names no personal link (raker/access_log.py: the tokens in /r/<token> and the like are "…").
exec gunicorn --workers 2 --threads 16 --bind "$HOST:$PORT" --access-logfile - --logger-class raker.access_log.RedactingLogger run:app
