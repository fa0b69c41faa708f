#include "adapters/config/routing_rules.h"

#include <array>
#include <cstdint>
#include <map>
#include <string_view>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "adapters/config/agency_kinds.h"
#include "adapters/config/routing_match.h"
#include "adapters/config/strict_yaml.h"

namespace lintas::config::yaml {
namespace {

constexpr auto kRuleKeys =
    std::to_array<absl::string_view>({"id", "description", "match", "refer"});
constexpr auto kTargetKeys =
    std::to_array<absl::string_view>({"purpose", "kind", "agency", "ack_deadline"});
constexpr auto kDeadlineKeys =
    std::to_array<absl::string_view>({"minutes", "hours", "working_days"});

constexpr std::size_t kMaxDescriptionBytes = 500;
// A year either way. 260 working days is 52 weeks of five.
constexpr std::int64_t kMaxDeadlineHours = 365 * 24;
constexpr std::int64_t kMaxDeadlineMinutes = 24 * 60;  // longer: say it in hours
constexpr std::int64_t kMaxDeadlineWorkingDays = 260;

std::string KindNames() {
  std::vector<std::string_view> names;
  for (core::AgencyKind k : kAllKinds)
    names.push_back(core::AgencyKindName(k));
  return OneOf(names);
}

std::string PurposeNames() {
  // Purposes are numbered from 1 without gaps; the first number with no spelling ends the list.
  std::vector<std::string_view> names;
  for (int p = 1;; ++p) {
    const std::string_view name = core::ReferralPurposeName(static_cast<core::ReferralPurpose>(p));
    core::ReferralPurpose ignored = core::ReferralPurpose::kUnspecified;
    if (!core::ParseReferralPurpose(name, ignored)) break;
    names.push_back(name);
  }
  return OneOf(names);
}

absl::Status ParseTarget(const YAML::Node& node, const std::string& path,
                         const core::AgencyRegistry& agencies, core::RuleTarget& out) {
  LINTAS_CONFIG_RETURN_IF_ERROR(CheckMapping(node, path, kTargetKeys));

  const std::string ppath = Sub(path, "purpose");
  if (!node["purpose"]) return Bad(ppath, "required");
  std::string purpose;
  LINTAS_CONFIG_RETURN_IF_ERROR(ReadString(node["purpose"], ppath, purpose));
  if (!core::ParseReferralPurpose(purpose, out.purpose) ||
      out.purpose == core::ReferralPurpose::kUnspecified) {
    return Bad(ppath, absl::StrCat("unknown purpose '", purpose, "' (", PurposeNames(), ")"));
  }

  const YAML::Node kind = node["kind"];
  const YAML::Node agency = node["agency"];
  if (kind && agency) return Bad(path, "give either kind or agency, not both");
  if (!kind && !agency) return Bad(path, "kind or agency is required");
  if (agency) {
    const std::string apath = Sub(path, "agency");
    LINTAS_CONFIG_RETURN_IF_ERROR(ReadString(agency, apath, out.agency));
    if (agencies.Find(out.agency) == nullptr) {
      return Bad(apath, absl::StrCat("unknown agency '", out.agency, "'"));
    }
  } else {
    // One kind, or a list in preference order: [village_government, regency_government].
    const std::string kpath = Sub(path, "kind");
    const auto parse = [](const std::string& s, absl::string_view p, core::AgencyKind& v) {
      if (core::ParseAgencyKind(s, v)) return absl::OkStatus();
      return Bad(p, absl::StrCat("unknown kind '", s, "' (", KindNames(), ")"));
    };
    if (kind.IsScalar()) {
      core::AgencyKind v{};
      LINTAS_CONFIG_RETURN_IF_ERROR(parse(kind.Scalar(), kpath, v));
      out.kinds.push_back(v);
    } else {
      LINTAS_CONFIG_RETURN_IF_ERROR(ReadList(kind, kpath, "kind", parse, out.kinds));
    }
    // Kinds with no registered agency at all mean the target can never resolve: a typo in intent.
    bool any = false;
    for (const auto& [id, a] : agencies.all()) {
      for (core::AgencyKind k : out.kinds)
        any = any || a.kind == k;
    }
    if (!any) return Bad(kpath, "no registered agency has this kind");
  }

  const std::string dpath = Sub(path, "ack_deadline");
  if (!node["ack_deadline"]) return Bad(dpath, "required");
  return ParseDeadline(node["ack_deadline"], dpath, out.ack_deadline);
}

absl::Status ParseRule(const YAML::Node& node, const std::string& index_path,
                       const core::RegionDirectory& regions, const core::AgencyRegistry& agencies,
                       core::RoutingRule& out, std::string& label) {
  label = index_path;
  if (!node.IsMap()) return Bad(index_path, "expected a mapping");
  // The id comes first so that every later message can name the rule.
  if (!node["id"]) return Bad(Sub(index_path, "id"), "required");
  LINTAS_CONFIG_RETURN_IF_ERROR(ReadString(node["id"], Sub(index_path, "id"), out.id));
  if (!core::IsRuleId(out.id)) {
    return Bad(Sub(index_path, "id"),
               absl::StrCat("malformed '", out.id, "' (kebab-case: 1-64 of a-z 0-9 -)"));
  }
  label = absl::StrCat(index_path, " (", out.id, ")");
  LINTAS_CONFIG_RETURN_IF_ERROR(CheckMapping(node, label, kRuleKeys));

  const std::string dpath = Sub(label, "description");
  if (!node["description"]) return Bad(dpath, "required");
  LINTAS_CONFIG_RETURN_IF_ERROR(ReadString(node["description"], dpath, out.description));
  if (absl::StripAsciiWhitespace(out.description).empty()) return Bad(dpath, "required");
  if (out.description.size() > kMaxDescriptionBytes) return Bad(dpath, "longer than 500 bytes");

  // Required, even if empty: a rule for every case should say so with "match: {}".
  const std::string mpath = Sub(label, "match");
  if (!node["match"]) return Bad(mpath, "required (use {} to match every case)");
  LINTAS_CONFIG_RETURN_IF_ERROR(ParseMatch(node["match"], mpath, regions, out.match));

  const std::string rpath = Sub(label, "refer");
  const YAML::Node refer = node["refer"];
  if (!refer) return Bad(rpath, "required (at least one target)");
  if (!refer.IsSequence()) return Bad(rpath, "expected a list of targets");
  if (refer.size() == 0) return Bad(rpath, "required (at least one target)");
  for (std::size_t i = 0; i < refer.size(); ++i) {
    core::RuleTarget target;
    LINTAS_CONFIG_RETURN_IF_ERROR(ParseTarget(refer[i], Index(rpath, i), agencies, target));
    out.refer.push_back(std::move(target));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ParseDeadline(const YAML::Node& node, absl::string_view path, core::Deadline& out) {
  constexpr absl::string_view kExpected = "expected {minutes: N}, {hours: N} or {working_days: N}";
  if (!node.IsMap()) return Bad(path, kExpected);
  LINTAS_CONFIG_RETURN_IF_ERROR(CheckMapping(node, path, kDeadlineKeys));
  if (node.size() != 1) return Bad(path, kExpected);
  std::int64_t amount = 0;
  if (const YAML::Node m = node["minutes"]) {
    LINTAS_CONFIG_RETURN_IF_ERROR(ReadInt(m, Sub(path, "minutes"), 1, kMaxDeadlineMinutes, amount));
    out = {core::Deadline::Unit::kMinutes, static_cast<int>(amount)};
  } else if (const YAML::Node h = node["hours"]) {
    LINTAS_CONFIG_RETURN_IF_ERROR(ReadInt(h, Sub(path, "hours"), 1, kMaxDeadlineHours, amount));
    out = {core::Deadline::Unit::kHours, static_cast<int>(amount)};
  } else {
    LINTAS_CONFIG_RETURN_IF_ERROR(ReadInt(node["working_days"], Sub(path, "working_days"), 1,
                                          kMaxDeadlineWorkingDays, amount));
    out = {core::Deadline::Unit::kWorkingDays, static_cast<int>(amount)};
  }
  return absl::OkStatus();
}

absl::Status LoadRules(const std::string& file, const core::RegionDirectory& regions,
                       const core::AgencyRegistry& agencies, std::vector<core::RoutingRule>& out) {
  absl::StatusOr<std::string> text = ReadFile(file, "routing.rules_file");
  if (!text.ok()) return text.status();
  absl::StatusOr<YAML::Node> root = ParseYaml(*text, file, "routing.rules_file");
  if (!root.ok()) return root.status();
  // An empty list is allowed: every case then goes to triage.
  if (!root->IsSequence()) {
    return Bad("routing.rules_file", absl::StrCat("expected a list of rules in '", file, "'"));
  }
  std::map<std::string, std::string, std::less<>> seen;  // id -> where it was first defined
  for (std::size_t i = 0; i < root->size(); ++i) {
    core::RoutingRule rule;
    std::string label;
    LINTAS_CONFIG_RETURN_IF_ERROR(
        ParseRule((*root)[i], Index("routing.rules", i), regions, agencies, rule, label));
    if (const auto it = seen.find(rule.id); it != seen.end()) {
      return Bad(Sub(label, "id"), absl::StrCat("duplicate (also ", it->second, ")"));
    }
    seen.emplace(rule.id, Index("routing.rules", i));
    out.push_back(std::move(rule));
  }
  return absl::OkStatus();
}

}  // namespace lintas::config::yaml
