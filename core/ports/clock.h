#pragma once

#include "core/domain/case.h"

namespace lintas::core {

// Time as the domain sees it. Production uses the system clock; tests use a fake that they move.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
};

}  // namespace lintas::core
