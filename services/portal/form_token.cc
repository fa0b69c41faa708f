#include "services/portal/form_token.h"

#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "core/util/string_view.h"

namespace lintas::portal {
namespace {

constexpr std::string_view kPurpose = "portal form token v1";
constexpr std::size_t kMacHexChars = 32;  // 128 bits of the HMAC

std::int64_t MinutesOf(core::Timestamp t) {
  return std::chrono::duration_cast<std::chrono::minutes>(t.time_since_epoch()).count();
}

bool IsLowerHex(std::string_view s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

std::string Hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

std::string FormTokens::Mac(std::string_view body) const {
  return Hex(hasher_.Hash(kPurpose, body)).substr(0, kMacHexChars);
}

std::string FormTokens::Issue(core::Timestamp now,
                              const std::array<std::uint8_t, 16>& nonce) const {
  const std::string body = absl::StrCat(
      "f1.", MinutesOf(now), ".",
      Hex(std::string_view(reinterpret_cast<const char*>(nonce.data()), nonce.size())));
  return absl::StrCat(body, ".", Mac(body));
}

FormTokens::Check FormTokens::Verify(std::string_view token, core::Timestamp now) const {
  if (token.size() > 100) return Check::kInvalid;
  std::vector<std::string_view> parts;
  for (std::string_view rest = token;;) {
    const std::size_t dot = rest.find('.');
    parts.push_back(rest.substr(0, dot));
    if (dot == std::string_view::npos) break;
    rest = rest.substr(dot + 1);
  }
  std::int64_t issued = 0;
  if (parts.size() != 4 || parts[0] != "f1" || !absl::SimpleAtoi(AsAbsl(parts[1]), &issued) ||
      parts[2].size() != 32 || !IsLowerHex(parts[2]) || parts[3].size() != kMacHexChars) {
    return Check::kInvalid;
  }
  const std::string_view body = token.substr(0, token.size() - kMacHexChars - 1);
  const std::string expected = Mac(body);
  // Constant time: the comparison must not tell an attacker how many characters matched.
  unsigned char diff = 0;
  for (std::size_t i = 0; i < kMacHexChars; ++i)
    diff |= expected[i] ^ parts[3][i];
  if (diff != 0) return Check::kInvalid;
  const std::int64_t age = MinutesOf(now) - issued;
  if (age < -1) return Check::kInvalid;  // issued in the future: not ours (a minute of slack)
  if (age > lifetime_.count()) return Check::kExpired;
  return Check::kOk;
}

}  // namespace lintas::portal
