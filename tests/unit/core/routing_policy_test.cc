#include "core/routing/routing_policy.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "adapters/config/lintasd_config.h"

namespace lintas::core {
namespace {

using Kind = AgencyKind;
using Unit = Deadline::Unit;

constexpr Deadline Hours(int n) {
  return {Unit::kHours, n};
}
constexpr Deadline WorkingDays(int n) {
  return {Unit::kWorkingDays, n};
}
constexpr Deadline Minutes(int n) {
  return {Unit::kMinutes, n};
}

// A small NTT registry with real Kemendagri codes. Deliberate gaps: Ende (53.08) has no Polres
// here, Sumba Tengah (53.17) is covered by Polres Sumba Barat, only Wehali has a village
// government, TTS has no regency labour office, and nothing of kind faith_organisation or
// immigration covers Sumba.
AgencyRegistry TestAgencies() {
  AgencyRegistry r;
  const std::vector<Agency> agencies = {
      {"bp3mi-ntt", Kind::kProtectionAgency, "BP3MI NTT", {"53"}, ""},
      {"pemprov-ntt", Kind::kProvincialGovernment, "Pemprov NTT", {"53"}, "bp3mi-ntt"},
      {"pemkab-malaka", Kind::kRegencyGovernment, "Pemkab Malaka", {"53.21"}, "pemprov-ntt"},
      {"pemkab-tts", Kind::kRegencyGovernment, "Pemkab TTS", {"53.02"}, "pemprov-ntt"},
      {"desa-wehali", Kind::kVillageGovernment, "Desa Wehali", {"53.21.01.2006"}, "pemkab-malaka"},
      {"disnakertrans-ntt", Kind::kLabourOffice, "Disnakertrans NTT", {"53"}, "pemprov-ntt"},
      {"disnakertrans-malaka", Kind::kLabourOffice, "Disnakertrans Malaka", {"53.21"}, ""},
      {"polda-ntt", Kind::kPolice, "Polda NTT", {"53"}, ""},
      {"polres-malaka", Kind::kPolice, "Polres Malaka", {"53.21"}, "polda-ntt"},
      {"polres-tts", Kind::kPolice, "Polres TTS", {"53.02"}, "polda-ntt"},
      {"polres-sumba-barat", Kind::kPolice, "Polres Sumba Barat", {"53.12", "53.17"}, "polda-ntt"},
      {"kanim-atambua", Kind::kImmigration, "Kanim Atambua", {"53.03", "53.04", "53.21"}, ""},
      {"kanim-kupang", Kind::kImmigration, "Kanim Kupang", {"53.02", "53.71"}, ""},
      {"sinode-gmit", Kind::kFaithOrganisation, "Sinode GMIT", {"53.02", "53.21"}, ""},
      // Two province-wide NGOs: equally specific, so the id decides.
      {"rumah-perempuan-kupang", Kind::kNgo, "Rumah Perempuan Kupang", {"53"}, ""},
      {"j-ruk", Kind::kNgo, "J-RUK", {"53"}, ""},
  };
  for (const Agency& a : agencies)
    EXPECT_TRUE(r.Add(a)) << a.id;
  return r;
}

RuleTarget ByKind(ReferralPurpose p, std::vector<Kind> kinds, Deadline d) {
  return {p, std::move(kinds), "", d};
}
RuleTarget ToAgency(ReferralPurpose p, std::string agency, Deadline d) {
  return {p, {}, std::move(agency), d};
}

std::vector<RoutingRule> TestRules() {
  using P = ReferralPurpose;
  std::vector<RoutingRule> rules;
  RoutingRule r;

  r = {"calo-enforcement", "named broker to police", {}, {}};
  r.match.categories = {Category::kTrafficking, Category::kIllegalRecruitment};
  r.match.reported_persons_named = true;
  r.refer = {ByKind(P::kEnforcement, {Kind::kPolice}, Hours(24))};
  rules.push_back(r);

  r = {"calo-enforcement-critical", "critical: faster", {}, {}};
  r.match.categories = {Category::kTrafficking, Category::kIllegalRecruitment};
  r.match.min_severity = Severity::kCritical;
  r.match.reported_persons_named = true;
  r.refer = {ByKind(P::kEnforcement, {Kind::kPolice}, Hours(4))};
  rules.push_back(r);

  r = {"victim-support", "shelter", {}, {}};
  r.match.victim_needs_support = true;
  r.refer = {ByKind(P::kVictimSupport, {Kind::kFaithOrganisation, Kind::kNgo}, Hours(24))};
  rules.push_back(r);

  r = {"nonprocedural-prevention", "village then regency; labour office", {}, {}};
  r.match.categories = {Category::kNonProceduralDeparture};
  r.refer = {ByKind(P::kPreventionOutreach, {Kind::kVillageGovernment, Kind::kRegencyGovernment},
                    WorkingDays(5)),
             ByKind(P::kPreventionOutreach, {Kind::kLabourOffice}, WorkingDays(5))};
  rules.push_back(r);

  r = {"deceased", "BP3MI brings the body home; regency supports the family", {}, {}};
  r.match.categories = {Category::kDeceasedRepatriation};
  r.refer = {ToAgency(P::kRepatriation, "bp3mi-ntt", Hours(24)),
             ByKind(P::kReintegration, {Kind::kRegencyGovernment}, WorkingDays(5))};
  rules.push_back(r);

  r = {"public-tip", "public tips about calo to police", {}, {}};
  r.match.categories = {Category::kIllegalRecruitment};
  r.match.channels = {Channel::kPublicWeb};
  r.refer = {ByKind(P::kInformation, {Kind::kPolice}, WorkingDays(5))};
  rules.push_back(r);

  r = {"stranded", "documents checked by immigration", {}, {}};
  r.match.categories = {Category::kStrandedOrAbusedAbroad};
  r.refer = {ByKind(P::kDocumentVerification, {Kind::kImmigration}, WorkingDays(3))};
  rules.push_back(r);

  r = {"wage-malaka", "an explicit agency that covers only Malaka", {}, {}};
  r.match.categories = {Category::kWageOrContractDispute};
  r.refer = {ToAgency(P::kInformation, "disnakertrans-malaka", WorkingDays(5))};
  rules.push_back(r);

  r = {"fraud-police", "document fraud to police", {}, {}};
  r.match.categories = {Category::kDocumentFraud};
  r.refer = {ByKind(P::kEnforcement, {Kind::kPolice}, WorkingDays(5))};
  rules.push_back(r);

  r = {"fraud-police-high", "serious document fraud: hours", {}, {}};
  r.match.categories = {Category::kDocumentFraud};
  r.match.min_severity = Severity::kHigh;
  r.refer = {ByKind(P::kEnforcement, {Kind::kPolice}, Hours(72))};
  rules.push_back(r);

  r = {"kantong-malaka-ende", "sending regencies: the province is told", {}, {}};
  r.match.categories = {Category::kNonProceduralDeparture};
  r.match.region_prefixes = {"53.21", "53.08"};
  r.refer = {ByKind(P::kInformation, {Kind::kProvincialGovernment}, WorkingDays(5))};
  rules.push_back(r);

  return rules;
}

RoutingPolicy TestPolicy() {
  return RoutingPolicy(TestRules(), TestAgencies(), "bp3mi-ntt", WorkingDays(3));
}

// A case with nothing personal in it beyond what the rules look at.
struct CaseSpec {
  // broker: nullopt for no reported person, "" for one with a role only, else a name.
  CaseSpec(Category category = Category::kOther, Severity severity = Severity::kMedium,
           std::string region = "53.21.01.2006", Channel channel = Channel::kAgencySystem,
           std::optional<std::string> broker = std::nullopt, bool needs_support = false)
      : category(category),
        severity(severity),
        region(std::move(region)),
        channel(channel),
        broker(std::move(broker)),
        needs_support(needs_support) {}
  Category category;
  Severity severity;
  std::string region;
  Channel channel;
  std::optional<std::string> broker;
  bool needs_support;
};

Case MakeCase(const CaseSpec& s) {
  Case c;
  c.id = "test-case";
  c.category = s.category;
  c.severity = s.severity;
  c.region_code = s.region;
  c.channel = s.channel;
  c.subject.needs_support = s.needs_support;
  if (s.broker) c.reported_persons.push_back({*s.broker, "", "", "calo"});
  return c;
}

// "purpose agency rule deadline", e.g. "enforcement polres-malaka calo-enforcement 24h".
std::string Show(const PlannedReferral& p) {
  return std::string(ReferralPurposeName(p.purpose)) + " " + p.target_agency + " " +
         (p.rule_id.empty() ? "-" : p.rule_id) + " " + std::to_string(p.deadline.amount) +
         (p.deadline.unit == Unit::kHours ? "h" : "wd");
}

struct PlanCase {
  const char* name;
  CaseSpec spec;
  std::vector<std::string> want;
};

constexpr char kWehali[] = "53.21.01.2006";  // Malaka, a desa with its own village government
constexpr char kBarene[] = "53.21.01.2001";  // Malaka, a desa with none registered
constexpr char kKuatae[] = "53.02.01.2012";  // TTS, no village government registered
constexpr char kSumbaTengah[] = "53.17";     // no Polres of its own
constexpr char kEnde[] = "53.08";            // no Polres in this registry
constexpr char kSikka[] = "53.07";           // no regency government in this registry
const char* const kTriage = "triage bp3mi-ntt - 3wd";

TEST(RoutingPolicy, PlansMatchTheTable) {
  using C = Category;
  using S = Severity;
  const std::vector<PlanCase> cases = {
      {"named broker goes to the Polres of the regency",
       {C::kTrafficking, S::kHigh, kWehali, Channel::kAgencySystem, "Bento"},
       {"enforcement polres-malaka calo-enforcement 24h"}},
      {"district-level code resolves the same",
       {C::kIllegalRecruitment, S::kMedium, "53.21.01", Channel::kAgencySystem, "Bento"},
       {"enforcement polres-malaka calo-enforcement 24h"}},
      {"Sumba Tengah goes to Polres Sumba Barat",
       {C::kTrafficking, S::kHigh, kSumbaTengah, Channel::kAgencySystem, "Bento"},
       {"enforcement polres-sumba-barat calo-enforcement 24h"}},
      {"regency without a Polres in the registry goes to Polda",
       {C::kTrafficking, S::kHigh, kEnde, Channel::kAgencySystem, "Bento"},
       {"enforcement polda-ntt calo-enforcement 24h"}},
      {"critical: the two enforcement rules merge, keeping 4h",
       {C::kTrafficking, S::kCritical, kWehali, Channel::kAgencySystem, "Bento"},
       {"enforcement polres-malaka calo-enforcement-critical 4h"}},
      {"high is below the critical minimum",
       {C::kIllegalRecruitment, S::kHigh, kKuatae, Channel::kAgencySystem, "Bento"},
       {"enforcement polres-tts calo-enforcement 24h"}},
      {"unspecified severity meets no minimum",
       {C::kTrafficking, S::kUnspecified, kWehali, Channel::kAgencySystem, "Bento"},
       {"enforcement polres-malaka calo-enforcement 24h"}},
      {"unnamed broker (a role only) is not enforcement: triage",
       {C::kTrafficking, S::kCritical, kWehali, Channel::kAgencySystem, ""},
       {kTriage}},
      {"no reported person at all: triage",
       {C::kTrafficking, S::kHigh, kWehali, Channel::kAgencySystem, std::nullopt},
       {kTriage}},
      {"named broker plus a victim in need: police and shelter",
       {C::kTrafficking, S::kHigh, kWehali, Channel::kAgencySystem, "Bento", true},
       {"enforcement polres-malaka calo-enforcement 24h",
        "victim_support sinode-gmit victim-support 24h"}},
      {"no church covers Sumba: NGO, the tie broken by id",
       {C::kOther, S::kLow, kSumbaTengah, Channel::kHotline, std::nullopt, true},
       {"victim_support j-ruk victim-support 24h"}},
      {"non-procedural in a village with its own government",
       {C::kNonProceduralDeparture, S::kMedium, kWehali},
       {"prevention_outreach desa-wehali nonprocedural-prevention 5wd",
        "prevention_outreach disnakertrans-malaka nonprocedural-prevention 5wd",
        "information pemprov-ntt kantong-malaka-ende 5wd"}},
      {"village without a government falls back to the regency",
       {C::kNonProceduralDeparture, S::kMedium, kBarene},
       {"prevention_outreach pemkab-malaka nonprocedural-prevention 5wd",
        "prevention_outreach disnakertrans-malaka nonprocedural-prevention 5wd",
        "information pemprov-ntt kantong-malaka-ende 5wd"}},
      {"regency without its own labour office: the provincial one; region rule off",
       {C::kNonProceduralDeparture, S::kMedium, kKuatae},
       {"prevention_outreach pemkab-tts nonprocedural-prevention 5wd",
        "prevention_outreach disnakertrans-ntt nonprocedural-prevention 5wd"}},
      {"no village or regency government: that target is skipped, the rest stay",
       {C::kNonProceduralDeparture, S::kMedium, kSikka},
       {"prevention_outreach disnakertrans-ntt nonprocedural-prevention 5wd"}},
      {"region prefix rule matches Ende",
       {C::kNonProceduralDeparture, S::kMedium, kEnde},
       {"prevention_outreach disnakertrans-ntt nonprocedural-prevention 5wd",
        "information pemprov-ntt kantong-malaka-ende 5wd"}},
      {"deceased: BP3MI repatriation and the regency",
       {C::kDeceasedRepatriation, S::kHigh, kWehali},
       {"repatriation bp3mi-ntt deceased 24h", "reintegration pemkab-malaka deceased 5wd"}},
      {"deceased where no regency government is registered: BP3MI only",
       {C::kDeceasedRepatriation, S::kHigh, kEnde},
       {"repatriation bp3mi-ntt deceased 24h"}},
      {"channel filter: a public web tip without names reaches the police",
       {C::kIllegalRecruitment, S::kLow, kKuatae, Channel::kPublicWeb, std::nullopt},
       {"information polres-tts public-tip 5wd"}},
      {"channel filter: the same tip by hotline does not",
       {C::kIllegalRecruitment, S::kLow, kKuatae, Channel::kHotline, std::nullopt},
       {kTriage}},
      {"named public tip: enforcement and information are separate purposes",
       {C::kIllegalRecruitment, S::kLow, kKuatae, Channel::kPublicWeb, "Bento"},
       {"enforcement polres-tts calo-enforcement 24h", "information polres-tts public-tip 5wd"}},
      {"stranded: the immigration office for the regency",
       {C::kStrandedOrAbusedAbroad, S::kHigh, kWehali},
       {"document_verification kanim-atambua stranded 3wd"}},
      {"stranded where no immigration office is registered: triage",
       {C::kStrandedOrAbusedAbroad, S::kHigh, kSumbaTengah},
       {kTriage}},
      {"explicit agency inside its jurisdiction",
       {C::kWageOrContractDispute, S::kMedium, kBarene},
       {"information disnakertrans-malaka wage-malaka 5wd"}},
      {"explicit agency outside its jurisdiction is skipped: triage",
       {C::kWageOrContractDispute, S::kMedium, kKuatae},
       {kTriage}},
      {"mixed units merge: 72 hours is earlier than 5 working days",
       {C::kDocumentFraud, S::kHigh, kKuatae},
       {"enforcement polres-tts fraud-police-high 72h"}},
      {"below the minimum only the working-day rule applies",
       {C::kDocumentFraud, S::kMedium, kKuatae},
       {"enforcement polres-tts fraud-police 5wd"}},
      {"nothing matches: triage to BP3MI", {C::kOther, S::kLow, kWehali}, {kTriage}},
      {"a malformed region resolves nothing: triage",
       {C::kTrafficking, S::kHigh, "5321", Channel::kAgencySystem, "Bento"},
       {kTriage}},
  };
  ASSERT_GE(cases.size(), 20u);

  const RoutingPolicy policy = TestPolicy();
  for (const PlanCase& c : cases) {
    std::vector<std::string> got;
    for (const PlannedReferral& p : policy.Plan(MakeCase(c.spec)))
      got.push_back(Show(p));
    EXPECT_EQ(got, c.want) << c.name;
  }
}

TEST(RoutingPolicy, PhoneAloneNamesABroker) {
  Case c = MakeCase({Category::kTrafficking, Severity::kHigh, kWehali});
  c.reported_persons.push_back({"", "+6281200001001", "", "calo"});
  EXPECT_TRUE(HasNamedReportedPerson(c));
  ASSERT_EQ(TestPolicy().Plan(c).size(), 1u);
  EXPECT_EQ(Show(TestPolicy().Plan(c)[0]), "enforcement polres-malaka calo-enforcement 24h");

  c.reported_persons = {{"  ", " ", "", "calo"}};  // blanks name nobody
  EXPECT_FALSE(HasNamedReportedPerson(c));
}

TEST(RoutingPolicy, ExplainReportsSkippedTargetsAndMatchedRules) {
  const RoutingPlan plan =
      TestPolicy().Explain(MakeCase({Category::kNonProceduralDeparture, Severity::kLow, kSikka}));
  EXPECT_FALSE(plan.triaged);
  EXPECT_EQ(plan.matched_rules, std::vector<std::string>{"nonprocedural-prevention"});
  ASSERT_EQ(plan.skipped.size(), 1u);
  EXPECT_EQ(plan.skipped[0].rule_id, "nonprocedural-prevention");
  EXPECT_EQ(plan.skipped[0].target_index, 0u);
  EXPECT_EQ(plan.skipped[0].purpose, ReferralPurpose::kPreventionOutreach);
  EXPECT_EQ(plan.skipped[0].reason,
            "no agency of kind village_government, regency_government covers region '53.07'");

  const RoutingPlan outside =
      TestPolicy().Explain(MakeCase({Category::kWageOrContractDispute, Severity::kLow, kKuatae}));
  EXPECT_TRUE(outside.triaged);
  ASSERT_EQ(outside.skipped.size(), 1u);
  EXPECT_EQ(outside.skipped[0].reason,
            "agency 'disnakertrans-malaka' does not cover region '53.02.01.2012'");
  ASSERT_EQ(outside.referrals.size(), 1u);
  EXPECT_EQ(outside.referrals[0].purpose, ReferralPurpose::kTriage);
  EXPECT_EQ(outside.referrals[0].rule_id, "");
}

TEST(RoutingPolicy, UnregisteredExplicitAgencyIsSkippedNotSent) {
  RoutingRule r{"ghost", "an agency config validation would refuse", {}, {}};
  r.refer = {ToAgency(ReferralPurpose::kInformation, "bp3mi-jatim", Hours(1))};
  const RoutingPolicy policy({r}, TestAgencies(), "bp3mi-ntt", Hours(8));
  const RoutingPlan plan = policy.Explain(MakeCase({}));
  ASSERT_EQ(plan.skipped.size(), 1u);
  EXPECT_EQ(plan.skipped[0].reason, "agency 'bp3mi-jatim' is not registered");
  EXPECT_EQ(policy.Plan(MakeCase({})),
            (std::vector<PlannedReferral>{{ReferralPurpose::kTriage, "bp3mi-ntt", "", Hours(8)}}));
}

TEST(RoutingPolicy, SamePlanWhateverTheRegistryInsertionOrder) {
  const AgencyRegistry sorted = TestAgencies();
  AgencyRegistry reversed;
  std::vector<Agency> all;
  for (const auto& [id, a] : sorted.all())
    all.push_back(a);
  for (auto it = all.rbegin(); it != all.rend(); ++it)
    reversed.Add(*it);
  const RoutingPolicy a = TestPolicy();
  const RoutingPolicy b(TestRules(), reversed, "bp3mi-ntt", WorkingDays(3));
  const Case c = MakeCase(
      {Category::kOther, Severity::kLow, kSumbaTengah, Channel::kHotline, std::nullopt, true});
  EXPECT_EQ(a.Plan(c), b.Plan(c));
  EXPECT_EQ(a.Plan(c).at(0).target_agency, "j-ruk");
}

TEST(ResolveTarget, MostSpecificOfTheFirstKindThatCovers) {
  const AgencyRegistry r = TestAgencies();
  const auto id = [](const Agency* a) { return a == nullptr ? std::string("none") : a->id; };
  EXPECT_EQ(id(ResolveTarget(r, {Kind::kPolice}, kWehali)), "polres-malaka");
  EXPECT_EQ(id(ResolveTarget(r, {Kind::kPolice}, "53")), "polda-ntt");
  EXPECT_EQ(id(ResolveTarget(r, {Kind::kPolice}, "53.17.01")), "polres-sumba-barat");
  EXPECT_EQ(id(ResolveTarget(r, {Kind::kVillageGovernment}, kBarene)), "none");
  EXPECT_EQ(
      id(ResolveTarget(
          r, {Kind::kVillageGovernment, Kind::kRegencyGovernment, Kind::kProvincialGovernment},
          kSikka)),
      "pemprov-ntt");
  // The order of kinds is a preference, not a specificity contest: the province wins here even
  // though a regency government covers the region more closely.
  EXPECT_EQ(id(ResolveTarget(r, {Kind::kProvincialGovernment, Kind::kRegencyGovernment}, kWehali)),
            "pemprov-ntt");
  EXPECT_EQ(id(ResolveTarget(r, {}, kWehali)), "none");
  EXPECT_EQ(id(ResolveTarget(r, {Kind::kPolice}, "")), "none");
  // Whole segments only: 53.2 is not a prefix of 53.21.
  EXPECT_EQ(id(ResolveTarget(r, {Kind::kImmigration}, "53.2")), "none");
}

TEST(EarlierDeadline, ComparesWithinAndAcrossUnits) {
  EXPECT_TRUE(EarlierDeadline(Hours(4), Hours(24)));
  EXPECT_FALSE(EarlierDeadline(Hours(24), Hours(24)));
  EXPECT_TRUE(EarlierDeadline(WorkingDays(3), WorkingDays(5)));
  EXPECT_TRUE(EarlierDeadline(Hours(72), WorkingDays(5)));
  EXPECT_TRUE(EarlierDeadline(WorkingDays(1), Hours(25)));
  // Tie at the shortest length of a working day: hours cannot be stretched by a weekend.
  EXPECT_TRUE(EarlierDeadline(Hours(24), WorkingDays(1)));
  EXPECT_FALSE(EarlierDeadline(WorkingDays(1), Hours(24)));
  // Minutes: 59 minutes beat an hour, 60 minutes tie with it, and beat a working day of 24 h.
  EXPECT_TRUE(EarlierDeadline(Minutes(59), Hours(1)));
  EXPECT_FALSE(EarlierDeadline(Minutes(60), Hours(1)));
  EXPECT_FALSE(EarlierDeadline(Hours(1), Minutes(60)));
  EXPECT_TRUE(EarlierDeadline(Minutes(1440), WorkingDays(1)));
  EXPECT_FALSE(EarlierDeadline(WorkingDays(1), Minutes(1440)));
  EXPECT_TRUE(EarlierDeadline(Minutes(5), Minutes(30)));
}

TEST(RoutingRule, NamesRoundTripAndIdsAreKebabCase) {
  for (std::string_view name : CategoryNames()) {
    Category c{};
    ASSERT_TRUE(ParseCategory(name, c)) << name;
    EXPECT_EQ(CategoryName(c), name);
  }
  for (std::string_view name : SeverityNames()) {
    Severity s{};
    ASSERT_TRUE(ParseSeverity(name, s)) << name;
    EXPECT_EQ(SeverityName(s), name);
  }
  for (std::string_view name : ChannelNames()) {
    Channel ch{};
    ASSERT_TRUE(ParseChannel(name, ch)) << name;
    EXPECT_EQ(ChannelName(ch), name);
  }
  EXPECT_EQ(CategoryNames().size(), 8u);
  Category c{};
  EXPECT_FALSE(ParseCategory("unspecified", c));
  EXPECT_FALSE(ParseCategory("Trafficking", c));

  EXPECT_TRUE(IsRuleId("tppo-enforcement"));
  EXPECT_TRUE(IsRuleId("rule-2"));
  for (const char* bad : {"", "-x", "x-", "a--b", "Tppo", "tppo_enforcement", "a b"})
    EXPECT_FALSE(IsRuleId(bad)) << bad;
  EXPECT_FALSE(IsRuleId(std::string(65, 'a')));
}

// ---------------------------------------------------------------------------------------------
// The shipped demo: deploy/config/lintas.yaml with routing-ntt.yaml.

class ShippedRouting : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const auto env = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
    absl::StatusOr<config::LintasdConfig> loaded =
        config::LoadLintasdConfig(LINTAS_SOURCE_DIR "/deploy/config/lintas.yaml", env);
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    ASSERT_TRUE(loaded->routing.has_value());
    const config::RoutingConfig& r = *loaded->routing;
    policy_ = new RoutingPolicy(r.rules, loaded->agencies, r.triage_agency, r.triage_deadline);
  }
  static void TearDownTestSuite() {
    delete policy_;
    policy_ = nullptr;
  }
  std::vector<std::string> PlanOf(const CaseSpec& spec) {
    std::vector<std::string> got;
    if (policy_ == nullptr) return got;
    for (const PlannedReferral& p : policy_->Plan(MakeCase(spec)))
      got.push_back(Show(p));
    return got;
  }
  static RoutingPolicy* policy_;
};
RoutingPolicy* ShippedRouting::policy_ = nullptr;

