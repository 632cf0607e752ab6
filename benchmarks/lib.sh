# Shared shell functions of the benchmark scripts (benchmarks/run.sh, benchmarks/scale/run.sh): a throwaway
# PostgreSQL from the embedded binaries, packaged app instances on loopback, the open-files limit, the wait for a
# quiet machine, and one cleanup that stops everything that was started. Source it; it defines functions and
# variables only, and sets no trap itself (the caller does: trap bench_cleanup EXIT).
#
# Variables the caller may read after the calls:
#   BENCH_WORK            the run's folder (/tmp/tightrope-bench.XXXXXX), logs stay there
#   PG_PORT, PG_BIN       after bench_start_pg
#   APP_PID, APP_PORT     the instance started last by bench_start_app
#   TIGHTROPE_TOKEN       the run's throwaway ADMIN token (exported; environment only, never on a command line)
# Environment: BENCH_PG_BIN, BENCH_PG_OPTS, BENCH_SERVER_JAVA_OPTS, BENCH_NOFILE, BENCH_WAIT_QUIET, BENCH_QUIET_LOAD
# (see benchmarks/run.sh); BENCH_SERVER_JAVA=PATH, the java that runs the app (default: java on the PATH); when
# target/quarkus-app/app.aot exists (the AOT cache of `mvn verify -Daot`, see the README), the app is started with
# -XX:AOTCache and -XX:AOTMode=on, so a cache that does not match this java or these jars fails the start instead
# of being ignored, and BENCH_AOT=off starts it without; and BENCH_NICE=N: the run gets a session of its own
# (setsid), and so, where the kernel groups tasks by session (/proc/sys/kernel/sched_autogroup_enabled), a
# scheduling group of its own whose nice value is N (a negative N needs root); PostgreSQL, the app and the client
# also run under `nice -n N`. Without it, all of a run's processes share one group's CPU share with every other
# session's group on a shared machine. Say so with the figures.

BENCH_ROOT="${BENCH_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
BENCH_WORK=""
PG_BIN=""
PG_DATA=""
PG_PORT=""
PG_LOG=""
PG_STARTED=""
APP_PID=""
APP_PORT=""
BENCH_APP_PIDS=()
# extra PIDs (clients) the caller started in the background and wants stopped on exit
BENCH_EXTRA_PIDS=()

# free_port, as_postgres_user, postgres_binaries
# shellcheck source=../scripts/local-postgres.sh
. "$BENCH_ROOT/scripts/local-postgres.sh"

bench_workdir() {
  BENCH_WORK="$(mktemp -d "${1:-/tmp/tightrope-bench}.XXXXXX")"
  chmod 755 "$BENCH_WORK"
  PG_LOG="$BENCH_WORK/postgres.log"
}

# bench_priority "$@": with BENCH_NICE, re-runs the calling script in a new session and sets its autogroup's nice
bench_priority() {
  [ -n "${BENCH_NICE:-}" ] || return 0
  if [ -z "${BENCH_IN_OWN_SESSION:-}" ] && command -v setsid >/dev/null; then
    export BENCH_IN_OWN_SESSION=1
    exec setsid --wait "$0" "$@"
  fi
  if [ -w /proc/self/autogroup ]; then
    echo "$BENCH_NICE" > /proc/self/autogroup 2>/dev/null || echo "== could not set the autogroup's nice value"
    echo "== scheduling group: $(cat /proc/self/autogroup)"
  fi
}

# bench_nice: the prefix that runs a command with BENCH_NICE (empty without it)
bench_nice() {
  if [ -n "${BENCH_NICE:-}" ]; then echo "nice -n $BENCH_NICE"; fi
}

bench_as_postgres_user() {
  PG_NICE="${BENCH_NICE:-}" as_postgres_user "$1"
}

# bench_stop_pid PID [NAME]: SIGTERM, up to 10 s, then SIGKILL
bench_stop_pid() {
  local pid="$1" name="${2:-process}"
  [ -n "$pid" ] || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  echo "== stopping the $name (pid $pid)"
  kill "$pid" 2>/dev/null
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null || true
  return 0
}

