#pragma once

namespace lintas::core {

// How long a referral may wait for its acknowledgement: N hours or N working days. Routing rules
// carry one; DueAt (core/sla/deadline.h) turns it into an instant.
struct Deadline {
  enum class Unit { kHours, kWorkingDays };
  Unit unit = Unit::kHours;
  int amount = 0;
};

}  // namespace lintas::core
