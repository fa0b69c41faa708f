#!/usr/bin/env bash
# Measures how long lintasd takes from exec to "health: SERVING", the CPU time it used (user +
# system, 10 ms ticks) and its peak resident memory (VmHWM) at that moment, with the shipped demo config and a given regions file. For
# docs/regions.md; not a test (figures depend on the machine).
#
#   scripts/regions/measure-start.sh [REGIONS_FILE] [RUNS]
#
# REGIONS_FILE defaults to deploy/config/regions-ntt.yaml, RUNS to 10. Needs a built lintasd
# (build/services/lintasd/lintasd, or LINTAS_BUILD) and redis-server. Everything runs in a temp
# dir: a private Redis on a unix socket, development certificates, lintasd on 127.0.0.1:0.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
REGIONS="$(realpath "${1:-$ROOT/deploy/config/regions-ntt.yaml}")"
RUNS="${2:-10}"
LINTASD="${LINTAS_BUILD:-$ROOT/build}/services/lintasd/lintasd"
[ -x "$LINTASD" ] || { echo "no lintasd at $LINTASD; build it first" >&2; exit 2; }

tmp="$(mktemp -d /tmp/lintas-measure-XXXXXX)"
redis_pid=""
cleanup() {
  if [ -n "$redis_pid" ]; then kill "$redis_pid" 2>/dev/null || true; wait "$redis_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# The demo config as shipped, with its relative paths (../../var/...) pointing into the temp dir.
mkdir -p "$tmp/deploy/config" "$tmp/var/keys"
cp "$ROOT"/deploy/config/*.yaml "$tmp/deploy/config/"
cp "$REGIONS" "$tmp/deploy/config/regions-ntt.yaml"
(umask 077 && openssl rand -hex 32 >"$tmp/var/keys/dev-1.key")
"$ROOT/deploy/certs/make-dev-certs.sh" "$tmp/var/certs" "$tmp/deploy/config/lintas.yaml" \
  >"$tmp/certs.log" 2>&1

redis-server --port 0 --unixsocket "$tmp/redis.sock" --unixsocketperm 700 --dir "$tmp" \
  --save "" --appendonly no >"$tmp/redis.log" 2>&1 &
redis_pid=$!
for _ in $(seq 1 100); do [ -S "$tmp/redis.sock" ] && break; sleep 0.05; done

now_ms() { echo $(($(date +%s%N) / 1000000)); }
results=()
for run in $(seq 1 "$RUNS"); do
  log="$tmp/lintasd-$run.log"
  start=$(now_ms)
  LINTAS_REDIS_ADDRESS="unix:$tmp/redis.sock" LINTAS_LISTEN=127.0.0.1:0 \
    "$LINTASD" --config "$tmp/deploy/config/lintas.yaml" --services=all >"$log" 2>&1 &
  pid=$!
  ready=""
  for _ in $(seq 1 4000); do  # up to 20 s
    if grep -q "health: SERVING" "$log"; then ready=$(now_ms); break; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.005
  done
  hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo "?")
  # utime + stime (fields 14 and 15, after the parenthesised name) in clock ticks.
  cpu=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | awk -v hz="$(getconf CLK_TCK)" \
    '{print int(($12 + $13) * 1000 / hz)}' || echo "?")
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [ -z "$ready" ]; then echo "run $run: lintasd did not reach SERVING:" >&2; cat "$log" >&2; exit 1; fi
  results+=("$((ready - start)) $hwm $cpu")
  echo "run $run: $((ready - start)) ms to SERVING, VmHWM ${hwm} kB, CPU ${cpu} ms"
done
median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
ms_median=$(printf '%s\n' "${results[@]}" | cut -d' ' -f1 | median)
kb_median=$(printf '%s\n' "${results[@]}" | cut -d' ' -f2 | median)
cpu_median=$(printf '%s\n' "${results[@]}" | cut -d' ' -f3 | median)
echo "$REGIONS: median ${ms_median} ms to SERVING, CPU ${cpu_median} ms, VmHWM ${kb_median} kB;" \
  "$RUNS runs"
