#!/usr/bin/env bash
# Measures how fast one routing worker drains a backlog: lintasd (intake only) takes cases from
# lintas_bench for a few seconds, then a second lintasd (routing only) starts and the time until
# the routing group has nothing left (lag 0, nothing pending) is printed. Own Redis
# (deploy/redis/redis-dev.conf, appendfsync always) in a temp dir; everything stops at the end.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

install_missing_packages
build lintasd lintas_bench

work="$(mktemp -d /tmp/lintas-bench-routing-XXXXXX)"
port="${LINTAS_BENCH_REDIS_PORT:-16392}"
seconds="${1:-2}"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

(umask 077 && openssl rand -hex 32 > "$work/bench.key")
# The demo config, in development identity mode (the load generator sends the agency header)
# and with a per-agency rate limit far above any load this machine can generate.
cp "$LINTAS_ROOT"/deploy/config/*.yaml "$work/"
sed -i 's/requests_per_second: 50$/requests_per_second: 1000000/; s/burst: 100$/burst: 1000000/' \
  "$work/lintas.yaml"
redis-server "$LINTAS_ROOT/deploy/redis/redis-dev.conf" --port "$port" --bind 127.0.0.1 \
  --dir "$work" --daemonize yes --logfile "$work/redis.log" --maxmemory 8gb
for _ in $(seq 1 100); do redis-cli -p "$port" ping 2>/dev/null | grep -q PONG && break; sleep 0.1; done

run_lintasd() {  # services listen-port
  LINTAS_REDIS_ADDRESS="127.0.0.1:$port" LINTAS_KEY_FILE="$work/bench.key" \
    LINTAS_LISTEN="127.0.0.1:$2" LINTAS_INSECURE_DEV_IDENTITY=true \
    "$LINTAS_BUILD/services/lintasd/lintasd" \
    --config "$work/lintas.yaml" --services="$1" --log-level warn \
    2>>"$work/lintasd.log" &
  pids+=($!)
}

run_lintasd intake 17511
sleep 1
"$LINTAS_BUILD/bench/lintas_bench" --target 127.0.0.1:17511 --skip-echo --concurrency 16 \
  --warmup-s 0 --duration-s "$seconds" | grep "SubmitCase |"
streams=$(redis-cli -p "$port" --scan --pattern 'lintas:*:events')
cases=0
for s in $streams; do cases=$((cases + $(redis-cli -p "$port" xlen "$s"))); done
log "backlog: $cases cases; starting the routing worker"

start=$(date +%s.%N)
run_lintasd routing 17512
while :; do
  left=0
  for s in $streams; do
    lag=$(redis-cli -p "$port" xinfo groups "$s" 2>/dev/null | awk 'f{print; f=0} /^lag$/{f=1}')
    pending=$(redis-cli -p "$port" xpending "$s" routing 2>/dev/null | head -1)
    [[ "$lag" =~ ^[0-9]+$ ]] || lag=1  # no group yet: the worker is still starting
    [[ "$pending" =~ ^[0-9]+$ ]] || pending=1
    left=$((left + lag + pending))
  done
  [ "$left" -eq 0 ] && break
  sleep 0.2
done
end=$(date +%s.%N)
elapsed=$(echo "$end - $start" | bc)
echo "routed $cases cases in $elapsed s: $(echo "$cases / $elapsed" | bc) cases/s (one worker, including its start)"
