#pragma once

#include <chrono>

#include "core/domain/time.h"

namespace lintas::core {

// When to retry a failed webhook delivery, and when to give up on it. Pure functions: the
// caller supplies the attempt count, the clock readings and the random draw, so tests are exact.

// The delay before retry number `attempt` (1 = the first retry after the first failure):
// exponential backoff with "full jitter" (a uniform draw in [0, min(cap, base * 2^(attempt-1))]),
// which spreads the retries of many deliveries that failed together instead of re-synchronising
// them against a receiver that is just coming back. `random01` must be in [0, 1); values outside
// are clamped. Never negative, never above `cap`.
std::chrono::milliseconds NextDelay(int attempt, std::chrono::milliseconds base,
                                    std::chrono::milliseconds cap, double random01);

// True when a delivery that has been tried `attempts` times, first at `first_attempt`, must go
// to the dead letters: it used up `max_attempts`, or it has been failing for `max_age` or longer.
// A non-positive limit disables that limit.
bool ShouldDeadLetter(int attempts, int max_attempts, Timestamp first_attempt, Timestamp now,
                      std::chrono::milliseconds max_age);

}  // namespace lintas::core
