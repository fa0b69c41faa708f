#pragma once

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <string>

#include "absl/status/statusor.h"

namespace lintas::config::yaml {

// The config file at `path` read, parsed and checked to be a mapping of known sections (kTopKeys
// in config_file.cc). Messages start "config: ".
absl::StatusOr<YAML::Node> ReadConfigRoot(const std::string& path);

// The directory of the config file: relative paths in it resolve against this.
absl::StatusOr<std::filesystem::path> ConfigDir(const std::string& path);

}  // namespace lintas::config::yaml
