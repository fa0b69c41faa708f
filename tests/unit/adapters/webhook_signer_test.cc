#include "adapters/http/webhook_signer.h"

#include <gtest/gtest.h>

#include <cctype>
#include <chrono>
#include <string>

namespace lintas::http {
namespace {

using std::chrono::seconds;

constexpr seconds kTolerance{300};

core::Timestamp At(long long unix_seconds) {
  return core::Timestamp{} + seconds{unix_seconds};
}

// Computed independently:
//   python3 -c 'import hmac,hashlib; print(hmac.new(b"secret", b"1700000000.{}",
//                                                    hashlib.sha256).hexdigest())'
constexpr char kKnownHex[] = "b8569b78799ff9e3cbff0fc2d63a33a2b57f3282abd07c37ae5e8e7d79a5f163";

TEST(WebhookSignerTest, KnownAnswer) {
  auto hex = WebhookSigner::ComputeHex("secret", 1700000000, "{}");
  ASSERT_TRUE(hex.ok()) << hex.status();
  EXPECT_EQ(*hex, kKnownHex);
}

TEST(WebhookSignerTest, SecondKnownAnswerWithQuotesInBody) {
  // python3: hmac.new(b"whsec_lintas", b'1700000123.{"a":"b"}', hashlib.sha256).hexdigest()
  auto hex = WebhookSigner::ComputeHex("whsec_lintas", 1700000123, R"({"a":"b"})");
  ASSERT_TRUE(hex.ok()) << hex.status();
  EXPECT_EQ(*hex, "234376b7c7641682e2d36b4fc8e2369e645ccf14ab01c81d680a1bc52b1cab59");
}

TEST(WebhookSignerTest, HeaderFormatTruncatesToSeconds) {
  auto header =
      WebhookSigner::Sign("secret", At(1700000000) + std::chrono::milliseconds{999}, "{}");
  ASSERT_TRUE(header.ok()) << header.status();
  EXPECT_EQ(*header, std::string("t=1700000000,v1=") + kKnownHex);
}

TEST(WebhookSignerTest, EmptySecretIsRefused) {
  EXPECT_EQ(WebhookSigner::Sign("", At(1700000000), "{}").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(WebhookSigner::Verify("", "t=1700000000,v1=00", "{}", At(1700000000), kTolerance));
}

TEST(WebhookSignerTest, VerifiesWhatItSigns) {
  const std::string body = R"({"specversion":"1.0","id":"01J"})";
  auto header = WebhookSigner::Sign("s3cret", At(1700000000), body);
  ASSERT_TRUE(header.ok());
  EXPECT_TRUE(WebhookSigner::Verify("s3cret", *header, body, At(1700000000), kTolerance));
  EXPECT_TRUE(WebhookSigner::Verify("s3cret", *header, body, At(1700000300), kTolerance));
  EXPECT_TRUE(WebhookSigner::Verify("s3cret", *header, body, At(1699999700), kTolerance));
}

TEST(WebhookSignerTest, KnownVectorVerifies) {
  EXPECT_TRUE(WebhookSigner::Verify("secret", std::string("t=1700000000,v1=") + kKnownHex, "{}",
                                    At(1700000010), kTolerance));
}

TEST(WebhookSignerTest, RefusesReplaysOutsideTolerance) {
  auto header = WebhookSigner::Sign("s3cret", At(1700000000), "{}");
  ASSERT_TRUE(header.ok());
  EXPECT_FALSE(WebhookSigner::Verify("s3cret", *header, "{}", At(1700000301), kTolerance));
  EXPECT_FALSE(WebhookSigner::Verify("s3cret", *header, "{}", At(1699999699), kTolerance));
}

TEST(WebhookSignerTest, RefusesTamperedBodySecretOrTimestamp) {
  auto header = WebhookSigner::Sign("s3cret", At(1700000000), R"({"a":1})");
  ASSERT_TRUE(header.ok());
  EXPECT_FALSE(WebhookSigner::Verify("s3cret", *header, R"({"a":2})", At(1700000000), kTolerance));
  EXPECT_FALSE(WebhookSigner::Verify("other", *header, R"({"a":1})", At(1700000000), kTolerance));
  std::string moved = *header;
  moved.replace(0, 12, "t=1700000001");
  EXPECT_FALSE(WebhookSigner::Verify("s3cret", moved, R"({"a":1})", At(1700000000), kTolerance));
}

TEST(WebhookSignerTest, ParsingIsStrictButTolerant) {
  const std::string v1 = std::string("v1=") + kKnownHex;
  const auto verify = [&](const std::string& header) {
    return WebhookSigner::Verify("secret", header, "{}", At(1700000000), kTolerance);
  };
  EXPECT_TRUE(verify("t=1700000000, " + v1));       // space after comma
  EXPECT_TRUE(verify(v1 + ",t=1700000000"));        // any order
  EXPECT_TRUE(verify("t=1700000000,v2=zz," + v1));  // unknown keys ignored
  EXPECT_TRUE(verify("t=1700000000,v1=" + std::string(64, '0') + "," + v1));  // rotation
  std::string upper = std::string("t=1700000000,v1=") + kKnownHex;
  for (char& c : upper)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  upper.replace(0, 1, "t");
  upper.replace(13, 2, "v1");
  EXPECT_TRUE(verify(upper));                               // uppercase hex
  EXPECT_FALSE(verify(v1));                                 // no timestamp
  EXPECT_FALSE(verify("t=1700000000"));                     // no signature
  EXPECT_FALSE(verify("t=1700000000,t=1700000000," + v1));  // two timestamps
  EXPECT_FALSE(verify("t=17e8," + v1));
  EXPECT_FALSE(verify("t=-1," + v1));
  EXPECT_FALSE(verify("t=," + v1));
  EXPECT_FALSE(verify("t=1700000000,v1=abc"));                      // short
  EXPECT_FALSE(verify("t=1700000000,v1=" + std::string(64, 'g')));  // not hex
  EXPECT_FALSE(verify("t=1700000000,garbage," + v1));
  EXPECT_FALSE(verify("t=99999999999999999999," + v1));  // overflow
  EXPECT_FALSE(verify(""));
}

}  // namespace
}  // namespace lintas::http
