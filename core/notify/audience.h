#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/domain/agency.h"
#include "core/domain/case.h"

namespace lintas::core {

// The kinds of case event an agency may have to hear of.
enum class CaseEventKind {
  kCaseReceived,
  kReferralRequested,
  kReferralUpdated,
  kReferralEscalated,
  kCaseStatusChanged,
  kDuplicateSuspected,
  kCaseTriaged,
  kEnforcementActionReported,
  kOther,
};

// What the notification audience depends on, besides the case.
struct EventFacts {
  CaseEventKind kind = CaseEventKind::kOther;
  std::string referral_id;  // ReferralRequested / Updated / Escalated: the referral concerned
  std::string to_agency;    // ReferralEscalated: where it went
};

// Every agency that must hear of the event, sorted, each once:
// - a referral made: its target;
// - an escalation: the agency that did not answer and the one it now goes to (both sides);
// - a referral acted on, a status change, a triage decision, a likely duplicate, an enforcement
//   action: every agency on the case (the submitter and every referral's target) and the
//   coordinators (protection agencies in `agencies` whose jurisdiction covers the case), so that
//   all see one status;
// - a case received: nobody yet (routing decides who hears of it).
// `c` is the case as stored now, which may be later than the event: referrals are only ever
// added, so it names every agency the event concerns.
std::vector<std::string> AudienceOf(const EventFacts& event, const Case& c,
                                    const AgencyRegistry& agencies);

}  // namespace lintas::core
