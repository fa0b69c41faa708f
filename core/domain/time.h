#pragma once

#include <chrono>

namespace lintas::core {

using Timestamp = std::chrono::system_clock::time_point;

}  // namespace lintas::core
