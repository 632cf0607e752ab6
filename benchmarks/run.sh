#!/usr/bin/env bash
# Runs the Tightrope benchmarks end to end on this machine (docs/benchmarks.md):
#   1. builds the app (target/quarkus-app) and the benchmark client (benchmarks/target/tightrope-benchmarks.jar),
#   2. starts a throwaway PostgreSQL 17 from the embedded binaries on a free loopback port,
#   3. starts the packaged app on a free loopback port with the /bench/ceiling endpoint enabled,
#   4. runs the client (target A: route() vs the HTTP ceiling; target B: rollback propagation to route() pollers;
#      target C: rollback delivered to 1 000 configChanged WebSocket subscribers),
#   5. ALWAYS stops the app and PostgreSQL and deletes the database (trap), whatever happened.
#
# Usage: benchmarks/run.sh [client options...]      e.g. benchmarks/run.sh --duration 10 --rollbacks 50
#                                                        benchmarks/run.sh --phases subscribers --subscribers 100
#   (client options: java -jar benchmarks/target/tightrope-benchmarks.jar --help)
# Environment:
#   BENCH_SKIP_BUILD=1          reuse target/quarkus-app and the client jar as they are
#   BENCH_SERVER_JAVA_OPTS=...  extra JVM options of the server, e.g. a JFR recording of the whole run:
#                               "-XX:StartFlightRecording=settings=profile,filename=/tmp/route.jfr"
#   BENCH_CLIENT_JAVA_OPTS=...  JVM options of the client (default -Xmx512m)
#   BENCH_PG_BIN=/path/bin      PostgreSQL binaries (initdb, pg_ctl, postgres) to use
#   BENCH_PG_OPTS="-c ..."      extra PostgreSQL server options, e.g. "-c log_min_duration_statement=0"
#   BENCH_TIMEOUT=1800          hard limit of the client run, seconds
#   BENCH_NOFILE=16384          open-files limit (ulimit -n) raised to at least this for server and client, as far as
#                               the hard limit allows: every WebSocket subscriber is one open file on each side
#   BENCH_WAIT_QUIET=SECONDS    first wait up to this long for a quiet machine (1-minute load average below
#                               BENCH_QUIET_LOAD, default nproc/2); the machine is shared, so say how it was
# Only loopback addresses are used: PostgreSQL and the app listen on 127.0.0.1 only.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_TIMEOUT="${BENCH_TIMEOUT:-1800}"
WORK="$(mktemp -d /tmp/tightrope-bench.XXXXXX)"
chmod 755 "$WORK"
APP_LOG="$WORK/app.log"
PG_LOG="$WORK/postgres.log"
APP_PID=""
PG_BIN=""
PG_DATA=""
PG_STARTED=""

# free_port, as_postgres_user (PostgreSQL refuses to run as root: as root it runs as "nobody"), postgres_binaries
# shellcheck source=../scripts/local-postgres.sh
. "$ROOT/scripts/local-postgres.sh"

