#include "adapters/config/workers_section.h"

#include <array>

#include "adapters/config/strict_yaml.h"

namespace lintas::config::yaml {
namespace {

constexpr auto kWorkersKeys = std::to_array<absl::string_view>(
    {"claim_idle_ms", "trim_interval_ms", "idle_consumer_removal_ms"});
constexpr std::int64_t kThirtyDaysMs = std::int64_t{30} * 24 * 3600000;

}  // namespace

absl::Status ParseWorkers(const YAML::Node& node, WorkersConfig& out) {
  LINTAS_CONFIG_RETURN_IF_ERROR(CheckMapping(node, "workers", kWorkersKeys));
  LINTAS_CONFIG_RETURN_IF_ERROR(
      ReadIntInto(node, "workers", "claim_idle_ms", 1000, 3600000, out.claim_idle_ms));
  LINTAS_CONFIG_RETURN_IF_ERROR(
      ReadIntInto(node, "workers", "trim_interval_ms", 100, 3600000, out.trim_interval_ms));
  return ReadIntInto(node, "workers", "idle_consumer_removal_ms", 1000, kThirtyDaysMs,
                     out.idle_consumer_removal_ms);
}

}  // namespace lintas::config::yaml
