#pragma once

#include <algorithm>
#include <chrono>

namespace lintas::core {

// One token bucket: up to `burst` tokens, refilled at `per_second`. The rate limiters keep one
// per key (core::RateLimiter per agency, http::IpRateLimiter per client address). Works with
// any std::chrono time point; time is passed in.
template <typename TimePoint>
struct TokenBucket {
  double tokens = 0;
  TimePoint last{};

  // Refills for the time since `last`, then takes one token if there is one. A clock that steps
  // back refills nothing rather than draining the bucket.
  bool Take(double per_second, double burst, TimePoint now) {
    if (now > last) {
      const double elapsed = std::chrono::duration<double>(now - last).count();
      tokens = std::min(burst, tokens + elapsed * per_second);
      last = now;
    }
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  }
};

}  // namespace lintas::core
