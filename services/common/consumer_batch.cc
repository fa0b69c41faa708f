#include "services/common/consumer_batch.h"

#include <algorithm>
#include <thread>

#include "core/util/string_view.h"
#include "spdlog/spdlog.h"

namespace lintas::services {
namespace {

// True: acknowledge; false: dead-lettered or left pending.
absl::StatusOr<bool> Settle(redis::StreamConsumer& consumer, const redis::StreamEntry& entry,
                            const absl::Status& handled, bool claimed, int max_deliveries) {
  const std::string& group = consumer.options().group;
  if (handled.ok()) return true;
  // Redis is gone: every other entry of the batch would fail the same way and wait for a claim.
  // Stop the round; the entries stay pending for this consumer and the next round takes them
  // back at once (ReadOwnPending).
  if (handled.code() == absl::StatusCode::kUnavailable) return handled;
  if (handled.code() == absl::StatusCode::kInvalidArgument) {
    spdlog::error("{}: entry {} of {} cannot be decoded; dead-lettered: {}", group, entry.id,
                  entry.stream, AsStd(handled.message()));
    if (auto s = consumer.DeadLetter(entry, handled.ToString()); !s.ok()) return s;
    return false;
  }
  if (claimed) {
    auto deliveries = consumer.DeliveryCount(entry);
    if (deliveries.ok() && *deliveries >= max_deliveries) {
      spdlog::error("{}: entry {} of {} failed {} times; dead-lettered: {}", group, entry.id,
                    entry.stream, *deliveries, AsStd(handled.message()));
      if (auto s = consumer.DeadLetter(entry, handled.ToString()); !s.ok()) return s;
      return false;
    }
  }
  // Left pending: after the claim idle time a worker (maybe this one) claims it again.
  spdlog::warn("{}: entry {} of {} not handled yet: {}", group, entry.id, entry.stream,
               AsStd(handled.message()));
  return false;
}

}  // namespace

absl::StatusOr<int> HandleBatch(
    redis::StreamConsumer& consumer, const std::vector<redis::StreamEntry>& entries, bool claimed,
    int max_deliveries, const std::function<absl::Status(const redis::StreamEntry&)>& handle) {
  std::vector<redis::StreamEntry> done;
  for (const auto& entry : entries) {
    auto settled = Settle(consumer, entry, handle(entry), claimed, max_deliveries);
    if (!settled.ok()) return settled.status();
    if (*settled) done.push_back(entry);
  }
  // Only after every effect above is durable: a crash before this line redelivers them all, and
  // the effects' dedupe makes the second run change nothing.
  if (auto s = consumer.Ack(done); !s.ok()) return s;
  return static_cast<int>(entries.size());
}

namespace {

absl::StatusOr<int> Round(redis::StreamConsumer& consumer, int max_deliveries,
                          const std::function<absl::Status(const redis::StreamEntry&)>& handle) {
  int own_count = 0;
  if (consumer.resume_own()) {
    auto own = consumer.ReadOwnPending();
    if (!own.ok()) return own.status();
    auto from_own = HandleBatch(consumer, *own, true, max_deliveries, handle);
    if (!from_own.ok()) return from_own.status();
    own_count = *from_own;
    // Once: what fails again stays pending and is claimed after claim_idle, as before.
    consumer.set_resume_own(false);
  }
  auto claimed = consumer.ClaimStale();
  if (!claimed.ok()) return claimed.status();
  auto from_claimed = HandleBatch(consumer, *claimed, true, max_deliveries, handle);
  if (!from_claimed.ok()) return from_claimed.status();
  auto fresh = consumer.ReadNew();
  if (!fresh.ok()) return fresh.status();
  auto from_fresh = HandleBatch(consumer, *fresh, false, max_deliveries, handle);
  if (!from_fresh.ok()) return from_fresh.status();
  return own_count + *from_claimed + *from_fresh;
}

}  // namespace

absl::StatusOr<int> HandleRound(
    redis::StreamConsumer& consumer, int max_deliveries,
    const std::function<absl::Status(const redis::StreamEntry&)>& handle) {
  auto handled = Round(consumer, max_deliveries, handle);
  if (!handled.ok()) consumer.set_resume_own(true);
  return handled;
}

void SleepUnlessStopped(std::chrono::milliseconds wait, const std::atomic<bool>& stop) {
  constexpr auto kStep = std::chrono::milliseconds(50);
  while (wait.count() > 0 && !stop.load()) {
    const auto step = std::min(wait, std::chrono::milliseconds(kStep));
    std::this_thread::sleep_for(step);
    wait -= step;
  }
}

}  // namespace lintas::services
