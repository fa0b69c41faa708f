#pragma once

#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "core/access/token_bucket.h"
#include "core/domain/time.h"

namespace lintas::core {

// Token buckets, one per key (an agency id): each holds up to `burst` tokens and refills at
// `per_second`. Thread-safe. Time is passed in, so tests need no sleeps.
class RateLimiter {
 public:
  struct Limits {
    double per_second = 50;
    double burst = 100;
  };

  explicit RateLimiter(Limits limits) : limits_(limits) {}

  // Takes one token from `key`'s bucket; false when it is empty.
  bool TryAcquire(std::string_view key, Timestamp now);

 private:
  const Limits limits_;
  std::mutex mu_;
  // Keys are agency ids from the config, so the map stays as small as the registry.
  std::map<std::string, TokenBucket<Timestamp>, std::less<>> buckets_;
};

}  // namespace lintas::core
