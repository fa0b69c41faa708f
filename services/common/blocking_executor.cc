#include "services/common/blocking_executor.h"

#include <algorithm>
#include <utility>

#include "adapters/sync/thread_name.h"

namespace lintas::services {

BlockingExecutor::BlockingExecutor(std::string name, int threads, std::size_t max_pending)
    : max_pending_(std::max<std::size_t>(max_pending, 1)) {
  const int n = std::max(threads, 1);
  threads_.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i)
    threads_.emplace_back([this, name = name + "-" + std::to_string(i)] {
      sync::SetThreadName(name);
      Work();
    });
}

BlockingExecutor::~BlockingExecutor() {
  {
    sync::MutexLock lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (std::thread& t : threads_)
    t.join();
}

bool BlockingExecutor::TrySubmit(Job job) {
  {
    sync::MutexLock lock(mu_);
    if (stopping_ || queue_.size() >= max_pending_) return false;
    queue_.push_back(std::move(job));
  }
  cv_.notify_one();
  return true;
}

void BlockingExecutor::Work() {
  for (;;) {
    Job job;
    {
      sync::MutexLock lock(mu_);
      cv_.wait(lock, [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
        return stopping_ || !queue_.empty();
      });
      if (queue_.empty()) return;  // stopping, and nothing left to finish
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    std::move(job)();
  }
}

}  // namespace lintas::services
