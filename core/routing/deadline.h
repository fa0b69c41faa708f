#pragma once

namespace lintas::core {

struct Deadline {
  enum class Unit { kHours, kWorkingDays };
  Unit unit = Unit::kHours;
  int amount = 0;
};

}  // namespace lintas::core
