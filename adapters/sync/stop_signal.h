#pragma once

#include <chrono>
#include <condition_variable>

#include "adapters/sync/annotated_mutex.h"

namespace lintas::sync {

// A stop request that a thread can wait on between rounds of work (the health probe, the lease
// renewer, the webhook loops): Stop wakes every waiter at once, so a stopping process never
// waits out an interval.
class StopSignal {
 public:
  // Idempotent; true for the call that stopped it.
  bool Stop() {
    bool first = false;
    {
      MutexLock lock(mu_);
      first = !stopped_;
      stopped_ = true;
    }
    cv_.notify_all();
    return first;
  }
  bool stopped() const {
    MutexLock lock(mu_);
    return stopped_;
  }
  // Waits up to `d`; true when stopped (now or during the wait).
  bool WaitFor(std::chrono::milliseconds d) const {
    MutexLock lock(mu_);
    return cv_.wait_for(lock, d, [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stopped_; });
  }

 private:
  mutable Mutex mu_;
  mutable std::condition_variable_any cv_;
  bool stopped_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace lintas::sync
