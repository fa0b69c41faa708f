#pragma once

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "adapters/redis/key_layout.h"
#include "adapters/redis/pipelined_client.h"

namespace lintas::redis {

// Compares each key's check value (adapters/crypto/key_check.h) with the one recorded in
// `KeyLayout::KeyChecks()`, recording it if the key id is new, in one script. OK when every key
// matches; FAILED_PRECONDITION naming the first key id that does not ("wrong key file?"), since
// reading or writing with that key would fail every read (DATA_LOSS) and break the audit chain;
// UNAVAILABLE when Redis does not answer.
absl::Status VerifyKeyChecks(PipelinedClient& redis, const KeyLayout& keys,
                             const std::vector<std::pair<std::string, std::string>>& values);

}  // namespace lintas::redis
