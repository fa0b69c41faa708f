#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace lintas::core {

enum class AgencyKind {
  kProtectionAgency,  // BP3MI / BP2MI
  kPolice,            // Polda, Polres
  kProvincialGovernment,
  kRegencyGovernment,  // kabupaten or kota
  kVillageGovernment,  // desa or kelurahan
  kNgo,
  kFaithOrganisation,
  kImmigration,
  kLabourOffice,  // Disnakertrans
};

// Config spelling of each kind ("protection_agency", "police", ...).
std::string_view AgencyKindName(AgencyKind kind);
bool ParseAgencyKind(std::string_view name, AgencyKind& out);

struct Agency {
  std::string id;  // e.g. "polda-ntt"
  AgencyKind kind = AgencyKind::kNgo;
  std::string name;
  std::vector<std::string> jurisdiction;  // region code prefixes
  std::string parent;                     // agency id one level up; empty at the top
  // Its certificates are no longer accepted (a compromised or retired agency system): every
  // call it makes is UNAUTHENTICATED. It stays registered so that old cases still name it.
  bool revoked = false;
};

// The agencies registered in config. An agency that is not here is denied everything.
class AgencyRegistry {
 public:
  // False when the id is empty or already present.
  bool Add(Agency agency);
  const Agency* Find(std::string_view id) const;
  const std::map<std::string, Agency, std::less<>>& all() const { return agencies_; }

 private:
  std::map<std::string, Agency, std::less<>> agencies_;
};

}  // namespace lintas::core
