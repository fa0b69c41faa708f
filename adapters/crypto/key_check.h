#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "adapters/crypto/key_ring.h"

namespace lintas::crypto {

// A key's check value: the hex HMAC of a fixed label under a subkey derived from the key for this
// purpose alone (HmacKeyedHasher, purpose "key check v1"). Stored where the data is, it tells a
// wrong key file from the right one before anything is read or written with it, and reveals
// nothing of the key. NOT_FOUND for an id that is not in the ring.
absl::StatusOr<std::string> KeyCheckValue(const KeyRing& ring, std::string_view key_id);

// (key id, check value) for every key of the ring, in key id order.
std::vector<std::pair<std::string, std::string>> KeyCheckValues(const KeyRing& ring);

}  // namespace lintas::crypto
