#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/agency.h"
#include "core/domain/case.h"
#include "core/domain/referral.h"
#include "core/sla/deadline_spec.h"

namespace lintas::core {

// When a rule applies. Every condition that is set must hold; an unset one matches any case.
// Lists mean "any of".
struct RuleMatch {
  std::vector<Category> categories;
  std::optional<Severity> min_severity;      // the case's severity is at least this
  std::vector<std::string> region_prefixes;  // Kemendagri codes; see RegionDirectory::Covers
  std::vector<Channel> channels;
  std::optional<bool> reported_persons_named;  // see HasNamedReportedPerson
  std::optional<bool> victim_needs_support;    // subject.needs_support
};

// One referral a matching rule asks for. Exactly one of `kinds` and `agency` is set.
struct RuleTarget {
  ReferralPurpose purpose = ReferralPurpose::kUnspecified;
  // In preference order: the first kind with an agency covering the case's region wins.
  std::vector<AgencyKind> kinds;
  std::string agency;  // an explicit agency id instead of a kind
  Deadline ack_deadline;
};

struct RoutingRule {
  std::string id;  // kebab-case, unique among the rules
  std::string description;
  RuleMatch match;
  std::vector<RuleTarget> refer;
};

// True when at least one reported person has a name or a phone number: something the police can
// follow up. A role alone ("calo") identifies nobody.
bool HasNamedReportedPerson(const Case& c);

bool Matches(const RuleMatch& match, const Case& c);

// kebab-case: 1-64 of a-z 0-9 and single inner hyphens ("tppo-enforcement").
bool IsRuleId(std::string_view id);

// Config spellings, snake_case like agency kinds and referral purposes: "non_procedural_departure",
// "critical", "public_web". The unspecified values have no spelling, so config cannot name them.
std::string_view CategoryName(Category c);
bool ParseCategory(std::string_view name, Category& out);
std::string_view SeverityName(Severity s);
bool ParseSeverity(std::string_view name, Severity& out);
std::string_view ChannelName(Channel c);
bool ParseChannel(std::string_view name, Channel& out);

// Every spelling, in enum order, for "expected one of ..." messages.
std::vector<std::string_view> CategoryNames();
std::vector<std::string_view> SeverityNames();
std::vector<std::string_view> ChannelNames();

}  // namespace lintas::core
