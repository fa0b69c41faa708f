#pragma once

#include <string_view>

namespace lintas::portal {

enum class Lang { kId, kEn };

// The portal's message catalogue: every sentence a reporter reads, Bahasa Indonesia first and
// English second, by key. An unknown key returns the key itself, so a missing entry shows on
// the page instead of disappearing.
std::string_view Msg(Lang lang, std::string_view key);

}  // namespace lintas::portal
