#include "adapters/config/intake_section.h"

#include <array>

#include "adapters/config/strict_yaml.h"

namespace lintas::config::yaml {
namespace {

constexpr auto kIntakeKeys = std::to_array<absl::string_view>(
    {"max_reported_persons", "max_narrative_chars", "max_name_chars", "max_short_text_chars"});

}  // namespace

absl::Status ParseIntake(const YAML::Node& node, core::CaseLimits& out) {
  LINTAS_CONFIG_RETURN_IF_ERROR(CheckMapping(node, "intake", kIntakeKeys));
  LINTAS_CONFIG_RETURN_IF_ERROR(
      ReadIntInto(node, "intake", "max_reported_persons", 1, 1000, out.max_reported_persons));
  LINTAS_CONFIG_RETURN_IF_ERROR(
      ReadIntInto(node, "intake", "max_narrative_chars", 1, 100000, out.max_narrative_chars));
  LINTAS_CONFIG_RETURN_IF_ERROR(
      ReadIntInto(node, "intake", "max_name_chars", 1, 1000, out.max_name_chars));
  return ReadIntInto(node, "intake", "max_short_text_chars", 1, 1000, out.max_short_text_chars);
}

}  // namespace lintas::config::yaml
