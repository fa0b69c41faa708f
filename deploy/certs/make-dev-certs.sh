#!/usr/bin/env bash
# Makes a DEVELOPMENT certificate set for lintasd's mutual TLS, with the OpenSSL CLI:
#
#   OUT_DIR/ca.crt, ca.key                 the development CA (EC P-256), 2 years
#   OUT_DIR/server.crt, server.key         lintasd's certificate for localhost and 127.0.0.1
#   OUT_DIR/agencies/<id>.crt, <id>.key    one client certificate per agency in CONFIG, whose
#                                          only URI SAN is spiffe://<trust domain>/agency/<id>
#
# Usage: make-dev-certs.sh OUT_DIR [CONFIG]   (CONFIG defaults to deploy/config/lintas.yaml)
#
# The agency ids are the `- id:` entries of CONFIG and the trust domain is its
# server.tls.trust_domain (LINTAS_TRUST_DOMAIN overrides; default dev.lintas.local).
# Idempotent: a file that exists, chains to the CA, names what it should and is valid for at
# least one more day is kept; anything else is made again (a new CA remakes every certificate).
# Private keys are mode 0600. Never use these certificates for real case data: in production
# the agencies' certificates come from the operator's own CA and keys never leave the agency.
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: $0 OUT_DIR [CONFIG]" >&2
  exit 2
fi
OUT="$1"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CONFIG="${2:-$ROOT/deploy/config/lintas.yaml}"
[ -r "$CONFIG" ] || { echo "$0: cannot read $CONFIG" >&2; exit 2; }

TRUST_DOMAIN="${LINTAS_TRUST_DOMAIN:-$(sed -n 's/^[[:space:]]*trust_domain:[[:space:]]*\([a-z0-9._-]*\).*/\1/p' "$CONFIG" | head -n 1)}"
TRUST_DOMAIN="${TRUST_DOMAIN:-dev.lintas.local}"
mapfile -t AGENCIES < <(sed -n 's/^[[:space:]]*-[[:space:]]*id:[[:space:]]*\([a-z0-9-]*\).*/\1/p' "$CONFIG")
[ "${#AGENCIES[@]}" -gt 0 ] || { echo "$0: no '- id:' entries in $CONFIG" >&2; exit 2; }

umask 077  # keys are made 0600; certificates are chmod'ed 0644 below
mkdir -p "$OUT/agencies"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

made=0
kept=0

# valid CERT [EXPECTED_SAN]: chains to the CA, lasts one more day, holds the SAN text.
valid() {
  local cert="$1" san="${2:-}" key="${1%.crt}.key"
  [ -s "$cert" ] && [ -s "$key" ] || return 1
  openssl x509 -in "$cert" -noout -checkend 86400 >/dev/null 2>&1 || return 1
  openssl verify -CAfile "$OUT/ca.crt" "$cert" >/dev/null 2>&1 || return 1
  if [ -n "$san" ]; then
    openssl x509 -in "$cert" -noout -ext subjectAltName 2>/dev/null | grep -qF "$san" || return 1
  fi
  # The key must be the certificate's own.
  [ "$(openssl x509 -in "$cert" -noout -pubkey 2>/dev/null)" = \
    "$(openssl pkey -in "$key" -pubout 2>/dev/null)" ] || return 1
}

# leaf NAME CN EXTENSIONS: a P-256 key and a certificate signed by the CA, valid 397 days.
leaf() {
  local base="$1" cn="$2" ext="$3"
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$base.key" -subj "/O=Lintas development/CN=$cn" -out "$TMP/leaf.csr" 2>/dev/null
  printf '%s\n' "$ext" > "$TMP/leaf.ext"
  openssl x509 -req -in "$TMP/leaf.csr" -CA "$OUT/ca.crt" -CAkey "$OUT/ca.key" \
    -set_serial "0x$(openssl rand -hex 16)" -days 397 -sha256 \
    -extfile "$TMP/leaf.ext" -out "$base.crt" 2>/dev/null
  chmod 0600 "$base.key"
  chmod 0644 "$base.crt"
  made=$((made + 1))
}

if [ -s "$OUT/ca.crt" ] && [ -s "$OUT/ca.key" ] &&
  openssl x509 -in "$OUT/ca.crt" -noout -checkend 2592000 >/dev/null 2>&1; then
  kept=$((kept + 1))
else
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$OUT/ca.key" -out "$OUT/ca.crt" -days 730 -sha256 \
    -subj "/O=Lintas development/CN=Lintas development CA" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  chmod 0600 "$OUT/ca.key"
  chmod 0644 "$OUT/ca.crt"
  made=$((made + 1))
fi

if valid "$OUT/server.crt" "DNS:localhost"; then
  kept=$((kept + 1))
else
  leaf "$OUT/server" "localhost" "basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1"
fi

for id in "${AGENCIES[@]}"; do
  spiffe="spiffe://$TRUST_DOMAIN/agency/$id"
  if valid "$OUT/agencies/$id.crt" "URI:$spiffe"; then
    kept=$((kept + 1))
  else
    leaf "$OUT/agencies/$id" "$id" "basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth
subjectAltName=URI:$spiffe"
  fi
done

echo "development certificates in $OUT (trust domain $TRUST_DOMAIN, ${#AGENCIES[@]} agencies):" \
  "$made made, $kept kept" >&2
