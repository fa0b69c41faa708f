#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "core/audit/audit_chain.h"

namespace lintas::redis {

// The audit log's queue (adapters/redis/audit_log.h): entries waiting for the writer, each with
// the completion a reply may be waiting on and the time after which it stops waiting. It only
// moves things around: the log's mutex guards it, and completions are called outside that mutex
// (Complete), never by the queue.
class AuditQueue {
 public:
  using Written = absl::AnyInvocable<void(absl::Status) &&>;
  using Completions = std::vector<Written>;
  using Clock = std::chrono::steady_clock;

  AuditQueue(std::size_t capacity, std::chrono::milliseconds max_wait)
      : capacity_(capacity), max_wait_(max_wait) {}

  // Takes `entry` and `written` (which may be empty); false, leaving both, when full.
  bool Push(core::audit::AuditEntry& entry, Written& written, Clock::time_point now);
  // Moves up to `max` entries into `batch` and their completions into `waiting`.
  void TakeBatch(std::size_t max, std::vector<core::audit::AuditEntry>& batch,
                 Completions& waiting);
  // The completions of the entries that have waited max_wait by `now` (a prefix: the queue is
  // FIFO with one max_wait); their entries stay queued.
  void TakeExpired(Clock::time_point now, Completions& out);
  // Every completion still queued; the entries stay.
  void TakeAllCompletions(Completions& out);

  std::size_t size() const { return queue_.size(); }
  bool empty() const { return queue_.empty(); }
  void clear() { queue_.clear(); }

  // Calls each completion once with `status` and empties `completions`.
  static void Complete(Completions& completions, const absl::Status& status);

 private:
  struct Queued {
    core::audit::AuditEntry entry;
    Written written;
    Clock::time_point deadline;
  };

  const std::size_t capacity_;
  const std::chrono::milliseconds max_wait_;
  std::deque<Queued> queue_;
};

}  // namespace lintas::redis
