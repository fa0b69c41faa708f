// Consumer groups against a real redis-server: delivery, acknowledgement, claiming what a dead
// consumer left, dead letters, entries deleted while pending, trimming behind the slowest group.
#include "adapters/redis/stream_consumer.h"

#include <gtest/gtest.h>

#include <thread>

#include "tests/support/redis_server.h"

namespace lintas::testing {
namespace {

using redis::ConsumerOptions;
using redis::StreamConsumer;

class StreamConsumerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    redis_ = RedisServer::Start();
    ASSERT_NE(redis_, nullptr);
    for (int i = 0; i < 5; ++i) {
      ids_.push_back(redis_->Run({"XADD", kStream, "*", "e", "event-" + std::to_string(i)})[0]);
    }
  }

  std::unique_ptr<StreamConsumer> Consumer(
      const std::string& group, const std::string& name,
      std::chrono::milliseconds claim_idle = std::chrono::milliseconds(30000),
      std::vector<std::string> all_groups = {}) {
    ConsumerOptions o;
    o.group = group;
    o.all_groups = std::move(all_groups);
    o.consumer = name;
    o.streams = {kStream};
    o.block = std::chrono::milliseconds(100);
    o.claim_idle = claim_idle;
    o.dead_letter_stream = "t:dlq:" + group;
    auto address = redis::RedisAddress::Parse(redis_->address());
    auto c = std::make_unique<StreamConsumer>(*address, o);
    EXPECT_TRUE(c->EnsureGroups().ok());
    return c;
  }

  long long Pending(const std::string& group) {
    return std::stoll(redis_->Run({"XPENDING", kStream, group})[0]);
  }

  static constexpr char kStream[] = "t:{p00}:events";
  std::unique_ptr<RedisServer> redis_;
  std::vector<std::string> ids_;
};

TEST_F(StreamConsumerTest, DeliversEachEntryOnceAndForgetsItWhenAcknowledged) {
  auto a = Consumer("routing", "a");
  EXPECT_TRUE(a->EnsureGroups().ok()) << "an existing group is fine";
  auto first = a->ReadNew();
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->size(), 5u) << "a new group starts at the beginning of the stream";
  EXPECT_EQ(*(*first)[0].Field("e"), "event-0");
  auto again = a->ReadNew();  // nothing new: waits `block`, then an empty batch
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty());
  for (const auto& e : *first)
    ASSERT_TRUE(a->Ack(e).ok());
  EXPECT_EQ(Pending("routing"), 0);
}

TEST_F(StreamConsumerTest, EntriesADeadConsumerLeftAreClaimedByAnother) {
  auto dead = Consumer("routing", "dead");
  ASSERT_EQ(dead->ReadNew()->size(), 5u);  // read, never acknowledged: it "crashed"
  auto alive = Consumer("routing", "alive", std::chrono::milliseconds(50));
  EXPECT_TRUE(alive->ReadNew()->empty()) << "they are pending, not new";
  std::this_thread::sleep_for(std::chrono::milliseconds(120));  // Redis measures idle time
  auto claimed = alive->ClaimStale();
  ASSERT_TRUE(claimed.ok()) << claimed.status();
  ASSERT_EQ(claimed->size(), 5u);
  EXPECT_EQ(*alive->DeliveryCount((*claimed)[0]), 2);
  for (const auto& e : *claimed)
    ASSERT_TRUE(alive->Ack(e).ok());
  EXPECT_EQ(Pending("routing"), 0);
}

TEST_F(StreamConsumerTest, APoisonEntryGoesToDeadLettersWithItsErrorAndTheRestCarriesOn) {
  auto a = Consumer("routing", "a");
  auto batch = a->ReadNew();
  ASSERT_EQ(batch->size(), 5u);
  ASSERT_TRUE(a->DeadLetter((*batch)[2], "envelope does not parse").ok());
  for (size_t i = 0; i < batch->size(); ++i) {
    if (i != 2) {
      ASSERT_TRUE(a->Ack((*batch)[i]).ok());
    }
  }
  EXPECT_EQ(Pending("routing"), 0);
  const auto dlq = redis_->Run({"XRANGE", "t:dlq:routing", "-", "+"});
  ASSERT_FALSE(dlq.empty());
  const auto has = [&](const std::string& v) {
    return std::find(dlq.begin(), dlq.end(), v) != dlq.end();
  };
  EXPECT_TRUE(has("envelope does not parse"));
  EXPECT_TRUE(has(ids_[2]));
  EXPECT_TRUE(has("event-2"));
  EXPECT_TRUE(has(kStream));
}

