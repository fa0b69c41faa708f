#pragma once

#include "absl/status/statusor.h"
#include "adapters/config/lintasd_config.h"
#include "adapters/crypto/key_ring.h"

namespace lintas::config {

// Reads every key file of `crypto.keys` and builds the ring with its roles (active, index,
// audit). FAILED_PRECONDITION naming the key on any problem, e.g.
// "crypto.keys[1].file: key file '/run/secrets/k2.key': No such file or directory"; the message
// never carries key material.
absl::StatusOr<crypto::KeyRing> LoadKeyRing(const CryptoConfig& config);

}  // namespace lintas::config
