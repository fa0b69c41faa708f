#!/usr/bin/env bash
# Builds the base image localhost/debian:bookworm from scratch with debootstrap and imports it
# into podman's local storage.
#
# Why: the build machines reach Debian's apt mirrors but no container registry, so nothing can
# be pulled. A minbase rootfs made from the same mirror that this machine's apt uses gives the
# same package versions inside the image as outside it.
#
# Usage: deploy/container/make-base-image.sh [TAG]      (TAG defaults to localhost/debian:bookworm)
# Env:   LINTAS_DEBIAN_MIRROR  override the mirror (default: read from this machine's apt sources)
#        LINTAS_DEBIAN_SECURITY_MIRROR  override the security archive (default: the mirror's
#                              sibling .../debian-security, as on deb.debian.org)
#        LINTAS_ROOTFS_PARENT  where the temporary rootfs directory is made (default /var/tmp;
#                              it is ~150 MB, made fresh with mktemp and deleted at exit; never
#                              inside the repository)
# Needs: root, debootstrap, podman (apt-get install -y debootstrap podman).
set -euo pipefail

tag="${1:-localhost/debian:bookworm}"
suite=bookworm

die() { echo "make-base-image: $*" >&2; exit 1; }

[[ $(id -u) -eq 0 ]] || die "run as root (debootstrap needs it)"
command -v debootstrap >/dev/null || die "debootstrap missing: apt-get install -y debootstrap"
command -v podman >/dev/null || die "podman missing: apt-get install -y podman"

# The first Debian archive URI in this machine's apt sources (deb822 *.sources or one-line
# *.list). Security and third-party repositories are skipped: debootstrap wants the main archive.
find_mirror() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f $f ]] || continue
    awk '
      function emit() { if (types ~ / deb / && suites ~ / bookworm / && uri != "") print uri
                        uri = ""; suites = ""; types = "" }
      /^[[:space:]]*$/ { emit(); next }
      /^Types:/  { $1 = ""; types = $0 " " }
      /^URIs:/   { uri = $2 }
      /^Suites:/ { $1 = ""; suites = $0 " " }
      END        { emit() }
    ' "$f"
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f $f ]] || continue
    # "deb [options] URI SUITE COMPONENTS": drop the optional [options] first.
    sed -E 's/^(deb)[[:space:]]+\[[^]]*\]/\1/' "$f" \
      | awk '$1 == "deb" && $3 == "bookworm" { print $2 }'
  done
}
mirror="${LINTAS_DEBIAN_MIRROR:-$(find_mirror | grep -v -- '-security' | head -n1)}"
[[ -n $mirror ]] ||
  die "no Debian bookworm mirror found in /etc/apt/sources*; set LINTAS_DEBIAN_MIRROR"
# The security archive lives beside the main one on the official mirrors (debian ->
# debian-security). A mirror that has no such sibling can be given explicitly.
security_mirror="${LINTAS_DEBIAN_SECURITY_MIRROR:-${mirror%/debian}/debian-security}"

parent="${LINTAS_ROOTFS_PARENT:-/var/tmp}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
case "$(realpath -m "$parent")/" in
  "$repo"/*) die "LINTAS_ROOTFS_PARENT must be outside the repository (got $parent)";;
esac
# Always a fresh directory of our own, so that the cleanup below can only delete what it made.
rootfs="$(mktemp -d "$parent/lintas-rootfs.XXXXXX")"
cleanup() { rm -rf --one-file-system "$rootfs"; }
trap cleanup EXIT

echo "make-base-image: debootstrap --variant=minbase $suite $rootfs $mirror"
debootstrap --variant=minbase "$suite" "$rootfs" "$mirror"

# Same suites as the host: without updates and security, the image would install older
# packages than the ones the binaries were checked against here.
cat >"$rootfs/etc/apt/sources.list" <<EOF
deb $mirror $suite main
deb $mirror $suite-updates main
deb $security_mirror $suite-security main
EOF
# Leave no package lists or downloaded debs in the base layer.
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/archives/*.deb

echo "make-base-image: importing as $tag"
tar -C "$rootfs" --numeric-owner -c . | podman import \
  --change 'CMD ["/bin/bash"]' \
  --change 'ENV LANG=C.UTF-8' \
  --message "debootstrap --variant=minbase $suite $mirror" \
  - "$tag"
podman images "$tag"
