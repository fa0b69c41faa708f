#pragma once

namespace lintas::core {

// How long a referral may wait for its acknowledgement: N minutes, N hours or N working days.
// Routing rules carry one; DueAt (core/sla/deadline.h) turns it into an instant. Minutes are for
// hand-offs that cannot wait an hour (someone about to board) and for tests of escalation.
struct Deadline {
  enum class Unit { kHours, kWorkingDays, kMinutes };
  Unit unit = Unit::kHours;
  int amount = 0;
};

}  // namespace lintas::core
