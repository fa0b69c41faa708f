// How `lintasctl watch` prints one notification.
#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"
#include "lintas/v1/notification.pb.h"
#include "tools/lintasctl/commands_watch.h"

namespace lintas::ctl {
namespace {

v1::Notification Referral(int linked) {
  v1::Notification n;
  n.set_cursor("1764316800000-0");
  auto* e = n.mutable_event();
  e->set_type("lintas.v1.ReferralRequested");
  e->set_case_id("01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07");
  *e->mutable_time() = google::protobuf::util::TimeUtil::SecondsToTimestamp(1764316800);
  e->mutable_referral_requested()->set_purpose(v1::REFERRAL_PURPOSE_ENFORCEMENT);
  e->mutable_referral_requested()->set_target_agency("polres-malaka");
  n.mutable_case_()->set_status(v1::CASE_STATUS_IN_PROGRESS);
  for (int i = 0; i < linked; ++i)
    n.add_linked_cases()->set_case_id("other");
  return n;
}

TEST(WatchLine, EnforcementReferralShowsTheLinkedCaseCount) {
  EXPECT_EQ(FormatNotificationLine(Referral(2)),
            "2025-11-28T08:00:00Z ReferralRequested case 01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07 in "
            "progress (enforcement to polres-malaka; 2 linked cases) [1764316800000-0]");
  EXPECT_NE(FormatNotificationLine(Referral(1)).find("; 1 linked case)"), std::string::npos);
}

TEST(WatchLine, EnforcementActionNamesTheKindAndActor) {
  v1::Notification n;
  n.set_cursor("1-0");
  n.mutable_event()->set_type("lintas.v1.EnforcementActionReported");
  n.mutable_event()->set_case_id("c1");
  auto* a = n.mutable_event()->mutable_enforcement_action_reported();
  a->set_kind(v1::ENFORCEMENT_ACTION_KIND_SUSPECT_ARRESTED);
  a->set_actor("polres-malaka");
  n.mutable_case_()->set_status(v1::CASE_STATUS_IN_PROGRESS);
  EXPECT_EQ(FormatNotificationLine(n),
            "- EnforcementActionReported case c1 in progress (suspect-arrested by polres-malaka) "
            "[1-0]");
}

TEST(WatchLine, ControlCharactersFromTheServerAreNotPrinted) {
  v1::Notification n = Referral(0);
  n.mutable_event()->set_case_id("c1\x1b[2J");
  EXPECT_EQ(FormatNotificationLine(n).find('\x1b'), std::string::npos);
}

TEST(TimelineLine, SaysWhatChanged) {
  v1::TimelineEvent e;
  e.set_position("1764316800000-1");
  e.set_type("lintas.v1.CaseStatusChanged");
  *e.mutable_time() = google::protobuf::util::TimeUtil::SecondsToTimestamp(1764316800);
  e.mutable_status_changed()->set_from(v1::CASE_STATUS_RECEIVED);
  e.mutable_status_changed()->set_to(v1::CASE_STATUS_REFERRED);
  EXPECT_EQ(FormatTimelineLine(e),
            "2025-11-28T08:00:00Z CaseStatusChanged (received -> referred) [1764316800000-1]");
}

}  // namespace
}  // namespace lintas::ctl
