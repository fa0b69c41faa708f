#include "adapters/http/ip_rate_limiter.h"

namespace lintas::http {

bool IpRateLimiter::TryAcquire(std::string_view ip, std::chrono::steady_clock::time_point now) {
  sync::MutexLock lock(mu_);
  auto it = buckets_.find(std::string(ip));
  if (it == buckets_.end()) {
    if (buckets_.size() >= limits_.max_clients && !lru_.empty()) {
      buckets_.erase(lru_.back());
      lru_.pop_back();
    }
    lru_.emplace_front(ip);
    it = buckets_.emplace(std::string(ip), Bucket{{limits_.burst, now}, lru_.begin()}).first;
  } else {
    lru_.splice(lru_.begin(), lru_, it->second.age);
  }
  return it->second.tokens.Take(limits_.per_minute / 60.0, limits_.burst, now);
}

}  // namespace lintas::http
