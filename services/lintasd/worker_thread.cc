#include "services/lintasd/worker_thread.h"

#include "adapters/redis/key_layout.h"
#include "adapters/sync/thread_name.h"
#include "core/util/backoff.h"
#include "core/util/string_view.h"
#include "services/lintasd/worker_identity.h"
#include "spdlog/spdlog.h"

namespace lintas::lintasd {

redis::ConsumerOptions GroupOptions(const config::LintasdConfig& config, const std::string& group) {
  redis::ConsumerOptions o;
  o.group = group;
  o.all_groups = kEventGroups;
  o.consumer = ConsumerName(config, group);
  o.claim_idle = std::chrono::milliseconds(config.workers.claim_idle_ms);
  const redis::KeyLayout keys(config.redis.key_prefix);
  for (int p = 0; p < config.redis.partitions; ++p)
    o.streams.push_back(keys.Events(p));
  o.dead_letter_stream = keys.DeadLetters(group);
  o.connect_timeout = std::chrono::milliseconds(config.redis.connect_timeout_ms);
  return o;
}

WorkerThread::WorkerThread(std::string name, redis::StreamConsumer& consumer,
                           std::function<void(const std::atomic<bool>&)> run)
    : thread_([this, name = std::move(name), &consumer, run = std::move(run)] {
        sync::SetThreadName(name);
        core::Backoff backoff(std::chrono::milliseconds(100), std::chrono::seconds(2));
        while (!stop_.load()) {
          const absl::Status s = consumer.EnsureGroups();
          if (s.ok()) break;
          spdlog::warn("{}: cannot create the consumer group yet: {}", consumer.options().group,
                       AsStd(s.message()));
          std::this_thread::sleep_for(backoff.Next());
        }
        run(stop_);
      }) {}

WorkerThread::~WorkerThread() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

}  // namespace lintas::lintasd
