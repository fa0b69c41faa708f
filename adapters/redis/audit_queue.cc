#include "adapters/redis/audit_queue.h"

#include <utility>

namespace lintas::redis {

bool AuditQueue::Push(core::audit::AuditEntry& entry, Written& written, Clock::time_point now) {
  if (queue_.size() >= capacity_) return false;
  queue_.push_back(Queued{std::move(entry), std::exchange(written, nullptr), now + max_wait_});
  return true;
}

void AuditQueue::TakeBatch(std::size_t max, std::vector<core::audit::AuditEntry>& batch,
                           Completions& waiting) {
  while (!queue_.empty() && batch.size() < max) {
    Queued& q = queue_.front();
    batch.push_back(std::move(q.entry));
    if (q.written) waiting.push_back(std::exchange(q.written, nullptr));
    queue_.pop_front();
  }
}

void AuditQueue::TakeExpired(Clock::time_point now, Completions& out) {
  for (Queued& q : queue_) {
    if (q.deadline > now) break;
    if (q.written) out.push_back(std::exchange(q.written, nullptr));
  }
}

void AuditQueue::TakeAllCompletions(Completions& out) {
  for (Queued& q : queue_) {
    if (q.written) out.push_back(std::exchange(q.written, nullptr));
  }
}

void AuditQueue::Complete(Completions& completions, const absl::Status& status) {
  for (Written& written : completions)
    std::move(written)(status);
  completions.clear();
}

}  // namespace lintas::redis
