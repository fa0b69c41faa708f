#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "tests/unit/adapters/config/config_test_support.h"

namespace lintas::config {
namespace {

TEST_F(RoutingConfigFiles, ValidRoutingLoads) {
  const absl::StatusOr<LintasdConfig> config = LoadLintasdConfig(config_, NoEnv());
  ASSERT_TRUE(config.ok()) << config.status();
  ASSERT_TRUE(config->routing.has_value());
  const RoutingConfig& r = *config->routing;
  EXPECT_EQ(r.rules_file, (dir_ / "rules.yaml").string());
  EXPECT_EQ(r.triage_agency, "bp3mi-ntt");
  EXPECT_EQ(r.triage_deadline.unit, core::Deadline::Unit::kWorkingDays);
  EXPECT_EQ(r.triage_deadline.amount, 3);
  EXPECT_EQ(r.utc_offset_hours, 8);  // default: WITA
  ASSERT_EQ(r.rules.size(), 2u);

  const core::RoutingRule& prevention = r.rules[0];
  EXPECT_EQ(prevention.id, "nonprocedural-prevention");
  EXPECT_EQ(prevention.match.categories,
            std::vector<core::Category>{core::Category::kNonProceduralDeparture});
  EXPECT_EQ(prevention.match.region_prefixes, std::vector<std::string>{"53.21"});
  EXPECT_FALSE(prevention.match.min_severity.has_value());
  EXPECT_FALSE(prevention.match.reported_persons_named.has_value());
  ASSERT_EQ(prevention.refer.size(), 1u);
  EXPECT_EQ(prevention.refer[0].purpose, core::ReferralPurpose::kPreventionOutreach);
  EXPECT_EQ(prevention.refer[0].kinds,
            (std::vector<core::AgencyKind>{core::AgencyKind::kVillageGovernment,
                                           core::AgencyKind::kRegencyGovernment}));
  EXPECT_EQ(prevention.refer[0].ack_deadline.unit, core::Deadline::Unit::kWorkingDays);
  EXPECT_EQ(prevention.refer[0].ack_deadline.amount, 5);

  const core::RoutingRule& deceased = r.rules[1];
  EXPECT_EQ(deceased.match.min_severity, core::Severity::kHigh);
  EXPECT_EQ(deceased.match.channels,
            (std::vector<core::Channel>{core::Channel::kAgencySystem, core::Channel::kHotline}));
  EXPECT_EQ(deceased.match.reported_persons_named, false);
  EXPECT_EQ(deceased.match.victim_needs_support, false);
  EXPECT_EQ(deceased.refer[0].agency, "bp3mi-ntt");
  EXPECT_TRUE(deceased.refer[0].kinds.empty());
  EXPECT_EQ(deceased.refer[0].ack_deadline.unit, core::Deadline::Unit::kHours);
  EXPECT_EQ(deceased.refer[0].ack_deadline.amount, 24);

  ASSERT_EQ(r.holidays.size(), 2u);
  EXPECT_EQ(r.holidays[0].date, (core::CivilDate{2026, 1, 1}));
  EXPECT_EQ(r.holidays[0].name, "Tahun Baru Masehi");
  EXPECT_EQ(r.holidays[0].kind, Holiday::Kind::kLibur);
  EXPECT_EQ(r.holidays[1].kind, Holiday::Kind::kCutiBersama);
}

TEST_F(RoutingConfigFiles, RoutingSectionIsOptionalAndDefaultsApply) {
  const std::string no_routing = Write("plain.yaml", std::string(kHead) + kAgencies);
  const absl::StatusOr<LintasdConfig> plain = LoadLintasdConfig(no_routing, NoEnv());
  ASSERT_TRUE(plain.ok()) << plain.status();
  EXPECT_FALSE(plain->routing.has_value());

  const std::string minimal =
      Write("minimal.yaml", std::string(kHead) + kAgencies +
                                "routing:\n  rules_file: rules.yaml\n  triage_agency: bp3mi-ntt\n");
  const absl::StatusOr<LintasdConfig> config = LoadLintasdConfig(minimal, NoEnv());
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->routing->triage_deadline.unit, core::Deadline::Unit::kWorkingDays);
  EXPECT_EQ(config->routing->triage_deadline.amount, 3);
  EXPECT_TRUE(config->routing->holidays_file.empty());
  EXPECT_TRUE(config->routing->holidays.empty());
}

TEST_F(RoutingConfigFiles, EmptyRulesFileMeansEverythingGoesToTriage) {
  Write("rules.yaml", "[]\n");
  const absl::StatusOr<LintasdConfig> config = LoadLintasdConfig(config_, NoEnv());
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_TRUE(config->routing->rules.empty());
}

TEST_F(RoutingConfigFiles, BadRoutingSectionsNameTheKey) {
  const std::string good = std::string(kHead) + kAgencies + kRouting;
  const std::vector<BadCase> cases = {
      {"unknown routing key", Replace(good, "  rules_file: rules.yaml", "  rule_file: rules.yaml"),
       "routing.rule_file: unknown key (expected one of rules_file, triage_agency,"},
      {"missing rules file", Replace(good, "  rules_file: rules.yaml\n", ""),
       "routing.rules_file: required"},
      {"unreadable rules file", Replace(good, "rules_file: rules.yaml", "rules_file: none.yaml"),
       "routing.rules_file: cannot read '"},
      {"missing triage agency", Replace(good, "  triage_agency: bp3mi-ntt\n", ""),
       "routing.triage_agency: required"},
      {"unknown triage agency", Replace(good, "triage_agency: bp3mi-ntt", "triage_agency: bp3mi"),
       "routing.triage_agency: unknown agency 'bp3mi'"},
      {"triage agency not BP3MI",
       Replace(good, "triage_agency: bp3mi-ntt", "triage_agency: pemprov-ntt"),
       "routing.triage_agency: 'pemprov-ntt' is a provincial_government; triage is BP3MI's"},
      {"zero triage deadline", Replace(good, "{working_days: 3}", "{working_days: 0}"),
       "routing.triage_deadline.working_days: must be between 1 and 260"},
      {"minutes out of range", Replace(good, "{working_days: 3}", "{minutes: 1441}"),
       "routing.triage_deadline.minutes: must be between 1 and 1440"},
      {"two units", Replace(good, "{working_days: 3}", "{minutes: 30, hours: 1}"),
       "routing.triage_deadline: expected {minutes: N}, {hours: N} or {working_days: N}"},
      {"triage deadline not a mapping", Replace(good, "{working_days: 3}", "3"),
       "routing.triage_deadline: expected {minutes: N}, {hours: N} or {working_days: N}"},
      {"offset out of range", good + "  utc_offset_hours: 15\n",
       "routing.utc_offset_hours: must be between -14 and 14"},
      {"unreadable holidays file", Replace(good, "holidays.yaml", "none.yaml"),
       "routing.holidays_file: cannot read '"},
  };
  for (const BadCase& c : cases) {
    const std::string path = Write("bad.yaml", c.config);
    const absl::Status status = LoadLintasdConfig(path, NoEnv()).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << c.what << ": " << status;
    EXPECT_TRUE(absl::StartsWith(status.message(), c.prefix))
        << c.what << "\n  want prefix: " << c.prefix << "\n  got:         " << status.message();
  }
}

// What lintasd does on SIGHUP: re-read only the routing section against the agencies it runs with.
TEST_F(RoutingConfigFiles, ReloadReadsNewRulesAndRefusesBadOnes) {
  const absl::StatusOr<LintasdConfig> config = LoadLintasdConfig(config_, NoEnv());
  ASSERT_TRUE(config.ok()) << config.status();

  Write("rules.yaml", std::string(kRules) + R"(- id: other-to-bp3mi
  description: Everything else to BP3MI as information.
  match: {}
  refer:
    - purpose: information
      agency: bp3mi-ntt
      ack_deadline: {working_days: 5}
)");
  absl::StatusOr<RoutingConfig> reloaded =
      LoadRoutingConfig(config_, config->regions, config->agencies);
  ASSERT_TRUE(reloaded.ok()) << reloaded.status();
  ASSERT_EQ(reloaded->rules.size(), 3u);
  EXPECT_EQ(reloaded->rules[2].id, "other-to-bp3mi");
  EXPECT_EQ(reloaded->holidays.size(), 2u);

  Write("rules.yaml", Replace(kRules, "agency: bp3mi-ntt", "agency: polda-ntt"));
  reloaded = LoadRoutingConfig(config_, config->regions, config->agencies);
  EXPECT_EQ(reloaded.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(reloaded.status().message(),
            "routing.rules[1] (deceased-repatriation).refer[0].agency: unknown agency 'polda-ntt'");

  // A reload cannot switch routing off: the service that asked for it needs rules.
  const std::string without = Write("without.yaml", std::string(kHead) + kAgencies);
  EXPECT_EQ(LoadRoutingConfig(without, config->regions, config->agencies).status().message(),
            "routing: required");
  // A broken main file is refused the same way, never thrown.
  const std::string broken = Write("broken.yaml", "routing: [\n");
  EXPECT_TRUE(absl::StartsWith(
      LoadRoutingConfig(broken, config->regions, config->agencies).status().message(),
      "config: syntax error in '"));
}

}  // namespace
}  // namespace lintas::config