TEST_F(ShippedRouting, TraffickingInWehaliWithANamedCaloAndAVictimInNeed) {
  // deploy/examples/trafficking-case.json.
  EXPECT_EQ(PlanOf({Category::kTrafficking, Severity::kHigh, kWehali, Channel::kAgencySystem,
                    "Bento", true}),
            (std::vector<std::string>{"enforcement polres-malaka calo-tppo-enforcement 24h",
                                      "victim_support sinode-gmit victim-support-shelter 24h"}));
}

TEST_F(ShippedRouting, CriticalCaloInSumbaTengahGoesToPolresSumbaBaratWithin4Hours) {
  EXPECT_EQ(PlanOf({Category::kIllegalRecruitment, Severity::kCritical, kSumbaTengah,
                    Channel::kHotline, "Bento", true}),
            (std::vector<std::string>{
                "enforcement polres-sumba-barat calo-tppo-enforcement-critical 4h",
                "information polres-sumba-barat public-calo-tip-information 5wd",
                // GMIT does not serve Sumba: the NGO fallback, province-wide, first by id.
                "victim_support j-ruk victim-support-shelter 24h"}));
}

TEST_F(ShippedRouting, NonProceduralDepartureFromWehaliInvolvesTheVillage) {
  EXPECT_EQ(
      PlanOf({Category::kNonProceduralDeparture, Severity::kMedium, kWehali, Channel::kVillage}),
      (std::vector<std::string>{
          "prevention_outreach desa-wehali nonprocedural-prevention 5wd",
          "prevention_outreach disnakertrans-malaka nonprocedural-prevention 5wd",
          "information pemprov-ntt kantong-pmi-province-information 5wd"}));
}

