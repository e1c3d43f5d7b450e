#!/usr/bin/env bash
# A PostgreSQL streaming replica of the local cluster, for the replica tests (.ci/run) and for
# trying COSO_REPLICA_URL on one machine (docs/deployment.md "Past one machine: a read replica").
#
#   scripts/replica.sh          start it (pg_basebackup on first use; later runs reuse it)
#   scripts/replica.sh stop     stop it (its data directory is kept)
#   scripts/replica.sh remove   stop it and delete its data directory
#
# The primary is 127.0.0.1:5432 (user postgres, trust on 127.0.0.1, as on these machines); the
# replica listens on 127.0.0.1:${COSO_REPLICA_PORT:-5433} with its data in
# ${COSO_REPLICA_DIR:-/tmp/coso-replica-PORT}. Run as root or as the postgres OS user (the
# server's files belong to postgres). A replication line is added to the primary's pg_hba.conf
# if it has none for 127.0.0.1, and the primary reloads.
# Then: COSO_REPLICA_URL=postgres://postgres@127.0.0.1:5433/<the primary's database name>
set -euo pipefail

PRIMARY_HOST=127.0.0.1
PRIMARY_PORT=5432
PORT="${COSO_REPLICA_PORT:-5433}"
DIR="${COSO_REPLICA_DIR:-/tmp/coso-replica-$PORT}"

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
primary() { psql -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres -d postgres -XAtqc "$1"; }
replica() { psql -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -XAtqc "$1"; }

major=$(( $(primary "show server_version_num") / 10000 ))
BIN="/usr/lib/postgresql/$major/bin"
[ -x "$BIN/pg_ctl" ] || { echo "replica: no $BIN/pg_ctl (PostgreSQL $major's server)" >&2; exit 1; }

running() { [ -f "$DIR/postmaster.pid" ] && as_postgres "$BIN/pg_ctl" -D "$DIR" status >/dev/null 2>&1; }

stop() {
  if running; then as_postgres "$BIN/pg_ctl" -D "$DIR" -m fast -w stop >/dev/null; fi
}

case "${1:-start}" in
  start) ;;
  stop) stop; echo "replica: stopped ($DIR kept)"; exit 0 ;;
  remove) stop; rm -rf "$DIR"; echo "replica: removed $DIR"; exit 0 ;;
  *) echo "usage: $0 [start|stop|remove]" >&2; exit 2 ;;
esac

# the primary must stream WAL to a standby over TCP from 127.0.0.1
[ "$(primary "show wal_level")" != minimal ] || { echo "replica: wal_level is minimal" >&2; exit 1; }
hba=$(primary "show hba_file")
if ! grep -Eq '^[[:space:]]*host[[:space:]]+replication[[:space:]]+(all|postgres)[[:space:]]+127\.0\.0\.1/32[[:space:]]+trust' "$hba"; then
  printf '# coso scripts/replica.sh: a local streaming replica\nhost replication postgres 127.0.0.1/32 trust\n' >>"$hba"
  primary "select pg_reload_conf()" >/dev/null
  echo "replica: added a replication line to $hba and reloaded"
fi

streaming() { [ "$(replica "select count(*) from pg_stat_wal_receiver where status = 'streaming'" 2>/dev/null)" = 1 ]; }

wait_streaming() {
  for _ in $(seq 1 30); do
    streaming && return 0
    sleep 1
  done
  return 1
}

start() {
  running || as_postgres "$BIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w -t 60 start >/dev/null
}

basebackup() {
  rm -rf "$DIR"
  install -d -m 700 "$DIR"
  [ "$(id -u)" != 0 ] || chown postgres:postgres "$DIR"
  as_postgres "$BIN/pg_basebackup" -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres -D "$DIR" \
    -R -X stream --checkpoint=fast
  # Debian keeps the cluster's configuration in /etc/postgresql, outside the data directory
  # that pg_basebackup copied: the replica gets its own. A hot standby needs these limits at
  # least as high as the primary's.
  {
    echo "port = $PORT"
    echo "listen_addresses = '127.0.0.1'"
    echo "unix_socket_directories = '$DIR'"
    echo "hot_standby = on"
    echo "shared_buffers = 64MB"
    for name in max_connections max_worker_processes max_wal_senders max_prepared_transactions \
      max_locks_per_transaction; do
      echo "$name = $(primary "show $name")"
    done
  } | as_postgres tee "$DIR/postgresql.conf" >/dev/null
  printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' |
    as_postgres tee "$DIR/pg_hba.conf" >/dev/null
  : | as_postgres tee "$DIR/pg_ident.conf" >/dev/null
}

if [ -f "$DIR/standby.signal" ]; then
  start
  # a replica left stopped while the primary recycled the WAL it needs cannot catch up: rebuilt
  if ! wait_streaming; then
    echo "replica: $DIR does not stream from the primary; taking a new base backup"
    stop
    basebackup
    start
  fi
else
  basebackup
  start
fi
wait_streaming || { echo "replica: not streaming, see $DIR/server.log" >&2; exit 1; }
[ "$(replica "select pg_is_in_recovery()")" = t ]
echo "replica: streaming from $PRIMARY_HOST:$PRIMARY_PORT on 127.0.0.1:$PORT ($DIR)"
