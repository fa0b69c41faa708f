#include "adapters/redis/inbox.h"

#include <chrono>
#include <cstdint>

#include "absl/strings/str_cat.h"
#include "adapters/redis/reply.h"
#include "adapters/redis/stream_entry.h"
#include "core/util/string_view.h"

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

// KEYS[1] acked cursor  KEYS[2] seen zset  ARGV[1] cursor  ARGV[2] forget seen before (ms)
// Stream ids compare as (ms, seq) pairs.
constexpr char kAckScript[] = R"lua(
local function parse(id)
  local ms, seq = string.match(id, '^(%d+)-(%d+)$')
  if not ms then return nil end
  return tonumber(ms), tonumber(seq)
end
local nms, nseq = parse(ARGV[1])
if not nms then return redis.error_reply('ERR cursor is not a stream id') end
local current = redis.call('GET', KEYS[1])
if current then
  local cms, cseq = parse(current)
  if cms and (cms > nms or (cms == nms and cseq >= nseq)) then return current end
end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[2])
return ARGV[1]
)lua";

std::int64_t ToMillis(core::Timestamp t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

}  // namespace

absl::StatusOr<std::vector<InboxEntry>> Inbox::ReadAfter(std::string_view agency,
                                                         std::string_view cursor, int count) {
  if (!cursor.empty() && cursor != "0" && !IsStreamId(cursor)) {
    return absl::InvalidArgumentError("cursor: not a cursor this server gave out");
  }
  const std::string key = keys_.Inbox(agency);
  // StrCat, not "(" + std::string: GCC 12's -Wrestrict misfires on that operator+ in Release.
  const std::string start =
      cursor.empty() || cursor == "0" ? "-" : absl::StrCat("(", AsAbsl(cursor));
  const std::string n = std::to_string(count);
  auto reply = redis_.Command({"XRANGE", key, start, "+", "COUNT", n});
  if (!reply.ok()) return reply.status();
  if ((*reply)->type == REDIS_REPLY_ERROR) return StatusFromErrorReply(**reply);
  std::vector<InboxEntry> out;
  for (const StreamEntry& e : ParseRange(key, reply->get())) {
    InboxEntry entry;
    entry.cursor = e.id;
    const auto field = [&](std::string_view name) {
      const std::string* v = e.Field(name);
      return v ? *v : std::string();
    };
    entry.item =
        InboxItem{field("event"), field("type"), field("case"), field("stream"), field("entry")};
    out.push_back(std::move(entry));
  }
  return out;
}

absl::StatusOr<std::string> Inbox::Ack(std::string_view agency, std::string_view cursor,
                                       core::Timestamp forget_seen_before) {
  if (!IsStreamId(cursor))
    return absl::InvalidArgumentError("cursor: not a cursor this server gave out");
  const std::string before = std::to_string(ToMillis(forget_seen_before));
  auto reply = redis_.Command(
      {"EVAL", kAckScript, "2", keys_.InboxAcked(agency), keys_.InboxSeen(agency), cursor, before});
  if (!reply.ok()) return reply.status();
  if ((*reply)->type == REDIS_REPLY_ERROR) return StatusFromErrorReply(**reply);
  return Text(reply->get());
}

absl::StatusOr<std::string> Inbox::AckedCursor(std::string_view agency) {
  auto reply = redis_.Command({"GET", keys_.InboxAcked(agency)});
  if (!reply.ok()) return reply.status();
  if ((*reply)->type == REDIS_REPLY_ERROR) return StatusFromErrorReply(**reply);
  return Text(reply->get());
}

absl::StatusOr<std::string> Inbox::Tip(std::string_view agency) {
  auto reply = redis_.Command({"XREVRANGE", keys_.Inbox(agency), "+", "-", "COUNT", "1"});
  if (!reply.ok()) return reply.status();
  if ((*reply)->type == REDIS_REPLY_ERROR) return StatusFromErrorReply(**reply);
  const auto entries = ParseRange(keys_.Inbox(agency), reply->get());
  return entries.empty() ? std::string("0-0") : entries.front().id;
}

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
