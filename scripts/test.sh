#!/usr/bin/env bash
# Runs the whole Lintas test suite: installs missing Debian packages, builds everything, then
# ctest. Unit tests need nothing; integration and e2e tests start their own redis-server on a
# unix socket in a temp dir and the real lintasd binary, so nothing may be running beforehand.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

install_missing_packages
build
log "running the test suite"
cd "$LINTAS_BUILD"
ctest --output-on-failure --timeout 300 -j "${LINTAS_JOBS:-2}" "$@"
