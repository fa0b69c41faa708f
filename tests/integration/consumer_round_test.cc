// HandleRound against a real redis-server (issue 16 item 4): a restarted worker with the same
// consumer identity takes its own pending entries back at once, not after claim_idle; a Redis
// outage stops the round instead of failing every entry of the batch.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "adapters/redis/stream_consumer.h"
#include "services/common/consumer_batch.h"
#include "tests/support/redis_server.h"

namespace lintas::testing {
namespace {

using redis::ConsumerOptions;
using redis::StreamConsumer;
using redis::StreamEntry;

class ConsumerRoundTest : public ::testing::Test {
 protected:
  void SetUp() override {
    redis_ = RedisServer::Start();
    ASSERT_NE(redis_, nullptr);
    for (int i = 0; i < 5; ++i)
      redis_->Run({"XADD", kStream, "*", "e", "event-" + std::to_string(i)});
  }

  std::unique_ptr<StreamConsumer> Consumer(const std::string& name) {
    ConsumerOptions o;
    o.group = "routing";
    o.consumer = name;
    o.streams = {kStream};
    o.block = std::chrono::milliseconds(100);
    o.claim_idle = std::chrono::milliseconds(30000);
    o.dead_letter_stream = kDlq;
    auto address = redis::RedisAddress::Parse(redis_->address());
    auto c = std::make_unique<StreamConsumer>(*address, o);
    EXPECT_TRUE(c->EnsureGroups().ok());
    return c;
  }

  long long Pending() { return std::stoll(redis_->Run({"XPENDING", kStream, "routing"})[0]); }

  static constexpr char kStream[] = "t:{p00}:events";
  static constexpr char kDlq[] = "t:dlq:routing";
  std::unique_ptr<RedisServer> redis_;
};

TEST_F(ConsumerRoundTest, ARestartedWorkerTakesBackItsOwnPendingEntriesAtOnce) {
  {
    auto killed = Consumer("worker-1");
    ASSERT_EQ(killed->ReadNew()->size(), 5u);  // read mid-batch, never acknowledged: killed
  }
  const auto start = std::chrono::steady_clock::now();
  auto restarted = Consumer("worker-1");  // same identity, claim_idle still 30 s
  std::vector<std::string> handled;
  auto n = services::HandleRound(*restarted, 5, [&](const StreamEntry& e) {
    handled.push_back(*e.Field("e"));
    return absl::OkStatus();
  });
  ASSERT_TRUE(n.ok()) << n.status();
  ASSERT_EQ(handled.size(), 5u);
  EXPECT_EQ(handled.front(), "event-0");
  EXPECT_EQ(Pending(), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}

TEST_F(ConsumerRoundTest, ARedisOutageStopsTheRoundAndLosesNothing) {
  auto c = Consumer("worker-1");
  int calls = 0;
  auto n = services::HandleRound(*c, 5, [&](const StreamEntry&) {
    ++calls;
    return absl::UnavailableError("redis at t: connection refused");
  });
  EXPECT_EQ(n.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(calls, 1) << "the first failure stops the round, not each entry of the batch";
  EXPECT_EQ(Pending(), 5);
  EXPECT_TRUE(c->resume_own());

  // Redis back: the next round takes the batch back at once, in order, no dead letter.
  std::vector<std::string> handled;
  n = services::HandleRound(*c, 5, [&](const StreamEntry& e) {
    handled.push_back(*e.Field("e"));
    return absl::OkStatus();
  });
  ASSERT_TRUE(n.ok()) << n.status();
  EXPECT_EQ(handled.size(), 5u);
  EXPECT_EQ(Pending(), 0);
  EXPECT_EQ(redis_->Run({"XLEN", kDlq})[0], "0");
}

}  // namespace
}  // namespace lintas::testing
