#pragma once

#include <yaml-cpp/yaml.h>

#include <filesystem>

#include "absl/status/status.h"
#include "adapters/config/portal_config.h"

namespace lintas::config::yaml {

// `portal`: the public reporting portal's listener, TLS files, limits and identity. The agency
// must be registered and the regions root known; the certificate and key must both be given
// (and hold PEM) or both be absent, and without them the listener must be on loopback.
// Environment overrides, applied before those checks: LINTAS_PORTAL_LISTEN (portal.listen),
// LINTAS_PORTAL_CERT_FILE and LINTAS_PORTAL_KEY_FILE (relative to the working directory).
absl::Status ParsePortal(const YAML::Node& node, const std::filesystem::path& config_dir,
                         const core::AgencyRegistry& agencies, const core::RegionDirectory& regions,
                         const EnvLookup& env, PortalConfig& out);

}  // namespace lintas::config::yaml
