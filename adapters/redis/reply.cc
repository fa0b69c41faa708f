#include "adapters/redis/reply.h"

#include <array>

#include "absl/strings/str_cat.h"
#include "core/util/string_view.h"

namespace lintas::redis {

absl::Status StatusFromErrorReply(const redisReply& reply) {
  const std::string_view text(reply.str, reply.len);
  // OOM: Redis reached maxmemory and, with noeviction, refuses writes: the store is full, which
  // the caller cannot fix but an operator can, so it is UNAVAILABLE rather than INTERNAL.
  static constexpr std::array<std::string_view, 7> kTransient = {
      "LOADING", "BUSY", "MASTERDOWN", "READONLY", "MISCONF", "TRYAGAIN", "OOM"};
  for (auto prefix : kTransient) {
    if (text.starts_with(prefix))
      return absl::UnavailableError(absl::StrCat("redis: ", AsAbsl(text)));
  }
  return absl::InternalError(absl::StrCat("redis: ", AsAbsl(text)));
}

}  // namespace lintas::redis
