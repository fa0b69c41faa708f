// The reporter conversation (core/conversation/reporter_conversation.h): who may converse, the
// order of refusals, the text rules, the daily bound, and who hears of a message.
#include "core/conversation/reporter_conversation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <variant>
#include <vector>

#include "core/access/disclosure.h"
#include "core/errors/field_violation.h"
#include "core/notify/audience.h"

namespace lintas::core {
namespace {

constexpr char kCaseId[] = "01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07";
const Timestamp kCreated = Timestamp{} + std::chrono::hours(24 * 20000);
const Timestamp kNow = kCreated + std::chrono::hours(30);

Agency MakeAgency(std::string id, AgencyKind kind, std::vector<std::string> jurisdiction) {
  Agency a;
  a.id = std::move(id);
  a.kind = kind;
  a.jurisdiction = std::move(jurisdiction);
  return a;
}

const Agency kBp3mi = MakeAgency("bp3mi-ntt", AgencyKind::kProtectionAgency, {"53"});
const Agency kBp3miJatim = MakeAgency("bp3mi-jatim", AgencyKind::kProtectionAgency, {"35"});
const Agency kPolres = MakeAgency("polres-malaka", AgencyKind::kPolice, {"53.21"});
const Agency kShelter = MakeAgency("sinode-gmit", AgencyKind::kFaithOrganisation, {"53.21"});
const Agency kPortal = MakeAgency("portal-publik", AgencyKind::kNgo, {"53"});
const Agency kStranger = MakeAgency("rumah-perempuan-kupang", AgencyKind::kNgo, {"53"});

Referral MakeReferral(std::string id, ReferralPurpose purpose, std::string target,
                      ReferralStatus status) {
  Referral r;
  r.id = std::move(id);
  r.case_id = kCaseId;
  r.purpose = purpose;
  r.target_agency = std::move(target);
  r.requested_by = "routing";
  r.status = status;
  r.requested_at = r.updated_at = kCreated;
  return r;
}

// A portal case in Malaka: r1 enforcement to the police, only REQUESTED; r2 victim support to
// the GMIT synod, ACCEPTED.
Case MakeCase() {
  Case c;
  c.id = kCaseId;
  c.category = Category::kIllegalRecruitment;
  c.channel = Channel::kPublicWeb;
  c.region_code = "53.21.01.2006";
  c.submitted_by = kPortal.id;
  c.status = CaseStatus::kInProgress;
  c.version = 4;
  c.created_at = c.updated_at = kCreated;
  c.referrals = {
      MakeReferral("r1", ReferralPurpose::kEnforcement, kPolres.id, ReferralStatus::kRequested),
      MakeReferral("r2", ReferralPurpose::kVictimSupport, kShelter.id, ReferralStatus::kAccepted),
  };
  return c;
}

std::vector<std::string> Fields(const absl::Status& s) {
  std::vector<std::string> out;
  for (const FieldViolation& v : ViolationsOf(s))
    out.push_back(v.field);
  return out;
}

TEST(ReporterConversation, Bp3miAndAcceptedReferralHoldersMayConverse) {
  const Case c = MakeCase();
  EXPECT_TRUE(MayConverseWithReporter(kBp3mi, c));
  EXPECT_TRUE(MayConverseWithReporter(kShelter, c));
  EXPECT_FALSE(MayConverseWithReporter(kPolres, c));  // its referral is not accepted yet
  EXPECT_FALSE(MayConverseWithReporter(kPortal, c));  // the submitter as such may not
  EXPECT_FALSE(MayConverseWithReporter(kStranger, c));
  EXPECT_FALSE(MayConverseWithReporter(kBp3miJatim, c));  // another province's BP3MI
  Case declined = c;
  declined.referrals[1].status = ReferralStatus::kRejected;
  EXPECT_FALSE(MayConverseWithReporter(kShelter, declined));
}

TEST(ReporterConversation, RefusalsComeInTheOrderPromised) {
  const Case c = MakeCase();
  // May not see the case: the NOT_FOUND of a missing case, even with bad text.
  for (const Agency* a : {&kStranger, &kBp3miJatim}) {
    const auto got = AnswerReporter(c, "", *a, kNow);
    EXPECT_EQ(got.status().code(), absl::StatusCode::kNotFound) << a->id;
    EXPECT_EQ(got.status().message(), std::string("case ") + kCaseId + " not found");
  }
  // May see it, may not converse.
  for (const Agency* a : {&kPolres, &kPortal}) {
    EXPECT_EQ(AnswerReporter(c, "", *a, kNow).status().code(), absl::StatusCode::kPermissionDenied)
        << a->id;
  }
  Case hotline = c;
  hotline.channel = Channel::kHotline;
  EXPECT_EQ(AnswerReporter(hotline, "", kBp3mi, kNow).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(AddReporterMessage(hotline, "Halo", 0, kNow).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(ReporterConversation, TheTextIsCheckedAndNamedAsTheField) {
  const Case c = MakeCase();
  const std::string too_long(kMaxConversationMessageChars + 1, 'a');
  for (const std::string& bad : {std::string(""), std::string("   \n "), too_long,
                                 std::string("a\x01"), std::string("\xff\xfe")}) {
    const auto answer = AnswerReporter(c, bad, kBp3mi, kNow);
    EXPECT_EQ(answer.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(Fields(answer.status()), ::testing::ElementsAre("text"));
    const auto added = AddReporterMessage(c, bad, 0, kNow);
    EXPECT_EQ(added.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(Fields(added.status()), ::testing::ElementsAre("text"));
  }
  // Exactly at the limit, counted in characters, not bytes.
  std::string at_limit;
  for (std::size_t i = 0; i < kMaxConversationMessageChars; ++i)
    at_limit += "\xc3\xa9";  // é
  EXPECT_TRUE(AddReporterMessage(c, at_limit, 0, kNow).ok());
}

TEST(ReporterConversation, AMessageIsOneEventUnderTheCaseVersion) {
  const Case c = MakeCase();
  const auto added = AddReporterMessage(c, "  Calo itu datang lagi kemarin.  ", 3, kNow);
  ASSERT_TRUE(added.ok()) << added.status();
  EXPECT_EQ(added->expected_version, 4);
  EXPECT_EQ(added->after.version, 5);
  EXPECT_EQ(added->after.updated_at, kNow);
  ASSERT_EQ(added->events.size(), 1u);
  const auto* e = std::get_if<ReporterMessageAddedEvent>(&added->events[0]);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->text, "Calo itu datang lagi kemarin.");

  const auto answered = AnswerReporter(c, "Terima kasih. Di desa mana?", kShelter, kNow);
  ASSERT_TRUE(answered.ok()) << answered.status();
  const auto* a = std::get_if<ReporterAnsweredEvent>(&answered->events.at(0));
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->actor, kShelter.id);
  EXPECT_EQ(a->text, "Terima kasih. Di desa mana?");
}

TEST(ReporterConversation, TheReporterSendsAtMostTheDailyNumber) {
  const Case c = MakeCase();
  std::vector<ConversationMessage> messages;
  for (int i = 0; i < kMaxReporterMessagesPerDay; ++i) {
    messages.push_back(
        {"p", ConversationMessage::Author::kReporter, "", "x", kNow - std::chrono::hours(i)});
  }
  messages.push_back({"p", ConversationMessage::Author::kAgency, "bp3mi-ntt", "x", kNow});
  const Timestamp day_ago = kNow - std::chrono::hours(24);
  EXPECT_EQ(ReporterMessagesSince(messages, day_ago), kMaxReporterMessagesPerDay);
  EXPECT_EQ(ReporterMessagesSince(messages, kNow - std::chrono::minutes(90)), 2);
  EXPECT_EQ(
      AddReporterMessage(c, "lagi", ReporterMessagesSince(messages, day_ago), kNow).status().code(),
      absl::StatusCode::kResourceExhausted);
  EXPECT_TRUE(AddReporterMessage(c, "lagi", kMaxReporterMessagesPerDay - 1, kNow).ok());
}

TEST(ReporterConversation, OnlyThePartiesHearOfAMessageAndReadItsText) {
  const Case c = MakeCase();
  AgencyRegistry registry;
  for (const Agency* a : {&kBp3mi, &kBp3miJatim, &kPolres, &kShelter, &kPortal, &kStranger}) {
    ASSERT_TRUE(registry.Add(*a));
  }
  const CaseEvent added = ReporterMessageAddedEvent{"rahasia"};
  EXPECT_THAT(AudienceOf(added, c, registry), ::testing::ElementsAre("bp3mi-ntt", "sinode-gmit"));
  const CaseEvent answered = ReporterAnsweredEvent{"rahasia", "bp3mi-ntt"};
  EXPECT_THAT(AudienceOf(answered, c, registry),
              ::testing::ElementsAre("bp3mi-ntt", "sinode-gmit"));
  // The timeline: the police (who may see the case through its referral) and the portal's own
  // agency get the event without its text.
  for (const Agency* viewer : {&kPolres, &kPortal, &kShelter}) {
    CaseEvent event = ReporterMessageAddedEvent{"rahasia"};
    RedactEvent(event, DisclosureFor(*viewer, c), *viewer, c);
    const bool shown = std::get<ReporterMessageAddedEvent>(event).text == "rahasia";
    EXPECT_EQ(shown, viewer == &kShelter) << viewer->id;
  }
}

}  // namespace
}  // namespace lintas::core
