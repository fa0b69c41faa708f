#pragma once

#include <yaml-cpp/yaml.h>

#include <filesystem>

#include "absl/status/statusor.h"
#include "adapters/config/routing_config.h"

namespace lintas::config::yaml {

// `routing`: the triage agency (a protection_agency of `agencies`) and deadline, the clock's UTC
// offset, and the rules and holidays files it names (routing_rules.h, holidays_file.h), resolved
// against `config_dir`. Used at start (lintasd_config.cc) and on SIGHUP (LoadRoutingConfig).
absl::StatusOr<RoutingConfig> ParseRouting(const YAML::Node& node,
                                           const std::filesystem::path& config_dir,
                                           const core::RegionDirectory& regions,
                                           const core::AgencyRegistry& agencies);

}  // namespace lintas::config::yaml
