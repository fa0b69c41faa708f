#include "core/ids/ids.h"

#include <array>
#include <chrono>

namespace lintas::core {
namespace {

constexpr std::string_view kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr std::size_t kUlidChars = 26;

bool IsCrockford(char c) {
  return kCrockford.find(c) != std::string_view::npos;
}

}  // namespace

std::string MakeUlid(Timestamp t, RandomSource& random) {
  const auto ms = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count());
  std::array<std::uint8_t, 16> bytes{};
  for (int i = 0; i < 6; ++i)
    bytes[i] = static_cast<std::uint8_t>(ms >> (8 * (5 - i)));
  random.Fill(std::span(bytes).subspan(6));
  // 128 bits -> 26 characters of 5 bits; the first character holds only the top 3 bits.
  std::string out(kUlidChars, '0');
  for (std::size_t i = 0; i < kUlidChars; ++i) {
    const std::size_t bit = i == 0 ? 0 : 3 + (i - 1) * 5;  // first bit of this character
    const std::size_t width = i == 0 ? 3 : 5;
    unsigned v = 0;
    for (std::size_t b = bit; b < bit + width; ++b) {
      v = (v << 1) | ((bytes[b / 8] >> (7 - b % 8)) & 1u);
    }
    out[i] = kCrockford[v];
  }
  return out;
}

int PartitionOf(std::string_view key, int partitions) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : key) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return partitions <= 0 ? 0 : static_cast<int>(h % static_cast<std::uint64_t>(partitions));
}

std::string MakeCaseId(Timestamp t, int partition, RandomSource& random) {
  std::string id = MakeUlid(t, random);
  id += '-';
  id += static_cast<char>('0' + (partition / 10) % 10);
  id += static_cast<char>('0' + partition % 10);
  return id;
}

std::optional<int> PartitionOfCaseId(std::string_view id) {
  if (id.size() != kUlidChars + 3 || id[kUlidChars] != '-') return std::nullopt;
  if (id[0] > '7') return std::nullopt;  // a ULID's first character holds 3 bits
  for (std::size_t i = 0; i < kUlidChars; ++i) {
    if (!IsCrockford(id[i])) return std::nullopt;
  }
  const char a = id[kUlidChars + 1], b = id[kUlidChars + 2];
  if (a < '0' || a > '9' || b < '0' || b > '9') return std::nullopt;
  return (a - '0') * 10 + (b - '0');
}

}  // namespace lintas::core
