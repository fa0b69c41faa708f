#include "adapters/config/agencies_section.h"

#include <array>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "adapters/config/agency_kinds.h"
#include "adapters/config/strict_yaml.h"
#include "adapters/config/webhook_section.h"

namespace lintas::config::yaml {
namespace {

namespace fs = std::filesystem;

constexpr auto kAgencyKeys = std::to_array<absl::string_view>(
    {"id", "kind", "name", "jurisdiction", "parent", "revoked", "webhook"});
constexpr std::size_t kMaxAgencyIdChars = 64;

// Government agencies act for one administrative level; a mismatch is nearly always a typo.
std::optional<core::RegionDirectory::Level> RequiredLevel(core::AgencyKind kind) {
  switch (kind) {
    case core::AgencyKind::kProvincialGovernment:
      return core::RegionDirectory::Level::kProvince;
    case core::AgencyKind::kRegencyGovernment:
      return core::RegionDirectory::Level::kRegency;
    case core::AgencyKind::kVillageGovernment:
      return core::RegionDirectory::Level::kVillage;
    default:
      return std::nullopt;
  }
}

absl::string_view LevelName(core::RegionDirectory::Level level) {
  switch (level) {
    case core::RegionDirectory::Level::kProvince:
      return "province";
    case core::RegionDirectory::Level::kRegency:
      return "regency";
    case core::RegionDirectory::Level::kDistrict:
      return "district";
    case core::RegionDirectory::Level::kVillage:
      return "village";
  }
  return "unknown";
}

bool IsAgencyId(absl::string_view id) {
  return !id.empty() && id.size() <= kMaxAgencyIdChars && AllOf(id, [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

absl::Status ParseAgency(const YAML::Node& entry, const std::string& path,
                         const core::RegionDirectory& regions, const fs::path& config_dir,
                         core::Agency& out, std::optional<WebhookConfig>& webhook) {
  LINTAS_CONFIG_RETURN_IF_ERROR(CheckMapping(entry, path, kAgencyKeys));

  if (!entry["id"]) return Bad(Sub(path, "id"), "required");
  LINTAS_CONFIG_RETURN_IF_ERROR(ReadString(entry["id"], Sub(path, "id"), out.id));
  if (!IsAgencyId(out.id)) {
    return Bad(Sub(path, "id"),
               absl::StrCat("malformed '", out.id, "' (1-64 characters of a-z 0-9 -)"));
  }

  if (!entry["kind"]) return Bad(Sub(path, "kind"), "required");
  std::string kind;
  LINTAS_CONFIG_RETURN_IF_ERROR(ReadString(entry["kind"], Sub(path, "kind"), kind));
  if (!core::ParseAgencyKind(kind, out.kind)) {
    std::vector<std::string> names;
    for (core::AgencyKind k : kAllKinds)
      names.emplace_back(core::AgencyKindName(k));
    return Bad(Sub(path, "kind"), absl::StrCat("unknown kind '", kind, "' (expected one of ",
                                               absl::StrJoin(names, ", "), ")"));
  }

  if (!entry["name"]) return Bad(Sub(path, "name"), "required");
  LINTAS_CONFIG_RETURN_IF_ERROR(ReadString(entry["name"], Sub(path, "name"), out.name));
  LINTAS_CONFIG_RETURN_IF_ERROR(CheckName(out.name, Sub(path, "name")));

  const std::string jpath = Sub(path, "jurisdiction");
  const YAML::Node jurisdiction = entry["jurisdiction"];
  if (!jurisdiction) return Bad(jpath, "required");
  if (!jurisdiction.IsSequence()) return Bad(jpath, "expected a list of region codes");
  if (jurisdiction.size() == 0) return Bad(jpath, "at least one region code is required");
  const std::optional<core::RegionDirectory::Level> level = RequiredLevel(out.kind);
  for (std::size_t j = 0; j < jurisdiction.size(); ++j) {
    const std::string cpath = Index(jpath, j);
    if (!jurisdiction[j].IsScalar()) return Bad(cpath, "expected a region code");
    std::string code = jurisdiction[j].Scalar();
    if (!core::RegionDirectory::IsWellFormed(code)) {
      return Bad(cpath, absl::StrCat("malformed region code '", code, "'"));
    }
    if (!regions.Contains(code)) {
      return Bad(cpath, absl::StrCat("region '", code, "' is not in regions_file"));
    }
    if (level && core::RegionDirectory::LevelOf(code) != level) {
      return Bad(cpath, absl::StrCat("a ", kind, " covers ", LevelName(*level), " codes, not '",
                                     code, "'"));
    }
    for (const std::string& earlier : out.jurisdiction) {
      if (earlier == code) return Bad(cpath, absl::StrCat("duplicate '", code, "'"));
    }
    out.jurisdiction.push_back(std::move(code));
  }

  const YAML::Node parent = entry["parent"];
  // Null ("parent:" or "parent: ~") reads as "no parent", like an omitted key.
  if (parent && !parent.IsNull()) {
    LINTAS_CONFIG_RETURN_IF_ERROR(ReadString(parent, Sub(path, "parent"), out.parent));
  }
  LINTAS_CONFIG_RETURN_IF_ERROR(ReadBoolInto(entry, path, "revoked", out.revoked));
  if (const YAML::Node w = entry["webhook"]) {
    webhook.emplace();
    LINTAS_CONFIG_RETURN_IF_ERROR(ParseWebhook(w, Sub(path, "webhook"), config_dir, *webhook));
  }
  return absl::OkStatus();
}

// Checks parents once every id is known, so the list may name a parent below its children.
absl::Status CheckParents(const std::vector<core::Agency>& agencies) {
  std::map<absl::string_view, std::size_t> index;
  for (std::size_t i = 0; i < agencies.size(); ++i)
    index.emplace(agencies[i].id, i);

  for (std::size_t i = 0; i < agencies.size(); ++i) {
    const std::string& parent = agencies[i].parent;
    if (!parent.empty() && !index.contains(parent)) {
      return Bad(Sub(Index("agencies", i), "parent"),
                 absl::StrCat("unknown agency '", parent, "'"));
    }
  }
  // Escalation climbs parents until it reaches the top; a cycle would make it climb forever.
  for (std::size_t i = 0; i < agencies.size(); ++i) {
    std::vector<absl::string_view> chain{agencies[i].id};
    std::size_t at = i;
    for (std::size_t step = 0; step < agencies.size() && !agencies[at].parent.empty(); ++step) {
      at = index.at(agencies[at].parent);
      chain.push_back(agencies[at].id);
      if (at == i) {
        return Bad(Sub(Index("agencies", i), "parent"),
                   absl::StrCat("cycle ", absl::StrJoin(chain, " -> ")));
      }
    }
  }
  // Escalating to an agency that has no say over the case's region helps nobody.
  for (std::size_t i = 0; i < agencies.size(); ++i) {
    if (agencies[i].parent.empty()) continue;
    const core::Agency& parent = agencies[index.at(agencies[i].parent)];
    for (const std::string& code : agencies[i].jurisdiction) {
      bool covered = false;
      for (const std::string& prefix : parent.jurisdiction) {
        covered = covered || core::RegionDirectory::Covers(prefix, code);
      }
      if (!covered) {
        return Bad(Sub(Index("agencies", i), "parent"),
                   absl::StrCat("'", parent.id, "' does not cover region '", code, "'"));
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ParseAgencies(const YAML::Node& node, const core::RegionDirectory& regions,
                           const fs::path& config_dir, core::AgencyRegistry& out,
                           std::map<std::string, WebhookConfig, std::less<>>& webhooks) {
  if (!node) return Bad("agencies", "required (at least one agency)");
  if (!node.IsSequence()) return Bad("agencies", "expected a list");
  if (node.size() == 0) return Bad("agencies", "required (at least one agency)");

  std::vector<core::Agency> agencies;
  std::set<std::string, std::less<>> ids;
  bool has_coordinator = false;
  for (std::size_t i = 0; i < node.size(); ++i) {
    const std::string path = Index("agencies", i);
    core::Agency agency;
    std::optional<WebhookConfig> webhook;
    LINTAS_CONFIG_RETURN_IF_ERROR(ParseAgency(node[i], path, regions, config_dir, agency, webhook));
    if (!ids.insert(agency.id).second) {
      return Bad(Sub(path, "id"), absl::StrCat("duplicate '", agency.id, "'"));
    }
    if (webhook) webhooks.emplace(agency.id, *std::move(webhook));
    has_coordinator = has_coordinator || agency.kind == core::AgencyKind::kProtectionAgency;
    agencies.push_back(std::move(agency));
  }
  if (!has_coordinator) {
    return Bad("agencies",
               "at least one agency of kind protection_agency is required (BP3MI coordinates "
               "triage)");
  }
  LINTAS_CONFIG_RETURN_IF_ERROR(CheckParents(agencies));
  for (core::Agency& agency : agencies) {
    const std::string id = agency.id;
    if (!out.Add(std::move(agency))) return Bad("agencies", absl::StrCat("rejected '", id, "'"));
  }
  return absl::OkStatus();
}

}  // namespace lintas::config::yaml
