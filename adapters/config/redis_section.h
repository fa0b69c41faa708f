#pragma once

#include <yaml-cpp/yaml.h>

#include "absl/status/status.h"
#include "adapters/config/lintasd_config.h"

namespace lintas::config::yaml {

// `redis`: address, key prefix, partitions, connections and time-outs. The address may be left
// out here (LINTAS_REDIS_ADDRESS can give it): whether there is one is checked after the
// environment overrides (cross_checks.h).
absl::Status ParseRedis(const YAML::Node& node, RedisConfig& out);

}  // namespace lintas::config::yaml
