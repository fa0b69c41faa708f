#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "adapters/config/lintasd_config.h"
#include "adapters/redis/event_store.h"
#include "adapters/redis/referral_index.h"
#include "adapters/redis/stream_consumer.h"
#include "core/sla/working_calendar.h"
#include "services/lintasd/worker_thread.h"
#include "services/routing/routing_worker.h"

namespace lintas::lintasd {

// The routing service inside lintasd: one worker thread on its own consumer connection, its
// rules swappable on SIGHUP.
class RoutingRunner {
 public:
  struct Shared {
    const config::LintasdConfig& config;
    redis::PipelinedClient& redis;
    core::FieldCipher& cipher;
    core::KeyedHasher& hasher;
    core::RandomSource& random;
    const core::Clock& clock;
  };
  // FAILED_PRECONDITION when the config has no routing section or its calendar is invalid.
  static absl::StatusOr<std::unique_ptr<RoutingRunner>> Start(const Shared& shared);
  ~RoutingRunner();  // stops the worker after its current round

  // Re-reads the routing section of `config_path` and swaps everything derived from it (rules,
  // holidays and UTC offset, coordinator); on any problem keeps the current setup and says why.
  absl::Status Reload(const std::string& config_path);

 private:
  RoutingRunner() = default;

  const config::LintasdConfig* config_ = nullptr;
  std::unique_ptr<redis::RedisCaseStore> store_;
  std::unique_ptr<redis::ReferralIndex> index_;
  std::unique_ptr<redis::StreamConsumer> consumer_;
  std::unique_ptr<routing::PolicyHolder> policy_;
  std::unique_ptr<routing::RoutingWorker> worker_;
  std::unique_ptr<WorkerThread> thread_;
};

// The rules of a routing config as a policy.
std::shared_ptr<const core::RoutingPolicy> MakePolicy(const config::RoutingConfig& routing,
                                                      const core::AgencyRegistry& agencies);
// Everything the routing worker derives from a routing config: the policy, the working-day
// calendar and the escalation coordinator. Start and every SIGHUP reload build it here.
// FAILED_PRECONDITION when the calendar is invalid.
absl::StatusOr<routing::RoutingSetup> MakeRoutingSetup(const config::RoutingConfig& routing,
                                                       const core::AgencyRegistry& agencies);

}  // namespace lintas::lintasd
