#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace lintas::crypto {

using Key256 = std::array<std::uint8_t, 32>;

// Master keys by id, each with the roles it plays:
//   active  seals new values (AesGcmFieldCipher); rotating it leaves old values readable as long
//           as their key stays in the ring;
//   index   keys the keyed hashes (HmacKeyedHasher: idempotency fingerprints, the NIK blind
//           index, the broker register). Those digests are stored and looked up again, so this key
//           must not change when the active key rotates;
//   audit   keys the audit chain's MAC.
// The first key added takes every role until told otherwise. Keys never leave this class except
// into OpenSSL calls; nothing here logs key material. Move-only, and wiped on destruction, so that
// no stray copy of a master key outlives its owner.
class KeyRing {
 public:
  KeyRing() = default;
  KeyRing(KeyRing&&) noexcept = default;
  KeyRing& operator=(KeyRing&& other) noexcept;
  KeyRing(const KeyRing&) = delete;
  KeyRing& operator=(const KeyRing&) = delete;
  ~KeyRing();

  // Reads a key file: 64 hex characters (white space around them allowed). Errors name the file
  // but never echo its content: NOT_FOUND / PERMISSION_DENIED when it cannot be opened,
  // INVALID_ARGUMENT when it is not a regular file, is too large or is not 64 hex digits,
  // PERMISSION_DENIED (with the chmod that fixes it) unless its mode is 0600 or 0400.
  static absl::StatusOr<Key256> ReadKeyFile(const std::string& path);

  // Key ids: 1-32 characters of [A-Za-z0-9._-]; an id already in the ring is refused. The first
  // key added becomes active, so a ring with one key needs no SetActive.
  absl::Status Add(std::string key_id, const Key256& key);
  // NOT_FOUND for an id that is not in the ring.
  absl::Status SetActive(std::string_view key_id);
  absl::Status SetIndexKey(std::string_view key_id);
  absl::Status SetAuditKey(std::string_view key_id);

  // Empty when the ring holds no key.
  const std::string& active_id() const { return active_; }
  const std::string& index_id() const { return index_; }
  const std::string& audit_id() const { return audit_; }
  // nullptr when the id is unknown.
  const Key256* Find(std::string_view key_id) const;
  // Precondition: a key is active (the ring is not empty). Throws std::logic_error otherwise,
  // because that is a wiring bug, not bad input.
  const Key256& active_key() const;
  // Every id in the ring, sorted; lets a cipher derive keys for old ids too.
  std::vector<std::string> key_ids() const;

 private:
  void Wipe();

  std::map<std::string, Key256, std::less<>> keys_;
  std::string active_;
  std::string index_;
  std::string audit_;
};

}  // namespace lintas::crypto
