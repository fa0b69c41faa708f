#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace lintas::core {

// The public portal's tracking code: 85 bits in 17 Crockford base-32 symbols and one check
// symbol, shown as three groups of six ("7KQ2XM-9TRV4H-8NPW3C"). The check symbol makes the
// weighted sum of all 18 symbols zero in GF(32) (weights 1, a, a^2, ... for a primitive a), so
// every single wrong symbol and every swap of two symbols is caught: a mistyped code is told
// apart from an unknown one without a lookup.
inline constexpr int kTrackingCodeBits = 85;
inline constexpr std::size_t kTrackingCodeBytes = 11;  // random input: at least this many

// Formats the first 85 bits of `random` (at least kTrackingCodeBytes bytes; the rest ignored).
std::string FormatTrackingCode(std::span<const std::uint8_t> random);

enum class TrackingCodeCheck {
  kOk,         // well-formed and the check symbol matches
  kMalformed,  // not 18 symbols of the alphabet (after separators are dropped)
  kMistyped,   // 18 symbols, but the check fails: some symbol was typed wrong
};

// Reads a code as a person may type it: any case, with or without dashes or spaces, O for 0 and
// I or L for 1 (Crockford's reading). On kOk, `canonical` is the grouped upper-case form that
// FormatTrackingCode produced; otherwise it is left empty.
TrackingCodeCheck ParseTrackingCode(std::string_view text, std::string& canonical);

}  // namespace lintas::core
