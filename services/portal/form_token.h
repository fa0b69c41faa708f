#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/domain/time.h"
#include "core/ports/field_cipher.h"

namespace lintas::portal {

// The token in every form the portal renders: "f1.<minute issued>.<128-bit nonce>.<MAC>", the MAC
// a keyed hash (index key, purpose "portal form token v1") of the rest. It is the CSRF token
// (only the server can make one, and only for `lifetime`) and the submission's idempotency key
// (a double tap or a re-sent form carries the same token: one case). Stateless: nothing is
// stored per form.
class FormTokens {
 public:
  enum class Check { kOk, kExpired, kInvalid };

  FormTokens(const core::KeyedHasher& hasher, std::chrono::minutes lifetime)
      : hasher_(hasher), lifetime_(lifetime) {}

  std::string Issue(core::Timestamp now, const std::array<std::uint8_t, 16>& nonce) const;
  Check Verify(std::string_view token, core::Timestamp now) const;

 private:
  std::string Mac(std::string_view body) const;

  const core::KeyedHasher& hasher_;
  const std::chrono::minutes lifetime_;
};

// Lower-case hex of bytes.
std::string Hex(std::string_view bytes);

}  // namespace lintas::portal
