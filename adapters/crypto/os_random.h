#pragma once

#include "core/ports/random_source.h"

namespace lintas::crypto {

// OpenSSL's CSPRNG (RAND_bytes). Aborts the call with std::runtime_error only if the OS entropy
// source fails, which OpenSSL reports and which no caller could recover from.
class OsRandom final : public core::RandomSource {
 public:
  void Fill(std::span<std::uint8_t> out) override;
};

}  // namespace lintas::crypto
