#pragma once

#include <string_view>

#include "absl/strings/string_view.h"

namespace lintas {

// Debian 12 builds abseil with ABSL_OPTION_USE_STD_STRING_VIEW=0, so absl::string_view is its
// own type and absl::StrCat, absl::Status and friends do not take a std::string_view. These two
// helpers cross that border without copying.
inline absl::string_view AsAbsl(std::string_view s) {
  return {s.data(), s.size()};
}
inline std::string_view AsStd(absl::string_view s) {
  return {s.data(), s.size()};
}

}  // namespace lintas
