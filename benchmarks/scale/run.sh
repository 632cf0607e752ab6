#!/usr/bin/env bash
# Scale benchmarks measured by an independent Node client (docs/benchmarks.md, section I). Starts a throwaway
# PostgreSQL and the packaged app on loopback the way benchmarks/run.sh does (benchmarks/lib.sh), runs one
# scenario of benchmarks/scale/src/scale.mjs against it, and ALWAYS stops everything on exit.
#
# Usage: benchmarks/scale/run.sh SCENARIO [client options...]
#   realistic        1 000 configChanged subscribers acknowledging every configuration, 4 route() pollers,
#                    50 rollback/roll-forward cycles, on a server just started (no warm-up)
#                      e.g. benchmarks/scale/run.sh realistic --ack off
#   instances        two app instances on one database, 5 000 subscribers on each (no acks), 30 rollbacks sent to A
#   early-rollbacks  a server started on a database that already has the agent; rollbacks with 4 pollers within
#                    10 s of /q/health/ready
#   startup          process start → /q/health/ready, on an empty database and on a migrated one (SCALE_STARTS
#                    each, default 3), then the server's RSS under route() load (--seconds, default 60)
# Client options: see DEFAULTS in benchmarks/scale/src/scale.mjs (--subscribers, --cycles, --ack, --procs, ...).
# Environment (besides benchmarks/run.sh's BENCH_WAIT_QUIET, BENCH_SERVER_JAVA_OPTS, BENCH_PG_*, BENCH_NOFILE):
#   SCALE_JVM_LOG=1      the server also writes GC and safepoint (gc.log) and JIT compilation (jit.log) logs with
#                        wall-clock times into the run's folder; the analysis then correlates them with the changes
#   SCALE_TIMEOUT=1800   hard limit of each client run, seconds
#   SCALE_SKIP_BUILD=1   do not build the app when target/quarkus-app is missing (fail instead)
#   SCALE_STARTS=3       startup: starts per kind
#   SCALE_CDS=1          startup: first write a dynamic AppCDS archive (-XX:ArchiveClassesAtExit) with one start,
#                        then measure the starts with it (-XX:SharedArchiveFile)
# Only loopback addresses are used.
set -euo pipefail

SCALE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SCALE_DIR/../.." && pwd)"
BENCH_ROOT="$ROOT"
# shellcheck source=benchmarks/lib.sh
. "$ROOT/benchmarks/lib.sh"

bench_priority "$@"
SCENARIO="${1:-}"
[ -n "$SCENARIO" ] || { sed -n '2,25p' "$0"; exit 2; }
shift
SCALE_TIMEOUT="${SCALE_TIMEOUT:-1800}"

bench_workdir /tmp/tightrope-scale
trap bench_cleanup EXIT
trap 'exit 130' INT TERM

echo "== scenario $SCENARIO, run folder $BENCH_WORK"
echo "== machine: nproc $(nproc)"
lscpu | head -15 | sed 's/^/   /'
free -g | sed 's/^/   /'
"$(bench_server_java)" -version 2>&1 | head -1 | sed 's/^/== the app'"'"'s java: /'
if AOT_CACHE="$(bench_aot_cache)"; then
  echo "== the app starts with its AOT cache ($(du -m "$AOT_CACHE" | cut -f1) MB, BENCH_AOT=off to start it without)"
fi
echo "== node: $(node --version)"
[ -n "${BENCH_NICE:-}" ] && echo "== PostgreSQL, app and client run under nice -n $BENCH_NICE"
bench_raise_nofile

# ------------------------------------------------------------------------------------------------ builds
if [ ! -f "$ROOT/target/quarkus-app/quarkus-run.jar" ]; then
  [ "${SCALE_SKIP_BUILD:-}" = 1 ] && { echo "missing target/quarkus-app (build first)"; exit 1; }
  echo "== building the app (mvn -q -B package -DskipTests -Dweb-ui.skip)"
  (cd "$ROOT" && mvn -q -B package -DskipTests -Dweb-ui.skip)
fi
if [ ! -d "$SCALE_DIR/node_modules/graphql-ws" ] || [ ! -d "$SCALE_DIR/node_modules/ws" ]; then
  echo "== npm ci in benchmarks/scale"
  (cd "$SCALE_DIR" && npm ci --no-audit --no-fund --silent)
fi

JVM_LOG_OPTS=()
if [ "${SCALE_JVM_LOG:-}" = 1 ]; then
  JVM_LOG_OPTS=("-Xlog:gc*,safepoint:file=$BENCH_WORK/gc-%p.log:time,uptime,level,tags"
                "-Xlog:jit+compilation=debug:file=$BENCH_WORK/jit-%p.log:time,uptime,tags")
fi

client() {
  # shellcheck disable=SC2086
  timeout --kill-after=10 "$SCALE_TIMEOUT" $(bench_nice) node "$SCALE_DIR/src/scale.mjs" "$@"
}

now_ms() { date +%s%3N; }

bench_wait_quiet
echo "== load average before: $(uptime)"
bench_start_pg

