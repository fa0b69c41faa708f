#include "adapters/http/ip_rate_limiter.h"

#include <algorithm>

namespace lintas::http {

bool IpRateLimiter::TryAcquire(std::string_view ip, std::chrono::steady_clock::time_point now) {
  std::lock_guard lock(mu_);
  auto it = buckets_.find(std::string(ip));
  if (it == buckets_.end()) {
    if (buckets_.size() >= limits_.max_clients && !lru_.empty()) {
      buckets_.erase(lru_.back());
      lru_.pop_back();
    }
    lru_.emplace_front(ip);
    it = buckets_.emplace(std::string(ip), Bucket{limits_.burst, now, lru_.begin()}).first;
  } else {
    lru_.splice(lru_.begin(), lru_, it->second.age);
  }
  Bucket& b = it->second;
  const double minutes = std::chrono::duration<double>(now - b.last).count() / 60.0;
  b.tokens = std::min(limits_.burst, b.tokens + std::max(0.0, minutes) * limits_.per_minute);
  b.last = now;
  if (b.tokens < 1) return false;
  b.tokens -= 1;
  return true;
}

}  // namespace lintas::http
