#!/usr/bin/env bash
# A throwaway PostgreSQL for the storage tests: Debian's postgresql, a fresh cluster in a
# temporary directory, listening on 127.0.0.1 only (trust authentication: loopback, CI only).
# Prints the line to eval, e.g. in .ci/run:
#   eval "$(bash scripts/ci-postgres.sh)"   # exports ASSISTANT_TEST_POSTGRES_URL
# Stop it with: pg_ctl -D "$ASSISTANT_TEST_POSTGRES_DIR" stop (as the postgres user).
set -euo pipefail

# A free port (a server left by an earlier run on the same machine keeps its own).
PORT="${ASSISTANT_TEST_POSTGRES_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
SUDO=
[ "$(id -u)" -ne 0 ] && SUDO=sudo

bin_dir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

if [ -z "$(bin_dir)" ]; then
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >&2
  $SUDO apt-get install -y -qq --no-install-recommends postgresql >&2
fi
BIN="$(bin_dir)"

DATA="$(mktemp -d /tmp/assistant-pg.XXXXXX)"
run_as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then
    chown -R postgres:postgres "$DATA"
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}
run_as_postgres "$BIN/initdb" -D "$DATA/db" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >&2
run_as_postgres "$BIN/pg_ctl" -D "$DATA/db" -l "$DATA/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$DATA -c fsync=on" start >&2
run_as_postgres "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres assistant_test >&2

echo "export ASSISTANT_TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:$PORT/assistant_test"
echo "export ASSISTANT_TEST_POSTGRES_DIR=$DATA/db"
