#pragma once

#include <mutex>

#include "absl/base/thread_annotations.h"

namespace lintas::sync {

// std::mutex with clang's thread-safety attributes. absl::Mutex is annotated too, but libabsl is
// not built with TSan, which then reports false races on what it guards; this keeps TSan looking
// at a std::mutex while -Wthread-safety checks ABSL_GUARDED_BY. Works with
// std::condition_variable_any.
class ABSL_LOCKABLE Mutex {
 public:
  void lock() ABSL_EXCLUSIVE_LOCK_FUNCTION() { mu_.lock(); }
  void unlock() ABSL_UNLOCK_FUNCTION() { mu_.unlock(); }
  bool try_lock() ABSL_EXCLUSIVE_TRYLOCK_FUNCTION(true) { return mu_.try_lock(); }

 private:
  std::mutex mu_;
};

// Holds a Mutex for a scope. Also a BasicLockable for std::condition_variable_any::wait, which
// unlocks and relocks it while waiting (the analysis treats the wait as holding it throughout).
class ABSL_SCOPED_LOCKABLE MutexLock {
 public:
  explicit MutexLock(Mutex& mu) ABSL_EXCLUSIVE_LOCK_FUNCTION(mu) : mu_(mu) { mu_.lock(); }
  ~MutexLock() ABSL_UNLOCK_FUNCTION() { mu_.unlock(); }
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

  // For std::condition_variable_any only.
  void lock() ABSL_NO_THREAD_SAFETY_ANALYSIS { mu_.lock(); }
  void unlock() ABSL_NO_THREAD_SAFETY_ANALYSIS { mu_.unlock(); }

 private:
  Mutex& mu_;
};

}  // namespace lintas::sync
