#include "adapters/redis/inbox.h"

#include <chrono>

namespace lintas::redis {
namespace {

// KEYS[1] inbox stream  KEYS[2] seen zset  ARGV[1] event id  ARGV[2] now ms  ARGV[3..] fields
constexpr char kPutScript[] = R"lua(
if redis.call('ZADD', KEYS[2], 'NX', ARGV[2], ARGV[1]) == 0 then return 0 end
local fields = {}
for i = 3, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('XADD', KEYS[1], '*', unpack(fields))
return 1
)lua";

}  // namespace

absl::StatusOr<bool> Inbox::Put(std::string_view agency, const InboxItem& item,
                                core::Timestamp now) {
  const std::string now_ms = std::to_string(
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count());
  // EVAL each time: the script is tiny, and Redis caches it by its SHA anyway.
  auto reply = redis_.Command({"EVAL", kPutScript, "2", keys_.Inbox(agency),
                               keys_.InboxSeen(agency), item.event_id, now_ms, "event",
                               item.event_id, "type", item.event_type, "case", item.case_id,
                               "stream", item.source_stream, "entry", item.source_entry});
  if (!reply.ok()) return reply.status();
  if ((*reply)->type == REDIS_REPLY_ERROR) return StatusFromErrorReply(**reply);
  return (*reply)->integer == 1;
}

}  // namespace lintas::redis
