#include "core/notify/retry_schedule.h"

#include <algorithm>
#include <cmath>

namespace lintas::core {

std::chrono::milliseconds NextDelay(int attempt, std::chrono::milliseconds base,
                                    std::chrono::milliseconds cap, double random01) {
  using std::chrono::milliseconds;
  if (cap <= milliseconds::zero() || base <= milliseconds::zero()) return milliseconds::zero();
  if (attempt < 1) attempt = 1;
  // Double the ceiling step by step and stop at the cap, so a large attempt count cannot
  // overflow the shift or the multiplication.
  milliseconds ceiling = std::min(base, cap);
  for (int i = 1; i < attempt && ceiling < cap; ++i) {
    ceiling = ceiling > cap / 2 ? cap : ceiling * 2;
  }
  if (!(random01 >= 0.0)) random01 = 0.0;  // also catches NaN
  if (random01 >= 1.0) random01 = std::nextafter(1.0, 0.0);
  // Floor of a draw in [0, ceiling + 1): every value from 0 to ceiling inclusive is reachable.
  // Compared in double before converting back, so a cap near the type's limit cannot overflow.
  const double scaled = std::floor(random01 * (static_cast<double>(ceiling.count()) + 1.0));
  if (scaled >= static_cast<double>(ceiling.count())) return ceiling;
  return milliseconds{static_cast<milliseconds::rep>(scaled)};
}

bool ShouldDeadLetter(int attempts, int max_attempts, Timestamp first_attempt, Timestamp now,
                      std::chrono::milliseconds max_age) {
  if (max_attempts > 0 && attempts >= max_attempts) return true;
  if (max_age > std::chrono::milliseconds::zero() && now - first_attempt >= max_age) return true;
  return false;
}

}  // namespace lintas::core
