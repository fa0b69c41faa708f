#include "core/access/rate_limiter.h"

#include <gtest/gtest.h>

#include <chrono>

namespace lintas::core {
namespace {

using std::chrono::milliseconds;

const Timestamp kT0 = Timestamp{} + std::chrono::hours(24 * 365 * 50);

TEST(RateLimiter, AllowsTheBurstThenRefillsAtTheRate) {
  RateLimiter limiter({.per_second = 10, .burst = 3});
  EXPECT_TRUE(limiter.TryAcquire("polres-malaka", kT0));
  EXPECT_TRUE(limiter.TryAcquire("polres-malaka", kT0));
  EXPECT_TRUE(limiter.TryAcquire("polres-malaka", kT0));
  EXPECT_FALSE(limiter.TryAcquire("polres-malaka", kT0));
  EXPECT_FALSE(limiter.TryAcquire("polres-malaka", kT0 + milliseconds(50)));  // half a token
  EXPECT_TRUE(limiter.TryAcquire("polres-malaka", kT0 + milliseconds(100)));
  EXPECT_FALSE(limiter.TryAcquire("polres-malaka", kT0 + milliseconds(100)));
  // A long pause refills to the burst, never beyond.
  const Timestamp later = kT0 + std::chrono::seconds(60);
  EXPECT_TRUE(limiter.TryAcquire("polres-malaka", later));
  EXPECT_TRUE(limiter.TryAcquire("polres-malaka", later));
  EXPECT_TRUE(limiter.TryAcquire("polres-malaka", later));
  EXPECT_FALSE(limiter.TryAcquire("polres-malaka", later));
}

TEST(RateLimiter, EachAgencyHasItsOwnBucket) {
  RateLimiter limiter({.per_second = 1, .burst = 1});
  EXPECT_TRUE(limiter.TryAcquire("polres-malaka", kT0));
  EXPECT_FALSE(limiter.TryAcquire("polres-malaka", kT0));
  EXPECT_TRUE(limiter.TryAcquire("bp3mi-ntt", kT0));
}

TEST(RateLimiter, AClockSteppingBackRefillsNothing) {
  RateLimiter limiter({.per_second = 1, .burst = 1});
  EXPECT_TRUE(limiter.TryAcquire("a", kT0));
  EXPECT_FALSE(limiter.TryAcquire("a", kT0 - std::chrono::seconds(10)));
  EXPECT_FALSE(limiter.TryAcquire("a", kT0 + milliseconds(500)));
  EXPECT_TRUE(limiter.TryAcquire("a", kT0 + milliseconds(1000)));
}

}  // namespace
}  // namespace lintas::core
