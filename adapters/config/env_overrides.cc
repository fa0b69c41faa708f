#include "adapters/config/env_overrides.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <optional>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "adapters/config/strict_yaml.h"

namespace lintas::config {

EnvLookup ProcessEnv() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

namespace yaml {

std::string FromEnv(const EnvSources& sources, const std::string& key) {
  const auto it = sources.find(key);
  return it == sources.end() ? "" : absl::StrCat(" (from ", it->second, ")");
}

absl::StatusOr<EnvSources> ApplyEnvOverrides(const EnvLookup& env, LintasdConfig& config) {
  // LINTAS_KEY_FILE replaces the file of the active key (ParseCrypto checked that it exists).
  KeyConfig& active_key =
      *std::find_if(config.crypto.keys.begin(), config.crypto.keys.end(),
                    [&](const KeyConfig& k) { return k.id == config.crypto.active; });
  const std::string active_key_source = active_key.source;

  // Overrides replace the file's value as given (a relative LINTAS_KEY_FILE is relative to the
  // CWD, as a shell user expects); an empty one is refused rather than read as "unset".
  const std::array<std::tuple<const char*, const char*, std::string*>, 4> overrides{{
      {"LINTAS_REDIS_ADDRESS", "redis.address", &config.redis.address},
      {"LINTAS_KEY_FILE", active_key_source.c_str(), &active_key.file},
      {"LINTAS_LISTEN", "server.listen", &config.server.listen},
      {"LINTAS_INSTANCE", "server.instance", &config.server.instance},
  }};
  EnvSources sources;
  for (const auto& [var, key, field] : overrides) {
    const std::optional<std::string> value = env ? env(var) : std::nullopt;
    if (!value) continue;
    if (value->empty()) return Bad(key, absl::StrCat(var, " is set but empty"));
    *field = *value;
    sources[key] = var;
  }
  // Lets tests and local runs use a config that names TLS files in development mode (and back).
  if (const std::optional<std::string> dev =
          env ? env("LINTAS_INSECURE_DEV_IDENTITY") : std::nullopt) {
    if (*dev == "true") {
      config.server.insecure_dev_identity = true;
      config.server.tls.reset();
    } else if (*dev == "false") {
      config.server.insecure_dev_identity = false;
    } else {
      return Bad(
          "server.insecure_dev_identity",
          absl::StrCat("LINTAS_INSECURE_DEV_IDENTITY must be true or false, not '", *dev, "'"));
    }
    sources["server.insecure_dev_identity"] = "LINTAS_INSECURE_DEV_IDENTITY";
  }
  // The TLS files, so that one config serves runs with another state folder (scripts/run.sh with
  // LINTAS_VAR). Applied after the development identity: when that sets TLS aside they are unused.
  if (config.server.tls) {
    TlsConfig& tls = *config.server.tls;
    for (const auto& [var, key, field] :
         {std::tuple{"LINTAS_TLS_CA_FILE", "server.tls.ca_file", &tls.ca_file},
          std::tuple{"LINTAS_TLS_CERT_FILE", "server.tls.cert_file", &tls.cert_file},
          std::tuple{"LINTAS_TLS_KEY_FILE", "server.tls.key_file", &tls.key_file}}) {
      const std::optional<std::string> value = env ? env(var) : std::nullopt;
      if (!value) continue;
      if (value->empty()) return Bad(key, absl::StrCat(var, " is set but empty"));
      *field = *value;
      sources[key] = var;
    }
  }
  // Messages about the active key's file (and LoadKeyRing's) then say where it came from.
  if (sources.contains(active_key_source)) {
    active_key.source = absl::StrCat(active_key_source, FromEnv(sources, active_key_source));
  }
  return sources;
}

}  // namespace yaml
}  // namespace lintas::config
