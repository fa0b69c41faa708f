#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "adapters/crypto/key_ring.h"
#include "core/ports/field_cipher.h"

namespace lintas::crypto {

// AES-256-GCM with a fresh 96-bit random nonce per value. Sealed layout (binary):
//   byte 0      format version (1)
//   byte 1      key id length n (1-32)
//   n bytes     key id
//   12 bytes    nonce
//   m bytes     ciphertext (m = plaintext length, m >= 1)
//   16 bytes    GCM tag
// The GCM AAD is the header (bytes 0 .. 2+n-1: version, n, key id) followed by the caller's aad;
// the header is self-delimiting, so the two parts cannot be shifted into each other.
// The encryption key is derived per key id from the master key (HKDF-SHA256, no salt, info
// "lintas field cipher v1"), so the master key is never used directly.
//
// The cipher derives keys for every id in the ring when it is constructed and does not see later
// changes: after adding a key or rotating, construct a new cipher. Values name their key id, so
// old values keep opening as long as their key stays in the ring. Seal and Open only read that
// snapshot, so one cipher may be used from several threads at once.
//
// Each thread keeps an OpenSSL context per key with the key already expanded (see the .cc), so
// that a Seal costs a nonce reset rather than a key schedule: that cut lintasd's CPU per
// SubmitCase noticeably (docs/performance.md). Those contexts, which hold the expanded key, live
// until their thread ends, not until the cipher is destroyed.
class AesGcmFieldCipher final : public core::FieldCipher {
 public:
  explicit AesGcmFieldCipher(const KeyRing& ring);
  AesGcmFieldCipher(const AesGcmFieldCipher&) = delete;
  AesGcmFieldCipher& operator=(const AesGcmFieldCipher&) = delete;
  ~AesGcmFieldCipher() override;

  // FAILED_PRECONDITION when the ring had no active key; INTERNAL if OpenSSL fails.
  absl::StatusOr<std::string> Seal(std::string_view plaintext, std::string_view aad) override;
  absl::StatusOr<std::string> Open(std::string_view sealed, std::string_view aad) override;

  // The key id a sealed value names, read from its header without opening it; nullopt for ""
  // (an empty value is not sealed) and for bytes that do not have the header's shape.
  static std::optional<std::string_view> KeyIdOf(std::string_view sealed);
  const std::string& active_id() const { return active_; }

 private:
  const std::uint64_t instance_;  // names this cipher's per-thread OpenSSL contexts
  std::map<std::string, Key256, std::less<>> derived_;  // by key id
  std::string active_;
};

// HMAC-SHA256 under a key derived from one master key per purpose (HKDF-SHA256, no salt, info
// "lintas keyed hash v1 " + purpose), so that one master key is never used for two purposes.
// Digest is 32 bytes. The one-argument form uses the ring's index key (KeyRing::index_id), which
// stays put when the active key rotates: digests stored in Redis (idempotency, NIK index, broker
// register) keep matching. The two-argument form names the master key (e.g. the audit key).
// Throws std::logic_error when the ring has no such key (a wiring bug). Hash throws
// std::runtime_error only if OpenSSL itself fails, since a digest cannot carry an error.
class HmacKeyedHasher final : public core::KeyedHasher {
 public:
  explicit HmacKeyedHasher(const KeyRing& ring);
  HmacKeyedHasher(const KeyRing& ring, std::string_view key_id);
  HmacKeyedHasher(const HmacKeyedHasher&) = delete;
  HmacKeyedHasher& operator=(const HmacKeyedHasher&) = delete;
  ~HmacKeyedHasher() override;

  std::string Hash(std::string_view purpose, std::string_view data) const override;

 private:
  const std::uint64_t instance_;  // names this hasher's per-thread OpenSSL contexts
  Key256 master_;
};

}  // namespace lintas::crypto
