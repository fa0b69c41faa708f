#pragma once

#include <string>
#include <string_view>

namespace lintas::http {

// `data` as gzip (RFC 1952) at zlib `level` (1 fastest .. 9 smallest); empty on failure.
std::string Gzip(std::string_view data, int level);

// Whether an Accept-Encoding header value allows gzip (named, and not with q=0).
bool AcceptsGzip(std::string_view accept_encoding);

}  // namespace lintas::http
