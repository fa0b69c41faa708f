// The feeds' stream tail hub against a real redis-server: wake-ups on appends to watched keys
// only, ticks, removal, many keys in one XREAD, and recovery after Redis restarts.
#include "adapters/redis/stream_tail_hub.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>

#include "tests/support/redis_server.h"

namespace lintas::testing {
namespace {

using namespace std::chrono_literals;
using redis::StreamTailHub;

class CountingListener final : public StreamTailHub::Listener {
 public:
  void OnAppended() override {
    std::lock_guard lock(mu_);
    ++appended_;
    cv_.notify_all();
  }
  void OnTick(std::chrono::steady_clock::time_point) override {
    std::lock_guard lock(mu_);
    ++ticks_;
    cv_.notify_all();
  }
  // Waits until the wake-up count exceeds `n`.
  bool WaitAppendedAbove(int n, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return appended_ > n; });
  }
  bool WaitTicks(int n, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return ticks_ >= n; });
  }
  int appended() {
    std::lock_guard lock(mu_);
    return appended_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int appended_ = 0;
  int ticks_ = 0;
};

class StreamTailHubTest : public ::testing::Test {
 protected:
  void SetUp() override {
    redis_ = RedisServer::Start();
    ASSERT_NE(redis_, nullptr);
    StreamTailHub::Options o;
    o.block = 200ms;
    o.tick = 100ms;
    o.max_backoff = 200ms;
    hub_ = std::make_unique<StreamTailHub>(*redis::RedisAddress::Parse(redis_->address()), o);
  }
  void Append(const std::string& key) { redis_->Run({"XADD", key, "*", "f", "v"}); }

  std::unique_ptr<RedisServer> redis_;
  std::unique_ptr<StreamTailHub> hub_;
};

TEST_F(StreamTailHubTest, WakesTheListenersOfTheKeyThatGrew) {
  Append("t:{a:x}:inbox");  // an existing entry: the hub starts at the tip, after it
  CountingListener x1, x2, y;
  hub_->Add("t:{a:x}:inbox", &x1);
  hub_->Add("t:{a:x}:inbox", &x2);
  hub_->Add("t:{a:y}:inbox", &y);
  // The first sight of a key wakes its listeners once.
  ASSERT_TRUE(x1.WaitAppendedAbove(0, 5s));
  ASSERT_TRUE(y.WaitAppendedAbove(0, 5s));
  EXPECT_EQ(hub_->keys(), 2u);
  EXPECT_EQ(hub_->listeners(), 3u);
  std::this_thread::sleep_for(300ms);
  // Each listener against its own count: x2 was added after x1, so the hub may have woken x1
  // for the key's first sight before x2 was there (seen under TSan's slowdown).
  const int x1_before = x1.appended(), x2_before = x2.appended(), y_before = y.appended();

  Append("t:{a:x}:inbox");
  ASSERT_TRUE(x1.WaitAppendedAbove(x1_before, 5s));
  ASSERT_TRUE(x2.WaitAppendedAbove(x2_before, 5s));
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(y.appended(), y_before) << "another key's listener is not woken";

  // A burst of 500 entries (one script) is one wake-up, not one per entry.
  const int burst_before = x1.appended();
  redis_->Run({"EVAL", "for i = 1, 500 do redis.call('XADD', KEYS[1], '*', 'f', 'v') end", "1",
               "t:{a:x}:inbox"});
  ASSERT_TRUE(x1.WaitAppendedAbove(burst_before, 5s));
  std::this_thread::sleep_for(500ms);
  EXPECT_EQ(x1.appended() - burst_before, 1);

  hub_->Remove("t:{a:x}:inbox", &x1);
  std::this_thread::sleep_for(300ms);
  const int after_remove = x1.appended();
  const int x2_before_last = x2.appended();
  Append("t:{a:x}:inbox");
  ASSERT_TRUE(x2.WaitAppendedAbove(x2_before_last, 5s));
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(x1.appended(), after_remove) << "a removed listener is never called again";
  hub_->Remove("t:{a:x}:inbox", &x2);
  hub_->Remove("t:{a:y}:inbox", &y);
  EXPECT_EQ(hub_->keys(), 0u);
}

