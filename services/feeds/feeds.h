#pragma once

#include <memory>

#include "adapters/redis/redis_address.h"
#include "adapters/redis/stream_tail_hub.h"
#include "services/common/blocking_executor.h"
#include "services/feeds/feed_reactor.h"
#include "services/feeds/feed_registry.h"

namespace lintas::feeds {

// What every live stream of the process shares: the hub that tails Redis, the few threads that
// read and render, and the registry of live streams. Destroy it after the gRPC server has
// stopped (every stream is done by then); StopAll first, so that server shutdown does not wait
// for streams that never end.
class Feeds {
 public:
  struct Options {
    FeedSettings settings;
    int render_threads = 2;
    redis::StreamTailHub::Options hub;
  };

  // At most this many reads and renders may wait for a thread; beyond it a stream retries on
  // its next tick (and a new stream or an Ack is refused with RESOURCE_EXHAUSTED).
  static constexpr std::size_t kMaxQueuedJobs = 8192;

  Feeds(redis::RedisAddress address, Options options)
      : settings_(options.settings),
        hub_(std::move(address), options.hub),
        executor_("render", options.render_threads, kMaxQueuedJobs) {}

  // Ends every live stream with UNAVAILABLE and refuses new ones.
  void StopAll() { registry_.StopAll(); }

  template <typename Response>
  typename FeedReactor<Response>::Deps Deps() {
    return {hub_, executor_, registry_, settings_};
  }
  services::BlockingExecutor& executor() { return executor_; }
  const FeedSettings& settings() const { return settings_; }
  const redis::StreamTailHub& hub() const { return hub_; }
  std::size_t live_streams() const { return registry_.size(); }

 private:
  const FeedSettings settings_;
  FeedRegistry registry_;
  redis::StreamTailHub hub_;
  // Declared last, destroyed first: it runs the jobs still queued (each may delete its finished
  // stream, which leaves the hub and the registry) while both still exist.
  services::BlockingExecutor executor_;
};

}  // namespace lintas::feeds
