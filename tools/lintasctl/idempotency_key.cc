#include "tools/lintasctl/idempotency_key.h"

#include <fstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace lintas::ctl {

std::string FormatUuidV4(std::array<std::uint8_t, 16> bytes) {
  bytes[6] = static_cast<std::uint8_t>((bytes[6] & 0x0f) | 0x40);  // version 4
  bytes[8] = static_cast<std::uint8_t>((bytes[8] & 0x3f) | 0x80);  // variant 10xx
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[bytes[i] >> 4]);
    out.push_back(kHex[bytes[i] & 0x0f]);
  }
  return out;
}

absl::StatusOr<std::string> NewIdempotencyKey(const char* random_device) {
  std::array<std::uint8_t, 16> bytes{};
  std::ifstream in(random_device, std::ios::binary);
  if (!in.read(reinterpret_cast<char*>(bytes.data()), bytes.size())) {
    return absl::UnavailableError(absl::StrCat(
        "cannot read ", random_device, " to make an idempotency key; pass --idempotency-key"));
  }
  return FormatUuidV4(bytes);
}

bool IsValidIdempotencyKey(absl::string_view key) {
  if (key.size() < 8 || key.size() > 128) return false;
  for (char ch : key) {
    if (!absl::ascii_isalnum(ch) && ch != '.' && ch != '_' && ch != ':' && ch != '-') return false;
  }
  return true;
}

}  // namespace lintas::ctl
