#include "core/domain/case.h"

namespace lintas::core {

bool IsKnown(Category v) {
  return static_cast<int>(v) >= 1 && static_cast<int>(v) <= static_cast<int>(Category::kOther);
}
bool IsKnown(Severity v) {
  return static_cast<int>(v) >= 1 && static_cast<int>(v) <= static_cast<int>(Severity::kCritical);
}
bool IsKnown(Channel v) {
  return static_cast<int>(v) >= 1 && static_cast<int>(v) <= static_cast<int>(Channel::kWalkIn);
}
bool IsKnown(Sex v) {
  return static_cast<int>(v) >= 1 && static_cast<int>(v) <= static_cast<int>(Sex::kMale);
}
bool IsKnown(ReporterMode v) {
  return static_cast<int>(v) >= 1 && static_cast<int>(v) <= static_cast<int>(ReporterMode::kNamed);
}

}  // namespace lintas::core
