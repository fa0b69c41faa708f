#pragma once

#include <yaml-cpp/yaml.h>

#include <filesystem>

#include "absl/status/status.h"
#include "adapters/config/lintasd_config.h"

namespace lintas::config::yaml {

// `server.tls`: the CA, certificate and key files (resolved against `config_dir`), the SPIFFE
// trust domain and the revoked certificates' fingerprints (normalised to lower-case hex).
absl::Status ParseTls(const YAML::Node& node, const std::filesystem::path& config_dir,
                      TlsConfig& out);

}  // namespace lintas::config::yaml
