#!/usr/bin/env bash
# Runs the whole Lintas test suite (unit, integration, e2e, chaos, browser, fuzz smoke): installs
# missing Debian packages, builds, then ctest. Integration and e2e tests start their own
# redis-server on a unix socket in a temp dir and the real lintasd binary, so nothing may be
# running beforehand.
#
#   ./scripts/test.sh                 normal, asan, tsan (what CI runs)
#   ./scripts/test.sh --quick         the normal build only
#   ./scripts/test.sh --config tsan   one configuration (repeat --config for more)
#   ./scripts/test.sh --quick -R unit extra arguments go to ctest
#
# Configurations, each in its own build directory:
#   normal   build/       g++, Release as deploy/container builds it: the whole suite
#   asan     build-asan/  clang++, ASan + UBSan (-fno-sanitize-recover), -O1: the whole suite
#                         but the chaos runs, and the fuzz targets, each fuzzed for 20 s
#   tsan     build-tsan/  clang++, TSan, -O1: the suite but the chaos runs and the tests whose
#                         threads meet only inside gRPC (see run_config)
#            (the sanitizer builds skip bench/: it has no tests and the normal build checks it;
#            the chaos runs time recoveries, which a sanitizer's slowdown would only blur)
# LINTAS_WERROR=ON (CI sets it) turns warnings into errors in every configuration. Each one
# prints its build and test wall time at the end.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

configs=()
ctest_args=()
while [ "$#" -gt 0 ]; do
  case "$1" in
    --quick) configs+=(normal) ;;
    --all) configs+=(normal asan tsan) ;;  # kept for old habits: the default now
    --config) configs+=("$2"); shift ;;
    *) ctest_args+=("$1") ;;
  esac
  shift
done
[ "${#configs[@]}" -gt 0 ] || configs=(normal asan tsan)

werror="-DLINTAS_WERROR=${LINTAS_WERROR:-OFF}"
root_build="${LINTAS_BUILD}"
timings=()

# Sanitizer findings fail the test that hit them; the reports go to the test's output.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
# ignore_noninstrumented_modules: libc calls made from inside Debian's libraries built without
# TSan (gRPC, absl, protobuf) are not checked; their ordering is invisible (tests/tsan.supp).
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:ignore_noninstrumented_modules=1:suppressions=$LINTAS_ROOT/tests/tsan.supp"

run_config() {
  local name="$1" start mid end
  local args=("$werror") extra=()
  case "$name" in
    normal) LINTAS_BUILD="$root_build" ;;
    asan)
      LINTAS_BUILD="$root_build-asan"
      # The fuzz targets are built here too (coverage instrumentation costs little): ctest runs
      # each for 20 s from its seeds (tests/fuzz/README.md).
      args+=(-DCMAKE_CXX_COMPILER=clang++ -DLINTAS_SANITIZE=address,undefined -DLINTAS_FUZZ=ON \
        -DLINTAS_BUILD_BENCH=OFF) ;;
    tsan)
      LINTAS_BUILD="$root_build-tsan"
      args+=(-DCMAKE_CXX_COMPILER=clang++ -DLINTAS_SANITIZE=thread -DLINTAS_BUILD_BENCH=OFF)
      # Not under TSan: the tests whose threads hand calls and messages to each other through
      # gRPC (lintasd's e2e tests, and the integration tests that serve a gRPC service in the
      # test process). Debian's libgrpc is built without TSan, so that ordering is invisible to
      # it: the whole suite under TSan gave 341 reports in 39 such tests, every one on gRPC's
      # own call objects, or on a message or reactor that gRPC handed from one of its threads to
      # another (docs/architecture.md, "Sanitizers"). Everything else runs: the feeds registry
      # and hub, workers, audit log, executors and HTTP server included.
      extra=(-E '^e2e\.|^browser\.|^integration\.(CaseStatusTest|ListCasesTest|ReferralServiceTest|TimelineTest)\.') ;;
    *) log "unknown configuration '$name' (normal, asan, tsan)"; exit 2 ;;
  esac
  start=$(date +%s)
  configure "${args[@]}"
  build
  mid=$(date +%s)
  log "running the test suite ($name)"
  (cd "$LINTAS_BUILD" &&
    ctest --output-on-failure --timeout 300 -j "${LINTAS_JOBS:-2}" "${extra[@]}" "${ctest_args[@]}")
  end=$(date +%s)
  timings+=("$name: build $((mid - start)) s, tests $((end - mid)) s")
}

install_missing_packages
# The pinned idn-area-data, so that unit.regions_generator can check deploy/config/regions-ntt.yaml
# against its generator. Without npm (or the registry) that one test is skipped, not failed.
if command -v npm >/dev/null; then
  (cd "$LINTAS_ROOT/scripts/regions" &&
    npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null 2>&1) ||
    log "npm ci in scripts/regions failed; unit.regions_generator will be skipped"
  # puppeteer-core and lighthouse, pinned, for the browser.* tests (Debian's chromium; no browser
  # is downloaded). Without them those tests are skipped, not failed.
  (cd "$LINTAS_ROOT/tests/browser" &&
    npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null 2>&1) ||
    log "npm ci in tests/browser failed; the browser.* tests will be skipped"
fi
for c in "${configs[@]}"; do
  run_config "$c"
done
log "wall times:"
for t in "${timings[@]}"; do log "  $t"; done