TEST_F(ShippedRouting, NonProceduralDepartureFromSikkaFallsBackToTheProvince) {
  // Neither a village nor a regency government for Sikka is registered in the demo.
  EXPECT_EQ(PlanOf({Category::kNonProceduralDeparture, Severity::kMedium, "53.07"}),
            (std::vector<std::string>{
                "prevention_outreach pemprov-ntt nonprocedural-prevention 5wd",
                "prevention_outreach disnakertrans-ntt nonprocedural-prevention 5wd"}));
}

TEST_F(ShippedRouting, DeceasedFromEnde) {
  EXPECT_EQ(PlanOf({Category::kDeceasedRepatriation, Severity::kHigh, "53.08"}),
            (std::vector<std::string>{"repatriation bp3mi-ntt deceased-repatriation 24h",
                                      "reintegration pemkab-ende deceased-repatriation 5wd"}));
}

TEST_F(ShippedRouting, StrandedFromMalakaAndDocumentFraudInKotaKupang) {
  EXPECT_EQ(PlanOf({Category::kStrandedOrAbusedAbroad, Severity::kHigh, kBarene}),
            (std::vector<std::string>{"repatriation bp3mi-ntt stranded-abroad 24h",
                                      "document_verification kanim-atambua stranded-abroad 3wd"}));
  EXPECT_EQ(PlanOf({Category::kDocumentFraud, Severity::kMedium, "53.71.04.1001"}),
            (std::vector<std::string>{"document_verification kanim-kupang document-fraud 3wd",
                                      "enforcement polresta-kupang-kota document-fraud 5wd"}));
}

TEST_F(ShippedRouting, OtherGoesToBp3miTriage) {
  EXPECT_EQ(PlanOf({Category::kOther, Severity::kLow, kWehali, Channel::kPublicWeb}),
            (std::vector<std::string>{"triage bp3mi-ntt - 3wd"}));
}

}  // namespace
}  // namespace lintas::core
