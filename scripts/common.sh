# Shared by run.sh and test.sh: install what is missing, configure and build.
# shellcheck shell=bash
set -euo pipefail

LINTAS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LINTAS_BUILD="${LINTAS_BUILD:-$LINTAS_ROOT/build}"

# Every Debian 12 package the build, the run and the tests need.
LINTAS_PACKAGES=(
  g++ cmake ninja-build pkg-config clang-format clang libclang-rt-14-dev
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler libabsl-dev
  libhiredis-dev libssl-dev openssl libyaml-cpp-dev libspdlog-dev libcpp-httplib-dev
  libcli11-dev libbenchmark-dev libgtest-dev libgmock-dev libmicrohttpd-dev zlib1g-dev
  redis-server redis-tools
  python3-grpcio python3-protobuf python3-redis
  chromium  # the browser tests (tests/browser), with Node and npm from the machine
)
# Only for scripts/bench-portal.sh (the nginx comparison); it installs them when missing.
LINTAS_BENCH_PACKAGES=(nginx-light wrk)

log() { printf '==> %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# install_missing_packages [packages...]: LINTAS_PACKAGES when none are named.
install_missing_packages() {
  local wanted=("$@") missing=()
  [ "${#wanted[@]}" -gt 0 ] || wanted=("${LINTAS_PACKAGES[@]}")
  for p in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    log "all ${#wanted[@]} Debian packages present"
    return
  fi
  log "installing missing Debian packages: ${missing[*]}"
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    "${missing[@]}"
}

# configure [cmake -D arguments...]: the build type defaults to Release, what deploy/container
# ships, so that the tests and run.sh run what ships; arguments given are applied to an existing
# build directory too.
configure() {
  if [ ! -f "$LINTAS_BUILD/build.ninja" ] || [ "$#" -gt 0 ]; then
    log "configuring $LINTAS_BUILD ${*}"
    local launcher=()
    # ccache only where installed (developer machines); CI builds without it.
    command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
    cmake -S "$LINTAS_ROOT" -B "$LINTAS_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      "${launcher[@]}" "$@" >/dev/null
  fi
}

# build [targets...]: all targets when none are named. Two jobs: the machines have 2 cores and
# gRPC translation units need about 1 GiB each.
build() {
  configure
  log "building ${*:-everything}"
  ninja -C "$LINTAS_BUILD" -j "${LINTAS_JOBS:-2}" "$@"
}
