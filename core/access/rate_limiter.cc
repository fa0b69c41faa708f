#include "core/access/rate_limiter.h"

namespace lintas::core {

bool RateLimiter::TryAcquire(std::string_view key, Timestamp now) {
  std::lock_guard lock(mu_);
  auto it = buckets_.find(key);
  if (it == buckets_.end()) {
    it = buckets_.emplace(std::string(key), TokenBucket<Timestamp>{limits_.burst, now}).first;
  }
  return it->second.Take(limits_.per_second, limits_.burst, now);
}

}  // namespace lintas::core
