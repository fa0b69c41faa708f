#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "adapters/config/lintasd_config.h"
#include "adapters/redis/consumer_lease.h"
#include "adapters/redis/pipelined_client.h"

namespace lintas::lintasd {

// server.instance, or the host name when it is empty (in a container: the container's name).
std::string InstanceName(const config::LintasdConfig& config);

// "<instance>-<kind>" (kind: routing, notify, webhook): the same after a restart, so the
// restarted worker reads its own pending entries back at once instead of waiting for claim_idle.
std::string ConsumerName(const config::LintasdConfig& config, std::string_view kind);

// The worker kinds a process runs, in the order they start: "routing", "notify", "webhook".
std::vector<std::string> WorkerKinds(bool routing, bool notify, bool webhook);

// Holds the consumer lease (KeyLayout::ConsumerLease) of each worker kind in `kinds`, waiting
// briefly for a dead predecessor's to lapse; FAILED_PRECONDITION naming the key and
// server.instance when another live process uses the name.
absl::StatusOr<std::vector<std::unique_ptr<redis::ConsumerLease>>> HoldConsumerNames(
    redis::PipelinedClient& redis, const config::LintasdConfig& config,
    const std::vector<std::string>& kinds);

}  // namespace lintas::lintasd
