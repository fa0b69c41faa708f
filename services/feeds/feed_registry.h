#pragma once

#include <cstddef>
#include <set>
#include <vector>

#include "adapters/sync/annotated_mutex.h"
#include "adapters/sync/dispatch_tracker.h"

namespace lintas::feeds {

// The live streams of a service, so that a stopping server can end them at once (UNAVAILABLE:
// resume elsewhere) instead of waiting out its grace period on streams that never end.
class FeedRegistry {
 public:
  class Member {
   public:
    virtual ~Member() = default;
    // Ends the stream; called with the registry unlocked (it may Leave).
    virtual void Stop() = 0;
  };

  // False once StopAll ran: the stream must end at once.
  bool Join(Member* m) {
    sync::MutexLock lock(mu_);
    if (stopping_) return false;
    members_.insert(m);
    return true;
  }
  // When it returns, StopAll is not calling `m` and never will (unless called from m's Stop).
  void Leave(Member* m) {
    sync::MutexLock lock(mu_);
    members_.erase(m);
    stopping_calls_.WaitUntilNotCalling(m, lock);
  }
  void StopAll() {
    std::vector<Member*> targets;
    {
      sync::MutexLock lock(mu_);
      stopping_ = true;
      targets.assign(members_.begin(), members_.end());
      stopping_calls_.Begin(targets);
    }
    for (Member* m : targets)
      m->Stop();
    sync::MutexLock lock(mu_);
    stopping_calls_.End();
  }
  std::size_t size() const {
    sync::MutexLock lock(mu_);
    return members_.size();
  }

 private:
  mutable sync::Mutex mu_;
  std::set<Member*> members_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  sync::DispatchTracker<Member> stopping_calls_ ABSL_GUARDED_BY(mu_);
};

}  // namespace lintas::feeds