cleanup() {
  local status=$?
  set +e
  if [ -n "$APP_PID" ] && kill -0 "$APP_PID" 2>/dev/null; then
    echo "== stopping the app (pid $APP_PID)"
    kill "$APP_PID"
    for _ in $(seq 1 100); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$APP_PID" 2>/dev/null && kill -9 "$APP_PID"
  fi
  if [ -n "$PG_STARTED" ]; then
    echo "== stopping PostgreSQL"
    as_postgres_user "'$PG_BIN/pg_ctl' -D '$PG_DATA' -m fast -w -t 30 stop" >/dev/null 2>&1 \
      || echo "pg_ctl stop failed; see $PG_LOG"
  fi
  if [ -n "$PG_DATA" ]; then rm -rf "$PG_DATA"; fi
  [ -d "$WORK/pg-unpacked" ] && rm -rf "$WORK/pg-unpacked"
  echo "== logs kept in $WORK (app.log, postgres.log)"
  echo "== load average after: $(uptime)"
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"

# target C holds one socket per subscriber in the server and another in the client; both inherit this limit
NOFILE_WANTED="${BENCH_NOFILE:-16384}"
NOFILE="$(ulimit -n)"
if [ "$NOFILE" != unlimited ] && [ "$NOFILE" -lt "$NOFILE_WANTED" ]; then
  NOFILE_HARD="$(ulimit -Hn)"
  if [ "$NOFILE_HARD" = unlimited ] || [ "$NOFILE_HARD" -ge "$NOFILE_WANTED" ]; then
    ulimit -n "$NOFILE_WANTED"
  else
    ulimit -n "$NOFILE_HARD"
  fi
fi
echo "== open files limit (ulimit -n): $(ulimit -n)"

# ------------------------------------------------------------------------------------------------------ build
if [ "${BENCH_SKIP_BUILD:-}" != 1 ]; then
  echo "== building the app (mvn -q -DskipTests package)"
  (cd "$ROOT" && mvn -q -DskipTests package)
  echo "== building the benchmark client"
  mvn -q -f "$ROOT/benchmarks/pom.xml" package
fi
APP_JAR="$ROOT/target/quarkus-app/quarkus-run.jar"
CLIENT_JAR="$ROOT/benchmarks/target/tightrope-benchmarks.jar"
[ -f "$APP_JAR" ] || { echo "missing $APP_JAR (build first)"; exit 1; }
[ -f "$CLIENT_JAR" ] || { echo "missing $CLIENT_JAR (build first)"; exit 1; }

# ------------------------------------------------------------------------------------------------ quiet wait
if [ -n "${BENCH_WAIT_QUIET:-}" ]; then
  QUIET_LOAD="${BENCH_QUIET_LOAD:-$(awk -v n="$(nproc)" 'BEGIN { print n / 2 }')}"
  WAIT_END=$(( $(date +%s) + BENCH_WAIT_QUIET ))
  while :; do
    LOAD1="$(cut -d' ' -f1 /proc/loadavg)"
    awk -v l="$LOAD1" -v q="$QUIET_LOAD" 'BEGIN { exit !(l < q) }' && break
    if [ "$(date +%s)" -ge "$WAIT_END" ]; then
      echo "== still busy after ${BENCH_WAIT_QUIET} s (load $LOAD1 >= $QUIET_LOAD); measuring anyway"
      break
    fi
    sleep 5
  done
fi
echo "== load average before: $(uptime)"

# ------------------------------------------------------------------------------------------------- PostgreSQL
PG_BIN="$(PG_BIN_OVERRIDE="${BENCH_PG_BIN:-}" postgres_binaries "$WORK")"
PG_PORT="$(free_port)"
PG_DATA="$WORK/pgdata"
mkdir -p "$PG_DATA"
[ "$(id -u)" = 0 ] && chown nobody "$PG_DATA" "$WORK"
echo "== PostgreSQL from $PG_BIN on 127.0.0.1:$PG_PORT"
as_postgres_user "'$PG_BIN/initdb' -D '$PG_DATA' -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >'$PG_LOG' 2>&1" \
  || { cat "$PG_LOG"; exit 1; }
PG_STARTED=1
as_postgres_user "'$PG_BIN/pg_ctl' -D '$PG_DATA' -l '$PG_LOG' -w -t 60 \
  -o \"-p $PG_PORT -h 127.0.0.1 -k '$WORK' -c max_connections=100 ${BENCH_PG_OPTS:-}\" start" >/dev/null \
  || { cat "$PG_LOG"; exit 1; }

# ------------------------------------------------------------------------------------------------------- app
APP_PORT="$(free_port)"
# a throwaway ADMIN token for this run: the app creates it at start, the client sends it (environment only, so it
# never shows in a process list)
TIGHTROPE_TOKEN="tr_$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')"
export TIGHTROPE_TOKEN
echo "== starting the app on 127.0.0.1:$APP_PORT (log: $APP_LOG)"
# shellcheck disable=SC2086
QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres" \
QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://127.0.0.1:$PG_PORT/postgres" \
QUARKUS_DATASOURCE_USERNAME=postgres \
QUARKUS_DATASOURCE_PASSWORD=postgres \
TIGHTROPE_BOOTSTRAP_ADMIN_TOKEN="$TIGHTROPE_TOKEN" \
  java ${BENCH_SERVER_JAVA_OPTS:-} \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$APP_PORT" \
    -Dtightrope.bench.ceiling-enabled=true \
    -jar "$APP_JAR" >"$APP_LOG" 2>&1 &
APP_PID=$!

READY=""
for _ in $(seq 1 120); do
  if ! kill -0 "$APP_PID" 2>/dev/null; then
    echo "the app exited during startup:"; tail -n 50 "$APP_LOG"; exit 1
  fi
  if curl -fsS -m 2 "http://127.0.0.1:$APP_PORT/q/health/ready" >/dev/null 2>&1; then READY=1; break; fi
  sleep 0.5
done
[ -n "$READY" ] || { echo "the app was not ready within 60 s:"; tail -n 50 "$APP_LOG"; exit 1; }
printf 'Authorization: Bearer %s\n' "$TIGHTROPE_TOKEN" \
  | curl -fsS -m 2 -H @- "http://127.0.0.1:$APP_PORT/bench/ceiling" >/dev/null \
  || { echo "/bench/ceiling does not answer: is CeilingRoute in the build?"; exit 1; }
STARTED=""
for _ in $(seq 1 20); do
  STARTED="$(grep -m1 -o 'started in [0-9.]*s' "$APP_LOG" || true)"
  [ -n "$STARTED" ] && break
  sleep 0.1
done
echo "== app ready: ${STARTED:-started}"

# ---------------------------------------------------------------------------------------------------- client
# shellcheck disable=SC2086
timeout --kill-after=10 "$BENCH_TIMEOUT" \
  java ${BENCH_CLIENT_JAVA_OPTS:--Xmx512m} -jar "$CLIENT_JAR" \
    --url "http://127.0.0.1:$APP_PORT" --server-pid "$APP_PID" --clock-ticks "$(getconf CLK_TCK)" "$@"
