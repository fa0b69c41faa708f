#include "adapters/config/redis_section.h"

#include <array>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "adapters/config/strict_yaml.h"

namespace lintas::config::yaml {
namespace {

constexpr auto kRedisKeys =
    std::to_array<absl::string_view>({"address", "key_prefix", "partitions", "connections",
                                      "connect_timeout_ms", "command_timeout_ms"});
constexpr std::size_t kMaxKeyPrefixChars = 64;

}  // namespace

absl::Status ParseRedis(const YAML::Node& node, RedisConfig& out) {
  LINTAS_CONFIG_RETURN_IF_ERROR(CheckMapping(node, "redis", kRedisKeys));
  // The address is required unless LINTAS_REDIS_ADDRESS gives it; checked after the overrides.
  out.address.clear();
  LINTAS_CONFIG_RETURN_IF_ERROR(ReadStringInto(node, "redis", "address", out.address));
  LINTAS_CONFIG_RETURN_IF_ERROR(ReadStringInto(node, "redis", "key_prefix", out.key_prefix));
  const std::string& prefix = out.key_prefix;
  // Braces would start a second hash tag and scatter one case's keys over cluster slots.
  if (prefix.empty() || prefix.size() > kMaxKeyPrefixChars || !AllOf(prefix, [](char c) {
        return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' ||
               c == '.' || c == ':';
      })) {
    return Bad("redis.key_prefix",
               absl::StrCat("malformed '", prefix, "' (1-64 characters of A-Z a-z 0-9 _ - . :)"));
  }
  // Two digits in every hash tag ({p00}..{p99}) and in every case id.
  LINTAS_CONFIG_RETURN_IF_ERROR(ReadIntInto(node, "redis", "partitions", 1, 100, out.partitions));
  LINTAS_CONFIG_RETURN_IF_ERROR(ReadIntInto(node, "redis", "connections", 1, 16, out.connections));
  LINTAS_CONFIG_RETURN_IF_ERROR(
      ReadIntInto(node, "redis", "connect_timeout_ms", 1, 60000, out.connect_timeout_ms));
  return ReadIntInto(node, "redis", "command_timeout_ms", 1, 60000, out.command_timeout_ms);
}

}  // namespace lintas::config::yaml
