#pragma once

#include <cstddef>
#include <optional>
#include <string>
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

// What is wrong with a free text an agency wrote (a reason, an outcome, a note), or nullopt:
// it must be UTF-8, hold no control character but line breaks and tabs, and have at most
// `max_chars` code points. Never quotes the text: it may name people, and descriptions reach logs.
std::optional<std::string> FreeTextProblem(std::string_view text, std::size_t max_chars);

}  // namespace lintas::core
