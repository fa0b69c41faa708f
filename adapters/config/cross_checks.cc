#include "adapters/config/cross_checks.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "adapters/config/network_address.h"
#include "adapters/config/strict_yaml.h"

namespace lintas::config::yaml {
namespace {

// It goes into consumer names and a Redis key: plain characters, short. Empty is the host name.
std::string InstanceProblem(const std::string& instance) {
  if (instance.size() > 64) return "longer than 64 characters";
  const bool plain = AllOf(instance, [](char c) {
    return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
  return plain ? "" : "only letters, digits, '-', '_' and '.' are allowed";
}

}  // namespace

absl::Status CheckAcrossSections(const LintasdConfig& config, const EnvSources& sources) {
  if (!config.server.insecure_dev_identity && !config.server.tls) {
    return Bad("server.tls",
               absl::StrCat("required (mutual TLS), unless server.insecure_dev_identity is true "
                            "for development on loopback",
                            FromEnv(sources, "server.insecure_dev_identity")));
  }

  if (std::string p = AddressProblem(config.server.listen, 0); !p.empty()) {
    return Bad("server.listen", absl::StrCat("malformed '", config.server.listen, "'",
                                             FromEnv(sources, "server.listen"), ": ", p));
  }
  if (config.server.insecure_dev_identity && !IsLoopbackListenAddress(config.server.listen)) {
    return Bad("server.insecure_dev_identity",
               absl::StrCat("allowed only on a loopback listen address, not '",
                            config.server.listen, "'", FromEnv(sources, "server.listen"),
                            FromEnv(sources, "server.insecure_dev_identity")));
  }
  if (std::string p = InstanceProblem(config.server.instance); !p.empty()) {
    return Bad("server.instance", absl::StrCat("'", config.server.instance, "'",
                                               FromEnv(sources, "server.instance"), ": ", p));
  }
  if (config.redis.address.empty()) return Bad("redis.address", "required");
  if (std::string p = AddressProblem(config.redis.address, 1); !p.empty()) {
    return Bad("redis.address", absl::StrCat("malformed '", config.redis.address, "'",
                                             FromEnv(sources, "redis.address"), ": ", p));
  }
  for (const KeyConfig& key : config.crypto.keys) {
    if (key.file.empty()) return Bad(key.source, "required");
  }
  return absl::OkStatus();
}

}  // namespace lintas::config::yaml
