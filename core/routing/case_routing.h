#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/agency.h"
#include "core/domain/case.h"
#include "core/events/case_events.h"
#include "core/routing/routing_policy.h"
#include "core/sla/deadline_spec.h"
#include "core/sla/working_calendar.h"

namespace lintas::core {

// The change routing makes to a newly received case: one ReferralRequested per planned referral
// (ids r1, r2, ... after any the case has; status REQUESTED; acknowledgement due per its rule's
// deadline on `calendar`), DuplicateSuspected first when other open cases share the subject's
// NIK, and CaseStatusChanged when the derived status moves (RECEIVED -> REFERRED).
CaseChange RouteCase(const Case& c, const std::vector<PlannedReferral>& plan,
                     const std::vector<std::string>& suspected_duplicates,
                     const WorkingCalendar& calendar, Timestamp now);

// Everything escalation needs besides the case.
struct EscalationPolicy {
  const AgencyRegistry& agencies;
  std::string coordinator;  // BP3MI: where chains without a parent end
  Deadline deadline;        // for the escalation referral's own acknowledgement
  const WorkingCalendar& calendar;
};

// When referral `referral_id` is still REQUESTED (nobody acknowledged it), was not escalated
// yet, and its acknowledgement deadline has passed: a new referral for the same purpose to the
// next agency up (village -> regency -> province -> BP3MI; Polres -> Polda -> BP3MI), the
// original marked escalated (it stays open: its agency may still act), a ReferralEscalated event
// naming both, and the status change if any. nullopt when there is nothing to do: the referral
// moved on, was escalated before, is not due, or has nowhere higher to go.
std::optional<CaseChange> EscalateOverdue(const Case& c, std::string_view referral_id,
                                          const EscalationPolicy& policy, Timestamp now);

// True while referral `referral_id` still waits for its deadline: REQUESTED, not escalated, and
// not yet due at `now`. Its scheduled deadline must then be kept, not dropped, when
// EscalateOverdue had nothing to do.
bool AwaitsDeadline(const Case& c, std::string_view referral_id, Timestamp now);

}  // namespace lintas::core
