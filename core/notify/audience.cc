#include "core/notify/audience.h"

#include <algorithm>
#include <string_view>

#include "core/access/disclosure.h"
#include "core/domain/region_directory.h"
#include "core/events/case_event_visitor.h"

namespace lintas::core {
namespace {

const Referral* FindReferral(const Case& c, std::string_view id) {
  for (const auto& r : c.referrals) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

// Appends to `out` who hears of each event type (unsorted, maybe twice).
struct Audience {
  const Case& c;
  const AgencyRegistry& agencies;
  std::vector<std::string>& out;

  void TargetOf(std::string_view referral_id) const {
    if (const Referral* r = FindReferral(c, referral_id)) out.push_back(r->target_agency);
  }
  void EveryoneOnTheCase() const {
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
  }

  void ConversationParties() const {
    for (const auto& [id, agency] : agencies.all()) {
      if (MayConverseWithReporter(agency, c)) out.push_back(id);
    }
  }

  void operator()(const CaseReceivedEvent&) const {}
  void operator()(const UnknownEvent&) const {}
  void operator()(const ReferralRequestedEvent& e) const { TargetOf(e.referral.id); }
  void operator()(const ReferralEscalatedEvent& e) const {
    TargetOf(e.referral_id);
    if (!e.to_agency.empty()) out.push_back(e.to_agency);
  }
  void operator()(const ReferralUpdatedEvent&) const { EveryoneOnTheCase(); }
  void operator()(const CaseStatusChangedEvent&) const { EveryoneOnTheCase(); }
  void operator()(const DuplicateSuspectedEvent&) const { EveryoneOnTheCase(); }
  void operator()(const CaseTriagedEvent&) const { EveryoneOnTheCase(); }
  void operator()(const EnforcementActionReportedEvent&) const { EveryoneOnTheCase(); }
  void operator()(const ReporterMessageAddedEvent&) const { ConversationParties(); }
  void operator()(const ReporterAnsweredEvent&) const { ConversationParties(); }
};
static_assert(HandlesEveryCaseEvent<Audience>);

}  // namespace

std::vector<std::string> AudienceOf(const CaseEvent& event, const Case& c,
                                    const AgencyRegistry& agencies) {
  std::vector<std::string> out;
  std::visit(Audience{c, agencies, out}, event);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace lintas::core
