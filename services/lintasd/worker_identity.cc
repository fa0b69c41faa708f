#include "services/lintasd/worker_identity.h"

#include <unistd.h>

#include <random>

#include "absl/strings/str_cat.h"
#include "adapters/redis/key_layout.h"
#include "core/util/string_view.h"
#include "spdlog/spdlog.h"

namespace lintas::lintasd {
namespace {

std::string HostName() {
  char host[256] = {};
  if (gethostname(host, sizeof(host) - 1) != 0 || host[0] == '\0') return "lintasd";
  return host;
}

}  // namespace

std::string InstanceName(const config::LintasdConfig& config) {
  return config.server.instance.empty() ? HostName() : config.server.instance;
}

std::string ConsumerName(const config::LintasdConfig& config, std::string_view kind) {
  return absl::StrCat(InstanceName(config), "-", AsAbsl(kind));
}

std::vector<std::string> WorkerKinds(bool routing, bool notify, bool webhook) {
  std::vector<std::string> kinds;
  if (routing) kinds.push_back("routing");
  if (notify) kinds.push_back("notify");
  if (webhook) kinds.push_back("webhook");
  return kinds;
}

absl::StatusOr<std::vector<std::unique_ptr<redis::ConsumerLease>>> HoldConsumerNames(
    redis::PipelinedClient& redis, const config::LintasdConfig& config,
    const std::vector<std::string>& kinds) {
  const redis::KeyLayout keys(config.redis.key_prefix);
  // Unique to this process even when a container restart reuses the host name and pid 1.
  const std::string token =
      absl::StrCat(HostName(), "/", getpid(), "/", absl::Hex(std::random_device{}()));
  const std::string advice = absl::StrCat(
      "give each process that runs this worker its own server.instance (or LINTAS_INSTANCE); "
      "this one is '",
      InstanceName(config), "'", config.server.instance.empty() ? " (the host name)" : "");
  std::vector<std::unique_ptr<redis::ConsumerLease>> leases;
  for (const std::string& kind : kinds) {
    auto lease =
        redis::ConsumerLease::Acquire(redis, keys.ConsumerLease(ConsumerName(config, kind)), token,
                                      advice, redis::LeaseOptions{});
    if (!lease.ok()) return lease.status();
    spdlog::info("{}: consumer name {} held ({})", kind, ConsumerName(config, kind),
                 (*lease)->key());
    leases.push_back(*std::move(lease));
  }
  return leases;
}

}  // namespace lintas::lintasd
