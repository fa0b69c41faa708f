#pragma once

#include <yaml-cpp/yaml.h>

#include "absl/status/status.h"
#include "adapters/config/lintasd_config.h"

namespace lintas::config::yaml {

// `crypto`: the key ring (keys, active, index_key, audit_key) or the older one-key form (key_id,
// key_file). Key files are named, not resolved nor read here: lintasd_config.cc resolves them and
// LoadKeyRing (key_ring_loader.h) reads them.
absl::Status ParseCrypto(const YAML::Node& node, CryptoConfig& out);

}  // namespace lintas::config::yaml
