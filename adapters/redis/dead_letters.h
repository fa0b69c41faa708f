#pragma once

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "adapters/redis/redis_address.h"

namespace lintas::redis {

// One entry of a dead-letter stream (StreamConsumer::DeadLetter wrote it).
struct DeadLetter {
  std::string id;             // in the dead-letter stream
  std::string source_stream;  // where it came from
  std::string source_id;
  std::string group;
  std::string error;
  std::vector<std::pair<std::string, std::string>> fields;  // the original entry's fields
};

// Operator access to a dead-letter stream, on a connection of its own: what `lintasctl dlq`
// uses next to Redis.
class DeadLetters {
 public:
  DeadLetters(RedisAddress address, std::string stream);

  // Up to `limit` entries, oldest first.
  absl::StatusOr<std::vector<DeadLetter>> List(int limit);
  // Puts the original entry back on its source stream as a new entry, so the consumer group
  // handles it again, and removes it from the dead letters. Consumers dedupe their effects on the
  // event's own id, so replaying an entry whose effect did happen changes nothing.
  // NOT_FOUND for an id that is not in the dead-letter stream.
  absl::StatusOr<std::string> Replay(const std::string& id);  // the new entry's id

 private:
  const RedisAddress address_;
  const std::string stream_;
};

}  // namespace lintas::redis
