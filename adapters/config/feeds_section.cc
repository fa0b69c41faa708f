#include "adapters/config/feeds_section.h"

#include <array>

#include "adapters/config/strict_yaml.h"

namespace lintas::config::yaml {
namespace {

constexpr auto kFeedsKeys = std::to_array<absl::string_view>(
    {"heartbeat_interval_ms", "slow_write_timeout_ms", "page_size", "render_threads"});

}  // namespace

absl::Status ParseFeeds(const YAML::Node& node, FeedsConfig& out) {
  LINTAS_CONFIG_RETURN_IF_ERROR(CheckMapping(node, "feeds", kFeedsKeys));
  LINTAS_CONFIG_RETURN_IF_ERROR(
      ReadIntInto(node, "feeds", "heartbeat_interval_ms", 100, 3600000, out.heartbeat_interval_ms));
  LINTAS_CONFIG_RETURN_IF_ERROR(
      ReadIntInto(node, "feeds", "slow_write_timeout_ms", 100, 3600000, out.slow_write_timeout_ms));
  LINTAS_CONFIG_RETURN_IF_ERROR(ReadIntInto(node, "feeds", "page_size", 1, 256, out.page_size));
  return ReadIntInto(node, "feeds", "render_threads", 1, 64, out.render_threads);
}

}  // namespace lintas::config::yaml
