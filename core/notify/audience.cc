#include "core/notify/audience.h"

#include <algorithm>

#include "core/domain/region_directory.h"

namespace lintas::core {
namespace {

const Referral* FindReferral(const Case& c, std::string_view id) {
  for (const auto& r : c.referrals) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

}  // namespace

std::vector<std::string> AudienceOf(const EventFacts& event, const Case& c,
                                    const AgencyRegistry& agencies) {
  std::vector<std::string> out;
  switch (event.kind) {
    case CaseEventKind::kCaseReceived:
    case CaseEventKind::kOther:
      break;
    case CaseEventKind::kReferralRequested:
      if (const Referral* r = FindReferral(c, event.referral_id)) out.push_back(r->target_agency);
      break;
    case CaseEventKind::kReferralEscalated:
      if (const Referral* r = FindReferral(c, event.referral_id)) out.push_back(r->target_agency);
      if (!event.to_agency.empty()) out.push_back(event.to_agency);
      break;
    case CaseEventKind::kReferralUpdated:
    case CaseEventKind::kCaseStatusChanged:
    case CaseEventKind::kDuplicateSuspected:
    case CaseEventKind::kCaseTriaged:
    case CaseEventKind::kEnforcementActionReported:
      if (!c.submitted_by.empty()) out.push_back(c.submitted_by);
      for (const auto& r : c.referrals)
        out.push_back(r.target_agency);
      for (const auto& [id, agency] : agencies.all()) {
        if (agency.kind != AgencyKind::kProtectionAgency) continue;
        for (const auto& prefix : agency.jurisdiction) {
          if (RegionDirectory::Covers(prefix, c.region_code)) {
            out.push_back(id);
            break;
          }
        }
      }
      break;
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace lintas::core
