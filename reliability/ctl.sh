#!/usr/bin/env bash
# Control of the suite's processes (reliability/run.sh writes WORK/pg.env and WORK/<instance>.env, then calls this,
# and so does the client, for its faults):
#   reliability/ctl.sh WORK start A|B     start the instance (java -jar …quarkus-run.jar), wait until /q/health/ready
#   reliability/ctl.sh WORK kill9 A|B     kill -9 the instance, wait until it is gone
#   reliability/ctl.sh WORK stop A|B      TERM, then KILL after 20 s
#   reliability/ctl.sh WORK pg-start      start PostgreSQL (pg_ctl -w), wait until it accepts connections
#   reliability/ctl.sh WORK pg-stop       stop PostgreSQL (pg_ctl -m fast -w)
#   reliability/ctl.sh WORK stop-all      stop both instances and PostgreSQL (the exit trap of run.sh)
# Only processes this suite started are touched: by the pids recorded in WORK/<instance>.pid and PostgreSQL's own
# postmaster.pid (through pg_ctl). Every wait has a deadline (REL_START_TIMEOUT for a start, default 300 s).
set -euo pipefail
WORK=$1; ACTION=$2; NAME=${3:-}
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck disable=SC1091
. "$WORK/pg.env"
START_TIMEOUT=${REL_START_TIMEOUT:-300}

say() { echo "   [ctl $(date +%H:%M:%S.%3N)] $*"; }

# as_postgres_user (PostgreSQL refuses to run as root: as root it runs as "nobody")
# shellcheck source=../scripts/local-postgres.sh
. "$ROOT/scripts/local-postgres.sh"

# alive PID: the process exists and is not a zombie (an orphan's zombie may linger where nothing reaps it)
alive() {
  local state
  [ -r "/proc/$1/stat" ] || return 1
  state=$(sed 's/^.*) //' "/proc/$1/stat" | cut -d' ' -f1)
  [ "$state" != Z ]
}

instance_pid() {
  [ -s "$WORK/$NAME.pid" ] && cat "$WORK/$NAME.pid"
}

require_name() {
  case "$NAME" in A|B) ;; *) echo "instance name A or B expected, not '$NAME'" >&2; exit 2 ;; esac
}

start_instance() {
  require_name
  local pid port
  pid=$(instance_pid || true)
  if [ -n "$pid" ] && alive "$pid"; then
    say "$NAME is running already (pid $pid)"
    return 0
  fi
  # shellcheck disable=SC1090
  set -a; . "$WORK/$NAME.env"; set +a
  port=$QUARKUS_HTTP_PORT
  echo "=== start $(date -u +%FT%TZ)" >> "$WORK/$NAME.log"
  # shellcheck disable=SC2086
  nohup java $REL_SERVER_JAVA_OPTS -jar "$ROOT/target/quarkus-app/quarkus-run.jar" </dev/null >>"$WORK/$NAME.log" 2>&1 &
  pid=$!
  echo "$pid" > "$WORK/$NAME.pid"
  local started=$SECONDS
  while [ $((SECONDS - started)) -lt "$START_TIMEOUT" ]; do
    if ! alive "$pid"; then
      tail -n 40 "$WORK/$NAME.log"; echo "instance $NAME exited during its start" >&2; exit 1
    fi
    if curl -fsS -m 2 -o /dev/null "http://127.0.0.1:$port/q/health/ready" 2>/dev/null; then
      say "$NAME ready on 127.0.0.1:$port (pid $pid) after $((SECONDS - started)) s"
      return 0
    fi
    sleep 0.5
  done
  tail -n 40 "$WORK/$NAME.log"; echo "instance $NAME was not ready within $START_TIMEOUT s" >&2; exit 1
}

kill_instance() {
  require_name
  local pid signal=$1 grace=$2
  pid=$(instance_pid || true)
  if [ -z "$pid" ] || ! alive "$pid"; then
    rm -f "$WORK/$NAME.pid"
    return 0
  fi
  kill "-$signal" "$pid" 2>/dev/null || true
  for _ in $(seq 1 $((grace * 10))); do
    alive "$pid" || { rm -f "$WORK/$NAME.pid"; say "$NAME (pid $pid) gone after SIG$signal"; return 0; }
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    alive "$pid" || { rm -f "$WORK/$NAME.pid"; say "$NAME (pid $pid) killed"; return 0; }
    sleep 0.1
  done
  echo "instance $NAME (pid $pid) does not go away" >&2
  exit 1
}

pg_start() {
  as_postgres_user "'$PG_BIN/pg_ctl' -D '$PG_DATA' -l '$PG_LOG' -w -t 60 \
    -o \"-p $PG_PORT -h 127.0.0.1 -k '$WORK' -c max_connections=200\" start" >/dev/null \
    || { tail -n 30 "$PG_LOG"; echo "PostgreSQL did not start" >&2; exit 1; }
  say "PostgreSQL accepting connections on 127.0.0.1:$PG_PORT"
}

pg_stop() {
  if [ -f "$PG_DATA/postmaster.pid" ]; then
    as_postgres_user "'$PG_BIN/pg_ctl' -D '$PG_DATA' -m fast -w -t 30 stop" >/dev/null \
      || { echo "pg_ctl stop failed; see $PG_LOG" >&2; exit 1; }
    say "PostgreSQL stopped"
  fi
}

case "$ACTION" in
  start) start_instance ;;
  kill9) kill_instance KILL 5 ;;
  stop) kill_instance TERM 20 ;;
  pg-start) pg_start ;;
  pg-stop) pg_stop ;;
  stop-all)
    for NAME in A B; do kill_instance TERM 20 || true; done
    pg_stop || true
    ;;
  *) echo "usage: $0 WORK start|kill9|stop A|B, or WORK pg-start|pg-stop|stop-all" >&2; exit 2 ;;
esac
