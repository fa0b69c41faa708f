#include "core/routing/routing_policy.h"

#include <cstdint>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/domain/region_directory.h"
#include "core/util/string_view.h"

namespace lintas::core {
namespace {

// How specific `agency`'s coverage of `region_code` is: the length of its longest jurisdiction
// prefix covering the code, or 0 when none does. Codes have fixed-width segments, so a longer
// covering prefix is always a lower administrative level.
std::size_t Specificity(const Agency& agency, std::string_view region_code) {
  std::size_t best = 0;
  for (const std::string& prefix : agency.jurisdiction) {
    if (prefix.size() > best && RegionDirectory::Covers(prefix, region_code)) best = prefix.size();
  }
  return best;
}

// The shortest a deadline can be, in minutes: a working day counts as 24 hours.
std::int64_t MinimumMinutes(const Deadline& d) {
  switch (d.unit) {
    case Deadline::Unit::kMinutes:
      return d.amount;
    case Deadline::Unit::kHours:
      return std::int64_t{d.amount} * 60;
    case Deadline::Unit::kWorkingDays:
      return std::int64_t{d.amount} * 24 * 60;
  }
  return d.amount;
}

std::string KindList(const std::vector<AgencyKind>& kinds) {
  std::vector<absl::string_view> names;
  for (AgencyKind k : kinds)
    names.push_back(AsAbsl(AgencyKindName(k)));
  return absl::StrJoin(names, ", ");
}

}  // namespace

const Agency* ResolveTarget(const AgencyRegistry& agencies, const std::vector<AgencyKind>& kinds,
                            std::string_view region_code) {
  for (AgencyKind kind : kinds) {
    const Agency* best = nullptr;
    std::size_t best_specificity = 0;
    // all() is ordered by id and only a strictly more specific agency replaces the current one,
    // so ties go to the smallest id.
    for (const auto& [id, agency] : agencies.all()) {
      if (agency.kind != kind) continue;
      const std::size_t s = Specificity(agency, region_code);
      if (s > best_specificity) {
        best = &agency;
        best_specificity = s;
      }
    }
    if (best != nullptr) return best;
  }
  return nullptr;
}

bool EarlierDeadline(const Deadline& a, const Deadline& b) {
  if (a.unit == b.unit) return a.amount < b.amount;
  const std::int64_t ma = MinimumMinutes(a);
  const std::int64_t mb = MinimumMinutes(b);
  if (ma != mb) return ma < mb;
  // Elapsed time beats working days on a tie: weekends cannot stretch it.
  return a.unit != Deadline::Unit::kWorkingDays && b.unit == Deadline::Unit::kWorkingDays;
}

RoutingPolicy::RoutingPolicy(std::vector<RoutingRule> rules, AgencyRegistry agencies,
                             std::string triage_agency, Deadline triage_deadline)
    : rules_(std::move(rules)),
      agencies_(std::move(agencies)),
      triage_agency_(std::move(triage_agency)),
      triage_deadline_(triage_deadline) {}

RoutingPlan RoutingPolicy::Explain(const Case& c) const {
  RoutingPlan plan;
  for (const RoutingRule& rule : rules_) {
    if (!Matches(rule.match, c)) continue;
    plan.matched_rules.push_back(rule.id);
    for (std::size_t i = 0; i < rule.refer.size(); ++i) {
      const RuleTarget& target = rule.refer[i];
      const Agency* agency = nullptr;
      std::string reason;
      if (!target.agency.empty()) {
        agency = agencies_.Find(target.agency);
        // An explicit agency still has to cover the case: jurisdiction is also what limits who
        // may read a case, and a referral would hand it outside that.
        if (agency == nullptr) {
          reason = absl::StrCat("agency '", target.agency, "' is not registered");
        } else if (Specificity(*agency, c.region_code) == 0) {
          reason = absl::StrCat("agency '", target.agency, "' does not cover region '",
                                AsAbsl(c.region_code), "'");
          agency = nullptr;
        }
      } else {
        agency = ResolveTarget(agencies_, target.kinds, c.region_code);
        if (agency == nullptr) {
          reason = absl::StrCat("no agency of kind ", KindList(target.kinds), " covers region '",
                                AsAbsl(c.region_code), "'");
        }
      }
      if (agency == nullptr) {
        plan.skipped.push_back({rule.id, i, target.purpose, std::move(reason)});
        continue;
      }

      PlannedReferral* same = nullptr;
      for (PlannedReferral& p : plan.referrals) {
        if (p.purpose == target.purpose && p.target_agency == agency->id) same = &p;
      }
      if (same == nullptr) {
        plan.referrals.push_back({target.purpose, agency->id, rule.id, target.ack_deadline});
      } else if (EarlierDeadline(target.ack_deadline, same->deadline)) {
        // One referral per purpose and agency: two with different clocks would escalate twice.
        same->deadline = target.ack_deadline;
        same->rule_id = rule.id;
      }
    }
  }
  if (plan.referrals.empty()) {
    plan.referrals.push_back({ReferralPurpose::kTriage, triage_agency_, "", triage_deadline_});
    plan.triaged = true;
  }
  return plan;
}

}  // namespace lintas::core
