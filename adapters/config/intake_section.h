#pragma once

#include <yaml-cpp/yaml.h>

#include "absl/status/status.h"
#include "adapters/config/lintasd_config.h"

namespace lintas::config::yaml {

// `intake`: the limits on one submitted case.
absl::Status ParseIntake(const YAML::Node& node, core::CaseLimits& out);

}  // namespace lintas::config::yaml
