#pragma once

#include <string>

#include "absl/strings/string_view.h"

namespace lintas::ctl {

// Text that came from the server (often typed by someone at another agency) with ASCII control
// characters replaced by spaces, so that it cannot move the cursor, rewrite earlier lines or
// send escape sequences to the terminal. Newlines survive when `keep_newlines` is set.
std::string ForTerminal(absl::string_view text, bool keep_newlines = false);

}  // namespace lintas::ctl
