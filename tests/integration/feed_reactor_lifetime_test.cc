// FeedReactor's lifetime under the interleaving gRPC allows: OnDone arrives on another thread as
// soon as Finish is issued, while the thread that issued it (a render thread, the hub's) has not
// yet returned into the reactor. A fake call stands in for gRPC's so that OnWriteDone and OnDone
// come from a thread of the test's own, right away; run under ASan or TSan this reported a
// use after free before the reactor was reference counted (issue 9).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "adapters/redis/stream_tail_hub.h"
#include "lintas/v1/notification.pb.h"
#include "services/common/blocking_executor.h"
#include "services/feeds/feed_reactor.h"
#include "services/feeds/feed_registry.h"
#include "tests/support/redis_server.h"

namespace lintas::feeds {
namespace {

using Response = v1::SubscribeResponse;
using namespace std::chrono_literals;

// gRPC's side of one call: completions run on the test's "gRPC thread", never inline. Like
// gRPC, which holds the call until the method handler has returned the reactor, it delivers no
// completion before Bind has returned.
class FakeCall final : public grpc::ServerCallbackWriter<Response> {
 public:
  explicit FakeCall(std::function<void(std::function<void()>)> post) : post_(std::move(post)) {}
  void Bind(grpc::ServerWriteReactor<Response>* reactor) {
    reactor_ = reactor;
    BindReactor(reactor);
    std::vector<std::function<void()>> held;
    {
      std::lock_guard lock(mu_);
      bound_ = true;
      held.swap(held_);
    }
    for (auto& e : held)
      post_(std::move(e));
  }
  void Finish(grpc::Status) override {
    Complete([r = reactor_.load()] { r->OnDone(); });
  }
  void SendInitialMetadata() override {}
  void Write(const Response*, grpc::WriteOptions) override {
    Complete([r = reactor_.load()] { r->OnWriteDone(true); });
  }
  void WriteAndFinish(const Response*, grpc::WriteOptions, grpc::Status) override {
    Complete([r = reactor_.load()] { r->OnDone(); });
  }

 private:
  grpc::internal::ServerReactor* reactor() override { return reactor_.load(); }
  void CallOnDone() override {}
  void Complete(std::function<void()> e) {
    {
      std::lock_guard lock(mu_);
      if (!bound_) {
        held_.push_back(std::move(e));
        return;
      }
    }
    post_(std::move(e));
  }

  std::function<void(std::function<void()>)> post_;
  // Atomic: gRPC's own ordering of Bind before Write (an absl::Mutex) is invisible to TSan.
  std::atomic<grpc::ServerWriteReactor<Response>*> reactor_{nullptr};
  std::mutex mu_;
  bool bound_ = false;
  std::vector<std::function<void()>> held_;
};

// One page of one message, then an error: the render thread finishes the call itself.
class FailingSource final : public FeedSource<Response> {
 public:
  explicit FailingSource(std::atomic<int>& destroyed) : destroyed_(destroyed) {}
  ~FailingSource() override { destroyed_.fetch_add(1); }
  absl::StatusOr<std::string> Start() override { return std::string(); }
  std::string WatchKey() const override { return "t:{a:x}:inbox"; }
  absl::StatusOr<FeedPage<Response>> Fetch(const std::string& after, int) override {
    if (!after.empty()) return absl::UnavailableError("redis away");
    FeedPage<Response> page;
    page.entries.push_back({Response(), "1-0"});
    page.last_position = "1-0";
    page.full = true;
    return page;
  }
  const char* PositionName() const override { return "cursor"; }

 private:
  std::atomic<int>& destroyed_;
};

TEST(FeedReactorLifetime, OnDoneRacingTheThreadThatFinishedNeverFreesUnderIt) {
  // As lintasd's main does: spdlog's registry exists before any thread logs (it is built on first
  // use inside the uninstrumented libspdlog, whose once-guard TSan cannot see).
  spdlog::default_logger();
  auto redis = testing::RedisServer::Start();
  ASSERT_NE(redis, nullptr);
  redis::StreamTailHub::Options o;
  o.block = 50ms;
  o.tick = 1ms;  // ticks race the render threads too
  redis::StreamTailHub hub(*redis::RedisAddress::Parse(redis->address()), o);
  services::BlockingExecutor executor("render", 4, 1024);
  FeedRegistry registry;
  FeedSettings settings;
  settings.page_size = 1;

  // The test's gRPC thread.
  std::mutex mu;
  std::condition_variable cv;
  std::deque<std::function<void()>> events;
  bool stop = false;
  std::thread grpc_thread([&] {
    std::unique_lock lock(mu);
    for (;;) {
      cv.wait(lock, [&] { return stop || !events.empty(); });
      if (events.empty()) return;
      auto e = std::move(events.front());
      events.pop_front();
      lock.unlock();
      e();
      lock.lock();
    }
  });
  auto post = [&](std::function<void()> e) {
    {
      std::lock_guard lock(mu);
      events.push_back(std::move(e));
    }
    cv.notify_one();
  };

  constexpr int kStreams = 2000;
  std::atomic<int> destroyed{0};
  std::vector<std::unique_ptr<FakeCall>> calls;
  for (int i = 0; i < kStreams; ++i) {
    calls.push_back(std::make_unique<FakeCall>(post));
    auto* r = FeedReactor<Response>::Create({hub, executor, registry, settings},
                                            std::make_unique<FailingSource>(destroyed), "test");
    calls.back()->Bind(r);
  }
  // Every reactor is deleted (its source with it) once OnDone and its last job have run.
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while (destroyed.load() < kStreams && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(10ms);
  EXPECT_EQ(destroyed.load(), kStreams);
  EXPECT_EQ(registry.size(), 0u);
  EXPECT_EQ(hub.listeners(), 0u);
  {
    std::lock_guard lock(mu);
    stop = true;
  }
  cv.notify_one();
  grpc_thread.join();
}

}  // namespace
}  // namespace lintas::feeds
