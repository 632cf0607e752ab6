#!/usr/bin/env bash
# The multi-instance and fault suite of Tightrope (docs/reliability.md), one command:
#   1. builds the app (target/quarkus-app) and the suite's client (reliability/target/tightrope-reliability.jar),
#   2. starts ONE throwaway PostgreSQL 17 from the embedded binaries on a free loopback port,
#   3. starts TWO packaged instances (A and B) on free loopback ports against it, with a throwaway ADMIN token,
#   4. runs the client's scenarios: 1 cross-instance propagation, 2 one rule evaluator and judge (kill -9, takeover),
#      3 kill -9 during a judge-driven rollout step, 4 PostgreSQL stopped for 60 s, 5 200 concurrent conflicting
#      rollbacks; each prints its checks (ok/FAIL) and figures, then a summary table,
#   5. ALWAYS stops both instances and PostgreSQL and deletes the database (trap), whatever happened.
# Exits non-zero when any scenario failed.
#
# Usage: reliability/run.sh [client options...]     e.g. reliability/run.sh --scenarios 1,5 --rollbacks 20
#   client options: --scenarios 1,2,3,4,5  --rollbacks 50  --outage 60  --concurrent 200
# Environment:
#   REL_SKIP_BUILD=1        reuse target/quarkus-app and the client jar as they are
#   REL_RULES_EVERY=2S      tightrope.rules.every of both instances (the product's default is 5S)
#   REL_JUDGE_EVERY=2S      tightrope.judge.every of both instances (default 5S)
#   REL_BUCKET_WIDTH=2S     tightrope.outcomes.bucket-width (default 10S), so a rollout step completes in seconds
#   REL_SERVER_JAVA_OPTS    extra JVM options of both instances
#   REL_PG_BIN=/path/bin    PostgreSQL binaries (initdb, pg_ctl, postgres) to use
#   REL_START_TIMEOUT=300   longest wait for an instance to become ready, seconds
#   REL_WAIT_QUIET=SECONDS  first wait up to this long until the 1-minute load average is below REL_QUIET_LOAD
#                           (default nproc): the figures depend on how busy the machine is
#   REL_TIMEOUT=900         hard limit of the client run, seconds
# Only loopback addresses are used: PostgreSQL and both instances listen on 127.0.0.1 only.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CTL="$ROOT/reliability/ctl.sh"
REL_TIMEOUT="${REL_TIMEOUT:-900}"
RULES_EVERY="${REL_RULES_EVERY:-2S}"
JUDGE_EVERY="${REL_JUDGE_EVERY:-2S}"
BUCKET_WIDTH="${REL_BUCKET_WIDTH:-2S}"
WORK="$(mktemp -d /tmp/tightrope-reliability.XXXXXX)"
chmod 755 "$WORK"
PG_DATA="$WORK/pgdata"
SUITE_STARTED=$SECONDS

cleanup() {
  local status=$?
  set +e
  if [ -f "$WORK/pg.env" ]; then
    echo "== stopping both instances and PostgreSQL"
    bash "$CTL" "$WORK" stop-all
  fi
  rm -rf "$PG_DATA" "$WORK/pg-unpacked"
  echo "== logs kept in $WORK (A.log, B.log, postgres.log); $((SECONDS - SUITE_STARTED)) s in all; load $(cut -d' ' -f1-3 /proc/loadavg)"
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# free_port, as_postgres_user, postgres_binaries
# shellcheck source=../scripts/local-postgres.sh
. "$ROOT/scripts/local-postgres.sh"

seconds_of() { # 2S, 500MS, 1M -> seconds (for the client's bounds)
  local value=${1^^}
  case "$value" in
    *MS) awk -v v="${value%MS}" 'BEGIN { print v / 1000 }' ;;
    *S) echo "${value%S}" ;;
    *M) awk -v v="${value%M}" 'BEGIN { print v * 60 }' ;;
    *) echo "$value" ;;
  esac
}

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"

# ------------------------------------------------------------------------------------------------------ build
if [ "${REL_SKIP_BUILD:-}" != 1 ]; then
  echo "== building the app (mvn -o -q -B package -DskipTests -Dweb-ui.skip)"
  (cd "$ROOT" && mvn -o -q -B package -DskipTests -Dweb-ui.skip)
  echo "== building the suite's client"
  mvn -o -q -B -f "$ROOT/reliability/pom.xml" package
fi
APP_JAR="$ROOT/target/quarkus-app/quarkus-run.jar"
CLIENT_JAR="$ROOT/reliability/target/tightrope-reliability.jar"
[ -f "$APP_JAR" ] || { echo "missing $APP_JAR (build first)"; exit 1; }
[ -f "$CLIENT_JAR" ] || { echo "missing $CLIENT_JAR (build first)"; exit 1; }

