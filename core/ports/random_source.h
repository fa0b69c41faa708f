#pragma once

#include <cstdint>
#include <span>

namespace lintas::core {

// Unpredictable bytes (ids, tracking codes). Production reads the OS CSPRNG.
class RandomSource {
 public:
  virtual ~RandomSource() = default;
  virtual void Fill(std::span<std::uint8_t> out) = 0;
};

}  // namespace lintas::core
