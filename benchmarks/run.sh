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
#   BENCH_NICE=N                a session and scheduling group of its own with nice N (benchmarks/lib.sh)
#   BENCH_WAIT_QUIET=SECONDS    first wait up to this long for a quiet machine (1-minute load average below
#                               BENCH_QUIET_LOAD, default nproc/2); the machine is shared, so say how it was
# Only loopback addresses are used: PostgreSQL and the app listen on 127.0.0.1 only.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_ROOT="$ROOT"
# shellcheck source=benchmarks/lib.sh
. "$ROOT/benchmarks/lib.sh"
bench_priority "$@"
BENCH_TIMEOUT="${BENCH_TIMEOUT:-1800}"
bench_workdir /tmp/tightrope-bench
APP_LOG="$BENCH_WORK/app.log"
trap bench_cleanup EXIT
trap 'exit 130' INT TERM

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"

# target C holds one socket per subscriber in the server and another in the client; both inherit this limit
bench_raise_nofile

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
bench_wait_quiet
echo "== load average before: $(uptime)"

# ------------------------------------------------------------------------------------------------- PostgreSQL
bench_start_pg

# ------------------------------------------------------------------------------------------------------- app
# a throwaway ADMIN token for this run: the app creates it at start, the client sends it (environment only, so it
# never shows in a process list)
bench_start_app "$APP_LOG"
bench_wait_ready "$APP_PID" "$APP_PORT" "$APP_LOG" 60
printf 'Authorization: Bearer %s\n' "$TIGHTROPE_TOKEN" \
  | curl -fsS -m 2 -H @- "http://127.0.0.1:$APP_PORT/bench/ceiling" >/dev/null \
  || { echo "/bench/ceiling does not answer: is CeilingRoute in the build?"; exit 1; }
echo "== app ready: $(bench_started_in "$APP_LOG")"

# ---------------------------------------------------------------------------------------------------- client
# shellcheck disable=SC2086
timeout --kill-after=10 "$BENCH_TIMEOUT" \
  java ${BENCH_CLIENT_JAVA_OPTS:--Xmx512m} -jar "$CLIENT_JAR" \
    --url "http://127.0.0.1:$APP_PORT" --server-pid "$APP_PID" --clock-ticks "$(getconf CLK_TCK)" "$@"
