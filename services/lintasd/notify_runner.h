#pragma once

#include <memory>

#include "absl/status/statusor.h"
#include "adapters/config/lintasd_config.h"
#include "adapters/redis/inbox.h"
#include "adapters/redis/stream_consumer.h"
#include "core/ports/case_store.h"
#include "core/ports/clock.h"
#include "services/lintasd/worker_thread.h"
#include "services/notify/notify_worker.h"

namespace lintas::lintasd {

// The notify service inside lintasd: one worker thread filling the per-agency inboxes.
class NotifyRunner {
 public:
  static absl::StatusOr<std::unique_ptr<NotifyRunner>> Start(const config::LintasdConfig& config,
                                                             redis::PipelinedClient& redis,
                                                             core::CaseStore& store,
                                                             const core::Clock& clock);
  ~NotifyRunner() { thread_.reset(); }  // first: the worker uses everything else

 private:
  NotifyRunner() = default;
  std::unique_ptr<redis::Inbox> inbox_;
  std::unique_ptr<redis::StreamConsumer> consumer_;
  std::unique_ptr<notify::NotifyWorker> worker_;
  std::unique_ptr<WorkerThread> thread_;
};

}  // namespace lintas::lintasd
