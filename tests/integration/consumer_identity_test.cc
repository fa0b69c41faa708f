// Issue 16 item 4 against a real redis-server: one live process per consumer name (the lease),
// and idle, empty consumers leaving their groups while ones with pending entries stay.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "adapters/redis/consumer_lease.h"
#include "adapters/redis/pipelined_client.h"
#include "adapters/redis/stream_consumer.h"
#include "tests/support/redis_server.h"

namespace lintas::testing {
namespace {

using std::chrono::milliseconds;

class ConsumerIdentityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    redis_ = RedisServer::Start();
    ASSERT_NE(redis_, nullptr);
    auto address = redis::RedisAddress::Parse(redis_->address());
    client_ = std::make_unique<redis::PipelinedClient>(*address, redis::PipelineOptions{});
  }

  std::unique_ptr<redis::StreamConsumer> Consumer(const std::string& group,
                                                  const std::string& name) {
    redis::ConsumerOptions o;
    o.group = group;
    o.all_groups = {"routing", "notify"};
    o.consumer = name;
    o.streams = {kStream};
    o.block = milliseconds(10);
    o.dead_letter_stream = "t:dlq:" + group;
    auto address = redis::RedisAddress::Parse(redis_->address());
    auto c = std::make_unique<redis::StreamConsumer>(*address, o);
    EXPECT_TRUE(c->EnsureGroups().ok());
    return c;
  }

  std::vector<std::string> Names(const std::string& group) {
    std::vector<std::string> names;
    const auto flat = redis_->Run({"XINFO", "CONSUMERS", kStream, group});
    for (size_t i = 0; i + 1 < flat.size(); ++i) {
      if (flat[i] == "name") names.push_back(flat[i + 1]);
    }
    return names;
  }

  // Short, so the waits in these tests are short; lintasd uses LeaseOptions{}.
  static constexpr redis::LeaseOptions kFast{
      .ttl = milliseconds(300), .renew_every = milliseconds(80), .poll = milliseconds(20)};
  static constexpr char kStream[] = "t:{p00}:events";
  static constexpr char kKey[] = "t:consumer-lease:kupang-a-routing";
  std::unique_ptr<RedisServer> redis_;
  std::unique_ptr<redis::PipelinedClient> client_;
};

TEST_F(ConsumerIdentityTest, IdleEmptyConsumersAreRemovedAndOnesWithPendingEntriesStay) {
  for (int i = 0; i < 5; ++i)
    redis_->Run({"XADD", kStream, "*", "e", std::to_string(i)});
  {
    auto done = Consumer("routing", "host-101");  // an old "<host>-<pid>": read and acknowledged
    auto read = done->ReadNew();
    ASSERT_TRUE(read.ok() && read->size() == 5u);
    ASSERT_TRUE(done->Ack(*read).ok());
  }
  redis_->Run({"XADD", kStream, "*", "e", "5"});
  {
    auto crashed = Consumer("routing", "host-102");  // died holding an entry
    auto read = crashed->ReadNew();
    ASSERT_TRUE(read.ok() && read->size() == 1u);
  }
  {
    auto empty = Consumer("notify", "host-103");  // a notify that never got anything
    auto read = empty->ReadOwnPending();
    ASSERT_TRUE(read.ok());
  }
  auto trimmer = Consumer("routing", "kupang-a-routing");
  ASSERT_TRUE(trimmer->ReadOwnPending().ok());  // the trimmer itself: idle 0, nothing pending
  ASSERT_EQ(Names("routing").size(), 3u);
  ASSERT_EQ(Names("notify").size(), 1u);

  auto removed = trimmer->RemoveIdleConsumers(kStream, std::chrono::hours(1));
  ASSERT_TRUE(removed.ok()) << removed.status();
  EXPECT_EQ(*removed, 0) << "none has been idle for an hour";

  removed = trimmer->RemoveIdleConsumers(kStream, milliseconds(0));
  ASSERT_TRUE(removed.ok()) << removed.status();
  EXPECT_EQ(*removed, 2);
  EXPECT_EQ(Names("routing"), (std::vector<std::string>{"host-102", "kupang-a-routing"}))
      << "the one with a pending entry stays, and so does the worker itself";
  EXPECT_TRUE(Names("notify").empty());
  EXPECT_EQ(redis_->Run({"XPENDING", kStream, "routing"})[0], "1") << "its entry is still owed";
}

TEST_F(ConsumerIdentityTest, ASecondLiveProcessWaitsThenIsRefusedNamingTheKeyAndTheFix) {
  auto first =
      redis::ConsumerLease::Acquire(*client_, kKey, "host/1/aa", "set server.instance", kFast);
  ASSERT_TRUE(first.ok()) << first.status();
  // The first keeps renewing well past its TTL: the second never gets it.
  auto second = redis::ConsumerLease::Acquire(*client_, kKey, "host/2/bb",
                                              "give each its own server.instance", kFast);
  ASSERT_EQ(second.status().code(), absl::StatusCode::kFailedPrecondition) << second.status();
  EXPECT_TRUE(absl::StrContains(second.status().message(), kKey)) << second.status();
  EXPECT_TRUE(absl::StrContains(second.status().message(), "host/1/aa")) << second.status();
  EXPECT_TRUE(absl::StrContains(second.status().message(), "server.instance")) << second.status();
  EXPECT_TRUE((*first)->held());
  EXPECT_EQ(redis_->Run({"GET", kKey})[0], "host/1/aa");
}

TEST_F(ConsumerIdentityTest, AKilledHoldersLeaseLapsesAndTheRestartTakesIt) {
  // What a SIGKILLed holder leaves: its token with the TTL it last renewed, never deleted.
  redis_->Run({"SET", kKey, "host/1/dead", "PX", "300"});
  const auto start = std::chrono::steady_clock::now();
  auto restarted = redis::ConsumerLease::Acquire(*client_, kKey, "host/1/new", "-", kFast);
  ASSERT_TRUE(restarted.ok()) << restarted.status();
  EXPECT_EQ(redis_->Run({"GET", kKey})[0], "host/1/new");
  std::printf("lease of a killed holder taken after %lld ms (ttl 300 ms)\n",
              static_cast<long long>(
                  std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - start)
                      .count()));
}

TEST_F(ConsumerIdentityTest, ACleanStopReleasesTheNameAndRenewalsOutliveTheTtl) {
  {
    auto lease = redis::ConsumerLease::Acquire(*client_, kKey, "host/1/aa", "-", kFast);
    ASSERT_TRUE(lease.ok()) << lease.status();
    // Several TTLs later it is still held: the renewals work.
    std::this_thread::sleep_for(kFast.ttl * 3);
    EXPECT_EQ(redis_->Run({"GET", kKey})[0], "host/1/aa");
    EXPECT_TRUE((*lease)->held());
  }
  EXPECT_EQ(redis_->Run({"EXISTS", kKey})[0], "0") << "released on a clean stop";
  auto next = redis::ConsumerLease::Acquire(*client_, kKey, "host/2/bb", "-", kFast);
  ASSERT_TRUE(next.ok()) << next.status();
}

}  // namespace
}  // namespace lintas::testing
