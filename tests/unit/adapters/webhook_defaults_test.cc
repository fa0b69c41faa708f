// The "a receiver that is down for ten minutes gets the whole backlog" as a property of
// the default webhook settings: only the oldest entry is retried while the receiver is down (the
// rest wait behind it, untried), so the backlog survives if that entry does; it must still be
// retrying, not dead-lettered, ten minutes in. The clock is simulated: no test waits ten minutes.
#include <gtest/gtest.h>

#include <chrono>
#include <random>

#include "adapters/config/lintasd_config.h"
#include "core/notify/retry_schedule.h"

namespace lintas::config {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;

// How long the default schedule keeps retrying one entry against a receiver that refuses every
// connection at once (the worst case: a timeout would add time to every attempt), for one
// sequence of jitter draws.
milliseconds TimeUntilDeadLetter(const WebhookConfig& hook, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> draw(0.0, 1.0);
  const core::Timestamp first{};
  core::Timestamp now = first;
  for (int attempts = 1;; ++attempts) {
    if (core::ShouldDeadLetter(attempts, hook.max_attempts, first, now,
                               milliseconds(hook.max_age_ms))) {
      return std::chrono::duration_cast<milliseconds>(now - first);
    }
    now += core::NextDelay(attempts, milliseconds(hook.initial_backoff_ms),
                           milliseconds(hook.max_backoff_ms), draw(rng));
  }
}

TEST(WebhookDefaults, KeepRetryingThroughATenMinuteOutage) {
  const WebhookConfig defaults;
  std::mt19937_64 rng(20260401);
  milliseconds shortest = milliseconds::max();
  for (int run = 0; run < 10000; ++run) {
    shortest = std::min(shortest, TimeUntilDeadLetter(defaults, rng));
  }
  // 20 of the 29 waits are uniform in [0, 5 min]: their sum falls under 10 min with a
  // probability near 1e-12, so no seed makes this flaky.
  EXPECT_GE(shortest, minutes(10));
}

TEST(WebhookDefaults, TheMedianScheduleLastsAboutAnHour) {
  const WebhookConfig defaults;
  milliseconds total{0};
  for (int attempts = 1; attempts < defaults.max_attempts; ++attempts) {
    total += core::NextDelay(attempts, milliseconds(defaults.initial_backoff_ms),
                             milliseconds(defaults.max_backoff_ms), 0.5);
  }
  EXPECT_GT(total, minutes(50));
  EXPECT_LT(total, minutes(60));
  EXPECT_EQ(defaults.max_age_ms, 24 * 3600 * 1000) << "the age limit is not what stops it";
}

}  // namespace
}  // namespace lintas::config
