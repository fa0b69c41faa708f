#include "adapters/redis/webhook_delivery_state.h"

#include <charconv>

#include "adapters/redis/dead_letters.h"
#include "adapters/redis/reply.h"

namespace lintas::redis {
namespace {

// KEYS[1] lease  ARGV[1] token  ARGV[2] ttl ms
// 1: renewed (still ours), 2: acquired now (it was free), 0: another process holds it.
constexpr char kLeaseScript[] = R"lua(
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if holder then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 2
)lua";

// KEYS[1] lease  ARGV[1] token
constexpr char kReleaseScript[] = R"lua(
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
)lua";

// KEYS[1] cursor  KEYS[2] lease  KEYS[3] retry state  ARGV[1] token  ARGV[2] cursor  ARGV[3] ttl
// 1 done, 0 lease lost.
constexpr char kAdvanceScript[] = R"lua(
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
local function parse(id)
  local ms, seq = string.match(id, '^(%d+)-(%d+)$')
  if not ms then return nil end
  return tonumber(ms), tonumber(seq)
end
local nms, nseq = parse(ARGV[2])
if not nms then return redis.error_reply('ERR cursor is not a stream id') end
local current = redis.call('GET', KEYS[1])
local cms, cseq = nil, nil
if current then cms, cseq = parse(current) end
if not cms or cms < nms or (cms == nms and cseq < nseq) then
  redis.call('SET', KEYS[1], ARGV[2])
end
redis.call('DEL', KEYS[3])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return 1
)lua";

std::int64_t ParseInt(std::string_view s) {
  std::int64_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

absl::StatusOr<Reply> Call(PipelinedClient& redis, std::initializer_list<std::string_view> argv) {
  auto reply = redis.Command(argv);
  if (!reply.ok()) return reply.status();
  if ((*reply)->type == REDIS_REPLY_ERROR) return StatusFromErrorReply(**reply);
  return reply;
}

}  // namespace

absl::StatusOr<WebhookDeliveryState::Lease> WebhookDeliveryState::TakeLease(
    std::string_view agency, std::string_view token, std::chrono::milliseconds ttl) {
  auto r = Call(redis_, {"EVAL", kLeaseScript, "1", keys_.WebhookLease(agency), token,
                         std::to_string(ttl.count())});
  if (!r.ok()) return r.status();
  return static_cast<Lease>(Integer(r->get()));
}

absl::Status WebhookDeliveryState::ReleaseLease(std::string_view agency, std::string_view token) {
  return Call(redis_, {"EVAL", kReleaseScript, "1", keys_.WebhookLease(agency), token}).status();
}

absl::StatusOr<std::string> WebhookDeliveryState::Cursor(std::string_view agency) {
  auto r = Call(redis_, {"GET", keys_.WebhookCursor(agency)});
  if (!r.ok()) return r.status();
  return Text(r->get());
}

absl::StatusOr<bool> WebhookDeliveryState::Advance(std::string_view agency, std::string_view token,
                                                   std::string_view cursor,
                                                   std::chrono::milliseconds ttl) {
  auto r = Call(
      redis_, {"EVAL", kAdvanceScript, "3", keys_.WebhookCursor(agency), keys_.WebhookLease(agency),
               keys_.WebhookRetry(agency), token, cursor, std::to_string(ttl.count())});
  if (!r.ok()) return r.status();
  return Integer(r->get()) == 1;
}

absl::StatusOr<WebhookDeliveryState::Retry> WebhookDeliveryState::LoadRetry(
    std::string_view agency) {
  auto r = Call(redis_, {"HMGET", keys_.WebhookRetry(agency), "entry", "attempts", "first"});
  if (!r.ok()) return r.status();
  Retry retry;
  const redisReply* fields = r->get();
  if (!IsArray(fields) || fields->elements != 3) return retry;
  retry.entry = Text(fields->element[0]);
  retry.attempts = static_cast<int>(ParseInt(TextView(fields->element[1])));
  retry.first_ms = ParseInt(TextView(fields->element[2]));
  return retry;
}

absl::Status WebhookDeliveryState::SaveRetry(std::string_view agency, const Retry& retry) {
  return Call(redis_, {"HSET", keys_.WebhookRetry(agency), "entry", retry.entry, "attempts",
                       std::to_string(retry.attempts), "first", std::to_string(retry.first_ms)})
      .status();
}

absl::Status WebhookDeliveryState::DeadLetter(std::string_view agency, const InboxEntry& entry,
                                              std::string error) {
  const InboxItem& i = entry.item;
  const redis::DeadLetter letter{.id = {},
                                 .source_stream = keys_.Inbox(agency),
                                 .source_id = entry.cursor,
                                 .group = KeyLayout::WebhookGroup(agency),
                                 .error = std::move(error),
                                 .fields = {{"event", i.event_id},
                                            {"type", i.event_type},
                                            {"case", i.case_id},
                                            {"stream", i.source_stream},
                                            {"entry", i.source_entry}}};
  return DeadLetters::Write(redis_, keys_.WebhookDeadLetters(agency), letter);
}

}  // namespace lintas::redis
