#pragma once

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "adapters/redis/blocking_connection.h"
#include "adapters/redis/pipelined_client.h"
#include "adapters/redis/redis_address.h"

namespace lintas::redis {

// One entry of a dead-letter stream (KeyLayout::DeadLetters): an entry its consumer gave up on,
// with why and where it came from.
struct DeadLetter {
  std::string id;             // in the dead-letter stream (set when read; ignored when written)
  std::string source_stream;  // where it came from
  std::string source_id;
  std::string group;
  std::string error;
  std::vector<std::pair<std::string, std::string>> fields;  // the original entry's fields
};

// Dead-letter streams: written by every consumer that gives up on an entry (stream consumer
// groups, webhook delivery), read and replayed by operators (`lintasctl dlq`). The record's
// layout lives here only: "source_stream", "source_id", "group", "error", then the original
// fields prefixed "f:" so they cannot clash.
class DeadLetters {
 public:
  // Reads `stream` on a connection of its own.
  DeadLetters(RedisAddress address, std::string stream);

  // Appends `letter` to `stream`, on whichever connection the writer has.
  static absl::Status Write(BlockingConnection& redis, const std::string& stream,
                            const DeadLetter& letter);
  static absl::Status Write(PipelinedClient& redis, const std::string& stream,
                            const DeadLetter& letter);

  // Up to `limit` entries, oldest first.
  absl::StatusOr<std::vector<DeadLetter>> List(int limit);
  // Puts the original entry back on its source stream as a new entry, so the consumer group
  // handles it again, and removes it from the dead letters. Consumers dedupe their effects on the
  // event's own id, so replaying an entry whose effect did happen changes nothing.
  // NOT_FOUND for an id that is not in the dead-letter stream.
  absl::StatusOr<std::string> Replay(const std::string& id);  // the new entry's id

 private:
  static std::vector<std::string> WriteCommand(const std::string& stream, const DeadLetter& letter);

  BlockingConnection redis_;
  const std::string stream_;
};

}  // namespace lintas::redis
