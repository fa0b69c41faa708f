#pragma once

#include "absl/status/status.h"
#include "adapters/crypto/key_ring.h"
#include "adapters/redis/key_layout.h"
#include "adapters/redis/pipelined_client.h"

namespace lintas::lintasd {

// Before any service starts: waits until Redis answers, then checks every key of the ring
// against the check values recorded there (adapters/redis/key_checks.h), recording new ones.
// A process with a wrong key would answer every read with DATA_LOSS and write audit entries that
// break the chain for ever, so it must not start at all.
//   OK                   every key matches (or was recorded now);
//   FAILED_PRECONDITION  a key does not match (the message names its id);
//   CANCELLED            SIGTERM or SIGINT arrived while waiting for Redis (they are blocked in
//                        every thread by then, so this checks for them pending).
absl::Status CheckKeysAtStart(redis::PipelinedClient& redis, const redis::KeyLayout& keys,
                              const crypto::KeyRing& ring);

}  // namespace lintas::lintasd
