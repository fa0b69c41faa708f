#include "core/portal/tracking_code.h"

#include <array>

namespace lintas::core {
namespace {

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr std::size_t kDataSymbols = 17;
constexpr std::size_t kSymbols = kDataSymbols + 1;
constexpr std::size_t kGroup = 6;

// GF(32) modulo x^5 + x^2 + 1 (primitive: x has order 31).
std::uint8_t GfMul(std::uint8_t a, std::uint8_t b) {
  std::uint8_t product = 0;
  for (int i = 0; i < 5; ++i) {
    if (b & 1) product ^= a;
    b >>= 1;
    a <<= 1;
    if (a & 0x20) a ^= 0x25;
  }
  return product;
}

// a^i for i >= 0.
std::uint8_t AlphaPower(std::size_t i) {
  std::uint8_t p = 1;
  for (std::size_t k = 0; k < i % 31; ++k)
    p = GfMul(p, 2);
  return p;
}

// Sum of a^i * s_i over the given symbols.
std::uint8_t WeightedSum(std::span<const std::uint8_t> symbols) {
  std::uint8_t sum = 0;
  for (std::size_t i = 0; i < symbols.size(); ++i)
    sum ^= GfMul(AlphaPower(i), symbols[i]);
  return sum;
}

// Crockford's decoding: case-insensitive, O -> 0, I and L -> 1; U and anything else is no
// symbol (-1).
int SymbolValue(char c) {
  if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  if (c == 'O') c = '0';
  if (c == 'I' || c == 'L') c = '1';
  const std::size_t pos = kAlphabet.find(c);
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

std::string Grouped(std::span<const std::uint8_t> symbols) {
  std::string out;
  for (std::size_t i = 0; i < symbols.size(); ++i) {
    if (i > 0 && i % kGroup == 0) out += '-';
    out += kAlphabet[symbols[i]];
  }
  return out;
}

}  // namespace

std::string FormatTrackingCode(std::span<const std::uint8_t> random) {
  if (random.size() < kTrackingCodeBytes) return {};
  std::array<std::uint8_t, kSymbols> symbols{};
  for (std::size_t k = 0; k < kDataSymbols; ++k) {
    int value = 0;
    for (std::size_t b = 5 * k; b < 5 * k + 5; ++b) {
      value = (value << 1) | ((random[b / 8] >> (7 - b % 8)) & 1);
    }
    symbols[k] = static_cast<std::uint8_t>(value);
  }
  // Choose the check c so that sum + a^17 * c = 0, i.e. c = a^(31-17) * sum (char 2: - is +).
  const std::uint8_t sum = WeightedSum(std::span(symbols).first(kDataSymbols));
  symbols[kDataSymbols] = GfMul(AlphaPower(31 - kDataSymbols), sum);
  return Grouped(symbols);
}

TrackingCodeCheck ParseTrackingCode(std::string_view text, std::string& canonical) {
  canonical.clear();
  std::array<std::uint8_t, kSymbols> symbols{};
  std::size_t n = 0;
  for (char c : text) {
    if (c == '-' || c == ' ' || c == '\t') continue;
    const int value = SymbolValue(c);
    if (value < 0 || n == kSymbols) return TrackingCodeCheck::kMalformed;
    symbols[n++] = static_cast<std::uint8_t>(value);
  }
  if (n != kSymbols) return TrackingCodeCheck::kMalformed;
  if (WeightedSum(symbols) != 0) return TrackingCodeCheck::kMistyped;
  canonical = Grouped(symbols);
  return TrackingCodeCheck::kOk;
}

}  // namespace lintas::core
