#pragma once

#include "absl/status/status.h"
#include "adapters/config/env_overrides.h"
#include "adapters/config/lintasd_config.h"

namespace lintas::config::yaml {

// The checks that span sections or need the environment overrides applied first: exactly one of
// server.tls and the development identity, a well-formed listen address (loopback in development
// mode), a Redis address, and a file for every key. Messages say which variable gave a value
// ("... (from LINTAS_LISTEN)"). Routing's checks against the agencies are in routing_section.cc.
absl::Status CheckAcrossSections(const LintasdConfig& config, const EnvSources& sources);

}  // namespace lintas::config::yaml
