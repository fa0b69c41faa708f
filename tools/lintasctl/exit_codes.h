#pragma once

namespace lintas::ctl {

// Scripts branch on these: 1 means "the server said no or could not be reached", 2 means "the
// command line or the input file is wrong, retrying will not help".
inline constexpr int kExitOk = 0;
inline constexpr int kExitCallFailed = 1;
inline constexpr int kExitUsage = 2;

}  // namespace lintas::ctl
