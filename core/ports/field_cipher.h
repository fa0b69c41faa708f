#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace lintas::core {

// Encrypts personal fields before they leave the process. `aad` binds a ciphertext to its place
// (case id and field), so a sealed value copied to another case or field does not open.
class FieldCipher {
 public:
  virtual ~FieldCipher() = default;
  // Empty plaintext seals to an empty string (an absent field stays absent).
  virtual absl::StatusOr<std::string> Seal(std::string_view plaintext, std::string_view aad) = 0;
  // DATA_LOSS when the ciphertext was altered or the aad differs; FAILED_PRECONDITION when its
  // key id is not in the key ring.
  virtual absl::StatusOr<std::string> Open(std::string_view sealed, std::string_view aad) = 0;
};

// A keyed one-way hash (HMAC). Used where equal inputs must be recognised without storing them:
// idempotency fingerprints (adapters/redis/event_store) and the broker register's blind index
// over reported persons' phones and NIKs (core/notify/broker_register).
class KeyedHasher {
 public:
  virtual ~KeyedHasher() = default;
  // A fixed-length binary digest of `data` under the key for `purpose`.
  virtual std::string Hash(std::string_view purpose, std::string_view data) const = 0;
};

}  // namespace lintas::core
