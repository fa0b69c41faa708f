#include "adapters/http/cloudevent_json.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"

namespace lintas::http {
namespace {

lintas::v1::EventEnvelope Envelope() {
  lintas::v1::EventEnvelope e;
  e.set_id("01JDQ0000000000000000000AA");
  e.set_source("/lintas/referral");
  e.set_type("lintas.v1.ReferralRequested");
  e.set_specversion("1.0");
  e.set_subject("LNT-2026-000123");
  e.set_sequence(4);
  e.mutable_time()->set_seconds(1700000000);  // 2023-11-14T22:13:20Z
  e.mutable_time()->set_nanos(123000000);
  e.set_datacontenttype("application/protobuf");
  e.set_data("\x0a\x03raw");  // never rendered: the caller gives the JSON data
  return e;
}

std::string Escaped(std::string_view s) {
  std::string out;
  absl::Status status = AppendJsonString(out, s);
  EXPECT_TRUE(status.ok()) << status;
  return out;
}

TEST(CloudEventJsonTest, RendersStructuredMode) {
  auto doc = RenderCloudEventJson(Envelope(), R"({"referral_id":"R1","n":[1,2]})");
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_EQ(*doc, R"({"specversion":"1.0","id":"01JDQ0000000000000000000AA",)"
                  R"("source":"/lintas/referral","type":"lintas.v1.ReferralRequested",)"
                  R"("subject":"LNT-2026-000123","time":"2023-11-14T22:13:20.123Z",)"
                  R"("datacontenttype":"application/json","lintassequence":4,)"
                  R"("data":{"referral_id":"R1","n":[1,2]}})");
}

TEST(CloudEventJsonTest, OutputIsValidJson) {
  lintas::v1::EventEnvelope e = Envelope();
  e.set_subject("quote\" back\\ nl\n tab\t bell\x07 é 日本 😀");
  auto doc = RenderCloudEventJson(e, R"("just a string")");
  ASSERT_TRUE(doc.ok()) << doc.status();
  google::protobuf::Struct parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(*doc, &parsed).ok()) << *doc;
  EXPECT_EQ(parsed.fields().at("subject").string_value(), e.subject());
  EXPECT_EQ(parsed.fields().at("data").string_value(), "just a string");
  EXPECT_EQ(parsed.fields().at("lintassequence").number_value(), 4);
}

TEST(CloudEventJsonTest, OptionalAttributesAreOmitted) {
  lintas::v1::EventEnvelope e = Envelope();
  e.clear_subject();
  e.clear_time();
  auto doc = RenderCloudEventJson(e, "null");
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_EQ(doc->find("subject"), std::string::npos);
  EXPECT_EQ(doc->find("\"time\""), std::string::npos);
  EXPECT_NE(doc->find(R"("data":null})"), std::string::npos);
}

TEST(CloudEventJsonTest, WholeSecondTimeHasNoFraction) {
  lintas::v1::EventEnvelope e = Envelope();
  e.mutable_time()->set_nanos(0);
  auto doc = RenderCloudEventJson(e, "{}");
  ASSERT_TRUE(doc.ok());
  EXPECT_NE(doc->find(R"("time":"2023-11-14T22:13:20Z")"), std::string::npos) << *doc;
}

TEST(CloudEventJsonTest, HugeSequenceTravelsAsString) {
  lintas::v1::EventEnvelope e = Envelope();
  e.set_sequence(5'000'000'000);
  auto doc = RenderCloudEventJson(e, "{}");
  ASSERT_TRUE(doc.ok());
  EXPECT_NE(doc->find(R"("lintassequence":"5000000000")"), std::string::npos) << *doc;
}

TEST(CloudEventJsonTest, RefusesBadInput) {
  for (const std::string& bad : std::vector<std::string>{
           "", "{", "{\"a\":}", "{} {}", "nope", "{'a':1}", "01", "1.", "-", "[1,]", "{\"a\":1,}",
           "\"\\x\"", "\"raw\ttab\"", "NaN", "{a:1}", "\"\\u12\"", "\"\xff\"",
           std::string(100, '[') + std::string(100, ']')}) {
    EXPECT_EQ(RenderCloudEventJson(Envelope(), bad).status().code(),
              absl::StatusCode::kInvalidArgument)
        << bad;
  }
  lintas::v1::EventEnvelope no_id = Envelope();
  no_id.clear_id();
  EXPECT_EQ(RenderCloudEventJson(no_id, "{}").status().code(), absl::StatusCode::kInvalidArgument);
  lintas::v1::EventEnvelope bad_time = Envelope();
  bad_time.mutable_time()->set_nanos(-1);
  EXPECT_EQ(RenderCloudEventJson(bad_time, "{}").status().code(),
            absl::StatusCode::kInvalidArgument);
  lintas::v1::EventEnvelope bad_utf8 = Envelope();
  bad_utf8.mutable_subject()->assign("\xc3\x28");  // set through bytes: proto would refuse it
  EXPECT_EQ(RenderCloudEventJson(bad_utf8, "{}").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(CloudEventJsonTest, AcceptsEveryKindOfJsonValue) {
  for (const std::string& good : std::vector<std::string>{
           "0", "-0.5e+3", "1E9", "true", "false", "null", R"("\u00e9 \" \\ \/ é")", "[]", "{}",
           R"( {"a" : {"b":[1, 2.5, "x", null]}} )", std::string(50, '[') + std::string(50, ']')}) {
    auto doc = RenderCloudEventJson(Envelope(), good);
    EXPECT_TRUE(doc.ok()) << good << ": " << doc.status();
  }
}

TEST(JsonStringTest, EscapesQuotesAndBackslashes) {
  EXPECT_EQ(Escaped(R"(say "hi")"), R"("say \"hi\"")");
  EXPECT_EQ(Escaped(R"(C:\dir\)"), R"("C:\\dir\\")");
  EXPECT_EQ(Escaped("/"), R"("/")");
  EXPECT_EQ(Escaped(""), R"("")");
}

TEST(JsonStringTest, EscapesControlCharacters) {
  EXPECT_EQ(Escaped("a\nb\rc\td\be\ff"), R"("a\nb\rc\td\be\ff")");
  EXPECT_EQ(Escaped(std::string("\x00\x01\x1f\x7f", 4)), R"("\u0000\u0001\u001f\u007f")");
}

TEST(JsonStringTest, PassesUtf8Through) {
  EXPECT_EQ(Escaped("Tenaga Kerja Indonesia — é 日本 😀"), "\"Tenaga Kerja Indonesia — é 日本 😀\"");
  EXPECT_EQ(Escaped("\xe2\x80\xa8\xe2\x80\xa9"), R"("\u2028\u2029")");
}

TEST(JsonStringTest, RefusesInvalidUtf8AndLeavesOutputAlone) {
  for (std::string bad : {std::string("\xff"), std::string("\xc0\xaf"),              // overlong '/'
                          std::string("\xe0\x80\xaf"), std::string("\xed\xa0\x80"),  // surrogate
                          std::string("\xf4\x90\x80\x80"),                           // > U+10FFFF
                          std::string("ok\xe6\x97"),                                 // truncated
                          std::string("\x80")}) {
    std::string out = "prefix";
    EXPECT_EQ(AppendJsonString(out, bad).code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(out, "prefix");
  }
}

}  // namespace
}  // namespace lintas::http
