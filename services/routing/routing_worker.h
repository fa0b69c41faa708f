#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "adapters/redis/referral_index.h"
#include "adapters/redis/stream_consumer.h"
#include "adapters/sync/annotated_mutex.h"
#include "core/domain/agency.h"
#include "core/ports/case_store.h"
#include "core/ports/clock.h"
#include "core/ports/field_cipher.h"
#include "core/routing/routing_policy.h"
#include "core/sla/deadline_spec.h"
#include "core/sla/working_calendar.h"

namespace lintas::routing {

struct RoutingWorkerOptions {
  int partitions = 16;
  core::Deadline escalation_deadline{core::Deadline::Unit::kHours, 24};
  int max_deliveries = 5;  // then the entry goes to the dead-letter stream
  int escalation_batch = 100;
  std::chrono::milliseconds trim_interval{60000};  // how often the partition streams are trimmed
  // With each trim: consumers with nothing pending idle this long leave their groups.
  std::chrono::milliseconds idle_consumer_removal{3600000};
};

// Everything derived from the routing section of the config. lintasd swaps it as one on SIGHUP,
// so a round never mixes new rules with the old calendar or coordinator.
struct RoutingSetup {
  std::shared_ptr<const core::RoutingPolicy> policy;
  std::shared_ptr<const core::WorkingCalendar> calendar;  // holidays, UTC offset
  std::string coordinator;  // where escalation chains end (BP3MI): the triage agency
};

// The setup in force; lintasd swaps it on SIGHUP while workers run.
class PolicyHolder {
 public:
  explicit PolicyHolder(RoutingSetup setup)
      : setup_(std::make_shared<const RoutingSetup>(std::move(setup))) {}
  std::shared_ptr<const RoutingSetup> Get() const {
    sync::MutexLock lock(mu_);
    return setup_;
  }
  void Set(RoutingSetup setup) {
    auto next = std::make_shared<const RoutingSetup>(std::move(setup));
    sync::MutexLock lock(mu_);
    setup_ = std::move(next);
  }

 private:
  mutable sync::Mutex mu_;
  std::shared_ptr<const RoutingSetup> setup_ ABSL_GUARDED_BY(mu_);
};

// Reads case events through the "routing" consumer group and turns each received case into
// referrals (core::RouteCase), then escalates referrals whose acknowledgement deadline passed
// (core::EscalateOverdue). Every effect has an effect token, so a redelivered event (a crash
// between the append and XACK) changes nothing, and several workers may run at once.
class RoutingWorker {
 public:
  struct Deps {
    redis::StreamConsumer& consumer;  // group "routing" over every partition's event stream
    core::CaseStore& store;
    redis::ReferralIndex& index;
    const PolicyHolder& policy;  // rules, calendar and coordinator
    const core::AgencyRegistry& agencies;
    const core::Clock& clock;
    const core::KeyedHasher& hasher;  // the NIK blind index
  };
  RoutingWorker(Deps deps, RoutingWorkerOptions options);

  // One round: entries a dead consumer left (XAUTOCLAIM), then new ones (waiting up to the
  // consumer's block time), each handled and acknowledged, or dead-lettered after
  // max_deliveries, or at once when it cannot be decoded. Then overdue referrals escalate.
  // Returns the number of entries handled.
  absl::StatusOr<int> RunOnce();
  // Runs rounds until `stop`; after a failed round (Redis away) waits 100 ms, doubling up to 2 s
  // while rounds keep failing (core::Backoff).
  void Run(const std::atomic<bool>& stop);

  // Escalates every overdue referral (by the clock port); the number of escalations made.
  absl::StatusOr<int> EscalateDue();
  // Handles one entry; the caller acknowledges. Exposed so tests can "crash" before the ack.
  absl::Status Handle(const redis::StreamEntry& entry);

 private:
  absl::Status RouteReceivedCase(const std::string& case_id, const std::string& event_id);
  absl::Status IndexReferrals(const core::Case& c);
  absl::StatusOr<std::vector<std::string>> SuspectedDuplicates(const core::Case& c);
  Deps deps_;
  RoutingWorkerOptions options_;
};

}  // namespace lintas::routing
