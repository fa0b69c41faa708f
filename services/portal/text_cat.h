#pragma once

#include <concepts>
#include <string>
#include <string_view>

namespace lintas::portal {

// absl::StrCat for std::string_view: Debian's abseil has its own string_view type (see
// core/util/string_view.h), and the pages are built from std::string_views of the catalogue.
inline void CatPiece(std::string& out, std::string_view s) {
  out.append(s);
}
template <std::integral T>
requires(!std::same_as<T, char> && !std::same_as<T, bool>) void CatPiece(std::string& out, T v) {
  out += std::to_string(v);
}

template <typename... Parts>
void CatTo(std::string* out, const Parts&... parts) {
  (CatPiece(*out, parts), ...);
}

template <typename... Parts>
std::string Cat(const Parts&... parts) {
  std::string out;
  CatTo(&out, parts...);
  return out;
}

}  // namespace lintas::portal