case "$SCENARIO" in
  realistic)
    bench_start_app "$BENCH_WORK/app.log" "${JVM_LOG_OPTS[@]}"
    bench_wait_ready "$APP_PID" "$APP_PORT" "$BENCH_WORK/app.log" 60
    echo "== app ready: $(bench_started_in "$BENCH_WORK/app.log") (pid $APP_PID); no warm-up"
    client realistic --url "http://127.0.0.1:$APP_PORT" --server-pids "$APP_PID" \
      --out "$BENCH_WORK/realistic.json" "$@"
    if [ "${SCALE_JVM_LOG:-}" = 1 ]; then
      node "$SCALE_DIR/src/analyse-jvm.mjs" "$BENCH_WORK/realistic.json" "$BENCH_WORK"/gc-*.log "$BENCH_WORK"/jit-*.log
    fi
    ;;
  instances)
    bench_start_app "$BENCH_WORK/app-a.log" "${JVM_LOG_OPTS[@]}"
    PID_A="$APP_PID"; PORT_A="$APP_PORT"
    bench_start_app "$BENCH_WORK/app-b.log" "${JVM_LOG_OPTS[@]}"
    PID_B="$APP_PID"; PORT_B="$APP_PORT"
    bench_wait_ready "$PID_A" "$PORT_A" "$BENCH_WORK/app-a.log" 90
    bench_wait_ready "$PID_B" "$PORT_B" "$BENCH_WORK/app-b.log" 90
    echo "== instances ready: A pid $PID_A :$PORT_A, B pid $PID_B :$PORT_B"
    client instances --url "http://127.0.0.1:$PORT_A,http://127.0.0.1:$PORT_B" --server-pids "$PID_A,$PID_B" \
      --subscribers 5000 --rollbacks 30 --out "$BENCH_WORK/instances.json" "$@"
    ;;
  early-rollbacks)
    # the agent is made on a first server, which is then stopped: the measured server finds the data in place
    bench_start_app "$BENCH_WORK/app-setup.log"
    bench_wait_ready "$APP_PID" "$APP_PORT" "$BENCH_WORK/app-setup.log" 60
    AGENT="$(client setup --url "http://127.0.0.1:$APP_PORT" --cycles 0 | sed -n 's/^AGENT=//p')"
    echo "== agent $AGENT made; restarting the server"
    bench_stop_apps
    START_MS="$(now_ms)"
    bench_start_app "$BENCH_WORK/app.log" "${JVM_LOG_OPTS[@]}"
    client early-rollbacks --url "http://127.0.0.1:$APP_PORT" --server-pids "$APP_PID" --agent "$AGENT" \
      --started-at-ms "$START_MS" --out "$BENCH_WORK/early.json" "$@"
    echo "== $(bench_started_in "$BENCH_WORK/app.log")"
    ;;
  startup)
    STARTS="${SCALE_STARTS:-3}"
    if [ "${SCALE_CDS:-}" = 1 ]; then
      # a dynamic AppCDS archive of the classes one start loads (JDK 13+): written when that JVM exits
      CDS="$BENCH_WORK/app-cds.jsa"
      bench_start_app "$BENCH_WORK/app-cds-dump.log" "-XX:ArchiveClassesAtExit=$CDS" >/dev/null
      bench_wait_ready "$APP_PID" "$APP_PORT" "$BENCH_WORK/app-cds-dump.log" 90
      bench_stop_apps
      [ -f "$CDS" ] || { echo "no CDS archive written"; exit 1; }
      echo "== AppCDS archive $(du -m "$CDS" | cut -f1) MB; the measured starts use it"
      BENCH_SERVER_JAVA_OPTS="${BENCH_SERVER_JAVA_OPTS:-} -XX:SharedArchiveFile=$CDS -Xshare:auto"
    fi
    for kind in empty migrated; do
      for n in $(seq 1 "$STARTS"); do
        if [ "$kind" = empty ]; then bench_stop_pg; bench_start_pg >/dev/null; fi
        START_MS="$(now_ms)"
        bench_start_app "$BENCH_WORK/app-$kind-$n.log" >/dev/null
        MS="$(client ready --url "http://127.0.0.1:$APP_PORT" --started-at-ms "$START_MS" | sed -n 's/^READY_MS=//p')"
        CPU_S="$(awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15) / hz }' /proc/"$APP_PID"/stat)"
        echo "   CPU by thread kind until ready: $(node "$SCALE_DIR/src/threads.mjs" "$APP_PID")"
        echo "STARTUP $kind $n: ${MS} ms to ready ($(bench_started_in "$BENCH_WORK/app-$kind-$n.log")), ${CPU_S} s of CPU until then, RSS at ready $(( $(grep VmRSS /proc/"$APP_PID"/status | awk '{print $2}') / 1024 )) MB"
        if [ "$kind" = migrated ] && [ "$n" = "$STARTS" ]; then break; fi
        bench_stop_apps
      done
    done
    echo "== route() load on the last server (pid $APP_PID)"
    client route-load --url "http://127.0.0.1:$APP_PORT" --server-pids "$APP_PID" --out "$BENCH_WORK/route-load.json" "$@"
    echo "== RSS at the end: $(( $(grep VmRSS /proc/"$APP_PID"/status | awk '{print $2}') / 1024 )) MB, peak (VmHWM) $(( $(grep VmHWM /proc/"$APP_PID"/status | awk '{print $2}') / 1024 )) MB"
    ;;
  *)
    echo "unknown scenario $SCENARIO"; exit 2 ;;
esac
