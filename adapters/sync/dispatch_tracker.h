#pragma once

#include <algorithm>
#include <condition_variable>
#include <thread>
#include <vector>

#include "adapters/sync/annotated_mutex.h"

namespace lintas::sync {

// For a registry that calls its members back (the feed hub's listeners, the feed registry's
// streams): the calls run with the registry's lock released, so a callback may take any lock it
// needs, and removing a member still waits out a call to it in progress, after which the member
// may be destroyed. One dispatcher thread at a time. The owner declares it
// `ABSL_GUARDED_BY(mu_)`, so every call below needs the owner's lock:
//
//   { MutexLock l(mu_); targets = ...; tracker_.Begin(targets); }
//   for (T* t : targets) t->Call();
//   { MutexLock l(mu_); tracker_.End(); }
//   ...
//   void Remove(T* t) { MutexLock l(mu_); erase(t); tracker_.WaitUntilNotCalling(t, l); }
template <typename T>
class DispatchTracker {
 public:
  void Begin(const std::vector<T*>& targets) {
    calling_ = targets;
    dispatcher_ = std::this_thread::get_id();
  }
  void End() {
    calling_.clear();
    dispatcher_ = std::thread::id();
    done_.notify_all();
  }
  // `lock` holds the owner's mutex. Returns at once when called from a callback of the
  // dispatch in progress (it would wait for itself).
  void WaitUntilNotCalling(T* member, MutexLock& lock) {
    if (dispatcher_ == std::this_thread::get_id()) return;
    while (std::find(calling_.begin(), calling_.end(), member) != calling_.end())
      done_.wait(lock);
  }

 private:
  std::vector<T*> calling_;
  std::thread::id dispatcher_;
  std::condition_variable_any done_;
};

}  // namespace lintas::sync
