#pragma once

#include <yaml-cpp/yaml.h>

#include "absl/status/status.h"
#include "adapters/config/lintasd_config.h"

namespace lintas::config::yaml {

// `feeds`: the live streams (heartbeats, slow readers, page size, render threads).
absl::Status ParseFeeds(const YAML::Node& node, FeedsConfig& out);

}  // namespace lintas::config::yaml
