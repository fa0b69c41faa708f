#pragma once

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <string>

#include "absl/status/status.h"
#include "adapters/config/lintasd_config.h"

namespace lintas::config::yaml {

// An agency's `webhook` at `path` ("agencies[3].webhook"): its URL (https, or http to loopback),
// its secret read from `secret_file`, an optional CA file and the retry limits. Files resolve
// against `config_dir`. Messages never carry the secret, and name only the URL's host.
absl::Status ParseWebhook(const YAML::Node& node, const std::string& path,
                          const std::filesystem::path& config_dir, WebhookConfig& out);

}  // namespace lintas::config::yaml
