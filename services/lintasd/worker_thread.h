#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "adapters/config/lintasd_config.h"
#include "adapters/redis/stream_consumer.h"

namespace lintas::lintasd {

// The consumer-group settings every lintasd worker uses: every partition's event stream, the
// consumer name "<instance>-<group>" (worker_identity.h), dead letters in
// KeyLayout::DeadLetters(group), workers.claim_idle_ms.
// The one list of the groups that read the case-event partition streams (docs/redis-layout.md):
// every worker creates all of them at start and the trimmer keeps what each still needs, so a
// group whose service starts late (or crash-loops) loses nothing. Add a new reader here.
inline const std::vector<std::string> kEventGroups = {"routing", "notify"};

redis::ConsumerOptions GroupOptions(const config::LintasdConfig& config, const std::string& group);

// Runs a consumer-group worker on a thread of its own: creates the group (retrying while Redis is
// away at start), then runs the worker until destroyed, which stops it after its current round.
class WorkerThread {
 public:
  // `name` is the thread's name in top -H (at most 15 characters kept).
  WorkerThread(std::string name, redis::StreamConsumer& consumer,
               std::function<void(const std::atomic<bool>& stop)> run);
  ~WorkerThread();
  WorkerThread(const WorkerThread&) = delete;
  WorkerThread& operator=(const WorkerThread&) = delete;

 private:
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace lintas::lintasd