# bench_stop_apps: stops every app instance started so far
bench_stop_apps() {
  local pid
  for pid in "${BENCH_APP_PIDS[@]}"; do bench_stop_pid "$pid" app; done
  BENCH_APP_PIDS=()
}

bench_stop_pg() {
  if [ -n "$PG_STARTED" ]; then
    echo "== stopping PostgreSQL"
    bench_as_postgres_user "'$PG_BIN/pg_ctl' -D '$PG_DATA' -m fast -w -t 30 stop" >/dev/null 2>&1 \
      || echo "pg_ctl stop failed; see $PG_LOG"
    PG_STARTED=""
  fi
  if [ -n "$PG_DATA" ]; then rm -rf "$PG_DATA"; PG_DATA=""; fi
}

bench_cleanup() {
  local status=$?
  set +e
  local pid
  for pid in "${BENCH_EXTRA_PIDS[@]}"; do bench_stop_pid "$pid" client; done
  bench_stop_apps
  bench_stop_pg
  [ -n "$BENCH_WORK" ] && [ -d "$BENCH_WORK/pg-unpacked" ] && rm -rf "$BENCH_WORK/pg-unpacked"
  echo "== logs kept in $BENCH_WORK"
  echo "== load average after: $(uptime)"
  exit $status
}

bench_free_port() {
  free_port
}

# bench_raise_nofile: ulimit -n to at least BENCH_NOFILE (default 16 384), as far as the hard limit allows; every
# WebSocket subscriber is one open file on each side
bench_raise_nofile() {
  local wanted="${BENCH_NOFILE:-16384}" current hard
  current="$(ulimit -n)"
  if [ "$current" != unlimited ] && [ "$current" -lt "$wanted" ]; then
    hard="$(ulimit -Hn)"
    if [ "$hard" = unlimited ] || [ "$hard" -ge "$wanted" ]; then
      ulimit -n "$wanted"
    else
      ulimit -n "$hard"
    fi
  fi
  echo "== open files limit (ulimit -n): $(ulimit -n)"
}

# bench_wait_quiet: with BENCH_WAIT_QUIET=S, wait up to S seconds until the 1-minute load average is below
# BENCH_QUIET_LOAD (default nproc/2)
bench_wait_quiet() {
  [ -n "${BENCH_WAIT_QUIET:-}" ] || return 0
  local quiet end load1
  quiet="${BENCH_QUIET_LOAD:-$(awk -v n="$(nproc)" 'BEGIN { print n / 2 }')}"
  end=$(( $(date +%s) + BENCH_WAIT_QUIET ))
  while :; do
    load1="$(cut -d' ' -f1 /proc/loadavg)"
    awk -v l="$load1" -v q="$quiet" 'BEGIN { exit !(l < q) }' && break
    if [ "$(date +%s)" -ge "$end" ]; then
      echo "== still busy after ${BENCH_WAIT_QUIET} s (load $load1 >= $quiet); measuring anyway"
      break
    fi
    sleep 5
  done
}

# bench_pg_binaries: sets PG_BIN (BENCH_PG_BIN, /tmp/embedded-pg, or the zonky jar from ~/.m2, fetched if needed)
bench_pg_binaries() {
  PG_BIN="$(PG_BIN_OVERRIDE="${BENCH_PG_BIN:-}" postgres_binaries "$BENCH_WORK")"
}

