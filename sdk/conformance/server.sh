#!/usr/bin/env bash
# Starts or stops the conformance run's Tightrope (run.sh calls it, and so does the TypeScript SDK's integration
# test, to stop the server under a running SDK and start it again).
#   sdk/conformance/server.sh start WORK   java -jar target/quarkus-app/quarkus-run.jar with WORK/app.env, until ready
#   sdk/conformance/server.sh stop WORK    stops it (TERM, then KILL after 30 s)
# WORK/app.env is written by run.sh; the pid goes to WORK/app.pid, the log is appended to WORK/app.log. Every wait
# has a deadline.
set -euo pipefail
ACTION=$1; WORK=$2
ROOT=$(cd "$(dirname "$0")/../.." && pwd)

case "$ACTION" in
  start)
    # shellcheck disable=SC1091
    set -a; . "$WORK/app.env"; set +a
    java -jar "$ROOT/target/quarkus-app/quarkus-run.jar" < /dev/null >> "$WORK/app.log" 2>&1 &
    PID=$!
    echo "$PID" > "$WORK/app.pid"
    for _ in $(seq 1 240); do
      python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$QUARKUS_HTTP_PORT/q/health/ready', timeout=2)" 2>/dev/null && exit 0
      kill -0 "$PID" 2>/dev/null || { tail -50 "$WORK/app.log"; echo "Tightrope exited"; exit 1; }
      sleep 0.5
    done
    tail -50 "$WORK/app.log"; echo "Tightrope was not ready within 120 s"; exit 1
    ;;
  stop)
    [ -s "$WORK/app.pid" ] || exit 0
    PID=$(cat "$WORK/app.pid")
    kill "$PID" 2>/dev/null || exit 0
    for _ in $(seq 1 60); do kill -0 "$PID" 2>/dev/null || { rm -f "$WORK/app.pid"; exit 0; }; sleep 0.5; done
    kill -9 "$PID" 2>/dev/null || true
    rm -f "$WORK/app.pid"
    ;;
  *)
    echo "usage: $0 start|stop WORK" >&2; exit 2
    ;;
esac
