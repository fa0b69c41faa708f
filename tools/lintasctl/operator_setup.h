#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "adapters/config/lintasd_config.h"
#include "adapters/crypto/key_ring.h"
#include "adapters/redis/pipelined_client.h"

namespace lintas::ctl {

// What the operator commands that read Redis with lintasd's keys need (`audit`, `reencrypt`):
// lintasd's own config file (with its environment overrides), the key ring it names, and a
// connection to its Redis.
struct OperatorSetup {
  config::LintasdConfig config;
  crypto::KeyRing ring;
  std::unique_ptr<redis::PipelinedClient> redis;
};

// Errors name the config key (e.g. "crypto.keys[1].file: ...").
absl::StatusOr<std::unique_ptr<OperatorSetup>> LoadOperatorSetup(const std::string& config_path);

}  // namespace lintas::ctl
