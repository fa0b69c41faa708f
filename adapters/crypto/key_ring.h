#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace lintas::crypto {

using Key256 = std::array<std::uint8_t, 32>;

// Master keys by id, one of them active for new writes. Keys never leave this class except into
// OpenSSL calls; nothing here logs key material.
class KeyRing {
 public:
  // Reads a key file: 64 hex characters (white space around them allowed). Errors name the file
  // but never echo its content.
  static absl::StatusOr<Key256> ReadKeyFile(const std::string& path);

  // Key ids: 1-32 characters of [A-Za-z0-9._-].
  absl::Status Add(std::string key_id, const Key256& key);
  absl::Status SetActive(std::string_view key_id);

  const std::string& active_id() const { return active_; }
  const Key256* Find(std::string_view key_id) const;
  const Key256& active_key() const;

 private:
  std::map<std::string, Key256, std::less<>> keys_;
  std::string active_;
};

}  // namespace lintas::crypto
