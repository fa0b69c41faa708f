#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace lintas::http {

using FormFields = std::vector<std::pair<std::string, std::string>>;

// Decodes an application/x-www-form-urlencoded body: name=value pairs joined by '&', '+' for a
// space, %XX escapes. Pure, for the fuzzer. INVALID_ARGUMENT for a broken escape or more than
// `max_fields` pairs; names and values are bytes (UTF-8 is checked by whoever reads them).
absl::StatusOr<FormFields> ParseUrlEncoded(std::string_view body, std::size_t max_fields = 200);

// The inverse, for links and tests: RFC 3986 unreserved characters kept, everything else %XX.
std::string UrlEncode(std::string_view text);

}  // namespace lintas::http
