#include "adapters/config/routing_match.h"

#include <array>
#include <utility>

#include "absl/strings/str_cat.h"
#include "adapters/config/strict_yaml.h"

namespace lintas::config::yaml {
namespace {

// The routing predicates. A new one is a key here, a branch in ParseMatch, a field of
// core::RuleMatch and a line of core::Matches (docs/architecture.md, "Add a routing predicate").
constexpr auto kMatchKeys =
    std::to_array<absl::string_view>({"categories", "min_severity", "regions", "channels",
                                      "reported_persons_named", "victim_needs_support"});

}  // namespace

absl::Status ParseMatch(const YAML::Node& node, const std::string& path,
                        const core::RegionDirectory& regions, core::RuleMatch& out) {
  LINTAS_CONFIG_RETURN_IF_ERROR(CheckMapping(node, path, kMatchKeys));
  if (const YAML::Node n = node["categories"]) {
    LINTAS_CONFIG_RETURN_IF_ERROR(ReadList(
        n, Sub(path, "categories"), "category",
        [](const std::string& s, absl::string_view p, core::Category& v) {
          if (core::ParseCategory(s, v)) return absl::OkStatus();
          return Bad(
              p, absl::StrCat("unknown category '", s, "' (", OneOf(core::CategoryNames()), ")"));
        },
        out.categories));
  }
  if (const YAML::Node n = node["min_severity"]) {
    const std::string spath = Sub(path, "min_severity");
    std::string s;
    LINTAS_CONFIG_RETURN_IF_ERROR(ReadString(n, spath, s));
    core::Severity v{};
    if (!core::ParseSeverity(s, v)) {
      return Bad(spath,
                 absl::StrCat("unknown severity '", s, "' (", OneOf(core::SeverityNames()), ")"));
    }
    out.min_severity = v;
  }
  if (const YAML::Node n = node["regions"]) {
    LINTAS_CONFIG_RETURN_IF_ERROR(ReadList(
        n, Sub(path, "regions"), "region code",
        [&regions](const std::string& s, absl::string_view p, std::string& v) {
          if (!core::RegionDirectory::IsWellFormed(s)) {
            return Bad(p, absl::StrCat("malformed region code '", s, "'"));
          }
          // A code the directory does not know would silently match nothing.
          if (!regions.Contains(s)) {
            return Bad(p, absl::StrCat("region '", s, "' is not in regions_file"));
          }
          v = s;
          return absl::OkStatus();
        },
        out.region_prefixes));
  }
  if (const YAML::Node n = node["channels"]) {
    LINTAS_CONFIG_RETURN_IF_ERROR(ReadList(
        n, Sub(path, "channels"), "channel",
        [](const std::string& s, absl::string_view p, core::Channel& v) {
          if (core::ParseChannel(s, v)) return absl::OkStatus();
          return Bad(p,
                     absl::StrCat("unknown channel '", s, "' (", OneOf(core::ChannelNames()), ")"));
        },
        out.channels));
  }
  for (const auto& [key, field] : {std::pair{"reported_persons_named", &out.reported_persons_named},
                                   std::pair{"victim_needs_support", &out.victim_needs_support}}) {
    if (!node[key]) continue;
    bool v = false;
    LINTAS_CONFIG_RETURN_IF_ERROR(ReadBoolInto(node, path, key, v));
    *field = v;
  }
  return absl::OkStatus();
}

}  // namespace lintas::config::yaml
