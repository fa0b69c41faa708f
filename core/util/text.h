#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace lintas::core {

// Small text rules shared by validation and the referral lifecycle.

bool IsAsciiSpace(char c);
std::string_view TrimAscii(std::string_view s);

// Decodes the code point at `pos` and advances `pos`; nullopt for anything that is not
// well-formed UTF-8 (overlong forms, surrogates and values above U+10FFFF included).
std::optional<char32_t> DecodeUtf8(std::string_view s, std::size_t& pos);

// C0, DEL and C1: the Unicode "Cc" category.
bool IsControl(char32_t cp);

}  // namespace lintas::core
