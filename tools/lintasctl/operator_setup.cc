#include "tools/lintasctl/operator_setup.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "adapters/config/key_ring_loader.h"
#include "adapters/crypto/key_check.h"
#include "adapters/redis/key_checks.h"
#include "adapters/redis/redis_address.h"

namespace lintas::ctl {

absl::StatusOr<std::unique_ptr<OperatorSetup>> LoadOperatorSetup(const std::string& config_path) {
  auto config = config::LoadLintasdConfig(config_path, config::ProcessEnv());
  if (!config.ok()) return config.status();
  auto ring = config::LoadKeyRing(config->crypto);
  if (!ring.ok()) return ring.status();
  auto address = redis::RedisAddress::Parse(config->redis.address);
  if (!address.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("redis.address: ", address.status().message()));
  }
  auto setup = std::make_unique<OperatorSetup>();
  setup->config = *std::move(config);
  setup->ring = *std::move(ring);
  // A tool walks whole streams: give each command more time than a request gets.
  setup->redis = std::make_unique<redis::PipelinedClient>(
      *address,
      redis::PipelineOptions{
          1, std::chrono::milliseconds(setup->config.redis.connect_timeout_ms),
          std::chrono::milliseconds(std::max(setup->config.redis.command_timeout_ms, 30000))});
  // A wrong key would read nothing and, for `reencrypt`, write what nothing can read.
  if (absl::Status keys =
          redis::VerifyKeyChecks(*setup->redis, redis::KeyLayout(setup->config.redis.key_prefix),
                                 crypto::KeyCheckValues(setup->ring));
      !keys.ok()) {
    return keys;
  }
  return setup;
}

}  // namespace lintas::ctl
