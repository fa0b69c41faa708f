#include "adapters/config/server_section.h"

#include <array>

#include "adapters/config/strict_yaml.h"
#include "adapters/config/tls_section.h"

namespace lintas::config::yaml {
namespace {

constexpr auto kServerKeys =
    std::to_array<absl::string_view>({"listen", "insecure_dev_identity", "tls", "rate_limit",
                                      "max_message_bytes", "shutdown_grace_ms", "instance"});
constexpr auto kRateLimitKeys = std::to_array<absl::string_view>({"requests_per_second", "burst"});

absl::Status ParseRateLimit(const YAML::Node& node, RateLimitConfig& out) {
  LINTAS_CONFIG_RETURN_IF_ERROR(CheckMapping(node, "server.rate_limit", kRateLimitKeys));
  LINTAS_CONFIG_RETURN_IF_ERROR(ReadIntInto(node, "server.rate_limit", "requests_per_second", 1,
                                            1000000, out.requests_per_second));
  return ReadIntInto(node, "server.rate_limit", "burst", 1, 1000000, out.burst);
}

}  // namespace

absl::Status ParseServer(const YAML::Node& node, const std::filesystem::path& config_dir,
                         ServerConfig& out) {
  LINTAS_CONFIG_RETURN_IF_ERROR(CheckMapping(node, "server", kServerKeys));
  LINTAS_CONFIG_RETURN_IF_ERROR(ReadStringInto(node, "server", "listen", out.listen));
  LINTAS_CONFIG_RETURN_IF_ERROR(ReadStringInto(node, "server", "instance", out.instance));
  LINTAS_CONFIG_RETURN_IF_ERROR(
      ReadBoolInto(node, "server", "insecure_dev_identity", out.insecure_dev_identity));
  if (const YAML::Node tls = node["tls"]) {
    if (out.insecure_dev_identity) {
      return Bad("server.tls",
                 "exclusive with server.insecure_dev_identity: true (remove one of them)");
    }
    out.tls.emplace();
    LINTAS_CONFIG_RETURN_IF_ERROR(ParseTls(tls, config_dir, *out.tls));
  }
  if (const YAML::Node limit = node["rate_limit"]) {
    LINTAS_CONFIG_RETURN_IF_ERROR(ParseRateLimit(limit, out.rate_limit));
  }
  LINTAS_CONFIG_RETURN_IF_ERROR(
      ReadIntInto(node, "server", "max_message_bytes", 4096, 64 << 20, out.max_message_bytes));
  return ReadIntInto(node, "server", "shutdown_grace_ms", 0, 600000, out.shutdown_grace_ms);
}

}  // namespace lintas::config::yaml
