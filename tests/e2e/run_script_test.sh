#!/usr/bin/env bash
# scripts/run.sh as a developer runs it, on private ports and a private state folder:
#  - a second run.sh on the same state folder refuses (the folder is locked);
#  - a run.sh with another state folder refuses a Redis it did not start instead of adopting it;
#  - HUP reaches lintasd (it reloads its routing rules) and Redis stays up;
#  - TERM stops lintasd first (it drains), then Redis, and run.sh exits 0;
#  - a second lintasd cannot take the port the first one listens on.
# Usage: run_script_test.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
ROOT="$1"
export LINTAS_BUILD="$2"
work="$(mktemp -d /tmp/lintas-run-test.XXXXXX)"
run1=""
cleanup() {
  if [ -n "$run1" ] && kill -0 "$run1" 2>/dev/null; then kill -TERM "$run1" || true; sleep 2; fi
  if [ -s "$work/var/redis/redis.pid" ]; then kill "$(cat "$work/var/redis/redis.pid")" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  for f in "$work"/*.log; do echo "--- $f" >&2; tail -n 30 "$f" >&2; done
  exit 1
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_for() {  # wait_for FILE TEXT SECONDS
  for _ in $(seq 1 $(($3 * 10))); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  return 1
}

export LINTAS_VAR="$work/var" LINTAS_DEV_REDIS_PORT="$(free_port)"
export LINTAS_LISTEN="127.0.0.1:$(free_port)" LINTAS_INSECURE_DEV_IDENTITY=true
export LINTAS_PORTAL_LISTEN="127.0.0.1:$(free_port)"
redis_ping() { redis-cli -h 127.0.0.1 -p "$LINTAS_DEV_REDIS_PORT" ping 2>/dev/null | grep -q PONG; }

setsid "$ROOT/scripts/run.sh" >"$work/run1.log" 2>&1 &
run1=$!
wait_for "$work/run1.log" "listening on port" 120 || fail "run.sh did not start lintasd"
lintasd_pid="$(pgrep -P "$run1" -x lintasd)" ||
  fail "no lintasd process"

"$ROOT/scripts/run.sh" >"$work/run2.log" 2>&1 && fail "a second run.sh on the same folder started"
grep -q "another scripts/run.sh is using $work/var" "$work/run2.log" || fail "no lock message"

LINTAS_VAR="$work/var2" "$ROOT/scripts/run.sh" >"$work/run3.log" 2>&1 &&
  fail "a run.sh adopted a Redis it did not start"
grep -q "is not this script's Redis" "$work/run3.log" || fail "no refusal to adopt"
redis_ping || fail "the refusing run.sh took the first one's Redis away"

kill -HUP "$run1"
wait_for "$work/run1.log" "routing: reloaded" 10 || fail "HUP did not reach lintasd"
kill -0 "$lintasd_pid" || fail "lintasd stopped on HUP"
redis_ping || fail "Redis stopped on HUP"

LINTAS_LISTEN="$(grep -o 'listening on port [0-9]*' "$work/run1.log" | head -1 | awk '{print "127.0.0.1:" $4}')" \
  LINTAS_REDIS_ADDRESS="127.0.0.1:$LINTAS_DEV_REDIS_PORT" LINTAS_KEY_FILE="$work/var/keys/dev-1.key" \
  "$LINTAS_BUILD/services/lintasd/lintasd" --config "$ROOT/deploy/config/lintas.yaml" \
  >"$work/second-lintasd.log" 2>&1 && fail "a second lintasd started on the same port"
grep -q "cannot listen on" "$work/second-lintasd.log" || fail "the second lintasd did not say why"

kill -TERM "$run1"
status=0
wait "$run1" || status=$?
run1=""
[ "$status" -eq 0 ] || fail "run.sh exited $status after TERM"
grep -q "lintasd stopped" "$work/run1.log" || fail "lintasd did not drain and stop"
grep -q "stopping the private Redis" "$work/run1.log" || fail "Redis was not stopped"
if kill -0 "$lintasd_pid" 2>/dev/null; then fail "lintasd still runs after run.sh ended"; fi
if redis_ping; then fail "Redis still answers after run.sh ended"; fi
echo "run.sh: one owner per state folder, no adoption, HUP and TERM forwarded: ok"
