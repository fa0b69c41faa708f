#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/agency.h"
#include "core/domain/case.h"
#include "core/domain/referral.h"
#include "core/routing/routing_rule.h"
#include "core/sla/deadline_spec.h"

namespace lintas::core {

// One referral the policy asks routing to make.
struct PlannedReferral {
  ReferralPurpose purpose = ReferralPurpose::kUnspecified;
  std::string target_agency;
  std::string rule_id;  // empty for the triage fallback
  Deadline deadline;

  friend bool operator==(const PlannedReferral& a, const PlannedReferral& b) {
    return a.purpose == b.purpose && a.target_agency == b.target_agency && a.rule_id == b.rule_id &&
           a.deadline.unit == b.deadline.unit && a.deadline.amount == b.deadline.amount;
  }
};

// A target of a matching rule that no registered agency could take, so routing can log it.
// The reason names kinds, agency ids and the region code only: no personal data.
struct SkippedTarget {
  std::string rule_id;
  std::size_t target_index = 0;  // into the rule's `refer` list
  ReferralPurpose purpose = ReferralPurpose::kUnspecified;
  std::string reason;
};

struct RoutingPlan {
  std::vector<PlannedReferral> referrals;
  std::vector<SkippedTarget> skipped;
  std::vector<std::string> matched_rules;  // in rule order
  bool triaged = false;                    // nothing matched or resolved: the triage fallback
};

// The agency of the first kind in `kinds` that covers `region_code`; nullptr when none does.
// Within a kind the most specific one wins (the longest jurisdiction prefix covering the region),
// so a Polres beats the Polda and a village government beats nothing else of its kind; equally
// specific agencies are broken by id so that every routing instance picks the same one.
const Agency* ResolveTarget(const AgencyRegistry& agencies, const std::vector<AgencyKind>& kinds,
                            std::string_view region_code);

// Which agencies a case goes to, for what and by when. Pure and deterministic: the same case and
// rules give the same plan in every routing instance, which is what makes redelivered events
// idempotent. Built from validated config (adapters/config); it trusts the triage agency exists.
class RoutingPolicy {
 public:
  RoutingPolicy(std::vector<RoutingRule> rules, AgencyRegistry agencies, std::string triage_agency,
                Deadline triage_deadline);

  // Every matching rule contributes its targets, in rule order then target order. A target that
  // resolves to no agency is skipped. The same purpose for the same agency is one referral,
  // keeping the earliest deadline (see EarlierDeadline) and the rule that set it. When nothing
  // is left, one kTriage referral to the triage agency.
  std::vector<PlannedReferral> Plan(const Case& c) const { return Explain(c).referrals; }
  // The same plan, with what was skipped and why.
  RoutingPlan Explain(const Case& c) const;

  const std::vector<RoutingRule>& rules() const { return rules_; }
  const AgencyRegistry& agencies() const { return agencies_; }
  const std::string& triage_agency() const { return triage_agency_; }
  const Deadline& triage_deadline() const { return triage_deadline_; }

 private:
  std::vector<RoutingRule> rules_;
  AgencyRegistry agencies_;
  std::string triage_agency_;
  Deadline triage_deadline_;
};

// True when `a` certainly or most likely falls before `b`, without a calendar (the policy has
// none; core/sla does). Same unit: the smaller amount. Mixed units: a working day counts as 24
// hours, its shortest possible length, and on a tie the hours deadline wins because weekends and
// holidays cannot stretch it.
bool EarlierDeadline(const Deadline& a, const Deadline& b);

}  // namespace lintas::core
