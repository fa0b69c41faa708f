#pragma once

#include <chrono>
#include <cstddef>
#include <list>
#include <string>
#include <string_view>
#include <unordered_map>

#include "adapters/sync/annotated_mutex.h"
#include "core/access/token_bucket.h"

namespace lintas::http {

// Token buckets per client address, in memory only (addresses are never stored nor logged).
// Holds at most `max_clients` buckets: the least recently seen is dropped first, so a flood of
// addresses costs bounded memory (and a dropped client starts again with a full bucket).
// Thread-safe; time is passed in.
class IpRateLimiter {
 public:
  struct Limits {
    double per_minute = 10;
    double burst = 10;
    std::size_t max_clients = 100000;
  };
  explicit IpRateLimiter(Limits limits) : limits_(limits) {}

  // Takes a token from `ip`'s bucket; false when it is empty.
  bool TryAcquire(std::string_view ip, std::chrono::steady_clock::time_point now);

 private:
  struct Bucket {
    core::TokenBucket<std::chrono::steady_clock::time_point> tokens;
    std::list<std::string>::iterator age;  // its place in lru_
  };
  const Limits limits_;
  sync::Mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_ ABSL_GUARDED_BY(mu_);
  std::list<std::string> lru_ ABSL_GUARDED_BY(mu_);  // most recently seen first
};

}  // namespace lintas::http
