#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "adapters/redis/audit_queue.h"
#include "adapters/redis/key_layout.h"
#include "adapters/redis/pipelined_client.h"
#include "adapters/sync/annotated_mutex.h"
#include "core/audit/audit_chain.h"

namespace lintas::redis {

// Appends audit entries to the hash-chained stream `<prefix>:{audit}` (docs/redis-layout.md).
//
// Record() only queues: it never blocks on Redis. One writer thread takes what is
// queued in batches, links and MACs them from the head it knows (core/audit/audit_chain.h), and
// appends them with one Lua script that first checks the head record `<prefix>:{audit}:head`
// against that head, then XADDs the batch and moves the head, atomically. When another writer
// (another lintasd process) got there first the script refuses and returns the real head; the
// writer re-links the batch from it and tries again. So the chain stays one line however many
// threads and processes write.
//
// An entry may come with a completion (`Written`): the writer calls it, outside its lock, once the
// script that appended the entry returned OK (with appendfsync always: on disk), so that a reply
// carrying personal data can wait for its entry, and all replies of a batch wait for one script.
// It gets UNAVAILABLE instead when the entry is refused, when an append fails (Redis down or
// slow: PipelineOptions::command_timeout), or when it has waited `max_wait`. A failed or late
// entry stays queued and is written once Redis answers: there may be an entry for a read that was
// then refused, never a read without an entry.
//
// When Redis is unreachable the writer retries the batch; meanwhile Record() keeps queueing up to
// `capacity` entries, and after that refuses (counts the drop, logs it). Callers decide what a
// refusal means: services/common/audit_trail.h fails reads of personal data closed.
class AuditLog {
 public:
  struct Options {
    std::size_t capacity = 16384;  // entries queued before Record refuses
    std::size_t max_batch = 256;   // entries per append script
    std::chrono::milliseconds retry_delay{200};
    // A completion is called with UNAVAILABLE once its entry has waited this long (plus at most
    // the append in flight), so that no reply waits on the audit for ever.
    std::chrono::milliseconds max_wait{3000};
  };
  // Called exactly once: from the writer thread, or from Record itself when it refuses. Never
  // under the log's lock; keep it short (it delays the next batch).
  using Written = AuditQueue::Written;
  struct Stats {
    std::uint64_t recorded = 0;        // accepted by Record
    std::uint64_t written = 0;         // in Redis
    std::uint64_t dropped = 0;         // refused by Record (queue full or stopping)
    std::uint64_t lost = 0;            // accepted but never written (stopped with Redis down)
    std::uint64_t head_conflicts = 0;  // batches re-linked because another writer moved the head
  };

  // `mac` makes the entry MACs under `key_id` (crypto::AuditMac); both must outlive this.
  AuditLog(PipelinedClient& redis, const KeyLayout& keys, std::string key_id,
           core::audit::MacFunction mac, Options options);
  AuditLog(PipelinedClient& redis, const KeyLayout& keys, std::string key_id,
           core::audit::MacFunction mac)
      : AuditLog(redis, keys, std::move(key_id), std::move(mac), Options{}) {}
  // Writes what is queued if Redis answers (one try per batch), then stops; entries that could
  // not be written are counted as lost and logged.
  ~AuditLog();
  AuditLog(const AuditLog&) = delete;
  AuditLog& operator=(const AuditLog&) = delete;

  // Queues one entry; false (and counted in `dropped`) when the queue is full. Never blocks on
  // Redis.
  bool Record(core::audit::AuditEntry entry) {
    Written none;
    return Enqueue(entry, none);
  }
  // Queues one entry and calls `written` once it is in Redis, or with UNAVAILABLE when it cannot
  // say so (above). Never blocks on Redis.
  void Record(core::audit::AuditEntry entry, Written written);
  // Waits until every entry accepted before this call is in Redis. DEADLINE_EXCEEDED after
  // `timeout` (with the writer's last error, if any).
  absl::Status Flush(std::chrono::milliseconds timeout);
  Stats stats() const;

 private:
  using Completions = AuditQueue::Completions;

  bool Enqueue(core::audit::AuditEntry& entry, Written& written);
  void Run();
  // Appends one batch; retries a moved head, returns the Redis error otherwise.
  absl::Status Append(const std::vector<core::audit::AuditEntry>& batch);
  absl::Status ReadHead();

  PipelinedClient& redis_;
  const std::string stream_;
  const std::string head_;
  const std::string key_id_;
  const core::audit::MacFunction mac_;
  const Options options_;

  mutable sync::Mutex mu_;
  std::condition_variable_any work_cv_;
  std::condition_variable_any done_cv_;
  AuditQueue queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  Stats stats_ ABSL_GUARDED_BY(mu_);
  std::uint64_t finished_ ABSL_GUARDED_BY(mu_) = 0;  // accepted entries written or lost
  std::string last_error_ ABSL_GUARDED_BY(mu_);

  // Only the writer thread touches these.
  bool head_known_ = false;
  std::int64_t head_seq_ = 0;
  std::string head_mac_;

  std::thread writer_;  // last: started when everything else is ready
};

// The head record as stored: seq 0 and mac "" when there is none.
struct AuditHead {
  std::int64_t seq = 0;
  std::string mac;
};

// Reads the audit stream for `lintasctl audit`: blocking calls, for tools and tests only.
class AuditReader {
 public:
  AuditReader(PipelinedClient& redis, const KeyLayout& keys)
      : redis_(redis), stream_(keys.AuditStream()), head_(keys.AuditHead()) {}

  absl::StatusOr<AuditHead> Head() const;
  // Calls `visit` for every entry in stream order, `page` at a time; the entry is unset when its
  // fields are missing or malformed.
  absl::Status Scan(
      const std::function<void(std::string_view entry_id,
                               const std::optional<core::audit::ChainedEntry>&)>& visit,
      int page = 1000) const;

 private:
  PipelinedClient& redis_;
  const std::string stream_;
  const std::string head_;
};

// The result of walking the whole chain.
struct AuditVerification {
  std::int64_t entries = 0;  // entries checked
  std::int64_t newer = 0;    // entries appended after the head was read: left for the next run
  std::vector<core::audit::Finding> findings;  // empty when the chain is intact; first is first
  // Key ids under which every entry's MAC fails: a wrong audit key, most likely.
  std::vector<std::string> keys_failing_every_mac;
};
// Reads the head, then walks the stream up to the entry the head names (core::audit::
// ChainVerifier). What `lintasctl audit verify` runs.
absl::StatusOr<AuditVerification> VerifyAuditChain(const AuditReader& reader,
                                                   const core::audit::MacFunction& mac);

// The entry from a stream entry's (field, value) pairs; nullopt if a field is missing, repeated
// or malformed.
std::optional<core::audit::ChainedEntry> ParseAuditEntry(
    const std::vector<std::pair<std::string, std::string>>& fields);

}  // namespace lintas::redis
