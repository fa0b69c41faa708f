#include "adapters/redis/redis_address.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "core/util/string_view.h"

namespace lintas::redis {

absl::StatusOr<RedisAddress> RedisAddress::Parse(std::string_view text) {
  RedisAddress a;
  if (text.starts_with("unix:")) {
    a.is_unix = true;
    a.host = std::string(text.substr(5));
    if (a.host.empty()) return absl::InvalidArgumentError("unix socket path is empty");
    return a;
  }
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", AsAbsl(text), "' is not host:port or unix:/path/to/socket"));
  }
  a.host = std::string(text.substr(0, colon));
  if (a.host.size() > 2 && a.host.front() == '[' && a.host.back() == ']') {
    a.host = a.host.substr(1, a.host.size() - 2);
  }
  if (!absl::SimpleAtoi(AsAbsl(text.substr(colon + 1)), &a.port) || a.port < 1 || a.port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", AsAbsl(text), "' has no valid port (1-65535)"));
  }
  return a;
}

std::string RedisAddress::ToString() const {
  return is_unix ? absl::StrCat("unix:", host) : absl::StrCat(host, ":", port);
}

}  // namespace lintas::redis
