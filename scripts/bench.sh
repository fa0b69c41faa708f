#!/usr/bin/env bash
# Measures SubmitCase against the real lintasd and a bare gRPC echo server in one run
# (bench/README.md), lintasd running intake alone (in production routing runs in containers of its
# own; here it would share the same 2 cores). Starts its own Redis (deploy/redis/redis-dev.conf: AOF on, appendfsync
# always; maxmemory raised to 8 GB since a run writes a few hundred thousand cases) and lintasd
# in a temp dir, runs lintas_bench, stops both. Extra arguments go to
# lintas_bench, e.g. --duration-s 10 --json /tmp/bench.json, or --rpc get-case --skip-echo.
# LINTAS_LINTASD_BIN runs another lintasd binary (e.g. an older build, to compare).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

install_missing_packages
build lintasd lintas_bench

work="$(mktemp -d /tmp/lintas-bench-XXXXXX)"
redis_port="${LINTAS_BENCH_REDIS_PORT:-16390}"
grpc_port="${LINTAS_BENCH_PORT:-17443}"
cleanup() {
  [ -n "${lintasd_pid:-}" ] && kill -TERM "$lintasd_pid" 2>/dev/null && wait "$lintasd_pid" || true
  redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

(umask 077 && openssl rand -hex 32 > "$work/bench.key")
# The demo config, in development identity mode (the load generator sends the agency header)
# and with a per-agency rate limit far above any load this machine can generate.
cp "$LINTAS_ROOT"/deploy/config/*.yaml "$work/"
sed -i 's/requests_per_second: 50$/requests_per_second: 1000000/; s/burst: 100$/burst: 1000000/' \
  "$work/lintas.yaml"
redis-server "$LINTAS_ROOT/deploy/redis/redis-dev.conf" --port "$redis_port" --bind 127.0.0.1 \
  --dir "$work" --daemonize yes --logfile "$work/redis.log" --maxmemory 8gb
for _ in $(seq 1 100); do redis-cli -p "$redis_port" ping 2>/dev/null | grep -q PONG && break; sleep 0.1; done
log "redis: $(redis-cli -p "$redis_port" config get appendfsync | tr '\n' ' ')"

LINTAS_REDIS_ADDRESS="127.0.0.1:$redis_port" LINTAS_KEY_FILE="$work/bench.key" \
  LINTAS_LISTEN="127.0.0.1:$grpc_port" LINTAS_INSECURE_DEV_IDENTITY=true \
  "${LINTAS_LINTASD_BIN:-$LINTAS_BUILD/services/lintasd/lintasd}" --config "$work/lintas.yaml" \
  --services=intake --log-level warn 2>"$work/lintasd.log" &
lintasd_pid=$!
sleep 1

"$LINTAS_BUILD/bench/lintas_bench" --target "127.0.0.1:$grpc_port" "$@"
