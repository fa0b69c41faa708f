#include "core/util/backoff.h"

#include <algorithm>

namespace lintas::core {

// A non-positive initial would never grow: treat it as 1 ms. max below initial caps at initial.
Backoff::Backoff(std::chrono::milliseconds initial, std::chrono::milliseconds max)
    : initial_(std::max(initial, std::chrono::milliseconds(1))),
      max_(std::max(max, initial_)),
      next_(initial_) {}

std::chrono::milliseconds Backoff::Next() {
  const std::chrono::milliseconds now = next_;
  next_ = std::min(next_ * 2, max_);
  return now;
}

}  // namespace lintas::core
