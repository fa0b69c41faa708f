#pragma once

#include <yaml-cpp/yaml.h>

#include "absl/status/status.h"
#include "adapters/config/lintasd_config.h"

namespace lintas::config::yaml {

// `workers`: the consumer-group workers' claim idle time, the trim interval and when idle, empty
// consumers are removed from their groups.
absl::Status ParseWorkers(const YAML::Node& node, WorkersConfig& out);

}  // namespace lintas::config::yaml
