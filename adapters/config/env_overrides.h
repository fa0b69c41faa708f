#pragma once

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "adapters/config/lintasd_config.h"

namespace lintas::config::yaml {

// The keys the environment gave, key path -> variable ("server.listen" -> "LINTAS_LISTEN"), so
// that later messages can say where a bad value came from.
using EnvSources = std::map<std::string, std::string>;

// " (from LINTAS_LISTEN)" when the environment gave `key`; empty otherwise.
std::string FromEnv(const EnvSources& sources, const std::string& key);

// Applies LINTAS_REDIS_ADDRESS, LINTAS_KEY_FILE (the active key's file), LINTAS_LISTEN,
// LINTAS_INSTANCE, LINTAS_INSECURE_DEV_IDENTITY and, when server.tls is in use,
// LINTAS_TLS_CA_FILE, LINTAS_TLS_CERT_FILE and LINTAS_TLS_KEY_FILE to `config`, whose sections
// are parsed (its active key exists).
// A variable that is set but empty, or a development identity other than true or false, is an
// error naming the key and the variable.
absl::StatusOr<EnvSources> ApplyEnvOverrides(const EnvLookup& env, LintasdConfig& config);

}  // namespace lintas::config::yaml
