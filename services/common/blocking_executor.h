#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <string>
#include <thread>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "adapters/sync/annotated_mutex.h"

namespace lintas::services {

// A few threads of our own for work that waits (e.g. a listing that reads an index page by page
// with blocking calls), so that gRPC's callback threads never do. The queue is bounded: when it
// is full, TrySubmit says no and the caller answers RESOURCE_EXHAUSTED instead of piling up.
class BlockingExecutor {
 public:
  using Job = absl::AnyInvocable<void() &&>;

  // Its threads are named "<name>-<i>" (top -H); keep `name` short, Linux keeps 15 characters.
  BlockingExecutor(std::string name, int threads, std::size_t max_pending);
  // Runs every job already queued, then joins: a queued job holds a call that must be finished.
  ~BlockingExecutor();
  BlockingExecutor(const BlockingExecutor&) = delete;
  BlockingExecutor& operator=(const BlockingExecutor&) = delete;

  // False (and `job` dropped unrun) when max_pending jobs are waiting already or the executor is
  // stopping.
  bool TrySubmit(Job job);

 private:
  void Work();

  const std::size_t max_pending_;
  sync::Mutex mu_;
  std::condition_variable_any cv_;
  std::deque<Job> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace lintas::services