# the machine may be shared: optionally wait (bounded) until its 1-minute load is below REL_QUIET_LOAD (nproc)
if [ -n "${REL_WAIT_QUIET:-}" ]; then
  QUIET_UNTIL=$((SECONDS + REL_WAIT_QUIET))
  until awk -v load="$(cut -d' ' -f1 /proc/loadavg)" -v limit="${REL_QUIET_LOAD:-$(nproc)}" \
      'BEGIN { exit !(load < limit) }' || [ "$SECONDS" -ge "$QUIET_UNTIL" ]; do
    sleep 10
  done
  echo "== load now $(cut -d' ' -f1-3 /proc/loadavg) (waited up to $REL_WAIT_QUIET s for less than ${REL_QUIET_LOAD:-$(nproc)})"
fi

# ------------------------------------------------------------------------------------------------- PostgreSQL
PG_BIN="$(PG_BIN_OVERRIDE="${REL_PG_BIN:-}" postgres_binaries "$WORK")"
PG_PORT="$(free_port)"
mkdir -p "$PG_DATA"
[ "$(id -u)" = 0 ] && chown nobody "$PG_DATA" "$WORK"
cat > "$WORK/pg.env" <<ENV
PG_BIN='$PG_BIN'
PG_DATA='$PG_DATA'
PG_PORT=$PG_PORT
PG_LOG='$WORK/postgres.log'
ENV
echo "== PostgreSQL from $PG_BIN on 127.0.0.1:$PG_PORT"
as_postgres_user "'$PG_BIN/initdb' -D '$PG_DATA' -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
  >'$WORK/initdb.log' 2>&1" || { cat "$WORK/initdb.log"; exit 1; }
bash "$CTL" "$WORK" pg-start

# ------------------------------------------------------------------------------------------------ instances
# The instances get the suite's intervals (above) and a longer JDBC acquisition timeout than the default 5 s: on a
# busy shared machine Flyway's first connection at start took longer than that.
# a throwaway ADMIN token for this run: both instances create it at start (environment only, so it never shows in
# a process list), the client sends it
REL_TOKEN="tr_$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')"
export REL_TOKEN
PORT_A="$(free_port)"
PORT_B="$(free_port)"
while [ "$PORT_B" = "$PORT_A" ]; do PORT_B="$(free_port)"; done
for NAME in A B; do
  if [ "$NAME" = A ]; then PORT=$PORT_A; else PORT=$PORT_B; fi
  (umask 077; cat > "$WORK/$NAME.env" <<ENV
QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/postgres
QUARKUS_DATASOURCE_REACTIVE_URL=postgresql://127.0.0.1:$PG_PORT/postgres
QUARKUS_DATASOURCE_USERNAME=postgres
QUARKUS_DATASOURCE_PASSWORD=postgres
QUARKUS_HTTP_HOST=127.0.0.1
QUARKUS_HTTP_PORT=$PORT
TIGHTROPE_BOOTSTRAP_ADMIN_TOKEN=$REL_TOKEN
TIGHTROPE_RULES_EVERY=$RULES_EVERY
TIGHTROPE_JUDGE_EVERY=$JUDGE_EVERY
TIGHTROPE_OUTCOMES_BUCKET_WIDTH=$BUCKET_WIDTH
QUARKUS_DATASOURCE_JDBC_ACQUISITION_TIMEOUT=60S
REL_SERVER_JAVA_OPTS="${REL_SERVER_JAVA_OPTS:-}"
ENV
  )
done
echo "== starting instances A (127.0.0.1:$PORT_A) and B (127.0.0.1:$PORT_B), rules every $RULES_EVERY, judge every $JUDGE_EVERY, buckets of $BUCKET_WIDTH"
# both at once, as a deployment would: Flyway migrates under a database lock, the bootstrap token is created once
bash "$CTL" "$WORK" start A & START_A=$!
bash "$CTL" "$WORK" start B & START_B=$!
wait "$START_A" || { echo "instance A did not start"; exit 1; }
wait "$START_B" || { echo "instance B did not start"; exit 1; }

# ---------------------------------------------------------------------------------------------------- client
echo "== running the scenarios (at most $REL_TIMEOUT s)"
timeout --kill-after=10 "$REL_TIMEOUT" \
  java -Xmx512m -jar "$CLIENT_JAR" \
    --a "http://127.0.0.1:$PORT_A" --b "http://127.0.0.1:$PORT_B" --ctl "$CTL" --work "$WORK" \
    --jdbc "jdbc:postgresql://127.0.0.1:$PG_PORT/postgres" \
    --rules-every "$(seconds_of "$RULES_EVERY")" --judge-every "$(seconds_of "$JUDGE_EVERY")" "$@"
