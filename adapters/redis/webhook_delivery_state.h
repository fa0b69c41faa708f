#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "adapters/redis/inbox.h"
#include "adapters/redis/key_layout.h"
#include "adapters/redis/pipelined_client.h"

namespace lintas::redis {

// Where one agency's webhook delivery stands, in Redis (services/webhook decides, this stores):
// the lease naming the one process that delivers (KeyLayout::WebhookLease), the cursor of the
// last inbox entry done with (WebhookCursor), the failures of the entry being retried
// (WebhookRetry) and the entries given up on (WebhookDeadLetters). Blocking calls through the
// pipelined client; every one may fail with UNAVAILABLE while Redis is away.
class WebhookDeliveryState {
 public:
  WebhookDeliveryState(PipelinedClient& redis, KeyLayout keys)
      : redis_(redis), keys_(std::move(keys)) {}

  enum class Lease { kHeldElsewhere = 0, kRenewed = 1, kAcquired = 2 };
  // Takes the agency's lease for `token`, or renews it when `token` holds it already; either
  // way it lasts `ttl` from now.
  absl::StatusOr<Lease> TakeLease(std::string_view agency, std::string_view token,
                                  std::chrono::milliseconds ttl);
  // Gives the lease up if `token` holds it, so another process can take over at once.
  absl::Status ReleaseLease(std::string_view agency, std::string_view token);

  // The cursor of the last inbox entry done with, "" before the first.
  absl::StatusOr<std::string> Cursor(std::string_view agency);
  // Moves the cursor to `cursor` (forward only), forgets the retry state and renews the lease,
  // all only while `token` holds the lease: a process that lost it while a POST hung cannot move
  // the cursor of the one that took over. False when the lease is lost.
  absl::StatusOr<bool> Advance(std::string_view agency, std::string_view token,
                               std::string_view cursor, std::chrono::milliseconds ttl);

  // The failures so far of the entry at `entry` (its inbox cursor).
  struct Retry {
    std::string entry;  // "" when nothing is being retried
    int attempts = 0;
    std::int64_t first_ms = 0;  // when the first attempt failed
  };
  absl::StatusOr<Retry> LoadRetry(std::string_view agency);
  absl::Status SaveRetry(std::string_view agency, const Retry& retry);

  // Writes `entry` to the agency's dead letters (DeadLetters::Write, group
  // KeyLayout::WebhookGroup), so `lintasctl dlq` lists and replays it.
  absl::Status DeadLetter(std::string_view agency, const InboxEntry& entry, std::string error);

  const KeyLayout& keys() const { return keys_; }

 private:
  PipelinedClient& redis_;
  const KeyLayout keys_;
};

}  // namespace lintas::redis
