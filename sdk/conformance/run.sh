#!/usr/bin/env bash
# SDK conformance: starts the packaged Tightrope on loopback with a throwaway embedded PostgreSQL, prepares an agent,
# versions and a RUNTIME token over GraphQL, and runs the SDKs' integration tests against it: Python's, then
# TypeScript's, then Java's (both of which also stop and restart the server under a running SDK, through server.sh).
#   sdk/conformance/run.sh            build (mvn -o package -DskipTests), then run
#   SKIP_BUILD=1 sdk/conformance/run.sh   use the jar in target/quarkus-app
#   SDKS=java sdk/conformance/run.sh   only these SDKs (default: "python typescript java")
#   EXAMPLE=0 sdk/conformance/run.sh   without the example runtime (examples/python-agent), which runs last
# Bounded in time: each wait has a deadline, the test run has a timeout, and everything started is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/tightrope-conformance.XXXXXX")
DB_PID=""
SDKS=${SDKS:-python typescript java}

cleanup() {
  "$ROOT/sdk/conformance/server.sh" stop "$WORK" || true
  [ -n "$DB_PID" ] && kill "$DB_PID" 2>/dev/null && wait "$DB_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

if [ "${SKIP_BUILD:-0}" != "1" ]; then
  echo "== mvn -o package -DskipTests"
  mvn -o -q -B package -DskipTests
fi
CLASSPATH_GOAL=(dependency:build-classpath -Dmdep.includeScope=provided -Dmdep.outputFile="$WORK/classpath.txt")
# offline first (fast); online when the dependency plugin is not in the local repository yet (a new machine)
mvn -o -q -B "${CLASSPATH_GOAL[@]}" >/dev/null 2>&1 || mvn -q -B "${CLASSPATH_GOAL[@]}" >/dev/null

echo "== embedded PostgreSQL"
mkfifo "$WORK/db.in"
java -cp "$(cat "$WORK/classpath.txt")" sdk/conformance/EmbeddedDatabase.java "$WORK/pg" "$WORK/pg.port" \
  < "$WORK/db.in" > "$WORK/db.log" 2>&1 &
DB_PID=$!
exec 3> "$WORK/db.in"   # the database runs while this stays open
for _ in $(seq 1 120); do [ -s "$WORK/pg.port" ] && break; sleep 0.5; done
[ -s "$WORK/pg.port" ] || { cat "$WORK/db.log"; echo "PostgreSQL did not start"; exit 1; }
PG_PORT=$(cat "$WORK/pg.port")

echo "== Tightrope on loopback"
HTTP_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
ADMIN_TOKEN="tr_$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')"
cat > "$WORK/app.env" <<ENV
QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/postgres
QUARKUS_DATASOURCE_REACTIVE_URL=postgresql://127.0.0.1:$PG_PORT/postgres
QUARKUS_DATASOURCE_USERNAME=postgres
QUARKUS_DATASOURCE_PASSWORD=postgres
QUARKUS_HTTP_HOST=127.0.0.1
QUARKUS_HTTP_PORT=$HTTP_PORT
TIGHTROPE_BOOTSTRAP_ADMIN_TOKEN=$ADMIN_TOKEN
ENV
sdk/conformance/server.sh start "$WORK"
URL="http://127.0.0.1:$HTTP_PORT"

echo "== prepare $URL"
eval "$(python3 sdk/conformance/prepare.py "$URL" "$ADMIN_TOKEN")"
export TIGHTROPE_URL="$URL" TIGHTROPE_ADMIN_TOKEN="$ADMIN_TOKEN" TIGHTROPE_AGENT TIGHTROPE_ENVIRONMENT \
  TIGHTROPE_RUNTIME_TOKEN

for SDK in $SDKS; do
  case "$SDK" in
    python)
      echo "== the Python SDK against $URL"
      (cd sdk/python && timeout 300 python3 -m unittest -v tests.test_integration)
      ;;
    typescript)
      echo "== the TypeScript SDK against $URL (stops and restarts the server once)"
      export TIGHTROPE_SERVER_STOP="$ROOT/sdk/conformance/server.sh stop $WORK"
      export TIGHTROPE_SERVER_START="$ROOT/sdk/conformance/server.sh start $WORK"
      (cd sdk/typescript && { [ -d node_modules ] || npm ci --no-audit --no-fund; } && npm run -s build:tests \
        && timeout 300 node --test --test-concurrency=1 dist-test/test/integration.test.js)
      ;;
    java)
      echo "== the Java SDK and its OpenFeature provider against $URL (stops and restarts the server once)"
      export TIGHTROPE_SERVER_STOP="$ROOT/sdk/conformance/server.sh stop $WORK"
      export TIGHTROPE_SERVER_START="$ROOT/sdk/conformance/server.sh start $WORK"
      # only the integration tests (.ci/run runs the unit tests); Maven reaches the registry only for what is missing
      timeout 600 mvn -B -ntp -f sdk/java/pom.xml verify -Dtest='*IntegrationTest' -Dsurefire.failIfNoSpecifiedTests=false
      ;;
    *) echo "unknown SDK '$SDK' (python, typescript, java)"; exit 2 ;;
  esac
done

if [ "${EXAMPLE:-1}" = "1" ]; then
  echo "== the example runtime (examples/python-agent) against $URL: 300 requests, every outcome must be counted"
  TIGHTROPE_TOKEN="$TIGHTROPE_RUNTIME_TOKEN" timeout 120 python3 examples/python-agent/agent.py --url "$URL" \
    --agent "$TIGHTROPE_AGENT" --environment "$TIGHTROPE_ENVIRONMENT" --rate 300 --requests 300 --duration 60 \
    --seed 7 --report-every 1
fi
