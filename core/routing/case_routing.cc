#include "core/routing/case_routing.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "core/referral/referral_lifecycle.h"
#include "core/sla/deadline.h"
#include "core/sla/escalation.h"
#include "core/util/string_view.h"

namespace lintas::core {
namespace {

constexpr char kRoutingActor[] = "routing";

std::string NextReferralId(const Case& c) {
  return absl::StrCat("r", c.referrals.size() + 1);
}

// Referral `referral_id` of `c` while it still waits for an acknowledgement (REQUESTED, not
// escalated); null otherwise.
const Referral* Unacknowledged(const Case& c, std::string_view referral_id) {
  const auto it = std::find_if(c.referrals.begin(), c.referrals.end(),
                               [&](const Referral& r) { return r.id == referral_id; });
  if (it == c.referrals.end() || it->status != ReferralStatus::kRequested || it->escalated) {
    return nullptr;
  }
  return &*it;
}

}  // namespace

CaseChange RouteCase(const Case& c, const std::vector<PlannedReferral>& plan,
                     const std::vector<std::string>& suspected_duplicates,
                     const WorkingCalendar& calendar, Timestamp now) {
  CaseChange change{c, c.version, {}};
  Case& after = change.after;
  if (!suspected_duplicates.empty()) {
    after.suspected_duplicates = suspected_duplicates;
    change.events.push_back(DuplicateSuspectedEvent{suspected_duplicates});
  }
  for (const auto& planned : plan) {
    Referral r;
    r.id = NextReferralId(after);
    r.case_id = c.id;
    r.purpose = planned.purpose;
    r.target_agency = planned.target_agency;
    r.requested_by = kRoutingActor;
    r.rule_id = planned.rule_id;
    r.status = ReferralStatus::kRequested;
    r.requested_at = r.updated_at = now;
    r.ack_deadline = DueAt(now, planned.deadline, calendar);
    after.referrals.push_back(r);
    change.events.push_back(ReferralRequestedEvent{std::move(r)});
  }
  FinishCaseChange(change, now);
  return change;
}

bool AwaitsDeadline(const Case& c, std::string_view referral_id, Timestamp now) {
  const Referral* r = Unacknowledged(c, referral_id);
  return r != nullptr && !IsDue(r->ack_deadline, now);
}

std::optional<CaseChange> EscalateOverdue(const Case& c, std::string_view referral_id,
                                          const EscalationPolicy& policy, Timestamp now) {
  const Referral* due = Unacknowledged(c, referral_id);
  if (due == nullptr || !IsDue(due->ack_deadline, now)) return std::nullopt;
  const auto target = EscalationTarget(policy.agencies, due->target_agency, policy.coordinator);
  if (!target) return std::nullopt;

  CaseChange change{c, c.version, {}};
  Case& after = change.after;
  Referral& original = after.referrals[static_cast<size_t>(due - c.referrals.data())];
  original.escalated = true;
  original.updated_at = now;
  Referral escalation;
  escalation.id = NextReferralId(after);
  escalation.case_id = c.id;
  escalation.purpose = original.purpose;
  escalation.target_agency = *target;
  escalation.requested_by = kRoutingActor;
  escalation.rule_id = original.rule_id;
  escalation.status = ReferralStatus::kRequested;
  escalation.requested_at = escalation.updated_at = now;
  escalation.ack_deadline = DueAt(now, policy.deadline, policy.calendar);
  escalation.escalated_from = original.id;
  change.events.push_back(
      ReferralEscalatedEvent{original.id, escalation.id, *target,
                             absl::StrCat(AsAbsl(original.target_agency),
                                          " did not acknowledge the referral by its deadline")});
  after.referrals.push_back(escalation);
  change.events.push_back(ReferralRequestedEvent{std::move(escalation)});
  FinishCaseChange(change, now);
  return change;
}

}  // namespace lintas::core
