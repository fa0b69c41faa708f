// Every event type through the one table: core event -> stored lintas.v1 message in an envelope
// -> DecodeEvent -> core event -> TimelineEvent detail -> back (what lintasctl reads).
#include "adapters/redis/event_codec.h"

#include <gtest/gtest.h>

#include <set>

#include "adapters/crypto/aes_gcm_field_cipher.h"
#include "adapters/protomap/envelope.h"
#include "adapters/protomap/timeline_mapping.h"
#include "lintas/v1/case_record.pb.h"

namespace lintas {
namespace {

constexpr char kCaseId[] = "01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07";
const core::Timestamp kAt{std::chrono::seconds(1795000000)};

// One of each change event, every free-text field filled.
std::vector<core::CaseChangeEvent> OneOfEach() {
  core::Referral r;
  r.id = "r1";
  r.case_id = kCaseId;
  r.purpose = core::ReferralPurpose::kEnforcement;
  r.target_agency = "polres-malaka";
  r.status = core::ReferralStatus::kRequested;
  r.reason = "alasan rujukan";
  r.requested_at = kAt;
  core::EnforcementAction a;
  a.case_id = kCaseId;
  a.referral_id = "r1";
  a.kind = core::EnforcementActionKind::kSuspectArrested;
  a.note = "catatan polisi";
  a.actor = "polres-malaka";
  a.reported_at = kAt;
  return {core::ReferralRequestedEvent{r},
          core::ReferralUpdatedEvent{"r1", core::ReferralAction::kAccept,
                                     core::ReferralStatus::kAccepted, "polres-malaka", "alasan",
                                     "hasil"},
          core::ReferralEscalatedEvent{"r1", "r2", "polda-ntt", "deadline passed"},
          core::CaseStatusChangedEvent{core::CaseStatus::kReceived, core::CaseStatus::kReferred},
          core::DuplicateSuspectedEvent{{"c2", "c3"}},
          core::CaseTriagedEvent{core::CaseTriagedEvent::Decision::kDuplicate, "sama",
                                 "01JDQ3K6Y8V1T8R2M4N5P6Q7R9-07", "bp3mi-ntt"},
          core::EnforcementActionReportedEvent{a},
          core::ReporterMessageAddedEvent{"pesan pelapor"},
          core::ReporterAnsweredEvent{"jawaban petugas", "bp3mi-ntt"}};
}

class EventCodecTest : public ::testing::Test {
 protected:
  EventCodecTest() {
    crypto::Key256 key{};
    key.fill(9);
    EXPECT_TRUE(ring_.Add("unit-1", key).ok());
    cipher_ = std::make_unique<crypto::AesGcmFieldCipher>(ring_);
    codec_ = std::make_unique<redis::CaseCodec>(*cipher_);
  }

  v1::EventEnvelope Stored(const core::CaseChangeEvent& e) const {
    auto message = redis::EncodeCaseEvent(e, kCaseId, *codec_);
    EXPECT_TRUE(message.ok()) << message.status();
    return protomap::MakeEnvelope({"01JEVENT", "/lintas/test", kCaseId, 2, kAt}, **message);
  }

  // The TimelineEvent the API would show (nothing redacted), serialized for comparison.
  static std::string Shown(const v1::EventEnvelope& envelope, const core::CaseEvent& e) {
    return protomap::TimelineEventOf("1-0", envelope, e).SerializeAsString();
  }

