#include "adapters/config/routing_section.h"

#include <array>

#include "absl/strings/str_cat.h"
#include "adapters/config/config_file.h"
#include "adapters/config/holidays_file.h"
#include "adapters/config/routing_rules.h"
#include "adapters/config/strict_yaml.h"
#include "core/util/string_view.h"

namespace lintas::config {
namespace yaml {
namespace {

namespace fs = std::filesystem;

constexpr auto kRoutingKeys = std::to_array<absl::string_view>(
    {"rules_file", "triage_agency", "triage_deadline", "holidays_file", "utc_offset_hours"});

absl::StatusOr<RoutingConfig> LoadRoutingOnly(const std::string& path,
                                              const core::RegionDirectory& regions,
                                              const core::AgencyRegistry& agencies) {
  absl::StatusOr<YAML::Node> root = ReadConfigRoot(path);
  if (!root.ok()) return root.status();
  const YAML::Node routing = (*root)["routing"];
  if (!routing) return Bad("routing", "required");
  absl::StatusOr<fs::path> dir = ConfigDir(path);
  if (!dir.ok()) return dir.status();
  return ParseRouting(routing, *dir, regions, agencies);
}

}  // namespace

absl::StatusOr<RoutingConfig> ParseRouting(const YAML::Node& node, const fs::path& config_dir,
                                           const core::RegionDirectory& regions,
                                           const core::AgencyRegistry& agencies) {
  LINTAS_CONFIG_RETURN_IF_ERROR(CheckMapping(node, "routing", kRoutingKeys));
  RoutingConfig out;

  // The triage agency first: rules are useless if the fallback is broken.
  if (!node["triage_agency"]) return Bad("routing.triage_agency", "required");
  LINTAS_CONFIG_RETURN_IF_ERROR(
      ReadString(node["triage_agency"], "routing.triage_agency", out.triage_agency));
  const core::Agency* triage = agencies.Find(out.triage_agency);
  if (triage == nullptr) {
    return Bad("routing.triage_agency", absl::StrCat("unknown agency '", out.triage_agency, "'"));
  }
  if (triage->kind != core::AgencyKind::kProtectionAgency) {
    return Bad(
        "routing.triage_agency",
        absl::StrCat("'", out.triage_agency, "' is a ", AsAbsl(core::AgencyKindName(triage->kind)),
                     "; triage is BP3MI's (kind protection_agency)"));
  }
  if (const YAML::Node n = node["triage_deadline"]) {
    LINTAS_CONFIG_RETURN_IF_ERROR(ParseDeadline(n, "routing.triage_deadline", out.triage_deadline));
  }
  LINTAS_CONFIG_RETURN_IF_ERROR(
      ReadIntInto(node, "routing", "utc_offset_hours", -14, 14, out.utc_offset_hours));

  if (!node["rules_file"]) return Bad("routing.rules_file", "required");
  LINTAS_CONFIG_RETURN_IF_ERROR(
      ReadString(node["rules_file"], "routing.rules_file", out.rules_file));
  if (out.rules_file.empty()) return Bad("routing.rules_file", "required");
  out.rules_file = Resolve(config_dir, out.rules_file);
  LINTAS_CONFIG_RETURN_IF_ERROR(LoadRules(out.rules_file, regions, agencies, out.rules));

  if (const YAML::Node n = node["holidays_file"]) {
    LINTAS_CONFIG_RETURN_IF_ERROR(ReadString(n, "routing.holidays_file", out.holidays_file));
    if (out.holidays_file.empty()) return Bad("routing.holidays_file", "empty (omit the key)");
    out.holidays_file = Resolve(config_dir, out.holidays_file);
    LINTAS_CONFIG_RETURN_IF_ERROR(LoadHolidays(out.holidays_file, out.holidays));
  }
  return out;
}

}  // namespace yaml

absl::StatusOr<RoutingConfig> LoadRoutingConfig(const std::string& path,
                                                const core::RegionDirectory& regions,
                                                const core::AgencyRegistry& agencies) {
  // Same as at start: a malformed reload must come back as an error, never end the process.
  try {
    return yaml::LoadRoutingOnly(path, regions, agencies);
  } catch (const YAML::Exception& e) {
    return yaml::Bad("config", absl::StrCat("cannot load '", path, "': ", e.what()));
  }
}

}  // namespace lintas::config
