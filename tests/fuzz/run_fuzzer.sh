#!/usr/bin/env bash
# Runs one libFuzzer target for a fixed time from its seed corpus (CI's smoke run, or a long run):
#   run_fuzzer.sh BINARY SEED_DIR SECONDS [extra libFuzzer flags]
# New inputs go to a temp directory, never into the repository's seeds. A crash leaves its input
# as crash-<sha1> in the current directory and fails the run; make it a regression seed.
set -euo pipefail
binary="$1" seeds="$2" seconds="$3"
shift 3
work="$(mktemp -d /tmp/lintas-fuzz-run.XXXXXX)"
trap 'rm -rf "$work"' EXIT
# -rss_limit_mb: gRPC and protobuf reserve more than the 2 GB default needs to trip.
"$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
  "$@" "$work" "$seeds"