# bench_start_pg: a new, empty database cluster on a free loopback port (PG_PORT)
bench_start_pg() {
  [ -n "$PG_BIN" ] || bench_pg_binaries
  PG_PORT="$(bench_free_port)"
  PG_DATA="$BENCH_WORK/pgdata"
  mkdir -p "$PG_DATA"
  [ "$(id -u)" = 0 ] && chown nobody "$PG_DATA" "$BENCH_WORK"
  echo "== PostgreSQL from $PG_BIN on 127.0.0.1:$PG_PORT"
  bench_as_postgres_user "'$PG_BIN/initdb' -D '$PG_DATA' -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >'$PG_LOG' 2>&1" \
    || { cat "$PG_LOG"; return 1; }
  PG_STARTED=1
  bench_as_postgres_user "'$PG_BIN/pg_ctl' -D '$PG_DATA' -l '$PG_LOG' -w -t 60 \
    -o \"-p $PG_PORT -h 127.0.0.1 -k '$BENCH_WORK' -c max_connections=${BENCH_PG_MAX_CONNECTIONS:-100} ${BENCH_PG_OPTS:-}\" start" >/dev/null \
    || { cat "$PG_LOG"; return 1; }
}

# bench_token: the run's throwaway ADMIN token; the app creates it at start (TIGHTROPE_BOOTSTRAP_ADMIN_TOKEN)
bench_token() {
  [ -n "${TIGHTROPE_TOKEN:-}" ] || TIGHTROPE_TOKEN="tr_$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')"
  export TIGHTROPE_TOKEN
}

# bench_start_app LOG [JAVA OPTIONS...]: starts the packaged app on a free loopback port (APP_PORT, APP_PID) with
# BENCH_SERVER_JAVA_OPTS and the options given; does not wait for it (bench_wait_ready)
bench_start_app() {
  local log="$1"; shift
  local jar="$BENCH_ROOT/target/quarkus-app/quarkus-run.jar"
  [ -f "$jar" ] || { echo "missing $jar (build first)"; return 1; }
  bench_token
  APP_PORT="$(bench_free_port)"
  local aot=() cache
  if cache="$(bench_aot_cache)"; then aot=("-XX:AOTCache=$cache" -XX:AOTMode=on); fi
  echo "== starting the app on 127.0.0.1:$APP_PORT (log: $log${aot:+, with the AOT cache})"
  # shellcheck disable=SC2086
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres" \
  QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://127.0.0.1:$PG_PORT/postgres" \
  QUARKUS_DATASOURCE_USERNAME=postgres \
  QUARKUS_DATASOURCE_PASSWORD=postgres \
  TIGHTROPE_BOOTSTRAP_ADMIN_TOKEN="$TIGHTROPE_TOKEN" \
    $(bench_nice) "$(bench_server_java)" ${BENCH_SERVER_JAVA_OPTS:-} "${aot[@]}" "$@" \
      -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$APP_PORT" \
      -Dtightrope.bench.ceiling-enabled=true \
      -jar "$jar" >"$log" 2>&1 &
  APP_PID=$!
  BENCH_APP_PIDS+=("$APP_PID")
}

# bench_server_java: the java that runs the app
bench_server_java() {
  echo "${BENCH_SERVER_JAVA:-java}"
}

# bench_aot_cache: prints the app's AOT cache and succeeds when the app is to be started with it
bench_aot_cache() {
  local cache="$BENCH_ROOT/target/quarkus-app/app.aot"
  [ "${BENCH_AOT:-}" != off ] && [ -f "$cache" ] && echo "$cache"
}

# bench_wait_ready PID PORT LOG [SECONDS]: until /q/health/ready answers 200 (default 60 s), polling every 0.5 s
bench_wait_ready() {
  local pid="$1" port="$2" log="$3" tries=$(( ${4:-60} * 2 ))
  for _ in $(seq 1 "$tries"); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "the app exited during startup:"; tail -n 50 "$log"; return 1
    fi
    if curl -fsS -m 2 "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  echo "the app was not ready within ${4:-60} s:"; tail -n 50 "$log"; return 1
}

# bench_started_in LOG: Quarkus's own "started in N s", once it is in the log
bench_started_in() {
  local started=""
  for _ in $(seq 1 20); do
    started="$(grep -m1 -o 'started in [0-9.]*s' "$1" || true)"
    [ -n "$started" ] && break
    sleep 0.1
  done
  echo "${started:-started}"
}
