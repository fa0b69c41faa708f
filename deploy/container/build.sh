#!/usr/bin/env bash
# Builds the lintasd image localhost/lintasd:dev with podman, from the repository root.
# Makes the base image localhost/debian:bookworm first if it is missing (nothing can be pulled).
#
# Usage: deploy/container/build.sh [extra podman build args...]
# Env:   LINTAS_IMAGE  image tag (default localhost/lintasd:dev)
#        LINTAS_JOBS   compile jobs inside the build (default 2; ~1 GiB of memory each)
# The build stage installs the -dev packages and compiles lintasd and lintasctl: about 1.5 minutes
# on the 2-core build machine with a nearby Debian mirror.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
image="${LINTAS_IMAGE:-localhost/lintasd:dev}"
base="localhost/debian:bookworm"

if ! command -v podman >/dev/null; then
  echo "build.sh: podman missing: apt-get install -y podman" >&2
  exit 1
fi

if ! podman image exists "$base"; then
  echo "build.sh: $base is missing; making it with debootstrap"
  "$here/make-base-image.sh" "$base"
fi

cd "$root"
# --isolation chroot: the build machines have no user namespaces or cgroup delegation for a full
# OCI runtime; chroot isolation runs each RUN step without them.
podman build --isolation chroot \
  --build-arg "LINTAS_JOBS=${LINTAS_JOBS:-2}" \
  -f deploy/container/Containerfile -t "$image" "$@" .
podman images "$image"
