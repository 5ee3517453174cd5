#!/usr/bin/env bash
# Nightly backup, for cron: `flask backup` into BACKUP_DIR, then delete backups older than KEEP_DAYS.
#   BACKUP_DIR       /var/backups/raker by default: outside the web root, folder 0700, files 0600
#   KEEP_DAYS        14 by default
#   RAKER_ENV_FILE   /etc/raker/raker.env by default: KEY=value lines (DATABASE_URL, …) read first,
#                    because cron starts with an almost empty environment
# Example crontab line of the user that runs Raker (02.15 every night):
#   15 2 * * *  /srv/raker/scripts/backup.sh >>/var/log/raker/backup.log 2>&1
set -euo pipefail
cd "$(dirname "$0")/.."
env_file=${RAKER_ENV_FILE:-/etc/raker/raker.env}
if [ -r "$env_file" ]; then
  set -a
  # shellcheck disable=SC1090
  . "$env_file"
  set +a
fi
BACKUP_DIR=${BACKUP_DIR:-/var/backups/raker}
KEEP_DAYS=${KEEP_DAYS:-14}
case "$KEEP_DAYS" in
  ''|*[!0-9]*|0) echo "KEEP_DAYS harus bilangan bulat positif, bukan '$KEEP_DAYS'." >&2; exit 2 ;;
esac
umask 077  # personal data (NIP, phones, signatures): nobody but this user reads the backups
mkdir -p "$BACKUP_DIR"
chmod 700 "$BACKUP_DIR"
file="$BACKUP_DIR/raker-$(date -u +%Y%m%dT%H%M%SZ).backup"
.venv/bin/flask --app run.py backup -o "$file"
# Only after a good backup, so a failing night never eats the older copies.
find "$BACKUP_DIR" -maxdepth 1 -type f -name 'raker-*.backup' -mtime +"$((KEEP_DAYS - 1))" -print -delete
