#!/usr/bin/env bash
# Runs the Lintas broker locally: installs missing Debian packages, builds, starts a private
# Redis (AOF on, appendfsync always) under var/redis on 127.0.0.1:6390, makes a development key
# if there is none and development TLS certificates under var/certs (a CA, lintasd's
# certificate, one client certificate per agency; kept while valid), then runs
# `lintasd --services=all` with the demo config in the foreground on 127.0.0.1:7443, mutual TLS.
# Ctrl-C stops lintasd (it drains calls in flight) and then the Redis.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

REDIS_PORT="${LINTAS_DEV_REDIS_PORT:-6390}"
VAR="$LINTAS_ROOT/var"
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

# The demo config reads them from var/certs (server.tls); never use them for real data.
"$LINTAS_ROOT/deploy/certs/make-dev-certs.sh" "$VAR/certs" "$CONFIG"

redis_up() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; }
started_redis=0
if redis_up; then
  log "a Redis already answers on 127.0.0.1:$REDIS_PORT; using it"
else
  log "starting a private Redis on 127.0.0.1:$REDIS_PORT (data in $VAR/redis)"
  redis-server "$LINTAS_ROOT/deploy/redis/redis-dev.conf" \
    --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$VAR/redis" \
    --daemonize yes --pidfile "$VAR/redis/redis.pid" --logfile "$VAR/redis/redis.log"
  for _ in $(seq 1 100); do redis_up && break; sleep 0.1; done
  redis_up || { log "Redis did not start; see $VAR/redis/redis.log"; exit 1; }
  started_redis=1
fi

stop_redis() {
  if [ "$started_redis" -eq 1 ]; then
    log "stopping the private Redis"
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown >/dev/null 2>&1 || true
  fi
}
trap stop_redis EXIT

log "starting lintasd on 127.0.0.1:7443 (mutual TLS); try: $LINTAS_BUILD/tools/lintasctl/lintasctl --certs-dir $VAR/certs --agency bp3mi-ntt submit --file deploy/examples/trafficking-case.json"
# In the foreground, so that Ctrl-C reaches lintasd itself; the EXIT trap then stops Redis.
LINTAS_REDIS_ADDRESS="127.0.0.1:$REDIS_PORT" LINTAS_KEY_FILE="$KEY_FILE" \
  "$LINTAS_BUILD/services/lintasd/lintasd" --services=all \
  --config "$CONFIG" "$@"
