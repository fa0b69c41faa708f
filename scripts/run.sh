#!/usr/bin/env bash
# Runs the Lintas broker locally: installs missing Debian packages, builds, starts a private
# Redis (AOF on, appendfsync always) under var/redis on 127.0.0.1:6390, makes a development key
# if there is none and development TLS certificates under var/certs (a CA, lintasd's
# certificate, one client certificate per agency; kept while valid), then runs
# `lintasd --services=all` with the demo config on 127.0.0.1:7443, mutual TLS. Ctrl-C (or TERM)
# stops lintasd (it drains calls in flight) and then the Redis; HUP reloads the routing rules.
# One run per state folder (var/ is locked), and only a Redis this script started is used.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

REDIS_PORT="${LINTAS_DEV_REDIS_PORT:-6390}"
VAR="${LINTAS_VAR:-$LINTAS_ROOT/var}"  # state: Redis data, key, certificates
KEY_FILE="$VAR/keys/dev-1.key"
CONFIG="$LINTAS_ROOT/deploy/config/lintas.yaml"

install_missing_packages
build lintasd lintasctl

mkdir -p "$VAR/keys" "$VAR/redis"
if [ -e "$KEY_FILE" ] && [ ! -f "$KEY_FILE" ]; then
  log "$KEY_FILE exists but is not a regular file; remove it and run again"
  exit 2
fi
if [ ! -s "$KEY_FILE" ]; then
  log "generating a development key at $KEY_FILE (never use it for real data)"
  (umask 077 && openssl rand -hex 32 > "$KEY_FILE")
fi
chmod 600 "$KEY_FILE"  # lintasd refuses a key others can read; this one is ours

# The demo config reads them from var/certs (server.tls); never use them for real data.
"$LINTAS_ROOT/deploy/certs/make-dev-certs.sh" "$VAR/certs" "$CONFIG"

# One run.sh per state folder: a second one would share (and, when it stops, take away) the
# first one's Redis. The lock goes with this shell; Redis and lintasd do not inherit it.
exec 9>"$VAR/run.lock"
if ! flock -n 9; then
  log "another scripts/run.sh is using $VAR; stop it first (Ctrl-C in its terminal)"
  exit 1
fi

redis_cli() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" "$@"; }
redis_up() { redis_cli ping 2>/dev/null | grep -q PONG; }
# A Redis left behind by an earlier run of this script (killed before it could stop it) is ours:
# we hold the lock, so no other run.sh uses it. Stop it; its AOF keeps the data.
pidfile="$VAR/redis/redis.pid"
if [ -s "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null &&
  grep -q redis-server "/proc/$(cat "$pidfile")/cmdline" 2>/dev/null; then
  log "stopping the Redis an earlier run left behind (pid $(cat "$pidfile"))"
  redis_cli shutdown >/dev/null 2>&1 || kill "$(cat "$pidfile")"
  for _ in $(seq 1 100); do kill -0 "$(cat "$pidfile" 2>/dev/null)" 2>/dev/null || break; sleep 0.1; done
fi
# Never adopt a Redis this script did not start: it may hold someone else's data, and it may go
# away when its owner stops.
if redis_up; then
  log "something already answers on 127.0.0.1:$REDIS_PORT and it is not this script's Redis;" \
    "stop it or choose another port with LINTAS_DEV_REDIS_PORT"
  exit 1
fi
log "starting a private Redis on 127.0.0.1:$REDIS_PORT (data in $VAR/redis)"
redis-server "$LINTAS_ROOT/deploy/redis/redis-dev.conf" \
  --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$VAR/redis" \
  --daemonize yes --pidfile "$pidfile" --logfile "$VAR/redis/redis.log" 9>&-
for _ in $(seq 1 100); do redis_up && break; sleep 0.1; done
redis_up || { log "Redis did not start; see $VAR/redis/redis.log"; exit 1; }

stop_redis() {
  log "stopping the private Redis"
  redis_cli shutdown >/dev/null 2>&1 || true
}
trap stop_redis EXIT

# lintasd runs in the background so that this shell can pass on what it receives: HUP reloads
# the routing rules, INT and TERM stop lintasd (it drains the calls in flight), and only then does
# the EXIT trap stop Redis. Closing the terminal therefore never leaves lintasd without its store.
lintasd_pid=""
forward() { if [ -n "$lintasd_pid" ]; then kill -"$1" "$lintasd_pid" 2>/dev/null || true; fi; }
trap 'forward HUP' HUP
trap 'forward TERM' INT TERM

PORTAL_LISTEN="${LINTAS_PORTAL_LISTEN:-127.0.0.1:8443}"
log "starting lintasd on ${LINTAS_LISTEN:-127.0.0.1:7443} (mutual TLS); try: $LINTAS_BUILD/tools/lintasctl/lintasctl --certs-dir $VAR/certs --agency bp3mi-ntt submit --file deploy/examples/trafficking-case.json"
log "the public portal: https://$PORTAL_LISTEN/lapor (development certificate: trust $VAR/certs/ca.crt or accept the warning)"
# The certificates are the ones made above in $VAR (the config names var/certs, the default
# state folder): the environment points both the gRPC server and the portal at them. The portal
# serves HTTPS with the development server certificate (made for 127.0.0.1).
LINTAS_REDIS_ADDRESS="127.0.0.1:$REDIS_PORT" LINTAS_KEY_FILE="$KEY_FILE" \
  LINTAS_TLS_CA_FILE="$VAR/certs/ca.crt" LINTAS_TLS_CERT_FILE="$VAR/certs/server.crt" \
  LINTAS_TLS_KEY_FILE="$VAR/certs/server.key" \
  LINTAS_PORTAL_LISTEN="$PORTAL_LISTEN" \
  LINTAS_PORTAL_CERT_FILE="$VAR/certs/server.crt" LINTAS_PORTAL_KEY_FILE="$VAR/certs/server.key" \
  "$LINTAS_BUILD/services/lintasd/lintasd" --services=all \
  --config "$CONFIG" "$@" 9>&- &
lintasd_pid=$!
# `wait` returns early whenever a trapped signal arrives; wait again until lintasd has ended.
status=0
while :; do
  if wait "$lintasd_pid"; then status=0; else status=$?; fi
  kill -0 "$lintasd_pid" 2>/dev/null || break
done
exit "$status"
