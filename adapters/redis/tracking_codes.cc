#include "adapters/redis/tracking_codes.h"

#include "absl/strings/str_cat.h"
#include "adapters/redis/reply.h"
#include "core/util/string_view.h"

namespace lintas::redis {
namespace {

// "<prefix>:track:<digest hex>": not partitioned, like the NIK index. Kept here rather than in
// KeyLayout for now (a KeyLayout change rebuilds every Redis user; docs/portal.md).
std::string TrackingKey(const KeyLayout& keys, std::string_view digest_hex) {
  return absl::StrCat(keys.prefix(), ":track:", AsAbsl(digest_hex));
}

}  // namespace

void TrackingCodes::Put(std::string_view digest_hex, std::string_view case_id,
                        absl::AnyInvocable<void(absl::Status) &&> done) {
  const std::string key = TrackingKey(keys_, digest_hex);
  redis_.Send({"SET", key, case_id}, [done = std::move(done)](absl::StatusOr<Reply> reply) mutable {
    if (!reply.ok()) return std::move(done)(reply.status());
    if ((*reply)->type == REDIS_REPLY_ERROR) {
      return std::move(done)(StatusFromErrorReply(**reply));
    }
    std::move(done)(absl::OkStatus());
  });
}

void TrackingCodes::Find(std::string_view digest_hex,
                         absl::AnyInvocable<void(absl::StatusOr<std::string>) &&> done) {
  const std::string key = TrackingKey(keys_, digest_hex);
  redis_.Send({"GET", key}, [done = std::move(done)](absl::StatusOr<Reply> reply) mutable {
    if (!reply.ok()) return std::move(done)(reply.status());
    if ((*reply)->type == REDIS_REPLY_ERROR) {
      return std::move(done)(StatusFromErrorReply(**reply));
    }
    if ((*reply)->type != REDIS_REPLY_STRING) {
      return std::move(done)(absl::NotFoundError("no such tracking code"));
    }
    std::move(done)(Text(reply->get()));
  });
}

}  // namespace lintas::redis
