#!/usr/bin/env bash
# The portal's throughput against nginx, in one run with one client (docs/performance.md, "The
# portal"): wrk (Debian) asks lintasd for GET /lapor and POST /cek, and nginx (Debian, on its own
# loopback port with a config of its own) for the same rendered pages as static files; then
# reports per second end to end (POST /lapor, each a new case through intake, routing and
# notify). lintasd runs --services=portal,intake,routing,notify,status with the demo config and a
# private Redis (tests/browser/serve.mjs), its per-address limits raised so that the one client
# address is not throttled. Not a test: it prints numbers.
#
#   ./scripts/bench-portal.sh                 10 s per measurement, 32 connections
#   DURATION=20s CONNECTIONS=64 ./scripts/bench-portal.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-32}"
REPORT_CONNECTIONS="${REPORT_CONNECTIONS:-16}"
REPORTS="${REPORTS:-60000}"  # minted; more than one run can send (new cases are counted)
NGINX_PORT="${NGINX_PORT:-18088}"

install_missing_packages "${LINTAS_BENCH_PACKAGES[@]}"
build lintasd

TMP="$(mktemp -d)"
chmod 755 "$TMP"  # nginx's workers run as nobody
serve_pid=""
cleanup() {
  [ -s "$TMP/nginx.pid" ] && kill "$(cat "$TMP/nginx.pid")" 2>/dev/null
  [ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT

# The demo config, with the per-address limits out of the way: every request here comes from
# one address (a status check limit of a million a minute, 1024 connections per address).
mkdir -p "$TMP/config" "$TMP/www"
cp "$LINTAS_ROOT"/deploy/config/*.yaml "$TMP/config/"
sed -i 's/^  regions_root: "53"$/&\n  status_checks_per_minute: 1000000\n  max_connections_per_ip: 1024/' \
  "$TMP/config/lintas.yaml"
grep -q '^  max_connections_per_ip: 1024$' "$TMP/config/lintas.yaml" ||
  { log "could not raise the portal's per-address limits in the config copy"; exit 1; }

node "$LINTAS_ROOT/tests/browser/serve.mjs" --build-dir "$LINTAS_BUILD" \
  --config "$TMP/config/lintas.yaml" >"$TMP/serve.out" 2>&1 &
serve_pid=$!
for _ in $(seq 1 200); do grep -q '^portal ' "$TMP/serve.out" && break; sleep 0.1; done
read -r _ BASE KEY_FILE < <(grep '^portal ' "$TMP/serve.out") ||
  { log "lintasd did not start:"; cat "$TMP/serve.out" >&2; exit 1; }
log "lintasd's portal at $BASE"

# The pages: the form, and the status page of a real report's code.
curl -sf "$BASE/lapor" -o "$TMP/www/lapor.html"
node "$LINTAS_ROOT/bench/portal/mint_reports.mjs" "$KEY_FILE" 1 >"$TMP/one.txt"
CODE="$(curl -sf -H 'Content-Type: application/x-www-form-urlencoded' --data @"$TMP/one.txt" \
  "$BASE/lapor" | sed -n 's/.*id="kode">\([0-9A-Z-]*\)<.*/\1/p')"
[ -n "$CODE" ] || { log "the first report got no tracking code"; exit 1; }
TOKEN="$(sed -n 's/.*name="token" value="\([^"]*\)".*/\1/p' "$TMP/www/lapor.html")"
CHECK_BODY="token=$TOKEN&kode=$CODE"
curl -sf -H 'Content-Type: application/x-www-form-urlencoded' --data "$CHECK_BODY" "$BASE/cek" \
  -o "$TMP/www/cek.html"
grep -q 'id="status"' "$TMP/www/cek.html" || { log "POST /cek did not show a status"; exit 1; }

cat >"$TMP/nginx.conf" <<EOF
worker_processes auto;
pid $TMP/nginx.pid;
error_log $TMP/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  types { text/html html; }
  client_body_temp_path $TMP/nginx-body;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $TMP/www;
  }
}
EOF
nginx -c "$TMP/nginx.conf" -p "$TMP" || { log "nginx did not start"; exit 1; }
NGINX="http://127.0.0.1:$NGINX_PORT"
curl -sf "$NGINX/lapor.html" -o /dev/null || { log "nginx does not serve the page"; exit 1; }

# One line per measurement: requests per second, latency percentiles, errors.
measure() {
  local name="$1"
  shift
  local out
  out="$(wrk -t2 -c"$CONNECTIONS" --latency "$@")"
  printf '%-34s %10s req/s   p50 %-8s p99 %-8s %s\n' "$name" \
    "$(awk '/^Requests\/sec/ {print $2}' <<<"$out")" \
    "$(awk '$1 == "50%" {print $2}' <<<"$out")" "$(awk '$1 == "99%" {print $2}' <<<"$out")" \
    "$(grep -E 'Non-2xx|Socket errors' <<<"$out" | tr -s ' ' | tr '\n' ' ')"
}

log "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); page $(stat -c %s "$TMP/www/lapor.html") bytes, status page $(stat -c %s "$TMP/www/cek.html") bytes"
log "wrk -t2 -c$CONNECTIONS -d$DURATION, no compression asked; reports: -c$REPORT_CONNECTIONS"
measure "lintasd GET /lapor" -d"$DURATION" "$BASE/lapor"
measure "nginx   GET /lapor.html (static)" -d"$DURATION" "$NGINX/lapor.html"
WRK_BODY="$CHECK_BODY" measure "lintasd POST /cek" -d"$DURATION" \
  -s "$LINTAS_ROOT/bench/portal/post_cek.lua" "$BASE/cek"
measure "nginx   GET /cek.html (static)" -d"$DURATION" "$NGINX/cek.html"

# Cases in Redis: each partition's zset of cases.
count_cases() {
  local sock total=0
  sock="$(dirname "$KEY_FILE")/redis.sock"
  for key in $(redis-cli -s "$sock" --scan --pattern '*:cases'); do
    total=$((total + $(redis-cli -s "$sock" zcard "$key")))
  done
  echo "$total"
}
node "$LINTAS_ROOT/bench/portal/mint_reports.mjs" "$KEY_FILE" "$REPORTS" >"$TMP/reports.txt"
before="$(count_cases)"
CONNECTIONS="$REPORT_CONNECTIONS" WRK_BODIES="$TMP/reports.txt" WRK_THREADS=2 \
  measure "lintasd POST /lapor (reports)" -d"$DURATION" \
  -s "$LINTAS_ROOT/bench/portal/post_lapor.lua" "$BASE/lapor"
after="$(count_cases)"
seconds="${DURATION%s}"
# Requests above the new cases were forms sent again (replays) once the minted ones ran out.
log "new cases: $((after - before)) in $seconds s = $(((after - before) / seconds)) reports/s"
log "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
