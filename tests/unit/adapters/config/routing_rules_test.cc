#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "tests/unit/adapters/config/config_test_support.h"

namespace lintas::config {
namespace {

struct RuleCase {
  const char* what;
  std::string rules;
  const char* prefix;  // the message must start with this
};

TEST_F(RoutingConfigFiles, BadRulesNameTheRuleAndKey) {
  const std::string good = kRules;
  const std::vector<RuleCase> cases = {
      {"unknown kind in a list",
       Replace(good, "[village_government, regency_government]", "[village_government, polis]"),
       "routing.rules[0] (nonprocedural-prevention).refer[0].kind[1]: unknown kind 'polis' "
       "(expected one of protection_agency, police,"},
      {"unknown single kind",
       Replace(good, "kind: [village_government, regency_government]", "kind: polis"),
       "routing.rules[0] (nonprocedural-prevention).refer[0].kind: unknown kind 'polis'"},
      {"kind nobody has",
       Replace(good, "kind: [village_government, regency_government]",
               "kind: [police, immigration]"),
       "routing.rules[0] (nonprocedural-prevention).refer[0].kind: no registered agency has this "
       "kind"},
      {"repeated kind",
       Replace(good, "[village_government, regency_government]",
               "[village_government, village_government]"),
       "routing.rules[0] (nonprocedural-prevention).refer[0].kind[1]: duplicate "
       "'village_government'"},
      {"unknown agency", Replace(good, "agency: bp3mi-ntt", "agency: bp3mi-jatim"),
       "routing.rules[1] (deceased-repatriation).refer[0].agency: unknown agency 'bp3mi-jatim'"},
      {"kind and agency",
       Replace(good, "      agency: bp3mi-ntt\n",
               "      agency: bp3mi-ntt\n      kind: protection_agency\n"),
       "routing.rules[1] (deceased-repatriation).refer[0]: give either kind or agency, not both"},
      {"neither kind nor agency", Replace(good, "      agency: bp3mi-ntt\n", ""),
       "routing.rules[1] (deceased-repatriation).refer[0]: kind or agency is required"},
      {"unknown category", Replace(good, "[non_procedural_departure]", "[nonprocedural]"),
       "routing.rules[0] (nonprocedural-prevention).match.categories[0]: unknown category "
       "'nonprocedural' (expected one of non_procedural_departure, trafficking,"},
      {"empty category list", Replace(good, "[non_procedural_departure]", "[]"),
       "routing.rules[0] (nonprocedural-prevention).match.categories: at least one category is "
       "required"},
      {"unknown purpose", Replace(good, "purpose: repatriation", "purpose: rescue"),
       "routing.rules[1] (deceased-repatriation).refer[0].purpose: unknown purpose 'rescue' "
       "(expected one of enforcement, victim_support,"},
      {"missing purpose",
       Replace(good, "    - purpose: repatriation\n      agency", "    - agency"),
       "routing.rules[1] (deceased-repatriation).refer[0].purpose: required"},
      {"unknown severity", Replace(good, "min_severity: high", "min_severity: urgent"),
       "routing.rules[1] (deceased-repatriation).match.min_severity: unknown severity 'urgent' "
       "(expected one of low, medium, high, critical)"},
      {"unknown channel", Replace(good, "[agency_system, hotline]", "[agency_system, whatsapp]"),
       "routing.rules[1] (deceased-repatriation).match.channels[1]: unknown channel 'whatsapp'"},
      {"unknown region", Replace(good, "[\"53.21\"]", "[\"53.99\"]"),
       "routing.rules[0] (nonprocedural-prevention).match.regions[0]: region '53.99' is not in "
       "regions_file"},
      {"malformed region", Replace(good, "[\"53.21\"]", "[\"5321\"]"),
       "routing.rules[0] (nonprocedural-prevention).match.regions[0]: malformed region code "
       "'5321'"},
      {"yes is not a bool",
       Replace(good, "victim_needs_support: false", "victim_needs_support: no"),
       "routing.rules[1] (deceased-repatriation).match.victim_needs_support: expected true or "
       "false"},
      {"duplicate rule id",
       Replace(good, "id: deceased-repatriation", "id: nonprocedural-prevention"),
       "routing.rules[1] (nonprocedural-prevention).id: duplicate (also routing.rules[0])"},
      {"malformed rule id", Replace(good, "id: deceased-repatriation", "id: Deceased_Repatriation"),
       "routing.rules[1].id: malformed 'Deceased_Repatriation' (kebab-case"},
      {"missing rule id",
       Replace(good, "- id: deceased-repatriation\n  description", "- description"),
       "routing.rules[1].id: required"},
      {"missing description", Replace(good, "  description: Bodies come home through BP3MI.\n", ""),
       "routing.rules[1] (deceased-repatriation).description: required"},
      {"missing match",
       Replace(good,
               "  match:\n    categories: [non_procedural_departure]\n    regions: [\"53.21\"]\n",
               ""),
       "routing.rules[0] (nonprocedural-prevention).match: required (use {} to match every case)"},
      {"empty targets",
       Replace(good,
               "  refer:\n    - purpose: repatriation\n      agency: bp3mi-ntt\n      "
               "ack_deadline: {hours: 24}\n",
               "  refer: []\n"),
       "routing.rules[1] (deceased-repatriation).refer: required (at least one target)"},
      {"missing deadline", Replace(good, "      ack_deadline: {hours: 24}\n", ""),
       "routing.rules[1] (deceased-repatriation).refer[0].ack_deadline: required"},
      {"zero hours", Replace(good, "{hours: 24}", "{hours: 0}"),
       "routing.rules[1] (deceased-repatriation).refer[0].ack_deadline.hours: must be between 1 "
       "and 8760"},
      {"negative hours", Replace(good, "{hours: 24}", "{hours: -4}"),
       "routing.rules[1] (deceased-repatriation).refer[0].ack_deadline.hours: must be between 1 "
       "and 8760"},
      {"more than a year of hours", Replace(good, "{hours: 24}", "{hours: 8761}"),
       "routing.rules[1] (deceased-repatriation).refer[0].ack_deadline.hours: must be between 1 "
       "and 8760"},
      {"more than a year of working days",
       Replace(good, "{working_days: 5}", "{working_days: 261}"),
       "routing.rules[0] (nonprocedural-prevention).refer[0].ack_deadline.working_days: must be "
       "between 1 and 260"},
      {"two units", Replace(good, "{hours: 24}", "{hours: 24, working_days: 1}"),
       "routing.rules[1] (deceased-repatriation).refer[0].ack_deadline: expected {minutes: N}, "
       "{hours: N} or {working_days: N}"},
      {"unknown unit", Replace(good, "{hours: 24}", "{days: 1}"),
       "routing.rules[1] (deceased-repatriation).refer[0].ack_deadline.days: unknown key"},
      {"unknown rule key",
       Replace(good, "  description: Bodies come home through BP3MI.\n",
               "  description: Bodies come home through BP3MI.\n  priority: 1\n"),
       "routing.rules[1] (deceased-repatriation).priority: unknown key (expected one of id, "
       "description, match, refer)"},
      {"unknown match key", Replace(good, "    regions: [\"53.21\"]", "    region: [\"53.21\"]"),
       "routing.rules[0] (nonprocedural-prevention).match.region: unknown key"},
      {"unknown target key",
       Replace(good, "      agency: bp3mi-ntt\n", "      agency: bp3mi-ntt\n      urgent: true\n"),
       "routing.rules[1] (deceased-repatriation).refer[0].urgent: unknown key"},
      {"rule not a mapping", good + "- just a string\n", "routing.rules[2]: expected a mapping"},
      {"rules not a list", "rules: []\n", "routing.rules_file: expected a list of rules in '"},
      {"syntax", Replace(good, "[agency_system, hotline]", "[agency_system, hotline"),
       "routing.rules_file: syntax error in '"},
  };
  ASSERT_GE(cases.size(), 20u);
  for (const RuleCase& c : cases) {
    Write("rules.yaml", c.rules);
    const absl::Status status = LoadLintasdConfig(config_, NoEnv()).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << c.what << ": " << status;
    EXPECT_TRUE(absl::StartsWith(status.message(), c.prefix))
        << c.what << "\n  want prefix: " << c.prefix << "\n  got:         " << status.message();
  }
}

}  // namespace
}  // namespace lintas::config
