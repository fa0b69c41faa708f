// Key check values on a real redis-server: recorded the first time a key id is seen, compared
// every time after, and a different key under a known id refused by name.
#include "adapters/redis/key_checks.h"

#include <gtest/gtest.h>

#include "adapters/crypto/key_check.h"
#include "adapters/crypto/key_ring.h"
#include "tests/support/redis_server.h"

namespace lintas::testing {
namespace {

crypto::KeyRing Ring(std::initializer_list<std::pair<const char*, std::uint8_t>> keys) {
  crypto::KeyRing ring;
  for (const auto& [id, fill] : keys) {
    crypto::Key256 key{};
    key.fill(fill);
    EXPECT_TRUE(ring.Add(id, key).ok());
  }
  return ring;
}

class KeyChecksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    redis_ = RedisServer::Start();
    ASSERT_NE(redis_, nullptr);
    auto address = redis::RedisAddress::Parse(redis_->address());
    ASSERT_TRUE(address.ok());
    client_ = std::make_unique<redis::PipelinedClient>(*address, redis::PipelineOptions{});
  }

  absl::Status Check(const crypto::KeyRing& ring) {
    return redis::VerifyKeyChecks(*client_, keys_, crypto::KeyCheckValues(ring));
  }

  std::unique_ptr<RedisServer> redis_;
  std::unique_ptr<redis::PipelinedClient> client_;
  const redis::KeyLayout keys_{"kc"};
};

TEST_F(KeyChecksTest, TheFirstStartRecordsAndTheSameKeysPassAgain) {
  const crypto::KeyRing ring = Ring({{"dev-1", 1}});
  ASSERT_TRUE(Check(ring).ok());
  auto stored = client_->Command({"HGET", keys_.KeyChecks(), "dev-1"});
  ASSERT_TRUE(stored.ok());
  ASSERT_EQ((*stored)->type, REDIS_REPLY_STRING);
  EXPECT_EQ(std::string((*stored)->str, (*stored)->len), *crypto::KeyCheckValue(ring, "dev-1"));
  EXPECT_TRUE(Check(ring).ok());
}

TEST_F(KeyChecksTest, AnotherKeyUnderAKnownIdIsRefusedByNameAndNothingIsOverwritten) {
  ASSERT_TRUE(Check(Ring({{"dev-1", 1}, {"dev-2", 2}})).ok());
  const absl::Status wrong = Check(Ring({{"dev-1", 1}, {"dev-2", 9}}));
  EXPECT_EQ(wrong.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(wrong.message().find("crypto key 'dev-2' is not the key"), std::string::npos)
      << wrong.message();
  EXPECT_EQ(wrong.message().find("dev-1"), std::string::npos) << wrong.message();
  // The recorded value stays: the right key still passes afterwards.
  EXPECT_TRUE(Check(Ring({{"dev-1", 1}, {"dev-2", 2}})).ok());
}

TEST_F(KeyChecksTest, ANewKeyIdIsRecordedBesideTheOldOnes) {
  ASSERT_TRUE(Check(Ring({{"k-2025", 1}})).ok());
  ASSERT_TRUE(Check(Ring({{"k-2025", 1}, {"k-2026", 2}})).ok());
  EXPECT_EQ(Check(Ring({{"k-2026", 3}})).code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(KeyChecksTest, RedisDownIsUnavailableNotAMismatch) {
  redis_->Kill();
  EXPECT_EQ(Check(Ring({{"dev-1", 1}})).code(), absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace lintas::testing
