// FeedRegistry calls Stop with its lock released: a member may Leave from inside Stop, and Leave
// from another thread waits until a Stop of that member in progress has returned.
#include "services/feeds/feed_registry.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

namespace lintas::feeds {
namespace {

using namespace std::chrono_literals;

class LeavingMember final : public FeedRegistry::Member {
 public:
  explicit LeavingMember(FeedRegistry& registry) : registry_(registry) {}
  void Stop() override {
    ++stops;
    registry_.Leave(this);  // would deadlock if Stop ran under the registry's lock
  }
  int stops = 0;

 private:
  FeedRegistry& registry_;
};

TEST(FeedRegistryTest, AMemberMayLeaveFromInsideStop) {
  FeedRegistry registry;
  LeavingMember a(registry), b(registry);
  ASSERT_TRUE(registry.Join(&a));
  ASSERT_TRUE(registry.Join(&b));
  registry.StopAll();
  EXPECT_EQ(a.stops, 1);
  EXPECT_EQ(b.stops, 1);
  EXPECT_EQ(registry.size(), 0u);
  EXPECT_FALSE(registry.Join(&a)) << "joining after StopAll must be refused";
}

class BlockingMember final : public FeedRegistry::Member {
 public:
  void Stop() override {
    entered.set_value();
    release.get_future().wait();
    stop_returned = true;
  }
  std::promise<void> entered;
  std::promise<void> release;
  std::atomic<bool> stop_returned{false};
};

TEST(FeedRegistryTest, LeaveWaitsOutAStopInProgress) {
  FeedRegistry registry;
  BlockingMember m;
  ASSERT_TRUE(registry.Join(&m));
  std::thread stopper([&] { registry.StopAll(); });
  m.entered.get_future().wait();
  auto left = std::async(std::launch::async, [&] {
    registry.Leave(&m);
    return m.stop_returned.load();
  });
  // Leave must still be waiting while Stop runs.
  EXPECT_EQ(left.wait_for(200ms), std::future_status::timeout);
  m.release.set_value();
  EXPECT_TRUE(left.get()) << "Leave returned before Stop did";
  stopper.join();
  EXPECT_EQ(registry.size(), 0u);
}

}  // namespace
}  // namespace lintas::feeds
