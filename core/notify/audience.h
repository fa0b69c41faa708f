#pragma once

#include <string>
#include <vector>

#include "core/domain/agency.h"
#include "core/domain/case.h"
#include "core/events/case_events.h"

namespace lintas::core {

// Every agency that must hear of the event, sorted, each once:
// - a referral made: its target;
// - an escalation: the agency that did not answer and the one it now goes to (both sides);
// - a referral acted on, a status change, a triage decision, a likely duplicate, an enforcement
//   action: every agency on the case (the submitter and every referral's target) and the
//   coordinators (protection agencies in `agencies` whose jurisdiction covers the case), so that
//   all see one status;
// - a reporter's message or an answer to the reporter: the agencies that may converse with the
//   reporter (MayConverseWithReporter: BP3MI for the case, accepted referral holders);
// - a case received: nobody yet (routing decides who hears of it); an unknown event: nobody.
// `c` is the case as stored now, which may be later than the event: referrals are only ever
// added, so it names every agency the event concerns. The event's free text is not read.
std::vector<std::string> AudienceOf(const CaseEvent& event, const Case& c,
                                    const AgencyRegistry& agencies);

}  // namespace lintas::core
