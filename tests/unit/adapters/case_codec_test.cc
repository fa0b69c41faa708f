// Sealing a case into its stored record and the CloudEvents envelope around events.
#include "adapters/redis/case_codec.h"

#include <gtest/gtest.h>

#include "adapters/crypto/aes_gcm_field_cipher.h"
#include "adapters/protomap/case_mapping.h"
#include "adapters/protomap/envelope.h"

namespace lintas {
namespace {

class CaseCodecTest : public ::testing::Test {
 protected:
  CaseCodecTest() {
    crypto::Key256 key{};
    key.fill(7);
    EXPECT_TRUE(ring_.Add("unit-1", key).ok());
    cipher_ = std::make_unique<crypto::AesGcmFieldCipher>(ring_);
  }

  static core::Case Sample() {
    core::Case c;
    c.id = "01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07";
    c.category = core::Category::kIllegalRecruitment;
    c.severity = core::Severity::kMedium;
    c.region_code = "53.02.01.2012";
    c.channel = core::Channel::kChurch;
    c.subject = {"Yosefina Bete",
                 "5302015203990002",
                 "+6285237771234",
                 core::Sex::kFemale,
                 "53.02.01.2012",
                 "MY",
                 false};
    c.reported_persons = {{"Bapak Sponsor", "+6281339998888", "5302011210880003", "sponsor"},
                          {"", "+6281211112222", "", "calo"}};
    c.reporter = {core::ReporterMode::kNamed, "Pendeta Yakobus", "+6281300001111", "gereja"};
    c.narrative = "Dijanjikan kerja di kebun sawit.";
    c.status = core::CaseStatus::kReceived;
    c.version = 1;
    c.submitted_by = "sinode-gmit";
    c.created_at = c.updated_at = core::Timestamp(std::chrono::seconds(1795000000));
    return c;
  }

  crypto::KeyRing ring_;
  std::unique_ptr<crypto::AesGcmFieldCipher> cipher_;
};

TEST_F(CaseCodecTest, SealThenOpenGivesTheCaseBack) {
  redis::CaseCodec codec(*cipher_);
  const core::Case c = Sample();
  auto record = codec.Seal(c);
  ASSERT_TRUE(record.ok()) << record.status();
  auto opened = codec.Open(*record);
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_EQ(protomap::CaseToProto(*opened).SerializeAsString(),
            protomap::CaseToProto(c).SerializeAsString());
}

TEST_F(CaseCodecTest, PersonalFieldsAreSealedAndTheRestIsClear) {
  redis::CaseCodec codec(*cipher_);
  auto record = codec.Seal(Sample());
  ASSERT_TRUE(record.ok());
  const std::string bytes = record->SerializeAsString();
  for (const char* personal : {"Yosefina", "5302015203990002", "+6285237771234", "Sponsor",
                               "5302011210880003", "6281211112222", "Yakobus", "sawit"}) {
    EXPECT_EQ(bytes.find(personal), std::string::npos) << personal;
  }
  EXPECT_EQ(record->region_code(), "53.02.01.2012");
  EXPECT_EQ(record->reported_persons(1).role(), "calo");
  EXPECT_TRUE(record->reported_persons(1).name().empty()) << "an absent field stays absent";
  EXPECT_EQ(record->submitted_by(), "sinode-gmit");
}

TEST_F(CaseCodecTest, SwappedFieldsDoNotOpen) {
  redis::CaseCodec codec(*cipher_);
  auto record = codec.Seal(Sample());
  ASSERT_TRUE(record.ok());
  // The sealed phone moved into the NIK field is refused: the field path is associated data.
  record->mutable_subject()->set_nik(record->subject().phone());
  EXPECT_EQ(codec.Open(*record).status().code(), absl::StatusCode::kDataLoss);
}

TEST(EnvelopeTest, CarriesCloudEventsAttributesAndTheEvent) {
  v1::CaseReceived event;
  event.mutable_case_()->set_id("01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07");
  const protomap::EnvelopeAttributes attrs{"01JDQ3K6Y8V1T8R2M4N5P6Q7R9", "/lintas/intake",
                                           "01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07", 1,
                                           core::Timestamp(std::chrono::milliseconds(1500))};
  const v1::EventEnvelope e = protomap::MakeEnvelope(attrs, event);
  EXPECT_EQ(e.id(), "01JDQ3K6Y8V1T8R2M4N5P6Q7R9");
  EXPECT_EQ(e.type(), "lintas.v1.CaseReceived");
  EXPECT_EQ(e.specversion(), "1.0");
  EXPECT_EQ(e.source(), "/lintas/intake");
  EXPECT_EQ(e.subject(), "01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07");
  EXPECT_EQ(e.sequence(), 1);
  EXPECT_EQ(e.time().seconds(), 1);
  EXPECT_EQ(e.time().nanos(), 500000000);
  EXPECT_EQ(e.datacontenttype(), "application/protobuf");
  EXPECT_EQ(e.dataschema(), "type.googleapis.com/lintas.v1.CaseReceived");

  v1::EventEnvelope wire;
  ASSERT_TRUE(wire.ParseFromString(e.SerializeAsString()));
  v1::CaseReceived back;
  ASSERT_TRUE(protomap::UnpackEnvelope(wire, back).ok());
  EXPECT_EQ(back.case_().id(), "01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07");
}

TEST(EnvelopeTest, RefusesForeignEnvelopes) {
  v1::CaseReceived event;
  v1::EventEnvelope e = protomap::MakeEnvelope({"id", "/x", "c", 1, {}}, event);
  v1::CaseReceived out;
  v1::EventEnvelope wrong_version = e;
  wrong_version.set_specversion("0.3");
  EXPECT_EQ(protomap::UnpackEnvelope(wrong_version, out).code(),
            absl::StatusCode::kInvalidArgument);
  v1::EventEnvelope wrong_type = e;
  wrong_type.set_type("lintas.v1.Other");
  EXPECT_EQ(protomap::UnpackEnvelope(wrong_type, out).code(), absl::StatusCode::kInvalidArgument);
  v1::EventEnvelope garbage = e;
  garbage.set_data("\xff\xff\xff");
  EXPECT_EQ(protomap::UnpackEnvelope(garbage, out).code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace lintas
