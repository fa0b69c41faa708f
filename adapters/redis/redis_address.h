#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace lintas::redis {

// Where Redis listens: TCP "host:port" or a unix socket "unix:/path/redis.sock".
// hiredis 0.14 has no TLS, so Redis must stay on loopback, a unix socket or a private network.
struct RedisAddress {
  bool is_unix = false;
  std::string host;  // or the socket path
  int port = 0;

  static absl::StatusOr<RedisAddress> Parse(std::string_view text);
  std::string ToString() const;
};

}  // namespace lintas::redis
