#include "core/access/rate_limiter.h"

#include <algorithm>
#include <chrono>

namespace lintas::core {

bool RateLimiter::TryAcquire(std::string_view key, Timestamp now) {
  std::lock_guard lock(mu_);
  auto it = buckets_.find(key);
  if (it == buckets_.end()) {
    it = buckets_.emplace(std::string(key), Bucket{limits_.burst, now}).first;
  }
  Bucket& b = it->second;
  // A clock that steps back refills nothing rather than draining the bucket.
  if (now > b.last) {
    const double elapsed = std::chrono::duration<double>(now - b.last).count();
    b.tokens = std::min(limits_.burst, b.tokens + elapsed * limits_.per_second);
    b.last = now;
  }
  if (b.tokens < 1) return false;
  b.tokens -= 1;
  return true;
}

}  // namespace lintas::core