TEST_F(StreamTailHubTest, TicksEveryListener) {
  CountingListener l;
  hub_->Add("t:{a:x}:inbox", &l);
  EXPECT_TRUE(l.WaitTicks(5, 5s));
  hub_->Remove("t:{a:x}:inbox", &l);
}

// Listeners are called with no hub lock held, so one may remove itself from inside its callback
// (this deadlocked while the hub held a dispatch lock around the calls).
class SelfRemovingListener final : public StreamTailHub::Listener {
 public:
  SelfRemovingListener(StreamTailHub& hub, std::string key) : hub_(hub), key_(std::move(key)) {}
  void OnAppended() override {
    if (!removed_.exchange(true)) {
      hub_.Remove(key_, this);
      done_.set_value();
    }
  }
  void OnTick(std::chrono::steady_clock::time_point) override {}
  std::future<void> done() { return done_.get_future(); }

 private:
  StreamTailHub& hub_;
  const std::string key_;
  std::atomic<bool> removed_{false};
  std::promise<void> done_;
};

TEST_F(StreamTailHubTest, AListenerMayRemoveItselfFromItsCallback) {
  SelfRemovingListener l(*hub_, "t:{a:x}:inbox");
  auto done = l.done();
  hub_->Add("t:{a:x}:inbox", &l);  // the first sight of the key wakes it
  ASSERT_EQ(done.wait_for(5s), std::future_status::ready);
  EXPECT_EQ(hub_->listeners(), 0u);
  // The hub goes on serving others.
  CountingListener other;
  hub_->Add("t:{a:y}:inbox", &other);
  ASSERT_TRUE(other.WaitAppendedAbove(0, 5s));
  Append("t:{a:y}:inbox");
  EXPECT_TRUE(other.WaitAppendedAbove(1, 5s));
  hub_->Remove("t:{a:y}:inbox", &other);
}

TEST_F(StreamTailHubTest, ManyKeysInOneRead) {
  std::vector<std::unique_ptr<CountingListener>> ls;
  for (int i = 0; i < 300; ++i) {
    ls.push_back(std::make_unique<CountingListener>());
    hub_->Add("t:{c:" + std::to_string(i) + "}:timeline", ls.back().get());
  }
  ASSERT_TRUE(ls.back()->WaitAppendedAbove(0, 5s));
  std::this_thread::sleep_for(300ms);
  const int before = ls[123]->appended();
  Append("t:{c:123}:timeline");
  EXPECT_TRUE(ls[123]->WaitAppendedAbove(before, 5s));
  for (int i = 0; i < 300; ++i)
    hub_->Remove("t:{c:" + std::to_string(i) + "}:timeline", ls[i].get());
}

TEST_F(StreamTailHubTest, RecoversWhenRedisRestartsAndWakesEveryoneAfter) {
  CountingListener l;
  hub_->Add("t:{a:x}:inbox", &l);
  ASSERT_TRUE(l.WaitAppendedAbove(0, 5s));
  redis_->Kill();
  std::this_thread::sleep_for(500ms);
  const int before = l.appended();
  redis_->Restart();
  // After reconnecting the hub wakes its listeners (something may have come meanwhile).
  ASSERT_TRUE(l.WaitAppendedAbove(before, 10s));
  EXPECT_GE(hub_->reconnects(), 1);
  const int after = l.appended();
  Append("t:{a:x}:inbox");
  EXPECT_TRUE(l.WaitAppendedAbove(after, 5s));
  hub_->Remove("t:{a:x}:inbox", &l);
}

}  // namespace
}  // namespace lintas::testing
