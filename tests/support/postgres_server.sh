#!/bin/sh
# A throwaway PostgreSQL server for the tests, on loopback only, with trust authentication.
#   postgres_server.sh start STATE PORT   initdb into a fresh temporary folder, start the server
#                                         on 127.0.0.1:PORT, create the database
#                                         framescope_test, and write its URL to STATE/url
#   postgres_server.sh stop STATE         stop it at once and remove its folder
#   postgres_server.sh kill STATE         stop it at once (as a crash would), keeping its data
#   postgres_server.sh resume STATE       start it again after kill
#   postgres_server.sh createdb STATE NAME  a new empty database (dropped first if it exists)
# STATE is a folder of the caller's that remembers the server. Where the server cannot run
# (no PostgreSQL binaries), start writes the reason to STATE/unavailable and succeeds, and
# the tests that need it say they are skipped. As root the server runs as the `postgres` user
# (initdb refuses root); otherwise as the calling user.
set -eu
command=$1
state=$2

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    su postgres -s /bin/sh -c "$1"
  else
    sh -c "$1"
  fi
}

server() {
  dir=$(cat "$state/dir")
  port=$(cat "$state/port")
  as_owner "'$bin/pg_ctl' -D '$dir/data' -l '$dir/server.log' \
    -o \"-k '$dir' -p $port -h 127.0.0.1 -c fsync=off\" -w -s $1" >>"$state/log" 2>&1
}

case $command in
start)
  port=$3
  [ -f "$state/dir" ] && "$0" stop "$state"
  rm -rf "$state"
  mkdir -p "$state"
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    echo "no PostgreSQL server binaries under /usr/lib/postgresql (Debian's postgresql)" \
      >"$state/unavailable"
    exit 0
  fi
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    echo "running as root, and there is no postgres user to run the server" >"$state/unavailable"
    exit 0
  fi
  dir=$(mktemp -d /tmp/framescope-postgres-XXXXXX)
  [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
  echo "$dir" >"$state/dir"
  echo "$port" >"$state/port"
  as_owner "'$bin/initdb' -D '$dir/data' -A trust -U postgres -E UTF8 --locale=C --no-sync" \
    >"$state/log" 2>&1
  if ! server start; then
    cat "$state/log" "$dir/server.log" >&2 2>/dev/null || true
    exit 1
  fi
  "$0" createdb "$state" framescope_test
  echo "postgresql://postgres@127.0.0.1:$port/framescope_test" >"$state/url"
  ;;
stop)
  if [ -f "$state/dir" ]; then
    server "-m immediate stop" || true
    rm -rf "$(cat "$state/dir")"
  fi
  rm -rf "$state"
  ;;
kill)
  server "-m immediate stop"
  ;;
resume)
  server start
  ;;
createdb)
  port=$(cat "$state/port")
  as_owner "'$bin/dropdb' --if-exists -h 127.0.0.1 -p $port -U postgres '$3' && \
    '$bin/createdb' -h 127.0.0.1 -p $port -U postgres '$3'" >>"$state/log" 2>&1
  ;;
*)
  echo "usage: postgres_server.sh start STATE PORT | stop|kill|resume STATE | createdb STATE NAME" >&2
  exit 2
  ;;
esac
