#!/usr/bin/env bash
# A bounded load run with wrk on loopback: requests per second and p50/p99 latency for each endpoint in
# benchmarks/urls.txt and for login/logout writes, through the production front (nginx + gunicorn).
#
# By default it starts a private front of its own (state in var/bench, port 18480, its own database) and
# stops it at the end. Set BASE_URL to measure a front that is already running instead (writes then need
# BENCH_USERNAME and BENCH_PASSWORD).
#
#   benchmarks/load.sh                         # 8 s per endpoint, 16 connections
#   DURATION=20 CONNECTIONS=64 benchmarks/load.sh
#   GUNICORN_WORKER_CLASS=sync GUNICORN_WORKERS=5 benchmarks/load.sh   # compare worker classes
#   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/mdm_bench benchmarks/load.sh
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PY:-.venv/bin/python}
DURATION=${DURATION:-8}
CONNECTIONS=${CONNECTIONS:-16}
WRITE_CONNECTIONS=${WRITE_CONNECTIONS:-2}
WRITE_DURATION=${WRITE_DURATION:-$((DURATION * 2))}
THREADS=${THREADS:-2}
URLS_FILE=${URLS_FILE:-benchmarks/urls.txt}
STATE=${BENCH_STATE_DIR:-var/bench}
PORT=${BENCH_PORT:-18480}

if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing wrk from Debian's packages..."
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null 2>&1 \
      || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null; }
  else
    echo "wrk is not installed (apt-get install wrk as root)" >&2; exit 1
  fi
fi

started_front=""
stop_front() {
  if [ -n "$started_front" ]; then
    env FRONT_STATE_DIR="$STATE" FRONT_PORT="$PORT" "$PY" -m deploy.front stop >/dev/null || true
    if [[ "$DATABASE_URL" == postgres* ]]; then postgres_database drop "$DATABASE_URL" || true; fi
  fi
}
postgres_database() {  # create|drop URL: the private front's PostgreSQL database
  "$PY" - "$@" <<'PY'
import sys, urllib.parse, psycopg
action, url = sys.argv[1], urllib.parse.urlsplit(sys.argv[2]); name = url.path.lstrip("/")
with psycopg.connect(urllib.parse.urlunsplit(url._replace(path="/postgres")), autocommit=True) as c:
    c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    if action == "create":
        c.execute(f'CREATE DATABASE "{name}"')
PY
}
trap stop_front EXIT

if [ -z "${BASE_URL:-}" ]; then
  mkdir -p "$STATE"
  export FRONT_STATE_DIR="$STATE" FRONT_PORT="$PORT"
  export DATABASE_URL="${BENCH_DATABASE_URL:-sqlite:///$PWD/$STATE/bench.sqlite3}"
  export MAINTENANCE_FILE="$PWD/$STATE/maintenance.on" STATIC_ROOT="$PWD/$STATE/static"
  export BENCH_USERNAME=admin@maurodatamapper.com
  export BENCH_PASSWORD="${BENCH_PASSWORD:-bench-$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')}"
  export BOOTSTRAP_ADMIN_PASSWORD="$BENCH_PASSWORD"
  rm -f "$STATE/bench.sqlite3"
  if [[ "$DATABASE_URL" == postgres* ]]; then postgres_database create "$DATABASE_URL"; fi
  started_front=yes
  "$PY" -m deploy.front serve >"$STATE/serve.log" 2>&1 || { cat "$STATE/serve.log"; exit 1; }
  BASE_URL="http://127.0.0.1:$PORT"
fi

# Warm up first (workers import lazily, open database connections, fill caches): not measured.
wrk -t 1 -c "$CONNECTIONS" -d 2s "$BASE_URL/api/session/isAuthenticated" >/dev/null 2>&1 || true

echo "Front: $BASE_URL   wrk: ${DURATION}s per read line ($CONNECTIONS connections), ${WRITE_DURATION}s of writes ($WRITE_CONNECTIONS connections)"
echo "gunicorn: class=${GUNICORN_WORKER_CLASS:-default} workers=${GUNICORN_WORKERS:-default} threads=${GUNICORN_THREADS:-default}; CPUs: $(nproc)"
printf "\n%-24s %10s %9s %9s %10s %8s %8s\n" endpoint "req/s" "p50 ms" "p99 ms" requests non-2xx errors
total_bad=0

measure() {  # name, connections, seconds, wrk arguments...
  local name=$1 connections=$2 seconds=$3; shift 3
  local line threads=$THREADS
  [ "$connections" -lt "$threads" ] && threads=$connections
  line=$(wrk -t "$threads" -c "$connections" -d "${seconds}s" --timeout 10s "$@" | grep '^RESULT' || true)
  if [ -z "$line" ]; then printf "%-24s  (wrk gave no result)\n" "$name"; total_bad=$((total_bad + 1)); return; fi
  read -r _ requests rps p50 p99 bad errors <<<"$line"
  printf "%-24s %10s %9s %9s %10s %8s %8s\n" "$name" "$rps" "$p50" "$p99" "$requests" "$bad" "$errors"
  total_bad=$((total_bad + bad + errors))
}

while read -r name path; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  status=$(curl -s -o /dev/null -w '%{http_code}' "$BASE_URL$path" || true)
  if [ "$status" = 404 ]; then printf "%-24s  (404: not in this build, skipped)\n" "$name"; continue; fi
  if [[ "$status" != 2* ]]; then printf "%-24s  (answers %s before the run)\n" "$name" "$status"; fi
  measure "$name" "$CONNECTIONS" "$DURATION" -s benchmarks/wrk/report.lua "$BASE_URL$path"
done <"$URLS_FILE"

if [ -n "${BENCH_USERNAME:-}" ] && [ -n "${BENCH_PASSWORD:-}" ]; then
  measure "login+logout (writes)" "$WRITE_CONNECTIONS" "$WRITE_DURATION" -s benchmarks/wrk/login_logout.lua "$BASE_URL"
else
  echo "login+logout: skipped (set BENCH_USERNAME and BENCH_PASSWORD)"
fi

echo
if [ "$total_bad" -eq 0 ]; then
  echo "Non-2xx answers and socket errors: 0 (none intended)."
else
  echo "Non-2xx answers and socket errors: $total_bad (none were intended)." >&2
  exit 1
fi
