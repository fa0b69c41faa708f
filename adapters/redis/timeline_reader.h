#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "adapters/redis/key_layout.h"
#include "adapters/redis/pipelined_client.h"
#include "lintas/v1/envelope.pb.h"

namespace lintas::redis {

// A stored event with its position (its stream id).
struct StoredEvent {
  std::string position;
  v1::EventEnvelope envelope;
};

// Reads a case's events back: from its timeline stream (kept for good), or for a case stored
// before timelines existed, from the partition stream while that still has the entry. Blocking
// calls through the pipelined client: for worker threads, never gRPC's.
class TimelineReader {
 public:
  TimelineReader(PipelinedClient& redis, KeyLayout keys) : redis_(redis), keys_(std::move(keys)) {}

  // Up to `limit` events of the case after `after` ("" from the first), oldest first.
  // INVALID_ARGUMENT for a malformed case id or position; DATA_LOSS for an entry that does not
  // parse.
  absl::StatusOr<std::vector<StoredEvent>> Range(std::string_view case_id, std::string_view after,
                                                 int limit);
  // The case's event at `position`, looked up in its timeline, then in `fallback_stream` (the
  // partition stream named by an inbox entry; may be empty). nullopt when neither has it (or
  // the entry there belongs to another case).
  absl::StatusOr<std::optional<StoredEvent>> At(std::string_view case_id, std::string_view position,
                                                std::string_view fallback_stream);

 private:
  PipelinedClient& redis_;
  const KeyLayout keys_;
};

}  // namespace lintas::redis
