#include "core/sla/escalation.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace lintas::core {
namespace {

constexpr char kCoordinator[] = "bp3mi-ntt";

// A slice of deploy/config/lintas.yaml, with the same ids and parents.
AgencyRegistry DemoAgencies() {
  AgencyRegistry r;
  const auto add = [&r](const char* id, AgencyKind kind, const char* region, const char* parent) {
    EXPECT_TRUE(r.Add({id, kind, id, {region}, parent})) << id;
  };
  add("bp3mi-ntt", AgencyKind::kProtectionAgency, "53", "");
  add("pemprov-ntt", AgencyKind::kProvincialGovernment, "53", "bp3mi-ntt");
  add("disnakertrans-ntt", AgencyKind::kLabourOffice, "53", "pemprov-ntt");
  add("pemkab-malaka", AgencyKind::kRegencyGovernment, "53.21", "pemprov-ntt");
  add("disnakertrans-malaka", AgencyKind::kLabourOffice, "53.21", "pemkab-malaka");
  add("desa-wehali", AgencyKind::kVillageGovernment, "53.21.01.2006", "pemkab-malaka");
  add("polda-ntt", AgencyKind::kPolice, "53", "");
  add("polres-malaka", AgencyKind::kPolice, "53.21", "polda-ntt");
  add("kanim-atambua", AgencyKind::kImmigration, "53.04", "");
  add("sinode-gmit", AgencyKind::kFaithOrganisation, "53", "");
  add("j-ruk", AgencyKind::kNgo, "53", "");
  return r;
}

// Follows EscalationTarget until it stops; the guard catches a loop.
std::vector<std::string> Chain(const AgencyRegistry& agencies, std::string start) {
  std::vector<std::string> chain = {start};
  for (int guard = 0; guard < 20; ++guard) {
    const std::optional<std::string> next = EscalationTarget(agencies, chain.back(), kCoordinator);
    if (!next) return chain;
    chain.push_back(*next);
  }
  ADD_FAILURE() << "escalation from " << start << " does not end";
  return chain;
}

using Ids = std::vector<std::string>;

TEST(EscalationTest, VillageClimbsTheGovernmentChainToBp3mi) {
  EXPECT_EQ(Chain(DemoAgencies(), "desa-wehali"),
            (Ids{"desa-wehali", "pemkab-malaka", "pemprov-ntt", "bp3mi-ntt"}));
}

TEST(EscalationTest, PolresGoesToPoldaThenToTheCoordinator) {
  // Polda has no parent in config (the police do not answer to BP3MI), but an unanswered referral
  // must still reach someone who acts on it.
  EXPECT_EQ(Chain(DemoAgencies(), "polres-malaka"),
            (Ids{"polres-malaka", "polda-ntt", "bp3mi-ntt"}));
}

TEST(EscalationTest, LabourOfficesFollowTheirGovernment) {
  EXPECT_EQ(Chain(DemoAgencies(), "disnakertrans-malaka"),
            (Ids{"disnakertrans-malaka", "pemkab-malaka", "pemprov-ntt", "bp3mi-ntt"}));
  EXPECT_EQ(Chain(DemoAgencies(), "disnakertrans-ntt"),
            (Ids{"disnakertrans-ntt", "pemprov-ntt", "bp3mi-ntt"}));
}

TEST(EscalationTest, AgenciesWithoutAParentGoToTheCoordinator) {
  const AgencyRegistry agencies = DemoAgencies();
  for (const char* id : {"j-ruk", "sinode-gmit", "kanim-atambua", "polda-ntt", "pemprov-ntt"}) {
    SCOPED_TRACE(id);
    EXPECT_EQ(EscalationTarget(agencies, id, kCoordinator),
              std::optional<std::string>(kCoordinator));
  }
}

TEST(EscalationTest, TheCoordinatorHasNowhereToGo) {
  EXPECT_EQ(EscalationTarget(DemoAgencies(), kCoordinator, kCoordinator), std::nullopt);
}

TEST(EscalationTest, UnknownAgencyGoesToTheCoordinator) {
  const AgencyRegistry agencies = DemoAgencies();
  EXPECT_EQ(EscalationTarget(agencies, "polres-atlantis", kCoordinator),
            std::optional<std::string>(kCoordinator));
  EXPECT_EQ(EscalationTarget(agencies, "", kCoordinator), std::optional<std::string>(kCoordinator));
  EXPECT_EQ(EscalationTarget(AgencyRegistry(), "desa-wehali", kCoordinator),
            std::optional<std::string>(kCoordinator));
}

TEST(EscalationTest, DanglingOrSelfParentGoesToTheCoordinator) {
  // Config validation refuses these; a hand-built registry must still not strand a referral.
  AgencyRegistry agencies = DemoAgencies();
  ASSERT_TRUE(
      agencies.Add({"desa-hilang", AgencyKind::kVillageGovernment, "x", {}, "pemkab-hilang"}));
  ASSERT_TRUE(agencies.Add({"desa-diri", AgencyKind::kVillageGovernment, "x", {}, "desa-diri"}));
  EXPECT_EQ(EscalationTarget(agencies, "desa-hilang", kCoordinator),
            std::optional<std::string>(kCoordinator));
  EXPECT_EQ(EscalationTarget(agencies, "desa-diri", kCoordinator),
            std::optional<std::string>(kCoordinator));
}

TEST(EscalationTest, WithoutACoordinatorOnlyParentsRemain) {
  const AgencyRegistry agencies = DemoAgencies();
  EXPECT_EQ(EscalationTarget(agencies, "j-ruk", ""), std::nullopt);
  EXPECT_EQ(EscalationTarget(agencies, "", ""), std::nullopt);
  EXPECT_EQ(EscalationTarget(agencies, "desa-wehali", ""),
            std::optional<std::string>("pemkab-malaka"));
}

}  // namespace
}  // namespace lintas::core