  crypto::KeyRing ring_;
  std::unique_ptr<crypto::AesGcmFieldCipher> cipher_;
  std::unique_ptr<redis::CaseCodec> codec_;
};

TEST_F(EventCodecTest, EveryChangeEventComesBackAsItWasAndLeavesNoFreeTextInClear) {
  for (const core::CaseChangeEvent& e : OneOfEach()) {
    const v1::EventEnvelope envelope = Stored(e);
    for (const char* text : {"alasan", "hasil", "sama", "catatan", "pesan", "jawaban"}) {
      EXPECT_EQ(envelope.data().find(text), std::string::npos) << envelope.type();
    }
    auto decoded = redis::DecodeEvent(envelope, *codec_);
    ASSERT_TRUE(decoded.ok()) << decoded.status();
    EXPECT_EQ(decoded->index(), e.index() + 1) << envelope.type();  // CaseReceived comes first
    const core::CaseEvent original =
        std::visit([](const auto& x) { return core::CaseEvent(x); }, e);
    EXPECT_EQ(Shown(envelope, *decoded), Shown(envelope, original)) << envelope.type();
  }
}

TEST_F(EventCodecTest, WithoutKeysTheFreeTextIsEmptyAndTheRestIsThere) {
  const auto events = OneOfEach();
  auto updated = redis::DecodeEventWithoutFreeText(Stored(events[1]));
  ASSERT_TRUE(updated.ok()) << updated.status();
  const auto& u = std::get<core::ReferralUpdatedEvent>(*updated);
  EXPECT_EQ(u.referral_id, "r1");
  EXPECT_TRUE(u.reason.empty());
  EXPECT_TRUE(u.outcome.empty());
  auto requested = redis::DecodeEventWithoutFreeText(Stored(events[0]));
  ASSERT_TRUE(requested.ok()) << requested.status();
  EXPECT_EQ(std::get<core::ReferralRequestedEvent>(*requested).referral.target_agency,
            "polres-malaka");
  EXPECT_TRUE(std::get<core::ReferralRequestedEvent>(*requested).referral.reason.empty());
  auto action = redis::DecodeEventWithoutFreeText(Stored(events[6]));
  ASSERT_TRUE(action.ok()) << action.status();
  EXPECT_TRUE(std::get<core::EnforcementActionReportedEvent>(*action).action.note.empty());
}

TEST_F(EventCodecTest, ACaseReceivedShowsItsFactsThatAreNotPersonal) {
  v1::CaseReceived received;
  received.mutable_case_()->set_category(v1::CATEGORY_TRAFFICKING);
  received.mutable_case_()->set_region_code("53.02");
  received.mutable_case_()->set_submitted_by("sinode-gmit");
  received.mutable_case_()->set_narrative("sealed bytes");
  const auto envelope =
      protomap::MakeEnvelope({"01JEVENT", "/lintas/intake", kCaseId, 1, kAt}, received);
  auto decoded = redis::DecodeEventWithoutFreeText(envelope);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  const v1::TimelineEvent shown = protomap::TimelineEventOf("1-0", envelope, *decoded);
  EXPECT_EQ(shown.case_received().category(), v1::CATEGORY_TRAFFICKING);
  EXPECT_EQ(shown.case_received().region_code(), "53.02");
  EXPECT_EQ(shown.case_received().submitted_by(), "sinode-gmit");
  EXPECT_EQ(shown.type(), "lintas.v1.CaseReceived");
  EXPECT_EQ(shown.sequence(), 1);
}

TEST_F(EventCodecTest, AnUnknownTypeIsKeptWithItsAttributesAndNoDetail) {
  v1::EventEnvelope envelope = Stored(OneOfEach()[2]);
  envelope.set_type("lintas.v2.SomethingNew");
  auto decoded = redis::DecodeEvent(envelope, *codec_);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(std::get<core::UnknownEvent>(*decoded).type, "lintas.v2.SomethingNew");
  const v1::TimelineEvent shown = protomap::TimelineEventOf("5-0", envelope, *decoded);
  EXPECT_EQ(shown.detail_case(), v1::TimelineEvent::DETAIL_NOT_SET);
  EXPECT_EQ(shown.event_id(), "01JEVENT");
  EXPECT_EQ(shown.position(), "5-0");
}

TEST_F(EventCodecTest, DataThatDoesNotParseAsItsTypeIsInvalid) {
  v1::EventEnvelope envelope = Stored(OneOfEach()[0]);
  envelope.set_data("\xff\xff not a message");
  EXPECT_EQ(redis::DecodeEvent(envelope, *codec_).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(TimelineMappingTest, EveryDetailReadsBackAsTheEventItShows) {
  const google::protobuf::OneofDescriptor* detail =
      v1::TimelineEvent::descriptor()->FindOneofByName("detail");
  ASSERT_NE(detail, nullptr);
  // One detail per event type but UnknownEvent: a detail added to timeline.proto without an event
  // type (or the reverse) fails here.
  EXPECT_EQ(static_cast<std::size_t>(detail->field_count()),
            std::variant_size_v<core::CaseEvent> - 1);
  std::vector<core::CaseEvent> all = {core::CaseReceivedEvent{
      core::Category::kTrafficking, core::Severity::kHigh, "53", core::Channel::kHotline, "a"}};
  for (const auto& e : OneOfEach())
    all.push_back(std::visit([](const auto& x) { return core::CaseEvent(x); }, e));
  all.push_back(core::UnknownEvent{"lintas.v2.X"});
  v1::EventEnvelope envelope;
  envelope.set_type("lintas.v2.X");
  std::set<int> details;
  for (const core::CaseEvent& e : all) {
    const v1::TimelineEvent shown = protomap::TimelineEventOf("1-0", envelope, e);
    details.insert(shown.detail_case());
    const core::CaseEvent back = protomap::CaseEventOf(shown);
    EXPECT_EQ(back.index(), e.index());
    EXPECT_EQ(protomap::TimelineEventOf("1-0", envelope, back).SerializeAsString(),
              shown.SerializeAsString());
  }
  EXPECT_EQ(details.size(), all.size()) << "each event type has a detail of its own";
}

}  // namespace
}  // namespace lintas
