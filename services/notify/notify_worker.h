#pragma once

#include <atomic>

#include "absl/status/statusor.h"
#include "adapters/redis/inbox.h"
#include "adapters/redis/stream_consumer.h"
#include "core/domain/agency.h"
#include "core/ports/case_store.h"
#include "core/ports/clock.h"

namespace lintas::notify {

struct NotifyWorkerOptions {
  int max_deliveries = 5;  // then the entry goes to the dead-letter stream
};

// Reads case events through the "notify" consumer group and puts each one, once, into the inbox
// of every agency that must hear of it (core::AudienceOf): the target of a referral, both sides
// of an escalation, every agency on the case for status changes and actions. Inbox writes are
// deduplicated on the event id, so a redelivered event adds nothing.
class NotifyWorker {
 public:
  struct Deps {
    redis::StreamConsumer& consumer;
    core::CaseStore& store;
    redis::Inbox& inbox;
    const core::Clock& clock;
    const core::AgencyRegistry& agencies;  // for the coordinators in the case's jurisdiction
  };
  NotifyWorker(Deps deps, NotifyWorkerOptions options) : deps_(deps), options_(options) {}

  // One round: claimed entries, then new ones; returns the number looked at.
  absl::StatusOr<int> RunOnce();
  // Runs rounds until `stop`; after a failed round waits 100 ms, doubling up to 2 s while rounds
  // keep failing (core::Backoff).
  void Run(const std::atomic<bool>& stop);
  // Handles one entry; the caller acknowledges (exposed so tests can "crash" before the ack).
  absl::Status Handle(const redis::StreamEntry& entry);

 private:
  Deps deps_;
  NotifyWorkerOptions options_;
};

}  // namespace lintas::notify
