#pragma once

#include <hiredis/hiredis.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace lintas::redis {

// hiredis replies, owned and read in one way everywhere (every reply crosses this file).
struct ReplyDeleter {
  void operator()(redisReply* r) const { freeReplyObject(r); }
};
using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

// The bytes of a string, status or error reply; empty for anything else (nil, integer, array),
// so a missing field reads as "". The view lives as long as the reply.
inline std::string_view TextView(const redisReply* r) {
  if (r == nullptr || (r->type != REDIS_REPLY_STRING && r->type != REDIS_REPLY_STATUS &&
                       r->type != REDIS_REPLY_ERROR)) {
    return {};
  }
  return {r->str, r->len};
}
// The same, copied.
inline std::string Text(const redisReply* r) {
  return std::string(TextView(r));
}

inline bool IsArray(const redisReply* r) {
  return r != nullptr && r->type == REDIS_REPLY_ARRAY;
}
// The integer of an integer reply, 0 for anything else.
inline std::int64_t Integer(const redisReply* r) {
  return r != nullptr && r->type == REDIS_REPLY_INTEGER ? r->integer : 0;
}

// Maps a Redis error reply to a status: LOADING, BUSY, MASTERDOWN, READONLY, MISCONF, TRYAGAIN
// and OOM (full under noeviction) are UNAVAILABLE; anything else is INTERNAL.
absl::Status StatusFromErrorReply(const redisReply& reply);

}  // namespace lintas::redis
