#pragma once

#include <array>

#include "core/domain/agency.h"

namespace lintas::config::yaml {

// Every agency kind, in the order messages list them ("expected one of protection_agency, ...");
// used by the agencies section and by routing targets.
inline constexpr std::array<core::AgencyKind, 9> kAllKinds{
    core::AgencyKind::kProtectionAgency,     core::AgencyKind::kPolice,
    core::AgencyKind::kProvincialGovernment, core::AgencyKind::kRegencyGovernment,
    core::AgencyKind::kVillageGovernment,    core::AgencyKind::kNgo,
    core::AgencyKind::kFaithOrganisation,    core::AgencyKind::kImmigration,
    core::AgencyKind::kLabourOffice,
};

}  // namespace lintas::config::yaml
