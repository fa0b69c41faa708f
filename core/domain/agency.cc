#include "core/domain/agency.h"

#include <array>
#include <utility>

namespace lintas::core {
namespace {

constexpr std::array<std::pair<AgencyKind, std::string_view>, 9> kKindNames{{
    {AgencyKind::kProtectionAgency, "protection_agency"},
    {AgencyKind::kPolice, "police"},
    {AgencyKind::kProvincialGovernment, "provincial_government"},
    {AgencyKind::kRegencyGovernment, "regency_government"},
    {AgencyKind::kVillageGovernment, "village_government"},
    {AgencyKind::kNgo, "ngo"},
    {AgencyKind::kFaithOrganisation, "faith_organisation"},
    {AgencyKind::kImmigration, "immigration"},
    {AgencyKind::kLabourOffice, "labour_office"},
}};

}  // namespace

std::string_view AgencyKindName(AgencyKind kind) {
  for (const auto& [k, name] : kKindNames) {
    if (k == kind) return name;
  }
  return "unknown";
}

bool ParseAgencyKind(std::string_view name, AgencyKind& out) {
  for (const auto& [k, n] : kKindNames) {
    if (n == name) {
      out = k;
      return true;
    }
  }
  return false;
}

bool AgencyRegistry::Add(Agency agency) {
  if (agency.id.empty()) return false;
  const std::string id = agency.id;
  return agencies_.emplace(id, std::move(agency)).second;
}

const Agency* AgencyRegistry::Find(std::string_view id) const {
  const auto it = agencies_.find(id);
  return it == agencies_.end() ? nullptr : &it->second;
}

}  // namespace lintas::core
