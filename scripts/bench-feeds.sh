#!/usr/bin/env bash
# Measures what idle NotificationService.Subscribe streams cost lintasd: starts a private Redis
# (deploy/redis/redis-dev.conf) and lintasd with every service (the demo config in development
# identity mode, heartbeats every 2 s so that every stream is seen to be served), opens the
# streams with bench/lintas_feeds_idle and prints lintasd's threads and VmRSS before, with and
# after them. Extra arguments go to lintas_feeds_idle, e.g. --streams 2000 --channels 8.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

install_missing_packages
build lintasd lintas_feeds_idle

work="$(mktemp -d /tmp/lintas-bench-feeds-XXXXXX)"
redis_port="${LINTAS_BENCH_REDIS_PORT:-16391}"
grpc_port="${LINTAS_BENCH_PORT:-17444}"
cleanup() {
  [ -n "${lintasd_pid:-}" ] && kill -TERM "$lintasd_pid" 2>/dev/null && wait "$lintasd_pid" || true
  redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

(umask 077 && openssl rand -hex 32 > "$work/bench.key")
cp "$LINTAS_ROOT"/deploy/config/*.yaml "$work/"
sed -i 's/requests_per_second: 50$/requests_per_second: 1000000/; s/burst: 100$/burst: 1000000/' \
  "$work/lintas.yaml"
printf '\nfeeds:\n  heartbeat_interval_ms: 2000\n' >> "$work/lintas.yaml"
redis-server "$LINTAS_ROOT/deploy/redis/redis-dev.conf" --port "$redis_port" --bind 127.0.0.1 \
  --dir "$work" --daemonize yes --logfile "$work/redis.log"
for _ in $(seq 1 100); do redis-cli -p "$redis_port" ping 2>/dev/null | grep -q PONG && break; sleep 0.1; done

LINTAS_REDIS_ADDRESS="127.0.0.1:$redis_port" LINTAS_KEY_FILE="$work/bench.key" \
  LINTAS_LISTEN="127.0.0.1:$grpc_port" LINTAS_INSECURE_DEV_IDENTITY=true \
  "$LINTAS_BUILD/services/lintasd/lintasd" --config "$work/lintas.yaml" \
  --services=all --log-level warn 2>"$work/lintasd.log" &
lintasd_pid=$!
sleep 2

"$LINTAS_BUILD/bench/lintas_feeds_idle" --target "127.0.0.1:$grpc_port" --pid "$lintasd_pid" "$@"
