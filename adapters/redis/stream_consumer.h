#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "adapters/redis/blocking_connection.h"
#include "adapters/redis/redis_address.h"
#include "adapters/redis/stream_entry.h"

namespace lintas::redis {

struct ConsumerOptions {
  std::string group;     // e.g. "routing"
  std::string consumer;  // one live process each, e.g. "<instance>-routing"
  std::vector<std::string> streams;
  // Every group the deployment runs on these streams (this one included): created at start and
  // before each trim, so a trim never passes an entry a group not yet started will need.
  std::vector<std::string> all_groups;
  int batch = 64;
  std::chrono::milliseconds block{1000};        // how long ReadNew waits for new entries
  std::chrono::milliseconds claim_idle{30000};  // pending this long: its consumer is presumed dead
  int max_deliveries = 5;                       // after this many, an entry goes to dead letters
  std::string dead_letter_stream;               // e.g. "lintas:dlq:routing"
  std::chrono::milliseconds connect_timeout{300};
};

// A consumer-group reader on its own blocking connection (XREADGROUP BLOCK would hold a
// pipelined lane): at-least-once delivery, the caller acknowledges after its effect is durable.
// Works on one Redis; on Redis Cluster each partition's stream would need its own read, since
// one XREADGROUP may not span slots.
class StreamConsumer {
 public:
  StreamConsumer(RedisAddress address, ConsumerOptions options);
  ~StreamConsumer();
  StreamConsumer(const StreamConsumer&) = delete;
  StreamConsumer& operator=(const StreamConsumer&) = delete;

  // Creates this group and every one in all_groups on every stream (from the start of the
  // stream, so nothing written before the first start is missed); an existing group is fine.
  absl::Status EnsureGroups();
  // New entries for this consumer, waiting up to `block` when there are none.
  absl::StatusOr<std::vector<StreamEntry>> ReadNew();
  // Entries pending for this very consumer name (XREADGROUP ... 0): what a previous process
  // with the same identity read and did not acknowledge, taken back at once instead of waiting
  // `claim_idle` for XAUTOCLAIM. Counts as a redelivery (Redis increments the delivery count).
  absl::StatusOr<std::vector<StreamEntry>> ReadOwnPending();
  // Entries other consumers left pending for at least `claim_idle` (XAUTOCLAIM), now this
  // consumer's. Entries Redis no longer has are dropped from the pending list by Redis and are
  // only counted (see deleted_seen()).
  absl::StatusOr<std::vector<StreamEntry>> ClaimStale();
  // How often the entry has been delivered to this group (XPENDING).
  absl::StatusOr<std::int64_t> DeliveryCount(const StreamEntry& entry);
  absl::Status Ack(const StreamEntry& entry);
  // Acknowledges many entries with one XACK per stream: under appendfsync always every XACK is an
  // fsync, so a batch costs one per stream instead of one per entry.
  absl::Status Ack(const std::vector<StreamEntry>& entries);
  // Copies the entry, with the error and where it came from, to the dead-letter stream, then
  // acknowledges it, so the consumer carries on.
  absl::Status DeadLetter(const StreamEntry& entry, std::string_view error);
  // Removes entries every group has acknowledged: XTRIM MINID at the oldest entry some group
  // still needs (its oldest pending entry, or the last one it was given). Creates any group of
  // all_groups missing on the stream first, at 0, so it holds everything back.
  absl::Status TrimAcknowledged(const std::string& stream);
  // Removes from every group of all_groups on `stream` the consumers that have nothing pending
  // and have been idle for `idle_for` or longer (XGROUP DELCONSUMER): names of processes gone
  // for good (the old "<host>-<pid>" names, renamed instances). The pending check and the delete
  // are one script, so a consumer that read entries meanwhile keeps them. The number removed.
  absl::StatusOr<int> RemoveIdleConsumers(const std::string& stream,
                                          std::chrono::milliseconds idle_for);

  const ConsumerOptions& options() const { return options_; }
  // Whether the next round starts with ReadOwnPending: at start and after a failed round.
  bool resume_own() const { return resume_own_; }
  void set_resume_own(bool resume) { resume_own_ = resume; }
  std::int64_t deleted_seen() const { return deleted_seen_; }

 private:
  absl::Status CreateGroup(const std::string& stream, const std::string& group);
  absl::StatusOr<std::vector<StreamEntry>> Read(const std::string& from, bool block);
  absl::StatusOr<Reply> Run(const std::vector<std::string>& argv) { return conn_.Command(argv); }

  const ConsumerOptions options_;
  BlockingConnection conn_;
  std::int64_t deleted_seen_ = 0;
  bool resume_own_ = true;
};

}  // namespace lintas::redis
