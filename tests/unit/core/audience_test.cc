// Who hears of which case event.
#include "core/notify/audience.h"

#include <gtest/gtest.h>

#include "core/notify/broker_register.h"

namespace lintas::core {
namespace {

Case CaseOnWhich(std::vector<std::string> targets) {
  Case c;
  c.id = "01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07";
  c.submitted_by = "bp3mi-ntt";
  int n = 0;
  for (auto& t : targets) {
    Referral r;
    r.id = "r" + std::to_string(++n);
    r.target_agency = std::move(t);
    c.referrals.push_back(r);
  }
  return c;
}

const AgencyRegistry kNoAgencies;

ReferralRequestedEvent ReferralMade(std::string id) {
  ReferralRequestedEvent e;
  e.referral.id = std::move(id);
  return e;
}

EnforcementActionReportedEvent ActionOn(std::string referral_id) {
  EnforcementActionReportedEvent e;
  e.action.referral_id = std::move(referral_id);
  return e;
}

TEST(AudienceTest, AReferralGoesToItsTargetOnly) {
  const Case c = CaseOnWhich({"polres-malaka", "sinode-gmit"});
  EXPECT_EQ(AudienceOf(ReferralMade("r2"), c, kNoAgencies),
            std::vector<std::string>{"sinode-gmit"});
}

TEST(AudienceTest, AnEscalationReachesBothSides) {
  const Case c = CaseOnWhich({"polres-malaka", "polda-ntt"});
  EXPECT_EQ(AudienceOf(ReferralEscalatedEvent{"r1", "r3", "polda-ntt", "deadline passed"}, c,
                       kNoAgencies),
            (std::vector<std::string>{"polda-ntt", "polres-malaka"}));
}

TEST(AudienceTest, StatusChangesAndActionsReachEveryAgencyOnTheCaseOnce) {
  const Case c = CaseOnWhich({"polres-malaka", "sinode-gmit", "polres-malaka"});
  const std::vector<std::string> all = {"bp3mi-ntt", "polres-malaka", "sinode-gmit"};
  ReferralUpdatedEvent updated;
  updated.referral_id = "r1";
  for (const CaseEvent& event :
       std::vector<CaseEvent>{updated, CaseStatusChangedEvent{}, CaseTriagedEvent{},
                              DuplicateSuspectedEvent{}, ActionOn("r1")}) {
    EXPECT_EQ(AudienceOf(event, c, kNoAgencies), all) << event.index();
  }
}

TEST(AudienceTest, CoordinatorsInTheCasesJurisdictionHearOfActionsButNotOfReferralsToOthers) {
  Case c = CaseOnWhich({"polres-malaka"});
  c.submitted_by = "sinode-gmit";
  c.region_code = "53.21.01";
  AgencyRegistry agencies;
  agencies.Add({"bp3mi-ntt", AgencyKind::kProtectionAgency, "BP3MI NTT", {"53"}, ""});
  agencies.Add({"bp3mi-ntb", AgencyKind::kProtectionAgency, "BP3MI NTB", {"52"}, ""});
  agencies.Add({"polda-ntt", AgencyKind::kPolice, "Polda NTT", {"53"}, ""});
  EXPECT_EQ(AudienceOf(ActionOn("r1"), c, agencies),
            (std::vector<std::string>{"bp3mi-ntt", "polres-malaka", "sinode-gmit"}));
  EXPECT_EQ(AudienceOf(ReferralMade("r1"), c, agencies), std::vector<std::string>{"polres-malaka"});
}

TEST(AudienceTest, NobodyHearsOfAReceivedCaseOrAnUnknownReferral) {
  const Case c = CaseOnWhich({"polres-malaka"});
  EXPECT_TRUE(AudienceOf(CaseReceivedEvent{}, c, kNoAgencies).empty());
  EXPECT_TRUE(AudienceOf(UnknownEvent{"lintas.v2.Other"}, c, kNoAgencies).empty());
  EXPECT_TRUE(AudienceOf(ReferralMade("r9"), c, kNoAgencies).empty());
}

TEST(BrokerRegisterTest, PhonesAndNiksOfReportedPersonsEachOnceNamesNever) {
  Case c;
  c.reported_persons = {{"Calo Satu", "+6281377770001", "5321011210880003", "calo"},
                        {"Calo Dua", "+6281377770001", "", "sponsor"},
                        {"Hanya Nama", "", "", "perekrut"}};
  EXPECT_EQ(BrokerIdentifiers(c),
            (std::vector<std::string>{"nik:5321011210880003", "phone:+6281377770001"}));
}

}  // namespace
}  // namespace lintas::core