TEST_F(StreamConsumerTest, AnEntryDeletedWhilePendingIsCountedNotDelivered) {
  auto dead = Consumer("routing", "dead");
  ASSERT_EQ(dead->ReadNew()->size(), 5u);
  redis_->Run({"XDEL", kStream, ids_[1]});
  auto alive = Consumer("routing", "alive", std::chrono::milliseconds(50));
  std::this_thread::sleep_for(std::chrono::milliseconds(120));
  auto claimed = alive->ClaimStale();
  ASSERT_TRUE(claimed.ok()) << claimed.status();
  EXPECT_EQ(claimed->size(), 4u);
  EXPECT_EQ(alive->deleted_seen(), 1);
  for (const auto& e : *claimed)
    ASSERT_TRUE(alive->Ack(e).ok());
  EXPECT_EQ(Pending("routing"), 0) << "Redis dropped the deleted entry from the pending list";
}

TEST_F(StreamConsumerTest, TrimmingKeepsWhatTheSlowestGroupStillNeeds) {
  auto routing = Consumer("routing", "a");
  auto notify = Consumer("notify", "b");
  auto r = routing->ReadNew();
  for (const auto& e : *r)
    ASSERT_TRUE(routing->Ack(e).ok());
  ASSERT_TRUE(routing->TrimAcknowledged(kStream).ok());
  EXPECT_EQ(redis_->Run({"XLEN", kStream})[0], "5") << "notify has read nothing yet";

  auto n = notify->ReadNew();
  ASSERT_EQ(n->size(), 5u);
  for (size_t i = 0; i < 3; ++i)
    ASSERT_TRUE(notify->Ack((*n)[i]).ok());
  ASSERT_TRUE(notify->TrimAcknowledged(kStream).ok());
  const auto left = redis_->Run({"XRANGE", kStream, "-", "+"});
  ASSERT_FALSE(left.empty());
  EXPECT_EQ(left[0], ids_[3]) << "entries 3 and 4 are still pending for notify";
  EXPECT_EQ(redis_->Run({"XLEN", kStream})[0], "2");
}

// Issue 16 item 1: notify absent (crash-looping or deployed later) while routing trims. Before the
// fix routing trimmed behind its own position and the late notify group found the events gone.
TEST_F(StreamConsumerTest, AGroupThatStartsLateStillGetsEveryEntryAfterATrim) {
  auto routing = Consumer("routing", "a", std::chrono::milliseconds(30000), {"routing", "notify"});
  redis_->Run({"XGROUP", "DESTROY", kStream, "notify"});  // notify has never run
  auto r = routing->ReadNew();
  ASSERT_EQ(r->size(), 5u);
  ASSERT_TRUE(routing->Ack(*r).ok());
  ASSERT_TRUE(routing->TrimAcknowledged(kStream).ok());
  EXPECT_EQ(redis_->Run({"XLEN", kStream})[0], "5") << "the trim created notify at 0 first";

  auto notify = Consumer("notify", "b");  // starts late
  auto n = notify->ReadNew();
  ASSERT_TRUE(n.ok()) << n.status();
  ASSERT_EQ(n->size(), 5u) << "every entry written before notify's first start";
  EXPECT_EQ(*(*n)[0].Field("e"), "event-0");
}

TEST_F(StreamConsumerTest, EnsureGroupsCreatesEveryListedGroup) {
  auto routing = Consumer("routing", "a", std::chrono::milliseconds(30000), {"routing", "notify"});
  EXPECT_EQ(Pending("notify"), 0) << "XPENDING fails on a missing group";
}

TEST_F(StreamConsumerTest, AConsumerSurvivesARedisRestart) {
  auto a = Consumer("routing", "a");
  ASSERT_EQ(a->ReadNew()->size(), 5u);
  redis_->Kill();
  EXPECT_EQ(a->ReadNew().status().code(), absl::StatusCode::kUnavailable);
  redis_->Restart();
  redis_->Run({"XADD", kStream, "*", "e", "after"});
  auto next = a->ReadNew();
  ASSERT_TRUE(next.ok()) << next.status();
  ASSERT_EQ(next->size(), 1u) << "the group and its position survived in the AOF";
  EXPECT_EQ(*(*next)[0].Field("e"), "after");
}

}  // namespace
}  // namespace lintas::testing
