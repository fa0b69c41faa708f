#pragma once

#include <yaml-cpp/yaml.h>

#include <filesystem>

#include "absl/status/status.h"
#include "adapters/config/lintasd_config.h"

namespace lintas::config::yaml {

// `server`: listen address, development identity or `tls` (tls_section.h), rate limit, message
// size and shutdown grace. Whether one of tls and insecure_dev_identity is given, and the listen
// address, are checked after the environment overrides (cross_checks.h).
absl::Status ParseServer(const YAML::Node& node, const std::filesystem::path& config_dir,
                         ServerConfig& out);

}  // namespace lintas::config::yaml
