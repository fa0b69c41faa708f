#include "core/portal/tracking_code.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <set>
#include <string>

namespace lintas::core {
namespace {

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

std::array<std::uint8_t, 16> Bytes(std::uint32_t seed) {
  std::array<std::uint8_t, 16> out{};
  for (auto& b : out) {
    seed ^= seed << 13;
    seed ^= seed >> 17;
    seed ^= seed << 5;
    b = static_cast<std::uint8_t>(seed);
  }
  return out;
}

TEST(TrackingCodeTest, HasThreeGroupsOfSixFromTheAlphabet) {
  const std::string code = FormatTrackingCode(Bytes(1));
  ASSERT_EQ(code.size(), 20u);
  EXPECT_EQ(code[6], '-');
  EXPECT_EQ(code[13], '-');
  for (std::size_t i = 0; i < code.size(); ++i) {
    if (i == 6 || i == 13) continue;
    EXPECT_NE(kAlphabet.find(code[i]), std::string_view::npos) << code;
  }
}

TEST(TrackingCodeTest, TooFewRandomBytesGiveNoCode) {
  std::array<std::uint8_t, 10> short_input{};
  EXPECT_EQ(FormatTrackingCode(short_input), "");
}

TEST(TrackingCodeTest, EveryFormattedCodeParsesBackToItself) {
  for (std::uint32_t seed = 1; seed < 2000; ++seed) {
    const std::string code = FormatTrackingCode(Bytes(seed));
    std::string canonical;
    ASSERT_EQ(ParseTrackingCode(code, canonical), TrackingCodeCheck::kOk) << code;
    EXPECT_EQ(canonical, code);
  }
}

TEST(TrackingCodeTest, DifferentInputBitsGiveDifferentCodes) {
  std::set<std::string> seen;
  for (std::uint32_t seed = 1; seed < 2000; ++seed)
    seen.insert(FormatTrackingCode(Bytes(seed)));
  EXPECT_EQ(seen.size(), 1999u);
  // The last of the 85 bits counts too.
  std::array<std::uint8_t, 11> a{};
  std::array<std::uint8_t, 11> b{};
  b[10] = 0x08;  // bit 84 (0-based) is the fifth bit of byte 10
  EXPECT_NE(FormatTrackingCode(a), FormatTrackingCode(b));
  b[10] = 0x07;  // bits 85-87 are not used
  EXPECT_EQ(FormatTrackingCode(a), FormatTrackingCode(b));
}

TEST(TrackingCodeTest, ReadsWhatPeopleType) {
  const std::string code = FormatTrackingCode(Bytes(7));
  std::string lower;
  for (char c : code) {
    if (c != '-') lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  std::string canonical;
  EXPECT_EQ(ParseTrackingCode(lower, canonical), TrackingCodeCheck::kOk);
  EXPECT_EQ(canonical, code);
  std::string spaced = " " + code.substr(0, 6) + " " + code.substr(7, 6) + "  " + code.substr(14);
  EXPECT_EQ(ParseTrackingCode(spaced, canonical), TrackingCodeCheck::kOk);
  EXPECT_EQ(canonical, code);
}

TEST(TrackingCodeTest, OAndIAndLReadAsDigits) {
  // Find a code with a 0 or a 1 in it and type it with the letters instead.
  for (std::uint32_t seed = 1; seed < 500; ++seed) {
    const std::string code = FormatTrackingCode(Bytes(seed));
    const std::size_t zero = code.find('0');
    const std::size_t one = code.find('1');
    if (zero == std::string::npos || one == std::string::npos) continue;
    std::string typed = code;
    typed[zero] = 'o';
    typed[one] = 'L';
    std::string canonical;
    ASSERT_EQ(ParseTrackingCode(typed, canonical), TrackingCodeCheck::kOk) << typed;
    EXPECT_EQ(canonical, code);
    return;
  }
  FAIL() << "no code with both a 0 and a 1 among 500";
}

TEST(TrackingCodeTest, EverySingleWrongSymbolIsMistyped) {
  const std::string code = FormatTrackingCode(Bytes(42));
  for (std::size_t i = 0; i < code.size(); ++i) {
    if (code[i] == '-') continue;
    for (char c : kAlphabet) {
      if (c == code[i]) continue;
      std::string typed = code;
      typed[i] = c;
      std::string canonical;
      EXPECT_EQ(ParseTrackingCode(typed, canonical), TrackingCodeCheck::kMistyped) << typed;
      EXPECT_EQ(canonical, "");
    }
  }
}

TEST(TrackingCodeTest, EverySwapOfTwoDifferentSymbolsIsMistyped) {
  for (std::uint32_t seed = 1; seed < 50; ++seed) {
    std::string plain;
    for (char c : FormatTrackingCode(Bytes(seed))) {
      if (c != '-') plain += c;
    }
    for (std::size_t i = 0; i < plain.size(); ++i) {
      for (std::size_t j = i + 1; j < plain.size(); ++j) {
        if (plain[i] == plain[j]) continue;
        std::string typed = plain;
        std::swap(typed[i], typed[j]);
        std::string canonical;
        EXPECT_EQ(ParseTrackingCode(typed, canonical), TrackingCodeCheck::kMistyped) << typed;
      }
    }
  }
}

TEST(TrackingCodeTest, WrongLengthOrForeignCharactersAreMalformed) {
  const std::string code = FormatTrackingCode(Bytes(3));
  std::string canonical;
  EXPECT_EQ(ParseTrackingCode("", canonical), TrackingCodeCheck::kMalformed);
  EXPECT_EQ(ParseTrackingCode(code.substr(0, 19), canonical), TrackingCodeCheck::kMalformed);
  EXPECT_EQ(ParseTrackingCode(code + "7", canonical), TrackingCodeCheck::kMalformed);
  std::string with_u = code;
  with_u[0] = 'U';  // not in Crockford's alphabet
  EXPECT_EQ(ParseTrackingCode(with_u, canonical), TrackingCodeCheck::kMalformed);
  std::string with_symbol = code;
  with_symbol[1] = '*';
  EXPECT_EQ(ParseTrackingCode(with_symbol, canonical), TrackingCodeCheck::kMalformed);
  EXPECT_EQ(canonical, "");
}

}  // namespace
}  // namespace lintas::core
