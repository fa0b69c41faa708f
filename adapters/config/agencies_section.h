#pragma once

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <functional>
#include <map>
#include <string>

#include "absl/status/status.h"
#include "adapters/config/lintasd_config.h"

namespace lintas::config::yaml {

// `agencies` (required): each agency's id, kind, name, jurisdiction (codes of `regions`),
// parent, revoked flag and optional webhook (webhook_section.h; files resolve against
// `config_dir`). Checks ids are unique, a protection_agency exists, and parents exist, form no
// cycle and cover their children's regions.
absl::Status ParseAgencies(const YAML::Node& node, const core::RegionDirectory& regions,
                           const std::filesystem::path& config_dir, core::AgencyRegistry& out,
                           std::map<std::string, WebhookConfig, std::less<>>& webhooks);

}  // namespace lintas::config::yaml
