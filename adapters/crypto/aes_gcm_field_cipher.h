#pragma once

#include "adapters/crypto/key_ring.h"
#include "core/ports/field_cipher.h"

namespace lintas::crypto {

// AES-256-GCM with a fresh 96-bit random nonce per value. Sealed layout (binary):
//   byte 0      format version (1)
//   byte 1      key id length n (1-32)
//   n bytes     key id
//   12 bytes    nonce
//   m bytes     ciphertext (m = plaintext length)
//   16 bytes    GCM tag
// The AAD given by the caller is authenticated together with the version and key id bytes.
// The encryption key is derived per key id from the master key (HKDF-SHA256, info
// "lintas field cipher v1"), so the master key is never used directly.
class AesGcmFieldCipher final : public core::FieldCipher {
 public:
  explicit AesGcmFieldCipher(const KeyRing& ring);
  absl::StatusOr<std::string> Seal(std::string_view plaintext, std::string_view aad) override;
  absl::StatusOr<std::string> Open(std::string_view sealed, std::string_view aad) override;

 private:
  std::map<std::string, Key256, std::less<>> derived_;  // by key id
  std::string active_;
};

// HMAC-SHA256 under a key derived from the active master key per purpose (HKDF-SHA256, info
// "lintas keyed hash v1 " + purpose). Digest is 32 bytes.
class HmacKeyedHasher final : public core::KeyedHasher {
 public:
  explicit HmacKeyedHasher(const KeyRing& ring);
  std::string Hash(std::string_view purpose, std::string_view data) const override;

 private:
  Key256 master_;
};

}  // namespace lintas::crypto
