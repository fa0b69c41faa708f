// The method × agency-kind matrix, cell by cell. The expected table is written out here on its
// own (not derived from the code under test), in the same shape as docs/security.md.
#include "core/access/authorization.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

namespace lintas::core {
namespace {

using K = AgencyKind;
using M = Method;

const std::set<K> kEvery{
    K::kProtectionAgency,  K::kPolice, K::kProvincialGovernment, K::kRegencyGovernment,
    K::kVillageGovernment, K::kNgo,    K::kFaithOrganisation,    K::kImmigration,
    K::kLabourOffice};

const std::map<M, std::set<K>>& Expected() {
  static const std::map<M, std::set<K>> table{
      {M::kIntakeSubmitCase, kEvery},
      {M::kIntakeGetCase, kEvery},
      {M::kReferralListReferrals, kEvery},
      {M::kReferralAcknowledge, kEvery},
      {M::kReferralAccept, kEvery},
      {M::kReferralReject, kEvery},
      {M::kReferralStart, kEvery},
      {M::kReferralHold, kEvery},
      {M::kReferralResume, kEvery},
      {M::kReferralComplete, kEvery},
      {M::kReferralFail, kEvery},
      {M::kReferralCancel, kEvery},
      {M::kReferralReportEnforcementAction, {K::kPolice}},
      {M::kTriageRejectCase, {K::kProtectionAgency}},
      {M::kTriageMarkDuplicate, {K::kProtectionAgency}},
      {M::kTriageCloseCase, {K::kProtectionAgency}},
      {M::kCaseStatusGetCase, kEvery},
      {M::kCaseStatusListCases, kEvery},
      {M::kCaseStatusGetTimeline, kEvery},
      {M::kCaseStatusWatchCase, kEvery},
      {M::kNotificationSubscribe, kEvery},
      {M::kNotificationAck, kEvery},
      {M::kConversationListReporterMessages, kEvery},
      {M::kConversationSendReporterMessage, kEvery},
  };
  return table;
}

TEST(AuthorizationMatrix, EveryMethodTimesEveryKind) {
  ASSERT_EQ(Expected().size(), kAllMethods.size()) << "a method is missing from this test";
  int cells = 0;
  for (M method : kAllMethods) {
    const auto row = Expected().find(method);
    ASSERT_NE(row, Expected().end()) << MethodName(method);
    for (K kind : kAllAgencyKinds) {
      const bool want = row->second.count(kind) > 0;
      EXPECT_EQ(IsAllowed(kind, method), want)
          << MethodName(method) << " for " << AgencyKindName(kind) << ": expected "
          << (want ? "allowed" : "refused");
      ++cells;
    }
  }
  EXPECT_EQ(cells, 24 * 9);
}

TEST(AuthorizationMatrix, DeniesWhatTheTableDoesNotName) {
  const auto unknown_method = static_cast<M>(999);
  const auto unknown_kind = static_cast<K>(99);
  for (K kind : kAllAgencyKinds)
    EXPECT_FALSE(IsAllowed(kind, unknown_method)) << AgencyKindName(kind);
  for (M method : kAllMethods)
    EXPECT_FALSE(IsAllowed(unknown_kind, method)) << MethodName(method);
  EXPECT_EQ(MethodName(unknown_method), "unknown method");
}

TEST(AuthorizationMatrix, MethodNamesAreTheGrpcPaths) {
  EXPECT_EQ(MethodName(M::kReferralAccept), "lintas.v1.ReferralService/Accept");
  EXPECT_EQ(MethodName(M::kIntakeSubmitCase), "lintas.v1.IntakeService/SubmitCase");
  EXPECT_EQ(MethodName(M::kCaseStatusWatchCase), "lintas.v1.CaseStatusService/WatchCase");
  EXPECT_EQ(MethodName(M::kNotificationAck), "lintas.v1.NotificationService/Ack");
  std::set<std::string> names;
  for (M method : kAllMethods)
    names.emplace(MethodName(method));
  EXPECT_EQ(names.size(), kAllMethods.size()) << "names are unique";
}

}  // namespace
}  // namespace lintas::core
