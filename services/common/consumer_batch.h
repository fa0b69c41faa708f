#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <vector>

#include "absl/status/statusor.h"
#include "adapters/redis/stream_consumer.h"

namespace lintas::services {

// Handles one batch of a consumer group's entries the way every Lintas worker must:
// - handled: acknowledged, all of the batch's in one XACK per stream, after every effect;
// - INVALID_ARGUMENT (cannot be decoded): dead-lettered at once;
// - any other failure: left pending to be claimed again, and dead-lettered once it has been
//   delivered `max_deliveries` times (checked for claimed entries, the only ones redelivered).
// Returns the number of entries looked at.
absl::StatusOr<int> HandleBatch(
    redis::StreamConsumer& consumer, const std::vector<redis::StreamEntry>& entries, bool claimed,
    int max_deliveries, const std::function<absl::Status(const redis::StreamEntry&)>& handle);

// One round of a worker: at start and after a failed round, the entries pending for this
// consumer's own name (a restarted worker with the same identity resumes at once); then the
// entries a dead consumer left (claimed), then new ones, each batch through HandleBatch.
// UNAVAILABLE from the handler (Redis gone) stops the round instead of failing every entry.
// Returns the number of entries looked at.
absl::StatusOr<int> HandleRound(
    redis::StreamConsumer& consumer, int max_deliveries,
    const std::function<absl::Status(const redis::StreamEntry&)>& handle);

// Sleeps `wait` (a failed round's backoff) in short steps, returning early once `stop` is set,
// so that shutdown does not wait out a backoff.
void SleepUnlessStopped(std::chrono::milliseconds wait, const std::atomic<bool>& stop);

}  // namespace lintas::services
