#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <memory>
#include <string>

#include "adapters/crypto/aes_gcm_field_cipher.h"
#include "adapters/crypto/key_ring.h"
#include "adapters/crypto/os_random.h"
#include "adapters/redis/event_store.h"
#include "adapters/redis/pipelined_client.h"
#include "core/ids/ids.h"
#include "tests/support/redis_server.h"

namespace lintas::testing {

constexpr int kPartitions = 16;

// A real redis-server of the test's own, and the real Redis event store on it with a fresh key
// ring and a key prefix of the test's own.
class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    redis_ = RedisServer::Start();
    ASSERT_NE(redis_, nullptr) << "the test needs its own redis-server";
    crypto::Key256 key{};
    random_.Fill(key);
    ASSERT_TRUE(ring_.Add("test-1", key).ok());
    cipher_ = std::make_unique<crypto::AesGcmFieldCipher>(ring_);
    hasher_ = std::make_unique<crypto::HmacKeyedHasher>(ring_);
    redis_client_ = MakeClient(redis::PipelineOptions{});
    prefix_ = std::string("t-") + ::testing::UnitTest::GetInstance()->current_test_info()->name();
    store_ = std::make_unique<redis::RedisCaseStore>(*redis_client_, redis::KeyLayout(prefix_),
                                                     *cipher_, *hasher_, random_, "/lintas/intake");
  }

  std::unique_ptr<redis::PipelinedClient> MakeClient(redis::PipelineOptions options) {
    auto address = redis::RedisAddress::Parse(redis_->address());
    EXPECT_TRUE(address.ok());
    return std::make_unique<redis::PipelinedClient>(*address, options);
  }

  // The store is asynchronous; the tests wait for each answer.
  template <typename T, typename Start>
  static absl::StatusOr<T> Await(Start start) {
    std::promise<absl::StatusOr<T>> promise;
    auto answer = promise.get_future();
    start([&promise](absl::StatusOr<T> r) { promise.set_value(std::move(r)); });
    return answer.get();
  }
  absl::StatusOr<core::CreateCaseResult> Create(const core::Case& c, const std::string& key) {
    return Await<core::CreateCaseResult>(
        [&](auto done) { store_->Create(c, key, std::move(done)); });
  }
  absl::StatusOr<core::Case> Get(const std::string& id) {
    return Await<core::Case>([&](auto done) { store_->Get(id, std::move(done)); });
  }
  absl::StatusOr<redis::AppendOutcome> Append(const redis::AppendRequest& req) {
    return Await<redis::AppendOutcome>([&](auto done) { store_->Append(req, std::move(done)); });
  }

  // A case as intake would hand it to the store: normalised, with id and timestamps.
  core::Case NewCase(const std::string& idempotency_key, const std::string& narrative) {
    core::Case c;
    const auto now = std::chrono::system_clock::now();
    c.id = core::MakeCaseId(now, core::PartitionOf(idempotency_key, kPartitions), random_);
    c.category = core::Category::kTrafficking;
    c.severity = core::Severity::kHigh;
    c.region_code = "53.21.01.2006";
    c.channel = core::Channel::kAgencySystem;
    c.subject = {"Maria Goreti Seran",
                 "5321014507950001",
                 "+6281234567890",
                 core::Sex::kFemale,
                 "53.21.01.2006",
                 "MY",
                 true};
    c.reported_persons = {{"Yohanes Calo Bria", "+6281398765432", "", "calo"}};
    c.reporter = {core::ReporterMode::kConfidential, "Agustina Luruk", "+6285311112222", "kakak"};
    c.narrative = narrative;
    c.status = core::CaseStatus::kReceived;
    c.version = 1;
    c.submitted_by = "bp3mi-ntt";
    c.created_at = c.updated_at = now;
    return c;
  }

  std::string EventsKey(const std::string& case_id) const {
    return redis::KeyLayout(prefix_).Events(*core::PartitionOfCaseId(case_id));
  }
  long long Xlen(const std::string& stream) const {
    const auto r = redis_->Run({"XLEN", stream});
    return r.empty() ? -1 : std::stoll(r[0]);
  }
  // Every key of this test's prefix.
  std::vector<std::string> AllKeys() const { return redis_->Run({"KEYS", prefix_ + ":*"}); }

  std::unique_ptr<RedisServer> redis_;
  crypto::OsRandom random_;
  crypto::KeyRing ring_;
  std::unique_ptr<crypto::AesGcmFieldCipher> cipher_;
  std::unique_ptr<crypto::HmacKeyedHasher> hasher_;
  std::unique_ptr<redis::PipelinedClient> redis_client_;
  std::string prefix_;
  std::unique_ptr<redis::RedisCaseStore> store_;
};

}  // namespace lintas::testing
