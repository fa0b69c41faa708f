#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace lintas::core {

// Normalises an Indonesian mobile number to E.164 ("+6281234567890").
// Accepts "08...", "628...", "+628..." with spaces, hyphens, dots and parentheses between digits.
// The national significant number must match 8[1-35-9] followed by 7-10 digits (libphonenumber's
// mobile pattern for ID); 080x (toll-free / premium) and 084 are refused. On failure returns
// nullopt and sets `reason`.
std::optional<std::string> NormalizeIndonesianMobile(std::string_view raw, std::string& reason);

}  // namespace lintas::core
